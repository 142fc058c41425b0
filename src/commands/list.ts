import {Args, Flags} from '../cli/oclif.js'
import {usageError} from '../core/errors.js'
import {KIND_INFO, KINDS} from '../core/records/kinds.js'
import type {RecordData} from '../core/records/load.js'
import {checkFields, compileWhere, displayValue, parseCondition, valueAt, type QueryScope} from '../core/records/record-query.js'
import {listSiteRecords} from '../core/records/list-records.js'
import {siteTimeZone} from '../core/clock/site-zone.js'
import {loadSchema} from '../core/schemas/schema-registry.js'
import {LeadCommand} from '../cli/lead-command.js'
import {parseKindArg} from '../cli/kind-arg.js'
import {renderTable} from '../cli/render/table.js'

export default class List extends LeadCommand {
  static override summary = 'List the records of a kind as a table.'
  static override description = `Columns are chosen per kind; --fields picks others (dot paths for nested fields: referrer.agency, handoff.case_manager). --where filters: FIELD=VALUE, and also != > >= < <= and ~ (contains, any case); on a list field, = matches when any item does. Several --where must all hold. Values compare by the field's type: dates as dates, timestamps as instants (a local time such as 2026-11-30 09:15 is in the site's zone; a date alone compares the local day), numbers as numbers. A field the kind does not have, or a choice it cannot take, is a usage error (exit 2) naming the closest one. Quote each condition so the shell leaves > and < alone.

--json prints an array of the records (only the --fields, when given).`

  static override examples = [
    {description: 'Every partner', command: '<%= config.bin %> list partners'},
    {description: 'Enrolled referrals since November, newest first', command: "<%= config.bin %> list referral --where 'status=enrolled' --where 'received>=2026-11-01' --sort=-received"},
    {description: 'Chosen columns', command: '<%= config.bin %> list referral --fields id,referrer.agency,referrer.badge,handoff.case_manager'},
    {description: 'For a script', command: "<%= config.bin %> list partner --where 'type=law_enforcement' --json"},
  ]

  static override args = {kind: Args.string({description: `The kind of record: ${KINDS.join(', ')}.`, required: true})}
  static override flags = {
    where: Flags.string({char: 'w', description: 'Keep records where FIELD=VALUE (or != > >= < <= ~). Repeatable.', multiple: true}),
    fields: Flags.string({description: 'Columns to show, comma-separated dot paths.'}),
    sort: Flags.string({description: 'Sort by this field (prefix - for descending: --sort=-received). Default: ID.'}),
    limit: Flags.integer({description: 'Show at most N records.', min: 1}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(List)
    const kind = parseKindArg(args.kind)
    const conditions = (flags.where ?? []).map(parseCondition)
    const names = flags.fields?.split(',').map((f) => f.trim()).filter(Boolean)
    if (names && names.length === 0) throw usageError('BAD_FIELDS', '--fields is empty', 'e.g. --fields id,name,type')
    const site = this.openSite(flags.dir)
    const scope: QueryScope = {schema: loadSchema(kind), kind, clock: {timeZone: conditions.length > 0 ? siteTimeZone(site) : undefined}}
    const fields = names && checkFields(scope, names, '--fields')
    const where = compileWhere(conditions, scope)
    const {rows, total, unreadable} = await listSiteRecords(site, kind, {...(conditions.length > 0 ? {where} : {}), sort: flags.sort, limit: flags.limit, scope})

    if (this.jsonMode) {
      const pick = (d: RecordData) => (fields ? Object.fromEntries(fields.map((f) => [f, valueAt(d, f) ?? null])) : d)
      return this.printJson(rows.map(pick))
    }
    const columns = fields ?? KIND_INFO[kind].columns
    if (rows.length > 0) this.out(renderTable(columns.map((c) => ({header: c})), rows.map((d) => columns.map((c) => displayValue(valueAt(d, c))))))
    const info = KIND_INFO[kind]
    this.say(`${rows.length} ${rows.length === 1 ? kind : info.plural}${conditions.length > 0 ? ` matching (of ${total})` : ''}`)
    if (unreadable.length > 0) this.say(`${unreadable.length} ${info.folder} file${unreadable.length === 1 ? '' : 's'} could not be read (${unreadable.slice(0, 3).map((r) => r.file).join(', ')}${unreadable.length > 3 ? ', …' : ''}); run lead validate`)
  }
}
