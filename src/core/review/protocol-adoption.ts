/**
 * Which protocol governs a referral is decided by dates: the version in force on the day it was
 * received. So a change that adopts a version, or moves a version's effective range, re-judges
 * referrals already recorded — their eligibility, thresholds and deadlines — without touching
 * them. This review names every such change with the number of recorded referrals it re-judges,
 * and fails a change that re-judges any, or that adopts a version taking effect before the change.
 */
import type {Diagnostic} from '../errors.js'
import type {IsoDate} from '../clock/dates.js'
import type {RecordData} from '../records/load.js'
import type {Protocol, Referral} from '../records/types.js'
import type {DataPath} from '../records/yaml-source.js'
import {governingProtocol, receivedDate} from '../referrals/protocol-in-force.js'
import type {RecordChange, SiteDiff} from './site-diff.js'

export interface AdoptionInput {
  diff: SiteDiff
  baseProtocols: readonly RecordData[]
  headProtocols: readonly RecordData[]
  /** Every referral recorded at the base; asked only when a version's adoption or range changed. */
  baseReferrals: () => Promise<readonly RecordData[]>
  timeZone?: string
  /** The day the change is judged (today in the site's time zone, or --as-of). */
  changeDate: IsoDate
}

type P = Partial<Protocol>

const governs = (p: P | undefined) => p !== undefined && p.status !== 'draft' && p.status !== undefined
const range = (p: P) => `${p.effective?.from ?? '?'}…${p.effective?.to ?? ''}`

/** What decides which referrals a protocol governs. */
function governanceKey(p: RecordData): string {
  const q = p as P
  return JSON.stringify([q.id, governs(q), q.effective?.from, q.effective?.to, q.version])
}

interface Move {
  date: IsoDate
  /** Governing protocol at the base (its head id when renamed) and now. */
  from?: string
  to?: string
}

export function referralCount(n: number): string {
  return n === 0 ? 'no recorded referral' : n === 1 ? '1 recorded referral' : `${n} recorded referrals`
}

function received(moves: readonly Move[]): string {
  if (moves.length === 0) return ''
  const dates = moves.map((m) => m.date).sort()
  return dates[0] === dates.at(-1) ? ` (received ${dates[0]})` : ` (received ${dates[0]} to ${dates.at(-1)})`
}

const names = (ids: Array<string | undefined>) => [...new Set(ids.map((i) => i ?? 'no protocol'))].sort().join(', ')

