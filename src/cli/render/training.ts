/** Text renderings of the training reports: coverage, who is due, the trend, an import's changes. */
import {chalk} from './colors.js'
import type {CoverageGroup, CoverageReport} from '../../core/training/coverage.js'
import type {DueReport} from '../../core/training/due.js'
import type {TrendReport} from '../../core/training/trend.js'
import type {RosterImportResult} from '../../core/import/roster-import.js'
import type {AttendanceImportResult} from '../../core/import/attendance-import.js'
import type {TableNotice, TableProblem} from '../../core/tabular/index.js'
import type {FlatRow} from '../../core/records/flat-export.js'
import {bar, renderTable} from './table.js'

const pct = (p: number) => p.toFixed(1)

function scopeLine(title: string, r: {agency?: string; course?: string; catchmentOnly: boolean}): string {
  const parts = [r.agency ?? 'all agencies', r.course ? `course ${r.course}` : 'any course']
  if (r.catchmentOnly) parts.push('catchment officers only')
  return `${title} — active officers, ${parts.join(', ')}`
}

export function renderCoverage(report: CoverageReport, below: readonly CoverageGroup[] = [], min?: number): string {
  const low = new Set(below.map((g) => g.key))
  const rows = report.groups.map((g) => [g.label, g.catchment ? 'yes' : '', String(g.trained), String(g.total), pct(g.percent), bar(g.percent / 100) + (low.has(g.key) ? ` below ${min}%` : '')])
  rows.push(['catchment', '', String(report.catchment.trained), String(report.catchment.total), pct(report.catchment.percent), ''])
  rows.push(['total', '', String(report.total.trained), String(report.total.total), pct(report.total.percent), bar(report.total.percent / 100)])
  const table = renderTable(
    [{header: report.by}, {header: 'catchment'}, {header: 'trained', align: 'right'}, {header: 'total', align: 'right'}, {header: '%', align: 'right'}, {header: '', max: 40}],
    rows,
  )
  const lines = [chalk.bold(scopeLine(`Training coverage on ${report.asOf}`, report)), '', table]
  if (report.groups.length === 0) lines.push('', 'No active officers in scope.')
  for (const u of report.untracked) lines.push('', `No data for ${u.agency} on ${report.asOf}: its roster starts ${u.since} (the first HR export imported); it is left out.`)
  if (min !== undefined) lines.push('', below.length === 0 ? `Every group is at or above ${min}%.` : `${below.length} group${below.length === 1 ? ' is' : 's are'} below ${min}%: ${below.map((g) => g.label + (g.catchment ? ' (catchment)' : '')).join(', ')}`)
  return lines.join('\n')
}

const REASON_TEXT = {never: 'never trained', expired: 'expired', expiring: 'expiring'} as const

export function renderDue(report: DueReport): string {
  const rows = report.officers.map((o) => [
    o.agency,
    o.badge,
    o.name,
    o.unit ?? '',
    o.district ?? '',
    o.shift ?? '',
    o.catchment ? 'yes' : '',
    REASON_TEXT[o.reason],
    o.last ? `${o.last.date} ${o.last.course}` : '',
    o.expires ? (o.basis && o.last && o.basis.session !== o.last.session ? `${o.expires} (${o.basis.course} ${o.basis.date})` : o.expires) : '',
  ])
  const c = report.counts
  const head = chalk.bold(`Due for training on ${report.asOf} (expiring through ${report.until}): ${c.total} officer${c.total === 1 ? '' : 's'} — ${c.never} never trained, ${c.expired} expired, ${c.expiring} expiring`)
  if (rows.length === 0) return `${head}\n\nNo one is due.`
  const table = renderTable(
    [{header: 'agency'}, {header: 'badge'}, {header: 'name', max: 32}, {header: 'unit', max: 24}, {header: 'district'}, {header: 'shift'}, {header: 'catchment'}, {header: 'due'}, {header: 'last training', max: 32}, {header: 'expires', max: 40}],
    rows,
  )
  return `${head}\n\n${table}`
}

