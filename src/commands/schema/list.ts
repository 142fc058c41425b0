import {KIND_INFO, KINDS, CONFIG_FILE} from '../../core/records/kinds.js'
import {schemaFile} from '../../core/schemas/schema-registry.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {renderTable} from '../../cli/render/table.js'

export default class SchemaList extends LeadCommand {
  static override summary = 'List the record kinds, their folders and schema files.'
  static override examples = ['<%= config.bin %> schema list', '<%= config.bin %> schema list --json']

  async run(): Promise<void> {
    await this.parse(SchemaList)
    const rows = [
      ...KINDS.map((k) => ({kind: k, folder: KIND_INFO[k].yearFolders ? `${KIND_INFO[k].folder}/<year>/` : `${KIND_INFO[k].folder}/`, schema: schemaFile(k), holds: KIND_INFO[k].summary})),
      {kind: 'lead', folder: CONFIG_FILE, schema: schemaFile('lead'), holds: 'Site configuration'},
    ]
    if (this.jsonMode) return this.printJson(rows)
    this.out(renderTable([{header: 'kind'}, {header: 'folder'}, {header: 'schema'}, {header: 'holds', max: 60}], rows.map((r) => [r.kind, r.folder, r.schema, r.holds])))
  }
}
