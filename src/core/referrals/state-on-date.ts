/**
 * Whether a referral was open on a date, and in what state, from the dates the record carries: a
 * referral keeps only its current status, not a history of them, so a past date is judged from
 * `received`, `intake.completed`, `closed` and the intake deadline.
 *
 * - Open from the local date received until it ended: `closed` (not open on that day), or for
 *   `intake_missed` the day after the intake was due. `received`, `eligible` and `enrolled`
 *   referrals without a `closed` date are still open.
 * - State on the date: `enrolled` once `intake.completed` is on or before it; `received` or
 *   `eligible` for a referral still in that status; otherwise `awaiting_intake` (it has moved on
 *   since, and the record does not say whether it had been screened eligible by then).
 * - What cannot be known: an `ineligible` or `declined` referral (or a `closed` one) without a
 *   `closed` date ended on a day the record does not give. It is not counted open; when that day
 *   could lie on or after the date (received by then, intake window still running, or closed after
 *   an intake), it is `unknown`, so a report can say how many it could not place.
 */
import {addDays, type IsoDate} from '../clock/dates.js'
import type {Protocol, Referral} from '../records/types.js'
import {governingProtocol, intakeDueDate, receivedDate} from './protocol-in-force.js'

export type OpenState = 'received' | 'eligible' | 'awaiting_intake' | 'enrolled'

export type StateOnDate =
  | {open: true; state: OpenState}
  | {open: false; why: 'not_yet_received' | 'ended' | 'unknown'}

export function stateOnDate(r: Referral, date: IsoDate, protocols: readonly Protocol[], timeZone?: string): StateOnDate {
  return stateOn(timelineOf(r, protocols, timeZone), date)
}

/**
 * What the state of a referral on any date follows from, worked out once: a function of the
 * referral, the protocols and the zone, not of the date (status-of-site.ts keeps it by content,
 * so a new day's status reads no referral that did not change).
 */
export interface Timeline {
  /** The local day it was received. */
  day: IsoDate
  /** The first day it was no longer open; absent while open; 'unknown' when the record does not say. */
  end?: IsoDate | 'unknown'
  /** For an end the record does not give: the last day it may still have been open ('always': it may have been on any day). */
  mayBeOpenThrough?: IsoDate | 'always'
  completed?: IsoDate
  status: Referral['status']
  /** The day intake is due under its governing protocol (absent without one). */
  due?: IsoDate
}

export function timelineOf(r: Referral, protocols: readonly Protocol[], timeZone?: string): Timeline {
  const protocol = governingProtocol(r, protocols, timeZone)
  const due = protocol ? intakeDueDate(r, protocol, timeZone) : undefined
  const end = endDate(r, due)
  // An undated end could lie on or after a date: closed after an intake, or screened out within the intake window.
  const mayBeOpenThrough = end !== 'unknown' ? undefined : r.status === 'closed' || due === undefined ? 'always' : due
  const completed = r.intake?.completed
  return {day: receivedDate(r, timeZone), status: r.status, ...(end !== undefined ? {end} : {}), ...(mayBeOpenThrough !== undefined ? {mayBeOpenThrough} : {}), ...(completed !== undefined ? {completed} : {}), ...(due !== undefined ? {due} : {})}
}

export function stateOn(t: Timeline, date: IsoDate): StateOnDate {
  if (t.day > date) return {open: false, why: 'not_yet_received'}
  if (t.end === 'unknown') return {open: false, why: t.mayBeOpenThrough === 'always' || (t.mayBeOpenThrough !== undefined && t.mayBeOpenThrough >= date) ? 'unknown' : 'ended'}
  if (t.end !== undefined && t.end <= date) return {open: false, why: 'ended'}
  const completed = t.completed
  if (completed !== undefined && completed <= date && t.status !== 'received' && t.status !== 'eligible') return {open: true, state: 'enrolled'}
  if (t.status === 'received' || t.status === 'eligible') return {open: true, state: t.status}
  if (t.status === 'enrolled' && completed === undefined) return {open: true, state: 'enrolled'}
  return {open: true, state: 'awaiting_intake'}
}

/** The first day the referral was no longer open; undefined while it is open; 'unknown' when the record does not say. */
function endDate(r: Referral, due: IsoDate | undefined): IsoDate | 'unknown' | undefined {
  if (r.closed !== undefined) return r.closed
  switch (r.status) {
    case 'received':
    case 'eligible':
    case 'enrolled':
      return undefined
    case 'intake_missed':
      return due !== undefined ? addDays(due, 1) : 'unknown'
    default:
      return 'unknown'
  }
}
