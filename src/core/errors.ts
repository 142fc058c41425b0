/**
 * The two ways `lead` reports a problem:
 * - a Diagnostic is a finding about the records (validation accumulates them);
 * - a LeadError stops a command (the base command turns it into one line and an exit code).
 */

/** A position in a site file, 1-based line and column, path relative to the site root. */
export interface SourcePos {
  file: string
  line?: number
  column?: number
}

export type Severity = 'error' | 'warning'

export interface Diagnostic {
  code: string
  severity: Severity
  message: string
  file: string
  line: number
  column: number
  hint?: string
  /** The offending source line, for code frames (not part of JSON output). */
  excerpt?: string
  /** The field the finding is about, as a data path (identifies it when an edit moves its line). */
  path?: ReadonlyArray<string | number>
  /**
   * What the finding is about when the message cannot say it (a masked identifier): an opaque
   * digest, compared by the write path to tell a new identifier from one already there. Never printed.
   */
  subject?: string
  /**
   * The finding's file holds a referral or consent saved into another kind's folder: its name is
   * concealed in every output whatever it is (privacy/file-names.ts learnParticipantFiles). Never printed.
   */
  participantFile?: boolean
  /** Other files the finding involves (the roster a training's badge is checked against, a linked consent): validating one of them shows it too. */
  related?: string[]
}

/** Exit codes, documented in the README; never use a bare number elsewhere. */
export const ExitCode = {
  ok: 0,
  invalid: 1,
  usage: 2,
  state: 3,
  io: 4,
  cancelled: 130,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

export interface LeadErrorOptions {
  hint?: string
  pos?: SourcePos
  exit?: ExitCode
  /** Extra structured data for --json output (e.g. the diagnostics that refused a write). */
  details?: unknown
  cause?: unknown
}

export class LeadError extends Error {
  readonly code: string
  readonly hint?: string
  readonly pos?: SourcePos
  readonly exit: ExitCode
  readonly details?: unknown

  constructor(code: string, message: string, options: LeadErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'LeadError'
    this.code = code
    this.hint = options.hint
    this.pos = options.pos
    this.exit = options.exit ?? ExitCode.invalid
    this.details = options.details
  }
}

export const usageError = (code: string, message: string, hint?: string, details?: unknown): LeadError =>
  new LeadError(code, message, {hint, exit: ExitCode.usage, details})

export const stateError = (code: string, message: string, hint?: string, details?: unknown): LeadError =>
  new LeadError(code, message, {hint, exit: ExitCode.state, details})

export const ioError = (code: string, message: string, hint?: string, cause?: unknown): LeadError =>
  new LeadError(code, message, {hint, exit: ExitCode.io, cause})

export function formatPos(pos: SourcePos): string {
  if (pos.line === undefined) return pos.file
  return `${pos.file}:${pos.line}:${pos.column ?? 1}`
}

/**
 * A finding as an error's details may carry it (--json): its path (which may name an unknown field, a
 * participant's text as a key), subject digest (a guessed name could be checked against it) and
 * source line are never printed.
 */
export function printedFinding({file, line, column, severity, code, message, hint}: Diagnostic): Pick<Diagnostic, 'file' | 'line' | 'column' | 'severity' | 'code' | 'message' | 'hint'> {
  return {file, line, column, severity, code, message, hint}
}

/** Whether a finding is about one of these files: where it points, or one of the other files it involves. */
export function involves(d: Diagnostic, files: ReadonlySet<string>): boolean {
  return files.has(d.file) || (d.related?.some((f) => files.has(f)) ?? false)
}

/** The files a summary counts: those checked, and those a finding is in, records or not (a scan in consents/, a workflow). */
export function countedFiles(checkedFiles: readonly string[], diagnostics: readonly Diagnostic[]): number {
  return new Set([...checkedFiles, ...diagnostics.map((d) => d.file)]).size
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): {errors: number; warnings: number} {
  let errors = 0
  let warnings = 0
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++
    else warnings++
  }
  return {errors, warnings}
}
