import {Args, Flags} from '@oclif/core'
import path from 'node:path'
import {LeadCommand} from '../../cli/lead-command.js'
import {renderAttendanceImport, renderCsvProblems} from '../../cli/render/training.js'
import {LeadError} from '../../core/errors.js'
import {importAttendance} from '../../core/training/attendance-import.js'
import type {CsvProblem} from '../../core/training/csv-table.js'

export default class TrainingImportAttendance extends LeadCommand {
  static override summary = 'Add the officers on a filled-in sign-in sheet (CSV) to a training session.'
  static override description = `The sheet needs a Badge column; an Agency column marks guests from other agencies (default: the session's agency); a Present / Signed / Attended column, when there is one, skips rows left blank or marked "no". Every badge must be on its agency's roster and the officer active on the session date: otherwise each bad row is listed as FILE:ROW:COLUMN and nothing is written (exit 1). Officers already listed are skipped.`

  static override examples = [
    {description: 'Record attendance and commit', command: '<%= config.bin %> training import-attendance sign-in.csv --session 2026-03-04-pd-v2-roll-call'},
    {description: 'Check a sheet first', command: '<%= config.bin %> training import-attendance sign-in.csv --session 2026-03-04-pd-v2-roll-call --dry-run'},
  ]

  static override args = {csv: Args.string({description: 'The sign-in sheet as CSV.', required: true})}

  static override flags = {
    session: Flags.string({description: 'The training session id (trainings/<id>.yaml).', required: true}),
    'dry-run': Flags.boolean({description: 'Show who would be added; write nothing.'}),
    commit: Flags.boolean({description: 'Commit the session (--no-commit: write the file only).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(TrainingImportAttendance)
    const site = this.openSite(flags.dir)
    let result
    try {
      result = await importAttendance(site, {csv: args.csv, csvAbs: path.resolve(args.csv), session: flags.session, dryRun: flags['dry-run'], commit: flags.commit})
    } catch (error) {
      if (error instanceof LeadError && error.code === 'CSV_INVALID' && !this.jsonMode) {
        process.stderr.write(`${renderCsvProblems((error.details as {problems: CsvProblem[]}).problems)}\n`)
      }
      throw error
    }
    if (this.jsonMode) return this.printJson(result)
    if (result.warnings.length > 0) process.stderr.write(`${renderCsvProblems(result.warnings, 'warning')}\n`)
    this.out(renderAttendanceImport(result))
    if (result.dryRun) this.say('dry run: nothing was written')
    else if (!result.written) this.say('no new attendees; nothing to commit')
    else if (result.commit) this.say(`committed ${result.commit.slice(0, 7)}: ${result.file}`)
    else this.say(`wrote ${result.file} (not committed)`)
  }
}
