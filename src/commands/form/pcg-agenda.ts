import {Args} from '../../cli/oclif.js'
import {FormCommand, formFlags} from '../../cli/form-command.js'

export default class FormPcgAgenda extends FormCommand {
  static override summary = 'PCG agenda: the meeting\'s items, protocols awaiting adoption, MOUs, returning items, the quarter\'s figures, open actions, an attendance list.'
  static override description = 'Without an ID, the next planned PCG meeting on --as-of. The figures are the ones `lead meeting agenda --body pcg` computes for the meeting\'s date; the member agencies of the MOU in effect are listed with the quorum and a column to mark who attends.'
  static override examples = [
    {description: 'The next PCG meeting\'s agenda', command: '<%= config.bin %> form pcg-agenda'},
    {description: 'A given meeting, as HTML', command: '<%= config.bin %> form pcg-agenda pcg-2026-12-16 -o agenda.html'},
  ]

  static override args = {id: Args.string({description: 'A PCG meeting ID (default: the next planned one).'})}
  static override flags = {...formFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(FormPcgAgenda)
    await this.makeForm('pcg-agenda', args.id, flags)
  }
}
