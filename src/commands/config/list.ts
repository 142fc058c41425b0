import {configEntries, isPolicyPath} from '../../core/config/config-fields.js'
import {parseFieldPath} from '../../core/records/field-assignments.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {renderTable} from '../../cli/render/table.js'

/** Settings a new site usually lacks at first, with why they matter. */
const WORTH_SETTING: ReadonlyArray<[string, string]> = [
  ['referral_phone', 'the LEAD phone printed on pocket cards and forms'],
  ['site.jurisdiction', 'printed on forms'],
]

export default class ConfigList extends LeadCommand {
  static override summary = "List lead.yaml's settings, one per line."
  static override description = `Every setting as KEY and VALUE, KEY being what \`lead config get\` and \`lead config set\` take. Policy settings (everything but the site's name, jurisdiction and LEAD phone) are marked: CI judges a branch by the base branch's policy, so changing them is for reviewers to see. Settings a site usually needs but lead.yaml lacks are listed at the end.

--json prints lead.yaml as one JSON document.`

  static override examples = [
    {description: 'Every setting', command: '<%= config.bin %> config list'},
    {description: 'As JSON, for a script', command: '<%= config.bin %> config list --json'},
  ]

  async run(): Promise<void> {
    const {flags} = await this.parse(ConfigList)
    const site = this.openSite(flags.dir)
    if (this.jsonMode) return this.printJson(site.configData ?? {})
    const entries = configEntries(site.configData)
    const policy = (p: string) => {
      try {
        return isPolicyPath(parseFieldPath(p))
      } catch {
        return false
      }
    }
    this.out(renderTable([{header: 'setting'}, {header: 'value', max: 60}, {header: ''}], entries.map((e) => [e.path, String(e.value ?? ''), policy(e.path) ? '(policy)' : ''])))
    const unset = WORTH_SETTING.filter(([key]) => !entries.some((e) => e.path === key))
    for (const [key, why] of unset) this.say(`not set: ${key} (${why}); set it with \`lead config set ${key}=VALUE\``)
  }
}
