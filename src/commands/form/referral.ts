import {Args} from '../../cli/oclif.js'
import {draftFlag, FormCommand, formFlags} from '../../cli/form-command.js'

export default class FormReferral extends FormCommand {
  static override summary = "Officer's referral and diversion form: blank from a protocol, or filled in from a referral."
  static override description = `Without ID: a blank form from the protocol in force today (or on --as-of): its divertible charges and exclusions as checklists, the LEAD phone and coverage hours. With a protocol ID: a blank form from that version. With a referral ID: the form filled in from the referral, judged under the protocol in force when it was received.`
  static override examples = [
    {description: 'A blank form to print for officers', command: '<%= config.bin %> form referral'},
    {description: 'A blank form for the version taking effect next month', command: '<%= config.bin %> form referral --as-of 2026-03-01'},
    {description: 'A referral, filled in, as HTML', command: '<%= config.bin %> form referral r-2026-11-03-k3f9q2 --out referral.html'},
    {description: 'A review copy of a draft version, marked DRAFT on every page', command: '<%= config.bin %> form referral 2026-v3 --draft'},
  ]

  static override args = {id: Args.string({description: 'A referral ID (filled-in form) or a protocol ID (blank form).'})}
  static override flags = {...formFlags, ...draftFlag}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(FormReferral)
    await this.makeForm('referral', args.id, flags)
  }
}
