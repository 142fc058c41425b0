/**
 * `lead import referrals|consents FILE`: a spreadsheet export → new participant records, all in
 * one commit or none. Each row becomes the record `lead new` would make from the same values and is
 * judged by the same validation (schema, the kind's rules, the privacy scan) — once, for the whole
 * batch in the site as it would be — with every finding reported back at FILE:ROW:COLUMN. Rows
 * already imported (their keyed hash is on a record) are recognised and skipped, so a re-run
 * creates nothing twice. What differs between kinds (fields, row parser, per-row checks, preview)
 * is an ImportKind; everything else is here once.
 */
import type {Fold} from '../clock/local-time.js'
import {LeadError, usageError} from '../errors.js'
import {parseAssignment} from '../records/field-assignments.js'
import {mintRecordId} from '../records/id-minting.js'
import {KIND_INFO} from '../records/kinds.js'
import {loadRecords, type RecordData, type SiteRecords} from '../records/load.js'
import {newRecordChange} from '../records/new-record.js'
import {valueAt} from '../records/record-query.js'
import {writeRecords, type RecordChange, type HookChanges} from '../write/record-writer.js'
import type {Site} from '../site.js'
import {columnOf, problemsRefusal, readInputFile, readRows, readTable, recognizeColumns, isError, parseColumnChoices, sortProblems, type RowReader, type TableNotice, type TableProblem, type ValueMaps} from '../tabular/index.js'
import {loadSchema} from '../schemas/schema-registry.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'
import {siteVocabulary} from '../privacy/site-vocabulary.js'
import {discardImportKey, keyedHash, loadImportKey, saveImportKey} from './import-key.js'
import {checkHeaderRow, printableHeaders} from './header-row.js'
import {checkParticipantColumn, rowProblemsOf} from './import-findings.js'
import type {ImportField} from './import-fields.js'
import type {ParsedRow, RowContext} from './row-values.js'
import {scanRefusedRows, unreadCells, type RefusedRow} from './refused-rows.js'
import {siteTimeZone} from '../clock/site-zone.js'

export interface RecordImportOptions {
  /** The file as the user named it, and its absolute path. */
  file: string
  abs: string
  sheet?: string
  /** --map values and the mapping file's columns (field=Header). */
  map: readonly string[]
  values: ValueMaps
  /** --set FIELD=VALUE: the same value on every record (e.g. pathway=arrest_diversion). */
  set: readonly string[]
  where?: readonly string[]
  fold?: Fold
  dryRun?: boolean
  message?: string
  newImportKey?: boolean
}

/** A row's own problem found after parsing (an unknown charge, a participant no referral names). */
export interface RowFinding {
  field: string
  code: string
  message: string
  hint: string
}

/** What makes one kind of record importable. */
export interface ImportKind<Shown> {
  kind: 'referral' | 'consent'
  fields: readonly ImportField[]
  /** Import field → the record field it fills (dot path): where a validation finding points back to. */
  targets: Readonly<Record<string, string>>
  /** Import field → the value its cell is written to, where finer than `targets` (refused-rows.ts unreadCells); a field in neither is written nowhere. */
  written?: Readonly<Record<string, string>>
  parseRow(r: RowReader, constants: RecordData, ctx: RowContext): ParsedRow | undefined
  /** Column names a real export of this kind has, for the no-header-row hint. */
  headerExample: string
  /** What to do about a participant column that holds other things than codes. */
  participantHint: string
  /** --set examples for this kind. */
  setExample: string
  /** What a row's hash is made of without a source key column (for DUPLICATE_ROW). */
  identity: string
  /** Fields every record needs that the import cannot supply: each must come from a column or --set (checked before any row is read). */
  required: readonly string[]
  /** Per run: check and complete each new record (data as parsed) before it is written; a finding refuses the row. */
  prepare(records: SiteRecords, vocabulary: SiteVocabulary): (data: RecordData) => RowFinding | undefined
  /** The date the record's minted ID carries. */
  idDate(data: RecordData, timeZone: string | undefined): string | undefined
  /** What may be printed of a new record (every value through the privacy gate). */
  preview(data: RecordData, vocabulary: SiteVocabulary): Shown
  /**
   * The fields a row imported before now states differently from its record (a consent revoked
   * since): a re-import does not change records, so each is reported rather than passed over.
   * Only fields whose values may be printed (dates): the hint repeats them.
   */
  changedSince?(record: RecordData, row: RecordData): string[]
}

const REFUSAL_HINT = "fix the rows listed above in the file (an export's own codes can be mapped with --value), then rerun: nothing is written until every row is valid"

export interface ImportedRow<Shown> {
  row: number
  id: string
  data: RecordData
  /** What may be printed of it. */
  shown: Shown
}

