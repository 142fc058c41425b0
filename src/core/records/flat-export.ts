/**
 * Records as flat rows for spreadsheets: nested fields become dot names (`referrer.agency`), lists
 * of plain values one cell (`a; b`), lists of maps numbered columns (`contacts.0.name`). CSV cells a
 * spreadsheet would run as a formula are neutralised (OWASP, CWE-1236; reliability.md §4).
 */
import type {JsonSchema} from '../schemas/schema-registry.js'
import {outline} from '../schemas/schema-outline.js'

export type Cell = string | number | boolean | null
export type FlatRow = Record<string, Cell>

/** Joins a list of plain values in one cell. */
export const LIST_SEPARATOR = '; '

export function flattenRecord(data: unknown, prefix = '', out: FlatRow = {}): FlatRow {
  if (Array.isArray(data)) {
    if (data.every((v) => v === null || typeof v !== 'object')) {
      out[prefix] = data.map((v) => String(v)).join(LIST_SEPARATOR)
    } else {
      data.forEach((v, i) => flattenRecord(v, `${prefix}.${i}`, out))
    }
  } else if (data !== null && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) flattenRecord(v, prefix ? `${prefix}.${k}` : k, out)
  } else if (prefix) {
    out[prefix] = (data ?? null) as Cell
  }
  return out
}

/** Column order: the schema's field order (list positions in order), then anything else as seen. */
export function columnOrder(schema: JsonSchema, rows: readonly FlatRow[]): string[] {
  const rank = new Map<string, number>()
  outline(schema).forEach((f, i) => rank.set(f.path.replace(/\[\]/g, ''), i))
  const seen: string[] = []
  const known = new Set<string>()
  for (const row of rows) for (const k of Object.keys(row)) if (!known.has(k)) known.add(k), seen.push(k)
  const order = (col: string) => {
    const generic = col.replace(/\.[0-9]+(?=\.|$)/g, '')
    const indices = [...col.matchAll(/\.([0-9]+)(?=\.|$)/g)].map((m) => Number(m[1]))
    return {r: rank.get(generic) ?? Number.MAX_SAFE_INTEGER, indices}
  }
  const firstSeen = new Map(seen.map((c, i) => [c, i]))
  return seen.sort((a, b) => {
    const oa = order(a)
    const ob = order(b)
    for (let i = 0; i < Math.max(oa.indices.length, ob.indices.length); i++) {
      // Columns of the same list item stay together: contacts.0.* before contacts.1.*
      const ia = oa.indices[i] ?? -1
      const ib = ob.indices[i] ?? -1
      if (ia !== ib && a.split('.')[0] === b.split('.')[0]) return ia - ib
    }
    return oa.r - ob.r || firstSeen.get(a)! - firstSeen.get(b)!
  })
}

/** A text cell a spreadsheet would evaluate: = + - @ at the start, or a leading tab or CR. */
const FORMULA_START = /^[=+\-@\t\r]/

export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

export interface CsvOptions {
  /** Prefix formula-like text cells with ' (default true). Numbers are never touched. */
  neutralize?: boolean
  /** Start with a UTF-8 byte order mark so Excel reads the file as UTF-8. */
  bom?: boolean
}

function csvField(cell: Cell | undefined, neutralize: boolean): string {
  if (cell === null || cell === undefined) return ''
  let text = typeof cell === 'string' ? (neutralize ? neutralizeFormula(cell) : cell) : String(cell)
  if (/[",\r\n]/.test(text) || /^\s|\s$/.test(text)) text = `"${text.replace(/"/g, '""')}"`
  return text
}

/** RFC 4180 CSV with CRLF line ends. */
export function toCsv(columns: readonly string[], rows: readonly FlatRow[], options: CsvOptions = {}): string {
  const neutralize = options.neutralize !== false
  const lines = [columns.map((c) => csvField(c, neutralize)).join(',')]
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c], neutralize)).join(','))
  return `${options.bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`
}

/**
 * One row per item of a list of maps (`--each officers`): the item's fields as `officers.badge`,
 * `officers.name`…, next to the record's other fields. A record with an empty list gives no rows.
 */
export function flattenEach(data: Record<string, unknown>, field: string): FlatRow[] {
  const list = data[field]
  if (!Array.isArray(list)) return []
  const {[field]: _list, ...rest} = data
  const base = flattenRecord(rest)
  return list.map((item) => ({...base, ...flattenRecord(item, field)}))
}
