/** What `lead import referrals|consents` prints: the records it would create or created, and every problem at FILE:ROW:COLUMN. */
import {chalk} from './colors.js'
import type {RecordImportResult} from '../../core/import/record-import.js'
import type {ConsentPreview, ImportPreview} from '../../core/import/import-preview.js'
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

/** A preview column: its header and its cell (what the preview lets through: no participant code, no notes, nothing undeclared). */
export interface PreviewColumn<Shown> {
  header: string
  cell: (shown: Shown) => string
}

export const REFERRAL_COLUMNS: ReadonlyArray<PreviewColumn<ImportPreview>> = [
  {header: 'received', cell: (s) => s.received},
  {header: 'pathway', cell: (s) => s.pathway},
  {header: 'referrer', cell: (s) => s.referrer.join(' ')},
  {header: 'district', cell: (s) => s.district},
  {header: 'charges', cell: (s) => s.charges.join('; ')},
  {header: 'status', cell: (s) => s.status},
]

export const CONSENT_COLUMNS: ReadonlyArray<PreviewColumn<ConsentPreview>> = [
  {header: 'signed', cell: (s) => s.signed},
  {header: 'expires', cell: (s) => s.expires},
  {header: 'revoked', cell: (s) => s.revoked},
  {header: 'disclosers', cell: (s) => s.disclosers.join(', ')},
  {header: 'recipients', cell: (s) => s.recipients.join(', ')},
]

/** The new records as a table of what may be shown, with what was skipped and every warning. */
export function renderRecordImport<Shown>(r: RecordImportResult<Shown>, columns: ReadonlyArray<PreviewColumn<Shown>>): string {
  const lines: string[] = []
  const noun = (n: number) => `${n} ${r.kind}${n === 1 ? '' : 's'}`
  lines.push(chalk.bold(r.dryRun ? `${r.file}: would create ${noun(r.created.length)} (dry run: nothing written)` : `${r.file}: created ${noun(r.created.length)}`))
  const skipped = [
    r.alreadyImported.length ? `${r.alreadyImported.length} already imported` : '',
    r.repeated.length ? `${r.repeated.length} repeating an earlier row` : '',
    r.filtered ? `${r.filtered} left out by --where` : '',
  ].filter(Boolean)
  if (skipped.length) lines.push(`skipped: ${skipped.join(', ')}`)
  lines.push(`columns: ${Object.entries(r.columns).map(([f, h]) => `${f}=${h}`).join(', ')}`)
  if (r.created.length > 0) {
    const rows = r.created.slice(0, 50).map(({row, id, shown}) => [String(row), id, ...columns.map((c) => c.cell(shown))])
    lines.push('', renderTable([{header: 'row', align: 'right'}, {header: r.kind}, ...columns.map((c) => ({header: c.header}))], rows))
    if (r.created.length > 50) lines.push(`… and ${r.created.length - 50} more (--json lists every one)`)
  }
  if (r.notices.length || r.warnings.length) lines.push('')
  for (const n of r.notices) lines.push(`note: ${n.message}${n.hint ? ` (${n.hint})` : ''}`)
  if (r.warnings.length) lines.push(renderImportProblems(r.warnings))
  return lines.join('\n')
}
