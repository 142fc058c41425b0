import {Flags} from '../cli/oclif.js'
import {today} from '../core/clock/dates.js'
import {usageError} from '../core/errors.js'
import {deriveValues, derivedReadsProtocols, type Derived} from '../core/derived/derived-values.js'
import type {Protocol} from '../core/records/types.js'
import {loadRecords} from '../core/records/load.js'
import {ofKinds} from '../core/records/site-files.js'
import {asRecordData} from '../core/records/load.js'
import {siteTimeZone} from '../core/clock/site-zone.js'
import {parseAddress} from '../core/records/record-address.js'
import {findRecordFile} from '../core/records/record-lookup.js'
import {parseRecordText} from '../core/records/record-parse.js'
import {KIND_INFO} from '../core/records/kinds.js'
import {LeadCommand} from '../cli/lead-command.js'
import {dateFlag} from '../cli/date-flag.js'

export default class Show extends LeadCommand {
  static override summary = 'Print a record, with the values lead derives from it.'
  static override description = `Prints the record's file as it is (comments included), followed by derived values as YAML comments: for a referral, the protocol that governs it, the intake due date and days left (or whether intake was on time), and the handoff response minutes against the protocol's target; for a consent or MOU, days to expiry; for a roster, officers by status. Derived values are computed each time, never stored.

--json prints {kind, id, file, record, derived}.`

  static override examples = [
    {description: 'A referral with its intake due date', command: '<%= config.bin %> show referral r-2026-11-03-k3f9q2'},
    {description: 'The same by ID alone', command: '<%= config.bin %> show r-2026-11-03-k3f9q2'},
    {description: 'A partner by file path, as JSON', command: '<%= config.bin %> show partners/harbor-pd.yaml --json'},
  ]

  static override strict = false
  static override usage = ['show KIND ID', 'show PATH']
  static override flags = {
    'as-of': Flags.string({description: 'Count days left as of this date (YYYY-MM-DD; default today in the site time zone).'}),
    derived: Flags.boolean({description: 'Show derived values (--no-derived: only the record).', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Show)
    dateFlag('as-of', flags['as-of'])
    const site = this.openSite(flags.dir)
    const {address, rest} = parseAddress(site, argv as string[])
    if (rest.length > 0) throw usageError('UNEXPECTED_ARGS', `unexpected argument ${rest[0]}`, 'lead show KIND ID, or lead show PATH')
    const record = findRecordFile(site, address)
    const parsed = parseRecordText(record.file, record.text, {conceal: KIND_INFO[record.kind].participantData})
    const data = asRecordData(parsed.data)
    let derived: Derived = {}
    if (flags.derived && data) {
      const timeZone = siteTimeZone(site)
      // One record and the protocols, not the site: a big site's 10,000 referrals cost ~0.3 s to list and look up.
      const protocols = derivedReadsProtocols(record.kind) ? (await loadRecords(site, {select: ofKinds('protocol')})).dataOf<Protocol>('protocol') : []
      derived = deriveValues(record.kind, data, {protocols, timeZone, asOf: flags['as-of'] ?? today(timeZone)})
    }
    if (this.jsonMode) {
      return this.printJson({kind: record.kind, id: record.id, file: record.file, record: data ?? null, derived, problems: parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => ({line: d.line, column: d.column, code: d.code, message: d.message}))})
    }
    let text = record.text.endsWith('\n') ? record.text : `${record.text}\n`
    const entries = Object.entries(derived)
    if (entries.length > 0) {
      text += '\n# derived by lead (computed, not stored):\n'
      for (const [k, v] of entries) text += `#   ${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}\n`
    }
    this.out(text)
    if (!data) this.say(`${record.file} cannot be read as a record; run lead validate ${record.file}`)
  }
}
