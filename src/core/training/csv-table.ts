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

/**
 * Bytes → text. A file that is not valid UTF-8 is read as Windows-1252 (what Excel on Windows
 * saves as "CSV") only when it holds no valid UTF-8 multibyte sequence at all: a UTF-8 file with
 * one stray byte would otherwise have every accented name turned into mojibake.
 */
export function decodeCsv(bytes: Uint8Array, file = 'the file'): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes)
  } catch {
    const scan = scanUtf8(bytes)
    if (scan.multibyte && scan.invalidAt !== undefined) {
      const at = scan.invalidAt
      let lineStart = 0
      let line = 1
      for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) (line++, (lineStart = i + 1))
      const column = [...new TextDecoder('utf-8').decode(bytes.subarray(lineStart, at))].length + 1
      const hex = bytes[at]!.toString(16).toUpperCase().padStart(2, '0')
      throw new LeadError('CSV_ENCODING', `byte 0x${hex} (offset ${at}) is not UTF-8, yet the rest of ${file} is UTF-8`, {
        pos: {file, line, column},
        hint: 'correct that character in the sheet and save it again as "CSV UTF-8"',
        exit: ExitCode.invalid,
        details: {line, column, offset: at, byte: bytes[at]},
      })
    }
    // No UTF-8 at all: spreadsheets on Windows save "CSV" as Windows-1252.
    text = new TextDecoder('windows-1252').decode(bytes)
  }
  return text.replace(/^\uFEFF/, '')
}

/** Whether the bytes hold a valid UTF-8 multibyte sequence, and where the first invalid byte is. */
export function scanUtf8(bytes: Uint8Array): {multibyte: boolean; invalidAt?: number} {
  let multibyte = false
  let invalidAt: number | undefined
  const cont = (i: number) => i < bytes.length && (bytes[i]! & 0xc0) === 0x80
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!
    let len = 0
    if (b < 0x80) len = 1
    else if (b >= 0xc2 && b <= 0xdf) len = 2
    else if (b >= 0xe0 && b <= 0xef) len = 3
    else if (b >= 0xf0 && b <= 0xf4) len = 4
    let ok = len > 0
    if (ok && len > 1) {
      for (let k = 1; k < len; k++) if (!cont(i + k)) ok = false
      // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 either.
      const b1 = bytes[i + 1] ?? 0
      if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) ok = false
    }
    if (!ok) {
      invalidAt ??= i
      i++
      continue
    }
    if (len > 1) multibyte = true
    i += len
  }
  return invalidAt === undefined ? {multibyte} : {multibyte, invalidAt}
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
  const text = decodeCsv(bytes, file)
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
