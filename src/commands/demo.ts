import {Args} from '../cli/oclif.js'
import fs from 'node:fs'
import path from 'node:path'
import {CONFIG_FILE} from '../core/records/kinds.js'
import {initSite} from '../core/site-init.js'
import {readSite} from '../core/site.js'
import {validateSite} from '../core/validate/site-validation.js'
import {LeadCommand} from '../cli/lead-command.js'
import {renderJson, renderText} from '../cli/render/diagnostics.js'
import {renderSiteSummary} from '../cli/render/site-summary.js'
import {leadInvocation, pathFor, userCwd} from '../cli/invocation.js'

export default class Demo extends LeadCommand {
  static override summary = 'Set up the bundled example site (once) and show what it holds.'
  static override description = `Copies the fictional Harbor County example into DIR as a new git repository (unless DIR already holds a site, which is reused), validates it, and prints its records by kind. This is what \`npm start\` runs. As with \`lead init --example\`, the example's dates are moved forward by whole weeks to today's week, so it reads today as it did when written.`

  static override examples = [
    {description: 'Create or refresh ./demo-site', command: '<%= config.bin %> demo'},
    {description: 'Somewhere else', command: '<%= config.bin %> demo /tmp/harbor'},
  ]

  static override args = {dir: Args.string({description: 'Folder for the demo site.', default: 'demo-site'})}

  async run(): Promise<void> {
    const {args} = await this.parse(Demo)
    const root = path.resolve(args.dir)
    const existed = fs.existsSync(path.join(root, CONFIG_FILE))
    if (!existed) await initSite({dir: root, example: true})
    const site = readSite(root)
    const result = await validateSite(site)
    if (this.jsonMode) {
      this.printJson({root, created: !existed, validation: renderJson(result)})
    } else {
      this.say(existed ? `Using the existing demo site in ${root}.` : `Created the demo site in ${root} from the bundled example.`)
      this.out(renderSiteSummary(site.config.site.name, root, result))
      if (result.diagnostics.length > 0) this.out(`\n${renderText(result)}`)
      const cwd = userCwd()
      const lead = leadInvocation(cwd)
      this.say(`\nTry: ${lead} -C ${pathFor(cwd, root)} validate`)
      this.say(`     ${lead} -C ${pathFor(cwd, root)} status`)
      if (lead !== 'lead') this.say(`(\`lead\` alone works once it is on your PATH: npm link)`)
    }
    if (!result.ok) process.exitCode = 1
  }
}
