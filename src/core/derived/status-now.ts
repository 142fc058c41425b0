/**
 * `lead status` for a site as it is now: the part computed from records remembered under the
 * working tree's digest (records/state-memo.ts), the validation counts from validation's own memo,
 * and whether the site was ever committed, asked afresh. A run over a site nobody changed loads no
 * record; otherwise the records are loaded once for both.
 */
import type {IsoDate} from '../clock/dates.js'
import {notCommittedFinding} from '../git/first-commit.js'
import {gitFileState} from '../records/git-file-state.js'
import {derivedResult, recordsLoader} from '../records/state-memo.js'
import {statusFromRecords, withFreshParts, type StatusOfSite} from '../referrals/status-of-site.js'
import type {Site} from '../site.js'
import {validateSite} from '../validate/site-validation.js'

export async function statusNow(site: Site, asOf: IsoDate): Promise<StatusOfSite> {
  const git = await gitFileState(site.root)
  const load = recordsLoader(site, git)
  const validation = await validateSite(site, {asOf, git, load})
  const derived = await derivedResult(site, 'status', {asOf}, (records) => statusFromRecords(site, records, asOf), {git, load})
  const uncommitted = notCommittedFinding(site.root)
  return withFreshParts(derived, validation, uncommitted ? {message: uncommitted.message, command: 'lead init'} : undefined)
}
