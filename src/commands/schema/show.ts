import {Args, Flags} from '../../cli/oclif.js'
import {chalk} from '../../cli/render/colors.js'
import {loadSchema} from '../../core/schemas/schema-registry.js'
import {outline} from '../../core/schemas/schema-outline.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {parseSchemaName} from '../../cli/schema-arg.js'

export default class SchemaShow extends LeadCommand {
  static override summary = 'Print the JSON Schema of a kind, or a readable outline of its fields.'
  static override examples = [
    {description: 'Which fields does a referral have?', command: '<%= config.bin %> schema show referral --outline'},
    {description: 'The JSON Schema itself', command: '<%= config.bin %> schema show protocol'},
    {description: 'The schema of lead.yaml', command: '<%= config.bin %> schema show lead --outline'},
  ]

  static override args = {kind: Args.string({description: 'partner, protocol, mou, roster, training, referral, consent, or lead (lead.yaml).', required: true})}
  static override flags = {outline: Flags.boolean({char: 'o', description: 'Show a field outline instead of the JSON Schema.'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SchemaShow)
    const name = parseSchemaName(args.kind)
    const schema = loadSchema(name)
    if (!flags.outline) return this.printJson(schema)
    const fields = outline(schema)
    if (this.jsonMode) return this.printJson(fields)
    const lines = [chalk.bold(`${String(schema.title ?? name)}`), String(schema.description ?? ''), '']
    for (const f of fields) {
      const indent = '  '.repeat(f.depth)
      const req = f.required ? chalk.red(' (required)') : ''
      lines.push(`${indent}${chalk.bold(f.path.split('.').pop()!)}  ${chalk.cyan(f.type)}${req}`)
      if (f.description) lines.push(`${indent}    ${f.description}`)
      if (f.allowed) lines.push(`${indent}    ${chalk.dim(`one of: ${f.allowed.join(', ')}`)}`)
    }
    this.out(lines.join('\n'))
  }
}