export interface RecordImportResult<Shown> {
  kind: 'referral' | 'consent'
  file: string
  dryRun: boolean
  /** Field → the header it was read from. */
  columns: Record<string, string>
  created: Array<ImportedRow<Shown>>
  /** Rows whose record is already in the site (imported before). */
  alreadyImported: number[]
  /** Rows repeating an earlier row of the same file. */
  repeated: number[]
  filtered: number
  warnings: TableProblem[]
  notices: TableNotice[]
  commit?: string
  /** What a git hook changed in the commit after lead judged it (record-writer.ts WriteResult), paths as printed. */
  changedByHook?: HookChanges
}

/** The --set constants as one record's data, parsed by the kind's schema like `lead new --set`. */
function constantsOf(kind: ImportKind<unknown>, set: readonly string[], timeZone: string | undefined): RecordData {
  const schema = loadSchema(kind.kind)
  const constants: RecordData = {}
  for (const text of set) {
    const a = parseAssignment(schema, text, {timeZone, kind: kind.kind})
    let node = constants as Record<string, unknown>
    const steps = a.steps.map((s) => ('key' in s ? s.key : undefined))
    if (steps.some((s) => s === undefined)) throw new LeadError('BAD_ASSIGNMENT', `--set ${a.text}: a constant names a field, not a list item`, {exit: 2, hint: `e.g. ${kind.setExample}`})
    for (const key of steps.slice(0, -1)) node = (node[key!] ??= {}) as Record<string, unknown>
    node[steps.at(-1)!] = a.value
  }
  return constants
}

