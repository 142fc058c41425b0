import {FormCommand, formFlags} from '../../cli/form-command.js'

export default class FormCoverage extends FormCommand {
  static override summary = 'Training coverage report with a bar chart per group, catchment groups first.'
  static override description = 'Uses the training coverage computation (as `lead training coverage`). Exit 3 with FORM_NOT_AVAILABLE when this version of lead does not have it.'
  static override examples = [{description: 'For the next PCG meeting', command: '<%= config.bin %> form coverage --out coverage.pdf'}]

  static override flags = {...formFlags}

  async run(): Promise<void> {
    const {flags} = await this.parse(FormCoverage)
    await this.makeForm('coverage', undefined, flags)
  }
}
