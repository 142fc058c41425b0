/**
 * De-identified referral export for evaluators (`lead export referrals --deidentify`):
 * - participant codes and referral ids are replaced by fresh codes minted for this export only
 *   (random, so two exports cannot be joined on them; the same participant keeps one code within
 *   an export so re-referrals stay visible);
 * - free text is dropped (notes, evidence descriptions, override reasons), and so are staff names,
 *   officer badges and consent ids; codes are kept only when the site declared them (districts
 *   and catchments in lead.yaml, partner ids, protocol charge codes and exclusion ids: see
 *   privacy/disclosable.ts), anything else becomes "(not declared)";
 * - every date is coarsened to the start of its week (Monday, ISO) or month, in the site's zone;
 *   clock times are dropped (response minutes are kept as a number);
 * - aggregate counts (period x pathway) below `minCell` are suppressed (count: null), and the rows
 *   of a suppressed cell are left out of the rows too (otherwise counting rows would give the
 *   suppressed count back); row codes are assigned after that, so their numbering hides how many.
 *
 * Limits: rows are still one per referral; a rare combination (district + pathway + week) can
 * still single someone out, so share row-level exports only under a data-use agreement and publish
 * the aggregates. Suppression is primary only: no totals are published, so suppressed cells cannot
 * be recovered by subtraction from this export alone.
 */
import {randomBytes} from 'node:crypto'
import type {IsoDate} from '../clock/dates.js'
import type {Pathway, Protocol, Referral} from '../records/types.js'
import {decideEligibility} from './eligibility.js'
import {responseMinutesOf} from './hours.js'
import {receivedDate} from './protocol-in-force.js'
import {weekStart} from './periods.js'
import {printableOr, type PathStep} from '../privacy/disclosable.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'

export type ExportPeriod = 'week' | 'month'

export interface DeidentifiedReferral {
  /** A fresh row code, e.g. R-0007 (rows are shuffled, so the number says nothing about order). */
  row: string
  /** A fresh participant code, e.g. X-4K9QZT, valid within this export only. */
  participant: string
  pathway: Pathway
  /** Start of the week (YYYY-MM-DD, a Monday) or month (YYYY-MM) the referral was received. */
  period: string
  protocol?: string
  agency?: string
  community_partner?: string
  district?: string
  catchment?: string
  charges: string[]
  exclusions_hit: string[]
  overridden: string[]
  status: Referral['status']
  eligible_by_rules: boolean
  handoff_method?: string
  response_minutes?: number
  intake_completed_period?: string
  intake_on_time?: boolean
  prosecutor_decision?: string
  closed_period?: string
  /** The row of the previous referral of the same participant in this export, if it is in it. */
  previous_row?: string
  rereferral: boolean
  has_consent: boolean
}

/** Column order of a de-identified row table (every field a row can carry, in a reader's order). */
export const DEIDENTIFIED_COLUMNS = [
  'row', 'participant', 'pathway', 'period', 'protocol', 'agency', 'community_partner', 'district', 'catchment',
  'charges', 'exclusions_hit', 'overridden', 'status', 'eligible_by_rules', 'handoff_method', 'response_minutes',
  'intake_completed_period', 'intake_on_time', 'prosecutor_decision', 'closed_period', 'previous_row', 'rereferral', 'has_consent',
] as const satisfies ReadonlyArray<keyof DeidentifiedReferral>

/** Column order of the aggregate table (period x pathway). */
export const AGGREGATE_COLUMNS = ['period', 'pathway', 'count', 'suppressed'] as const satisfies ReadonlyArray<keyof AggregateCell>

export interface AggregateCell {
  period: string
  pathway: Pathway
  /** null when suppressed. */
  count: number | null
  suppressed: boolean
}

export interface DeidentifiedExport {
  period: ExportPeriod
  minCell: number
  /** Rows of the published (unsuppressed) cells only. */
  rows: DeidentifiedReferral[]
  aggregates: AggregateCell[]
  suppressedCells: number
  /** Referrals left out of `rows` because their cell is suppressed. */
  withheldRows: number
}