export async function importRecords<Shown>(site: Site, kind: ImportKind<Shown>, options: RecordImportOptions): Promise<RecordImportResult<Shown>> {
  const table = await readTable(options.file, readInputFile(options.file, options.abs), {sheet: options.sheet})
  const choices = parseColumnChoices(options.map, kind.fields)
  // A participant's export: a header row is checked before any message may list its cells.
  checkHeaderRow(table, kind.headerExample)
  const headerHint = printableHeaders(table.headers)
  const columns = recognizeColumns(table.headers, kind.fields, choices, headerHint)
  checkParticipantColumn(table, columns, kind.participantHint)

  const timeZone = siteTimeZone(site)
  const constants = constantsOf(kind, options.set, timeZone)
  const absent = kind.required.filter((f) => columns[f] === undefined && valueAt(constants, kind.targets[f] ?? f) === undefined)
  if (absent.length > 0) {
    throw usageError('MISSING_COLUMN', `no column of ${table.file} holds ${absent.join(', ')}, and no --set gives ${absent.length === 1 ? 'it' : 'them'}: every ${kind.kind} states ${absent.length === 1 ? 'it' : 'them'}`, `name the column (--map ${absent[0]}=COLUMN) or give every row the same value (--set ${absent[0]}=VALUE); ${headerHint}`)
  }
  // List cells (charges, exclusions, partners) are mapped item by item too: "THEFT 3; TRESPASS".
  const itemMaps: ValueMaps = new Map()
  for (const [k, m] of options.values) {
    const c = columnOf(k, table.headers, columns)
    const field = Object.keys(columns).find((f) => columns[f] === c)
    if (field) itemMaps.set(field, new Map([...(itemMaps.get(field) ?? []), ...m]))
  }
  // What every row read, a refused row's too (readRefused), for the identifier scan of refused rows.
  const read = new Map<number, RecordData>()
  const rows = readRows(table, {fields: kind.fields, columns: choices, values: options.values, where: options.where, headerHint, readRefused: true}, (r) => {
    const parsed = kind.parseRow(r, constants, {timeZone, fold: options.fold, values: itemMaps})
    if (parsed) read.set(r.row, parsed.data)
    return parsed?.refused ? undefined : parsed
  })

  const records = await loadRecords(site)
  const existingKeys = new Map<string, RecordData>()
  for (const d of records.dataOf(kind.kind)) if (typeof d.import_key === 'string') existingKeys.set(d.import_key, d)
  const siteHasImports = (['referral', 'consent'] as const).some((k) => records.dataOf(k).some((d) => typeof d.import_key === 'string'))
  const key = loadImportKey(site.root, siteHasImports, options.newImportKey === true)
  const vocabulary = siteVocabulary(site.config, records)
  const check = kind.prepare(records, vocabulary)
  const prefix = KIND_INFO[kind.kind].generatedId!.prefix

  const problems = [...rows.problems]
  const width = table.headers.length
  const skipped = new Set(rows.skipped)
  const refused: RefusedRow[] = table.rows.filter((r) => skipped.has(r.row)).map((r) => {
    const data = read.get(r.row) ?? {}
    // A cell its field's type refused is in no value the row read: scanned as its text.
    const unread = unreadCells(kind.fields, kind.written ?? kind.targets, rows.columns, r.cells, data, constants)
    return {row: r.row, data, spill: r.cells.slice(width), spillFrom: width, unread}
  })
  const created: Array<ImportedRow<Shown>> = []
  const changes: RecordChange[] = []
  const rowOfFile = new Map<string, {row: number; text: string}>()
  const alreadyImported: number[] = []
  const repeated: number[] = []
  const seen = new Map<string, number>()
  const batchIds = new Set<string>()
  for (const {row, value} of rows.items) {
    const hash = keyedHash(key, value.keyMaterial)
    const before = existingKeys.get(hash)
    if (before) {
      alreadyImported.push(row)
      const changed = kind.changedSince?.(before, value.data) ?? []
      if (changed.length > 0) {
        const id = String(before.id)
        problems.push({code: 'CHANGED_SINCE_IMPORT', file: table.file, row, column: (columns[changed[0]!] ?? 0) + 1, severity: 'warning', message: `row was imported before as ${kind.kind} ${id}, but its ${changed.join(', ')} now differ${changed.length === 1 ? 's' : ''} from that record, which an import does not change`, hint: `record it if the export is right: lead set ${kind.kind} ${id} ${changed.map((f) => `${f}=${String(value.data[f])}`).join(' ')}`})
      }
      continue
    }
    const first = seen.get(hash)
    if (first !== undefined) {
      repeated.push(row)
      problems.push({code: 'DUPLICATE_ROW', file: table.file, row, column: 1, severity: 'warning', message: `row repeats row ${first} (the same ${columns.source_key !== undefined ? 'source key' : kind.identity}): imported once`})
      continue
    }
    seen.set(hash, row)
    const data = value.data
    const finding = check(data)
    if (finding) {
      problems.push({code: finding.code, file: table.file, row, column: (columns[finding.field] ?? 0) + 1, message: finding.message, hint: finding.hint})
      refused.push({row, data, spill: [], spillFrom: 0})
      continue
    }
    data.import_key = hash
    const date = kind.idDate(data, timeZone)
    if (date) data.id = mintRecordId(prefix, date, (id) => batchIds.has(id) || records.has(kind.kind, id))
    if (typeof data.id !== 'string') continue
    batchIds.add(data.id)
    // The value rides with its text, so judging the batch need not parse thousands of new files again.
    const change = {...newRecordChange(site, records, kind.kind, data), data}
    changes.push(change)
    rowOfFile.set(change.file, {row, text: change.text})
    created.push({row, id: change.id, data, shown: kind.preview(data, vocabulary)})
  }
  // A refused row is never validated: scanned here, its identifiers are reported in this run, not the next.
  problems.push(...scanRefusedRows(kind.kind, refused, table.file, rows.columns, kind.targets, site.config, vocabulary))
  const result: RecordImportResult<Shown> = {kind: kind.kind, file: table.file, dryRun: options.dryRun === true, columns: Object.fromEntries(Object.entries(rows.columns).map(([f, i]) => [f, table.headers[i]!])), created, alreadyImported, repeated, filtered: rows.filtered, warnings: [], notices: rows.notices}
  const hint = REFUSAL_HINT
  const traced = (diagnostics: Parameters<typeof rowProblemsOf>[0]) => sortProblems([...problems, ...rowProblemsOf(diagnostics, table, rows.columns, rowOfFile, kind.targets)])
  if (changes.length === 0) {
    if (problems.some(isError)) throw problemsRefusal(table.file, sortProblems(problems), hint)
    result.warnings = problems
    return result
  }
  // Not the file's name: history is forever and copied to every clone, and an export may be named
  // after a person ("smith-john-roi.xlsx"), a name the identifier scan can miss.
  const message = options.message ?? `${kind.kind}: import ${changes.length} from a .${table.format} file`
  // Rows that could not be read still let the others be validated: one run lists every problem.
  const refuseRows = problems.some(isError)
  // The key is kept before the commit (a commit without its key could never be recognised again)
  // and taken back if the write fails, so a failed import leaves nothing new behind.
  const keepKey = !options.dryRun && !refuseRows
  try {
    if (keepKey) saveImportKey(key)
    let written
    try {
      written = await writeRecords(site, changes, {message, messageTyped: options.message !== undefined, dryRun: options.dryRun || refuseRows})
    } catch (error) {
      if (keepKey) discardImportKey(key)
      throw error
    }
    if (refuseRows) throw problemsRefusal(table.file, traced(written.warnings), hint)
    result.commit = written.commit
    if (written.changedByHook) result.changedByHook = written.changedByHook
    result.warnings = traced(written.warnings)
  } catch (error) {
    if (!(error instanceof LeadError) || error.code !== 'INVALID_CHANGE') throw error
    throw problemsRefusal(table.file, traced((error.details as {diagnostics?: Parameters<typeof rowProblemsOf>[0]} | undefined)?.diagnostics ?? []), hint)
  }
  return result
}
