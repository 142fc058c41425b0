/**
 * `lead set` of a record without oclif (bin/run.js through cli/early-start.ts): loading oclif, its
 * setup and the command class cost ~80 ms of CPU of every `set` (issue 15). The line is read here
 * only in forms oclif reads the same way (checked against @oclif/core's parser, 4.x):
 *   set WORDS... [-u|--unset FIELD]... [-m|--message TEXT] [--commit|--no-commit] [--json] [-C|--dir DIR]
 * with a flag's value as the next word or, for the long names, after `=` (never `-uX`, `-u=X`: left
 * to oclif), each flag but --unset at most once, no value empty or starting with `-`, no `--`.
 * As oclif does, the words after an --unset are more fields to unset until another flag that takes
 * a value (--message, --dir) comes, and the words are put back in the order they were typed
 * (oclif sorts them by where each first appears in the line).
 *
 * A write must not be made twice (cli/early-write.ts): until the write starts (cli/everyday/set.ts
 * calls `writing`), any error leaves the line to oclif, which runs it from the start; `set
 * lead.yaml …` goes to oclif too. From then on the error is reported by the early path itself.
 */
import {runEarlyWrite} from './early-write.js'
import {readWriteLine} from './write-line.js'

export interface SetLine {
  words: string[]
  unset: string[]
  message?: string
  commit?: boolean
  dir?: string
  json: boolean
}

/** The flags that take a value, by the forms accepted for each. */
const VALUE_FLAGS = {'--unset': 'unset', '-u': 'unset', '--message': 'message', '-m': 'message', '--dir': 'dir', '-C': 'dir'} as const

/** The line after `set` (global flags already moved after the words), or undefined when oclif should read it. */
export function readSetLine(tokens: readonly string[]): SetLine | undefined {
  const read = readWriteLine(tokens, VALUE_FLAGS, 'unset')
  if (!read || read.words.length === 0) return undefined
  const words = read.words.sort((a, b) => tokens.indexOf(a) - tokens.indexOf(b))
  return {words, unset: read.repeated, message: read.values.message, dir: read.values.dir, commit: read.commit, json: read.json}
}

/** Run `set` of a record if the line is one read here; false means nothing was written or printed. */
export async function runEarlySet(tokens: readonly string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  const line = readSetLine(tokens)
  if (!line) return false
  // As oclif reads --dir: the flag, else LEAD_DIR when it is not empty.
  const dir = line.dir ?? (env.LEAD_DIR || undefined)
  return runEarlyWrite(line.json, async (io, hooks) => {
    const {runSet} = await import('./everyday/set.js')
    return runSet({dir, words: line.words, unset: line.unset, message: line.message, commit: line.commit ?? true}, io, hooks)
  })
}
