/**
 * Picking and ordering records for `lead list` and `lead export`: `--where FIELD=VALUE` filters
 * (also != > >= < <= and ~ for "contains"), field values by dot path, and sorting.
 */
import {usageError} from '../errors.js'
import type {RecordData} from './load.js'

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~'

export interface Condition {
  text: string
  field: string
  op: Operator
  value: string
}

const CONDITION = /^([A-Za-z_][A-Za-z0-9_.[\]]*)\s*(!=|>=|<=|=|>|<|~)(.*)$/s

export function parseCondition(text: string): Condition {
  const m = CONDITION.exec(text)
  if (!m) throw usageError('BAD_WHERE', `"${text}" is not a condition`, 'write FIELD=VALUE (or != > >= < <= ~), e.g. --where status=enrolled --where received>=2026-11-01')
  return {text, field: m[1]!.replace(/\[(\d+)\]/g, '.$1'), op: m[2] as Operator, value: m[3]!}
}

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

function compare(a: unknown, b: string): number {
  if (typeof a === 'number' && b.trim() !== '' && Number.isFinite(Number(b))) return a - Number(b)
  const s = String(a)
  return s < b ? -1 : s > b ? 1 : 0
}

function holds(value: unknown, c: Condition): boolean {
  if (Array.isArray(value)) {
    // A list matches = and ~ when any item does; != when none does.
    if (c.op === '!=') return !value.some((v) => holds(v, {...c, op: '='}))
    return value.some((v) => holds(v, c))
  }
  if (value === undefined || value === null) return c.op === '!=' ? c.value !== '' : c.op === '=' && c.value === ''
  switch (c.op) {
    case '=':
      return String(value) === c.value
    case '!=':
      return String(value) !== c.value
    case '~':
      return String(value).toLowerCase().includes(c.value.toLowerCase())
    case '>':
      return compare(value, c.value) > 0
    case '>=':
      return compare(value, c.value) >= 0
    case '<':
      return compare(value, c.value) < 0
    case '<=':
      return compare(value, c.value) <= 0
  }
}

export function matches(data: RecordData, conditions: readonly Condition[]): boolean {
  return conditions.every((c) => holds(valueAt(data, c.field), c))
}

/** Sort by a field; `-field` for descending. Missing values go last. */
export function sortBy<T>(items: T[], field: string, get: (item: T) => unknown): T[] {
  const desc = field.startsWith('-')
  const name = desc ? field.slice(1) : field
  const key = (item: T) => valueAt(get(item), name)
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
