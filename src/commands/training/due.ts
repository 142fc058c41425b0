import {Flags} from '../../cli/oclif.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {DUE_CSV_COLUMNS, dueRows, renderDue} from '../../cli/render/training.js'
import {toCsv} from '../../core/records/flat-export.js'
import {computeDue, DEFAULT_DUE_WINDOW_DAYS} from '../../core/training/due.js'
import {openReportScope} from '../../core/training/report-scope.js'
import {shownSitePath} from '../../core/privacy/file-names.js'

export default class TrainingDue extends LeadCommand {
  static override summary = 'Officers never trained, expired, or expiring soon: the list to schedule sessions from.'
  static override description = `Lists active officers whose LEAD training is missing, has expired, or expires within --within days of the as-of date, with their unit, district, shift and last training. Catchment-area officers come first, then the most overdue. The due column says why: never (never trained), expired or expiring.

--format csv writes the same list for a spreadsheet (RFC 4180, CRLF, one row per officer, the due column holding never/expired/expiring); text a spreadsheet would run as a formula is prefixed with ', and --bom adds the byte order mark Excel needs for accented names.`

  static override examples = [
    {description: 'Who is due in the next 60 days', command: '<%= config.bin %> training due'},
    {description: "One district's officers due within 90 days", command: '<%= config.bin %> training due --agency harbor-pd --district D1 --within 90'},
    {description: 'A CSV for the scheduling spreadsheet', command: '<%= config.bin %> training due --format csv > due.csv'},
    {description: 'A CSV that Excel opens with accents intact', command: '<%= config.bin %> training due --format csv --bom > due.csv'},
  ]

  static override flags = {
    within: Flags.integer({description: 'Include trainings expiring within DAYS.', default: DEFAULT_DUE_WINDOW_DAYS, min: 0, helpValue: 'DAYS'}),
    agency: Flags.string({description: 'Only this agency (partner id).'}),
    district: Flags.string({description: 'Only officers assigned to this district.'}),
    catchment: Flags.boolean({description: 'Only officers assigned to the catchment area.'}),
    course: Flags.string({description: 'Count only this course (id from lead.yaml); default any course.'}),
    'as-of': Flags.string({description: 'Judge on this date, YYYY-MM-DD (default today in the site time zone).'}),
    format: Flags.string({char: 'f', description: 'Output format.', options: ['table', 'csv'], default: 'table'}),
    bom: Flags.boolean({description: 'CSV: start with a UTF-8 byte order mark, so Excel shows accented names correctly.'}),
    neutralize: Flags.boolean({description: "CSV: prefix text cells a spreadsheet would run as a formula (= + - @) with ' (--no-neutralize: leave them as they are).", default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(TrainingDue)
    const site = this.openSite(flags.dir)
    const {data, asOf} = await openReportScope(site, {asOf: flags['as-of'], agency: flags.agency, course: flags.course})
    if (data.skipped.length > 0) this.say(`note: left out ${data.skipped.length} file${data.skipped.length === 1 ? '' : 's'} that fail validation: ${data.skipped.slice(0, 3).map(shownSitePath).join(', ')}${data.skipped.length > 3 ? ', …' : ''}`)
    const report = computeDue(data, {asOf, withinDays: flags.within, agency: flags.agency, district: flags.district, course: flags.course, catchmentOnly: flags.catchment})
    if (this.jsonMode) this.printJson(report)
    else if (flags.format === 'csv') process.stdout.write(toCsv(DUE_CSV_COLUMNS, dueRows(report), {neutralize: flags.neutralize, bom: flags.bom}))
    else this.out(renderDue(report))
  }
}
