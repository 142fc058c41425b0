import {Args, Flags} from '@oclif/core'
import {usageError} from '../core/errors.js'
import {KIND_INFO, KINDS} from '../core/records/kinds.js'
import {loadRecords, type RecordData} from '../core/records/load.js'
import {displayValue, matches, parseCondition, sortBy, valueAt} from '../core/records/record-query.js'
import {LeadCommand} from '../cli/lead-command.js'
import {parseKindArg} from '../cli/kind-arg.js'
import {renderTable} from '../cli/render/table.js'

export default class List extends LeadCommand {
  static override summary = 'List the records of a kind as a table.'
  static override description = `Columns are chosen per kind; --fields picks others (dot paths for nested fields: referrer.agency, handoff.case_manager). --where filters: FIELD=VALUE, and also != > >= < <= and ~ (contains, any case); on a list field, = matches when any item does. Several --where must all hold. Dates and times compare as text, which orders them correctly.

--json prints an array of the records (only the --fields, when given).`

  static override examples = [
    {description: 'Every partner', command: '<%= config.bin %> list partners'},
    {description: 'Enrolled referrals since November, newest first', command: '<%= config.bin %> list referral --where status=enrolled --where received>=2026-11-01 --sort=-received'},
    {description: 'Chosen columns', command: '<%= config.bin %> list referral --fields id,referrer.agency,referrer.badge,handoff.case_manager'},
    {description: 'For a script', command: '<%= config.bin %> list partner --where type=law_enforcement --json'},
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
    const fields = flags.fields ? flags.fields.split(',').map((f) => f.trim().replace(/\[(\d+)\]/g, '.$1')).filter(Boolean) : undefined
    if (fields && fields.length === 0) throw usageError('BAD_FIELDS', '--fields is empty', 'e.g. --fields id,name,type')
    const site = this.openSite(flags.dir)
    const records = await loadRecords(site)
    const all = records.ofKind(kind)
    const unreadable = all.filter((r) => !r.data)
    let rows = all.filter((r) => r.data && matches(r.data, conditions)).map((r) => r.data!)
    rows = sortBy(rows, flags.sort ?? 'id', (d) => d)
    if (flags.limit) rows = rows.slice(0, flags.limit)

    if (this.jsonMode) {
      const pick = (d: RecordData) => (fields ? Object.fromEntries(fields.map((f) => [f, valueAt(d, f) ?? null])) : d)
      return this.printJson(rows.map(pick))
    }
    const columns = fields ?? KIND_INFO[kind].columns
    if (rows.length > 0) this.out(renderTable(columns.map((c) => ({header: c})), rows.map((d) => columns.map((c) => displayValue(valueAt(d, c))))))
    const info = KIND_INFO[kind]
    this.say(`${rows.length} ${rows.length === 1 ? kind : info.plural}${conditions.length > 0 ? ` matching (of ${all.length})` : ''}`)
    if (unreadable.length > 0) this.say(`${unreadable.length} ${info.folder} file${unreadable.length === 1 ? '' : 's'} could not be read (${unreadable.slice(0, 3).map((r) => r.file).join(', ')}${unreadable.length > 3 ? ', …' : ''}); run lead validate`)
  }
}
