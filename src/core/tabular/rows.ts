/**
 * Reading a table's rows into items, the way every import does it: columns recognised (or
 * mapped), rows filtered (--where), values mapped (--value), spreadsheet whole numbers repaired
 * (with one summary notice, never one per row), and every problem collected with its position, so
 * one bad row never hides the others. The caller's parser turns one row into one item or reports
 * why it cannot; rows with an error are left out of `items` and listed in `skipped`.
 */
import {headerKey, recognizeColumns, type ColumnChoice, type ColumnMap, type FieldSpec} from './columns.js'
import {isError, sortProblems, type TableProblem} from './problems.js'
import type {Table} from './table.js'
import {parseRowFilters, passesFilters, resolveRowFilters, resolveValueMaps, spreadsheetWholeNumber, valueKey, type ValueMaps} from './values.js'

export interface RowOptions {
  fields: readonly FieldSpec[]
  /** --map choices (parseColumnChoices). */
  columns?: readonly ColumnChoice[]
  /** --value / value-map file (parseValueMaps, readValueMapFile). */
  values?: ValueMaps
  /** --where values (raw flag text). */
  where?: readonly string[]
  /** The hint listing the file's columns (columnsHint); a participant import lists only names it may print. */
  headerHint?: string
  /**
   * Hand a row refused while reading (a cell with a control character, too many or too few cells)
   * to the parser all the same, its problems unreported and its value dropped: a participant
   * import scans what such a row holds for identifiers (import/refused-rows.ts).
   */
  readRefused?: boolean
}

/** A summary said once for the whole file (e.g. how many badges were spreadsheet numbers). */
export interface TableNotice {
  code: string
  message: string
  hint?: string
}

/** One row as the parser sees it. Cell values are trimmed, spaces collapsed, maps applied. */
export interface RowReader {
  readonly row: number
  readonly cells: readonly string[]
  /** The field's value; undefined when the file has no such column, '' when the cell is empty. */
  get(field: string): string | undefined
  /** 1-based column of a field (or of the first column when the file has none). */
  column(field: string): number
  has(field: string): boolean
  /** Report a problem at the field's cell; an error (the default) leaves the row out. Returns undefined, so `return r.problem(…)` ends a parser. */
  problem(field: string | undefined, code: string, message: string, hint?: string, severity?: 'error' | 'warning'): undefined
}

export interface RowsResult<T> {
  columns: ColumnMap
  items: Array<{row: number; value: T}>
  /** Every problem, in file order (cells refused while reading included). */
  problems: TableProblem[]
  /** Rows left out because of an error. */
  skipped: number[]
  /** Rows left out by --where. */
  filtered: number
  /** Rows that repeat the header row (exports joined together, a report's header on every page): left out. */
  headerRepeats: number[]
  notices: TableNotice[]
}

export function readRows<T>(table: Table, options: RowOptions, parse: (row: RowReader) => T | undefined): RowsResult<T> {
  const columns = recognizeColumns(table.headers, options.fields, options.columns, options.headerHint)
  const filters = resolveRowFilters(parseRowFilters(options.where ?? []), table.headers, columns, options.headerHint)
  const valueMaps = resolveValueMaps(options.values ?? new Map(), table.headers, columns, options.headerHint)
  const wholeNumberColumns = new Map<number, string>()
  for (const f of options.fields) if (f.wholeNumber && columns[f.name] !== undefined) wholeNumberColumns.set(columns[f.name]!, f.name)
  const repaired = new Map<string, {count: number; example: string; lastRow: number}>()
  const problems: TableProblem[] = [...table.problems]
  const refused = new Set(table.problems.filter(isError).map((p) => p.row))
  const skipped: number[] = []
  const items: RowsResult<T>['items'] = []
  const width = table.headers.length
  const used = Object.values(columns)
  let filtered = 0
  const headerRepeats: number[] = []
  const headerKeys = used.map((c) => headerKey(table.headers[c] ?? ''))
  const repeatsHeader = (cells: readonly string[]) => used.length >= 2 && used.every((c, i) => headerKeys[i] !== '' && headerKey(cells[c] ?? '') === headerKeys[i])

  for (const {row, cells} of table.rows) {
    if (repeatsHeader(cells)) {
      headerRepeats.push(row)
      continue
    }
    if (!passesFilters(cells, filters)) {
      filtered++
      continue
    }
    let bad = refused.has(row)
    const report = (column: number, code: string, message: string, hint?: string, severity: 'error' | 'warning' = 'error') => {
      problems.push({code, file: table.file, row, column, message, hint, ...(severity === 'warning' ? {severity} : {})})
      if (severity === 'error') bad = true
    }
    const extra = cells.findIndex((c, i) => i >= width && c !== '')
    if (extra !== -1) report(extra + 1, 'EXTRA_CELLS', `row has ${cells.length} cells but the header has ${width} columns`, 'a comma or line break inside an unquoted cell shifts the columns: quote that cell, or export the sheet again')
    const missing = used.filter((c) => c >= cells.length)
    if (missing.length > 0) report(cells.length + 1, 'SHORT_ROW', `row has ${cells.length} of ${width} columns (no "${table.headers[missing[0]!]}")`, 'a line break inside an unquoted cell splits a row in two: quote that cell, or export the sheet again')
    // Refused before parsing: read only for a caller that looks at what the row holds (readRefused).
    const refusedAlready = bad
    if (!bad || options.readRefused) {
      const reader: RowReader = {
        row,
        cells,
        get(field) {
          const c = columns[field]
          if (c === undefined) return undefined
          let value = (cells[c] ?? '').replace(/\s+/g, ' ')
          const whole = wholeNumberColumns.has(c) ? spreadsheetWholeNumber(value) : undefined
          if (whole !== undefined) {
            // Counted once per row, however often the parser reads the field (a refused row's not at all).
            const r = repaired.get(field) ?? {count: 0, example: value, lastRow: 0}
            if (!refusedAlready && r.lastRow !== row) (r.count++, (r.lastRow = row), repaired.set(field, r))
            value = whole
          }
          const mapped = valueMaps.get(c)?.get(valueKey(value))
          return mapped ?? value
        },
        column: (field) => (columns[field] ?? 0) + 1,
        has: (field) => columns[field] !== undefined,
        problem: (field, code, message, hint, severity) => {
          if (refusedAlready) return undefined
          report(field === undefined ? 1 : (columns[field] ?? 0) + 1, code, message, hint, severity)
          return undefined
        },
      }
      const value = parse(reader)
      if (!bad && value !== undefined) items.push({row, value})
    }
    if (bad) skipped.push(row)
  }
  const notices: TableNotice[] = []
  for (const [field, r] of repaired) {
    notices.push({code: 'SPREADSHEET_NUMBERS', message: `${r.count} ${field.replace(/_/g, ' ')} value${r.count === 1 ? ' was' : 's were'} written as spreadsheet numbers (e.g. ${r.example}) and read as whole numbers (${spreadsheetWholeNumber(r.example)})`, hint: `format the ${field.replace(/_/g, ' ')} column as Text in the spreadsheet to keep leading zeros`})
  }
  if (headerRepeats.length > 0) {
    const n = headerRepeats.length
    notices.push({code: 'HEADER_REPEATED', message: `${n} row${n === 1 ? ' repeats' : 's repeat'} the header row (row ${headerRepeats.slice(0, 3).join(', ')}${n > 3 ? ', …' : ''}) and ${n === 1 ? 'was' : 'were'} left out`, hint: 'exports joined together, or a report that prints its header on every page: nothing to do'})
  }
  return {columns, items, problems: sortProblems(problems), skipped, filtered, headerRepeats, notices}
}
