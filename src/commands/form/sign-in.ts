import {Args, Flags} from '../../cli/oclif.js'
import {FormCommand, formFlags} from '../../cli/form-command.js'

export default class FormSignIn extends FormCommand {
  static override summary = "Training sign-in sheet: the session, then one row per expected officer with a signature column."
  static override description = "Expected officers are the active officers on the session agency's roster, in surname order, narrowed by --district, --unit and --shift (case-insensitive); blank rows follow for walk-ins. Long lists continue across pages with the table header repeated."
  static override examples = [
    {description: 'The sheet for a session', command: '<%= config.bin %> form sign-in 2026-06-17-pd-initial'},
    {description: 'Only the day shift of district D1', command: '<%= config.bin %> form sign-in 2026-06-17-pd-initial --district D1 --shift day'},
  ]

  static override args = {id: Args.string({description: 'A training session ID (required).'})}
  static override flags = {
    ...formFlags,
    district: Flags.string({description: 'Only officers of this district.'}),
    unit: Flags.string({description: 'Only officers of this unit.'}),
    shift: Flags.string({description: 'Only officers of this shift.'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(FormSignIn)
    const filter = {...(flags.district ? {district: flags.district} : {}), ...(flags.unit ? {unit: flags.unit} : {}), ...(flags.shift ? {shift: flags.shift} : {})}
    await this.makeForm('sign-in', args.id, flags, filter)
  }
}
