/** Validation findings in the four output formats of `lead validate`. */
import {chalk} from './colors.js'
import type {Diagnostic} from '../../core/errors.js'
import type {ValidationResult} from '../../core/validate/site-validation.js'
import {shownSitePath} from '../../core/privacy/file-names.js'
import {shownDiagnostics} from '../../core/privacy/shown-findings.js'
import {terminalSafe, xmlSafe} from './terminal-safe.js'
import {textWidth} from './text-width.js'
import {plural} from './words.js'

export type DiagnosticFormat = 'text' | 'json' | 'github' | 'junit' // github: see github-actions.ts

export interface RenderOptions {
  /** Show at most this many errors (the summary still counts all). */
  maxErrors?: number
  /** --strict: warnings count as failures (summary, JSON ok, JUnit failures, GitHub level, exit status). */
  strict?: boolean
}

type Counts = Pick<ValidationResult, 'errors' | 'warnings'>

/** The one pass/fail decision every format and the exit status share. */
export function fails(result: Counts, strict = false): boolean {
  return result.errors > 0 || (strict && result.warnings > 0)
}

/** Whether a finding fails the run: an error, or a warning under --strict. */
export const failing = (d: Diagnostic, strict = false) => d.severity === 'error' || strict

/** Width of the source shown in a code frame; longer lines are cut to a window around the column. */
const FRAME_WIDTH = 120

/**
 * The part of a source line a code frame shows, and the caret's column in it. Only a window of
 * the line is sanitised and measured, so a one-line file of megabytes with thousands of findings
 * renders in time proportional to the findings, not findings × line length.
 */
export function frameWindow(line: string, column: number, width = FRAME_WIDTH): {text: string; caret: number} {
  const at = Math.max(0, Math.min(column - 1, line.length))
  let start = line.length <= width ? 0 : Math.max(0, Math.min(at - (width >> 1), line.length - width))
  let end = Math.min(line.length, start + width)
  // Never split a surrogate pair at either edge of the window.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(line[start]!)) start++
  if (end < line.length && /[\uD800-\uDBFF]/.test(line[end - 1]!)) end--
  const clean = (s: string) => terminalSafe(s.replace(/\t/g, ' '))
  const head = start > 0 ? '…' : ''
  const before = head + clean(line.slice(start, Math.max(start, at)))
  return {text: before + clean(line.slice(Math.max(start, at), end)) + (end < line.length ? '…' : ''), caret: textWidth(before)}
}

/** Errors first up to the cap, warnings after; keeps file order inside each. */
function capped(diagnostics: readonly Diagnostic[], maxErrors?: number): {shown: readonly Diagnostic[]; hidden: number} {
  if (maxErrors === undefined) return {shown: diagnostics, hidden: 0}
  let errors = 0
  const shown: Diagnostic[] = []
  let hidden = 0
  for (const d of diagnostics) {
    if (d.severity === 'error' && errors >= maxErrors) {
      hidden++
      continue
    }
    if (d.severity === 'error') errors++
    shown.push(d)
  }
  return {shown, hidden}
}

export function renderText(result: ValidationResult, options: RenderOptions = {}): string {
  const {shown, hidden} = capped(shownDiagnostics(result.diagnostics), options.maxErrors)
  const lines: string[] = []
  for (const d of shown) {
    const sev = d.severity === 'error' ? chalk.red('error') : chalk.yellow('warning')
    lines.push(`${chalk.bold(`${terminalSafe(d.file)}:${d.line}:${d.column}`)}: ${sev} ${chalk.dim(d.code)} ${terminalSafe(d.message)}`)
    if (d.hint) lines.push(`    ${chalk.cyan('hint:')} ${terminalSafe(d.hint)}`)
    if (d.related) lines.push(`    ${chalk.cyan('involves:')} ${terminalSafe(d.related.join(', '))}`)
    if (d.excerpt !== undefined && d.excerpt.trim() !== '') {
      const frame = frameWindow(d.excerpt, d.column)
      lines.push(chalk.dim(`${String(d.line).padStart(5)} | `) + frame.text)
      lines.push(chalk.dim(`${' '.repeat(5)} | `) + ' '.repeat(frame.caret) + chalk.red('^'))
    }
  }
  if (hidden > 0) lines.push(chalk.dim(`… and ${hidden} more error${hidden === 1 ? '' : 's'} (raise --max-errors to see them)`))
  lines.push(summaryLine(result, options.strict))
  return lines.join('\n')
}

