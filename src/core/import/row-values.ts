/**
 * Reading one row's cells into a new record, the way every record import does it: a value is
 * placed at its path, a list cell ("harbor-pd; evergreen-case-management") becomes a list mapped
 * item by item, yes/no answers and dates are read as lead reads them elsewhere (a spreadsheet's
 * date cell arrives as YYYY-MM-DD). Problems name the field and what was expected, never the cell:
 * a participant export's text may hold a person's details.
 */
import {parseDate, type Fold} from '../clock/local-time.js'
import type {RecordData} from '../records/load.js'
import {valueKey, type RowReader, type ValueMaps} from '../tabular/index.js'
import {isoDateText} from '../tabular/export-dates.js'

export interface RowContext {
  timeZone?: string
  fold?: Fold
  /** --value maps by field name, for list fields mapped item by item (charges, exclusions, partners). */
  values: ValueMaps
}

export interface ParsedRow {
  data: RecordData
  /** What the keyed hash is made of: the source key cell, else the row's identifying values. */
  keyMaterial: string
  /** The row had an error: `data` is only what it read, for the identifier scan (import/refused-rows.ts). */
  refused?: true
}

/** A row with an error: what it read still goes to the identifier scan, so one run reports both. */
export const refusedRow = (data: RecordData): ParsedRow => ({data, keyMaterial: '', refused: true})

const TRUE = new Set(['yes', 'y', 'true', 't', '1', 'x', 'si', 'sí'])
const FALSE = new Set(['no', 'n', 'false', 'f', '0'])
const NONE = new Set(['none', 'no', '-', 'n/a', 'na', '[]'])

export function setPath(data: RecordData, path: string, value: unknown): void {
  const parts = path.split('.')
  let node = data as Record<string, unknown>
  for (const p of parts.slice(0, -1)) {
    if (typeof node[p] !== 'object' || node[p] === null) node[p] = {}
    node = node[p] as Record<string, unknown>
  }
  node[parts.at(-1)!] = value
}

/** The readers of one row onto `data`; `ok` turns false at the first error reported. */
export function rowValues(r: RowReader, data: RecordData, ctx: RowContext) {
  const state = {ok: true}
  const text = (field: string): string | undefined => {
    const v = r.get(field)
    return v === undefined || v === '' ? undefined : v
  }
  const fail = (field: string, code: string, message: string, hint?: string) => {
    state.ok = false
    r.problem(field, code, message, hint)
  }
  return {
    get ok() {
      return state.ok
    },
    text,
    fail,
    put(field: string, path: string) {
      const v = text(field)
      if (v !== undefined) setPath(data, path, v)
    },
    /** Items separated by ; , or |, each mapped by the field's --value map; `none` is an empty list where allowed. */
    list(field: string, path: string, noneAllowed = false) {
      const v = text(field)
      if (v === undefined) return
      if (noneAllowed && NONE.has(valueKey(v))) return setPath(data, path, [])
      const map = ctx.values.get(field)
      const items = v.split(/\s*[;,|]\s*/).filter(Boolean).map((item) => map?.get(valueKey(item)) ?? item)
      setPath(data, path, [...new Set(items)])
    },
    yesNo(field: string, path: string) {
      const v = text(field)
      if (v === undefined) return
      const k = valueKey(v)
      if (TRUE.has(k)) setPath(data, path, true)
      else if (FALSE.has(k)) setPath(data, path, false)
      else fail(field, 'BAD_VALUE', `${field} is not yes or no`, `write yes/no (or map the export's answers: --value "${field}:Y=yes,N=no")`)
    },
    /** `dayText` reads the day a cell names (dayOf: ISO only; exportDayOf: the forms exports write too). */
    date(field: string, path: string, dayText: (cell: string) => string = dayOf) {
      const v = text(field)
      if (v === undefined) return
      const day = dayText(v)
      const parsed = parseDate(day.slice(0, 10), {timeZone: ctx.timeZone})
      if (parsed.problem || day.length > 10) fail(field, 'BAD_DATE', `${field} is not a date`, 'write YYYY-MM-DD')
      else setPath(data, path, parsed.value)
    },
  }
}

const DATE_AND_CLOCK = /^(\d{4}-\d{2}-\d{2})[ T](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?$/
const DATE_AND_CLOCK_EXPORT = /^(\d{4}-\d{2}-\d{2})[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?$/
const DATE_AND_12H_CLOCK = /^(\d{4}-\d{2}-\d{2}) (?:0?[1-9]|1[0-2]):[0-5]\d(?::[0-5]\d)?\s*[AP]M$/i

/**
 * The day of a date cell. A spreadsheet's date-and-time cell ("2026-03-02 14:30", how a sheet or
 * an export often stores the day a form was signed) is a wall-clock time, so its day is the day it
 * names; a time with an offset or a zone is not taken apart here and stays a BAD_DATE.
 */
export function dayOf(cell: string): string {
  return DATE_AND_CLOCK.exec(cell)?.[1] ?? cell
}

/** dayOf for a police records export: also the US `3/2/2026 2:30 PM`, `07-MAR-2026` (tabular/export-dates.ts). */
export function exportDayOf(cell: string): string {
  const iso = isoDateText(cell)
  return DATE_AND_CLOCK_EXPORT.exec(iso)?.[1] ?? DATE_AND_12H_CLOCK.exec(iso)?.[1] ?? iso
}

/** The keyed-hash material of a row: its source key cell when the file has one, else `identity`. */
export function keyMaterialOf(prefix: string, source: string | undefined, identity: unknown[]): string {
  return source !== undefined ? `${prefix}key\u0000${valueKey(source)}` : `${prefix}row\u0000${JSON.stringify(identity)}`
}
