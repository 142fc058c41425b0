import {Flags} from '../../cli/oclif.js'
import {GROUPINGS, type Grouping} from '../../core/referrals/groupings.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {csvOutputFlags} from '../../cli/csv-flags.js'
import {runReportReferrals} from '../../cli/everyday/report-referrals.js'

export default class ReportReferrals extends LeadCommand {
  static override summary = 'Count referrals by hour, weekday, week, month, pathway, agency, district or officer.'
  static override description = `Every bucket is listed, zeros included: all 24 hours, all 7 weekdays, all three pathways, and every week (by its Monday) or month from --from to --to (default: the first to the last day with a referral); a week or month the range covers only in part is marked. Times are in the site's time zone (lead.yaml site.timezone), correct across daylight-saving changes. With --by hour or weekday, each bucket is marked staffed, partly or off-hours against the coverage hours of the protocol in force on --to (or today). The summary gives the share of referrals that arrived outside the staffed hours of their own protocol, and the median and 90th-percentile handoff response minutes (received → case manager arrived) against the protocol's target.`

  static override examples = [
    {description: 'Referrals by hour of day, against the staffed hours', command: '<%= config.bin %> report referrals --by hour'},
    {description: 'By weekday for one quarter', command: '<%= config.bin %> report referrals --by weekday --from 2026-07-01 --to 2026-09-30'},
    {description: 'Every month of a period, empty months as 0, for a spreadsheet', command: '<%= config.bin %> report referrals --by month --from 2026-01-01 --to 2026-12-31 --format csv > months.csv'},
    {description: 'Weekly counts (weeks start on Monday)', command: '<%= config.bin %> report referrals --by week --from 2026-10-01'},
    {description: 'Per referring officer, as JSON', command: '<%= config.bin %> report referrals --by officer --json'},
  ]

  static override flags = {
    by: Flags.string({description: 'How to group the referrals.', options: [...GROUPINGS], default: 'month'}),
    from: Flags.string({description: 'First day received, YYYY-MM-DD (inclusive).'}),
    to: Flags.string({description: 'Last day received, YYYY-MM-DD (inclusive).'}),
    ...csvOutputFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ReportReferrals)
    await runReportReferrals({...flags, by: flags.by as Grouping}, this.io)
  }
}
