/**
 * `lead status` for a site as it is now: the part computed from records remembered under the
 * working tree's digest (records/state-memo.ts), the validation counts from validation's own memo,
 * and whether the site was ever committed, asked afresh. A run over a site nobody changed loads no
 * record; otherwise the records are loaded once for both.
 */
import type {IsoDate} from '../clock/dates.js'
import {notCommittedFinding} from '../git/first-commit.js'
import {gitFileState} from '../records/git-file-state.js'
import {derivedResult} from '../records/state-memo.js'
import type {StatusFromRecords, StatusOfSite} from '../referrals/status-of-site.js'
import type {SiteStatus} from '../referrals/site-status.js'
import type {Site} from '../site.js'
import {validationCounts} from '../validate/site-findings.js'
import {siteLoader} from './site-loader.js'
import {readStatusCarry} from '../referrals/status-carry-notes.js'

export async function statusNow(site: Site, asOf: IsoDate): Promise<StatusOfSite> {
  const git = await gitFileState(site.root)
  const load = siteLoader(site, git)
  const validation = await validationCounts(site, {asOf, git, load})
  // What computes the status (the referral, training and meeting modules) is loaded only to compute it.
  // After lead's own writes, carried from the status before them (loaded only when no status is remembered for this state).
  const carried = async (digest: string, rememberedAt: (earlier: string) => StatusFromRecords | undefined) => (readStatusCarry(site.root, digest) ? (await import('../referrals/status-carry.js')).carriedStatus(site, digest, asOf, rememberedAt) : undefined)
  const derived = await derivedResult(site, 'status', {asOf}, async (records) => (await import('../referrals/status-of-site.js')).statusFromRecords(site, records, asOf), {git, load, carried})
  const uncommitted = notCommittedFinding(site.root)
  return withFreshParts(derived, validation, uncommitted ? {message: uncommitted.message, command: 'lead init'} : undefined)
}

/** The status with what is judged on every run: the validation counts and whether the site was ever committed. */
export function withFreshParts(derived: StatusFromRecords, validation: {errors: number; warnings: number}, uncommitted?: SiteStatus['uncommitted']): StatusOfSite {
  // In the order the keys were always printed (--json): validation last of siteStatus's, then these.
  const status: SiteStatus = {...derived.status, validation: {errors: validation.errors, warnings: validation.warnings, command: 'lead validate'}}
  if (uncommitted) status.uncommitted = uncommitted
  status.setup = derived.setup
  return {status, meetings: derived.meetings}
}
