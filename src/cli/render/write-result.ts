/** What a command that wrote records tells the user: the file, the commit, and any warnings. */
import {chalk} from './colors.js'
import type {Diagnostic} from '../../core/errors.js'
import type {WriteResult} from '../../core/write/record-writer.js'
import {shownDiagnostics} from '../../core/privacy/shown-findings.js'
import {shownSitePath} from '../../core/privacy/file-names.js'

export function renderWriteResult(verb: string, result: WriteResult, message: string): string {
  const lines: string[] = []
  const files = result.files.join(', ')
  if (result.commit) lines.push(`${chalk.green('✔')} ${verb} ${files} — committed ${result.commit.slice(0, 7)} "${message}"`)
  else lines.push(`${chalk.green('✔')} ${verb} ${files} — not committed (--no-commit); commit it with: git add -- ${result.files.join(' ')} && git commit -m "${message}" -- ${result.files.join(' ')}`)
  for (const w of shownDiagnostics(result.warnings)) lines.push(renderDiagnosticLine(w))
  const hooked = changedByHook(result)
  if (hooked) {
    const what = [hooked.rewritten.length > 0 ? `changed ${hooked.rewritten.join(', ')} after lead wrote ${hooked.rewritten.length === 1 ? 'it' : 'them'}` : '', hooked.added.length > 0 ? `added ${hooked.added.join(', ')} to the commit` : ''].filter(Boolean).join(', and ')
    lines.push(`${chalk.yellow('warning')} HOOK_CHANGED_COMMIT a git hook ${what}: lead did not validate that\n    hint: run lead validate to check the site as committed; the hook is in .git/hooks or core.hooksPath`)
  }
  return lines.join('\n')
}

/** What a git hook changed after lead judged the write, its paths as they may be printed. */
function changedByHook(result: WriteResult): {rewritten: string[]; added: string[]} | undefined {
  const hooked = result.changedByHook
  return hooked && {rewritten: hooked.rewritten.map(shownSitePath), added: hooked.added.map(shownSitePath)}
}

export function renderDiagnosticLine(d: Diagnostic): string {
  const sev = d.severity === 'error' ? chalk.red('error') : chalk.yellow('warning')
  return `${d.file}:${d.line}:${d.column}: ${sev} ${d.code} ${d.message}${d.hint ? `\n    hint: ${d.hint}` : ''}`
}

/** The JSON shape of a write, shared by new, set and edit. */
export function writeResultJson(kind: string, id: string, result: WriteResult, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ok: true,
    kind,
    id,
    file: result.files[0],
    committed: Boolean(result.commit),
    commit: result.commit ?? null,
    message,
    ...extra,
    changed_by_hook: changedByHook(result) ?? null,
    warnings: shownDiagnostics(result.warnings).map(({file, line, column, severity, code, message: m, hint}) => ({file, line, column, severity, code, message: m, hint: hint ?? null})),
  }
}
