/**
 * The report of rows an import left out: one line per problem with its position and reason, next
 * to the row as it was in the export, so a trainer can fix the rows in the spreadsheet (or send
 * the list back to HR) and import them again. Written as CSV through the shared CSV writer.
 */
import fs from 'node:fs'
import path from 'node:path'
import {ioError} from '../errors.js'
import {writeFileAtomic} from '../records/atomic-write.js'
import {toCsv, type FlatRow} from '../records/flat-export.js'
import type {TableProblem} from './problems.js'
import type {Table} from './table.js'

const REPORT_COLUMNS = ['row', 'column', 'code', 'severity', 'message', 'hint']

/** The report's CSV text: the problem columns, then the export's own columns for that row. */
export function skippedReportCsv(table: Pick<Table, 'headers' | 'rows'>, problems: readonly TableProblem[]): string {
  const byRow = new Map(table.rows.map((r) => [r.row, r.cells]))
  // The export's columns, renamed where they would clash with the report's own.
  const own = table.headers.map((h, i) => (REPORT_COLUMNS.includes(h) || h === '' ? `${h || 'column'} (${i + 1})` : h))
  const rows: FlatRow[] = problems.map((p) => {
    const out: FlatRow = {row: p.row, column: p.column, code: p.code, severity: p.severity ?? 'error', message: p.message, hint: p.hint ?? null}
    const cells = byRow.get(p.row) ?? []
    own.forEach((h, i) => (out[h] = cells[i] ?? null))
    return out
  })
  return toCsv([...REPORT_COLUMNS, ...own], rows)
}

/** Write the report (0600: it names officers); the folder is created when missing. */
export function writeSkippedReport(file: string, table: Pick<Table, 'headers' | 'rows'>, problems: readonly TableProblem[]): void {
  try {
    fs.mkdirSync(path.dirname(file), {recursive: true})
    writeFileAtomic(file, skippedReportCsv(table, problems), 0o600)
  } catch (error) {
    throw ioError('IO_ERROR', `cannot write the report of skipped rows to ${file}: ${(error as Error).message}`, 'choose another path with --report FILE')
  }
}
