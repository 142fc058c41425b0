import {Args, Flags} from '../cli/oclif.js'
import path from 'node:path'
import {LeadError, ExitCode, stateError, usageError} from '../core/errors.js'
import {columnOrder, flattenEach, flattenRecord, toCsv, type FlatRow} from '../core/records/flat-export.js'
import {KIND_INFO, KINDS, type Kind} from '../core/records/kinds.js'
import {filesWithPrivacyErrors} from '../core/validate/privacy-errors.js'
import {writeOutputFile} from '../core/records/output-path.js'
import {loadRecords, type RecordData, type SiteRecords} from '../core/records/load.js'
import {checkFields, compileWhere, parseCondition, sortBy, type QueryScope} from '../core/records/record-query.js'
import {AGGREGATE_COLUMNS, DEIDENTIFIED_COLUMNS, deidentifyReferrals, type DeidentifiedExport, type ExportPeriod} from '../core/referrals/deidentify.js'
import {referralDataFrom} from '../core/referrals/site-data.js'
import {siteTimeZone, siteToday} from '../core/clock/site-zone.js'
import {siteRelative, type Site} from '../core/site.js'
import {loadSchema} from '../core/schemas/schema-registry.js'
import {didYouMean} from '../core/text/suggest.js'
import {shownSitePath} from '../core/privacy/file-names.js'
import {LeadCommand} from '../cli/lead-command.js'
import {parseKindArg} from '../cli/kind-arg.js'

export default class Export extends LeadCommand {
  static override summary = 'Export the records of a kind as a flat table (CSV or JSON) for spreadsheets.'
  static override description = `One row per record; nested fields become dot-named columns (referrer.agency), lists of plain values one cell joined with "; ", lists of maps numbered columns (contacts.0.name, contacts.1.name).

CSV cells that a spreadsheet would run as a formula (text starting with = + - @, a tab or a carriage return) are prefixed with ' so they show as text; numbers are left alone. --no-neutralize turns this off for machine use; --format json is never altered. --bom starts the file with a UTF-8 byte order mark so Excel shows accented names correctly.

Referrals and consents hold pseudonymous codes, but an export is still sensitive: it is written with owner-only permissions (0600), lead warns when it would land inside the site repository, and always prints a data-use warning on stderr. A record the identifier scan reports an error in (a name, phone number, address… see lead validate) stops the export (exit 1, nothing written) unless --include-flagged.

--deidentify (referrals only) is for evaluators. By default it writes the publishable period x pathway counts, every count below --min-cell (default lead.yaml privacy.min_cell, else 11) suppressed (left empty, suppressed=true). --rows writes one de-identified row per referral instead, for sharing under a data-use agreement: participant codes and referral ids are replaced by fresh codes minted for this export only, notes, evidence, override reasons, staff names, badges and consent ids are dropped, dates are coarsened to the --period (week: its Monday; month: YYYY-MM) and clock times dropped, the referrals of a suppressed cell are left out (so the rows cannot be counted to recover it), and codes the site did not declare (a district not in lead.yaml, an unknown partner) become "(not declared)". --where selects referrals before de-identification (on their own fields); --fields and --sort apply to the de-identified columns. JSON (--format json or --json) carries {period, minCell, suppressedCells, aggregates}; with --rows also withheldRows and rows.`

  static override examples = [
    {description: 'Referrals to a CSV file for Excel', command: '<%= config.bin %> export referral --bom --output referrals.csv'},
    {description: 'Only this year, chosen columns', command: "<%= config.bin %> export referral --where 'received>=2026-01-01' --fields id,pathway,received,status,referrer.agency"},
    {description: 'Flat rows as JSON', command: '<%= config.bin %> export partner --format json'},
    {description: 'One row per officer of every roster', command: '<%= config.bin %> export roster --each officers --output officers.csv'},
    {description: 'Referrals including records the identifier scan flags (you will be warned)', command: '<%= config.bin %> export referrals --include-flagged --output referrals.csv'},
    {description: 'The publishable monthly counts per pathway, small cells suppressed', command: '<%= config.bin %> export referrals --deidentify'},
    {description: 'Weekly counts, cells under 11 suppressed', command: '<%= config.bin %> export referrals --deidentify --period week --min-cell 11'},
    {description: 'De-identified rows for an evaluator with a data-use agreement', command: '<%= config.bin %> export referrals --deidentify --rows --output evaluation-rows.csv'},
  ]

