/**
 * What each referral adds to `lead status` (its row on a date) and the referral and intake lists
 * made from the rows: apart from the rest of the status (site-status.ts) so that a status carried
 * through a write (status-carry.ts) loads these and nothing of training or MOUs.
 */
import {addDays, daysBetween, type IsoDate} from '../clock/dates.js'
import type {Protocol, Referral} from '../records/types.js'
import type {SiteStatus} from './site-status.js'
import {walkOrder} from '../records/site-files.js'
import {stateOn, timelineOf, type OpenState, type Timeline} from './state-on-date.js'

/**
 * What one referral adds to the status on asOf: a function of the referral, the protocols, the
 * date and the zone alone, so that a status after one referral changed works out that one
 * (status-of-site.ts remembers the others by content). Plain JSON.
 */
export interface StatusRow {
  id: string
  /** As written: the open list is sorted by its instant. */
  received: string
  /** Its state on asOf when open; absent when not open. */
  state?: OpenState
  /** Not open because it ended on a day the record does not give. */
  unknown?: true
  /** When open and awaiting intake under a governing protocol: the day intake is due. */
  due?: IsoDate
}

export function statusRow(r: Referral, asOf: IsoDate, protocols: readonly Protocol[], tz: string | undefined): StatusRow {
  return rowOn(r.id, r.received, timelineOf(r, protocols, tz), asOf)
}

/** A referral's row on asOf from its timeline (state-on-date.ts), which holds for every date. */
export function rowOn(id: string, received: string, t: Timeline, asOf: IsoDate): StatusRow {
  const state = stateOn(t, asOf)
  if (!state.open) return {id, received, ...(state.why === 'unknown' ? {unknown: true as const} : {})}
  const row: StatusRow = {id, received, state: state.state}
  if (state.state === 'enrolled' || (t.completed !== undefined && t.completed <= asOf)) return row
  return t.due !== undefined ? {...row, due: t.due} : row
}


/**
 * The positions of `rows` in the order the status lists them: by the instant received (ties keep
 * the site's order). Each instant read once: a comparison that read both took ~18 ms of 10,000 rows.
 */
export function receivedOrder(rows: readonly StatusRow[]): ReceivedOrder {
  const instants = rows.map((r) => Date.parse(r.received))
  return {order: rows.map((_, i) => i).sort((a, b) => instants[a]! - instants[b]!), instants}
}

/** Positions in list order, and each row's instant (NaN where Date.parse could not read it). */
export interface ReceivedOrder {
  order: number[]
  instants: number[]
}

/**
 * The referral and intake parts of the status from the rows in the order receivedOrder gives. Each
 * list follows that order but for the intakes, sorted by their day due; a row's `received` is not
 * read here (status-carry.ts passes rows rebuilt from a remembered status without it).
 */
export function referralParts(sorted: readonly Omit<StatusRow, 'received'>[], asOf: IsoDate): Pick<SiteStatus, 'referrals' | 'intakes'> {
  const list: SiteStatus['referrals']['list'] = []
  const unknown: string[] = []
  const overdue: SiteStatus['intakes']['overdue'] = []
  const dueThisWeek: SiteStatus['intakes']['dueThisWeek'] = []
  const weekEnd = addDays(asOf, 6)
  for (const row of sorted) {
    if (row.state === undefined) {
      if (row.unknown) unknown.push(row.id)
      continue
    }
    list.push({referral: row.id, status: row.state})
    if (row.due === undefined) continue
    // Awaiting intake on asOf: overdue once past due, or due within the week.
    if (row.due < asOf) overdue.push({referral: row.id, due: row.due, daysOverdue: daysBetween(row.due, asOf)})
    else if (row.due <= weekEnd) dueThisWeek.push({referral: row.id, due: row.due, daysLeft: daysBetween(asOf, row.due)})
  }
  const order: OpenState[] = ['received', 'eligible', 'awaiting_intake', 'enrolled']
  const byStatus: SiteStatus['referrals']['byStatus'] = {}
  for (const s of order) {
    const n = list.filter((x) => x.status === s).length
    if (n > 0) byStatus[s] = n
  }
  // Equal days keep the order received (a carried status, status-carry.ts, counts on one order for them).
  const byDue = (a: {due: IsoDate}, b: {due: IsoDate}) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0)
  overdue.sort(byDue)
  dueThisWeek.sort(byDue)
  return {
    referrals: {open: list.length, byStatus, list, unknown, command: 'lead report capacity'},
    intakes: {overdue, dueThisWeek, command: 'lead validate (INTAKE_OVERDUE), lead referral check ID'},
  }
}

/**
 * A listed row's place in the lists' order, and its day due where it has one: the instant it was
 * received (Date.parse), the file it is read from (ties keep the site's order, the walk's order of
 * files: site-files.ts walkOrder). Kept beside a remembered status, in list order, for the open
 * rows and for those that ended on a day their records do not give: one line each, `instant TAB
 * file TAB due`, so that the many `lead status` runs that only print a remembered status parse one
 * string rather than an array per referral (~15 ms of CPU on 10,000 referrals).
 */
export type Place = [instant: number, file: string, due?: IsoDate]
export interface StatusPlaces {
  open: string
  unknown: string
}

/**
 * The places of `rows` (in the site's order, `files` theirs), in the order the lists give them;
 * undefined when a file's name holds a tab or a line break, or any row's instant (listed or not)
 * did not read: such a row is equal to every other in the sort, which may then leave others out
 * of order, and no place would say where.
 */
export function placesOf(rows: readonly StatusRow[], files: readonly string[], {order, instants}: ReceivedOrder = receivedOrder(rows)): StatusPlaces | undefined {
  if (instants.some((t) => Number.isNaN(t))) return undefined
  const open: Place[] = []
  const unknown: Place[] = []
  for (const i of order) {
    const row = rows[i]!
    const place = placeOf(instants[i]!, files[i]!, row.due)
    if (row.state !== undefined) open.push(place)
    else if (row.unknown) unknown.push(place)
  }
  return encodePlaces(open, unknown)
}

export function encodePlaces(open: readonly Place[], unknown: readonly Place[]): StatusPlaces | undefined {
  if (![...open, ...unknown].every((p) => !/[\t\n\r]/.test(p[1]))) return undefined
  const lines = (places: readonly Place[]) => places.map((p) => `${p[0]}\t${p[1]}\t${p[2] ?? ''}`).join('\n')
  return {open: lines(open), unknown: lines(unknown)}
}

/** The places a line holds each (see above), `count` of them; undefined when they do not read so. */
export function decodePlaces(text: unknown, count: number): Place[] | undefined {
  if (typeof text !== 'string') return undefined
  if (count === 0) return text === '' ? [] : undefined
  const lines = text.split('\n')
  if (lines.length !== count) return undefined
  const places: Place[] = []
  for (const line of lines) {
    const [instant, file, due, ...rest] = line.split('\t')
    if (rest.length > 0 || due === undefined || file === undefined || file === '') return undefined
    places.push(due === '' ? [Number(instant), file] : [Number(instant), file, due])
  }
  return places
}

/** A row's place, its day due kept only when it has one (as a line reads it back: decodePlaces). */
export const placeOf = (instant: number, file: string, due: IsoDate | undefined): Place => (due === undefined ? [instant, file] : [instant, file, due])

/** Whether a row at `a` comes before one at `b` in the lists' order. */
export const placedBefore = (a: Place, b: Place): boolean => a[0] < b[0] || (a[0] === b[0] && walkOrder(a[1], b[1]) < 0)
