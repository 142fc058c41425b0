/**
 * Where a command writes, and whether in colour: the same for a command run through oclif
 * (cli/lead-command.ts) and for the lines bin/run.js runs without it (cli/early-start.ts), whose
 * output must be byte for byte the same.
 */
import {chalk} from './render/colors.js'
import {ExitCode, formatPos, LeadError} from '../core/errors.js'
import {colorEnabled} from './interactive.js'
import {terminalSafe} from './render/terminal-safe.js'
import {shownError} from '../core/privacy/shown-findings.js'
import {onStateFolderRefused} from '../core/state-folder.js'

// lead's folder in the git directory refused (a link to a folder others can read, …: core/state-folder.ts):
// said once a run, on stderr (under --json too), whichever path runs the line; the run goes on without it.
onStateFolderRefused((refused) => {
  const yellow = chalk.level > 0 && colorEnabled(process.stderr) ? chalk.yellow : (s: string) => s
  process.stderr.write(`${yellow('warning')} LEAD_FOLDER_REFUSED ${terminalSafe(refused.message)}\n  hint: ${terminalSafe(refused.hint)}\n`)
})

export interface Output {
  /** --json: one JSON document on stdout, and no talk on stderr. */
  readonly json: boolean
  /** Data for the user: tables, reports. */
  out(text: string): void
  /** Talk: progress and confirmations, on stderr so stdout stays data. Silent under --json. */
  say(text: string): void
  printJson(value: unknown): void
}

/** Where one of the two streams' text goes. */
interface Sink {
  write(text: string): unknown
}

export function output(json: boolean, stdout: Sink = process.stdout, stderr: Sink = process.stderr): Output {
  return {
    json,
    out: (text) => void stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    say: (text) => void (json || stderr.write(text.endsWith('\n') ? text : `${text}\n`)),
    printJson: (value) => void stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  }
}

/**
 * An Output that holds what it is given until `release` writes it, in order, to stdout and stderr:
 * the early path (cli/early-start.ts) prints nothing unless the command ran to its end, so a line
 * it leaves to oclif after an error is printed once, by oclif.
 */
export function heldOutput(json: boolean): {io: Output; release(): void} {
  const held: Array<[NodeJS.WriteStream, string]> = []
  const write = (stream: NodeJS.WriteStream) => ({write: (text: string) => void held.push([stream, text])})
  return {
    io: output(json, write(process.stdout), write(process.stderr)),
    release: () => {
      for (const [stream, text] of held.splice(0)) stream.write(text)
    },
  }
}

/** chalk's level for this run: none unless colorEnabled says so (NO_COLOR, FORCE_COLOR, a terminal). */
export function chooseColor(): void {
  chalk.level = colorEnabled(process.stdout) ? chalk.level || 1 : 0
}

/**
 * What anything thrown becomes when oclif had no part in it: our own errors as they are, a Node
 * file-system error (ENOENT, EACCES, …) IO_ERROR, anything else a bug. lead-command.ts's toLeadError
 * reads oclif's own errors (usage, exit, prompts) first and leaves the rest to this.
 */
export function plainLeadError(error: unknown): LeadError {
  if (error instanceof LeadError) return error
  const e = error as Error & {code?: unknown}
  if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)) {
    return new LeadError('IO_ERROR', e.message, {exit: ExitCode.io, hint: 'check the path and its permissions'})
  }
  return new LeadError('INTERNAL', e?.message || String(error), {exit: ExitCode.io, hint: 'this is a bug in lead: run again with DEBUG=1 for the stack trace and report it'})
}

/**
 * An error as every command reports it, through oclif (LeadCommand.catch) or not (the early
 * `set`, cli/early-set.ts): under --json one document on stdout, then always one line on stderr
 * (and its hint), and the error's exit status.
 */
export function reportError(thrown: LeadError, json: boolean): void {
  // A path a person named (a participant file's name) is concealed here, for every error of every command.
  const lead = shownError(thrown)
  if (json) {
    output(true).printJson({
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

/**
 * Standard output that cannot be written: a reader that closed the pipe (`lead list … | head`) is
 * no error; anything else (a full disk, `> /dev/full`) is one IO_ERROR line and exit 4, where a
 * handler that rethrew (oclif's, and the early paths' before) printed Node's stack trace. Called
 * once per run, by the early paths and by LeadCommand.init, which replaces oclif's handler.
 *
 * Standard error that cannot be written (`2>/dev/full`) leaves nowhere to say so. Unwatched, its
 * 'error' event was thrown: a stack trace to the broken stream and exit 1, which reads as "the
 * records are invalid", after `lead set` had committed (its confirmation is talk, on stderr). The
 * run now goes on without its talk, and exits 4 unless it failed for a reason of its own, whose
 * status is kept (LeadCommand.catch and reportError set it); a closed pipe is no error here either.
 */
export function watchOutputStreams(): void {
  process.stdout.removeAllListeners('error')
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return
    reportError(new LeadError('IO_ERROR', `cannot write the output: ${error.message}`, {exit: ExitCode.io, hint: 'check the disk and the file standard output goes to'}), false)
    process.exit(ExitCode.io)
  })
  process.stderr.removeAllListeners('error')
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.exitCode = process.exitCode || ExitCode.io
  })
}
