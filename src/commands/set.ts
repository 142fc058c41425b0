import {Flags} from '../cli/oclif.js'
import {usageError} from '../core/errors.js'
import {parseFieldPath} from '../core/records/field-assignments.js'
import {validSiteTimeZone} from '../core/clock/site-zone.js'
import type {Site} from '../core/site.js'
import {changeSiteConfig} from '../core/config/config-change.js'
import {parseConfigAssignment} from '../core/config/config-fields.js'
import {configChangeJson, renderConfigChange} from '../cli/render/config-change.js'
import {LeadCommand} from '../cli/lead-command.js'
import {runSet} from '../cli/everyday/set.js'

export default class SetFields extends LeadCommand {
  static override summary = "Change fields of a record in place, keeping the file's comments and layout."
  static override description = `Each FIELD=VALUE is typed by the kind's schema (numbers, true/false, dates; badges and codes stay text). Dot paths reach nested fields, [n] a list item and [] appends. Lists and maps can be given whole in YAML flow style: charges='[RCW 69.50.4013, RCW 9A.52.080]'. Dates accept "today"; date-times are local time in the site's zone ("2026-11-30 09:15", "2026-11-30 5:00 PM", "now"), the offset added when stored; a time in the hour repeated when clocks go back is refused with both readings offered. Phone numbers are normalised ((360) 555-0100 → +1-360-555-0100). lead.yaml itself is changed the same way (lead set lead.yaml KEY=VALUE is lead config set).

The whole site is validated with the change before anything is written; an invalid change is refused (exit 1) and the file and git history stay as they were. The change is committed on its own, as "KIND: set ID FIELDS". Values the record already holds change nothing (exit 0); when its file is still not committed (an earlier commit of it failed), lead says so and prints the git command lines that commit it ("uncommitted": true with --json).`

  static override examples = [
    {description: 'Rename a partner', command: '<%= config.bin %> set partner harbor-pd name="Harbor City Police Department"'},
    {description: 'Record an intake and enrol the participant', command: '<%= config.bin %> set referral r-2026-11-03-k3f9q2 intake.completed=today status=enrolled'},
    {description: 'Add a charge to the list, remove the quantity', command: "<%= config.bin %> set r-2026-11-03-k3f9q2 'charges[]=RCW 9A.52.080' --unset quantity"},
    {description: 'Address the record by its file; phone numbers as people write them', command: "<%= config.bin %> set partners/harbor-pd.yaml 'contacts[0].phone=(360) 555-0199'"},
    {description: "A referral's handoff, in local time", command: "<%= config.bin %> set r-2026-11-03-k3f9q2 handoff.arrived='2026-11-03 7:10 AM'"},
  ]

  static override strict = false
  static override args = {}
  static override usage = ['set KIND ID FIELD=VALUE... [--unset FIELD]', 'set PATH FIELD=VALUE... [--unset FIELD]']

  static override flags = {
    unset: Flags.string({char: 'u', description: 'Remove a field (or a list item, FIELD[n]). Repeatable.', multiple: true}),
    message: Flags.string({char: 'm', description: 'Commit message (default: "KIND: set ID FIELDS"). For a referral, consent or meeting it may not repeat the record\'s free text (MESSAGE_REPEATS_RECORD).'}),
    commit: Flags.boolean({description: 'Commit the change (--no-commit: write it and leave it uncommitted).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(SetFields)
    const words = argv as string[]
    const ran = await runSet({dir: flags.dir, words, unset: flags.unset ?? [], message: flags.message, commit: flags.commit}, this.io)
    if (!ran) await this.setConfig(this.openSite(flags.dir), words.slice(1), flags)
  }

  /** `lead set lead.yaml KEY=VALUE`: the same change as `lead config set`. */
  private async setConfig(site: Site, texts: string[], flags: {unset?: string[]; message?: string; commit: boolean}): Promise<void> {
    if (texts.length === 0 && (flags.unset ?? []).length === 0) throw usageError('NOTHING_TO_SET', 'give at least one KEY=VALUE or --unset KEY', 'e.g. lead config set referral_phone=+1-360-555-0100')
    const assignments = texts.map((t) => parseConfigAssignment(t, {timeZone: validSiteTimeZone(site)}))
    const result = await changeSiteConfig(site, assignments, (flags.unset ?? []).map((u) => parseFieldPath(u)), {message: flags.message, commit: flags.commit})
    if (this.jsonMode) return this.printJson(configChangeJson(result))
    this.say(renderConfigChange(result))
  }
}
