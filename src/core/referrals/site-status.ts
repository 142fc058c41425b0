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
import type {OpenState} from './state-on-date.js'
import {receivedOrder, referralParts, statusRow, type StatusRow} from './status-lists.js'

export {rowOn, statusRow, type StatusRow} from './status-lists.js'

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
  /** The rows' positions in list order (status-lists.ts receivedOrder), when the caller has them. */
  order?: readonly number[]
  protocols: readonly Protocol[]
  mous: readonly Mou[]
  /** Rosters, sessions and courses (trainingData()); coverage is judged on asOf. */
  training?: TrainingData
  /** The catchment area's coverage on asOf when the caller has it (training/coverage-memo.ts); else worked out from `training`. */
  coverage?: CoverageCount
  validation: {errors: number; warnings: number}
}

export function siteStatus(input: StatusInput): SiteStatus {
  const {asOf, timeZone: tz} = input
  const inForce = protocolInForce(input.protocols, asOf)
  const rows = input.rows ?? input.referrals.map((r) => statusRow(r, asOf, input.protocols, tz))
  const {referrals, intakes} = referralParts((input.order ?? receivedOrder(rows).order).map((i) => rows[i]!), asOf)

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
    referrals,
    intakes,
    mous: {expiring, expired, command: 'lead validate (MOU_EXPIRING, MOU_EXPIRED)'},
    training: {trained: coverage.trained, total: coverage.total, percent: coverage.percent, command: 'lead training coverage --catchment'},
    validation: {errors: input.validation.errors, warnings: input.validation.warnings, command: 'lead validate'},
  }
}
