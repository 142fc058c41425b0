/**
 * A mistyped command gets one line naming the likely command (swapped words, synonyms and typos:
 * see cli/command-suggestion.ts) and a hint with the whole line to run, arguments kept, quoted
 * for the shell. Exit 2 and never a prompt, so a typo in a script or CI job fails fast.
 */
import type {Hook} from '@oclif/core'
import {suggestCommand} from '../cli/command-suggestion.js'
import {shellQuote} from '../core/git/site-repo.js'

const hook: Hook<'command_not_found'> = async function (opts) {
  const ids = opts.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases]).map((id) => id.replaceAll(':', ' '))
  const words = opts.id.split(':')
  const bin = opts.config.bin
  if (opts.id.startsWith('-')) await unknownFlagBeforeCommand([opts.id, ...(opts.argv ?? [])], bin)
  const guess = suggestCommand(words, {ids, isTopic: (w) => Boolean(opts.config.findTopic(w))})
  const shown = guess ? `${bin} ${guess.join(' ')}` : undefined
  process.stderr.write(`error UNKNOWN_COMMAND "${words.join(' ')}" is not a ${bin} command${shown ? ` (did you mean "${shown}"?)` : ''}\n`)
  const full = shown && opts.argv && opts.argv.length > 0 ? `${shown} ${opts.argv.map(shellQuote).join(' ')}` : shown
  process.stderr.write(full ? `  hint: run \`${full}\`, or \`${bin} --help\` for the list of commands\n` : `  hint: run \`${bin} --help\` for the list of commands\n`)
  process.exit(2)
}

/**
 * `lead --jsn status`: no command is missing but a global flag is misspelt. Said as a misspelt
 * flag after the command is (cli/flag-suggestion.ts), under --json as a JSON document too; the
 * line is left to the message below when every flag before the first word is a global one.
 */
async function unknownFlagBeforeCommand(argv: readonly string[], bin: string): Promise<void> {
  const message = (await import('../cli/flag-suggestion.js')).unknownFlagBeforeCommand(argv)
  if (!message) return
  const [{reportError, chooseColor}, {ExitCode, LeadError}] = await Promise.all([import('../cli/output.js'), import('../core/errors.js')])
  chooseColor()
  reportError(new LeadError('USAGE', message, {exit: ExitCode.usage, hint: `global flags (--json, -C/--dir) may come before the command; see \`${bin} --help\``}), argv.includes('--json'))
  process.exit(ExitCode.usage)
}

export default hook
