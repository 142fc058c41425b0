/**
 * `lead list` once its line is read: by oclif (commands/list.ts) or by bin/run.js's early path
 * (cli/early-start.ts), which must print the same.
 */
import {usageError} from '../../core/errors.js'
import {KIND_INFO} from '../../core/records/kinds.js'
import type {RecordData} from '../../core/records/load.js'
import {checkFields, compileWhere, displayValue, parseCondition, valueAt, type QueryScope} from '../../core/records/record-query.js'
import {listSiteRecords} from '../../core/records/list-records.js'
import {siteTimeZone} from '../../core/clock/site-zone.js'
import {loadSchema} from '../../core/schemas/schema-registry.js'
import {openSite} from '../../core/site.js'
import {shownSitePath} from '../../core/privacy/file-names.js'
import {learnIfMisfiledAt} from '../../core/privacy/misfiled-file.js'
import {CELL_NOT_SHOWN, listedCells, listVocabulary} from '../../core/privacy/listed-cells.js'
import {parseKindArg} from '../kind-arg.js'
import {renderTable} from '../render/table.js'
import type {Output} from '../output.js'

export interface ListFlags {
  dir?: string
  where?: string[]
  fields?: string
  sort?: string
  limit?: number
}

export async function runList(kindArg: string, flags: ListFlags, io: Output): Promise<void> {
  const kind = parseKindArg(kindArg)
  const conditions = (flags.where ?? []).map(parseCondition)
  const names = flags.fields?.split(',').map((f) => f.trim()).filter(Boolean)
  if (names && names.length === 0) throw usageError('BAD_FIELDS', '--fields is empty', 'e.g. --fields id,name,type')
  const site = openSite({dir: flags.dir})
  const scope: QueryScope = {schema: loadSchema(kind), kind, clock: {timeZone: conditions.length > 0 ? siteTimeZone(site) : undefined}}
  const fields = names && checkFields(scope, names, '--fields')
  const where = compileWhere(conditions, scope)
  const {rows, total, unreadable} = await listSiteRecords(site, kind, {...(conditions.length > 0 ? {where} : {}), sort: flags.sort, limit: flags.limit, scope})

  if (io.json) {
    const pick = (d: RecordData) => (fields ? Object.fromEntries(fields.map((f) => [f, valueAt(d, f) ?? null])) : d)
    return io.printJson(rows.map(pick))
  }
  const info = KIND_INFO[kind]
  let notShown = 0
  if (rows.length > 0) {
    const columns = fields ?? info.columns
    const vocabulary = fields ? undefined : listVocabulary(site, kind)
    const cells = rows.map((d) => {
      if (!vocabulary) return columns.map((c) => displayValue(valueAt(d, c)))
      const row = listedCells(kind, d, columns, vocabulary)
      notShown += row.concealed
      return row.cells
    })
    io.out(renderTable(columns.map((c) => ({header: c})), cells))
  }
  io.say(`${rows.length} ${rows.length === 1 ? kind : info.plural}${conditions.length > 0 ? ` matching (of ${total})` : ''}`)
  if (notShown > 0) io.say(`${notShown} value${notShown === 1 ? '' : 's'} ${notShown === 1 ? 'is' : 'are'} ${CELL_NOT_SHOWN}: not a code, date or value this site declared, so possibly something a person typed about a participant; run lead validate to see which field is wrong (--fields shows values as they are)`)
  // A referral saved into partners/ that does not parse (partners/quennell-zavorski.yaml, a legal
  // partner ID and a participant's name): its name is concealed, as validate's findings conceal it.
  if (unreadable.length > 0) for (const r of unreadable.slice(0, 3)) learnIfMisfiledAt(site.root, kind, r.file)
  if (unreadable.length > 0) io.say(`${unreadable.length} ${info.folder} file${unreadable.length === 1 ? '' : 's'} could not be read (${unreadable.slice(0, 3).map((r) => shownSitePath(r.file)).join(', ')}${unreadable.length > 3 ? ', …' : ''}); run lead validate`)
}
