/**
 * Findings for GitHub Actions: workflow-command annotations within what GitHub shows, and a
 * Markdown job summary that lists every finding. GitHub keeps at most 10 error, 10 warning and
 * 10 notice annotations per step and 50 per job (actions/toolkit, docs/problem-matchers.md),
 * silently dropping the rest, so lead chooses which ones: errors first, then findings in the
 * files the change touched, and says in the log and the summary what it did not annotate.
 */
import path from 'node:path'
import type {Diagnostic} from '../../core/errors.js'
import {shownDiagnostics} from '../../core/privacy/shown-findings.js'
import {failing} from './diagnostics.js'
import {terminalSafe} from './terminal-safe.js'
import {plural} from './words.js'

/** Annotations of one severity GitHub shows per step. */
export const ANNOTATIONS_PER_SEVERITY = 10
/** What a step summary may hold (GitHub refuses a larger one, 1 MiB); room left for other steps. */
export const SUMMARY_BYTES = 512 * 1024

export interface GithubFindings {
  diagnostics: Diagnostic[]
  errors: number
  warnings: number
  files: number
}

export interface GithubOptions {
  /** The site's folder inside the repository ('' or 'sites/harbor/'), for annotation paths. */
  prefix?: string
  /** Files the change touched: their findings come first. */
  changed?: ReadonlySet<string>
  /** Annotations per severity (default: GitHub's 10). */
  perSeverity?: number
  /** --strict: warnings fail, so they are annotated at the error level. */
  strict?: boolean
}

/** A change to the gate itself first, then errors, then changed files first, then file order and position. */
export function prioritised(diagnostics: readonly Diagnostic[], changed?: ReadonlySet<string>): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.code === 'GATE_CHANGED' && d.severity === 'error' ? -1 : (d.severity === 'error' ? 0 : 2) + (changed?.has(d.file) ? 0 : 1))
  return diagnostics
    .map((d, i) => ({d, i}))
    .sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i)
    .map(({d}) => d)
}

/** The findings in priority order, each with whether its file changed, as they may be printed (ranked by their files as they are). */
function ordered(diagnostics: readonly Diagnostic[], changed?: ReadonlySet<string>): Array<{d: Diagnostic; changed: boolean}> {
  const ranked = prioritised(diagnostics, changed)
  const shown = shownDiagnostics(ranked)
  return shown.map((d, i) => ({d, changed: changed?.has(ranked[i]!.file) ?? false}))
}

/**
 * The runner reads a workflow command from any log line that starts with `::` (after spaces) or
 * holds `##[` anywhere (its older form), on stdout and stderr alike: text from a file name or a
 * record must never form one (a forged annotation, an `add-mask` hiding findings, a
 * `stop-commands` silencing lead's own annotations).
 */
const inert = (s: string) => terminalSafe(s).replace(/##\[/g, '#\\u0023[')

export function workflowSafe(line: string): string {
  return inert(line).replace(/^(\s*):(?=:)/, '$1\\u003a')
}

const data = (s: string) => inert(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'))
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
/** A path from the repository's top ('sites/harbor/' + '../.github/…' is '.github/…'). */
const repoPath = (prefix: string, file: string) => path.posix.normalize(prefix + file)

/**
 * The log of a step: the chosen findings as annotations, every other one as a plain
 * `file:line:col` line (still in the log), a notice when some were not annotated, the count.
 */
export function renderGithubAnnotations(result: GithubFindings, summaryLine: string, options: GithubOptions = {}): string {
  const prefix = options.prefix ?? ''
  const cap = options.perSeverity ?? ANNOTATIONS_PER_SEVERITY
  const used = {error: 0, warning: 0}
  const annotated: string[] = []
  const plain: string[] = []
  for (const {d} of ordered(result.diagnostics, options.changed)) {
    if (used[d.severity] < cap) {
      used[d.severity]++
      const message = d.hint ? `${d.message}\n${d.hint}` : d.message
      const level = failing(d, options.strict) ? 'error' : 'warning'
      const title = d.severity === level ? d.code : `${d.code} (warning, --strict)`
      annotated.push(`::${level} file=${prop(repoPath(prefix, d.file))},line=${d.line},col=${d.column},title=${prop(title)}::${data(message)}`)
    } else {
      plain.push(workflowSafe(`${repoPath(prefix, d.file)}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`))
    }
  }
  const lines = [...annotated]
  if (plain.length > 0) {
    lines.push(`::notice title=lead::${data(`${plural(plain.length, 'more finding')} not annotated (GitHub shows ${cap} errors and ${cap} warnings per step): errors and changed files came first; all are listed below and in the job summary`)}`)
    for (const l of plain) lines.push(l) // one by one: a spread of 150,000+ lines overflows the stack
  }
  lines.push(summaryLine)
  return lines.join('\n')
}

const cell = (s: string) => terminalSafe(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/[<>&]/g, (c) => ({'<': '&lt;', '>': '&gt;', '&': '&amp;'})[c]!)

/**
 * A Markdown job summary: counts, a table of counts per code, and every finding (errors and
 * changed files first), within SUMMARY_BYTES; what does not fit is counted, never cut mid-row.
 */
export function renderJobSummary(result: GithubFindings, title: string, options: GithubOptions = {}): string {
  const prefix = options.prefix ?? ''
  const out: string[] = [`## ${cell(title)}`, '']
  if (result.diagnostics.length === 0) {
    out.push(`✅ ${plural(result.files, 'file')} checked: no findings.`, '')
    return `${out.join('\n')}\n`
  }
  const icon = result.errors > 0 ? '❌' : '⚠️'
  out.push(`${icon} **${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}** in ${plural(result.files, 'file')} checked.`, '')
  const byCode = new Map<string, {severity: string; count: number; files: Set<string>}>()
  for (const d of result.diagnostics) {
    const row = byCode.get(d.code) ?? {severity: d.severity, count: 0, files: new Set<string>()}
    if (d.severity === 'error') row.severity = 'error'
    row.count++
    row.files.add(d.file)
    byCode.set(d.code, row)
  }
  out.push('| code | severity | findings | files |', '| --- | --- | ---: | ---: |')
  const codes = [...byCode.entries()].sort(([a, x], [b, y]) => (x.severity === y.severity ? 0 : x.severity === 'error' ? -1 : 1) || y.count - x.count || a.localeCompare(b))
  for (const [code, row] of codes) out.push(`| \`${cell(code)}\` | ${row.severity} | ${row.count} | ${row.files.size} |`)
  out.push('', '| | where | code | finding |', '| --- | --- | --- | --- |')
  let bytes = Buffer.byteLength(out.join('\n'))
  const rows = ordered(result.diagnostics, options.changed)
  let shown = 0
  for (const {d, changed: touched} of rows) {
    const changed = touched ? ' (changed)' : ''
    const row = `| ${d.severity === 'error' ? '❌' : '⚠️'} | \`${cell(`${repoPath(prefix, d.file)}:${d.line}:${d.column}`)}\`${changed} | \`${cell(d.code)}\` | ${cell(d.message)}${d.hint ? `<br>*${cell(d.hint)}*` : ''} |`
    const size = Buffer.byteLength(row) + 1
    if (bytes + size > SUMMARY_BYTES - 200) break
    out.push(row)
    bytes += size
    shown++
  }
  if (shown < rows.length) out.push('', `… and ${plural(rows.length - shown, 'more finding')} not listed here (the summary has a size limit): run \`lead validate\` to see them all.`)
  return `${out.join('\n')}\n\n`
}
