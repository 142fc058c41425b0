/**
 * CSV bytes → rows of cells: the text encoding (UTF-8 with or without BOM, UTF-16 with BOM as
 * Excel's "Unicode text" saves it, Windows-1252 as a fallback), the delimiter (`,` `;` or tab,
 * from the header line) and the rows with their line numbers. csv-parse loads lazily.
 */
import {ExitCode, LeadError} from '../errors.js'
import {tableError} from './table-error.js'

/**
 * Bytes → text. A file that is not valid UTF-8 is read as Windows-1252 (what Excel on Windows
 * saves as "CSV") only when it holds no valid UTF-8 multibyte sequence at all: a UTF-8 file with
 * one stray byte would otherwise have every accented name turned into mojibake.
 */
export function decodeCsv(bytes: Uint8Array, file = 'the file'): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
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

export interface CsvGrid {
  delimiter: string
  /** Each record with the line it starts on (1-based); cells untrimmed. */
  rows: Array<{row: number; cells: string[]}>
  /** Whether the text ends with a line break (a cut-off file usually does not). */
  endsWithNewline: boolean
}

/** What the CSV reader's errors mean, in lead's words (its own messages can quote the file). */
const CSV_PROBLEMS: Record<string, string> = {
  INVALID_OPENING_QUOTE: 'a quote inside a cell that does not start with one',
  CSV_INVALID_OPENING_QUOTE: 'a quote inside a cell that does not start with one',
  CSV_INVALID_CLOSING_QUOTE: "text right after a quoted cell's closing quote",
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "text right after a quoted cell's closing quote",
  CSV_MAX_RECORD_SIZE: 'a row longer than the CSV reader takes',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'a row with another number of cells than the header',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'a row with another number of cells than the header',
}

export async function readCsvText(file: string, bytes: Uint8Array): Promise<CsvGrid> {
  const text = decodeCsv(bytes, file)
  const delimiter = detectDelimiter(text)
  const {parse} = await import('csv-parse/sync')
  let parsed: Array<{record: string[]; info: {lines: number}}>
  try {
    parsed = parse(text, {delimiter, info: true, relax_column_count: true, skip_empty_lines: true}) as unknown as typeof parsed
  } catch (error) {
    const e = error as Error & {code?: string; lines?: number; column?: unknown}
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw tableError('TABLE_TRUNCATED', file, `${file} ends inside a quoted cell opened near line ${e.lines}: the file looks cut short, or a quote is not closed`, 'export or copy the file again in full (or close the quote); nothing was written', e.lines)
    }
    // Worded here, never in the parser's words: they quote the cell (`value is "Jane …"`) or a
    // character of it, and an export's cells are names and birth dates.
    const column = typeof e.column === 'number' ? `, cell ${e.column + 1}` : ''
    throw tableError('CSV_SYNTAX', file, `${file} cannot be read as CSV near line ${e.lines ?? '?'}${column}: ${CSV_PROBLEMS[e.code ?? ''] ?? 'a line the CSV reader cannot split into cells'}`, 'check for a stray quote near that line; save the sheet again as CSV', e.lines)
  }
  // info.lines is the line a record ends on; it starts after the previous one ends.
  let previousEnd = 0
  const rows = parsed.map((p) => {
    const startsAfter = previousEnd
    previousEnd = p.info.lines
    return {row: startsAfter + 1, cells: p.record, end: p.info.lines}
  })
  // Blank lines between records make "previous end + 1" land on the blank line: count them back.
  const starts = lineStarts(text)
  for (const r of rows) {
    while (r.row < r.end && isBlankLine(text, starts, r.row)) r.row++
  }
  return {delimiter, rows: rows.map(({row, cells}) => ({row, cells})), endsWithNewline: /[\r\n]$/.test(text)}
}

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

function isBlankLine(text: string, starts: readonly number[], line: number): boolean {
  const from = starts[line - 1]
  if (from === undefined) return false
  const to = starts[line] ?? text.length
  return text.slice(from, to).trim() === ''
}
