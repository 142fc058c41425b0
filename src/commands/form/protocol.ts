import {Args} from '../../cli/oclif.js'
import {draftFlag, FormCommand, formFlags} from '../../cli/form-command.js'

export default class FormProtocol extends FormCommand {
  static override summary = 'Protocol booklet: adoption, catchment, pathways, charges, exclusions, deadlines, coverage hours, duties.'
  static override examples = [
    {description: 'The protocol in force', command: '<%= config.bin %> form protocol'},
    {description: 'A given version, on A4', command: '<%= config.bin %> form protocol 2025-v1 --paper a4'},
    {description: 'The superseded version 1, for the record, marked SUPERSEDED on every page', command: '<%= config.bin %> form protocol 2025-v1 --draft'},
  ]

  static override args = {id: Args.string({description: 'A protocol ID (default: the protocol in force).'})}
  static override flags = {...formFlags, ...draftFlag}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(FormProtocol)
    await this.makeForm('protocol', args.id, flags)
  }
}
