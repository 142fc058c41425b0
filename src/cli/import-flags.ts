/**
 * The flags every spreadsheet import shares (training rosters and attendance, and any import built
 * on src/core/tabular), and turning them into the tabular reader's options.
 */
import {Flags} from './oclif.js'
import {chalk} from './render/colors.js'
import {LeadError} from '../core/errors.js'
import {formatTableProblem, parseColumnChoices, parseValueMaps, readValueMapFile, type FieldSpec, type TableNotice, type TableProblem, type ValueMaps} from '../core/tabular/index.js'

export const importFlags = {
  map: Flags.string({description: 'Name the column of a field: FIELD=COLUMN (COLUMN=FIELD also works). Repeatable.', multiple: true, helpValue: 'FIELD=COLUMN'}),
  value: Flags.string({description: 'Map a column\'s values: FIELD:FROM=TO[,FROM=TO…] (e.g. "status:Y=active,N=separated"). Repeatable.', multiple: true, helpValue: 'FIELD:FROM=TO,…'}),
  values: Flags.string({description: 'A YAML file of value maps, e.g. status: {Y: active, N: separated}.', helpValue: 'FILE'}),
  where: Flags.string({description: 'Import only rows where COLUMN=VALUE[,VALUE…] (or COLUMN!=VALUE). Repeatable; compared before value maps.', multiple: true, helpValue: 'COLUMN=VALUE'}),
  sheet: Flags.string({description: 'The sheet of an .xlsx workbook to read, by name or number (default the first).'}),
  strict: Flags.boolean({description: 'Refuse the whole file when any row has a problem (default: import the other rows and report the skipped ones).'}),
  report: Flags.string({description: 'Where to write the report of skipped rows (CSV; default: next to the file, NAME.skipped.csv).', helpValue: 'FILE'}),
}

export interface ImportFlagValues {
  map?: string[]
  value?: string[]
  values?: string
  where?: string[]
}

export async function tabularOptions(flags: ImportFlagValues, fields: readonly FieldSpec[]): Promise<{columns: ReturnType<typeof parseColumnChoices>; values: ValueMaps; where: string[]}> {
  const values: ValueMaps = new Map()
  if (flags.values) await readValueMapFile(flags.values, values)
  parseValueMaps(flags.value ?? [], values)
  return {columns: parseColumnChoices(flags.map ?? [], fields), values, where: flags.where ?? []}
}

/** At most this many problems are listed on the terminal; the report file has them all. */
const SHOWN = 20

/** The problems (first SHOWN) and the summary notices, for stderr. */
export function problemLines(problems: readonly TableProblem[], notices: readonly TableNotice[], report?: string): string {
  const lines = notices.map((n) => `${chalk.yellow('warning')} ${n.code} ${n.message}${n.hint ? `\n  hint: ${n.hint}` : ''}`)
  for (const p of problems.slice(0, SHOWN)) {
    const [pos, rest] = formatTableProblem(p).split(/: (?=(?:error|warning) )/)
    const severity = (p.severity ?? 'error') === 'error' ? chalk.red('error') : chalk.yellow('warning')
    lines.push(`${pos}: ${severity}${rest!.slice(rest!.indexOf(' '))}${p.hint ? `\n  hint: ${p.hint}` : ''}`)
  }
  if (problems.length > SHOWN) lines.push(`… and ${problems.length - SHOWN} more${report ? ` in ${report}` : ''}`)
  if (report && problems.length > 0) lines.push(`skipped rows and why: ${report}`)
  return lines.join('\n')
}

/** The problems a CSV_INVALID refusal carries. */
export function refusalProblems(error: unknown): TableProblem[] | undefined {
  return error instanceof LeadError && error.code === 'CSV_INVALID' ? (error.details as {problems: TableProblem[]}).problems : undefined
}