/** The due list as flat rows for the shared CSV writer (src/core/records/flat-export.ts). */
export const DUE_CSV_COLUMNS = ['agency', 'badge', 'name', 'rank', 'unit', 'district', 'shift', 'catchment', 'due', 'last_training_date', 'last_course', 'last_session', 'expires', 'expiring_course', 'expiring_date', 'days'] as const

export function dueRows(report: DueReport): FlatRow[] {
  return report.officers.map((o) => ({
    agency: o.agency,
    badge: o.badge,
    name: o.name,
    rank: o.rank ?? null,
    unit: o.unit ?? null,
    district: o.district ?? null,
    shift: o.shift ?? null,
    catchment: o.catchment ? 'yes' : 'no',
    due: o.reason,
    last_training_date: o.last?.date ?? null,
    last_course: o.last?.course ?? null,
    last_session: o.last?.session ?? null,
    expires: o.expires ?? null,
    expiring_course: o.basis?.course ?? null,
    expiring_date: o.basis?.date ?? null,
    days: o.days ?? null,
  }))
}

export function renderTrend(report: TrendReport): string {
  const rows = report.points.map((p) => (p.noData ? [p.month, p.date, '', '', 'no data', ''] : [p.month, p.date, String(p.trained), String(p.total), pct(p.percent) + (p.untracked.length > 0 ? '*' : ''), pct(p.catchment.percent)]))
  const table = renderTable([{header: 'month'}, {header: 'as of'}, {header: 'trained', align: 'right'}, {header: 'total', align: 'right'}, {header: '%', align: 'right'}, {header: 'catchment %', align: 'right'}], rows)
  const notes: string[] = []
  const empty = report.points.filter((p) => p.noData)
  if (empty.length > 0) notes.push(`no data: no roster had been imported by ${empty.at(-1)!.date} — before the first HR export lead does not know who served, so those months are not counted`)
  if (report.points.some((p) => !p.noData && p.untracked.length > 0)) notes.push('* some agencies are left out of these months: their rosters start later')
  return [chalk.bold(scopeLine(`Training coverage at each month end through ${report.asOf}`, report)), '', table, ...(notes.length ? ['', ...notes] : []), '', columnChart(report.points.map((p) => ({label: p.month, value: p.noData ? 0 : p.percent})))].join('\n')
}

