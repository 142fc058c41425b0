/**
 * Picking and ordering records for `lead list` and `lead export`: `--where FIELD=VALUE` filters
 * (also != > >= < <= and ~ for "contains"), `--fields` and `--sort` by dot path. Fields are checked
 * against the kind's schema (a misspelt one is a usage error naming the closest, never an empty
 * result) and values compared by the field's type: timestamps as instants (a date alone compares
 * the local day), dates as dates, numbers as numbers, choices checked against their allowed values.
 */
import {dateTimeInstant, isDateOnly, parseDate, problemText, type ClockContext} from '../clock/local-time.js'
import {localDate} from '../clock/dates.js'
import {usageError} from '../errors.js'
import type {JsonSchema} from '../schemas/schema-registry.js'
import {outline, resolveRef} from '../schemas/schema-outline.js'
import {closest, didYouMean} from '../text/suggest.js'
import type {RecordData} from './load.js'

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~'

export interface Condition {
  text: string
  field: string
  op: Operator
  value: string
}

/** What fields are checked against and values typed by: a kind's schema, and the site's clock. */
export interface QueryScope {
  schema: JsonSchema
  /** The kind, for messages ("a referral has no field …"). */
  kind: string
  clock?: ClockContext
}

const CONDITION = /^([A-Za-z_][A-Za-z0-9_.[\]]*)\s*(!=|>=|<=|=|>|<|~)(.*)$/s

export function parseCondition(text: string): Condition {
  const m = CONDITION.exec(text)
  if (!m) throw usageError('BAD_WHERE', `"${text}" is not a condition`, "write FIELD=VALUE (or != > >= < <= ~), e.g. --where 'status=enrolled' --where 'received>=2026-11-01'")
  return {text, field: normalizeField(m[1]!), op: m[2] as Operator, value: m[3]!}
}

/** `contacts[0].name` → `contacts.0.name`. */
const normalizeField = (field: string): string => field.trim().replace(/\[(\d+)\]/g, '.$1')

/**
 * The value at a dot path (`referrer.agency`, `contacts.0.name`). A field name applied to a list
 * of maps collects it from every item (`officers.badge` → every badge).
 */
export function valueAt(data: unknown, field: string): unknown {
  let v: unknown = data
  for (const seg of field.split('.')) {
    if (v === null || typeof v !== 'object') return undefined
    if (Array.isArray(v) && !/^[0-9]+$/.test(seg)) {
      const items = v.map((item) => (item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>)[seg] : undefined))
      v = items.filter((x) => x !== undefined).flat()
    } else {
      v = Array.isArray(v) ? v[Number(seg)] : (v as Record<string, unknown>)[seg]
    }
  }
  return v
}

/**
 * The schema of a field path as valueAt reads it (list positions, or a name reaching into every
 * item); a usage error naming the closest field when the kind has no such field.
 */
function fieldSchema(scope: QueryScope, field: string, flag: string, shown = field): JsonSchema {
  const root = scope.schema
  let node = resolveRef(root, root)
  const segs = field.split('.')
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!
    if (node.type === 'array') {
      node = resolveRef(root, (node.items as JsonSchema) ?? {})
      if (/^[0-9]+$/.test(seg)) continue
    }
    const props = (node.properties ?? {}) as Record<string, JsonSchema>
    if (node.type !== 'object' || !Object.hasOwn(props, seg)) {
      const parent = segs.slice(0, i).join('.')
      const where = i === 0 ? `a ${scope.kind}` : parent
      const guess = suggestField(root, field, seg, Object.keys(props), parent)
      throw usageError(
        'UNKNOWN_FIELD',
        `${flag} ${shown}: ${where} has no field "${seg}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
        node.type === 'object' ? `fields${i === 0 ? ` of a ${scope.kind}` : ` of ${parent}`}: ${Object.keys(props).join(', ')} (see \`lead schema show ${scope.kind} --outline\`)` : `${parent} has no fields; see \`lead schema show ${scope.kind} --outline\``,
      )
    }
    node = resolveRef(root, props[seg]!)
  }
  return node
}

