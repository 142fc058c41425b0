/**
 * Who is due for training: active officers never trained, whose training has expired, or whose
 * training expires within a window. The list a trainer schedules sessions from.
 */
import {addDays, daysBetween, type IsoDate} from '../clock/dates.js'
import {activeOfficers, type TrainingData} from './coverage.js'
import {TrainingIndex, type Attendance} from './training-validity.js'

export type DueReason = 'never' | 'expired' | 'expiring'

export interface DueQuery {
  asOf: IsoDate
  /** Include trainings that expire within this many days of asOf (default 60). */
  withinDays?: number
  agency?: string
  district?: string
  course?: string
  catchmentOnly?: boolean
}

export interface DueOfficer {
  agency: string
  badge: string
  name: string
  rank?: string
  unit?: string
  district?: string
  shift?: string
  catchment: boolean
  reason: DueReason
  /** The most recent training attended on or before asOf. */
  last?: {session: string; course: string; date: IsoDate}
  /** The training that sets `expires` (it may be older than `last`: a longer course). */
  basis?: {session: string; course: string; date: IsoDate}
  /** The first day without a valid training (past for expired, future for expiring). */
  expires?: IsoDate
  /** Days from asOf to expires (negative when already expired). */
  days?: number
}

export interface DueReport {
  asOf: IsoDate
  withinDays: number
  /** The last day of the window. */
  until: IsoDate
  counts: Record<DueReason, number> & {total: number}
  officers: DueOfficer[]
}

export const DEFAULT_DUE_WINDOW_DAYS = 60
const REASON_ORDER: Record<DueReason, number> = {never: 0, expired: 1, expiring: 2}
const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'})

export function computeDue(data: TrainingData, query: DueQuery, index = new TrainingIndex(data.trainings, data.courses, data.rosters, {course: query.course})): DueReport {
  const within = query.withinDays ?? DEFAULT_DUE_WINDOW_DAYS
  const until = addDays(query.asOf, within)
  const officers: DueOfficer[] = []
  const counts = {never: 0, expired: 0, expiring: 0, total: 0}
  for (const {agency, officer, state} of activeOfficers(data.rosters, query.asOf, query)) {
    if (query.district !== undefined && state.district !== query.district) continue
    const valid = index.validOn(agency, officer, query.asOf)
    let reason: DueReason
    let basis: Attendance | undefined
    if (valid) {
      // `expires` is the first day without training: due when that day falls within the window.
      if (valid.expires > until) continue
      reason = 'expiring'
      basis = valid
    } else {
      basis = index.latestExpiryOn(agency, officer, query.asOf)
      reason = basis ? 'expired' : 'never'
    }
    const expires = basis?.expires
    const last = index.lastOn(agency, officer, query.asOf)
    officers.push({
      agency,
      badge: officer.badge,
      name: officer.name,
      ...(state.rank === undefined ? {} : {rank: state.rank}),
      ...(state.unit === undefined ? {} : {unit: state.unit}),
      ...(state.district === undefined ? {} : {district: state.district}),
      ...(state.shift === undefined ? {} : {shift: state.shift}),
      catchment: state.catchment,
      reason,
      ...(last ? {last: {session: last.session, course: last.course, date: last.date}} : {}),
      ...(basis ? {basis: {session: basis.session, course: basis.course, date: basis.date}} : {}),
      ...(expires === undefined ? {} : {expires, days: daysBetween(query.asOf, expires)}),
    })
    counts[reason]++
    counts.total++
  }
  // Catchment officers first (guidance: train them first), then the most overdue.
  officers.sort(
    (a, b) =>
      Number(b.catchment) - Number(a.catchment) ||
      REASON_ORDER[a.reason] - REASON_ORDER[b.reason] ||
      (a.expires ?? '').localeCompare(b.expires ?? '') ||
      collator.compare(a.agency, b.agency) ||
      collator.compare(a.district ?? '', b.district ?? '') ||
      collator.compare(a.badge, b.badge),
  )
  return {asOf: query.asOf, withinDays: within, until, counts, officers}
}
