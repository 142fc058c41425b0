/**
 * Intake deadlines: due = received (local date) + the governing protocol's intake deadline days.
 * A referral is "open" for intake while its status is received or eligible.
 */
import {daysBetween, type IsoDate} from '../clock/dates.js'
import type {Protocol, Referral} from '../records/types.js'
import {intakeDueDate} from './protocol-in-force.js'

/** Statuses in which an intake is still expected. */
export const INTAKE_PENDING_STATUSES: ReadonlySet<Referral['status']> = new Set(['received', 'eligible'])

export interface IntakeStatus {
  due: IsoDate
  deadlineDays: number
  completed?: IsoDate
  /** Completed on or before the due date (undefined while not completed). */
  onTime?: boolean
  /** Days from asOf to the due date (negative once past due); undefined once completed. */
  daysLeft?: number
  /** Past due, not completed, status still open: the INTAKE_OVERDUE condition. */
  overdue: boolean
  /** Still expected: not completed and status open. */
  pending: boolean
}

export function intakeStatus(referral: Referral, protocol: Protocol, asOf: IsoDate, timeZone?: string): IntakeStatus {
  const due = intakeDueDate(referral, protocol, timeZone)
  const completed = referral.intake?.completed
  const pending = completed === undefined && INTAKE_PENDING_STATUSES.has(referral.status)
  return {
    due,
    deadlineDays: protocol.intake_deadline_days,
    completed,
    onTime: completed === undefined ? undefined : completed <= due,
    daysLeft: completed === undefined ? daysBetween(asOf, due) : undefined,
    overdue: pending && asOf > due,
    pending,
  }
}

/** How far ahead a signed MOU's end date is flagged (MOU_EXPIRING, lead status): the 60 days. */
export const MOU_EXPIRY_WARNING_DAYS = 60
