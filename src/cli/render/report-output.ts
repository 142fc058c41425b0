/**
 * How the report commands print a report: one JSON document with the files left out, a CSV table
 * (--format csv), or the text table; either way a note on stderr counts the files left out.
 */
import type {FlatRow} from '../../core/records/flat-export.js'
import type {Output} from '../output.js'

export interface ReportShown<R> {
  report: R
  /** Files left out because they do not pass their schema, as they may be printed (shownSitePath). */
  skipped: readonly string[]
}

export interface ReportForms<R> {
  text: (report: R) => string
  /** The CSV table, for --format csv (absent: the report has no CSV form). */
  csv?: (report: R) => Promise<{columns: string[]; rows: FlatRow[]}>
}

export async function printReport<R>(io: Output, {report, skipped}: ReportShown<R>, forms: ReportForms<R>, csv?: {format: string; neutralize: boolean; bom: boolean}): Promise<void> {
  if (io.json) return io.printJson({...report, skippedFiles: skipped})
  if (forms.csv && csv?.format === 'csv') {
    // The CSV writer is loaded for --format csv alone.
    const [{columns, rows}, {toCsv}] = await Promise.all([forms.csv(report), import('../../core/records/flat-export.js')])
    process.stdout.write(toCsv(columns, rows, {neutralize: csv.neutralize, bom: csv.bom}))
  } else io.out(forms.text(report))
  if (skipped.length) io.say(`note: ${skipped.length} file(s) left out because they do not pass their schema; see \`lead validate\``)
}
