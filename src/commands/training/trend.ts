import {Flags} from '../../cli/oclif.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {renderTrend} from '../../cli/render/training.js'
import {openReportScope} from '../../core/training/report-scope.js'
import {computeTrend, DEFAULT_TREND_MONTHS} from '../../core/training/trend.js'

export default class TrainingTrend extends LeadCommand {
  static override summary = 'Training coverage at the end of each month, as a table and a chart.'
  static override description = `Reconstructs each month end from the session dates and the officers' roster history (transfers, leave, separations, join dates), so past months show coverage as it was, not as today's roster would make it. The current month is shown as of the as-of date.`

  static override examples = [
    {description: 'The last 12 months', command: '<%= config.bin %> training trend'},
    {description: "Two years of one agency's catchment officers", command: '<%= config.bin %> training trend --months 24 --agency harbor-pd --catchment'},
  ]

  static override flags = {
    months: Flags.integer({description: 'How many month ends to show.', default: DEFAULT_TREND_MONTHS, min: 1, max: 120}),
    agency: Flags.string({description: 'Only this agency (partner id).'}),
    catchment: Flags.boolean({description: 'Only officers assigned to the catchment area.'}),
    course: Flags.string({description: 'Count only this course (id from lead.yaml); default any course.'}),
    'as-of': Flags.string({description: 'The last month end, YYYY-MM-DD (default today in the site time zone).'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(TrainingTrend)
    const site = this.openSite(flags.dir)
    const {data, asOf} = await openReportScope(site, {asOf: flags['as-of'], agency: flags.agency, course: flags.course})
    const report = computeTrend(data, {asOf, months: flags.months, agency: flags.agency, course: flags.course, catchmentOnly: flags.catchment})
    if (this.jsonMode) this.printJson(report)
    else this.out(renderTrend(report))
  }
}
