import {Args, Flags} from '../cli/oclif.js'
import {KINDS} from '../core/records/kinds.js'
import {LeadCommand} from '../cli/lead-command.js'
import {runList} from '../cli/everyday/list.js'

export default class List extends LeadCommand {
  static override summary = 'List the records of a kind as a table.'
  static override description = `Columns are chosen per kind; --fields picks others (dot paths for nested fields: referrer.agency, handoff.case_manager). --where filters: FIELD=VALUE, and also != > >= < <= and ~ (contains, any case); on a list field, = matches when any item does. Several --where must all hold. Values compare by the field's type: dates as dates, timestamps as instants (a local time such as 2026-11-30 09:15 is in the site's zone; a date alone compares the local day), numbers as numbers. A field the kind does not have, or a choice it cannot take, is a usage error (exit 2) naming the closest one. Quote each condition so the shell leaves > and < alone.

The default columns of referrals, consents and meetings print only codes, enums, dates and values the site declared: a value that fails its field (a name typed into status) is ‹not shown›, and a line on stderr counts them; lead validate says what is wrong. Columns named with --fields, and --json, print values as they are.

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
    await runList(args.kind, flags, this.io)
  }
}
