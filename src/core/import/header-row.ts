/**
 * The header row of a participant export, before any message may name its cells. A file without
 * a header row has its first data row read as the headers: a date, a time, a phone number or a name
 * would then be listed back in a hint. Such a row is refused unseen, and hints name only the headers
 * the identifier scan passes.
 */
import {LeadError} from '../errors.js'
import {scanText} from '../privacy/identifiers.js'
import {columnsHint, type Table} from '../tabular/index.js'

/** A cell no column name looks like: a date, a time, a number or a phone-like run of digits. */
const DATA = [
  /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T].*)?$/, // 2026-04-05, 4/5/2026, 05.04.26 (with a time)
  /^\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?$/i, // 10:00, 9:30 pm
  /^[+(]?\d[\d\s().,/-]*$/, // 13001, 0.4, 206-555-7788, (206) 555 7788
]

export function looksLikeData(cell: string): boolean {
  return DATA.some((re) => re.test(cell.trim()))
}

/** Refuse a header row whose cells look like data (exit 1); nothing of the row is repeated. */
export function checkHeaderRow(table: Pick<Table, 'file' | 'headers' | 'headerRow'>, exampleHeaders: string): void {
  const data = table.headers.map((h, i) => (looksLikeData(h) ? i + 1 : 0)).filter((i) => i > 0)
  if (data.length === 0) return
  throw new LeadError('HEADER_LOOKS_LIKE_DATA', `the first row looks like data, not column names (column${data.length === 1 ? '' : 's'} ${data.join(', ')} hold${data.length === 1 ? 's' : ''} a date, time or number; not shown)`, {
    pos: {file: table.file, line: table.headerRow, column: data[0]},
    exit: 1,
    hint: `add a first row naming the columns (e.g. ${exampleHeaders}) and rerun: lead reads the first row with two or more filled cells as column names`,
  })
}

/** The columns hint for a participant export: header names the identifier scan flags are counted, not shown. */
export function printableHeaders(headers: readonly string[]): string {
  const shown = headers.filter((h) => h !== '' && !looksLikeData(h) && scanText(h).length === 0)
  return columnsHint(shown, headers.length - shown.length)
}
