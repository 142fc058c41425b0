import {Args} from '../../cli/oclif.js'
import {FormCommand, formFlags} from '../../cli/form-command.js'

export default class FormMou extends FormCommand {
  static override summary = 'Memorandum of understanding: purpose, parties, governance, terms, appendix, signature blocks.'
  static override description = 'One signature block per signatory, in party order; a party with no signatory recorded gets a blank block.'
  static override examples = [{description: 'The MOU for signing', command: '<%= config.bin %> form mou 2026-harbor-lead-mou --paper a4'}]

  static override args = {id: Args.string({description: 'An MOU ID (required).'})}
  static override flags = {...formFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(FormMou)
    await this.makeForm('mou', args.id, flags)
  }
}
