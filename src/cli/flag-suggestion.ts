/**
 * A flag the command does not have, said as a misspelt field or value is said:
 * `unknown flag --jsn (did you mean "--json"?)`, where oclif said "Nonexistent flag: --jsn".
 * The guess is from the flags the command was parsed with (oclif's parse input: its own and the
 * global --json and -C/--dir), by long name, alias and `--no-` form where the flag allows it.
 * Only the flag is printed, never what was typed after `=` (`--nots=Jane`) or after a short
 * flag's letter (`-xJane`): that may be a participant's name. Loaded by LeadCommand.catch for this
 * error alone, so a run that parses cleanly never loads it.
 */
import {closest} from '../core/text/suggest.js'

/** The parts of an oclif flag definition a guess reads. */
export interface FlagDefinition {
  type?: string
  char?: string
  aliases?: readonly string[]
  charAliases?: readonly string[]
  allowNo?: boolean
  hidden?: boolean
}

/** The message for the flags oclif found no definition for, as typed (`--nots=Jane`, `-x`). */
export function unknownFlagsMessage(typed: readonly string[], flags: Readonly<Record<string, FlagDefinition>>): string {
  const longs: string[] = []
  const shorts: string[] = []
  for (const [name, flag] of Object.entries(flags)) {
    // A hidden flag is not one to point a person to.
    if (flag.hidden) continue
    for (const long of [name, ...(flag.aliases ?? [])]) {
      longs.push(long)
      if (flag.type === 'boolean' && flag.allowNo) longs.push(`no-${long}`)
    }
    for (const char of [flag.char, ...(flag.charAliases ?? [])]) if (char) shorts.push(char)
  }
  const said = [...new Set(typed.map((token) => oneFlag(token, longs, shorts)))]
  return `unknown flag${said.length === 1 ? '' : 's'} ${said.join(', ')}`
}

function oneFlag(token: string, longs: readonly string[], shorts: readonly string[]): string {
  if (token.startsWith('--')) {
    const name = token.slice(2).split('=')[0]!
    return `--${name}${guess('--', closest(name, longs))}`
  }
  // `-json` for --json: a word close to a long name is a flag's name, not a value, and is shown.
  const word = token.slice(1).split('=')[0]!
  const long = word.length > 1 ? closest(word, longs) : undefined
  if (long) return `-${word}${guess('--', long)}`
  // Otherwise oclif read its first letter as the flag and the rest as its value: the letter alone,
  // and a guess only for a letter in the other case (-c for -C), as any letter is one edit away.
  const letter = token.slice(1, 2)
  return `-${letter}${guess('-', shorts.find((c) => c.toLowerCase() === letter.toLowerCase()))}`
}

const guess = (dashes: string, name: string | undefined): string => (name ? ` (did you mean "${dashes}${name}"?)` : '')

/** The flags lead takes before a command's words (cli/global-flags.ts moves them after it). */
const BEFORE_COMMAND: Readonly<Record<string, FlagDefinition>> = {
  json: {type: 'boolean'},
  dir: {type: 'option', char: 'C'},
  help: {type: 'boolean', char: 'h'},
  version: {type: 'boolean'},
}

/**
 * For a line whose first word is a flag lead does not take there (`lead --jsn status`, which oclif
 * reads as a command named "--jsn"): the message for the first such flag, or undefined when every
 * flag before the first word is one of the global ones (then the words are what is wrong).
 */
export function unknownFlagBeforeCommand(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!
    if (!token.startsWith('-') || token === '-' || token === '--') return undefined
    if (['--json', '--help', '-h', '--version'].includes(token) || /^--dir=|^-C./.test(token)) continue
    if (token === '-C' || token === '--dir') {
      i += 1
      continue
    }
    return unknownFlagsMessage([token], BEFORE_COMMAND)
  }
  return undefined
}
