/**
 * `lead import referrals FILE`: a spreadsheet or police export → new referral records, all in one
 * commit or none. Each row becomes the referral `lead new` would make from the same values and is
 * judged by the same validation (schema, referral rules, privacy scan) — once, for the whole batch
 * in the site as it would be — with every finding reported back at FILE:ROW:COLUMN. Rows already
 * imported (their keyed hash is on a referral) are recognised and skipped, so a re-run creates
 * nothing twice.
 */
import type {Fold} from '../clock/local-time.js'
import {LeadError} from '../errors.js'
import {parseAssignment} from '../records/field-assignments.js'
import {mintParticipantCode, mintRecordId} from '../records/id-minting.js'
import {loadRecords, type RecordData} from '../records/load.js'
import {newRecordChange} from '../records/new-record.js'
import {writeRecords, type RecordChange} from '../write/record-writer.js'
import type {Site} from '../site.js'
import {columnOf, problemsRefusal, readInputFile, readRows, readTable, recognizeColumns, isError, parseColumnChoices, sortProblems, type TableNotice, type TableProblem, type ValueMaps} from '../tabular/index.js'
import {loadSchema} from '../schemas/schema-registry.js'
import {scanText} from '../privacy/identifiers.js'
import {IMPORT_FIELDS} from './import-fields.js'
import {previewOf, type ImportPreview} from './import-preview.js'
import {siteVocabulary} from '../privacy/vocabulary.js'
import {discardImportKey, keyedHash, loadImportKey, saveImportKey} from './import-key.js'
import {checkHeaderRow, printableHeaders} from './header-row.js'
import {checkParticipantColumn, rowProblemsOf} from './import-findings.js'
import {parseReferralRow} from './import-row.js'
import {receivedDate} from '../referrals/protocol-in-force.js'
import {siteTimeZone} from '../clock/site-zone.js'

export interface ReferralImportOptions {
  /** The file as the user named it, and its absolute path. */
  file: string
  abs: string
  sheet?: string
  /** --map values and the mapping file's columns (field=Header). */
  map: readonly string[]
  values: ValueMaps
  /** --set FIELD=VALUE: the same value on every referral (e.g. pathway=arrest_diversion). */
  set: readonly string[]
  where?: readonly string[]
  fold?: Fold
  dryRun?: boolean
  message?: string
  newImportKey?: boolean
}

const REFUSAL_HINT = "fix the rows listed above in the file (an export's own codes can be mapped with --value), then rerun: nothing is written until every row is valid"

export interface ImportedRow {
  row: number
  id: string
  data: RecordData
  /** What may be printed of it. */
  shown: ImportPreview
}

export interface ReferralImportResult {
  file: string
  dryRun: boolean
  /** Field → the header it was read from. */
  columns: Record<string, string>
  created: ImportedRow[]
  /** Rows whose referral is already in the site (imported before). */
  alreadyImported: number[]
  /** Rows repeating an earlier row of the same file. */
  repeated: number[]
  filtered: number
  warnings: TableProblem[]
  notices: TableNotice[]
  commit?: string
}

