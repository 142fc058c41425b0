/**
 * Coverage over time: the share of active officers holding a valid training at the end of each
 * month, reconstructed from session dates and the officers' roster history.
 */
import {addMonths, type IsoDate} from '../clock/dates.js'
import {computeCoverage, type CoverageCount, type TrainingData} from './coverage.js'
import {TrainingIndex} from './training-validity.js'

export interface TrendQuery {
  asOf: IsoDate
  /** How many month ends, the last being asOf's month (default 12). */
  months?: number
  agency?: string
  course?: string
  catchmentOnly?: boolean
}

export interface TrendPoint extends CoverageCount {
  /** YYYY-MM */
  month: string
  /** The month's last day, or asOf for the current month. */
  date: IsoDate
  /** Officers in the catchment area. */
  catchment: CoverageCount
  /** No agency in scope had a roster yet: nothing is known, so nothing is counted. */
  noData: boolean
  /** Agencies left out of this point because their roster starts later. */
  untracked: string[]
}

export interface TrendReport {
  asOf: IsoDate
  months: number
  agency?: string
  course?: string
  catchmentOnly: boolean
  points: TrendPoint[]
}

export const DEFAULT_TREND_MONTHS = 12

/** The last day of the month holding `date`. */
export function monthEnd(date: IsoDate): IsoDate {
  const first = `${date.slice(0, 7)}-01`
  const next = addMonths(first, 1)
  const d = new Date(`${next}T00:00:00Z`)
  d.setUTCDate(0)
  return d.toISOString().slice(0, 10)
}

export function computeTrend(data: TrainingData, query: TrendQuery): TrendReport {
  const months = query.months ?? DEFAULT_TREND_MONTHS
  const index = new TrainingIndex(data.trainings, data.courses, data.rosters, {course: query.course})
  const firstOfThisMonth = `${query.asOf.slice(0, 7)}-01`
  const points: TrendPoint[] = []
  for (let i = months - 1; i >= 0; i--) {
    const first = addMonths(firstOfThisMonth, -i)
    const end = monthEnd(first)
    const date = end > query.asOf ? query.asOf : end
    const report = computeCoverage(data, {asOf: date, by: 'agency', agency: query.agency, catchmentOnly: query.catchmentOnly, course: query.course}, index)
    const inScope = data.rosters.filter((r) => query.agency === undefined || r.agency === query.agency).length
    points.push({month: first.slice(0, 7), date, ...report.total, catchment: report.catchment, noData: report.untracked.length === inScope, untracked: report.untracked.map((u) => u.agency)})
  }
  return {
    asOf: query.asOf,
    months,
    ...(query.agency === undefined ? {} : {agency: query.agency}),
    ...(query.course === undefined ? {} : {course: query.course}),
    catchmentOnly: query.catchmentOnly === true,
    points,
  }
}
