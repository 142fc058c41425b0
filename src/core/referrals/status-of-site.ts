/**
 * `lead status` from a site's records: the status data and the meeting rows. Everything computed
 * from records is a function of the records' contents, lead.yaml and the date alone, so it is
 * remembered (derived/status-now.ts, records/state-memo.ts): a run with nothing changed reads
 * no record's value. Added fresh on every run: the validation counts (they also depend on the
 * schema copies in .lead/schemas/, and validation keeps its own memo) and whether the site was
 * ever committed (git's state).
 */
import {createHash} from 'node:crypto'
import {machineClock, type IsoDate} from '../clock/dates.js'
import {siteTimeZone} from '../clock/site-zone.js'
import {cacheVersion, gitStateFile} from '../records/cache-files.js'
import type {SiteRecords} from '../records/load.js'
import {hashRecords} from '../records/record-digest.js'
import {setupSteps, type SetupStep} from '../records/site-setup.js'
import {memoKey} from '../records/state-memo.js'
import {DerivedMemos} from '../records/derived-memo.js'
import type {Meeting, Mou, Protocol, Referral} from '../records/types.js'
import type {Site} from '../site.js'
import {meetingStatus, type MeetingStatus} from '../meetings/meeting-status.js'
import {rememberedVocabulary} from '../privacy/vocabulary-memo.js'
import {catchmentCoverage} from '../training/coverage-memo.js'
import {passesSchema, validDataOf} from './site-data.js'
import {siteStatus, statusRow, type SiteStatus, type StatusRow} from './site-status.js'
import type {OpenState} from './state-on-date.js'

export interface StatusOfSite {
  status: SiteStatus
  meetings: MeetingStatus
}

/** What `status` computes from the records (remembered: see derived/status-now.ts). */
export interface StatusFromRecords {
  status: Omit<SiteStatus, 'validation' | 'uncommitted' | 'setup'>
  setup: {complete: boolean; steps: SetupStep[]}
  meetings: MeetingStatus
}

export function statusFromRecords(site: Site, records: SiteRecords, asOf: IsoDate): StatusFromRecords {
  const timeZone = siteTimeZone(site)
  const protocols = validDataOf<Protocol>(records, 'protocol', [])
  const rows = referralRows(site, records, asOf, protocols, timeZone)
  const coverage = catchmentCoverage(site, records, asOf)
  const mous = validDataOf<Mou>(records, 'mou', [])
  const {validation: _counted, ...status} = siteStatus({site: site.config.site.name, asOf, timeZone, referrals: [], rows, protocols, mous, coverage, validation: {errors: 0, warnings: 0}})
  const steps = setupSteps({partners: records.dataOf('partner'), rosters: records.dataOf('roster'), protocols: records.dataOf('protocol'), referralPhone: site.config.referral_phone})
  const meetings = meetingStatus(validDataOf<Meeting>(records, 'meeting', []), asOf, rememberedVocabulary(site.root, site.config, records))
  return {status, setup: {complete: steps.every((s) => s.done), steps}, meetings}
}

/**
 * What each valid referral adds to the status on asOf, in the site's order. A row depends on the
 * referral, the protocols, the date and the zone alone, so the rows of the last run on this date
 * with these protocols are kept by content hash (.git/lead/memo-status-rows-…): after one referral
 * changed, one row is worked out and no other referral's value is read (on 10,000 referrals
 * reading them is ~0.3 s of CPU and as much again of garbage collection).
 */
function referralRows(site: Site, records: SiteRecords, asOf: IsoDate, protocols: readonly Protocol[], timeZone: string | undefined): StatusRow[] {
  const referrals = records.ofKind('referral')
  const protocolsDigest = createHash('sha1')
  const hashed = records.cache !== undefined && referrals.every((r) => r.hash !== undefined) && hashRecords(protocolsDigest, records.ofKind('protocol'))
  // Under the protocols' files and contents (they decide a referral's deadlines and state) and the
  // zone the rows are worked out in: the site's, or this machine's when lead.yaml names none.
  const key = hashed ? memoKey(protocolsDigest.digest('base64url'), [ROWS, asOf, timeZone ?? machineClock().timeZone]) : undefined
  // One result kept (today's), in a file of its own: 10,000 rows are ~1 MB.
  const memo = key ? new DerivedMemos(gitStateFile(site.root, `memo-${ROWS}`, '.json'), cacheVersion, 1) : undefined
  const kept = key ? memo!.get(key) : undefined
  const held: Record<string, string> = typeof kept === 'object' && kept !== null ? (kept as Record<string, string>) : {}
  const next: Record<string, string> = {}
  const rows: StatusRow[] = []
  let worked = 0
  for (const r of referrals) {
    if (!passesSchema(r, records)) continue
    const line = r.hash !== undefined && Object.hasOwn(held, r.hash) ? held[r.hash] : undefined
    const row = typeof line === 'string' ? decodeRow(line) : statusRow(r.data as unknown as Referral, asOf, protocols, timeZone)
    if (line === undefined) worked++
    if (r.hash !== undefined) next[r.hash] = line ?? encodeRow(row)
    rows.push(row)
  }
  // Rewritten (~1 MB on 10,000 referrals) when it held none of today's rows or many were worked
  // out: after a few edits, each status works out their rows again (a few values read) rather
  // than rewrite the file for one row. Rows no longer used go with the next rewrite.
  if (memo && worked > 0 && (kept === undefined || worked >= Math.max(REWRITE_AFTER, rows.length / 50))) {
    memo.set(key!, next)
    memo.save()
  }
  return rows
}

/** A row as one string (IDs, dates and states hold no tab): id, received, state, due, unknown. */
const encodeRow = (row: StatusRow): string => [row.id, row.received, row.state ?? '', row.due ?? '', row.unknown ? 'u' : ''].join('\t')

function decodeRow(line: string): StatusRow {
  const [id = '', received = '', state, due, unknown] = line.split('\t')
  return {id, received, ...(state ? {state: state as OpenState} : {}), ...(unknown ? {unknown: true as const} : {}), ...(due ? {due} : {})}
}

const ROWS = 'status-rows'
/** Rows worked out (of a site's fewer than 1,000 referrals) before the memo is rewritten. */
const REWRITE_AFTER = 20

