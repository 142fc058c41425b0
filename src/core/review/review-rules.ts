/**
 * Rules about how protocols may change, judged on a diff rather than on one state of the site:
 * an adopted protocol is amended by adding a version, never by editing its charges, exclusions or
 * deadlines in place; a superseded protocol is history and does not change at all. Referrals are
 * judged by the protocol in force on their date, so rewriting that protocol rewrites their past.
 */
import type {Diagnostic} from '../errors.js'
import type {Protocol} from '../records/types.js'
import type {DataPath} from '../records/yaml-source.js'
import {applySeverityOverrides} from '../validate/site-validation.js'
import type {FieldChange} from './record-diff.js'
import type {RecordChange, SiteDiff} from './site-diff.js'

/**
 * Fields of an adopted protocol that only a new version may change: everything that decides who
 * is eligible, by when, and from which date. (effective.to may be set in place: that is how a
 * version is closed when the next one takes over.)
 */
export const VERSIONED_FIELDS = [
  'divertible_charges',
  'exclusions',
  'intake_deadline_days',
  'social_contact_lookback_months',
  'min_age',
  'complainant_agreement_required',
  'pathways',
  'catchment',
  'criteria',
  'effective.from',
] as const

function versioned(c: FieldChange): boolean {
  const fields = VERSIONED_FIELDS as readonly string[]
  const first = c.segments[0] && 'field' in c.segments[0] ? c.segments[0].field : ''
  if (fields.includes(first)) return true
  if (first !== 'effective') return false
  const second = c.segments[1] && 'field' in c.segments[1] ? c.segments[1].field : undefined
  if (second !== undefined) return fields.includes(`effective.${second}`)
  // The whole effective map added, removed or replaced: judge its from.
  const from = (v: unknown) => (v && typeof v === 'object' ? (v as {from?: unknown}).from : undefined)
  return from(c.old) !== from(c.new)
}

export interface ReviewContext {
  /** The protocols of the new state, to suggest the next free version number. */
  protocols?: ReadonlyArray<{version?: unknown}>
}

/** The order a reviewer reads findings in: what bends the gate first, then what re-judges the past. */
const REVIEW_ORDER = ['GATE_CHANGED', 'POLICY_CHANGED', 'PROTOCOL_RETROACTIVE', 'PROTOCOL_HISTORY_REMOVED', 'PROTOCOL_HISTORY_RENAMED', 'ADOPTED_PROTOCOL_EDITED', 'SUPERSEDED_PROTOCOL_CHANGED', 'PROTOCOL_ADOPTED', 'PROTOCOL_RANGE_MOVED']

/** Errors before warnings, then in REVIEW_ORDER; stable otherwise. */
export function sortReview(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.severity === 'error' ? 0 : 100) + (REVIEW_ORDER.indexOf(d.code) + 1 || REVIEW_ORDER.length + 1)
  return diagnostics.map((d, i) => [d, i] as const).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([d]) => d)
}

export function reviewDiagnostics(diff: SiteDiff, overrides?: Record<string, string>, context: ReviewContext = {}): Diagnostic[] {
  const out: Diagnostic[] = []
  const versions = (context.protocols ?? []).map((p) => p.version).filter((v): v is number => typeof v === 'number')
  const highest = versions.length > 0 ? Math.max(...versions) : undefined
  for (const change of diff.records) if (change.kind === 'protocol') out.push(...protocolFindings(change, highest))
  return applySeverityOverrides(out, overrides)
}

function describe(c: FieldChange): string {
  const v = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x))
  if (c.change === 'added') return `${c.path} added${isPlain(c.new) ? ` (${v(c.new)})` : ''}`
  if (c.change === 'removed') return `${c.path} removed${isPlain(c.old) ? ` (${v(c.old)})` : ''}`
  return `${c.path}: ${v(c.old)} → ${v(c.new)}`
}

const isPlain = (x: unknown) => x === null || typeof x !== 'object'

function newVersionHint(change: RecordChange, version: unknown, highest: number | undefined): string {
  const next = typeof version === 'number' ? Math.max(version, highest ?? version) + 1 : undefined
  const id = change.oldId ?? change.id
  // A file name a reader can copy (a placeholder such as <new-id> would be concealed as a file name no ID could have).
  const file = next === undefined ? 'a new file under protocols/' : `a new file protocols/${nextVersionId(id, next)}.yaml`
  return `adopted protocols are amended by adding a version: put the change in ${file} with version: ${next ?? 'one above the highest'}, status: draft and supersedes: ${id}, and undo it here (git checkout -- ${change.oldFile ?? change.file})`
}

/** The ID a new version of protocol `id` may take: `2026-v2` → `2026-v3`, `harbor-2026` → `harbor-2026-v3`. */
export function nextVersionId(id: string, version: number): string {
  const versioned = /^(.*-v)[0-9]+$/.exec(id)
  return versioned ? `${versioned[1]}${version}` : `${id}-v${version}`
}

function protocolFindings(change: RecordChange, highest: number | undefined): Diagnostic[] {
  const old = change.old?.data as Partial<Protocol> | undefined
  if (!old || (old.status !== 'adopted' && old.status !== 'superseded')) return []
  const status = old.status
  const id = change.oldId ?? change.id
  const oldFile = change.oldFile ?? change.file
  const at = (path: DataPath, target: 'key' | 'value' = 'value') => {
    const pos = change.new?.source?.locate(path, target) ?? {line: 1, column: 1}
    return {file: change.file, line: pos.line, column: pos.column}
  }
  const history = status === 'superseded' ? 'referrals made while it was in force are judged by it' : 'it is the protocol in force, and referrals are judged by it'

  if (change.status === 'removed') {
    return [{code: 'PROTOCOL_HISTORY_REMOVED', severity: 'error', message: `${status} protocol ${id} was deleted; ${history}`, hint: `restore it (git checkout HEAD -- ${oldFile}); when a version is replaced, mark it status: superseded with effective.to instead`, file: oldFile, line: 1, column: 1}]
  }
  const out: Diagnostic[] = []
  if (change.status === 'renamed' && change.oldId !== change.id) {
    out.push({code: 'PROTOCOL_HISTORY_RENAMED', severity: 'error', message: `${status} protocol ${id} was renamed to ${change.id}; trainings, MOUs and referrals refer to it by its ID`, hint: `keep the file ${oldFile} and its id`, ...at(['id'])})
  }
  if (change.unreadable) return out // the file's own errors come from validation

  if (status === 'superseded') {
    for (const c of change.changes) {
      out.push({code: 'SUPERSEDED_PROTOCOL_CHANGED', severity: 'error', message: `superseded protocol ${id} changed: ${describe(c)}; ${history}`, hint: `a superseded protocol is history: undo the change (git checkout -- ${oldFile}); changes belong in the current version or a new one`, ...at(c.at, c.change === 'removed' ? 'key' : 'value')})
    }
    return out
  }

  for (const c of change.changes) {
    const field = c.segments[0] && 'field' in c.segments[0] ? c.segments[0].field : undefined
    const unadopted = field === 'status' && c.new === 'draft'
    if (!unadopted && !versioned(c)) continue
    const what = unadopted ? 'was returned to draft' : `changed without a new version: ${describe(c)}`
    out.push({code: 'ADOPTED_PROTOCOL_EDITED', severity: 'error', message: `adopted protocol ${id} ${what}`, hint: newVersionHint(change, old.version, highest), ...at(c.at, c.change === 'removed' ? 'key' : 'value')})
  }
  return out
}
