import {Flags} from '../../cli/oclif.js'
import {referralReport} from '../../core/referrals/referral-report.js'
import {siteToday} from '../../core/clock/site-zone.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {dateFlag} from '../../cli/date-flag.js'
import {renderCapacity} from '../../cli/render/referral-reports.js'
import {printReport} from '../../cli/render/report-output.js'

export default class ReportCapacity extends LeadCommand {
  static override summary = 'Open cases per case manager against the protocol\'s caseload target and maximum.'
  static override description = `A case is open on the date when it was received by then and is not closed: status received, eligible or enrolled (without a closed date on or before it), or closed with a later closed date. The limits come from the caseload section of the protocol in force on that date. Case managers over the maximum are flagged; the command still exits 0 (it is a report; \`lead status\` and the OWG act on it).`

  static override examples = [
    {description: 'Caseloads today', command: '<%= config.bin %> report capacity'},
    {description: 'Caseloads at the end of a quarter, as JSON', command: '<%= config.bin %> report capacity --as-of 2026-09-30 --json'},
  ]

  static override flags = {
    'as-of': Flags.string({description: 'The date to count open cases on, YYYY-MM-DD (default: today in the site\'s time zone).'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ReportCapacity)
    const asOfFlag = dateFlag('as-of', flags['as-of'])
    const site = this.openSite(flags.dir)
    const asOf = asOfFlag ?? siteToday(site)
    const {report, skipped} = await referralReport(site, {report: 'capacity', asOf}, async (data) => (await import('../../core/referrals/capacity.js')).caseloadCapacity(data.referrals, data.protocols, asOf, data.timeZone, data.vocabulary))
    await printReport(this.io, {report, skipped}, {text: renderCapacity})
  }
}
