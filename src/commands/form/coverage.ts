import {Flags} from '../../cli/oclif.js'
import {FormCommand, formFlags} from '../../cli/form-command.js'

export default class FormCoverage extends FormCommand {
  static override summary = 'Training coverage report with a bar chart per group, catchment groups first.'
  static override description = 'The same figures as `lead training coverage`, grouped by agency, district, unit and shift, catchment groups first, with a bar chart per grouping.'
  static override examples = [
    {description: 'For the next PCG meeting', command: '<%= config.bin %> form coverage --out coverage.pdf'},
    {description: 'A roster has an error, and the meeting cannot wait: print without it, marked INCOMPLETE on every page', command: '<%= config.bin %> form coverage --leave-out-invalid --out coverage.pdf'},
  ]

  static override flags = {
    ...formFlags,
    'leave-out-invalid': Flags.boolean({description: 'Leave out rosters and sessions that fail validation, naming them on every page (default: refuse the report).', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(FormCoverage)
    await this.makeForm('coverage', undefined, flags, undefined, flags['leave-out-invalid'] ? {leaveOutInvalid: true} : {})
  }
}
