/**
 * The base of every command: shared flags (--json, --dir), the site, output streams, and the one
 * place where an error becomes a single line (or one JSON document) and an exit code.
 */
import {Command, Flags, Errors, type Interfaces} from './oclif.js'
import chalk from 'chalk'
import {ExitCode, formatPos, LeadError} from '../core/errors.js'
import {openSite, type Site} from '../core/site.js'
import {colorEnabled} from './interactive.js'
import {chooseColor, output, type Output} from './output.js'
import {terminalSafe} from './render/terminal-safe.js'

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
    const lead = toLeadError(error)
    if (process.env.DEBUG) process.stderr.write(`${error.stack ?? error.message}\n`)
    if (this.jsonMode) {
      this.printJson({
        ok: false,
        error: {code: lead.code, message: lead.message, ...(lead.pos ?? {}), hint: lead.hint, details: lead.details},
      })
    }
    const where = lead.pos ? `${formatPos(lead.pos)}: ` : ''
    const red = chalk.level > 0 && colorEnabled(process.stderr) ? chalk.red : (s: string) => s
    process.stderr.write(`${terminalSafe(where)}${red('error')} ${lead.code} ${terminalSafe(lead.message)}\n`)
    if (lead.hint) process.stderr.write(`  hint: ${terminalSafe(lead.hint)}\n`)
    process.exitCode = lead.exit
  }
}

/** Map anything thrown to a LeadError: our own, oclif's usage errors, file-system errors, bugs. */
export function toLeadError(error: unknown): LeadError {
  if (error instanceof LeadError) return error
  const e = error as Error & {code?: string; oclif?: {exit?: number}; exitCode?: number}
  if (e instanceof Errors.ExitError) return new LeadError('EXIT', e.message, {exit: (e.oclif?.exit ?? 1) as ExitCode})
  if (isParseError(e)) {
    const missing = missingArgsMessage(e)
    return new LeadError('USAGE', missing ?? usageMessage(e.message), {exit: ExitCode.usage, hint: 'see --help for the arguments and flags this command takes'})
  }
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) {
    return new LeadError('IO_ERROR', e.message, {exit: ExitCode.io, hint: 'check the path and its permissions'})
  }
  if (e.name === 'ExitPromptError' || e.name === 'AbortPromptError') {
    return new LeadError('CANCELLED', 'cancelled; nothing was written', {exit: ExitCode.cancelled})
  }
  return new LeadError('INTERNAL', e.message || String(error), {exit: ExitCode.io, hint: 'this is a bug in lead: run again with DEBUG=1 for the stack trace and report it'})
}

function isParseError(e: Error & {oclif?: {exit?: number}}): boolean {
  const parseNames = ['NonExistentFlagsError', 'RequiredArgsError', 'UnexpectedArgsError', 'FlagInvalidOptionError', 'ArgInvalidOptionError', 'FailedFlagValidationError', 'CLIParseError']
  return parseNames.includes(e.constructor?.name ?? '') || parseNames.includes(e.name) || (e instanceof Errors.CLIError && e.oclif?.exit === 2)
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
