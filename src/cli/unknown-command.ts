/**
 * A line that names no lead command (`lead sett …`, and `lead -h sett …`, whose help has no
 * command to show): one line naming the likely command (swapped words, synonyms and typos:
 * command-suggestion.ts) and a hint with the line to run, exit 2 and never a prompt, so a typo in
 * a script or CI job fails fast. The line is repeated by its shape only (typed-words.ts): `lead
 * sett r-… notes=Jane` hints `lead set r-… …`, since what was typed after the command may be a
 * participant's name. Under --json (anywhere before `--`) the error is also one JSON document on
 * stdout, as every usage error is (output.ts reportError). Loaded for these lines alone.
 */
import type {Interfaces} from '@oclif/core'
import {ExitCode, LeadError} from '../core/errors.js'
import {commandPrefix, suggestCommand} from './command-suggestion.js'
import {chooseColor, reportError} from './output.js'
import {HIDDEN, TypedWords} from './typed-words.js'

/** --json anywhere on the line, before `--` (after it, it is an argument). */
export function wantsJson(tokens: readonly string[]): boolean {
  const end = tokens.indexOf('--')
  return (end === -1 ? tokens : tokens.slice(0, end)).includes('--json')
}

/**
 * Reports `words` (what oclif read as the command: `sett r-…`) as no command, `argv` being the rest
 * of the line; for help (`lead -h sett`), the hint is the likely command's help. Exits 2.
 */
export function reportUnknownCommand(config: Interfaces.Config, words: readonly string[], argv: readonly string[], options: {json: boolean; help?: boolean}): never {
  const ids = config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases]).map((id) => id.replaceAll(':', ' '))
  const bin = config.bin
  const command = options.help ? undefined : commandPrefix(words, ids)
  if (command) {
    // `lead status Jane`: oclif read the words after a command that takes none as more of its name.
    const extra = words.length - command.length
    chooseColor()
    reportError(new LeadError('USAGE', `${extra} unexpected argument${extra === 1 ? '' : 's'} (not shown: an unquoted value or message may have spilt into ${extra === 1 ? 'it' : 'them'})`, {
      exit: ExitCode.usage,
      hint: `\`${bin} ${command.join(' ')}\` takes no arguments; see \`${bin} ${command.join(' ')} --help\` for its flags`,
    }), options.json)
    process.exit(ExitCode.usage)
  }
  const typed = new TypedWords([...ids, ...config.topics.map((t) => t.name)])
  const guess = suggestCommand(words, {ids, isTopic: (w) => Boolean(config.findTopic(w))})
  const said = typed.command(words)
  const what = said === HIDDEN ? `the first word is not a ${bin} command` : `"${said}" is not a ${bin} command`
  let run: string | undefined
  if (guess && options.help) {
    // The help of the command the guess starts with: its arguments are no part of it.
    const n = guess.findLastIndex((_, i) => ids.includes(guess.slice(0, i + 1).join(' ')))
    run = n < 0 ? undefined : `${bin} ${guess.slice(0, n + 1).join(' ')} --help`
  } else if (guess) run = `${bin} ${typed.line([...guess, ...argv])}`
  // Where words were left out, the hint says what … stands for: the line is not one to paste.
  const hint = run === undefined ? `run \`${bin} --help\` for the list of commands` : `run \`${run}\`${run.includes(HIDDEN) ? ` (${HIDDEN} stands for what you typed there)` : ''}, or \`${bin} --help\` for the list of commands`
  const message = `${what}${guess ? ` (did you mean "${bin} ${typed.line(guess)}"?)` : ''}`
  chooseColor()
  reportError(new LeadError('UNKNOWN_COMMAND', message, {exit: ExitCode.usage, hint}), options.json)
  process.exit(ExitCode.usage)
}
