import {Args} from '../../cli/oclif.js'
import {FormCommand, formFlags} from '../../cli/form-command.js'

export default class FormHandoffSlip extends FormCommand {
  static override summary = "Participant's handoff slip: case manager contact, intake deadline, that LEAD is voluntary."
  static override description = "From a referral. The case manager's phone comes from the case-management partner's contacts; the intake deadline from the protocol that governs the referral. No charges are printed."
  static override examples = [{description: 'The slip for a referral', command: '<%= config.bin %> form handoff-slip r-2026-11-03-k3f9q2'}]

  static override args = {id: Args.string({description: 'A referral ID (required).'})}
  static override flags = {...formFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(FormHandoffSlip)
    await this.makeForm('handoff-slip', args.id, flags)
  }
}
