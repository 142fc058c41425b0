/**
 * `lead report funnel`: referred → eligible → intake completed on time → enrolled. Each stage is
 * a subset of the one before, so rates read as a funnel:
 * - eligible: the rules find the referral eligible under its protocol and the status is not ineligible;
 * - intake on time: ...and intake.completed is on or before the due date;
 * - enrolled: ...and the status is enrolled (or closed after an intake).
 */
import type {IsoDate} from '../clock/dates.js'
import type {Pathway, Protocol, Referral} from '../records/types.js'
import {decideEligibility} from './eligibility.js'
import {inRange, PATHWAYS} from './volume.js'
import {share} from './stats.js'

export const FUNNEL_STAGES = ['referred', 'eligible', 'intake_on_time', 'enrolled'] as const
export type FunnelStage = (typeof FUNNEL_STAGES)[number]

export interface FunnelRow {
  stage: FunnelStage
  count: number
  /** count / referred */
  ofReferred?: number
  /** count / the previous stage */
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

export function referralStage(referral: Referral, protocols: readonly Protocol[], timeZone: string | undefined, asOf: IsoDate): number {
  const decision = decideEligibility(referral, {protocols, timeZone, asOf})
  if (!decision.eligible || referral.status === 'ineligible') return 0
  if (!decision.intake?.onTime) return 1
  if (referral.status === 'enrolled' || referral.status === 'closed') return 3
  return 2
}

function funnelOf(stages: number[], group?: Pathway): Funnel {
  const counts = [stages.length, ...[1, 2, 3].map((s) => stages.filter((x) => x >= s).length)]
  return {
    group,
    stages: FUNNEL_STAGES.map((stage, i) => ({stage, count: counts[i]!, ofReferred: share(counts[i]!, counts[0]!), ofPrevious: i === 0 ? undefined : share(counts[i]!, counts[i - 1]!)})),
  }
}

export function referralFunnel(referrals: readonly Referral[], protocols: readonly Protocol[], options: FunnelOptions): FunnelReport {
  const selected = referrals.filter((r) => inRange(r, options.from, options.to, options.timeZone))
  const staged = selected.map((r) => ({pathway: r.pathway, stage: referralStage(r, protocols, options.timeZone, options.asOf)}))
  const report: FunnelReport = {from: options.from, to: options.to, total: funnelOf(staged.map((s) => s.stage))}
  if (options.byPathway) report.byPathway = PATHWAYS.map((p) => funnelOf(staged.filter((s) => s.pathway === p).map((s) => s.stage), p))
  return report
}
