import path from 'node:path'
import {Args, Flags} from '@oclif/core'
import {LeadError} from '../../core/errors.js'
import {IMPORT_FIELD_NAMES, IMPORT_FIELDS} from '../../core/import/import-fields.js'
import {checkMappingShareable, readMappingFile, saveMappingFile, valueMapsOf, valuesOf, type ImportMapping} from '../../core/import/import-mapping.js'
import {importReferrals} from '../../core/import/referral-import.js'
import {parseValueMaps, readValueMapFile, type TableProblem} from '../../core/tabular/index.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {renderImportProblems, renderReferralImport} from '../../cli/render/referral-import.js'

export default class ImportReferrals extends LeadCommand {
  static override summary = 'Create referrals from a spreadsheet or police export (CSV, .csv.gz, .xlsx), all in one commit or none.'
  static override description = `Each row becomes one referral, checked as \`lead new\` would check it (schema, the referral rules under the protocol in force, the privacy scan), and every problem is reported at FILE:ROW:COLUMN without repeating what the cell holds. If any row has an error nothing is written; otherwise all referrals land in one commit.

Columns are recognised by their headers (fields: ${IMPORT_FIELD_NAMES.join(', ')}); --map names others. --value maps an export's own codes (charges, statuses, pathways, agencies) to the site's; --set gives every row the same value. Local times without an offset are read in the site's time zone; a time in the hour repeated when clocks go back is refused with both readings unless --fold earlier|later.

Participant codes come from a participant column (lead codes P-XXXXXX only: a column of names or other identifiers refuses the file) or are minted, one new code per row. Each referral records a keyed hash of its row (of the source_key column, e.g. the report number, when there is one), never the row itself: running the same file again creates nothing twice. --save-map writes the mapping for next time; --mapping reads it.`

  static override examples = [
    {description: 'See what an export would create', command: '<%= config.bin %> import referrals arrests-2022.csv --set pathway=arrest_diversion --set referrer.agency=harbor-pd --dry-run'},
    {description: 'Map columns and codes, and save the mapping', command: '<%= config.bin %> import referrals arrests.xlsx --map "received_date=Arrest Date" --map "received_time=Arrest Time" --map "charges=Statute" --value "charges:THEFT 3=RCW 9A.56.050" --set pathway=arrest_diversion --save-map .lead/import-maps/police.yaml'},
    {description: 'Next month, with the saved mapping', command: '<%= config.bin %> import referrals arrests-2023-01.csv.gz --mapping .lead/import-maps/police.yaml'},
    {description: 'Take the first of the repeated fall-back hour for every such row', command: '<%= config.bin %> import referrals log.csv --mapping .lead/import-maps/police.yaml --fold earlier'},
  ]

  static override args = {file: Args.string({description: 'The export: CSV, gzip-compressed CSV or .xlsx.', required: true})}

