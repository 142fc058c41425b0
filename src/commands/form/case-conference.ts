import {Args} from '../../cli/oclif.js'
import {FormCommand, formFlags} from '../../cli/form-command.js'

export default class FormCaseConference extends FormCommand {
  static override summary = 'OWG case-conference sheet: participants by code only, and for each the consent check of every partner at the table.'
  static override description = `Without an ID, the next planned OWG meeting on --as-of. A planned meeting lists every open case (as \`lead meeting agenda --body owg\` does), a held one the participants it discussed. The table is the meeting's attendees (who is expected, for a planned meeting), or the OWG member partners when none are listed.

For each participant, every partner at the table is ticked when a release of information in effect on the meeting's date names it (the consent and its end date are printed), or marked NOT COVERED: STEPS OUT. Nothing a person typed into a referral or consent is printed: codes, IDs, dates and staff names only.`
  static override examples = [
    {description: 'The sheet for the next OWG meeting', command: '<%= config.bin %> form case-conference'},
    {description: 'A held meeting\'s sheet, on A4', command: '<%= config.bin %> form case-conference owg-2026-11-17 --paper a4'},
  ]

  static override args = {id: Args.string({description: 'An OWG meeting ID (default: the next planned one).'})}
  static override flags = {...formFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(FormCaseConference)
    await this.makeForm('case-conference', args.id, flags)
  }
}