/** The closest field: a sibling spelt alike, else a path spelt alike, else a path ending in the name. */
function suggestField(root: JsonSchema, field: string, seg: string, siblings: string[], parent: string): string | undefined {
  const sibling = closest(seg, siblings)
  if (sibling) return parent ? `${parent}.${sibling}` : sibling
  const paths = outline(root).map((f) => f.path.replace(/\[\]/g, ''))
  return closest(field, paths) ?? paths.find((p) => p.endsWith(`.${seg}`))
}

/** Check a list of --fields (or --sort) names; returns them normalised. */
export function checkFields(scope: QueryScope, fields: readonly string[], flag: string): string[] {
  return fields.map((f) => {
    const name = normalizeField(f)
    fieldSchema(scope, name, flag, f)
    return name
  })
}

/** One predicate for all the --where conditions, fields and values checked up front. */
export function compileWhere(conditions: readonly Condition[], scope?: QueryScope): (data: RecordData) => boolean {
  const tests = conditions.map((c) => {
    const leaf = scope ? fieldSchema(scope, c.field, '--where', `'${c.text}'`) : {}
    const test = scope ? typedTest(c, scope, leaf) : textTest(c)
    return (data: RecordData) => holds(valueAt(data, c.field), c, test)
  })
  return (data) => tests.every((t) => t(data))
}

/** Does one value hold the condition; `eq` the same test with `=`, for "no item equals" on lists. */
interface Test {
  (value: unknown): boolean
  eq?: Test
}

function holds(value: unknown, c: Condition, test: Test): boolean {
  if (Array.isArray(value)) {
    // A list matches = and ~ when any item does; != when none does.
    if (c.op === '!=') return !value.some((v) => holds(v, {...c, op: '='}, test.eq ?? test))
    return value.some((v) => holds(v, c, test))
  }
  if (value === undefined || value === null) return c.op === '!=' ? c.value !== '' : c.op === '=' && c.value === ''
  if (c.value === '' && (c.op === '=' || c.op === '!=')) return c.op === '!='
  return test(value)
}

const ordered = (op: Operator, d: number): boolean =>
  op === '=' ? d === 0 : op === '!=' ? d !== 0 : op === '>' ? d > 0 : op === '>=' ? d >= 0 : op === '<' ? d < 0 : d <= 0

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function contains(c: Condition): Test {
  const needle = c.value.toLowerCase()
  return (v) => String(v).toLowerCase().includes(needle)
}

/** Untyped: text comparison, numbers as numbers (for tables that have no schema). */
function textTest(c: Condition): Test {
  if (c.op === '~') return contains(c)
  const t: Test = (v) => ordered(c.op, typeof v === 'number' && c.value.trim() !== '' && Number.isFinite(Number(c.value)) ? v - Number(c.value) : compareText(String(v), c.value))
  t.eq = (v) => String(v) === c.value
  return t
}

