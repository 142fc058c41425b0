/**
 * `lead status` after a write, worked out from the status before it (issue 15). The status is
 * remembered under a digest of the site's state (records/state-memo.ts), so the first status after
 * a `lead set` used to load the whole site again (~0.3 s of 0.5 on 10,000 referrals). A write that
 * changes only referrals and consents notes, for the state it leaves, the state it started from
 * and the rows of the referrals it changed, before and after (dated-row.ts: what each adds to the
 * status on any date). A status that finds no memo for its state follows those notes back to a
 * state whose status it remembers, and carries that status forward through them.
 *
 * Carried only when the result is the one a full run gives: consents are not read by the status;
 * every other part (protocols, MOUs, training, meetings, setup) reads neither, so it stands; the
 * referral lists are rebuilt from the remembered lists by the same code (site-status.ts
 * referralParts) with the changed rows in their places. A changed row keeps its place only when its
 * referral is listed before and after, in the same list, received at the same instant in the same
 * file; a row that appears (a new referral, one reopened or valid again) has a place the
 * remembered status does not tell, and the status is then worked out in full.
 * test/core/status-carry.test.ts compares carried with full statuses on random writes.
 */
import type {IsoDate} from '../clock/dates.js'
import {statusZone} from './dated-row.js'
import {KEPT_NOTES, readStatusCarry, type CarriedChange, type StatusCarryNote} from './status-carry-notes.js'
import type {Site} from '../site.js'
import {referralParts, rowOn, type StatusRow} from './status-lists.js'
import type {StatusFromRecords} from './status-of-site.js'

/**
 * The status of the state `digest` names, carried from one remembered for an earlier state
 * (`rememberedAt`: the status memo under a state's digest, with this run's other inputs) through the
 * notes of the writes since, whose rows were worked out in the zone this run's would be; undefined when there is no such chain or a write in it cannot be carried.
 */
export function carriedStatus(site: Site, digest: string, asOf: IsoDate, rememberedAt: (digest: string) => StatusFromRecords | undefined): StatusFromRecords | undefined {
  const zone = statusZone(site)
  const notes: StatusCarryNote[] = []
  for (let at = digest; notes.length < KEPT_NOTES; ) {
    const note = readStatusCarry(site.root, at)
    if (note === undefined || note.zone !== zone) return undefined
    notes.push(note)
    let status = rememberedAt(note.before)
    if (status === undefined) {
      at = note.before
      continue
    }
    for (let i = notes.length - 1; i >= 0 && status !== undefined; i--) status = carryStatus(status, asOf, notes[i]!.changes)
    return status
  }
  return undefined
}

/** `old` with `changes` made to its referrals (see above); undefined when a changed row's place is not known. */
export function carryStatus(old: StatusFromRecords, asOf: IsoDate, changes: readonly CarriedChange[]): StatusFromRecords | undefined {
  // The rows the remembered lists were made from, in their order: the open ones with the day their
  // intake is due when an intake list names it (a day further off named none, and still names none).
  // An intake list names a referral by its ID alone: with two open rows of one ID (a finding of
  // validation's), which one is due is not told.
  const ids = new Set(old.status.referrals.list.map((e) => e.referral))
  if (ids.size !== old.status.referrals.list.length) return undefined
  const due = new Map<string, IsoDate>()
  for (const e of [...old.status.intakes.overdue, ...old.status.intakes.dueThisWeek]) due.set(e.referral, e.due)
  const open: Array<Omit<StatusRow, 'received'>> = old.status.referrals.list.map((e) => (due.has(e.referral) ? {id: e.referral, state: e.status, due: due.get(e.referral)!} : {id: e.referral, state: e.status}))
  const unknown: Array<Omit<StatusRow, 'received'>> = old.status.referrals.unknown.map((id) => ({id, unknown: true}))
  for (const change of changes) {
    const before = change.before && rowOn(change.before.id, change.before.received, change.before.timeline, asOf)
    const after = change.after && rowOn(change.after.id, change.after.received, change.after.timeline, asOf)
    const listed = (row: StatusRow | null): row is StatusRow => row !== null && (row.state !== undefined || row.unknown === true)
    if (!listed(after) && !listed(before)) continue
    if (!listed(before)) return undefined
    const rows = before.state !== undefined ? open : unknown
    const at = onlyIndex(rows, before.id)
    if (at === undefined) return undefined
    if (!listed(after)) {
      rows.splice(at, 1)
      continue
    }
    const instant = Date.parse(before.received)
    if ((after.state !== undefined) !== (before.state !== undefined) || Number.isNaN(instant) || Date.parse(after.received) !== instant) return undefined
    const {received: _received, ...row} = after
    rows[at] = row
  }
  // Open and unknown rows are listed apart, each in its own order: one sequence holds both.
  const {referrals, intakes} = referralParts([...open, ...unknown], asOf)
  return {...old, status: {...old.status, referrals, intakes}}
}

/** Where the one row of `id` is; undefined when there is none or more than one (two records holding one ID). */
function onlyIndex(rows: ReadonlyArray<{id: string}>, id: string): number | undefined {
  const at = rows.findIndex((r) => r.id === id)
  return at >= 0 && rows.findIndex((r, i) => i > at && r.id === id) < 0 ? at : undefined
}