/** A vertical bar chart of percentages, 10 rows high, one column per point. */
export function columnChart(points: ReadonlyArray<{label: string; value: number}>, height = 10): string {
  const blocks = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█']
  const width = 4
  const lines: string[] = []
  for (let row = height; row >= 1; row--) {
    const axis = row === height ? '100%' : row === Math.ceil(height / 2) ? ' 50%' : '    '
    const cells = points.map((p) => {
      const filled = (Math.max(0, Math.min(100, p.value)) / 100) * height
      const eighths = Math.round((filled - (row - 1)) * 8)
      const ch = blocks[Math.max(0, Math.min(8, eighths))]!
      return ` ${ch.repeat(width - 2)} `
    })
    lines.push(`${axis} │${cells.join('')}`.trimEnd())
  }
  lines.push(`  0% └${'─'.repeat(points.length * width)}`)
  // Month labels: MM under each column, the year where it starts.
  lines.push(`      ${points.map((p) => ` ${p.label.slice(5, 7)} `).join('')}`.trimEnd())
  if (points.length > 0) lines.push(`      ${points[0]!.label} … ${points.at(-1)!.label}`)
  return lines.join('\n')
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export function renderRosterImport(r: RosterImportResult, csv: string): string {
  const c = r.counts
  const counts: Array<[string, string]> = [['added', String(c.added)], ['changed', String(c.changed)], ['separated', String(c.separated)], ['unchanged', String(c.unchanged)]]
  if (c.ambiguous > 0) counts.push(['to decide', String(c.ambiguous)])
  if (c.skipped > 0) counts.push(['rows skipped', String(c.skipped)])
  if (c.filtered > 0) counts.push(['rows left out by --where', String(c.filtered)])
  const lines = [chalk.bold(`${r.file} ← ${csv} (as of ${r.date})${r.dryRun ? ' — dry run' : ''}`), '', renderTable([{header: 'officers'}, {header: 'count', align: 'right'}], counts)]
  if (r.added.length + r.changed.length + r.separated.length > 0) lines.push('')
  for (const a of r.added) lines.push(`+ ${a.badge}  ${a.name}`)
  for (const ch of r.changed) lines.push(`~ ${ch.badge}  ${ch.name}: ${ch.changes.map((x) => `${x.field} ${x.from ?? '(none)'} → ${x.to}`).join(', ')}`)
  for (const s of r.separated) lines.push(`- ${s.badge}  ${s.name}: ${s.from} → separated ${s.reason === 'missing' ? '(not in the export)' : `on ${s.date} (the export says so)`}`)
  for (const x of r.reissued) lines.push(`  badge ${x.badge} reissued: ${x.from.name} (${x.from.id}) → ${x.to.name} (${x.to.id}); trainings stay with who attended`)
  for (const f of r.reformatted) lines.push(`  ${f.field}: ${plural(f.count, 'value')} changed only in format (e.g. "${f.from}" → "${f.to}"): updated, not recorded as changes`)
  if (r.heldSeparations > 0) lines.push(`  ${plural(r.heldSeparations, 'officer')} missing from the export kept as they are: rows of the export were skipped and may be them`)
  if (r.ambiguous.length > 0) {
    lines.push('', chalk.bold(`${plural(r.ambiguous.length, 'match')} to decide (both sides left as they are):`))
    for (const m of r.ambiguous) lines.push(`? row ${m.row}: ${m.badge} ${m.name}${m.since ? ` (hired ${m.since})` : ''}  ↔  ${m.officer.id}: ${m.officer.badge} ${m.officer.name}${m.officer.since ? ` (hired ${m.officer.since})` : ''} — ${m.reason}`)
  }
  return lines.join('\n')
}

export function renderAttendanceImport(r: AttendanceImportResult): string {
  const c = r.counts
  const head = `${r.file}${r.dryRun ? ' — dry run' : ''}: ${plural(c.added, 'attendance')} added in ${plural(r.sessions.length, 'session')} (${c.created} new), ${c.already} already listed${c.absent > 0 ? `, ${c.absent} marked absent` : ''}${c.skipped > 0 ? `, ${plural(c.skipped, 'row')} skipped` : ''}${c.filtered > 0 ? `, ${c.filtered} left out by --where` : ''}`
  const lines = [chalk.bold(head)]
  for (const s of r.sessions) {
    if (r.sessions.length > 1 || s.created) lines.push(`${s.created ? '+' : '~'} ${s.session} (${s.date}, ${s.course}): ${s.added.length} added${s.already.length ? `, ${s.already.length} already listed` : ''}`)
    if (r.sessions.length === 1) for (const a of s.added) lines.push(`+ ${a.badge}  ${a.name}${a.agency !== s.agency ? `  (${a.agency})` : ''}`)
  }
  return lines.join('\n')
}

export function renderTableProblems(problems: readonly TableProblem[]): string {
  return problems.map((p) => `${p.file}:${p.row}:${p.column}: ${(p.severity ?? 'error') === 'error' ? chalk.red('error') : chalk.yellow('warning')} ${p.code} ${p.message}${p.hint ? `\n  hint: ${p.hint}` : ''}`).join('\n')
}

export function renderNotices(notices: readonly TableNotice[]): string {
  return notices.map((n) => `${chalk.yellow('warning')} ${n.code} ${n.message}${n.hint ? `\n  hint: ${n.hint}` : ''}`).join('\n')
}
