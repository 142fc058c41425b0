/** What a command that wrote records tells the user: the file, the commit, and any warnings. */
import {chalk} from './colors.js'
import type {Diagnostic} from '../../core/errors.js'
import type {HookChanges, WriteResult} from '../../core/write/record-writer.js'
import {shownDiagnostics} from '../../core/privacy/shown-findings.js'
import {shownSitePath} from '../../core/privacy/file-names.js'

export function renderWriteResult(verb: string, result: WriteResult, message: string): string {
  const lines: string[] = []
  // A file whose name is concealed (a referral saved as partners/quennell-zavorski.yaml) is printed so here too.
  const shown = result.files.map(shownSitePath)
  const files = shown.join(', ')
  if (result.commit) lines.push(`${chalk.green('✔')} ${verb} ${files} — committed ${result.commit.slice(0, 7)} "${message}"`)
  else lines.push(`${chalk.green('✔')} ${verb} ${files} — not committed (--no-commit); commit it with: git add -- ${shown.join(' ')} && git commit -m "${message}" -- ${shown.join(' ')}`)
  for (const w of shownDiagnostics(result.warnings)) lines.push(renderDiagnosticLine(w))
  lines.push(...hookChangeLines(result.changedByHook))
  return lines.join('\n')
}

/** The warning for what a git hook changed in lead's commit after lead judged it (none when nothing). */
export function hookChangeLines(hooked: HookChanges | undefined): string[] {
  if (!hooked) return []
  const {rewritten, uncommitted, others} = hooked
  const them = (files: string[]) => (files.length === 1 ? 'it' : 'them')
  const what = [
    rewritten.length > 0 ? `committed ${rewritten.join(', ')} otherwise than lead wrote ${them(rewritten)}` : '',
    others.length > 0 ? `also committed ${others.join(', ')}` : '',
    uncommitted.length > 0 ? `changed ${uncommitted.join(', ')} in the working tree after lead committed ${them(uncommitted)} (left uncommitted)` : '',
  ].filter(Boolean).join(', and ')
  return [`${chalk.yellow('warning')} HOOK_CHANGED_COMMIT a git hook ${what}: lead did not validate that`, '    hint: run lead validate to check the site; the hook is in .git/hooks or core.hooksPath']
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
    file: result.files[0] === undefined ? undefined : shownSitePath(result.files[0]),
    committed: Boolean(result.commit),
    commit: result.commit ?? null,
    message,
    ...extra,
    changed_by_hook: result.changedByHook ?? null,
    warnings: shownDiagnostics(result.warnings).map(({file, line, column, severity, code, message: m, hint}) => ({file, line, column, severity, code, message: m, hint: hint ?? null})),
  }
}
