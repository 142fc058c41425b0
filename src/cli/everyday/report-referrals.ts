/**
 * `lead report referrals` once its line is read: by oclif (commands/report/referrals.ts) or by
 * bin/run.js's early path (cli/early-start.ts), which must print the same.
 */
import {referralReport} from '../../core/referrals/referral-report.js'
import {siteToday} from '../../core/clock/site-zone.js'
import type {Grouping} from '../../core/referrals/groupings.js'
import {openSite} from '../../core/site.js'
import {dateRange} from '../date-flag.js'
import {renderVolume} from '../render/referral-reports.js'
import type {Output} from '../output.js'
import {printReport} from '../render/report-output.js'

export interface ReportReferralsFlags {
  dir?: string
  by: Grouping
  from?: string
  to?: string
  format: string
  neutralize: boolean
  bom: boolean
}

export async function runReportReferrals(flags: ReportReferralsFlags, io: Output): Promise<void> {
  const range = dateRange(flags.from, flags.to)
  const site = openSite({dir: flags.dir})
  const {by} = flags
  const asOf = siteToday(site)
  const {report, skipped} = await referralReport(site, {report: 'referrals', by, ...range, asOf}, async (data, records) => {
    const [{volumeOf}, {volumeFactsOfSite}] = await Promise.all([import('../../core/referrals/volume.js'), import('../../core/referrals/volume-facts.js')])
    return volumeOf(volumeFactsOfSite(site, records, data.protocols, data.timeZone, data.vocabulary), data.protocols, {by, ...range, timeZone: data.timeZone, asOf, vocabulary: data.vocabulary})
  })
  await printReport(io, {report, skipped}, {text: renderVolume, csv: async (r) => (await import('../render/report-csv.js')).volumeCsv(r)}, flags)
}
