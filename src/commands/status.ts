import {Flags} from '../cli/oclif.js'
import {LeadCommand} from '../cli/lead-command.js'
import {runStatus} from '../cli/everyday/status.js'

export default class Status extends LeadCommand {
  static override summary = 'The project manager\'s one screen: protocol, open referrals, intakes, MOUs, training, validation.'
  static override description = `Shows the protocol in force (and any draft waiting for adoption), the referrals open on the date by their state that day (received, eligible, awaiting intake, enrolled: judged from the dates the records carry, so a referral closed since counts as it stood then; referrals that ended on a day their records do not give are counted apart), intakes overdue or due in the next 7 days, signed MOUs that ended or end within 60 days, training coverage of catchment-area officers, the next OWG and PCG meetings and overdue meeting action items, and the count of validation errors and warnings. On a new site it first lists the setup steps still to do before the first referral (partners, a roster per police agency, an adopted protocol, the LEAD phone), in that order, each with its command. Each line names the command that shows the detail. Exit status 0 (it is a summary; run \`lead validate\` to fail on errors).`

  static override examples = [
    {description: 'Today', command: '<%= config.bin %> status'},
    {description: 'As of the next PCG meeting, as JSON', command: '<%= config.bin %> status --as-of 2026-12-16 --json'},
  ]

  static override flags = {
    'as-of': Flags.string({description: 'Judge dates as of this day, YYYY-MM-DD (default: today in the site\'s time zone).'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Status)
    await runStatus({dir: flags.dir, asOf: flags['as-of']}, this.io)
  }
}
