import {Args, Flags} from '../../cli/oclif.js'
import path from 'node:path'
import {LeadCommand} from '../../cli/lead-command.js'
import {importFlags, problemLines, refusalProblems, tabularOptions} from '../../cli/import-flags.js'
import {renderAttendanceImport} from '../../cli/render/training.js'
import {ATTENDANCE_FIELDS, importAttendance} from '../../core/import/attendance-import.js'
import {hookChangeLines} from '../../cli/render/write-result.js'

export default class TrainingImportAttendance extends LeadCommand {
  static override summary = "Add attendance to training sessions: a filled-in sign-in sheet, or a training platform's export of many sessions."
  static override description = `With --session ID, the file is one session's sign-in sheet. Without it, the file's date column (and its course and session columns, when it has them) groups rows into sessions: existing sessions with that date, course and agency get the attendees, the others are created — all in one commit.

Each badge names the officer who held it on the session date. A name on the sheet that is not that officer's is NAME_MISMATCH: the row is not credited unless --accept-name-mismatch. Unknown badges, officers not active that day and other bad rows are skipped, listed as FILE:ROW:COLUMN and written to NAME.skipped.csv (--strict refuses the file instead); an officer on leave is accepted with a warning. A Present / Signed / Attended / Completion column skips rows left blank or marked no, absent or incomplete. Officers already listed are skipped.`

  static override examples = [
    {description: 'A sign-in sheet for one session', command: "<%= config.bin %> training import-attendance 'sign-in.csv' --session 2026-03-04-pd-v2-roll-call"},
    {description: "A training platform's export of many sessions", command: "<%= config.bin %> training import-attendance 'cit-completions.xlsx' --course lead-initial --agency harbor-pd --map 'badge=STAR/BADGE' --dry-run"},
    {description: 'Course names in the export mapped to course ids', command: "<%= config.bin %> training import-attendance 'lms.csv.gz' --agency harbor-pd --value 'course:CIT 40 Hour=lead-initial,Roll Call=roll-call'"},
  ]

  static override args = {csv: Args.string({description: 'The sheet or export (CSV, .csv.gz or .xlsx).', required: true})}

  static override flags = {
    session: Flags.string({description: 'The training session id (trainings/<id>.yaml) of a one-session sign-in sheet.'}),
    course: Flags.string({description: 'The course of the sessions the file creates, when it has no course column.'}),
    agency: Flags.string({description: 'The agency of officers without an Agency column (default: the only roster, if there is one).'}),
    ...importFlags,
    map: Flags.string({description: `Name the column of a field: FIELD=COLUMN (FIELD: ${ATTENDANCE_FIELDS.map((f) => f.name).join(', ')}). Repeatable.`, multiple: true, helpValue: 'FIELD=COLUMN'}),
    'accept-name-mismatch': Flags.boolean({description: "Credit rows whose name is not the badge holder's (listed as warnings)."}),
    'dry-run': Flags.boolean({description: 'Show what would be added; write nothing.'}),
    commit: Flags.boolean({description: 'Commit the sessions (--no-commit: write the files only).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(TrainingImportAttendance)
    const site = this.openSite(flags.dir)
    const tabular = await tabularOptions(flags, ATTENDANCE_FIELDS)
    let result
    try {
      result = await importAttendance(site, {csv: args.csv, csvAbs: path.resolve(args.csv), session: flags.session, course: flags.course, agency: flags.agency, ...tabular, sheet: flags.sheet, strict: flags.strict, report: flags.report, acceptNameMismatch: flags['accept-name-mismatch'], dryRun: flags['dry-run'], commit: flags.commit})
    } catch (error) {
      const problems = refusalProblems(error)
      if (problems && !this.jsonMode) process.stderr.write(`${problemLines(problems, [])}\n`)
      throw error
    }
    if (this.jsonMode) return this.printJson(result)
    const listed = [...result.problems, ...result.warnings].sort((a, b) => a.row - b.row || a.column - b.column)
    if (listed.length + result.notices.length > 0) process.stderr.write(`${problemLines(listed, result.notices, result.report)}\n`)
    this.out(renderAttendanceImport(result))
    if (result.dryRun) this.say('dry run: nothing was written')
    else if (!result.written) this.say('no new attendees; nothing to commit')
    else if (result.commit) this.say(`committed ${result.commit.slice(0, 7)}: ${result.sessions.filter((s) => s.added.length > 0 || s.created).map((s) => s.file).join(', ')}`)
    else this.say('wrote the session files (not committed)')
    for (const line of hookChangeLines(result.changedByHook)) this.say(line)
  }
}
