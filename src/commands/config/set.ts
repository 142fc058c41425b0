import {Flags} from '../../cli/oclif.js'
import {changeSiteConfig} from '../../core/config/config-change.js'
import {parseConfigAssignment} from '../../core/config/config-fields.js'
import {usageError} from '../../core/errors.js'
import {parseFieldPath} from '../../core/records/field-assignments.js'
import {validSiteTimeZone} from '../../core/clock/site-zone.js'
import {LeadCommand} from '../../cli/lead-command.js'
import {configChangeJson, renderConfigChange} from '../../cli/render/config-change.js'

export default class ConfigSet extends LeadCommand {
  static override summary = "Change settings in lead.yaml, keeping its comments, validated and committed."
  static override description = `Each KEY=VALUE is typed by lead.yaml's schema (\`lead schema show lead --outline\`): numbers, true/false, lists and maps in YAML flow style. Phone numbers may be written as people do ((360) 555-0100 becomes +1-360-555-0100); a time zone must be an IANA name (America/Los_Angeles), the closest one is offered otherwise. A single setting may also be given as KEY VALUE.

The whole site is validated under the new settings before anything is written (a course still used by training sessions cannot be removed, a time zone must be real); an invalid change is refused (exit 1) and lead.yaml stays as it was. Only the changed lines are rewritten; the change is committed on its own as "config: set KEYS".

Everything but the site's name, jurisdiction and LEAD phone is policy (time zone, courses, privacy, rule severities): CI judges a branch by the policy of the branch it merges into, so a change there is shown to reviewers as POLICY_CHANGED — an error until a maintainer accepts it when it loosens a setting, a warning when it tightens one — and lead says so when you make it.`

  static override examples = [
    {description: 'The LEAD phone officers call, day and night', command: "<%= config.bin %> config set referral_phone='(360) 555-0100'"},
    {description: "The site's time zone", command: '<%= config.bin %> config set site.timezone America/Chicago'},
    {description: 'Several at once', command: "<%= config.bin %> config set site.name='Harbor County LEAD' site.jurisdiction='Harbor County, WA'"},
    {description: 'A refresher every 18 months for the second course', command: "<%= config.bin %> config set 'courses[1].valid_months=18'"},
    {description: 'Publish no count under 20 (a policy change)', command: '<%= config.bin %> config set privacy.min_cell=20'},
    {description: 'Back to the default severity of a rule', command: '<%= config.bin %> config set --unset rules.MOU_EXPIRING'},
  ]

  static override strict = false
  static override usage = ['config set KEY=VALUE... [--unset KEY]', 'config set KEY VALUE']
  static override flags = {
    unset: Flags.string({char: 'u', description: 'Remove a setting (or a list item, KEY[n]). Repeatable.', multiple: true}),
    message: Flags.string({char: 'm', description: 'Commit message (default: "config: set KEYS").'}),
    commit: Flags.boolean({description: 'Commit the change (--no-commit: write lead.yaml and leave it uncommitted).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(ConfigSet)
    const args = argv as string[]
    // `KEY VALUE`, as git config takes it, for one setting.
    const texts = args.length === 2 && !args[0]!.includes('=') ? [`${args[0]}=${args[1]}`] : args
    if (texts.length === 0 && (flags.unset ?? []).length === 0) {
      throw usageError('NOTHING_TO_SET', 'give at least one KEY=VALUE or --unset KEY', 'e.g. lead config set referral_phone=+1-360-555-0100; see `lead config list` for the keys')
    }
    const stray = texts.find((t) => !t.includes('='))
    if (stray) throw usageError('BAD_ASSIGNMENT', `"${stray}" is not KEY=VALUE`, `e.g. lead config set ${stray}=VALUE`)
    const site = this.openSite(flags.dir)
    // A bad zone in lead.yaml must not stop the command that mends it.
    const timeZone = validSiteTimeZone(site)
    const assignments = texts.map((t) => parseConfigAssignment(t, {timeZone}))
    const unsets = (flags.unset ?? []).map((u) => parseFieldPath(u))
    const result = await changeSiteConfig(site, assignments, unsets, {message: flags.message, commit: flags.commit})
    if (this.jsonMode) return this.printJson(configChangeJson(result))
    this.say(renderConfigChange(result))
  }
}

