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

type ValueFlag = 'file' | 'set' | 'id' | 'message' | 'dir'

/** The flags that take a value, by the forms accepted for each. */
const VALUE_FLAGS: Record<string, ValueFlag> = {'--file': 'file', '-f': 'file', '--set': 'set', '-s': 'set', '--id': 'id', '--message': 'message', '-m': 'message', '--dir': 'dir', '-C': 'dir'}

/** The line after `new` (global flags already moved after the words), or undefined when oclif should read it. */
export function readNewLine(tokens: readonly string[]): NewLine | undefined {
  const words: string[] = []
  const line: Omit<NewLine, 'kind'> = {set: [], json: false}
  // The last flag that took a value: oclif gives the words after a repeatable one (--set) to it.
  let current: ValueFlag | undefined
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    if (!token.startsWith('-')) {
      if (current === 'set') line.set.push(token)
      else words.push(token)
      continue
    }
    if (token === '--json') {
      if (line.json) return undefined
      line.json = true
      continue
    }
    if (token === '--commit' || token === '--no-commit') {
      if (line.commit !== undefined) return undefined
      line.commit = token === '--commit'
      continue
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1
    const flag = VALUE_FLAGS[eq > 0 ? token.slice(0, eq) : token]
    const value = eq > 0 ? token.slice(eq + 1) : tokens[++i]
    if (!flag || value === undefined || value === '' || value.startsWith('-')) return undefined
    if (flag === 'set') line.set.push(value)
    else if (line[flag] !== undefined) return undefined
    else line[flag] = value
    current = flag
  }
  return words.length === 1 ? {kind: words[0]!, ...line} : undefined
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
