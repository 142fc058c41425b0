/**
 * What a protocol change means for officers and case managers, before any field-level detail:
 * divertible charges added or removed or with a new threshold, exclusions, the intake deadline,
 * coverage hours, the off-hours phone and the pathways. A new version is compared with the
 * version it supersedes, so "version 3 adds a charge" reads as such.
 */
import type {RecordData} from '../records/load.js'
import type {CoverageHours, DivertibleCharge, Exclusion, Protocol} from '../records/types.js'
import {deepEqual} from './record-diff.js'
import type {SiteDiff} from './site-diff.js'

export type SummaryTopic =
  | 'charge' | 'exclusion' | 'intake_deadline' | 'coverage_hours' | 'off_hours_phone' | 'pathway'
  | 'status' | 'effective' | 'min_age' | 'response_target' | 'complainant_agreement' | 'lookback' | 'catchment'

export interface SummaryItem {
  topic: SummaryTopic
  change: 'added' | 'removed' | 'changed'
  /** The charge code, exclusion id, pathway or catchment area concerned. */
  subject?: string
  /** One line for people: `RCW 9A.84.020 Failure to disperse (public_order)`, `14 → 30 days`. */
  text: string
  old?: unknown
  new?: unknown
}

export interface ProtocolSummary {
  id: string
  file: string
  /** new_version: an added protocol compared with the one it supersedes. */
  change: 'new_version' | 'added' | 'changed' | 'renamed' | 'removed'
  version?: number
  status?: string
  effective?: {from?: string; to?: string}
  /** The protocol this one is compared with. */
  comparedTo?: {id: string; version?: number}
  /** Field-facing changes first (charges, exclusions, deadlines, coverage, phone, pathways), then the rest. */
  items: SummaryItem[]
  /** One side is not readable YAML, so there is nothing to compare (validation says why). */
  unreadable?: boolean
}

type P = Partial<Protocol>

const asProtocol = (d: RecordData | undefined): P | undefined => (d ? (d as P) : undefined)

export function summarizeProtocols(diff: SiteDiff, baseProtocols: RecordData[], headProtocols: RecordData[]): ProtocolSummary[] {
  const out: ProtocolSummary[] = []
  for (const change of diff.records) {
    if (change.kind !== 'protocol') continue
    const neu = asProtocol(change.new?.data)
    const old = asProtocol(change.old?.data)
    const head: Pick<ProtocolSummary, 'version' | 'status' | 'effective'> = {version: num(neu?.version ?? old?.version), status: str((neu ?? old)?.status), effective: (neu ?? old)?.effective}
    if (change.status === 'removed') {
      out.push({id: change.id, file: change.file, change: 'removed', ...head, items: []})
      continue
    }
    if (change.unreadable || (change.status === 'added' && !neu)) {
      out.push({id: change.id, file: change.file, change: change.status === 'added' ? 'added' : change.status === 'renamed' ? 'renamed' : 'changed', ...head, items: [], unreadable: true})
      continue
    }
    if (change.status === 'added') {
      const previous = predecessor(neu, change.id, baseProtocols, headProtocols)
      if (previous) {
        out.push({id: change.id, file: change.file, change: 'new_version', ...head, comparedTo: {id: String(previous.id), version: num(previous.version)}, items: compareProtocols(previous, neu ?? {})})
      } else {
        out.push({id: change.id, file: change.file, change: 'added', ...head, items: compareProtocols({}, neu ?? {})})
      }
      continue
    }
    out.push({id: change.id, file: change.file, change: change.status === 'renamed' ? 'renamed' : 'changed', ...head, comparedTo: change.status === 'renamed' ? {id: change.oldId ?? '', version: num(old?.version)} : undefined, items: compareProtocols(old ?? {}, neu ?? {})})
  }
  return out
}

