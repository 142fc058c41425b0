import {Args, Flags} from '@oclif/core'
import {usageError} from '../core/errors.js'
import {isTimeZone} from '../core/clock/dates.js'
import {initSite} from '../core/site-init.js'
import {LeadCommand} from '../cli/lead-command.js'
import {shellQuote} from '../core/git/site-repo.js'

export default class Init extends LeadCommand {
  static override summary = 'Create a new site: a git repository with the folder layout, lead.yaml and CI wiring.'
  static override description = `Creates DIR (default: the current folder) with lead.yaml, one folder per record kind, the JSON Schemas in .lead/schemas/ (VS Code validates records as you type through .vscode/settings.json), a .gitignore for lead's local state and a GitHub Actions workflow that runs \`lead validate\`, then makes one commit.

A folder that is not empty, or is already a site, is refused (exit 3) and nothing is written.`

  static override examples = [
    {description: 'A new, empty site', command: '<%= config.bin %> init harbor-lead --name "Harbor County LEAD" --timezone America/Los_Angeles'},
    {description: 'A site filled with the bundled fictional example, to explore', command: '<%= config.bin %> init demo --example'},
  ]

  static override args = {dir: Args.string({description: 'Folder to create the site in.', default: '.'})}
  static override flags = {
    example: Flags.boolean({description: 'Fill the site with the bundled fictional example records.'}),
    name: Flags.string({description: 'Site name, e.g. "Harbor County LEAD" (default: from the folder name).'}),
    jurisdiction: Flags.string({description: 'Jurisdiction, e.g. "Harbor County, WA".'}),
    timezone: Flags.string({description: "IANA time zone of the site (default: this machine's), e.g. America/Los_Angeles."}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Init)
    if (flags.timezone && !isTimeZone(flags.timezone)) {
      throw usageError('BAD_TIMEZONE', `unknown time zone "${flags.timezone}"`, 'use an IANA name such as America/Los_Angeles or Europe/Berlin')
    }
    const result = await initSite({dir: args.dir, example: flags.example, name: flags.name, jurisdiction: flags.jurisdiction, timezone: flags.timezone})
    if (this.jsonMode) {
      this.printJson({ok: true, ...result})
      return
    }
    this.say(`Created ${result.example ? 'the example site' : 'a new site'} in ${result.root} (${result.files.length} files, commit ${result.commit?.slice(0, 7)}).`)
    this.say(`Next: cd ${shellQuote(args.dir)} && lead validate`)
  }
}