export function summaryLine(result: Pick<ValidationResult, 'errors' | 'warnings' | 'files'>, strict = false): string {
  const files = plural(result.files, 'file')
  if (result.errors > 0) return chalk.red(`✖ ${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')} in ${files}`)
  if (fails(result, strict)) return chalk.red(`✖ ${plural(result.warnings, 'warning')} in ${files} (--strict: warnings fail)`)
  if (result.warnings > 0) return chalk.yellow(`✔ ${files} valid, ${plural(result.warnings, 'warning')}`)
  return chalk.green(`✔ ${files} valid`)
}

export function renderJson(result: ValidationResult, options: RenderOptions = {}): unknown {
  return {
    ok: !fails(result, options.strict),
    strict: options.strict === true,
    errors: result.errors,
    warnings: result.warnings,
    files: result.files,
    records: result.records,
    diagnostics: shownDiagnostics(result.diagnostics).map(({file, line, column, severity, code, message, hint, related}) => ({file, line, column, severity, code, message, hint: hint ?? null, ...(related ? {related} : {})})),
  }
}

const xml = (s: string) => xmlSafe(s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;'))
/** In an attribute a raw line break would be read back as a space. */
const xmlAttr = (s: string) => xml(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')

/** JUnit XML: one test case per file, failing when the file has errors (or, under --strict, warnings). */
export function renderJunit(result: ValidationResult, options: RenderOptions = {}): string {
  const byFile = new Map<string, Diagnostic[]>()
  for (const f of result.checkedFiles) byFile.set(shownSitePath(f), [])
  for (const d of shownDiagnostics(result.diagnostics)) (byFile.get(d.file) ?? byFile.set(d.file, []).get(d.file)!).push(d)
  const failingFiles = [...byFile.values()].filter((ds) => ds.some((d) => failing(d, options.strict))).length
  const cases = [...byFile.entries()].map(([file, ds]) => {
    const classname = file.includes('/') ? file.split('/')[0]! : 'site'
    const failures = ds.filter((d) => failing(d, options.strict))
    const notes = ds.filter((d) => !failing(d, options.strict))
    const body: string[] = []
    if (failures.length > 0) {
      const text = failures.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`).join('\n')
      const errors = failures.filter((d) => d.severity === 'error').length
      const counted = [errors > 0 ? plural(errors, 'error') : '', failures.length > errors ? plural(failures.length - errors, 'warning') : ''].filter(Boolean).join(', ')
      body.push(`      <failure message="${xmlAttr(`${counted}: ${failures[0]!.message}`)}" type="${xmlAttr(failures[0]!.code)}">${xml(text)}</failure>`)
    }
    if (notes.length > 0) body.push(`      <system-out>${xml(notes.map((d) => `${d.file}:${d.line}:${d.column}: warning ${d.code} ${d.message}`).join('\n'))}</system-out>`)
    return body.length === 0
      ? `    <testcase classname="${xmlAttr(classname)}" name="${xmlAttr(file)}"/>`
      : `    <testcase classname="${xmlAttr(classname)}" name="${xmlAttr(file)}">\n${body.join('\n')}\n    </testcase>`
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="lead validate" tests="${byFile.size}" failures="${failingFiles}">`,
    `  <testsuite name="lead validate" tests="${byFile.size}" failures="${failingFiles}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n')
}
