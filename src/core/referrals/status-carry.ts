/**
 * `lead status` after a write, worked out from the status before it (issue 15). The status is
 * remembered under a digest of the site's state (records/state-memo.ts), so the first status after
 * a `lead set` used to load the whole site again (~0.3 s of 0.5 on 10,000 referrals). A write that
 * changes only referrals and consents notes, for the state it leaves, the state it started from
 * and the timeline of each referral file it wrote (status-carry-notes.ts). A status that finds no
 * memo for its state follows those notes back to a state whose status it remembers, and carries
 * that status forward through them.
 *
 * Carried exactly: consents are not read by the status, and its other parts (protocols, MOUs,
 * training, meetings, setup) read neither; the referral and intake lists are made again by the
 * same code a full run uses (status-lists.ts referralParts) from the remembered rows, each file's
 * row taken out and its new one put in its place. A remembered status keeps where each listed row
 * sits (`places`: its instant received and its file, the order a full run sorts by), so any row
 * can be placed: a referral added, received at another instant, reopened or ended.
 * test/core/status-carry.test.ts compares carried with full statuses on random writes.
 */
import type {IsoDate} from '../clock/dates.js'
import {statusZone} from './dated-row.js'
import {KEPT_NOTES, readStatusCarry, type CarriedChange, type StatusCarryNote} from './status-carry-notes.js'
import type {Site} from '../site.js'
import {decodePlaces, encodePlaces, placedBefore, placeOf, referralParts, rowOn, type Place, type StatusRow} from './status-lists.js'
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

/** `old` with `changes` made to its referrals (see above); undefined when its places are not kept (a status remembered by an earlier lead). */
export function carryStatus(old: StatusFromRecords, asOf: IsoDate, changes: readonly CarriedChange[]): StatusFromRecords | undefined {
  const {list, unknown: ended} = old.status.referrals
  const openPlaces = decodePlaces(old.places?.open, list.length)
  const endedPlaces = decodePlaces(old.places?.unknown, ended.length)
  if (!openPlaces || !endedPlaces) return undefined
  // Kept from a run where every instant read (placesOf); a damaged line may say otherwise.
  if (![...openPlaces, ...endedPlaces].every((p) => Number.isFinite(p[0]))) return undefined
  // The rows the lists were made from, in their order, each with its place.
  const open: Placed[] = list.map((e, i) => {
    const place = openPlaces[i]!
    return {row: place[2] === undefined ? {id: e.referral, state: e.status} : {id: e.referral, state: e.status, due: place[2]}, place}
  })
  const unknown: Placed[] = ended.map((id, i) => ({row: {id, unknown: true}, place: endedPlaces[i]!}))
  for (const change of changes) {
    for (const rows of [open, unknown]) {
      const at = rows.findIndex((p) => p.place[1] === change.file)
      if (at >= 0) rows.splice(at, 1)
    }
    if (change.after === null) continue
    // Listed or not, a row whose instant does not read may unsettle the full run's order (placesOf).
    const instant = Date.parse(change.after.received)
    if (!Number.isFinite(instant)) return undefined
    const {received: _received, ...row} = rowOn(change.after.id, change.after.received, change.after.timeline, asOf)
    if (row.state === undefined && !row.unknown) continue
    const place = placeOf(instant, change.file, row.due)
    const rows = row.state !== undefined ? open : unknown
    let at = rows.length
    while (at > 0 && placedBefore(place, rows[at - 1]!.place)) at--
    rows.splice(at, 0, {row, place})
  }
  // Open and ended rows are listed apart, each in its own order: one sequence holds both.
  const {referrals, intakes} = referralParts([...open, ...unknown].map((p) => p.row), asOf)
  const places = encodePlaces(open.map((p) => p.place), unknown.map((p) => p.place))
  if (!places) return undefined
  return {...old, status: {...old.status, referrals, intakes}, places}
}

interface Placed {
  row: Omit<StatusRow, 'received'>
  place: Place
}
