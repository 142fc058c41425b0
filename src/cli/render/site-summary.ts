/** "What does this site hold?" — records by kind and the validation verdict, as text. */
import {KIND_INFO, KINDS} from '../../core/records/kinds.js'
import type {ValidationResult} from '../../core/validate/site-validation.js'
import {summaryLine} from './diagnostics.js'
import {renderTable} from './table.js'

export function renderSiteSummary(siteName: string, root: string, result: ValidationResult): string {
  const rows = KINDS.map((k) => [KIND_INFO[k].folder + '/', String(result.records[k]), KIND_INFO[k].summary])
  return [`${siteName} — ${root}`, '', renderTable([{header: 'folder'}, {header: 'records', align: 'right'}, {header: 'holds', max: 60}], rows), '', summaryLine(result)].join('\n')
}
