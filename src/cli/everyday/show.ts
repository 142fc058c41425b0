/**
 * `lead show` once its line is read: by oclif (commands/show.ts) or by bin/run.js's early path
 * (cli/early-start.ts), which must print the same.
 */
import {today} from '../../core/clock/dates.js'
import {siteTimeZone} from '../../core/clock/site-zone.js'
import {usageError} from '../../core/errors.js'
import {deriveValues, derivedReadsProtocols, type Derived} from '../../core/derived/derived-values.js'
import {KIND_INFO} from '../../core/records/kinds.js'
import {asRecordData, loadRecords} from '../../core/records/load.js'
import {parseAddress} from '../../core/records/record-address.js'
import {findRecordFile} from '../../core/records/record-lookup.js'
import {parseRecordText} from '../../core/records/record-parse.js'
import {ofKinds} from '../../core/records/site-files.js'
import type {Protocol} from '../../core/records/types.js'
import {openSite} from '../../core/site.js'
import {shownSitePath} from '../../core/privacy/file-names.js'
import {learnIfMisfiled} from '../../core/privacy/misfiled-file.js'
import {concealedName} from '../../core/text/concealed.js'
import {dateFlag} from '../date-flag.js'
import type {Output} from '../output.js'

export interface ShowFlags {
  dir?: string
  asOf?: string
  /** Print the derived values (default true). */
  derived?: boolean
}

export async function runShow(argv: readonly string[], flags: ShowFlags, io: Output): Promise<void> {
  dateFlag('as-of', flags.asOf)
  const site = openSite({dir: flags.dir})
  const {address, rest} = parseAddress(site, [...argv])
  if (rest.length > 0) throw usageError('UNEXPECTED_ARGS', `${rest.length} unexpected argument${rest.length === 1 ? '' : 's'} (not shown: an unquoted value may have spilt into ${rest.length === 1 ? 'it' : 'them'})`, 'lead show KIND ID, or lead show PATH')
  const record = findRecordFile(site, address)
  const parsed = parseRecordText(record.file, record.text, {conceal: KIND_INFO[record.kind].participantData})
  const data = asRecordData(parsed.data)
  let derived: Derived = {}
  if (flags.derived !== false && data) {
    const timeZone = siteTimeZone(site)
    // One record and the protocols, not the site: a big site's 10,000 referrals cost ~0.3 s to list and look up.
    const protocols = derivedReadsProtocols(record.kind) ? (await loadRecords(site, {select: ofKinds('protocol')})).dataOf<Protocol>('protocol') : []
    derived = deriveValues(record.kind, data, {protocols, timeZone, asOf: flags.asOf ?? today(timeZone)})
  }
  // Named by a path a person typed (or a referral saved as partners/quennell-zavorski.yaml): its name, and the ID it implies, are not repeated.
  learnIfMisfiled(record.kind, record.file, record.text, data)
  const file = shownSitePath(record.file)
  if (io.json) {
    return io.printJson({kind: record.kind, id: file === record.file ? record.id : concealedName(record.id), file, record: data ?? null, derived, problems: parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => ({line: d.line, column: d.column, code: d.code, message: d.message}))})
  }
  let text = record.text.endsWith('\n') ? record.text : `${record.text}\n`
  const entries = Object.entries(derived)
  if (entries.length > 0) {
    text += '\n# derived by lead (computed, not stored):\n'
    for (const [k, v] of entries) text += `#   ${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}\n`
  }
  io.out(text)
  if (!data) io.say(`${file} cannot be read as a record; run lead validate${file === record.file ? ` ${record.file}` : ''}`)
}
