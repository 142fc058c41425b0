/** What `lead import referrals` prints: the rows it would create or created, and every problem at FILE:ROW:COLUMN. */
import chalk from 'chalk'
import type {ReferralImportResult} from '../../core/import/referral-import.js'
import {formatTableProblem, type TableProblem} from '../../core/tabular/index.js'
import {renderTable} from './table.js'

/** Problems one per line (with its hint), in file order; after `limit` lines a count of the rest. */
export function renderImportProblems(problems: readonly TableProblem[], limit = 200): string {
  const lines: string[] = []
  for (const p of problems.slice(0, limit)) {
    const line = formatTableProblem(p)
    lines.push((p.severity ?? 'error') === 'error' ? line.replace(' error ', ` ${chalk.red('error')} `) : line.replace(' warning ', ` ${chalk.yellow('warning')} `))
    if (p.hint) lines.push(`    hint: ${p.hint}`)
  }
  if (problems.length > limit) lines.push(`… and ${problems.length - limit} more (--json lists every one)`)
  return lines.join('\n')
}

/** The referrals as a table of operational fields (what the preview lets through: no participant code, no notes, nothing undeclared). */
export function renderReferralImport(r: ReferralImportResult): string {
  const lines: string[] = []
  const head = r.dryRun ? `${r.file}: would create ${r.created.length} referral${r.created.length === 1 ? '' : 's'} (dry run: nothing written)` : `${r.file}: created ${r.created.length} referral${r.created.length === 1 ? '' : 's'}`
  lines.push(chalk.bold(head))
  const skipped = [
    r.alreadyImported.length ? `${r.alreadyImported.length} already imported` : '',
    r.repeated.length ? `${r.repeated.length} repeating an earlier row` : '',
    r.filtered ? `${r.filtered} left out by --where` : '',
  ].filter(Boolean)
  if (skipped.length) lines.push(`skipped: ${skipped.join(', ')}`)
  lines.push(`columns: ${Object.entries(r.columns).map(([f, h]) => `${f}=${h}`).join(', ')}`)
  if (r.created.length > 0) {
    const rows = r.created.slice(0, 50).map(({row, id, shown}) => [String(row), id, shown.received, shown.pathway, shown.referrer.join(' '), shown.district, shown.charges.join('; '), shown.status])
    lines.push('', renderTable([{header: 'row', align: 'right'}, {header: 'referral'}, {header: 'received'}, {header: 'pathway'}, {header: 'referrer'}, {header: 'district'}, {header: 'charges'}, {header: 'status'}], rows))
    if (r.created.length > 50) lines.push(`… and ${r.created.length - 50} more (--json lists every one)`)
  }
  if (r.notices.length || r.warnings.length) lines.push('')
  for (const n of r.notices) lines.push(`note: ${n.message}${n.hint ? ` (${n.hint})` : ''}`)
  if (r.warnings.length) lines.push(renderImportProblems(r.warnings))
  return lines.join('\n')
}