function typedTest(c: Condition, scope: QueryScope, node: JsonSchema): Test {
  const s = node.type === 'array' ? resolveRef(scope.schema, (node.items as JsonSchema) ?? {}) : node
  const where = `--where '${c.text}'`
  if (s.type === 'object') throw usageError('BAD_WHERE', `${where}: ${c.field} is a map`, `compare one of its fields, e.g. --where '${c.field}.${Object.keys((s.properties ?? {}) as object)[0] ?? 'FIELD'}${c.op}${c.value}'`)
  if (c.op === '~') return contains(c)
  const eq = (make: (op: Operator) => Test): Test => Object.assign(make(c.op), {eq: make('=')})
  if (c.value === '') return eq(() => () => false)
  const tz = scope.clock?.timeZone
  if (s.format === 'date-time') {
    if (isDateOnly(c.value)) {
      const day = parseDate(c.value, scope.clock).value!
      return eq((op) => (v) => {
        const ms = Date.parse(String(v))
        return !Number.isNaN(ms) && ordered(op, compareText(localDate(new Date(ms), tz), day))
      })
    }
    const r = dateTimeInstant(c.value, scope.clock)
    if (r.problem) throw usageError('BAD_WHERE', `${where}: ${problemText(r.problem, JSON.stringify(c.value))}`, `${r.problem.hint}; a date alone (--where '${c.field}>=2026-11-01') compares the local day`)
    return eq((op) => (v) => {
      const ms = Date.parse(String(v))
      return !Number.isNaN(ms) && ordered(op, ms - r.value)
    })
  }
  if (s.format === 'date') {
    const r = parseDate(c.value, scope.clock)
    if (r.problem) throw usageError('BAD_WHERE', `${where}: ${problemText(r.problem, JSON.stringify(c.value))}`, r.problem.hint)
    return eq((op) => (v) => ordered(op, compareText(String(v), r.value)))
  }
  const types = Array.isArray(s.type) ? (s.type as string[]) : [String(s.type)]
  if (types.includes('number') || types.includes('integer')) {
    const n = Number(c.value)
    if (c.value.trim() === '' || !Number.isFinite(n)) throw usageError('BAD_WHERE', `${where}: ${c.field} is a number, and "${c.value}" is not one`, `e.g. --where '${c.field}${c.op}3'`)
    return eq((op) => (v) => typeof v === 'number' && ordered(op, v - n))
  }
  if (types.includes('boolean')) {
    const b = {true: true, yes: true, false: false, no: false}[c.value.trim().toLowerCase()]
    if (b === undefined || (c.op !== '=' && c.op !== '!=')) throw usageError('BAD_WHERE', `${where}: ${c.field} is true or false`, `e.g. --where '${c.field}=true' or --where '${c.field}=false'`)
    return eq((op) => (v) => (op === '=' ? v === b : v !== b))
  }
  if (Array.isArray(s.enum) && (c.op === '=' || c.op === '!=')) {
    const allowed = (s.enum as unknown[]).map(String)
    if (!allowed.includes(c.value)) throw usageError('BAD_WHERE', `${where}: ${c.field} is one of ${allowed.join(', ')}, never "${c.value}"${didYouMean(c.value, allowed)}`, `e.g. --where '${c.field}${c.op}${closest(c.value, allowed) ?? allowed[0]}'`)
  }
  return eq((op) => (v) => ordered(op, compareText(String(v), c.value)))
}

/**
 * Sort by a field; `-field` for descending; missing values last. With a scope the field is
 * checked and typed: timestamps by instant (offsets may differ), numbers numerically.
 */
export function sortBy<T>(items: T[], field: string, get: (item: T) => unknown, scope?: QueryScope): T[] {
  const desc = field.startsWith('-')
  const name = normalizeField(desc ? field.slice(1) : field)
  const node = scope ? fieldSchema(scope, name, '--sort', field) : undefined
  const instant = node?.format === 'date-time'
  const key = (item: T) => {
    const v = valueAt(get(item), name)
    if (!instant || typeof v !== 'string') return v
    const ms = Date.parse(v)
    return Number.isNaN(ms) ? v : ms
  }
  return items
    .map((item, i) => ({item, i, k: key(item)}))
    .sort((a, b) => {
      if (a.k === undefined || a.k === null) return b.k === undefined || b.k === null ? a.i - b.i : 1
      if (b.k === undefined || b.k === null) return -1
      const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k))
      return (desc ? -c : c) || a.i - b.i
    })
    .map((x) => x.item)
}

/** A cell's text for tables: lists joined, maps as flow YAML-ish JSON. */
export function displayValue(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) return value.map(displayValue).join(', ')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** The value as a record's fields, or undefined when it is not a map. */
export function asRecordData(data: unknown): RecordData | undefined {
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as RecordData) : undefined
}
