/**
 * What a user says about the values of an export: value maps (`--value status:Y=active,N=separated`
 * or a map file), row filters (`--where status=Y`, `--where "Unit Type!=Civilian"`), and the whole
 * numbers spreadsheets write with a decimal part (`13001.0`).
 */
import fs from 'node:fs'
import {usageError} from '../errors.js'
import {columnOf, columnsHint, type ColumnMap} from './columns.js'
import {yaml} from '../records/yaml-lib.js'

/** A value as compared by maps and filters: trimmed, case and inner spacing ignored. */
export const valueKey = (text: string): string => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()

/** Column key (field or header) → (value key → replacement). */
export type ValueMaps = Map<string, Map<string, string>>

/** Parse `--value KEY:RAW=VALUE,RAW=VALUE` (repeatable; later pairs win). */
export function parseValueMaps(values: readonly string[], into: ValueMaps = new Map()): ValueMaps {
  for (const flag of values) {
    const colon = flag.indexOf(':')
    const key = colon > 0 ? flag.slice(0, colon).trim() : ''
    const pairs = colon > 0 ? flag.slice(colon + 1).split(',') : []
    const map = into.get(key) ?? new Map<string, string>()
    for (const pair of pairs) {
      const eq = pair.indexOf('=')
      if (eq === -1 || pair.slice(eq + 1).trim() === '') throw badValue(flag)
      map.set(valueKey(pair.slice(0, eq)), pair.slice(eq + 1).trim())
    }
    if (!key || map.size === 0) throw badValue(flag)
    into.set(key, map)
  }
  return into
}

// The pairs are not repeated: an export's values (a participant's details among them) are what they map.
const badValue = (flag: string) => usageError('BAD_VALUE_MAP', `--value ${flag.indexOf(':') > 0 ? `${flag.slice(0, flag.indexOf(':')).trim()}:…` : '…'}: expected FIELD:FROM=TO[,FROM=TO…] (the pairs are not shown)`, 'e.g. --value "status:Y=active,N=separated" --value "shift:1=day,2=swing,3=night"')

/**
 * A value-map file: YAML or JSON, one map per field or column, e.g.
 * `status: {Y: active, N: separated}` and `rank: {"9161 - POLICE OFFICER": Police Officer}`.
 */
export async function readValueMapFile(file: string, into: ValueMaps = new Map()): Promise<ValueMaps> {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw usageError('NO_SUCH_FILE', `cannot read the value-map file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'give the path of a YAML file such as: status: {Y: active, N: separated}')
  }
  const {parse} = yaml()
  let data: unknown
  try {
    data = parse(text, {version: '1.2', schema: 'core', maxAliasCount: 0})
  } catch (error) {
    throw usageError('BAD_VALUE_MAP', `${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, 'write one map per field, e.g. status: {Y: active, N: separated}')
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw usageError('BAD_VALUE_MAP', `${file} must map fields to value maps`, 'e.g. status: {Y: active, N: separated}')
  for (const [key, pairs] of Object.entries(data)) {
    if (!pairs || typeof pairs !== 'object' || Array.isArray(pairs)) throw usageError('BAD_VALUE_MAP', `${file}: ${key} must be a map of FROM: TO values`, 'e.g. status: {Y: active, N: separated}')
    const map = into.get(key) ?? new Map<string, string>()
    for (const [from, to] of Object.entries(pairs as Record<string, unknown>)) {
      if (to === null || typeof to === 'object') throw usageError('BAD_VALUE_MAP', `${file}: ${key}.${from} must be a single value`, 'write FROM: TO pairs')
      map.set(valueKey(from), String(to))
    }
    into.set(key, map)
  }
  return into
}

/** Value maps resolved to columns (0-based index → map). Throws for a key naming no column. */
export function resolveValueMaps(maps: ValueMaps, headers: readonly string[], columns: ColumnMap, headerHint = columnsHint(headers)): Map<number, Map<string, string>> {
  const byColumn = new Map<number, Map<string, string>>()
  for (const [key, map] of maps) {
    const column = columnOf(key, headers, columns)
    if (column === undefined) throw usageError('UNKNOWN_COLUMN', `--value ${key}: no field or column "${key}" in the file`, headerHint)
    byColumn.set(column, new Map([...(byColumn.get(column) ?? []), ...map]))
  }
  return byColumn
}

export interface RowFilter {
  flag: string
  key: string
  negate: boolean
  values: ReadonlySet<string>
}

/** Parse `--where KEY=V1,V2` and `--where KEY!=V` (repeatable; a row must pass every one). Messages name the column, never the values: they may be what a row holds. */
export function parseRowFilters(values: readonly string[]): RowFilter[] {
  return values.map((flag) => {
    const m = /^([^=!]+?)\s*(!?=)\s*(.*)$/s.exec(flag)
    if (!m) throw usageError('BAD_WHERE', `a --where filter is not COLUMN=VALUE or COLUMN!=VALUE (it is not shown: it may hold what a row holds)`, 'e.g. --where status=Y --where "Unit Type!=Civilian" (several values: --where "status=Active,On Leave")')
    return {flag, key: m[1]!.trim(), negate: m[2] === '!=', values: new Set(m[3]!.split(',').map(valueKey))}
  })
}

export interface ResolvedFilter extends RowFilter {
  column: number
}

export function resolveRowFilters(filters: readonly RowFilter[], headers: readonly string[], columns: ColumnMap, headerHint = columnsHint(headers)): ResolvedFilter[] {
  return filters.map((f) => {
    const column = columnOf(f.key, headers, columns)
    if (column === undefined) throw usageError('UNKNOWN_COLUMN', `--where "${f.key}${f.negate ? '!=' : '='}…": no field or column "${f.key}" in the file`, headerHint)
    return {...f, column}
  })
}

/** Whether a row's raw cells pass every filter (compared before any value map applies). */
export function passesFilters(cells: readonly string[], filters: readonly ResolvedFilter[]): boolean {
  for (const f of filters) {
    const hit = f.values.has(valueKey(cells[f.column] ?? ''))
    if (hit === f.negate) return false
  }
  return true
}

/** `13001.0` / `13001.00` → `13001`; anything else unchanged (undefined when not such a number). */
export function spreadsheetWholeNumber(text: string): string | undefined {
  const m = /^(\d+)\.0+$/.exec(text)
  return m ? m[1] : undefined
}
