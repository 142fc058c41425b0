/**
 * What a write notes for the `lead status` after it (referrals/status-carry.ts): the state it
 * starts from and, for each referral file it writes, the timeline its row is listed by after the
 * write. Worked out from the records the write judged, before anything is written; undefined when
 * the write changes a record of another kind than referral and consent (a protocol, a roster:
 * parts of the status the note does not carry), writes more referrals than a note is kept for,
 * git cannot tell the state, a record the write did not change is not what git's digest read (saved
 * while the write loaded), or lead.yaml names a zone Intl does not know (the status stops on it).
 */
import {validSiteTimeZone} from '../clock/site-zone.js'
import type {SiteRecords} from '../records/load.js'
import type {RecordChange} from '../records/record-change.js'
import {recordsAsDigested, siteStateDigest} from '../records/state-memo.js'
import type {Protocol, Referral} from '../records/types.js'
import type {GitFileState} from '../records/git-file-state.js'
import {datedRow, rowsZone, type Dated} from '../referrals/dated-row.js'
import {passesSchema, validDataOf} from '../referrals/site-data.js'
import type {CarriedChange, StatusCarryNote} from '../referrals/status-carry-notes.js'
import type {Site} from '../site.js'

/** More referrals written at once than a note is kept for. */
const MANY_ROWS = 64

export function statusCarryNote(site: Site, git: GitFileState, after: SiteRecords, changes: readonly RecordChange[]): StatusCarryNote | undefined {
  if (changes.some((c) => c.kind !== 'referral' && c.kind !== 'consent')) return undefined
  // A zone Intl does not know: the status stops on it (clock/site-zone.ts), a write goes on (`lead edit` never asks the zone; second-read-carry.test.ts).
  const zone = validSiteTimeZone(site)
  if (site.config.site.timezone && zone === undefined) return undefined
  const from = siteStateDigest(site.root, git)
  if (from === undefined) return undefined
  // The note carries the status of `from` through the written files' rows: every other record must
  // be what the digest read, or a file saved while the write loaded would keep the row it had then.
  if (!recordsAsDigested(git, after.records, new Set(changes.map((c) => c.file)))) return undefined
  const referrals = changes.filter((c) => c.kind === 'referral')
  // An import's thousands of referrals: the status after it is worked out in full, not carried through a note of megabytes.
  if (referrals.length > MANY_ROWS) return undefined
  // As status-of-site.ts works rows out: the protocols that pass their schema (a write of referrals leaves them as they were).
  const protocols = referrals.length > 0 ? validDataOf<Protocol>(after, 'protocol', []) : []
  const rowIn = (file: string): Dated | null => {
    const record = after.atFile(file)
    return record?.kind === 'referral' && passesSchema(record, after) ? datedRow(record.data as unknown as Referral, protocols, zone) : null
  }
  const carried: CarriedChange[] = referrals.map((c) => ({file: c.file, after: rowIn(c.file)}))
  return {before: from, zone: rowsZone(zone), changes: carried}
}
