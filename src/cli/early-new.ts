/**
 * `lead new KIND` without oclif (bin/run.js through cli/early-start.ts), for a line that asks no
 * questions: loading oclif, its setup and the command class cost ~80 ms of CPU of every `lead new`
 * a script or CI runs (issue 15). The line is read here only in forms oclif's parser (4.x) reads
 * the same way:
 *   new KIND [-f|--file FILE] [-s|--set FIELD=VALUE]... [--id ID] [-m|--message TEXT]
 *            [--commit|--no-commit] [--json] [-C|--dir DIR]
 * with a flag's value as the next word or, for the long names, after `=` (never `-sX`, `-s=X`:
 * left to oclif), each flag but --set at most once, no value empty or starting with `-` (so never
 * `--file -`: standard input read here could not be read again by oclif; nor a --file that is no
 * regular file, such as /dev/stdin), no `--`. As oclif does,
 * the words after a --set are more values of it until another flag that takes a value comes.
 *
 * A person at a terminal may be asked for what is missing: such a line (a terminal and no --json,
 * cli/interactive.ts canPrompt) is oclif's. So is every error before the write starts, since lead
 * has only read (cli/early-write.ts); from then on the error is reported here.
 */
import fs from 'node:fs'
import {canPrompt} from './interactive.js'
import {runEarlyWrite} from './early-write.js'
import {readWriteLine} from './write-line.js'

export interface NewLine {
  kind: string
  file?: string
  set: string[]
  id?: string
  message?: string
  commit?: boolean
  dir?: string
  json: boolean
}

/** The flags that take a value, by the forms accepted for each. */
const VALUE_FLAGS = {'--file': 'file', '-f': 'file', '--set': 'set', '-s': 'set', '--id': 'id', '--message': 'message', '-m': 'message', '--dir': 'dir', '-C': 'dir'} as const

/** The line after `new` (global flags already moved after the words), or undefined when oclif should read it. */
export function readNewLine(tokens: readonly string[]): NewLine | undefined {
  const read = readWriteLine(tokens, VALUE_FLAGS, 'set')
  if (!read || read.words.length !== 1) return undefined
  const {file, id, message, dir} = read.values
  return {kind: read.words[0]!, file, set: read.repeated, id, message, commit: read.commit, dir, json: read.json}
}

/**
 * Whether oclif, should the line be left to it, reads the file as this path did: a pipe (a file
 * named /dev/stdin, /dev/fd/0, a FIFO) gives what it holds once, and oclif read nothing (NOT_A_RECORD
 * "holds nothing" for an unknown field, say). What cannot be looked at is oclif's to report.
 */
function isRegularFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

/** Run `new` if the line is one read here; false means nothing was written or printed. */
export async function runEarlyNew(tokens: readonly string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  const line = readNewLine(tokens)
  if (!line || (canPrompt(env) && !line.json)) return false
  if (line.file !== undefined && !isRegularFile(line.file)) return false
  // As oclif reads --dir: the flag, else LEAD_DIR when it is not empty.
  const dir = line.dir ?? (env.LEAD_DIR || undefined)
  return runEarlyWrite(line.json, async (io, hooks) => {
    const {runNew} = await import('./everyday/new.js')
    const flags = {dir, kind: line.kind, file: line.file, set: line.set, id: line.id, message: line.message, commit: line.commit ?? true, interactive: false}
    await runNew(flags, io, hooks)
    return true
  })
}
