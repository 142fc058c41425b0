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
  if (receivedDate(r, timeZone) > date) return {open: false, why: 'not_yet_received'}
  const end = endDate(r, protocols, timeZone)
  if (end === 'unknown') return {open: false, why: mayHaveBeenOpen(r, date, protocols, timeZone) ? 'unknown' : 'ended'}
  if (end !== undefined && end <= date) return {open: false, why: 'ended'}
  const completed = r.intake?.completed
  if (completed !== undefined && completed <= date && r.status !== 'received' && r.status !== 'eligible') return {open: true, state: 'enrolled'}
  if (r.status === 'received' || r.status === 'eligible') return {open: true, state: r.status}
  if (r.status === 'enrolled' && completed === undefined) return {open: true, state: 'enrolled'}
  return {open: true, state: 'awaiting_intake'}
}

/** The first day the referral was no longer open; undefined while it is open; 'unknown' when the record does not say. */
function endDate(r: Referral, protocols: readonly Protocol[], timeZone?: string): IsoDate | 'unknown' | undefined {
  if (r.closed !== undefined) return r.closed
  switch (r.status) {
    case 'received':
    case 'eligible':
    case 'enrolled':
      return undefined
    case 'intake_missed': {
      const protocol = governingProtocol(r, protocols, timeZone)
      return protocol ? addDays(intakeDueDate(r, protocol, timeZone), 1) : 'unknown'
    }
    default:
      return 'unknown'
  }
}

/** An undated end could lie on or after `date`: closed after an intake, or screened out within the intake window. */
function mayHaveBeenOpen(r: Referral, date: IsoDate, protocols: readonly Protocol[], timeZone?: string): boolean {
  if (r.status === 'closed') return true
  const protocol = governingProtocol(r, protocols, timeZone)
  return protocol === undefined || intakeDueDate(r, protocol, timeZone) >= date
}