  static override flags = {
    map: Flags.string({description: 'Read a field from this column: FIELD=Header. Repeatable.', multiple: true, helpValue: 'FIELD=Header'}),
    value: Flags.string({description: "Map an export's codes: FIELD:FROM=TO[,FROM=TO…]. Repeatable.", multiple: true, helpValue: 'FIELD:FROM=TO'}),
    values: Flags.string({description: 'A YAML file of value maps: FIELD: {FROM: TO}.', helpValue: 'FILE'}),
    set: Flags.string({char: 's', description: 'The same value on every referral: FIELD=VALUE (e.g. pathway=arrest_diversion, referrer.agency=harbor-pd). Repeatable.', multiple: true}),
    where: Flags.string({description: 'Import only rows where COLUMN=VALUE (or COLUMN!=VALUE). Repeatable.', multiple: true}),
    fold: Flags.string({description: 'A local time in the hour repeated when clocks go back: take the earlier or the later reading (refused otherwise).', options: ['earlier', 'later']}),
    sheet: Flags.string({description: '.xlsx: the sheet to read, by name or number (default the first).'}),
    mapping: Flags.string({description: 'Read columns, values, set, where and fold from a mapping file (--save-map writes one). Flags win.', helpValue: 'FILE'}),
    'save-map': Flags.string({description: 'Write the mapping this run used to FILE (headers and codes only; commit it in the site, e.g. .lead/import-maps/). Not with --dry-run; refused when a value in it looks like a person\'s details.', helpValue: 'FILE'}),
    'dry-run': Flags.boolean({description: 'Check every row and show what would be created; write nothing.'}),
    message: Flags.string({char: 'm', description: 'Commit message (default "referral: import N from FILE").'}),
    'new-import-key': Flags.boolean({description: 'Start a new import key when this clone has none but the site holds imported referrals (rows imported before will not be recognised).'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ImportReferrals)
    const site = this.openSite(flags.dir)
    const saved = flags.mapping ? readMappingFile(flags.mapping) : undefined
    const values = valueMapsOf(saved?.values ?? {})
    if (flags.values) await readValueMapFile(flags.values, values)
    parseValueMaps(flags.value ?? [], values)
    const map = [...Object.entries(saved?.columns ?? {}).filter(([f]) => !(flags.map ?? []).some((m) => m.split('=')[0]!.trim() === f)).map(([f, h]) => `${f}=${h}`), ...(flags.map ?? [])]
    const setFields = new Set((flags.set ?? []).map((s) => s.split('=')[0]!.trim()))
    const set = [...Object.entries(saved?.set ?? {}).filter(([f]) => !setFields.has(f)).map(([f, v]) => `${f}=${v}`), ...(flags.set ?? [])]
    const fold = (flags.fold ?? saved?.fold) as 'earlier' | 'later' | undefined
    const sheet = flags.sheet ?? saved?.sheet
    const where = flags.where ?? saved?.where
    const saveMap = flags['save-map']
    let mapping: ImportMapping | undefined
    if (saveMap) {
      mapping = {columns: {}, values: valuesOf(values), set: Object.fromEntries(set.map((s) => [s.slice(0, s.indexOf('=')).trim(), s.slice(s.indexOf('=') + 1)])), ...(where ? {where} : {}), ...(fold ? {fold} : {}), ...(sheet ? {sheet} : {})}
      // Refused before the import: a save that cannot happen should not follow a commit that did.
      checkMappingShareable(saveMap, mapping, (flags.value ?? []).map((v) => ['--value', v]), textColumns(map))
    }
    let result
    try {
      result = await importReferrals(site, {file: args.file, abs: path.resolve(args.file), sheet, map, values, set, where, fold, dryRun: flags['dry-run'], message: flags.message, newImportKey: flags['new-import-key']})
    } catch (error) {
      const problems = error instanceof LeadError ? (error.details as {problems?: TableProblem[]} | undefined)?.problems : undefined
      if (problems && !this.jsonMode) process.stderr.write(`${renderImportProblems(problems)}\n`)
      throw error
    }
    if (saveMap && mapping) {
      if (result.dryRun) this.say(`mapping not saved to ${saveMap}: --dry-run writes nothing (run again without --dry-run to save it)`)
      else {
        saveMappingFile(site.root, saveMap, {...mapping, columns: result.columns})
        this.say(`mapping saved to ${saveMap}`)
      }
    }
    if (this.jsonMode) {
      return this.printJson({ok: true, ...result, created: result.created.map(({row, id, shown}) => ({row, id, ...shown}))})
    }
    this.out(renderReferralImport(result))
    if (result.commit) this.say(`committed ${result.commit.slice(0, 7)}: ${result.created.length} referral${result.created.length === 1 ? '' : 's'}`)
    else if (!result.dryRun && result.created.length === 0) this.say('nothing new to import')
  }
}

/** The keys a value map may name a free-text field by: the field, and the headers --map gives it. */
function textColumns(map: readonly string[]): Set<string> {
  const text = new Set(IMPORT_FIELDS.filter((f) => f.kind === 'text').map((f) => f.name))
  const keys = new Set(text)
  for (const m of map) {
    const [field, header] = [m.slice(0, m.indexOf('=')).trim(), m.slice(m.indexOf('=') + 1).trim()]
    if (text.has(field) && header) keys.add(header)
  }
  return keys
}