  static override args = {kind: Args.string({description: `The kind of record: ${KINDS.join(', ')}.`, required: true})}
  static override flags = {
    format: Flags.string({description: 'Output format.', options: ['csv', 'json'], default: 'csv'}),
    where: Flags.string({char: 'w', description: 'Keep records where FIELD=VALUE (or != > >= < <= ~). Repeatable.', multiple: true}),
    fields: Flags.string({description: 'Columns, comma-separated dot names (default: every field).'}),
    sort: Flags.string({description: 'Sort by this field (prefix - for descending). Default: ID.'}),
    output: Flags.string({char: 'o', description: 'Write to this file instead of standard output.'}),
    bom: Flags.boolean({description: 'Start CSV output with a UTF-8 byte order mark (for Excel).'}),
    each: Flags.string({description: 'One row per item of this list of maps (e.g. officers of a roster, attendees of a training), with the record\'s other fields repeated.'}),
    neutralize: Flags.boolean({description: 'Prefix formula-like CSV text cells with \' (--no-neutralize: leave them as they are).', default: true, allowNo: true}),
    deidentify: Flags.boolean({description: 'Referrals only: a de-identified export for evaluators (fresh codes, no notes or staff, coarsened dates).'}),
    period: Flags.string({description: 'With --deidentify: coarsen dates to the week (its Monday) or the month (default).', options: ['week', 'month']}),
    'min-cell': Flags.integer({description: 'With --deidentify: suppress aggregate counts below N (default lead.yaml privacy.min_cell, else 11).', min: 1, helpValue: 'N'}),
    aggregates: Flags.boolean({description: 'With --deidentify: the period x pathway counts, small cells suppressed (the default).', exclusive: ['rows']}),
    rows: Flags.boolean({description: 'With --deidentify: one de-identified row per referral (those of suppressed cells left out) instead of the counts. Share only under a data-use agreement.', exclusive: ['aggregates']}),
    'include-flagged': Flags.boolean({description: 'Referrals and consents: export records the identifier scan reports errors in, too (refused by default).'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Export)
    const kind = parseKindArg(args.kind)
    const format = this.jsonMode ? 'json' : flags.format
    const conditions = (flags.where ?? []).map(parseCondition)
    if (flags.deidentify) {
      if (kind !== 'referral') throw usageError('DEIDENTIFY_KIND', `--deidentify is for referrals, not ${kind} records`, 'lead export referrals --deidentify')
      if (flags.each !== undefined) throw usageError('DEIDENTIFY_EACH', '--each cannot be combined with --deidentify', 'a de-identified export has one row per referral; leave out --each')
      if (flags['include-flagged']) throw usageError('FLAGGED_DEIDENTIFY', '--include-flagged applies to a plain export of referrals or consents', 'a de-identified export holds no free text; leave out --include-flagged')
    } else {
      if (flags['include-flagged'] && !KIND_INFO[kind].participantData) throw usageError('FLAGGED_KIND', `--include-flagged applies to referrals and consents, not ${kind} records`, `lead export ${kind}`)
      const stray = (['period', 'min-cell', 'aggregates', 'rows'] as const).filter((f) => flags[f] !== undefined && flags[f] !== false)
      if (stray.length > 0) throw usageError('NEEDS_DEIDENTIFY', `--${stray[0]} only applies to a de-identified export`, 'add --deidentify (lead export referrals --deidentify)')
    }
    const site = this.openSite(flags.dir)
    const scope: QueryScope = {schema: loadSchema(kind), kind, clock: {timeZone: conditions.length > 0 || flags.deidentify ? siteTimeZone(site) : undefined}}
    const where = compileWhere(conditions, scope)
    if (flags.deidentify) {
      const records = await loadRecords(site)
      await this.exportDeidentified(site, records, where, {...flags, format, period: (flags.period ?? 'month') as ExportPeriod})
      return
    }
    const names = flags.fields?.split(',').map((f) => f.trim()).filter(Boolean)
    if (names && names.length === 0) throw usageError('BAD_FIELDS', '--fields is empty', 'e.g. --fields id,status')
    const fields = names && checkFields(scope, names, '--fields')
    const records = await loadRecords(site)
    const chosen = records.ofKind(kind).filter((r) => r.data && where(r.data))
    const selected = sortBy(
      chosen.map((r) => r.data!),
      flags.sort ?? 'id',
      (d) => d,
      scope,
    )
    const skipped = records.ofKind(kind).filter((r) => !r.data).length
    if (KIND_INFO[kind].participantData) this.checkFlagged(site, records, kind, new Set(chosen.map((r) => r.file)), flags['include-flagged'])
    // One transformation step per export mode; a de-identified export adds its own branch here.
    const rows = flatRows(kind, selected, flags.each)
    const columns = fields ?? columnOrder(loadSchema(kind), rows)

    const body =
      format === 'json'
        ? `${JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))), null, 2)}\n`
        : toCsv(columns, rows, {neutralize: flags.neutralize, bom: flags.bom})
    this.emit(site, body, flags.output, `${rows.length} ${kind} row${rows.length === 1 ? '' : 's'}`)
    if (skipped > 0) this.say(`${skipped} file${skipped === 1 ? '' : 's'} could not be read and ${skipped === 1 ? 'is' : 'are'} not in the export; run lead validate`)
  }

  /**
   * Participant records leave the repository only with a warning, and never silently with what
   * looks like a name or phone number in them: those are refused unless --include-flagged.
   */
  private checkFlagged(site: Site, records: SiteRecords, kind: Kind, files: ReadonlySet<string>, include: boolean): void {
    const flagged = filesWithPrivacyErrors(site, records, files)
    // stderr even under --json: whoever runs this must see it.
    process.stderr.write(`warning: this export holds participant-level ${KIND_INFO[kind].plural} (codes, dates${kind === 'referral' ? ', notes' : ', free text'}): keep it under your data-use agreement, never commit, e-mail or publish it; for evaluators use lead export referrals --deidentify\n`)
    if (flagged.length === 0) return
    const list = `${flagged.slice(0, 5).map(shownSitePath).join(', ')}${flagged.length > 5 ? `, and ${flagged.length - 5} more` : ''}`
    if (include) {
      process.stderr.write(`warning: --include-flagged: ${flagged.length} of the exported ${KIND_INFO[kind].plural} hold what looks like identifiers (${list})\n`)
      return
    }
    throw new LeadError('EXPORT_FLAGGED', `nothing was exported: ${flagged.length} of the ${KIND_INFO[kind].plural} to export hold what looks like identifiers (${list})`, {
      exit: ExitCode.invalid,
      hint: 'see them with lead validate and remove the identifiers; or leave those records out with --where, or export them anyway with --include-flagged',
      details: {files: flagged},
    })
  }

  /** `--deidentify`: only the de-identified fields ever reach the output (no raw record is flattened). */
  private async exportDeidentified(
    site: Site,
    records: SiteRecords,
    where: (data: RecordData) => boolean,
    flags: {format: string; period: ExportPeriod; 'min-cell'?: number; rows?: boolean; fields?: string; sort?: string; output?: string; bom?: boolean; neutralize: boolean},
  ): Promise<void> {
    const data = referralDataFrom(site, records)
    const referralFiles = new Set(records.ofKind('referral').map((r) => r.file))
    const skipped = data.skipped.filter((f) => referralFiles.has(f)).length
    const selected = data.referrals.filter((r) => where(r as unknown as RecordData))
    const out = deidentifyReferrals(selected, {
      protocols: data.protocols,
      period: flags.period,
      minCell: flags['min-cell'] ?? siteMinCell(site),
      timeZone: data.timeZone,
      asOf: siteToday(site),
      vocabulary: data.vocabulary,
    })
    const table = flags.rows ? 'rows' : 'aggregates'
    const available: readonly string[] = table === 'rows' ? DEIDENTIFIED_COLUMNS : AGGREGATE_COLUMNS
    if (flags.sort) {
      const name = flags.sort.replace(/^-/, '')
      if (!available.includes(name)) throw usageError('UNKNOWN_FIELD', `--sort ${flags.sort}: not a column of the de-identified ${table}${didYouMean(name, available)}`, `columns: ${available.join(', ')}`)
    }
    const items: ReadonlyArray<object> = flags.sort ? sortBy([...out[table]] as object[], flags.sort, (d) => d as RecordData) : out[table]
    const rows = items.map((d) => flattenRecord(d))
    let columns = [...available]
    if (flags.fields) {
      columns = flags.fields.split(',').map((f) => f.trim()).filter(Boolean)
      if (columns.length === 0) throw usageError('BAD_FIELDS', '--fields is empty', `e.g. --fields ${available.slice(0, 3).join(',')}`)
      const unknown = columns.filter((c) => !available.includes(c))
      if (unknown.length > 0) throw usageError('UNKNOWN_FIELD', `--fields ${unknown.join(',')}: not a column of the de-identified ${table}${didYouMean(unknown[0]!, available)}`, `columns: ${available.join(', ')}`)
    }
    const pick = (r: FlatRow) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))
    const body =
      flags.format === 'json'
        ? `${JSON.stringify(deidentifiedJson(out, rows.map(pick), flags.rows !== true), null, 2)}\n`
        : toCsv(columns, rows, {neutralize: flags.neutralize, bom: flags.bom})
    const what = flags.rows ? `${rows.length} de-identified referral row${rows.length === 1 ? '' : 's'}` : `${rows.length} aggregate cell${rows.length === 1 ? '' : 's'}`
    this.emit(site, body, flags.output, what)
    const cells = out.aggregates.length
    this.say(`dates by ${out.period}; ${out.suppressedCells} of ${cells} period × pathway cell${cells === 1 ? '' : 's'} below ${out.minCell} suppressed`)
    if (flags.rows) {
      if (out.withheldRows > 0) this.say(`${out.withheldRows} referral${out.withheldRows === 1 ? '' : 's'} in suppressed cells left out of the rows`)
      this.say('rows are one per referral: share them only under a data-use agreement; publish the aggregates')
    }
    if (skipped > 0) this.say(`${skipped} referral file${skipped === 1 ? '' : 's'} fail${skipped === 1 ? 's' : ''} validation and ${skipped === 1 ? 'is' : 'are'} not in the export; run lead validate`)
  }

  private emit(site: Site, body: string, output: string | undefined, what: string): void {
    if (output) {
      writeExport(site.root, output, body)
      this.say(`wrote ${what} to ${output}`)
      if (siteRelative(site, path.resolve(output))) this.say(`warning: ${output} is inside the site repository; do not commit exports (add it to .gitignore)`)
    } else {
      process.stdout.write(body)
    }
  }
}

