import {Flags} from '../../cli/oclif.js'
import {referralReport} from '../../core/referrals/referral-report.js'
import {siteToday} from '../../core/clock/site-zone.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {csvOutputFlags} from '../../cli/csv-flags.js'
import {dateRange} from '../../cli/date-flag.js'
import {renderFunnel} from '../../cli/render/referral-reports.js'
import {printReport} from '../../cli/render/report-output.js'

export default class ReportFunnel extends LeadCommand {
  static override summary = 'The referral funnel: referred → eligible → intake on time → enrolled.'
  static override description = `Each stage is a subset of the one before. eligible: the rules find the referral eligible under the protocol in force when it was received, and its status is not ineligible. intake on time: also intake.completed on or before the due date (received + the protocol's intake deadline days). enrolled: also status enrolled (or closed after that intake). Rates are given of all referred and of the previous stage. Beside the chain, screening incomplete counts the referrals that cannot be judged because a screening answer their protocol requires is not recorded. --by pathway lists all three pathways, an empty one with zeros.`

  static override examples = [
    {description: 'The whole history', command: '<%= config.bin %> report funnel'},
    {description: 'Per pathway, for 2026', command: '<%= config.bin %> report funnel --by pathway --from 2026-01-01 --to 2026-12-31'},
    {description: 'The same as CSV for a spreadsheet', command: '<%= config.bin %> report funnel --by pathway --format csv > funnel.csv'},
  ]

  static override flags = {
    by: Flags.string({description: 'Also break the funnel down by pathway.', options: ['pathway']}),
    from: Flags.string({description: 'First day received, YYYY-MM-DD (inclusive).'}),
    to: Flags.string({description: 'Last day received, YYYY-MM-DD (inclusive).'}),
    ...csvOutputFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ReportFunnel)
    const range = dateRange(flags.from, flags.to)
    const site = this.openSite(flags.dir)
    const byPathway = flags.by === 'pathway'
    const asOf = siteToday(site)
    const {report, skipped} = await referralReport(site, {report: 'funnel', byPathway, ...range, asOf}, async (data) => (await import('../../core/referrals/funnel.js')).referralFunnel(data.referrals, data.protocols, {...range, byPathway, timeZone: data.timeZone, asOf}))
    await printReport(this.io, {report, skipped}, {text: renderFunnel, csv: async (r) => (await import('../../cli/render/report-csv.js')).funnelCsv(r)}, flags)
  }
}