export interface DeidentifyOptions {
  protocols: readonly Protocol[]
  period: ExportPeriod
  /** Smallest publishable count (lead.yaml privacy.min_cell; default 11). */
  minCell: number
  timeZone?: string
  asOf: IsoDate
  /** What the site declared: the only codes a row may carry. Without it, every code column is "(not declared)". */
  vocabulary?: SiteVocabulary
  /** Source of randomness (tests pass a seeded one); default crypto.randomBytes. */
  random?: (bytes: number) => Uint8Array
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

export function coarsenDate(date: IsoDate, period: ExportPeriod): string {
  return period === 'month' ? date.slice(0, 7) : weekStart(date)
}

export function deidentifyReferrals(all: readonly Referral[], options: DeidentifyOptions): DeidentifiedExport {
  const tz = options.timeZone
  const cellOf = (r: Referral) => `${coarsenDate(receivedDate(r, tz), options.period)}\u0000${r.pathway}`
  const counts = new Map<string, number>()
  for (const r of all) counts.set(cellOf(r), (counts.get(cellOf(r)) ?? 0) + 1)
  const aggregates: AggregateCell[] = [...counts.entries()]
    .map(([key, count]) => {
      const [period, pathway] = key.split('\u0000') as [string, Pathway]
      const suppressed = count < options.minCell
      return {period, pathway, count: suppressed ? null : count, suppressed}
    })
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.pathway < b.pathway ? -1 : 1))
  const referrals = all.filter((r) => counts.get(cellOf(r))! >= options.minCell)

  const random = options.random ?? ((n: number) => randomBytes(n))
  const used = new Set<string>()
  const mint = (prefix: string): string => {
    for (;;) {
      const bytes = random(6)
      let code = ''
      for (const b of bytes) code += CODE_ALPHABET[b % CODE_ALPHABET.length]
      if (!used.has(code)) {
        used.add(code)
        return `${prefix}-${code}`
      }
    }
  }
  const participants = new Map<string, string>()
  // Shuffle (Fisher-Yates) so row numbers carry no order.
  const order = referrals.map((_, i) => i)
  for (let i = order.length - 1; i > 0; i--) {
    const b = random(4)
    const j = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0
    const k = j % (i + 1)
    ;[order[i], order[k]] = [order[k]!, order[i]!]
  }
  const rowOf = new Map<string, string>()
  order.forEach((idx, n) => rowOf.set(referrals[idx]!.id, `R-${String(n + 1).padStart(4, '0')}`))

  const rows: DeidentifiedReferral[] = order.map((idx) => {
    const r = referrals[idx]!
    let participant = participants.get(r.participant)
    if (!participant) {
      participant = mint('X')
      participants.set(r.participant, participant)
    }
    const decision = decideEligibility(r, {protocols: options.protocols, timeZone: tz, asOf: options.asOf})
    const code = (path: PathStep[], value: string | undefined) => (value === undefined ? undefined : printableOr('referral', path, value, options.vocabulary))
    const row: DeidentifiedReferral = {
      row: rowOf.get(r.id)!,
      participant,
      pathway: r.pathway,
      period: coarsenDate(receivedDate(r, tz), options.period),
      protocol: decision.protocol?.id,
      agency: code(['referrer', 'agency'], r.referrer.agency),
      community_partner: code(['referrer', 'partner'], r.referrer.partner),
      district: code(['district'], r.district),
      catchment: code(['catchment'], r.catchment),
      charges: (r.charges ?? []).map((c) => code(['charges', null], c)!),
      exclusions_hit: (r.screening?.exclusions_hit ?? []).map((e) => code(['screening', 'exclusions_hit', null], e)!),
      overridden: (r.screening?.overrides ?? []).map((o) => code(['screening', 'overrides', null, 'exclusion'], o.exclusion)!),
      status: r.status,
      eligible_by_rules: decision.eligible,
      handoff_method: r.handoff?.method,
      response_minutes: responseMinutesOf(r),
      intake_completed_period: r.intake?.completed ? coarsenDate(r.intake.completed, options.period) : undefined,
      intake_on_time: decision.intake?.onTime,
      prosecutor_decision: r.prosecutor_review?.decision,
      closed_period: r.closed ? coarsenDate(r.closed, options.period) : undefined,
      previous_row: r.previous ? rowOf.get(r.previous) : undefined,
      rereferral: r.previous !== undefined,
      has_consent: r.consent !== undefined,
    }
    for (const key of Object.keys(row) as Array<keyof DeidentifiedReferral>) if (row[key] === undefined) delete row[key]
    return row
  })

  return {period: options.period, minCell: options.minCell, rows, aggregates, suppressedCells: aggregates.filter((a) => a.suppressed).length, withheldRows: all.length - referrals.length}
}
