/** Validation findings in the four output formats of `lead validate`. */
import chalk from 'chalk'
import type {Diagnostic} from '../../core/errors.js'
import type {ValidationResult} from '../../core/validate/site-validation.js'
import {terminalSafe} from './terminal-safe.js'
import {plural} from './words.js'

export type DiagnosticFormat = 'text' | 'json' | 'github' | 'junit' // github: see github-actions.ts

export interface RenderOptions {
  /** Show at most this many errors (the summary still counts all). */
  maxErrors?: number
}

/** Errors first up to the cap, warnings after; keeps file order inside each. */
function capped(diagnostics: Diagnostic[], maxErrors?: number): {shown: Diagnostic[]; hidden: number} {
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
  const {shown, hidden} = capped(result.diagnostics, options.maxErrors)
  const lines: string[] = []
  for (const d of shown) {
    const sev = d.severity === 'error' ? chalk.red('error') : chalk.yellow('warning')
    lines.push(`${chalk.bold(`${terminalSafe(d.file)}:${d.line}:${d.column}`)}: ${sev} ${chalk.dim(d.code)} ${terminalSafe(d.message)}`)
    if (d.hint) lines.push(`    ${chalk.cyan('hint:')} ${terminalSafe(d.hint)}`)
    const source = d.excerpt === undefined ? undefined : terminalSafe(d.excerpt.replace(/\t/g, ' '))
    if (source !== undefined && source.trim() !== '') {
      const gutter = String(d.line).padStart(5)
      const shownLine = source.length > 120 ? `${source.slice(0, 117)}…` : source
      lines.push(chalk.dim(`${gutter} | `) + shownLine)
      lines.push(chalk.dim(`${' '.repeat(5)} | `) + ' '.repeat(Math.max(0, Math.min(d.column - 1, 118))) + chalk.red('^'))
    }
  }
  if (hidden > 0) lines.push(chalk.dim(`… and ${hidden} more error${hidden === 1 ? '' : 's'} (raise --max-errors to see them)`))
  lines.push(summaryLine(result))
  return lines.join('\n')
}

export function summaryLine(result: ValidationResult): string {
  const files = plural(result.files, 'file')
  if (result.errors > 0) return chalk.red(`✖ ${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')} in ${files}`)
  if (result.warnings > 0) return chalk.yellow(`✔ ${files} valid, ${plural(result.warnings, 'warning')}`)
  return chalk.green(`✔ ${files} valid`)
}

export function renderJson(result: ValidationResult): unknown {
  return {
    ok: result.ok,
    errors: result.errors,
    warnings: result.warnings,
    files: result.files,
    records: result.records,
    diagnostics: result.diagnostics.map(({file, line, column, severity, code, message, hint}) => ({file, line, column, severity, code, message, hint: hint ?? null})),
  }
}

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    // XML 1.0 cannot carry most control characters at all.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')

/** JUnit XML: one test case per file, failing when the file has errors. */
export function renderJunit(result: ValidationResult): string {
  const byFile = new Map<string, Diagnostic[]>()
  for (const f of result.checkedFiles) byFile.set(f, [])
  for (const d of result.diagnostics) (byFile.get(d.file) ?? byFile.set(d.file, []).get(d.file)!).push(d)
  const failing = [...byFile.values()].filter((ds) => ds.some((d) => d.severity === 'error')).length
  const cases = [...byFile.entries()].map(([file, ds]) => {
    const classname = file.includes('/') ? file.split('/')[0]! : 'site'
    const errors = ds.filter((d) => d.severity === 'error')
    const warnings = ds.filter((d) => d.severity === 'warning')
    const body: string[] = []
    if (errors.length > 0) {
      const text = errors.map((d) => `${d.file}:${d.line}:${d.column}: ${d.code} ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`).join('\n')
      body.push(`      <failure message="${xml(`${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors[0]!.message}`)}" type="${xml(errors[0]!.code)}">${xml(text)}</failure>`)
    }
    if (warnings.length > 0) body.push(`      <system-out>${xml(warnings.map((d) => `${d.file}:${d.line}:${d.column}: warning ${d.code} ${d.message}`).join('\n'))}</system-out>`)
    return body.length === 0
      ? `    <testcase classname="${xml(classname)}" name="${xml(file)}"/>`
      : `    <testcase classname="${xml(classname)}" name="${xml(file)}">\n${body.join('\n')}\n    </testcase>`
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="lead validate" tests="${byFile.size}" failures="${failing}">`,
    `  <testsuite name="lead validate" tests="${byFile.size}" failures="${failing}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n')
}
