/**
 * A mistyped command gets one line naming the likely command (swapped words, synonyms and typos:
 * see cli/command-suggestion.ts) and a hint with the line to run, exit 2 and never a prompt, so a
 * typo in a script or CI job fails fast. The line is repeated by its shape only (cli/typed-words.ts):
 * `lead sett r-… notes=Jane` hints `lead set r-… …`, since what was typed after the command may
 * be a participant's name. Under --json (anywhere before `--`) the error is also one JSON document
 * on stdout, as every usage error is (cli/output.ts reportError).
 */
import type {Hook} from '@oclif/core'
import {reportError, chooseColor} from '../cli/output.js'
import {suggestCommand} from '../cli/command-suggestion.js'
import {HIDDEN, TypedWords} from '../cli/typed-words.js'
import {ExitCode, LeadError} from '../core/errors.js'

const hook: Hook<'command_not_found'> = async function (opts) {
  const ids = opts.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases]).map((id) => id.replaceAll(':', ' '))
  const words = opts.id.split(':')
  const argv = opts.argv ?? []
  const bin = opts.config.bin
  const json = wantsJson([...words, ...argv])
  chooseColor()
  if (opts.id.startsWith('-')) await unknownFlagBeforeCommand([opts.id, ...argv], bin, json)
  const typed = new TypedWords([...ids, ...opts.config.topics.map((t) => t.name)])
  const guess = suggestCommand(words, {ids, isTopic: (w) => Boolean(opts.config.findTopic(w))})
  const shown = guess ? `${bin} ${typed.line(guess)}` : undefined
  const said = typed.command(words)
  const what = said === HIDDEN ? `the first word is not a ${bin} command` : `"${said}" is not a ${bin} command`
  const run = shown === undefined ? undefined : `${bin} ${typed.line([...guess!, ...argv])}`
  // Where words were left out, the hint says that … stands for them: the line is not one to paste.
  const hint = run === undefined ? `run \`${bin} --help\` for the list of commands` : `run \`${run}\`${run.includes(HIDDEN) ? ` (${HIDDEN} stands for what you typed there)` : ''}, or \`${bin} --help\` for the list of commands`
  reportError(new LeadError('UNKNOWN_COMMAND', `${what}${shown ? ` (did you mean "${shown}"?)` : ''}`, {exit: ExitCode.usage, hint}), json)
  process.exit(ExitCode.usage)
}

/** --json anywhere on the line, before `--` (after it, it is an argument). */
function wantsJson(tokens: readonly string[]): boolean {
  const end = tokens.indexOf('--')
  return (end === -1 ? tokens : tokens.slice(0, end)).includes('--json')
}

/**
 * `lead --jsn status`: no command is missing but a global flag is misspelt. Said as a misspelt
 * flag after the command is (cli/flag-suggestion.ts), under --json as a JSON document too; the
 * line is left to the message below when every flag before the first word is a global one.
 */
async function unknownFlagBeforeCommand(argv: readonly string[], bin: string, json: boolean): Promise<void> {
  const message = (await import('../cli/flag-suggestion.js')).unknownFlagBeforeCommand(argv)
  if (!message) return
  reportError(new LeadError('USAGE', message, {exit: ExitCode.usage, hint: `global flags (--json, -C/--dir) may come before the command; see \`${bin} --help\``}), json)
  process.exit(ExitCode.usage)
}

export default hook