export async function adoptionFindings(input: AdoptionInput): Promise<Diagnostic[]> {
  const before = new Set(input.baseProtocols.map(governanceKey))
  const after = new Set(input.headProtocols.map(governanceKey))
  if (before.size === after.size && [...before].every((k) => after.has(k))) return []

  const renamed = new Map<string, string>()
  for (const c of input.diff.records) if (c.kind === 'protocol' && c.status === 'renamed' && c.oldId && c.oldId !== c.id) renamed.set(c.oldId, c.id)
  const baseP = input.baseProtocols as unknown as Protocol[]
  const headP = input.headProtocols as unknown as Protocol[]
  const moves: Move[] = []
  for (const r of await input.baseReferrals()) {
    const referral = r as unknown as Referral
    if (typeof referral.received !== 'string') continue
    try {
      const was = governingProtocol(referral, baseP, input.timeZone)?.id
      const now = governingProtocol(referral, headP, input.timeZone)?.id
      const from = was === undefined ? undefined : (renamed.get(was) ?? was)
      if (from !== now) moves.push({date: receivedDate(referral, input.timeZone), from: was, to: now})
    } catch {
      // an unreadable date: validation reports it; it is judged by no protocol on either side
    }
  }

  const out: Diagnostic[] = []
  const at = (change: RecordChange, path: DataPath) => {
    const pos = change.new?.source?.locate(path) ?? {line: 1, column: 1}
    return {file: change.file, line: pos.line, column: pos.column}
  }
  const retroHint = 'a version takes effect after the change that adopts it: give it a future effective.from (and the version it replaces effective.to the day before); if the PCG decided it applies to past referrals, a maintainer accepts this change (--accept PROTOCOL_RETROACTIVE); see docs/guides/ci-reviewer.md'

  for (const change of input.diff.records) {
    if (change.kind !== 'protocol' || change.status === 'removed' || change.unreadable) continue
    const neu = change.new?.data as P | undefined
    const old = change.old?.data as P | undefined
    if (!neu) continue
    const id = change.id
    const gained = moves.filter((m) => m.to === id)
    const lost = moves.filter((m) => m.from === (change.oldId ?? id) && m.to !== id)
    const adopted = governs(neu) && !governs(old)
    if (adopted) {
      const was = gained.length > 0 ? `, until now judged by ${names(gained.map((m) => m.from))}` : ''
      out.push({code: 'PROTOCOL_ADOPTED', severity: 'warning', message: `protocol ${id}${neu.version === undefined ? '' : ` (version ${neu.version})`} is adopted in this change, in force ${neu.effective?.to ? `${neu.effective.from} to ${neu.effective.to}` : `from ${neu.effective?.from ?? '?'}`}: it re-judges ${referralCount(gained.length)}${received(gained)}${was}`, hint: 'check that the PCG adopted it (adopted.date, adopted.note) and from which date it governs', ...at(change, ['status'])})
    } else if (governs(neu) && governs(old) && (neu.effective?.from !== old?.effective?.from || neu.effective?.to !== old?.effective?.to)) {
      const touched = [...gained, ...lost]
      const now = lost.length > 0 ? `, now judged by ${names(lost.map((m) => m.to))}` : ''
      out.push({code: 'PROTOCOL_RANGE_MOVED', severity: 'warning', message: `protocol ${id}'s effective range moves from ${range(old!)} to ${range(neu)}: it re-judges ${referralCount(touched.length)}${received(touched)}${now}`, hint: 'a version in force is closed with effective.to on a future date, the day before the next version takes effect', ...at(change, ['effective'])})
    }
    if (!governs(neu)) continue
    const from = neu.effective?.from
    if (gained.length > 0) {
      const early = typeof from === 'string' && from < input.changeDate ? `takes effect on ${from}, before this change (${input.changeDate}), and ` : 'now '
      out.push({code: 'PROTOCOL_RETROACTIVE', severity: 'error', message: `protocol ${id} ${early}re-judges ${referralCount(gained.length)}${received(gained)} until now judged by ${names(gained.map((m) => m.from))}`, hint: retroHint, ...at(change, ['effective', 'from'])})
    } else if (adopted && typeof from === 'string' && from < input.changeDate) {
      out.push({code: 'PROTOCOL_RETROACTIVE', severity: 'error', message: `protocol ${id} is adopted in this change but takes effect on ${from}, before this change (${input.changeDate}): referrals recorded for those days would be judged by it`, hint: retroHint, ...at(change, ['effective', 'from'])})
    }
  }

  // Referrals a change leaves with no protocol at all: on the version that governed them.
  const orphaned = new Map<string, Move[]>()
  for (const m of moves) if (m.from !== undefined && m.to === undefined) orphaned.set(m.from, [...(orphaned.get(m.from) ?? []), m])
  for (const [id, list] of orphaned) {
    const change = input.diff.records.find((c) => c.kind === 'protocol' && (c.oldId ?? c.id) === id)
    const neu = change?.new?.data as P | undefined
    const how = !neu ? `deleting ${id}` : !governs(neu) ? `returning ${id} to draft` : neu.effective?.to ? `closing ${id} on ${neu.effective.to}` : `moving ${id}'s range`
    const where = change?.new ? at(change, neu?.effective?.to ? ['effective', 'to'] : ['status']) : {file: change?.oldFile ?? change?.file ?? 'protocols', line: 1, column: 1}
    out.push({code: 'PROTOCOL_RETROACTIVE', severity: 'error', message: `${how} leaves ${referralCount(list.length)} without a protocol in force${received(list)}`, hint: 'referrals are judged by the version in force on the day received: keep it in force for them (effective.to on or after the last one), or adopt the version that follows it from the next day', ...where})
  }
  return out
}