function deidentifiedJson(out: DeidentifiedExport, tableRows: FlatRow[], aggregatesOnly: boolean): Record<string, unknown> {
  const head = {period: out.period, minCell: out.minCell, suppressedCells: out.suppressedCells}
  return aggregatesOnly ? {...head, aggregates: tableRows} : {...head, withheldRows: out.withheldRows, rows: tableRows, aggregates: out.aggregates}
}

/** lead.yaml privacy.min_cell, else 11; a value that is not a positive whole number is a site problem, not a reason to publish small cells. */
function siteMinCell(site: Site): number {
  const value = site.config.privacy?.min_cell
  if (value === undefined) return 11
  if (!Number.isInteger(value) || value < 1) throw stateError('BAD_MIN_CELL', `lead.yaml privacy.min_cell is ${JSON.stringify(value)}, not a whole number of 1 or more`, 'fix lead.yaml (run lead validate), or pass --min-cell N')
  return value
}

function flatRows(kind: Kind, records: readonly RecordData[], each: string | undefined): FlatRow[] {
  if (each === undefined) return records.map((d) => flattenRecord(d))
  const field = loadSchema(kind).properties as Record<string, {type?: string}> | undefined
  if (!field || field[each]?.type !== 'array') {
    const lists = Object.entries(field ?? {}).filter(([, v]) => v.type === 'array').map(([k]) => k)
    throw usageError('BAD_EACH', `--each ${each}: a ${kind} has no list field "${each}"`, `list fields of a ${kind}: ${lists.join(', ')}`)
  }
  return records.flatMap((d) => flattenEach(d, each))
}

/** Owner-only (0600) even when it replaces a readable file, atomically, and never through a link. */
function writeExport(root: string, file: string, body: string): void {
  try {
    writeOutputFile(root, file, body, {private: true})
  } catch (error) {
    if (error instanceof LeadError) throw error
    throw new LeadError('IO_ERROR', `cannot write ${file}: ${(error as Error).message}`, {exit: ExitCode.io, hint: 'check the folder exists and is writable'})
  }
}