/** The version a new protocol replaces: the one it names in `supersedes`, else the latest earlier version. */
function predecessor(neu: P | undefined, id: string, base: RecordData[], head: RecordData[]): P | undefined {
  if (!neu) return undefined
  const byId = (list: RecordData[], want: unknown) => list.find((p) => p.id === want) as P | undefined
  // The superseded version as it was before this change (its own edits, such as gaining an end date, are not the news).
  if (typeof neu.supersedes === 'string') return byId(base, neu.supersedes) ?? byId(head, neu.supersedes)
  if (typeof neu.version !== 'number') return undefined
  const earlier = [...base, ...head].filter((p) => p.id !== id && typeof p.version === 'number' && (p.version as number) < (neu.version as number))
  earlier.sort((a, b) => (b.version as number) - (a.version as number))
  return earlier[0] as P | undefined
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined)
const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : [])

export function threshold(c: Partial<DivertibleCharge> | undefined): string {
  if (!c || c.max_quantity === undefined) return 'no threshold'
  return `${c.max_quantity}${c.unit ? ` ${c.unit}` : ''} or less`
}

function chargeText(c: Partial<DivertibleCharge>): string {
  const parts = [c.code, c.label].filter(Boolean).join(' ')
  const extra = [c.category, c.max_quantity !== undefined ? threshold(c) : undefined, c.pathways ? `only ${c.pathways.join(', ')}` : undefined].filter(Boolean)
  return extra.length > 0 ? `${parts} (${extra.join('; ')})` : parts
}

