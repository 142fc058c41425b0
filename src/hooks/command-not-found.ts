/**
 * A mistyped command: said by cli/unknown-command.ts, which repeats the line by its shape only
 * (never a value typed in it), under --json as a JSON document too; exit 2.
 */
import type {Hook} from '@oclif/core'
import {reportUnknownCommand, wantsJson} from '../cli/unknown-command.js'

const hook: Hook<'command_not_found'> = async function (opts) {
  const words = opts.id.split(':')
  const argv = opts.argv ?? []
  const json = wantsJson([...words, ...argv])
  if (opts.id.startsWith('-')) await unknownFlagBeforeCommand([opts.id, ...argv], opts.config.bin, json)
  reportUnknownCommand(opts.config, words, argv, {json})
}

/**
 * `lead --jsn status`: no command is missing but a global flag is misspelt. Said as a misspelt
 * flag after the command is (cli/flag-suggestion.ts), under --json as a JSON document too; the
 * line is left to the message below when every flag before the first word is a global one.
 */
async function unknownFlagBeforeCommand(argv: readonly string[], bin: string, json: boolean): Promise<void> {
  const message = (await import('../cli/flag-suggestion.js')).unknownFlagBeforeCommand(argv)
  if (!message) return
  const [{reportError, chooseColor}, {ExitCode, LeadError}] = await Promise.all([import('../cli/output.js'), import('../core/errors.js')])
  chooseColor()
  reportError(new LeadError('USAGE', message, {exit: ExitCode.usage, hint: `global flags (--json, -C/--dir) may come before the command; see \`${bin} --help\``}), json)
  process.exit(ExitCode.usage)
}

export default hook
