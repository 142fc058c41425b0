import {FORMS} from '../../core/forms/form-catalog.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {renderTable} from '../../cli/render/table.js'

export default class FormList extends LeadCommand {
  static override summary = 'List the printable forms and what each is built from.'
  static override examples = [
    {description: 'Which forms are there?', command: '<%= config.bin %> form list'},
    {description: 'The same as JSON', command: '<%= config.bin %> form list --json'},
  ]

  async run(): Promise<void> {
    await this.parse(FormList)
    if (this.jsonMode) {
      this.printJson(FORMS.map((f) => ({name: f.name, summary: f.summary, needs: f.needs, takes: f.kinds, idRequired: f.idRequired})))
      return
    }
    this.out(
      renderTable(
        [{header: 'FORM'}, {header: 'WHAT', max: 50}, {header: 'BUILT FROM', max: 200}],
        FORMS.map((f) => [f.name, f.summary, f.needs]),
      ),
    )
  }
}
