/**
 * A spreadsheet export as a table of text cells: CSV (comma, semicolon or tab; UTF-8, UTF-16 or
 * Windows-1252), gzip-compressed CSV and Excel .xlsx, told apart by their first bytes rather than
 * the file name. Problems that make the whole file untrustworthy (not readable, cut short) throw a
 * LeadError; a cell that holds a control character is a problem of its row only (`problems`).
 */
import {gunzipSync} from 'node:zlib'
import {ExitCode, LeadError} from '../errors.js'
import {tableError} from './table-error.js'
import {readCsvText} from './csv-text.js'
import {controlCharacterProblems, type TableProblem} from './problems.js'

export type TableFormat = 'csv' | 'csv.gz' | 'xlsx'

export interface TableRow {
  /** 1-based row in the file: the line where a CSV row starts, the sheet row of an .xlsx. */
  row: number
  /** Text cells, NFC-normalised and trimmed; a missing trailing cell is absent (check `length`). */
  cells: string[]
}

export interface Table {
  /** The file as the user named it (used in every message). */
  file: string
  format: TableFormat
  headers: string[]
  /** The header's 1-based row (rows above it, e.g. a title line, are ignored). */
  headerRow: number
  rows: TableRow[]
  /** Cells refused as they were read (control characters): their rows should be skipped. */
  problems: TableProblem[]
}

export interface ReadTableOptions {
  /** .xlsx: the sheet to read, by name or 1-based number (default the first). */
  sheet?: string
}

/** Decompressed text larger than this is refused rather than exhausting memory. */
export const MAX_TABLE_BYTES = 256 * 1024 * 1024

const GZIP = [0x1f, 0x8b]
const ZIP = [0x50, 0x4b, 0x03, 0x04]
const OLE = [0xd0, 0xcf, 0x11, 0xe0]
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b)

/** The format the bytes are in (the name only breaks no ties: a renamed file is read for what it is). */
export function detectFormat(file: string, bytes: Uint8Array): TableFormat {
  if (startsWith(bytes, GZIP)) return 'csv.gz'
  if (startsWith(bytes, ZIP)) return 'xlsx'
  if (startsWith(bytes, OLE)) {
    throw tableError('XLS_UNSUPPORTED', file, `${file} is an old Excel .xls workbook (or another Office file), which lead does not read`, 'open it in the spreadsheet and save it as .xlsx or "CSV UTF-8"')
  }
  return 'csv'
}

export async function readTable(file: string, bytes: Uint8Array, options: ReadTableOptions = {}): Promise<Table> {
  const format = detectFormat(file, bytes)
  let grid: {rows: Array<{row: number; cells: string[]}>; endsWithNewline?: boolean}
  if (format === 'xlsx') {
    const {readXlsxRows} = await import('./xlsx.js')
    grid = await readXlsxRows(file, bytes, options.sheet)
  } else {
    const text = format === 'csv.gz' ? gunzip(file, bytes) : bytes
    grid = await readCsvText(file, text)
  }
  return tableFromGrid(file, format, grid.rows, grid.endsWithNewline)
}

function gunzip(file: string, bytes: Uint8Array): Uint8Array {
  try {
    return gunzipSync(bytes, {maxOutputLength: MAX_TABLE_BYTES})
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    if (e.code === 'ERR_BUFFER_TOO_LARGE') throw tableError('TABLE_TOO_LARGE', file, `${file} unpacks to more than ${MAX_TABLE_BYTES / 1024 / 1024} MiB`, 'split the export, or export only the columns lead needs')
    if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)) {
      throw tableError('TABLE_TRUNCATED', file, `${file} is cut short: the compressed file ends before its data does`, 'download or copy the export again; nothing was written')
    }
    throw tableError('GZIP_INVALID', file, `${file} cannot be unpacked: ${e.message}`, 'download or copy the export again')
  }
}

/** The header is the first row with two or more filled cells (a title line above it is skipped). */
export function tableFromGrid(file: string, format: TableFormat, grid: ReadonlyArray<{row: number; cells: string[]}>, endsWithNewline?: boolean): Table {
  const clean = grid.map((r) => ({row: r.row, cells: r.cells.map((c) => c.normalize('NFC').trim())}))
  const filled = (cells: string[]) => cells.reduce((n, c) => n + (c === '' ? 0 : 1), 0)
  let h = clean.findIndex((r) => filled(r.cells) >= 2)
  if (h === -1) h = clean.findIndex((r) => filled(r.cells) >= 1)
  if (h === -1) throw tableError('TABLE_EMPTY', file, `${file} has no header row`, 'export the sheet with its header row')
  const head = clean[h]!
  const headerProblems = controlCharacterProblems(file, head.row, head.cells)
  if (headerProblems.length > 0) {
    const p = headerProblems[0]!
    throw new LeadError(p.code, `${p.message} (in the header)`, {pos: {file, line: p.row, column: p.column}, hint: p.hint, exit: ExitCode.invalid})
  }
  const rows: TableRow[] = []
  const problems: TableProblem[] = []
  for (const r of clean.slice(h + 1)) {
    if (filled(r.cells) === 0) continue
    const bad = controlCharacterProblems(file, r.row, r.cells)
    if (bad.length > 0) problems.push(...bad)
    rows.push(r)
  }
  // Trailing empty header cells (a sheet's formatted but unused columns) are not columns.
  const headers = [...head.cells]
  while (headers.length > 0 && headers.at(-1) === '') headers.pop()
  if (endsWithNewline !== undefined) checkTruncation(file, headers.length, rows, endsWithNewline)
  return {file, format, headers, headerRow: head.row, rows, problems}
}

/**
 * A file cut mid-row (a copy stopped early, a download interrupted) ends with a row missing its
 * last columns; applying it would separate or rename officers. The last row short, or no newline
 * at the end while rows lack columns, is refused as a whole: no row of such a file is trusted.
 */
function checkTruncation(file: string, columns: number, rows: readonly TableRow[], endsWithNewline: boolean): void {
  const last = rows.at(-1)
  if (!last) return
  if (last.cells.length < columns) {
    throw tableError('TABLE_TRUNCATED', file, `${file} looks cut short: its last row (row ${last.row}) has ${last.cells.length} of ${columns} columns`, 'export or copy the file again in full; nothing was written', last.row)
  }
  if (!endsWithNewline) {
    const short = rows.find((r) => r.cells.length < columns)
    if (short) throw tableError('TABLE_TRUNCATED', file, `${file} does not end with a line break and row ${short.row} has ${short.cells.length} of ${columns} columns: the file looks cut short`, 'export or copy the file again in full; nothing was written', short.row)
  }
}
