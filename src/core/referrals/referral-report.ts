/**
 * A report computed from the referral data, and the files it left out (as they may be printed). A report is a function of
 * the records, lead.yaml and `inputs` (its name, flags and date) alone, so it is remembered under
 * their digest (records/state-memo.ts): a run with nothing changed reads no record's value, and
 * loads neither the referral data's readers and schema checks (site-data.ts) nor, when `compute`
 * imports it itself, the report's own module. `compute` must use nothing but the data (and the
 * records it comes from) and what `inputs` holds.
 */
import {gitFileState} from '../records/git-file-state.js'
import {derivedResult} from '../records/state-memo.js'
import type {Site} from '../site.js'
import type {SiteRecords} from '../records/load.js'
import type {ReferralData} from './site-data.js'
import {shownSitePath} from '../privacy/file-names.js'

export async function referralReport<T>(site: Site, inputs: {report: string; asOf: string; [flag: string]: unknown}, compute: (data: ReferralData, records: SiteRecords) => T | Promise<T>): Promise<{report: T; skipped: string[]}> {
  return derivedResult(site, 'report', inputs, async (records) => {
    const {referralDataFrom} = await import('./site-data.js')
    const data = referralDataFrom(site, records)
    const report = await compute(data, records)
    // Kept as printed: a run answered from the memo reads no record, so cannot tell a referral saved into partners/ (whose name is concealed) from a partner.
    return {report, skipped: data.skipped.map(shownSitePath)}
  }, {git: await gitFileState(site.root)})
}
