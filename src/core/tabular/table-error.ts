/**
 * How a table that cannot be read is refused: one line, at its file (and line when known), exit 1.
 * A module of its own so that the readers (csv-text.ts, xlsx.ts) and table.ts, which calls them,
 * share it without importing each other.
 */
import {ExitCode, LeadError} from '../errors.js'

export function tableError(code: string, file: string, message: string, hint: string, line?: number): LeadError {
  return new LeadError(code, message, {pos: line === undefined ? {file} : {file, line}, hint, exit: ExitCode.invalid})
}
