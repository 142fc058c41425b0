import {Args, Flags} from '../../cli/oclif.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {runReferralCheck} from '../../cli/everyday/referral-check.js'

export default class ReferralCheck extends LeadCommand {
  static override summary = 'Explain, step by step, whether a referral is eligible under the protocol in force when it was received.'
  static override description = `Shows which protocol version applied and why, each charge and whether it is divertible, quantities against thresholds, each exclusion and override, the screening answers, the social-contact evidence window, the catchment, the intake due date and days left, and the consent that covers the referral.

Exit status: 0 eligible, 1 ineligible or undecidable (no protocol in force, record errors), 2 unknown referral or bad flag.`

  static override examples = [
    {description: 'Explain a referral', command: '<%= config.bin %> referral check r-2026-11-03-k3f9q2'},
    {description: 'The same reasoning as JSON, e.g. for a case-management system', command: '<%= config.bin %> referral check r-2026-11-03-k3f9q2 --json'},
    {description: 'Days left for the intake as of a given date', command: '<%= config.bin %> referral check r-2026-11-03-k3f9q2 --as-of 2026-11-20'},
  ]

  static override args = {id: Args.string({description: 'The referral id (r-YYYY-MM-DD-xxxxxx).', required: true})}
  static override flags = {
    'as-of': Flags.string({description: 'Count the intake days left from this date, YYYY-MM-DD (default: today in the site\'s time zone).'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ReferralCheck)
    await runReferralCheck(args.id, {dir: flags.dir, asOf: flags['as-of']}, this.io)
  }
}
