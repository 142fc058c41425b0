import {Args} from '../../cli/oclif.js'
import {FormCommand, formFlags} from '../../cli/form-command.js'

export default class FormRoi extends FormCommand {
  static override summary = 'Multi-party release of information (42 CFR part 2): blank, or from a consent.'
  static override description = 'Blank: every partner of the site offered as a box to tick, with lines for the information, purpose and expiry. From a consent: the partners it names, what may be shared and why, the expiry, and the revocation if there is one. Both carry the right to revoke, signature lines and the redisclosure notice.'
  static override examples = [
    {description: 'A blank form', command: '<%= config.bin %> form roi'},
    {description: 'From a consent record', command: '<%= config.bin %> form roi c-2026-11-03-p8m2wd'},
  ]

  static override args = {id: Args.string({description: 'A consent ID (default: a blank form).'})}
  static override flags = {...formFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(FormRoi)
    await this.makeForm('roi', args.id, flags)
  }
}
