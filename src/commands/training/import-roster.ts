import {Args, Flags} from '../../cli/oclif.js'
import path from 'node:path'
import {LeadCommand} from '../../cli/lead-command.js'
import {importFlags, problemLines, refusalProblems, tabularOptions} from '../../cli/import-flags.js'
import {renderRosterImport} from '../../cli/render/training.js'
import {canPrompt} from '../../cli/interactive.js'
import {usageError} from '../../core/errors.js'
import type {Site} from '../../core/site.js'
import type {TableNotice, TableProblem} from '../../core/tabular/index.js'
import {checkDate} from '../../core/training/report-scope.js'
import {ROSTER_FIELD_SPECS, ROSTER_FIELDS} from '../../core/training/roster-csv.js'
import {importRoster, lawEnforcementAgencies} from '../../core/import/roster-import.js'
import {parseResolutionFlags, readResolutionFile} from '../../core/training/roster-resolutions.js'
import {hookChangeLines} from '../../cli/render/write-result.js'

export default class TrainingImportRoster extends LeadCommand {
  static override summary = "Merge an HR export (CSV, .csv.gz or .xlsx) into an agency's roster and commit it."
  static override description = `Officers are people: each has a stable id (the HR employee number when the export has an Employee ID / Emp No / Payroll column, else lead-<badge>), and badge, name, rank, unit, district, shift and status are attributes with a dated history.

Rows are matched to officers by employee number, else by badge together with the hire date or name: the same badge on a different person is a reissue (a new officer; the old one separated, their trainings staying with them); the same person with a new badge is a badge change. Matches the evidence cannot settle are held and written to NAME.resolve.yaml for you to decide (--resolve).

Columns are recognised by their headers (Badge / Star / Serial, Employee ID, Name or Last + First Name, Rank / Title, Unit, District / Precinct, Shift, Status, Catchment, Hire Date, Separation Date); --map names others, --value maps values (Y/N statuses), --where keeps some rows. Rows with a problem are skipped, reported at FILE:ROW:COLUMN and written to NAME.skipped.csv; their officers are left as they are. --strict refuses the whole file instead.

Safety stops (exit 1, nothing written; a --dry-run that would be refused exits 1 too): separating every active officer or more than 20% of them needs --allow-separations; an export dated before the roster's as_of needs --force.`

  static override examples = [
    {description: 'Preview an import without writing', command: "<%= config.bin %> training import-roster 'hr-export.csv' --agency harbor-pd --dry-run"},
    {description: 'Import and commit', command: "<%= config.bin %> training import-roster 'hr-export.xlsx' --agency harbor-pd"},
    {description: 'A Y/N active flag, and only sworn staff', command: "<%= config.bin %> training import-roster 'roster.csv.gz' --agency harbor-pd --value 'status:Y=active,N=separated' --where 'Employee Type=Sworn'"},
    {description: 'Columns the tool does not recognise', command: "<%= config.bin %> training import-roster 'export.csv' --agency harbor-county-sheriff --map 'badge=Emp Serial' --map 'district=Patrol Area'"},
    {description: 'Decide the matches lead could not', command: "<%= config.bin %> training import-roster 'hr-export.csv' --agency harbor-pd --resolve 'hr-export.resolve.yaml'"},
  ]

  static override args = {csv: Args.string({description: 'The export to import (CSV, .csv.gz or .xlsx).', required: true})}

  static override flags = {
    agency: Flags.string({description: "The agency's partner id (the roster is rosters/<agency>.yaml). Asked for at a terminal when left out."}),
    ...importFlags,
    map: Flags.string({description: `Name the column of a field: FIELD=COLUMN (FIELD: ${ROSTER_FIELDS.join(', ')}). Repeatable.`, multiple: true, helpValue: 'FIELD=COLUMN'}),
    date: Flags.string({description: 'The date the export describes, YYYY-MM-DD: history entries and as_of get it (default today).'}),
    resolve: Flags.string({description: 'A resolve file (written by an earlier run) whose decisions settle the ambiguous matches.', helpValue: 'FILE'}),
    same: Flags.string({description: 'The export row with BADGE is the roster officer ID (a name or badge change). Repeatable.', multiple: true, helpValue: 'BADGE=ID'}),
    different: Flags.string({description: 'The export row with BADGE is not the roster officer ID (a reissued badge). Repeatable.', multiple: true, helpValue: 'BADGE=ID'}),
    'allow-separations': Flags.boolean({description: 'Apply the import even when it separates every active officer or more than 20% of them (refused otherwise: the export is probably truncated).'}),
    force: Flags.boolean({description: "Apply an export dated (--date) before the roster's as_of date (refused otherwise: it would undo newer changes)."}),
    'dry-run': Flags.boolean({description: 'Show what would change; write nothing (exits 1 when the import would be refused).'}),
    commit: Flags.boolean({description: 'Commit the roster (--no-commit: write the file only).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(TrainingImportRoster)
    const site = this.openSite(flags.dir)
    const date = checkDate('--date', flags.date)
    const tabular = await tabularOptions(flags, ROSTER_FIELD_SPECS)
    const resolutions = parseResolutionFlags(flags.same ?? [], flags.different ?? [])
    if (flags.resolve) readResolutionFile(flags.resolve, resolutions)
    const agency = flags.agency ?? (await this.askAgency(site))
    let result
    try {
      result = await importRoster(site, {csv: args.csv, csvAbs: path.resolve(args.csv), agency, ...tabular, sheet: flags.sheet, strict: flags.strict, report: flags.report, resolutions, date, allowSeparations: flags['allow-separations'], force: flags.force, dryRun: flags['dry-run'], commit: flags.commit, command: `lead training import-roster ${args.csv} --agency ${agency}`})
    } catch (error) {
      const problems = refusalProblems(error)
      const partial = (error as {details?: {result?: {problems: TableProblem[]; notices: TableNotice[]; report?: string}}}).details?.result
      if (problems && !this.jsonMode) process.stderr.write(`${problemLines(problems, [])}\n`)
      else if (partial && partial.problems.length + partial.notices.length > 0 && !this.jsonMode) process.stderr.write(`${problemLines(partial.problems, partial.notices, partial.report)}\n`)
      throw error
    }
    if (result.refused) process.exitCode = 1
    if (this.jsonMode) return this.printJson(result)
    if (result.problems.length + result.notices.length > 0) process.stderr.write(`${problemLines(result.problems, result.notices, result.report)}\n`)
    this.out(renderRosterImport(result, args.csv))
    if (result.resolveFile) this.say(`decide the ${result.ambiguous.length} open match${result.ambiguous.length === 1 ? '' : 'es'} in ${result.resolveFile}, then rerun with --resolve ${result.resolveFile}`)
    if (result.refused) this.say(`error ${result.refused.code} the import would be refused: ${result.refused.message.replace(/; nothing was written$/, '')}${result.refused.hint ? `\nhint: ${result.refused.hint}` : ''}`)
    if (result.dryRun) this.say('dry run: nothing was written')
    else if (!result.written) this.say(`${result.file} already matches the export; nothing to commit`)
    else if (result.commit) this.say(`committed ${result.commit.slice(0, 7)}: ${result.file}`)
    else this.say(`wrote ${result.file} (not committed)`)
    for (const line of hookChangeLines(result.changedByHook)) this.say(line)
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
