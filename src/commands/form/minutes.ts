import {Args} from '../../cli/oclif.js'
import {FormCommand, formFlags} from '../../cli/form-command.js'

export default class FormMinutes extends FormCommand {
  static override summary = 'Meeting minutes: members present and the quorum (PCG), decisions with their outcomes, action items, signature lines.'
  static override description = 'For a PCG meeting, every member agency of the MOU in effect is listed as present or not, with the quorum the MOU defines and whether it was met. Decisions are numbered as `adopted.decision` refers to them (pcg-2026-02-18#1). An OWG meeting\'s case conferences are not printed here: see `lead form case-conference`.'
  static override examples = [{description: 'The minutes of the February PCG meeting', command: '<%= config.bin %> form minutes pcg-2026-02-18'}]

  static override args = {id: Args.string({description: 'A meeting ID (required).'})}
  static override flags = {...formFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(FormMinutes)
    await this.makeForm('minutes', args.id, flags)
  }
}
