/**
 * The identifier scan of an import's refused rows. Validation scans only the records a run would
 * write, so a row refused for a problem of its own (a time that did not happen, a charge no
 * protocol lists, a staff name the site does not know, a cell too many) had its notes scanned
 * only once that problem was fixed, a run later — when a name or phone number in them was found
 * at last. Each refused row's values, as far as they were read, are scanned here as the record
 * they would make (privacy/record-scan.ts, the site's allowances, as validation does), its cells
 * that could not be read as their field's type and those past the header's last column as text, and each
 * finding is reported at the row and column it came from in validation's words: what kind of
 * identifier and at which characters, never the text.
 */
import {isDeepStrictEqual} from 'node:util'
import type {Diagnostic} from '../errors.js'
import {shownPath} from '../privacy/disclosable.js'
import {scanText} from '../privacy/identifiers.js'
import {chargeTerms, scanAllowances, scanRecord, type ScannedKind} from '../privacy/record-scan.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'
import type {RecordData} from '../records/load.js'
import {valueAt} from '../records/record-query.js'
import type {SiteConfig} from '../site.js'
import type {ColumnMap, TableProblem} from '../tabular/index.js'
import {applySeverityOverrides} from '../validate/site-findings.js'
import {identifierWords, perValue} from '../validate/rules/privacy.js'
import type {ImportField, ImportValueKind} from './import-fields.js'

export interface RefusedRow {
  row: number
  /** What the row read (cells that could not be read as their field's type are not in it). */
  data: RecordData
  /** Its cells past the header's last column (an unquoted comma in the notes): they would be written once it is quoted. */
  spill: readonly string[]
  /** The 0-based column of spill[0]. */
  spillFrom: number
  /** Its cells that could not be read as their field's type, and so are in no value of `data`. */
  unread?: readonly UnreadCell[]
}

/** A cell a row's parser refused as its field's type: its text is scanned as written. */
export interface UnreadCell {
  field: string
  /** 1-based. */
  column: number
  text: string
  /** Its field holds a date or time: a date in it is what the field asks for, not a birth date. */
  dated: boolean
}

/** The kinds of value a cell holds as a date or time: scanned as a date field is (a bare date there is what was asked for; a labelled birth date or an age is not). */
const DATED: ReadonlySet<ImportValueKind> = new Set(['date', 'datetime', 'clock'])

/**
 * A refused row's cells that are in no value it read (a name in the time column of a mis-mapped
 * export): each field's filled cell whose value is missing from `data`, or is only the --set
 * constant there. `written`: import field → the value its cell is written to, not the record field
 * it shares with another column (`quantity.amount`, not `quantity`, which `--set quantity.unit=g`
 * fills); a field with none (the source key, kept only as a keyed hash) is written nowhere, so
 * never scanned.
 */
export function unreadCells(fields: readonly ImportField[], written: Readonly<Record<string, string>>, columns: ColumnMap, cells: readonly string[], data: RecordData, constants: RecordData): UnreadCell[] {
  const out: UnreadCell[] = []
  for (const f of fields) {
    const c = columns[f.name]
    const at = Object.hasOwn(written, f.name) ? written[f.name] : undefined
    const text = c === undefined ? '' : (cells[c] ?? '').trim()
    if (at === undefined || text === '') continue
    const value = valueAt(data, at)
    const constant = valueAt(constants, at)
    if (value === undefined || (constant !== undefined && isDeepStrictEqual(value, constant))) out.push({field: f.name, column: c! + 1, text, dated: DATED.has(f.kind)})
  }
  return out
}

/** PII findings in refused rows, at FILE:ROW:COLUMN, graded as lead.yaml `rules` grades validation's. */
export function scanRefusedRows(kind: ScannedKind, rows: readonly RefusedRow[], file: string, columns: ColumnMap, targets: Readonly<Record<string, string>>, config: SiteConfig, vocabulary: SiteVocabulary): TableProblem[] {
  if (rows.length === 0) return []
  const {allow, allowedTerms} = scanAllowances(config)
  const options = {allow, staffNames: vocabulary.staff, allowedTerms, vocabulary}
  // A cell's text passes what a record's would: the site's charge codes too.
  const cellTerms = chargeTerms(allowedTerms, vocabulary)
  const out: TableProblem[] = []
  for (const {row, data, spill, spillFrom, unread = []} of rows) {
    const found: Diagnostic[] = perValue(scanRecord(kind, data, options)).map(({finding: f, more}) => {
      const {message, hint} = identifierWords(f, shownPath(kind, f.inKey ? f.path.slice(0, -1) : f.path), more)
      return {code: f.code, severity: 'error', message, hint, file, line: row, column: columnOf(f.path, columns, targets)}
    })
    // Text no value holds, scanned as free text: what the cell is called stands for the field.
    const scanCell = (text: string, called: string, column: number, dated = false, hint?: string) => {
      const matches = scanText(text, {dateField: dated, staffNames: vocabulary.staff, allowedTerms: cellTerms})
      for (const {finding: f, more} of perValue(matches.map((m) => ({...m, path: [], inKey: false, field: kind})))) {
        const words = identifierWords(f, called, more)
        found.push({code: f.code, severity: 'error', ...words, ...(hint ? {hint} : {}), file, line: row, column})
      }
    }
    spill.forEach((cell, i) => scanCell(cell, "a cell past the header's last column", spillFrom + i + 1))
    // Nothing was written from such a cell: most likely the column is not the field's (a name column mapped as the time).
    for (const cell of unread) scanCell(cell.text, `the ${cell.field.replace(/_/g, ' ')} cell`, cell.column, cell.dated, `this column is read as ${cell.field}: if it is not the ${cell.field.replace(/_/g, ' ')}, map the column that is (--map ${cell.field}=COLUMN) and leave this one out; if it is, the export holds an identifier here that no record may`)
    for (const d of applySeverityOverrides(found, config.rules)) out.push({code: d.code, file, row, column: d.column, message: d.message, hint: d.hint, ...(d.severity === 'warning' ? {severity: 'warning' as const} : {})})
  }
  return out
}

/**
 * The 1-based column a record path was filled from: the import field with the deepest target
 * holding it (list indices aside; among equals the first, as findings on written rows are traced),
 * else the first column (a --set value).
 */
function columnOf(path: ReadonlyArray<string | number>, columns: ColumnMap, targets: Readonly<Record<string, string>>): number {
  const dotted = path.filter((s) => typeof s === 'string').join('.')
  let best: {depth: number; column: number} | undefined
  for (const [field, target] of Object.entries(targets)) {
    const c = columns[field]
    if (c === undefined || !(dotted === target || dotted.startsWith(`${target}.`))) continue
    const depth = target.split('.').length
    if (!best || depth > best.depth) best = {depth, column: c + 1}
  }
  return best?.column ?? 1
}
