import {Args, Flags} from '@oclif/core'
import path from 'node:path'
import {LeadCommand} from '../../cli/lead-command.js'
import {renderCsvProblems, renderRosterImport} from '../../cli/render/training.js'
import {canPrompt} from '../../cli/interactive.js'
import {LeadError, usageError} from '../../core/errors.js'
import type {Site} from '../../core/site.js'
import type {CsvProblem} from '../../core/training/csv-table.js'
import {checkDate} from '../../core/training/report-scope.js'
import {parseColumnMappings, ROSTER_FIELDS} from '../../core/training/roster-csv.js'
import {importRoster, lawEnforcementAgencies} from '../../core/training/roster-import.js'

export default class TrainingImportRoster extends LeadCommand {
  static override summary = "Merge an HR export (CSV) into an agency's roster and commit it."
  static override description = `Reads the export's header to find the columns (Badge / Badge # / Serial / Employee ID, Name or Last Name + First Name, Rank / Title, Unit / Assignment, District / Precinct / Beat, Shift / Watch, Status, Catchment, Hire Date); --map names any other column. Comma, semicolon or tab delimited; UTF-8 with or without BOM, or Windows-1252.

New badges are added; a changed unit, district, shift, rank, status or catchment is applied and recorded in the officer's history with the import date; officers missing from the export are marked separated (never deleted). Without a Catchment column, catchment follows the district (the catchment districts of the protocol in force).

Every bad row (missing or duplicate badge, unknown status or shift, a name starting with = + - @…) is reported as FILE:ROW:COLUMN and nothing is written (exit 1).

Safety stops (exit 1, nothing written): an import that would separate every active officer or more than 20% of them (a truncated or header-only export) needs --allow-separations; an export dated before the roster's as_of needs --force.`

  static override examples = [
    {description: 'Preview an import without writing', command: '<%= config.bin %> training import-roster hr-export.csv --agency harbor-pd --dry-run'},
    {description: 'Import and commit', command: '<%= config.bin %> training import-roster hr-export.csv --agency harbor-pd'},
    {description: 'Columns the tool does not recognise', command: '<%= config.bin %> training import-roster export.csv --agency harbor-county-sheriff --map "Emp Serial=badge" --map "Patrol Area=district"'},
    {description: 'A real mass departure (e.g. a unit moved to another agency)', command: '<%= config.bin %> training import-roster hr-export.csv --agency harbor-pd --allow-separations'},
    {description: 'An export taken on an earlier date', command: '<%= config.bin %> training import-roster oct.csv --agency harbor-pd --date 2026-10-01'},
  ]

  static override args = {csv: Args.string({description: 'The CSV export to import.', required: true})}

  static override flags = {
    agency: Flags.string({description: "The agency's partner id (the roster is rosters/<agency>.yaml). Asked for at a terminal when left out."}),
    map: Flags.string({description: `Map a CSV column to a field: COLUMN=FIELD (FIELD: ${ROSTER_FIELDS.join(', ')}). Repeatable.`, multiple: true, helpValue: 'COLUMN=FIELD'}),
    date: Flags.string({description: 'The date the export describes, YYYY-MM-DD: history entries and as_of get it (default today).'}),
    'allow-separations': Flags.boolean({description: 'Apply the import even when it separates every active officer or more than 20% of them (refused otherwise: the export is probably truncated).'}),
    force: Flags.boolean({description: "Apply an export dated (--date) before the roster's as_of date (refused otherwise: it would undo newer changes)."}),
    'dry-run': Flags.boolean({description: 'Show what would change; write nothing.'}),
    commit: Flags.boolean({description: 'Commit the roster (--no-commit: write the file only).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(TrainingImportRoster)
    const site = this.openSite(flags.dir)
    const date = checkDate('--date', flags.date)
    const mappings = parseColumnMappings(flags.map ?? [])
    const agency = flags.agency ?? (await this.askAgency(site))
    let result
    try {
      result = await importRoster(site, {csv: args.csv, csvAbs: path.resolve(args.csv), agency, mappings, date, allowSeparations: flags['allow-separations'], force: flags.force, dryRun: flags['dry-run'], commit: flags.commit})
    } catch (error) {
      if (error instanceof LeadError && error.code === 'CSV_INVALID' && !this.jsonMode) {
        process.stderr.write(`${renderCsvProblems((error.details as {problems: CsvProblem[]}).problems)}\n`)
      }
      throw error
    }
    if (this.jsonMode) return this.printJson(result)
    this.out(renderRosterImport(result, args.csv))
    if (result.refused) this.say(`note: without --allow-separations this import is refused (${result.refused.code}): ${result.refused.message.replace(/; nothing was written$/, '')}`)
    if (result.dryRun) this.say('dry run: nothing was written')
    else if (!result.written) this.say(`${result.file} already matches the export; nothing to commit`)
    else if (result.commit) this.say(`committed ${result.commit.slice(0, 7)}: ${result.file}`)
    else this.say(`wrote ${result.file} (not committed)`)
  }

  /** At a terminal, choose among the law-enforcement partners; elsewhere --agency is required. */
  private async askAgency(site: Site): Promise<string> {
    const agencies = await lawEnforcementAgencies(site)
    const list = agencies.map((a) => a.id).join(', ') || 'none: add a law_enforcement partner first'
    if (!canPrompt() || this.jsonMode || agencies.length === 0) throw usageError('MISSING_AGENCY', 'which agency is this export from? pass --agency ID', `law-enforcement partners: ${list}`)
    const {select} = await import('@inquirer/prompts')
    return select({message: "Which agency's roster does this export update?", choices: agencies.map((a) => ({name: `${a.name} (${a.id})`, value: a.id}))}, {output: process.stderr})
  }
}
