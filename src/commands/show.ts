import {Flags} from '../cli/oclif.js'
import {LeadCommand} from '../cli/lead-command.js'
import {runShow} from '../cli/everyday/show.js'

export default class Show extends LeadCommand {
  static override summary = 'Print a record, with the values lead derives from it.'
  static override description = `Prints the record's file as it is (comments included), followed by derived values as YAML comments: for a referral, the protocol that governs it, the intake due date and days left (or whether intake was on time), and the handoff response minutes against the protocol's target; for a consent or MOU, days to expiry; for a roster, officers by status. Derived values are computed each time, never stored.

--json prints {kind, id, file, record, derived}.`

  static override examples = [
    {description: 'A referral with its intake due date', command: '<%= config.bin %> show referral r-2026-11-03-k3f9q2'},
    {description: 'The same by ID alone', command: '<%= config.bin %> show r-2026-11-03-k3f9q2'},
    {description: 'A partner by file path, as JSON', command: '<%= config.bin %> show partners/harbor-pd.yaml --json'},
  ]

  static override strict = false
  static override usage = ['show KIND ID', 'show PATH']
  static override flags = {
    'as-of': Flags.string({description: 'Count days left as of this date (YYYY-MM-DD; default today in the site time zone).'}),
    derived: Flags.boolean({description: 'Show derived values (--no-derived: only the record).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Show)
    await runShow(argv as string[], {dir: flags.dir, asOf: flags['as-of'], derived: flags.derived}, this.io)
  }
}
