import {Flags} from '../../cli/oclif.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {renderCoverage} from '../../cli/render/training.js'
import {COVERAGE_DIMENSIONS, computeCoverage, groupsBelow, type CoverageDimension} from '../../core/training/coverage.js'
import {openReportScope} from '../../core/training/report-scope.js'
import {shownSitePath} from '../../core/privacy/file-names.js'

export default class TrainingCoverage extends LeadCommand {
  static override summary = 'Share of active officers holding a valid LEAD training, by agency, district, unit or shift.'
  static override description = `Counts the officers active on the as-of date (status reconstructed from roster history) and how many hold a training still valid then (each course's valid_months in lead.yaml). Catchment-area groups come first.

Exit status: 0, or 1 with --min when any group is below that percentage (for CI and cron alerts).`

  static override examples = [
    {description: 'Coverage by agency today', command: '<%= config.bin %> training coverage'},
    {description: "One agency's districts, catchment officers only", command: '<%= config.bin %> training coverage --agency harbor-pd --by district --catchment'},
    {description: 'Alert when any shift is below 80%', command: '<%= config.bin %> training coverage --by shift --min 80'},
    {description: 'Coverage at the end of last quarter, as JSON', command: '<%= config.bin %> training coverage --as-of 2026-09-30 --json'},
  ]

  static override flags = {
    agency: Flags.string({description: 'Only this agency (partner id).'}),
    by: Flags.string({description: 'Group rows by.', options: [...COVERAGE_DIMENSIONS], default: 'agency'}),
    catchment: Flags.boolean({description: 'Only officers assigned to the catchment area.'}),
    course: Flags.string({description: 'Count only this course (id from lead.yaml); default any course.'}),
    'as-of': Flags.string({description: 'Judge on this date, YYYY-MM-DD (default today in the site time zone).'}),
    min: Flags.integer({description: 'Exit 1 when any group is below PERCENT.', min: 0, max: 100, helpValue: 'PERCENT'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(TrainingCoverage)
    const site = this.openSite(flags.dir)
    const {data, asOf} = await openReportScope(site, {asOf: flags['as-of'], agency: flags.agency, course: flags.course})
    if (data.skipped.length > 0) this.say(`note: left out ${data.skipped.length} file${data.skipped.length === 1 ? '' : 's'} that fail validation: ${data.skipped.slice(0, 3).map(shownSitePath).join(', ')}${data.skipped.length > 3 ? ', …' : ''}`)
    const report = computeCoverage(data, {asOf, by: flags.by as CoverageDimension, agency: flags.agency, catchmentOnly: flags.catchment, course: flags.course})
    const below = flags.min === undefined ? [] : groupsBelow(report, flags.min)
    if (this.jsonMode) this.printJson(flags.min === undefined ? report : {...report, min: flags.min, below: below.map((g) => g.key)})
    else this.out(renderCoverage(report, below, flags.min))
    if (below.length > 0) process.exitCode = 1
  }
}
