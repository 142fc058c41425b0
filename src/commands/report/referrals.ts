import {Flags} from '@oclif/core'
import {loadReferralData} from '../../core/referrals/site-data.js'
import {siteToday} from '../../core/clock/site-zone.js'
import {GROUPINGS, referralVolume, type Grouping} from '../../core/referrals/volume.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {dateRange} from '../../cli/date-flag.js'
import {renderVolume} from '../../cli/render/referral-reports.js'

export default class ReportReferrals extends LeadCommand {
  static override summary = 'Count referrals by hour, weekday, month, pathway, agency, district or officer.'
  static override description = `Times are in the site's time zone (lead.yaml site.timezone), correct across daylight-saving changes. With --by hour or weekday, each bucket is marked staffed, partly or off-hours against the coverage hours of the protocol in force on --to (or today). The summary gives the share of referrals that arrived outside the staffed hours of their own protocol, and the median and 90th-percentile handoff response minutes (received → case manager arrived) against the protocol's target.`

  static override examples = [
    {description: 'Referrals by hour of day, against the staffed hours', command: '<%= config.bin %> report referrals --by hour'},
    {description: 'By weekday for one quarter', command: '<%= config.bin %> report referrals --by weekday --from 2026-07-01 --to 2026-09-30'},
    {description: 'Per referring officer, as JSON', command: '<%= config.bin %> report referrals --by officer --json'},
  ]

  static override flags = {
    by: Flags.string({description: 'How to group the referrals.', options: [...GROUPINGS], default: 'month'}),
    from: Flags.string({description: 'First day received, YYYY-MM-DD (inclusive).'}),
    to: Flags.string({description: 'Last day received, YYYY-MM-DD (inclusive).'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ReportReferrals)
    const range = dateRange(flags.from, flags.to)
    const site = this.openSite(flags.dir)
    const data = await loadReferralData(site)
    const report = referralVolume(data.referrals, data.protocols, {by: flags.by as Grouping, ...range, timeZone: data.timeZone, asOf: siteToday(site)})
    if (this.jsonMode) this.printJson({...report, skippedFiles: data.skipped})
    else {
      this.out(renderVolume(report))
      if (data.skipped.length) this.say(`note: ${data.skipped.length} file(s) left out because they do not pass their schema; see \`lead validate\``)
    }
  }
}