const DAY_NAMES: Record<string, string> = {mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun'}
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

/** `Mon–Fri 07:00–19:00; Sat 09:00–17:00`. */
export function formatHours(hours: Array<Partial<CoverageHours>> | undefined): string {
  if (!hours || hours.length === 0) return 'none'
  return hours.map((h) => `${formatDays(h.days ?? [])} ${h.from ?? '?'}–${h.to ?? '?'}`).join('; ')
}

function formatDays(days: string[]): string {
  const idx = [...new Set(days)].map((d) => WEEK.indexOf(d)).filter((i) => i >= 0).sort((a, b) => a - b)
  const runs: string[] = []
  for (let k = 0; k < idx.length; ) {
    let end = k
    while (end + 1 < idx.length && idx[end + 1] === idx[end]! + 1) end++
    const first = DAY_NAMES[WEEK[idx[k]!]!]!
    const last = DAY_NAMES[WEEK[idx[end]!]!]!
    runs.push(end - k >= 2 ? `${first}–${last}` : end === k ? first : `${first}, ${last}`)
    k = end + 1
  }
  return runs.join(', ') || 'no days'
}

const show = (v: unknown, unit = ''): string => (v === undefined || v === null ? '(none)' : `${typeof v === 'string' ? v : JSON.stringify(v)}${unit}`)

/** The field-facing differences between two versions of a protocol. */
export function compareProtocols(old: P, neu: P): SummaryItem[] {
  const items: SummaryItem[] = []
  const value = (topic: SummaryTopic, label: string, a: unknown, b: unknown, unit = '') => {
    if (deepEqual(a, b)) return
    items.push({topic, change: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed', text: `${label}: ${show(a, unit)} → ${show(b, unit)}`, old: a, new: b})
  }

  const oldCharges = new Map(list<DivertibleCharge>(old.divertible_charges).map((c) => [c.code, c]))
  const newCharges = new Map(list<DivertibleCharge>(neu.divertible_charges).map((c) => [c.code, c]))
  for (const [code, c] of newCharges) if (!oldCharges.has(code)) items.push({topic: 'charge', change: 'added', subject: code, text: `divertible charge added: ${chargeText(c)}`, new: c})
  for (const [code, c] of oldCharges) if (!newCharges.has(code)) items.push({topic: 'charge', change: 'removed', subject: code, text: `divertible charge removed: ${chargeText(c)}`, old: c})
  for (const [code, c] of newCharges) {
    const before = oldCharges.get(code)
    if (!before || deepEqual(before, c)) continue
    const what: string[] = []
    if (before.max_quantity !== c.max_quantity || before.unit !== c.unit) what.push(`threshold ${threshold(before)} → ${threshold(c)}`)
    if (before.label !== c.label) what.push(`label "${before.label}" → "${c.label}"`)
    if (before.category !== c.category) what.push(`category ${show(before.category)} → ${show(c.category)}`)
    if (!deepEqual(before.pathways, c.pathways)) what.push(`pathways ${before.pathways?.join(', ') ?? 'all'} → ${c.pathways?.join(', ') ?? 'all'}`)
    if (what.length === 0) what.push('notes changed')
    items.push({topic: 'charge', change: 'changed', subject: code, text: `divertible charge ${code}: ${what.join('; ')}`, old: before, new: c})
  }

  const oldExcl = new Map(list<Exclusion>(old.exclusions).map((e) => [e.id, e]))
  const newExcl = new Map(list<Exclusion>(neu.exclusions).map((e) => [e.id, e]))
  const exclText = (e: Exclusion) => `${e.id}: ${e.text}${e.overridable === false ? ' (not overridable)' : e.overridable ? ' (overridable)' : ''}`
  for (const [id, e] of newExcl) if (!oldExcl.has(id)) items.push({topic: 'exclusion', change: 'added', subject: id, text: `exclusion added: ${exclText(e)}`, new: e})
  for (const [id, e] of oldExcl) if (!newExcl.has(id)) items.push({topic: 'exclusion', change: 'removed', subject: id, text: `exclusion removed: ${exclText(e)}`, old: e})
  for (const [id, e] of newExcl) {
    const before = oldExcl.get(id)
    if (!before || deepEqual(before, e)) continue
    const what: string[] = []
    if (before.overridable !== e.overridable) what.push(e.overridable ? 'now overridable' : 'no longer overridable')
    if (before.text !== e.text) what.push(`text "${before.text}" → "${e.text}"`)
    items.push({topic: 'exclusion', change: 'changed', subject: id, text: `exclusion ${id}: ${what.join('; ') || 'changed'}`, old: before, new: e})
  }

  value('intake_deadline', 'intake deadline', old.intake_deadline_days, neu.intake_deadline_days, ' days')
  const oldHours = old.coverage?.hours
  const newHours = neu.coverage?.hours
  if (!deepEqual(oldHours, newHours)) items.push({topic: 'coverage_hours', change: 'changed', text: `coverage hours: ${formatHours(oldHours)} → ${formatHours(newHours)}`, old: oldHours, new: newHours})
  value('off_hours_phone', 'off-hours phone', old.coverage?.off_hours_phone, neu.coverage?.off_hours_phone)

  const oldPaths = list<string>(old.pathways)
  const newPaths = list<string>(neu.pathways)
  for (const p of newPaths) if (!oldPaths.includes(p)) items.push({topic: 'pathway', change: 'added', subject: p, text: `pathway added: ${p}`, new: p})
  for (const p of oldPaths) if (!newPaths.includes(p)) items.push({topic: 'pathway', change: 'removed', subject: p, text: `pathway removed: ${p}`, old: p})

  // Secondary: still worth a line, after what the field needs to know.
  value('status', 'status', old.status, neu.status)
  value('effective', 'in force from', old.effective?.from, neu.effective?.from)
  value('effective', 'in force until', old.effective?.to, neu.effective?.to)
  value('min_age', 'minimum age', old.min_age, neu.min_age)
  value('response_target', 'response target', old.coverage?.response_target_minutes, neu.coverage?.response_target_minutes, ' minutes')
  value('complainant_agreement', 'complainant agreement required', old.complainant_agreement_required, neu.complainant_agreement_required)
  value('lookback', 'social contact look-back', old.social_contact_lookback_months, neu.social_contact_lookback_months, ' months')
  const oldAreas = new Map(list<{id: string; districts?: string[]}>(old.catchment).map((c) => [c.id, c]))
  const newAreas = new Map(list<{id: string; districts?: string[]}>(neu.catchment).map((c) => [c.id, c]))
  for (const [id, c] of newAreas) {
    const before = oldAreas.get(id)
    if (!before) items.push({topic: 'catchment', change: 'added', subject: id, text: `catchment area added: ${id} (${(c.districts ?? []).join(', ')})`, new: c})
    else if (!deepEqual(before.districts, c.districts)) items.push({topic: 'catchment', change: 'changed', subject: id, text: `catchment area ${id}: districts ${(before.districts ?? []).join(', ')} → ${(c.districts ?? []).join(', ')}`, old: before, new: c})
  }
  for (const [id] of oldAreas) if (!newAreas.has(id)) items.push({topic: 'catchment', change: 'removed', subject: id, text: `catchment area removed: ${id}`, old: oldAreas.get(id)})
  return items
}
