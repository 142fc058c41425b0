/** Reading the export file itself, and the refusal that lists every problem of a file. */
import fs from 'node:fs'
import {ExitCode, ioError, LeadError, usageError} from '../errors.js'
import {MAX_TABLE_BYTES} from './table.js'
import {isError, type TableProblem} from './problems.js'

/** The file's bytes; a missing file is a usage error (exit 2), an unreadable one an I/O error. */
export function readInputFile(shown: string, abs: string): Uint8Array {
  try {
    const st = fs.statSync(abs)
    if (st.isDirectory()) throw usageError('NOT_A_FILE', `${shown} is a folder`, 'give the path of the exported file (CSV, .csv.gz or .xlsx)')
    if (st.size > MAX_TABLE_BYTES) throw new LeadError('TABLE_TOO_LARGE', `${shown} is ${Math.round(st.size / 1024 / 1024)} MiB, more than lead reads (${MAX_TABLE_BYTES / 1024 / 1024} MiB)`, {exit: ExitCode.invalid, hint: 'split the export, or export only the columns lead needs'})
    return fs.readFileSync(abs)
  } catch (error) {
    if (error instanceof LeadError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw usageError('NO_SUCH_FILE', `${shown} does not exist`, 'give the path of the file exported from the spreadsheet (CSV, .csv.gz or .xlsx)')
    throw ioError('IO_ERROR', `cannot read ${shown}: ${(error as Error).message}`, 'check the path and its permissions')
  }
}

/** The refusal that lists problems (in `details.problems`; commands print them one per line). */
export function problemsRefusal(file: string, problems: readonly TableProblem[], hint?: string): LeadError {
  const errors = problems.filter(isError).length
  return new LeadError('CSV_INVALID', `${errors} problem${errors === 1 ? '' : 's'} in ${file}; nothing was written`, {
    exit: ExitCode.invalid,
    hint: hint ?? 'fix the rows listed above in the spreadsheet (row = line in the file or row of the sheet, column counted from 1), export again and rerun',
    details: {problems},
  })
}

/** Under --strict any error refuses the whole file; otherwise undefined (import the good rows). */
export function strictRefusal(file: string, problems: readonly TableProblem[], strict: boolean | undefined): LeadError | undefined {
  if (!strict || !problems.some(isError)) return undefined
  return problemsRefusal(file, problems, 'fix the rows listed above and rerun, or rerun without --strict to import the other rows and get a report of the skipped ones')
}
