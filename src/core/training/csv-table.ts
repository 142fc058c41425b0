/**
 * Reading a spreadsheet export as a table: bytes → text (UTF-8 with or without BOM; Excel's
 * Windows-1252 as a fallback), delimiter detected from the header line (`,` `;` or tab), rows
 * with their line numbers. csv-parse is loaded lazily so commands that never read CSV stay fast.
 */
import {LeadError, ExitCode} from '../errors.js'

export interface CsvRow {
  /** 1-based line in the file where the row ends (the header is line 1). */
  line: number
  cells: string[]
}

export interface CsvTable {
  file: string
  delimiter: string
  headers: string[]
  rows: CsvRow[]
}

/** A problem with one cell: reported as `file:ROW:COLUMN` (1-based). */
export interface CsvProblem {
  code: string
  file: string
  row: number
  column: number
  message: string
  hint?: string
}

export function formatCsvProblem(p: CsvProblem): string {
  return `${p.file}:${p.row}:${p.column}: error ${p.code} ${p.message}`
}

export function decodeCsv(bytes: Uint8Array): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes)
  } catch {
    // Not UTF-8: spreadsheets on Windows save "CSV" as Windows-1252.
    text = new TextDecoder('windows-1252').decode(bytes)
  }
  return text.replace(/^\uFEFF/, '')
}

/** The delimiter used most often outside quotes on the first line. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]])
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) break
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1)
  }
  let best = ','
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d
  return best
}

export async function readCsvTable(file: string, bytes: Uint8Array): Promise<CsvTable> {
  const text = decodeCsv(bytes)
  const delimiter = detectDelimiter(text)
  const {parse} = await import('csv-parse/sync')
  let parsed: Array<{record: string[]; info: {lines: number}}>
  try {
    parsed = parse(text, {delimiter, info: true, relax_column_count: true, skip_empty_lines: true, trim: true}) as unknown as typeof parsed
  } catch (error) {
    const e = error as Error & {lines?: number}
    throw new LeadError('CSV_SYNTAX', `${file} cannot be read as CSV: ${e.message.replace(/^Invalid Record Length: |^Quote Not Closed: /, '')}`, {
      pos: {file, line: e.lines},
      hint: 'check for an unclosed quote near that line; save the sheet again as CSV',
      exit: ExitCode.invalid,
    })
  }
  const nonEmpty = parsed.filter((p) => p.record.some((c) => c !== ''))
  if (nonEmpty.length === 0) throw new LeadError('CSV_EMPTY', `${file} has no header row`, {pos: {file}, hint: 'export the sheet with its header row', exit: ExitCode.invalid})
  const [head, ...rows] = nonEmpty
  return {
    file,
    delimiter,
    headers: head!.record.map((h) => h.normalize('NFC')),
    rows: rows.map((r) => ({line: r.info.lines, cells: r.record.map((c) => c.normalize('NFC'))})),
  }
}

/** A header reduced to letters and digits, for matching spellings like `Badge #` and `badge_no`. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}
