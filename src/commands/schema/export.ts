import {Args} from '../../cli/oclif.js'
import fs from 'node:fs'
import path from 'node:path'
import {LeadError, ExitCode} from '../../core/errors.js'
import {checkOutputPath, writeOutputFile} from '../../core/records/output-path.js'
import {findSiteRoot} from '../../core/site.js'
import {SCHEMA_DIR, SCHEMA_NAMES, schemaFile} from '../../core/schemas/schema-registry.js'
import {LeadCommand} from '../../cli/lead-command.js'

export default class SchemaExport extends LeadCommand {
  static override summary = 'Write every JSON Schema into a folder (for editors and other tools).'
  static override description = 'Refreshes the copies a site keeps in .lead/schemas/ after upgrading lead, or exports them for another tool.'
  static override examples = [
    {description: "Refresh the site's copies after upgrading lead", command: '<%= config.bin %> schema export .lead/schemas'},
    {description: 'Export elsewhere', command: '<%= config.bin %> schema export ./schemas-out'},
  ]

  static override args = {dir: Args.string({description: 'Folder to write the schemas into (created if needed).', required: true})}

  async run(): Promise<void> {
    const {args} = await this.parse(SchemaExport)
    const dir = path.resolve(args.dir)
    // Inside a site (the usual .lead/schemas), no write may go through a committed link.
    const root = findSiteRoot(process.cwd())
    const written: string[] = []
    try {
      checkOutputPath(root, dir)
      fs.mkdirSync(dir, {recursive: true})
      for (const name of SCHEMA_NAMES) {
        const file = path.join(dir, schemaFile(name))
        writeOutputFile(root, file, fs.readFileSync(path.join(SCHEMA_DIR, schemaFile(name))))
        written.push(file)
      }
    } catch (error) {
      if (error instanceof LeadError) throw error
      throw new LeadError('IO_ERROR', `cannot write schemas to ${dir}: ${(error as Error).message}`, {exit: ExitCode.io, hint: 'check the folder path and permissions'})
    }
    if (this.jsonMode) return this.printJson({ok: true, dir, files: written})
    this.say(`Wrote ${written.length} schemas to ${dir}`)
  }
}