export async function importReferrals(site: Site, options: ReferralImportOptions): Promise<ReferralImportResult> {
  const table = await readTable(options.file, readInputFile(options.file, options.abs), {sheet: options.sheet})
  const choices = parseColumnChoices(options.map, IMPORT_FIELDS)
  // A participant's export: a header row is checked before any message may list its cells.
  checkHeaderRow(table)
  const headerHint = printableHeaders(table.headers)
  const columns = recognizeColumns(table.headers, IMPORT_FIELDS, choices, headerHint)
  checkParticipantColumn(table, columns)

  const timeZone = siteTimeZone(site)
  const schema = loadSchema('referral')
  const constants: RecordData = {}
  for (const text of options.set) {
    const a = parseAssignment(schema, text, {timeZone, kind: 'referral'})
    let node = constants as Record<string, unknown>
    const steps = a.steps.map((s) => ('key' in s ? s.key : undefined))
    if (steps.some((s) => s === undefined)) throw new LeadError('BAD_ASSIGNMENT', `--set ${a.text}: a constant names a field, not a list item`, {exit: 2, hint: 'e.g. --set pathway=arrest_diversion --set referrer.agency=harbor-pd'})
    for (const key of steps.slice(0, -1)) node = (node[key!] ??= {}) as Record<string, unknown>
    node[steps.at(-1)!] = a.value
  }

  // List cells (charges, exclusions) are mapped item by item too: "THEFT 3; TRESPASS".
  const itemMaps: ValueMaps = new Map()
  for (const [k, m] of options.values) {
    const c = columnOf(k, table.headers, columns)
    const field = Object.keys(columns).find((f) => columns[f] === c)
    if (field) itemMaps.set(field, new Map([...(itemMaps.get(field) ?? []), ...m]))
  }
  const rows = readRows(table, {fields: IMPORT_FIELDS, columns: choices, values: options.values, where: options.where, headerHint}, (r) => parseReferralRow(r, constants, {timeZone, fold: options.fold, values: itemMaps}))

  const records = await loadRecords(site)
  const existingKeys = new Set<string>()
  const usedCodes = new Set<string>()
  for (const k of ['referral', 'consent'] as const) {
    for (const d of records.dataOf(k)) {
      if (typeof d.participant === 'string') usedCodes.add(d.participant)
      if (typeof d.import_key === 'string') existingKeys.add(d.import_key)
    }
  }
  const key = loadImportKey(site.root, existingKeys.size > 0, options.newImportKey === true)
  const vocabulary = siteVocabulary(site.config, records)
  // A charge no protocol lists is almost always an export's own code that needs a --value map.
  const knownCharges = vocabulary.charges
  const chargeCode = statuteReader(knownCharges)

  const problems = [...rows.problems]
  const created: ImportedRow[] = []
  const changes: RecordChange[] = []
  const rowOfFile = new Map<string, {row: number; text: string}>()
  const alreadyImported: number[] = []
  const repeated: number[] = []
  const seen = new Map<string, number>()
  const batchIds = new Set<string>()
  for (const {row, value} of rows.items) {
    const hash = keyedHash(key, value.keyMaterial)
    if (existingKeys.has(hash)) {
      alreadyImported.push(row)
      continue
    }
    const first = seen.get(hash)
    if (first !== undefined) {
      repeated.push(row)
      problems.push({code: 'DUPLICATE_ROW', file: table.file, row, column: 1, severity: 'warning', message: `row repeats row ${first} (the same ${columns.source_key !== undefined ? 'source key' : 'time, referrer, district, charges and participant'}): imported once`})
      continue
    }
    seen.set(hash, row)
    const data = value.data
    if (Array.isArray(data.charges)) data.charges = [...new Set((data.charges as string[]).map(chargeCode))]
    const unknown = ((data.charges as string[] | undefined) ?? []).filter((c) => !knownCharges.has(c))
    // Every status: a charge is printed and committed only as a declared code, so an ineligible row's too.
    if (unknown.length > 0) {
      problems.push({code: 'UNKNOWN_CHARGE', file: table.file, row, column: (columns.charges ?? 0) + 1, message: `${unknown.length === 1 ? 'a charge' : `${unknown.length} charges`} in this cell ${unknown.length === 1 ? 'is' : 'are'} on no protocol's divertible list (the cell is not shown: it is not a code the site declared)`, hint: 'map the export\'s code to the statute the protocol lists (--value "charges:EXPORT CODE=RCW …"); a charge no protocol lists is not a code the site declared, so it cannot be recorded: add it to a protocol first'})
      continue
    }
    data.import_key = hash
    if (typeof data.participant !== 'string') {
      // A random code can spell what the privacy scan reads as a name label ("P-AKAMW4": "AKA MW");
      // about one in 20,000 does, which an import of thousands would hit: such codes are passed over.
      data.participant = mintParticipantCode((c) => usedCodes.has(c) || scanText(c).length > 0)
      usedCodes.add(data.participant as string)
    }
    const date = typeof data.received === 'string' ? receivedDate({received: data.received}, timeZone) : undefined
    if (date) data.id = mintRecordId('r', date, (id) => batchIds.has(id) || records.has('referral', id))
    if (typeof data.id !== 'string') continue
    batchIds.add(data.id)
    // The value rides with its text, so judging the batch need not parse thousands of new files again.
    const change = {...newRecordChange(site, records, 'referral', data), data}
    changes.push(change)
    rowOfFile.set(change.file, {row, text: change.text})
    created.push({row, id: change.id, data, shown: previewOf(data, vocabulary)})
  }
  const result: ReferralImportResult = {file: table.file, dryRun: options.dryRun === true, columns: Object.fromEntries(Object.entries(rows.columns).map(([f, i]) => [f, table.headers[i]!])), created, alreadyImported, repeated, filtered: rows.filtered, warnings: [], notices: rows.notices}
  if (changes.length === 0) {
    if (problems.some(isError)) throw problemsRefusal(table.file, sortProblems(problems), REFUSAL_HINT)
    result.warnings = problems
    return result
  }
  const message = options.message ?? `referral: import ${changes.length} from ${table.file.split('/').pop()}`
  // Rows that could not be read still let the others be validated: one run lists every problem.
  const refuseRows = problems.some(isError)
  // The key is kept before the commit (a commit without its key could never be recognised again)
  // and taken back if the write fails, so a failed import leaves nothing new behind.
  const keepKey = !options.dryRun && !refuseRows
  try {
    if (keepKey) saveImportKey(key)
    let written
    try {
      written = await writeRecords(site, changes, {message, dryRun: options.dryRun || refuseRows})
    } catch (error) {
      if (keepKey) discardImportKey(key)
      throw error
    }
    if (refuseRows) throw problemsRefusal(table.file, sortProblems([...problems, ...rowProblemsOf(written.warnings, table, rows.columns, rowOfFile)]), REFUSAL_HINT)
    result.commit = written.commit
    result.warnings = sortProblems([...problems, ...rowProblemsOf(written.warnings, table, rows.columns, rowOfFile)])
  } catch (error) {
    if (!(error instanceof LeadError) || error.code !== 'INVALID_CHANGE') throw error
    const found = (error.details as {diagnostics?: Parameters<typeof rowProblemsOf>[0]} | undefined)?.diagnostics ?? []
    throw problemsRefusal(table.file, sortProblems([...problems, ...rowProblemsOf(found, table, rows.columns, rowOfFile)]), REFUSAL_HINT)
  }
  return result
}

/**
 * Exports often write a charge as its statute followed by text ("RCW 9A.56.050 THEFT 3RD DEGREE"):
 * such an item is read as the declared code it starts with (the longest, ending at a space or
 * punctuation, so RCW 69.50.401 never takes RCW 69.50.4013). Anything else is left as it is.
 */
export function statuteReader(known: ReadonlySet<string>): (item: string) => string {
  const codes = [...known].sort((a, b) => b.length - a.length).map((code) => ({code, upper: code.toUpperCase()}))
  return (item) => {
    if (known.has(item)) return item
    const upper = item.toUpperCase()
    const hit = codes.find((c) => upper.startsWith(c.upper) && (upper.length === c.upper.length || /[\s,:;()–—-]/.test(upper[c.upper.length]!)))
    return hit?.code ?? item
  }
}
