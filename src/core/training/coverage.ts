/**
 * Training coverage: of the officers active on a date, how many hold a training still valid then.
 * Pure: typed input in, numbers out, so the coverage command, a printable coverage form and a
 * one-line status summary all compute the same figures.
 */
import type {IsoDate} from '../clock/dates.js'
import type {Officer, Roster, Training} from '../records/types.js'
import type {Course} from '../site.js'
import {stateOn, type OfficerState} from './officer-timeline.js'
import {TrainingIndex} from './training-validity.js'

export const COVERAGE_DIMENSIONS = ['agency', 'district', 'unit', 'shift'] as const
export type CoverageDimension = (typeof COVERAGE_DIMENSIONS)[number]

/** What the computations read: rosters, sessions and the site's courses (lead.yaml). */
export interface TrainingData {
  rosters: readonly Roster[]
  trainings: readonly Training[]
  courses: readonly Course[]
}

export interface CoverageQuery {
  asOf: IsoDate
  /** Group rows by (default agency). */
  by?: CoverageDimension
  /** Only this agency's officers. */
  agency?: string
  /** Only officers assigned to the catchment area. */
  catchmentOnly?: boolean
  /** Count only this course (default: any course). */
  course?: string
}

export interface CoverageCount {
  trained: number
  total: number
  /** trained / total × 100, one decimal (0 when total is 0). */
  percent: number
}

export interface CoverageGroup extends CoverageCount {
  /** Stable key: `agency|value|catchment`. */
  key: string
  agency: string
  /** The agency, district, unit or shift; "(none)" when the roster leaves it empty. */
  value: string
  /** What a reader sees: the value, prefixed with the agency unless one agency is selected. */
  label: string
  catchment: boolean
}

export interface CoverageReport {
  asOf: IsoDate
  by: CoverageDimension
  agency?: string
  course?: string
  catchmentOnly: boolean
  /** Catchment groups first, then the others; each part in natural order of its label. */
  groups: CoverageGroup[]
  /** Officers assigned to the catchment area. */
  catchment: CoverageCount
  total: CoverageCount
  /**
   * Agencies in scope whose roster starts after the as-of date (`tracked_since`): there is no data
   * on who served then, so they are left out rather than guessed from later rosters.
   */
  untracked: Array<{agency: string; since: IsoDate}>
}

export const NONE = '(none)'

export function percentOf(trained: number, total: number): number {
  return total === 0 ? 0 : Math.round((trained / total) * 1000) / 10
}

function count(trained: number, total: number): CoverageCount {
  return {trained, total, percent: percentOf(trained, total)}
}

/** Each in-scope officer active on `date`, with their state then (shared by coverage, due and trend). */
export function* activeOfficers(rosters: readonly Roster[], date: IsoDate, scope: {agency?: string; catchmentOnly?: boolean}): Generator<{agency: string; officer: Officer; state: OfficerState}> {
  for (const roster of rosters) {
    if (scope.agency !== undefined && roster.agency !== scope.agency) continue
    if (!tracked(roster, date)) continue
    for (const officer of roster.officers) {
      const state = stateOn(officer, date)
      if (!state.onRoster || state.status !== 'active') continue
      if (scope.catchmentOnly && !state.catchment) continue
      yield {agency: roster.agency, officer, state}
    }
  }
}

/** Whether the roster says who served on `date` (it was imported on or before then). */
export function tracked(roster: Pick<Roster, 'tracked_since'>, date: IsoDate): boolean {
  return roster.tracked_since === undefined || roster.tracked_since <= date
}

/** In-scope agencies with no roster data on `date`. */
export function untrackedOn(rosters: readonly Roster[], date: IsoDate, agency?: string): Array<{agency: string; since: IsoDate}> {
  return rosters.filter((r) => (agency === undefined || r.agency === agency) && !tracked(r, date)).map((r) => ({agency: r.agency, since: r.tracked_since!}))
}

const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'})

export function computeCoverage(data: TrainingData, query: CoverageQuery, index = new TrainingIndex(data.trainings, data.courses, data.rosters, {course: query.course})): CoverageReport {
  const by = query.by ?? 'agency'
  const groups = new Map<string, CoverageGroup>()
  let trained = 0
  let total = 0
  let cTrained = 0
  let cTotal = 0
  for (const {agency, officer, state} of activeOfficers(data.rosters, query.asOf, query)) {
    const value = by === 'agency' ? agency : (state[by] ?? NONE)
    const key = `${agency}|${value}|${state.catchment}`
    let group = groups.get(key)
    if (!group) {
      const label = by === 'agency' || query.agency !== undefined ? value : `${agency} ${value}`
      group = {key, agency, value, label, catchment: state.catchment, trained: 0, total: 0, percent: 0}
      groups.set(key, group)
    }
    const ok = index.validOn(agency, officer, query.asOf) !== undefined
    group.total++
    total++
    if (ok) {
      group.trained++
      trained++
    }
    if (state.catchment) {
      cTotal++
      if (ok) cTrained++
    }
  }
  const sorted = [...groups.values()].sort((a, b) => Number(b.catchment) - Number(a.catchment) || collator.compare(a.label, b.label))
  for (const g of sorted) g.percent = percentOf(g.trained, g.total)
  return {
    asOf: query.asOf,
    by,
    ...(query.agency === undefined ? {} : {agency: query.agency}),
    ...(query.course === undefined ? {} : {course: query.course}),
    catchmentOnly: query.catchmentOnly === true,
    groups: sorted,
    catchment: count(cTrained, cTotal),
    total: count(trained, total),
    untracked: untrackedOn(data.rosters, query.asOf, query.agency),
  }
}

/** Groups whose exact share is below `minPercent` (for --min and alerts). */
export function groupsBelow(report: CoverageReport, minPercent: number): CoverageGroup[] {
  return report.groups.filter((g) => g.total > 0 && g.trained * 100 < minPercent * g.total)
}
