/** Reading a record given whole with `--file FILE` or `--file -` (YAML or JSON on stdin). */
import fs from 'node:fs'
import {LeadError, ExitCode, usageError} from '../core/errors.js'
import type {RecordData} from '../core/records/load.js'
import {parseRecordText} from '../core/records/record-parse.js'

const MAX_BYTES = 4 * 1024 * 1024

export async function readRecordInput(file: string): Promise<RecordData> {
  let bytes: Buffer
  const name = file === '-' ? '<stdin>' : file
  try {
    bytes = file === '-' ? await readStdin() : fs.readFileSync(file)
  } catch (error) {
    throw new LeadError('IO_ERROR', `cannot read ${name}: ${(error as Error).message}`, {exit: ExitCode.usage, hint: 'check the path given to --file'})
  }
  if (bytes.byteLength > MAX_BYTES) throw usageError('FILE_TOO_LARGE', `${name} is over 4 MiB`, 'give one record per file')
  let text: string
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes)
  } catch {
    throw usageError('NOT_UTF8', `${name} is not UTF-8 text`, 're-save it as UTF-8')
  }
  // JSON is YAML 1.2, so one safe parser reads both.
  const parsed = parseRecordText(name, text)
  const error = parsed.diagnostics.find((d) => d.severity === 'error')
  if (error) throw new LeadError(error.code, error.message, {exit: ExitCode.usage, pos: {file: name, line: error.line, column: error.column}, hint: error.hint})
  if (parsed.data === null || parsed.data === undefined) return {}
  if (typeof parsed.data !== 'object' || Array.isArray(parsed.data)) throw usageError('NOT_A_RECORD', `${name} must hold one record (a map of fields)`, 'e.g. {name: Harbor Police Department, type: law_enforcement}')
  return parsed.data as RecordData
}

async function readStdin(): Promise<Buffer> {
  if (process.stdin.isTTY) throw usageError('NO_STDIN', '--file - reads the record from standard input, but it is a terminal', 'pipe the record in: cat record.yaml | lead new KIND --file -')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer)
    size += (chunk as Buffer).byteLength
    if (size > MAX_BYTES) break
  }
  return Buffer.concat(chunks)
}
