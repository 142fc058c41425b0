/**
 * `lead status`: the project manager's one screen, as data. Each part names the command that
 * shows its detail. Training coverage uses the training computation itself (computeCoverage), so
 * the figure is the one `lead training coverage --catchment` shows for the same date. Referrals
 * and intakes are judged as they stood on asOf (state-on-date.ts), not by today's statuses.
 */
import {addDays, daysBetween, type IsoDate} from '../clock/dates.js'
import type {SetupStep} from '../records/site-setup.js'
import type {Mou, Protocol, Referral} from '../records/types.js'
import {computeCoverage, type CoverageCount, type TrainingData} from '../training/coverage.js'
import {MOU_EXPIRY_WARNING_DAYS} from './deadlines.js'
import {protocolInForce} from './protocol-in-force.js'
import {stateOn, timelineOf, type OpenState, type Timeline} from './state-on-date.js'

export interface SiteStatus {
  asOf: IsoDate
  site: string
  /** Set when the site's files were never committed (an interrupted lead init): how to finish. */
  uncommitted?: {message: string; command: string}
  /** A new site's steps before its first referral (site-setup.ts); the ones not done are shown first. */
  setup?: {complete: boolean; steps: SetupStep[]}
  protocol: {
    inForce?: {id: string; version: number; from: IsoDate; to?: IsoDate}
    /** Drafts waiting for PCG adoption. */
    drafts: Array<{id: string; version: number; effectiveFrom: IsoDate}>
    /** Adopted versions that take effect after asOf. */
    upcoming: Array<{id: string; version: number; effectiveFrom: IsoDate}>
    command: string
  }
  referrals: {
    open: number
    /** Open referrals by their state on asOf: received, eligible, awaiting_intake, enrolled. */
    byStatus: Partial<Record<OpenState, number>>
    /** The open referrals, oldest first. */
    list: Array<{referral: string; status: OpenState}>
    /** Received by asOf and ended since on a day the record does not give (no closed date): not counted open. */
    unknown: string[]
    command: string
  }
  intakes: {
    overdue: Array<{referral: string; due: IsoDate; daysOverdue: number}>
    dueThisWeek: Array<{referral: string; due: IsoDate; daysLeft: number}>
    command: string
  }
  mous: {
    expiring: Array<{mou: string; ends: IsoDate; daysLeft: number}>
    expired: Array<{mou: string; ended: IsoDate}>
    command: string
  }
  /** Catchment-area officers active on asOf who hold a valid training then. */
  training: {trained: number; total: number; percent: number; command: string}
  validation: {errors: number; warnings: number; command: string}
}

export interface StatusInput {
  site: string
  asOf: IsoDate
  timeZone?: string
  /** The referrals, or what each adds on asOf (`rows`: statusRow's, in the same order, remembered per content). */
  referrals: readonly Referral[]
  rows?: readonly StatusRow[]
  protocols: readonly Protocol[]
  mous: readonly Mou[]
  /** Rosters, sessions and courses (trainingData()); coverage is judged on asOf. */
  training?: TrainingData
  /** The catchment area's coverage on asOf when the caller has it (training/coverage-memo.ts); else worked out from `training`. */
  coverage?: CoverageCount
  validation: {errors: number; warnings: number}
}

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

export function siteStatus(input: StatusInput): SiteStatus {
  const {asOf, timeZone: tz} = input
  const inForce = protocolInForce(input.protocols, asOf)
  const list: SiteStatus['referrals']['list'] = []
  const unknown: string[] = []
  const overdue: SiteStatus['intakes']['overdue'] = []
  const dueThisWeek: SiteStatus['intakes']['dueThisWeek'] = []
  const weekEnd = addDays(asOf, 6)
  const rows = input.rows ?? input.referrals.map((r) => statusRow(r, asOf, input.protocols, tz))
  const sorted = [...rows].sort((a, b) => Date.parse(a.received) - Date.parse(b.received))
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
  overdue.sort((a, b) => (a.due < b.due ? -1 : 1))
  dueThisWeek.sort((a, b) => (a.due < b.due ? -1 : 1))

  const horizon = addDays(asOf, MOU_EXPIRY_WARNING_DAYS)
  const expiring: SiteStatus['mous']['expiring'] = []
  const expired: SiteStatus['mous']['expired'] = []
  for (const m of input.mous) {
    if (m.status !== 'signed' || m.effective.to === undefined) continue
    if (m.effective.to < asOf) expired.push({mou: m.id, ended: m.effective.to})
    else if (m.effective.to <= horizon) expiring.push({mou: m.id, ends: m.effective.to, daysLeft: daysBetween(asOf, m.effective.to)})
  }

  const coverage = input.coverage ?? computeCoverage(input.training ?? {rosters: [], trainings: [], courses: []}, {asOf, catchmentOnly: true}).catchment

  return {
    asOf,
    site: input.site,
    protocol: {
      inForce: inForce ? {id: inForce.id, version: inForce.version, from: inForce.effective.from, to: inForce.effective.to} : undefined,
      drafts: input.protocols.filter((p) => p.status === 'draft').map((p) => ({id: p.id, version: p.version, effectiveFrom: p.effective.from})),
      upcoming: input.protocols.filter((p) => p.status !== 'draft' && p.effective.from > asOf).map((p) => ({id: p.id, version: p.version, effectiveFrom: p.effective.from})),
      command: 'lead referral check ID',
    },
    referrals: {open: list.length, byStatus, list, unknown, command: 'lead report capacity'},
    intakes: {overdue, dueThisWeek, command: 'lead validate (INTAKE_OVERDUE), lead referral check ID'},
    mous: {expiring, expired, command: 'lead validate (MOU_EXPIRING, MOU_EXPIRED)'},
    training: {trained: coverage.trained, total: coverage.total, percent: coverage.percent, command: 'lead training coverage --catchment'},
    validation: {errors: input.validation.errors, warnings: input.validation.warnings, command: 'lead validate'},
  }
}
