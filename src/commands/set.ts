import {Flags} from '../cli/oclif.js'
import {usageError} from '../core/errors.js'
import {parseAssignment, parseFieldPath} from '../core/records/field-assignments.js'
import {siteTimeZone, validSiteTimeZone} from '../core/clock/site-zone.js'
import type {Site} from '../core/site.js'
import {namesConfigFile, parseAddress} from '../core/records/record-address.js'
import {changeSiteConfig} from '../core/config/config-change.js'
import {parseConfigAssignment} from '../core/config/config-fields.js'
import {configChangeJson, renderConfigChange} from '../cli/render/config-change.js'
import {editRecordText} from '../core/records/record-edit.js'
import {findRecordFile} from '../core/records/record-lookup.js'
import {KIND_INFO} from '../core/records/kinds.js'
import {writeRecords} from '../core/write/record-writer.js'
import {loadSchema} from '../core/schemas/schema-registry.js'
import {LeadCommand} from '../cli/lead-command.js'
import {renderWriteResult, writeResultJson} from '../cli/render/write-result.js'

export default class SetFields extends LeadCommand {
  static override summary = "Change fields of a record in place, keeping the file's comments and layout."
  static override description = `Each FIELD=VALUE is typed by the kind's schema (numbers, true/false, dates; badges and codes stay text). Dot paths reach nested fields, [n] a list item and [] appends. Lists and maps can be given whole in YAML flow style: charges='[RCW 69.50.4013, RCW 9A.52.080]'. Dates accept "today"; date-times are local time in the site's zone ("2026-11-30 09:15", "2026-11-30 5:00 PM", "now"), the offset added when stored; a time in the hour repeated when clocks go back is refused with both readings offered. Phone numbers are normalised ((360) 555-0100 → +1-360-555-0100). lead.yaml itself is changed the same way (lead set lead.yaml KEY=VALUE is lead config set).

The whole site is validated with the change before anything is written; an invalid change is refused (exit 1) and the file and git history stay as they were. The change is committed on its own, as "KIND: set ID FIELDS".`

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
    message: Flags.string({char: 'm', description: 'Commit message (default: "KIND: set ID FIELDS").'}),
    commit: Flags.boolean({description: 'Commit the change (--no-commit: write it and leave it uncommitted).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(SetFields)
    const site = this.openSite(flags.dir)
    if (namesConfigFile(site, (argv as string[])[0])) return this.setConfig(site, (argv as string[]).slice(1), flags)
    const {address, rest} = parseAddress(site, argv as string[])
    if (rest.length === 0 && (flags.unset ?? []).length === 0) {
      throw usageError('NOTHING_TO_SET', 'give at least one FIELD=VALUE or --unset FIELD', `e.g. lead set ${address.kind} ${address.id} FIELD=VALUE`)
    }
    const schema = loadSchema(address.kind)
    const timeZone = siteTimeZone(site)
    const assignments = rest.map((a) => parseAssignment(schema, a, {timeZone, kind: address.kind}))
    const unsets = (flags.unset ?? []).map((u) => parseFieldPath(u, address.kind))
    if (assignments.some((a) => a.text === 'id') || unsets.some((u) => u.length === 1 && 'key' in u[0]! && u[0].key === 'id')) {
      throw usageError('ID_CHANGE', 'the id of a record is its file name and cannot be changed with lead set', 'create a record with the new ID (lead new) and remove the old file with git rm')
    }
    const record = findRecordFile(site, address)
    const edited = editRecordText(record.text, assignments, unsets, {file: record.file, conceal: KIND_INFO[record.kind].participantData === true})
    if (edited.text === record.text) {
      if (this.jsonMode) return this.printJson({ok: true, kind: record.kind, id: record.id, file: record.file, committed: false, commit: null, changed: [], message: null, warnings: []})
      this.say(`nothing to change: ${record.file} already holds these values`)
      return
    }
    const setPart = assignments.length > 0 ? `set ${record.id} ${[...new Set(assignments.map((a) => a.text))].join(', ')}` : ''
    const unsetPart = unsets.length > 0 ? `${setPart ? '; unset' : `unset ${record.id}`} ${(flags.unset ?? []).join(', ')}` : ''
    const message = flags.message ?? `${record.kind}: ${setPart}${unsetPart}`
    const result = await writeRecords(site, [{kind: record.kind, id: record.id, file: record.file, text: edited.text, base: record.text}], {message, commit: flags.commit})
    if (this.jsonMode) return this.printJson(writeResultJson(record.kind, record.id, result, message, {changed: edited.changed}))
    this.say(renderWriteResult('changed', result, message))
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
