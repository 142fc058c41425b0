/**
 * The base of every command: shared flags (--json, --dir), the site, output streams, and the one
 * place where an error becomes a single line (or one JSON document) and an exit code.
 */
import {Command, Flags, Errors, type Interfaces} from './oclif.js'
import {ExitCode, LeadError} from '../core/errors.js'
import {openSite, type Site} from '../core/site.js'
import {chooseColor, output, plainLeadError, reportError, watchOutputStreams, type Output} from './output.js'
import type {FlagDefinition} from './flag-suggestion.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof LeadCommand)['baseFlags'] & T['flags']>

export abstract class LeadCommand extends Command {
  static override baseFlags = {
    json: Flags.boolean({description: 'Print one JSON document on stdout instead of text.', helpGroup: 'GLOBAL'}),
    dir: Flags.string({
      char: 'C',
      description: 'The site folder (default: the folder holding lead.yaml, at or above the current one).',
      env: 'LEAD_DIR',
      helpGroup: 'GLOBAL',
    }),
  }

  protected jsonMode = false

  override async init(): Promise<void> {
    await super.init()
    this.jsonMode = this.argv.includes('--json')
    chooseColor()
    watchOutputStreams()
  }

  /** This run's output (cli/output.ts), for the bodies commands share with bin/run.js's early path (cli/everyday/). */
  protected get io(): Output {
    return output(this.jsonMode)
  }

  /** The site named by --dir/LEAD_DIR, or found above the current folder. */
  protected openSite(dir: string | undefined): Site {
    return openSite({dir})
  }

  /** Data for the user: tables, reports, JSON. */
  protected out(text: string): void {
    this.io.out(text)
  }

  /** Talk: progress and confirmations, on stderr so stdout stays data. Silent under --json. */
  protected say(text: string): void {
    this.io.say(text)
  }

  protected printJson(value: unknown): void {
    this.io.printJson(value)
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<void> {
    const lead = isUnknownFlags(error) ? await unknownFlagsError(error) : toLeadError(error)
    reportError(lead, this.jsonMode)
    if (process.env.LEAD_DEBUG || process.env.DEBUG) process.stderr.write(stackFrames(error))
  }
}

/**
 * Where an error was thrown, for a bug report: the stack's frames (lead's code), not its message,
 * which reportError printed as it may be printed (a message may quote what a person typed, or a
 * file name in a participant folder, and DEBUG output is what a bug report asks for).
 */
function stackFrames(error: Error): string {
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line))
  return frames.length === 0 ? '' : `${error.name}${'code' in error && typeof error.code === 'string' ? ` ${error.code}` : ''}:\n${frames.join('\n')}\n`
}

/** Map anything thrown to a LeadError: our own, oclif's usage errors, file-system errors, bugs. */
export function toLeadError(error: unknown): LeadError {
  if (error instanceof LeadError) return error
  const e = error as Error & {code?: string; oclif?: {exit?: number}; exitCode?: number}
  if (e instanceof Errors.ExitError) return new LeadError('EXIT', e.message, {exit: (e.oclif?.exit ?? 1) as ExitCode})
  if (isParseError(e)) {
    const unexpected = unexpectedArgsError(e)
    if (unexpected) return unexpected
    const missing = missingArgsMessage(e)
    return new LeadError('USAGE', missing ?? usageMessage(e.message), {exit: ExitCode.usage, hint: USAGE_HINT})
  }
  if (e.name === 'ExitPromptError' || e.name === 'AbortPromptError') {
    return new LeadError('CANCELLED', 'cancelled; nothing was written', {exit: ExitCode.cancelled})
  }
  return plainLeadError(error)
}

/** oclif's NonExistentFlagsError: the flags as typed, and the definitions the line was parsed with. */
interface UnknownFlags extends Error {
  flags: string[]
  parse: {input: {flags: Record<string, FlagDefinition>}}
}

function isUnknownFlags(e: Error): e is UnknownFlags {
  const {flags, parse} = e as Partial<UnknownFlags>
  return e.constructor?.name === 'NonExistentFlagsError' && Array.isArray(flags) && flags.length > 0 && typeof parse?.input?.flags === 'object'
}

/** A misspelt flag with a guess at the one meant (cli/flag-suggestion.ts, loaded for this error only). */
async function unknownFlagsError(e: UnknownFlags): Promise<LeadError> {
  const {unknownFlagsMessage} = await import('./flag-suggestion.js')
  return new LeadError('USAGE', unknownFlagsMessage(e.flags, e.parse.input.flags), {exit: ExitCode.usage, hint: USAGE_HINT})
}

const USAGE_HINT = 'see --help for the arguments and flags this command takes'

function isParseError(e: Error & {oclif?: {exit?: number}}): boolean {
  const parseNames = ['NonExistentFlagsError', 'RequiredArgsError', 'UnexpectedArgsError', 'FlagInvalidOptionError', 'ArgInvalidOptionError', 'FailedFlagValidationError', 'CLIParseError']
  return parseNames.includes(e.constructor?.name ?? '') || parseNames.includes(e.name) || (e instanceof Errors.CLIError && e.oclif?.exit === 2)
}

/**
 * oclif's "Unexpected arguments: Maria, Lopez", without the words: an unquoted value or message
 * (`-m Met Maria Lopez`, `--set notes=Maria Lopez`) spills into them, and is never repeated.
 */
export function unexpectedArgsError(e: Error): LeadError | undefined {
  const {args} = e as Error & {args?: unknown}
  if (e.constructor?.name !== 'UnexpectedArgsError' || !Array.isArray(args)) return undefined
  return new LeadError('USAGE', `${args.length} unexpected argument${args.length === 1 ? '' : 's'} (not shown: an unquoted value or message may have spilt into ${args.length === 1 ? 'it' : 'them'})`, {
    exit: ExitCode.usage,
    hint: `quote a value or message that holds spaces (-m "…", --set "notes=…"); ${USAGE_HINT}`,
  })
}

/**
 * oclif's "Missing 1 required arg: kind …" with its paragraph on flags that take several values,
 * said once in lead's words; the paragraph only when the line had flags before the argument.
 */
function missingArgsMessage(e: Error): string | undefined {
  const {args, parse} = e as Error & {args?: Array<{name?: string; description?: string}>; parse?: {input?: {argv?: string[]}}}
  if (!Array.isArray(args) || args.length === 0 || !args.every((a) => a.name)) return undefined
  const names = args.map((a) => `${a.name!.toUpperCase()}${a.description ? ` (${a.description.replace(/\.$/, '')})` : ''}`)
  const flagged = (parse?.input?.argv ?? []).some((w) => w.startsWith('-'))
  const order = flagged ? '; put it before flags that take several values (--set, --where), or after --' : ''
  return `missing ${names.join(' and ')}${order}`
}

/** oclif's parse errors span lines ("Parsing --within" / "Expected an integer…"): one line, all of it. */
export function usageMessage(message: string): string {
  return message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^See more help with/.test(l))
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/^Parsing (--\S+) /, '$1: ')
}
