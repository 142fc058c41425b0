import {Args} from '../../cli/oclif.js'
import {draftFlag, FormCommand, formFlags} from '../../cli/form-command.js'

export default class FormPocketCard extends FormCommand {
  static override summary = "Officer's pocket card (4 × 6 in): divertible charges with thresholds, exclusions, phone, coverage hours."
  static override description = 'Built from the protocol in force today (or on --as-of), or from the protocol ID given. The card has its own page size; --paper does not apply.'
  static override examples = [
    {description: 'Cards for the protocol in force', command: '<%= config.bin %> form pocket-card'},
    {description: 'Cards for an adopted version before it takes effect (to train with)', command: '<%= config.bin %> form pocket-card 2026-v2 --out cards-v2.pdf'},
    {description: 'A review copy of a draft version, marked DRAFT on every page', command: '<%= config.bin %> form pocket-card 2026-v3 --draft'},
  ]

  static override args = {id: Args.string({description: 'A protocol ID (default: the protocol in force).'})}
  static override flags = {...formFlags, ...draftFlag}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(FormPocketCard)
    await this.makeForm('pocket-card', args.id, flags)
  }
}
