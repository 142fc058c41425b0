/**
 * `lead report funnel`: referred → eligible → intake completed on time → enrolled. Each stage is
 * a subset of the one before, so rates read as a funnel:
 * - eligible: the rules find the referral eligible under its protocol and the status is not ineligible;
 * - intake on time: ...and intake.completed is on or before the due date;
 * - enrolled: ...and the status is enrolled (or closed after an intake).
 * Beside the chain, "screening incomplete" counts the referred whose eligibility cannot be decided
 * because a screening answer their protocol requires is not recorded (and whose status does not
 * already say ineligible): they are not eligible, but they are not screened out either.
 */
import type {IsoDate} from '../clock/dates.js'
import type {Pathway, Protocol, Referral} from '../records/types.js'
import {decideEligibility} from './eligibility.js'
import {inRange, PATHWAYS} from './volume.js'
import {share} from './stats.js'

/** The chain of stages, each a subset of the one before. */
const FUNNEL_CHAIN = ['referred', 'eligible', 'intake_on_time', 'enrolled'] as const
/** As listed: the side stage after `referred` (its ofPrevious is left out; eligible's is of referred). */
export const FUNNEL_STAGES = ['referred', 'screening_incomplete', 'eligible', 'intake_on_time', 'enrolled'] as const
export type FunnelStage = (typeof FUNNEL_STAGES)[number]

export interface FunnelRow {
  stage: FunnelStage
  count: number
  /** count / referred */
  ofReferred?: number
  /** count / the previous stage of the chain (none for screening_incomplete, which is beside it) */
  ofPrevious?: number
}

export interface Funnel {
  group?: Pathway
  stages: FunnelRow[]
}

export interface FunnelReport {
  from?: IsoDate
  to?: IsoDate
  total: Funnel
  byPathway?: Funnel[]
}

export interface FunnelOptions {
  from?: IsoDate
  to?: IsoDate
  byPathway?: boolean
  timeZone?: string
  asOf: IsoDate
}

/** How far along the chain a referral got (0 referred … 3 enrolled), and whether its screening is incomplete. */
export function referralStage(referral: Referral, protocols: readonly Protocol[], timeZone: string | undefined, asOf: IsoDate): {stage: number; screeningIncomplete: boolean} {
  const decision = decideEligibility(referral, {protocols, timeZone, asOf})
  const screeningIncomplete = decision.outcome === 'undetermined' && decision.missing.length > 0 && referral.status !== 'ineligible'
  if (!decision.eligible || referral.status === 'ineligible') return {stage: 0, screeningIncomplete}
  if (!decision.intake?.onTime) return {stage: 1, screeningIncomplete}
  if (referral.status === 'enrolled' || referral.status === 'closed') return {stage: 3, screeningIncomplete}
  return {stage: 2, screeningIncomplete}
}

function funnelOf(staged: ReadonlyArray<{stage: number; screeningIncomplete: boolean}>, group?: Pathway): Funnel {
  const chain = [staged.length, ...[1, 2, 3].map((s) => staged.filter((x) => x.stage >= s).length)]
  const incomplete = staged.filter((x) => x.screeningIncomplete).length
  const rows: FunnelRow[] = FUNNEL_CHAIN.map((stage, i) => ({stage, count: chain[i]!, ofReferred: share(chain[i]!, chain[0]!), ofPrevious: i === 0 ? undefined : share(chain[i]!, chain[i - 1]!)}))
  rows.splice(1, 0, {stage: 'screening_incomplete', count: incomplete, ofReferred: share(incomplete, chain[0]!)})
  return {group, stages: rows}
}

export function referralFunnel(referrals: readonly Referral[], protocols: readonly Protocol[], options: FunnelOptions): FunnelReport {
  const selected = referrals.filter((r) => inRange(r, options.from, options.to, options.timeZone))
  const staged = selected.map((r) => ({pathway: r.pathway, ...referralStage(r, protocols, options.timeZone, options.asOf)}))
  const report: FunnelReport = {from: options.from, to: options.to, total: funnelOf(staged)}
  if (options.byPathway) report.byPathway = PATHWAYS.map((p) => funnelOf(staged.filter((s) => s.pathway === p), p))
  return report
}
