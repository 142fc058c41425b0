/**
 * The next PCG agenda, computed from the records on its date: protocol versions awaiting adoption,
 * MOUs that end or are due for review within MOU_EXPIRY_WARNING_DAYS, the items that return from
 * the last PCG meeting (deferred, or without consensus), the figures of the last complete quarter
 * (referrals by pathway and through the funnel, handoff response, off-hours share, open cases at
 * the quarter's end, training coverage of catchment officers) and the PCG's open action items.
 * The figures are the report commands' own computations, so the agenda and `lead report` agree.
 */
import {addDays, daysBetween, type IsoDate} from '../clock/dates.js'
import type {Meeting, Mou, Protocol, Referral} from '../records/types.js'
import {caseloadCapacity} from '../referrals/capacity.js'
import {MOU_EXPIRY_WARNING_DAYS} from '../referrals/deadlines.js'
import {referralFunnel} from '../referrals/funnel.js'
import {PATHWAYS, referralVolume} from '../referrals/volume.js'
import {computeCoverage, type TrainingData} from '../training/coverage.js'
import {formatDecisionRef} from './decision-ref.js'
import {lastHeld} from './meeting-data.js'
import {openActions, type OpenAction} from './open-actions.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'

export interface Quarter {
  /** 2026-Q3 */
  label: string
  from: IsoDate
  to: IsoDate
}

export interface QuarterFigures extends Quarter {
  referrals: {total: number; byPathway: Record<string, number>}
  /** Referred → eligible → intake on time → enrolled, over the quarter's referrals. */
  funnel: Array<{stage: string; count: number}>
  response: {handoffs: number; medianMinutes?: number; withinTarget: number; targetMinutes?: number}
  offHours: {count: number; judged: number}
  /** Distinct people with an open case on the quarter's last day. */
  openCases: number
  /** Catchment-area officers trained on the quarter's last day. */
  training: {trained: number; total: number; percent: number}
}

export interface PcgAgenda {
  body: 'pcg'
  date: IsoDate
  since?: {meeting: string; date: IsoDate}
  protocolsAwaitingAdoption: Array<{id: string; version: number; effectiveFrom: IsoDate}>
  mous: Array<{mou: string; why: 'ends' | 'ended' | 'review'; date: IsoDate; daysLeft: number}>
  /** Decisions of the last PCG meeting that were deferred or found no consensus: they return. */
  returning: Array<{decision: string; kind: string; outcome: string}>
  quarter: QuarterFigures
  actions: OpenAction[]
}

export interface PcgAgendaInput {
  date: IsoDate
  referrals: readonly Referral[]
  protocols: readonly Protocol[]
  mous: readonly Mou[]
  meetings: readonly Meeting[]
  training: TrainingData
  timeZone?: string
  /** The quarter whose figures to show (default: the last one that ended before the date). */
  quarter?: Quarter
  /** What the site declared: the owners of action items and the staff names their text may hold. */
  vocabulary?: SiteVocabulary
}

/** `2026-Q3` → its first and last day. */
export function parseQuarter(text: string): Quarter | undefined {
  const m = /^([0-9]{4})-?Q([1-4])$/i.exec(text.trim())
  if (!m) return undefined
  const year = Number(m[1])
  const q = Number(m[2])
  const from = `${m[1]}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`
  const to = addDays(q === 4 ? `${year + 1}-01-01` : `${m[1]}-${String(q * 3 + 1).padStart(2, '0')}-01`, -1)
  return {label: `${m[1]}-Q${q}`, from, to}
}

/** The last calendar quarter that ended before `date`. */
export function lastCompleteQuarter(date: IsoDate): Quarter {
  const year = Number(date.slice(0, 4))
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1
  return q === 1 ? parseQuarter(`${year - 1}-Q4`)! : parseQuarter(`${year}-Q${q - 1}`)!
}

export function pcgAgenda(input: PcgAgendaInput): PcgAgenda {
  const {date} = input
  const previous = lastHeld(input.meetings, 'pcg', date)
  const horizon = addDays(date, MOU_EXPIRY_WARNING_DAYS)
  const mous: PcgAgenda['mous'] = []
  for (const m of input.mous) {
    if (m.status !== 'signed') continue
    const to = m.effective.to
    if (to !== undefined && to < date) mous.push({mou: m.id, why: 'ended', date: to, daysLeft: daysBetween(date, to)})
    else if (to !== undefined && to <= horizon) mous.push({mou: m.id, why: 'ends', date: to, daysLeft: daysBetween(date, to)})
    if (m.review_by !== undefined && m.review_by >= date && m.review_by <= horizon) mous.push({mou: m.id, why: 'review', date: m.review_by, daysLeft: daysBetween(date, m.review_by)})
  }
  mous.sort((a, b) => a.daysLeft - b.daysLeft || a.mou.localeCompare(b.mou))
  const returning = (previous?.decisions ?? [])
    .map((d, i) => ({decision: formatDecisionRef(previous!.id, i + 1), kind: d.kind, outcome: d.outcome}))
    .filter((d) => d.outcome !== 'consensus')
  return {
    body: 'pcg',
    date,
    ...(previous ? {since: {meeting: previous.id, date: previous.date}} : {}),
    protocolsAwaitingAdoption: input.protocols
      .filter((p) => p.status === 'draft')
      .sort((a, b) => a.version - b.version)
      .map((p) => ({id: p.id, version: p.version, effectiveFrom: p.effective.from})),
    mous,
    returning,
    quarter: quarterFigures(input, input.quarter ?? lastCompleteQuarter(date)),
    actions: openActions(input.meetings, date, {body: 'pcg', ...(input.vocabulary ? {vocabulary: input.vocabulary} : {})}),
  }
}

function quarterFigures(input: PcgAgendaInput, q: Quarter): QuarterFigures {
  const tz = input.timeZone
  const range = {from: q.from, to: q.to, timeZone: tz, asOf: input.date}
  const byPathway = referralVolume(input.referrals, input.protocols, {...range, by: 'pathway'})
  const funnel = referralFunnel(input.referrals, input.protocols, range)
  const capacity = caseloadCapacity(input.referrals, input.protocols, q.to, tz)
  const coverage = computeCoverage(input.training, {asOf: q.to, catchmentOnly: true}).catchment
  const counts = Object.fromEntries(PATHWAYS.map((p) => [p, byPathway.buckets.find((b) => b.key === p)?.count ?? 0]))
  return {
    ...q,
    referrals: {total: byPathway.total, byPathway: counts},
    funnel: funnel.total.stages.map((s) => ({stage: s.stage, count: s.count})),
    response: {handoffs: byPathway.response.count, ...(byPathway.response.medianMinutes !== undefined ? {medianMinutes: byPathway.response.medianMinutes} : {}), withinTarget: byPathway.response.withinTarget, ...(byPathway.response.targetMinutes !== undefined ? {targetMinutes: byPathway.response.targetMinutes} : {})},
    offHours: {count: byPathway.offHours.count, judged: byPathway.offHours.judged},
    openCases: capacity.totalOpen,
    training: {trained: coverage.trained, total: coverage.total, percent: coverage.percent},
  }
}
