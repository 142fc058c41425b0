import {Args, Flags} from '@oclif/core'
import fs from 'node:fs'
import path from 'node:path'
import {LeadError, ExitCode, usageError} from '../core/errors.js'
import {columnOrder, flattenEach, flattenRecord, toCsv, type FlatRow} from '../core/records/flat-export.js'
import {KINDS, type Kind} from '../core/records/kinds.js'
import {loadRecords, type RecordData} from '../core/records/load.js'
import {matches, parseCondition, sortBy} from '../core/records/record-query.js'
import {siteRelative} from '../core/site.js'
import {loadSchema} from '../core/validate/schema-registry.js'
import {LeadCommand} from '../cli/lead-command.js'
import {parseKindArg} from '../cli/kind-arg.js'

export default class Export extends LeadCommand {
  static override summary = 'Export the records of a kind as a flat table (CSV or JSON) for spreadsheets.'
  static override description = `One row per record; nested fields become dot-named columns (referrer.agency), lists of plain values one cell joined with "; ", lists of maps numbered columns (contacts.0.name, contacts.1.name).

CSV cells that a spreadsheet would run as a formula (text starting with = + - @, a tab or a carriage return) are prefixed with ' so they show as text; numbers are left alone. --no-neutralize turns this off for machine use; --format json is never altered. --bom starts the file with a UTF-8 byte order mark so Excel shows accented names correctly.

Referrals and consents hold pseudonymous codes, but an export is still sensitive: it is written with owner-only permissions (0600) and lead warns when it would land inside the site repository.`

  static override examples = [
    {description: 'Referrals to a CSV file for Excel', command: '<%= config.bin %> export referral --bom --output referrals.csv'},
    {description: 'Only this year, chosen columns', command: '<%= config.bin %> export referral --where received>=2026-01-01 --fields id,pathway,received,status,referrer.agency'},
    {description: 'Flat rows as JSON', command: '<%= config.bin %> export partner --format json'},
    {description: 'One row per officer of every roster', command: '<%= config.bin %> export roster --each officers --output officers.csv'},
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
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Export)
    const kind = parseKindArg(args.kind)
    const format = this.jsonMode ? 'json' : flags.format
    const conditions = (flags.where ?? []).map(parseCondition)
    const site = this.openSite(flags.dir)
    const records = await loadRecords(site)
    const selected = sortBy(
      records.ofKind(kind).filter((r) => r.data && matches(r.data, conditions)).map((r) => r.data!),
      flags.sort ?? 'id',
      (d) => d,
    )
    const skipped = records.ofKind(kind).filter((r) => !r.data).length
    // One transformation step per export mode; a de-identified export adds its own branch here.
    const rows = flatRows(kind, selected, flags.each)
    let columns = columnOrder(loadSchema(kind), rows)
    if (flags.fields) {
      columns = flags.fields.split(',').map((f) => f.trim().replace(/\[(\d+)\]/g, '.$1')).filter(Boolean)
      if (columns.length === 0) throw usageError('BAD_FIELDS', '--fields is empty', 'e.g. --fields id,status')
    }

    const body =
      format === 'json'
        ? `${JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))), null, 2)}\n`
        : toCsv(columns, rows, {neutralize: flags.neutralize, bom: flags.bom})
    if (flags.output) {
      writeExport(flags.output, body)
      const inside = siteRelative(site, path.resolve(flags.output))
      this.say(`wrote ${rows.length} ${kind} row${rows.length === 1 ? '' : 's'} to ${flags.output}`)
      if (inside) this.say(`warning: ${flags.output} is inside the site repository; do not commit exports (add it to .gitignore)`)
    } else {
      process.stdout.write(body)
    }
    if (skipped > 0) this.say(`${skipped} file${skipped === 1 ? '' : 's'} could not be read and ${skipped === 1 ? 'is' : 'are'} not in the export; run lead validate`)
  }
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

function writeExport(file: string, body: string): void {
  try {
    fs.writeFileSync(file, body, {mode: 0o600})
  } catch (error) {
    throw new LeadError('IO_ERROR', `cannot write ${file}: ${(error as Error).message}`, {exit: ExitCode.io, hint: 'check the folder exists and is writable'})
  }
}
