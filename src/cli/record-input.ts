/**
 * Reading a record given whole with `--file FILE` or `--file -` (YAML or JSON on stdin), never more
 * than a record of its kind may hold: `--file /dev/zero` or an endless pipe stops at the cap.
 */
import {LeadError, ExitCode, usageError} from '../core/errors.js'
import {readCapped, readStreamCapped, type Capped} from '../core/records/bounded-read.js'
import type {RecordData} from '../core/records/load.js'
import {parseRecordText} from '../core/records/record-parse.js'
import {formatBytes} from '../core/text/byte-size.js'

/** `conceal`: the record holds participant data, so parse messages repeat none of its text. */
export async function readRecordInput(file: string, maxBytes: number, options: {conceal?: boolean} = {}): Promise<RecordData> {
  let read: Capped
  const name = file === '-' ? '<stdin>' : file
  try {
    read = file === '-' ? await readStdin(maxBytes) : readCapped(file, maxBytes)
  } catch (error) {
    if (error instanceof LeadError) throw error
    throw new LeadError('IO_ERROR', `cannot read ${name}: ${(error as Error).message}`, {exit: ExitCode.usage, hint: 'check the path given to --file'})
  }
  if (read.bytes === undefined) throw usageError('FILE_TOO_LARGE', `${name} is over ${formatBytes(maxBytes)}, the most a record of this kind may hold; nothing was read past that`, 'give one record per file (is this the file you meant?)')
  const bytes = read.bytes
  let text: string
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes)
  } catch {
    throw usageError('NOT_UTF8', `${name} is not UTF-8 text`, 're-save it as UTF-8')
  }
  // JSON is YAML 1.2, so one safe parser reads both.
  const parsed = parseRecordText(name, text, options)
  const error = parsed.diagnostics.find((d) => d.severity === 'error')
  if (error) throw new LeadError(error.code, error.message, {exit: ExitCode.usage, pos: {file: name, line: error.line, column: error.column}, hint: error.hint})
  if (parsed.data === null || parsed.data === undefined) return {}
  if (typeof parsed.data !== 'object' || Array.isArray(parsed.data)) throw usageError('NOT_A_RECORD', `${name} must hold one record (a map of fields)`, 'e.g. {name: Harbor Police Department, type: law_enforcement}')
  return parsed.data as RecordData
}

async function readStdin(maxBytes: number): Promise<Capped> {
  if (process.stdin.isTTY) throw usageError('NO_STDIN', '--file - reads the record from standard input, but it is a terminal', 'pipe the record in: cat record.yaml | lead new KIND --file -')
  return readStreamCapped(process.stdin, maxBytes)
}
