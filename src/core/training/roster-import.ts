/**
 * `lead training import-roster`: read an HR export, merge it into rosters/<agency>.yaml, and write
 * the result through the one write path (validated, committed). Bad rows refuse the whole import.
 */
import fs from 'node:fs'
import {type IsoDate} from '../clock/dates.js'
import {ExitCode, ioError, LeadError, usageError} from '../errors.js'
import {recordPath} from '../records/kinds.js'
import {loadRecords} from '../records/load.js'
import {writeRecords, type WriteResult} from '../write/record-writer.js'
import type {Protocol, Roster} from '../records/types.js'
import {protocolInForce} from '../referrals/protocol-in-force.js'
import type {Site} from '../site.js'
import {didYouMean} from '../text/suggest.js'
import {readCsvTable, type CsvProblem} from './csv-table.js'
import {readRosterRows, type ImportedOfficer, type RosterField} from './roster-csv.js'
import {siteToday} from '../clock/site-zone.js'
import {mergeRoster, type MergeResult} from './roster-merge.js'
import {leadingComment, renderRosterYaml, DEFAULT_ROSTER_COMMENT, updateRosterText} from './roster-yaml.js'

export interface RosterImportOptions {
  /** The CSV path as the user typed it (used in messages) and its absolute form. */
  csv: string
  csvAbs: string
  agency: string
  mappings?: ReadonlyArray<{column: string; field: RosterField}>
  /** The date the export describes (default: today in the site's time zone). */
  date?: IsoDate
  /** Apply separations even when they take more than SEPARATION_LIMIT of the active officers. */
  allowSeparations?: boolean
  /** Apply an export dated before the roster's as_of. */
  force?: boolean
  dryRun?: boolean
  commit?: boolean
}

/**
 * More than this share of the active officers separated by one import means the export is far more
 * likely truncated (a header-only file, a filtered sheet) than a mass departure.
 */
export const SEPARATION_LIMIT = 0.2

export interface RosterImportResult {
  agency: string
  file: string
  date: IsoDate
  dryRun: boolean
  /** false when the roster already matched the export (nothing to write). */
  written: boolean
  commit?: string
  counts: {added: number; changed: number; separated: number; unchanged: number}
  added: MergeResult['added']
  changed: MergeResult['changed']
  separated: MergeResult['separated']
  /** Dry run only: why the real import would be refused (MASS_SEPARATION). */
  refused?: {code: string; message: string}
}


export function readInputFile(shown: string, abs: string): Uint8Array {
  try {
    return fs.readFileSync(abs)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw usageError('NO_SUCH_FILE', `${shown} does not exist`, 'give the path of the CSV file exported from the spreadsheet')
    throw ioError('IO_ERROR', `cannot read ${shown}: ${(error as Error).message}`, 'check the path and its permissions')
  }
}

export function csvInvalid(file: string, problems: CsvProblem[]): LeadError {
  return new LeadError('CSV_INVALID', `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${file}; nothing was written`, {
    exit: ExitCode.invalid,
    hint: 'fix the rows listed above in the spreadsheet (row = line in the file, column counted from 1), export again and rerun',
    details: {problems},
  })
}

/** Law-enforcement partners (the agencies a roster can belong to), for choosing one. */
export async function lawEnforcementAgencies(site: Site): Promise<Array<{id: string; name: string}>> {
  const records = await loadRecords(site)
  return records
    .dataOf<{id?: unknown; name?: unknown; type?: unknown}>('partner')
    .filter((p) => p.type === 'law_enforcement' && typeof p.id === 'string')
    .map((p) => ({id: p.id as string, name: typeof p.name === 'string' ? p.name : (p.id as string)}))
    .sort((a, b) => a.name.localeCompare(b.name))
}

function updateRosterTextSafely(text: string, roster: Roster): string | undefined {
  try {
    return updateRosterText(text, roster)
  } catch {
    return undefined
  }
}

export async function importRoster(site: Site, options: RosterImportOptions): Promise<RosterImportResult> {
  const records = await loadRecords(site)
  const agencies = records.dataOf<{id?: unknown; type?: unknown}>('partner').filter((p) => p.type === 'law_enforcement' && typeof p.id === 'string').map((p) => p.id as string)
  const listed = `law-enforcement partners: ${agencies.join(', ') || 'none'}`
  const partner = records.get('partner', options.agency)
  if (!partner) {
    throw usageError('UNKNOWN_PARTNER', `unknown agency "${options.agency}"${didYouMean(options.agency, agencies)}`, `pass the partner id of a law-enforcement agency (${listed})`)
  }
  if (partner.data?.type !== 'law_enforcement') {
    const type = typeof partner.data?.type === 'string' ? partner.data.type : 'without a type'
    throw usageError('NOT_LAW_ENFORCEMENT', `${options.agency} is a ${type} partner; rosters are kept for law-enforcement agencies only`, listed)
  }
  const date = options.date ?? siteToday(site)
  const table = await readCsvTable(options.csv, readInputFile(options.csv, options.csvAbs))
  const {officers, problems, columns} = readRosterRows(table, options.mappings)
  const file = recordPath('roster', options.agency)
  const current = records.get('roster', options.agency)
  const existing = current?.data && Array.isArray(current.data.officers) ? (current.data as unknown as Roster) : undefined
  const asOf = existing && typeof existing.as_of === 'string' ? existing.as_of : undefined
  if (asOf !== undefined && date < asOf && !options.force) {
    throw new LeadError('EXPORT_OLDER_THAN_ROSTER', `${file} is as of ${asOf}, later than this export (${date}): applying it would undo the changes since`, {
      exit: ExitCode.invalid,
      hint: 'import the latest export instead; to apply this one anyway (e.g. to correct the roster), rerun with --force',
    })
  }
  if (existing && columns.badge !== undefined) problems.push(...lostZeros(options.csv, columns.badge + 1, officers, existing))
  if (problems.length > 0) throw csvInvalid(options.csv, problems.sort((a, b) => a.row - b.row || a.column - b.column))
  const protocols = records.dataOf<Protocol>('protocol').filter((p) => p && typeof p.effective?.from === 'string' && typeof p.version === 'number')
  const inForce = protocolInForce(protocols, date)
  const catchmentDistricts = new Set((inForce?.catchment ?? []).flatMap((c) => c.districts ?? []))

  const merged = mergeRoster(existing, officers, {agency: options.agency, date, catchmentDistricts, source: options.csv.split(/[\\/]/).pop()})
  // A dry run shows the preview (that is how to see who would go) and says it would be refused.
  let refusal: LeadError | undefined
  if (existing && !options.allowSeparations) refusal = separationRefusal(options.csv, existing, merged, officers.length)
  if (refusal && !options.dryRun) throw refusal
  const comment = current ? leadingComment(current.source.text) || '' : DEFAULT_ROSTER_COMMENT
  // Edit the existing file in place (keeps trainers' comments); render afresh only for a new roster.
  const text = (current && updateRosterTextSafely(current.source.text, merged.roster)) || renderRosterYaml(merged.roster, comment)
  const result: RosterImportResult = {
    agency: options.agency,
    file,
    date,
    dryRun: options.dryRun === true,
    written: false,
    counts: {added: merged.added.length, changed: merged.changed.length, separated: merged.separated.length, unchanged: merged.unchanged},
    added: merged.added,
    changed: merged.changed,
    separated: merged.separated,
    ...(refusal ? {refused: {code: refusal.code, message: refusal.message}} : {}),
  }
  if (options.dryRun || (current && current.source.text === text)) return result

  const c = result.counts
  const parts = [`${c.added} added`, `${c.changed} changed`, `${c.separated} separated`]
  const written: WriteResult = await writeRecords(site, [{kind: 'roster', id: options.agency, file, text, base: current ? current.source.text : null}], {
    message: `roster: import ${options.agency} (${parts.join(', ')})`,
    commit: options.commit,
  })
  result.written = true
  if (written.commit) result.commit = written.commit
  return result
}

/** Refuse an import that would separate every active officer, or more than SEPARATION_LIMIT of them. */
export function checkSeparations(csv: string, existing: Roster, merged: MergeResult, rows: number): void {
  const refusal = separationRefusal(csv, existing, merged, rows)
  if (refusal) throw refusal
}

export function separationRefusal(csv: string, existing: Roster, merged: MergeResult, rows: number): LeadError | undefined {
  const active = existing.officers.filter((o) => o && (o.status === 'active' || o.status === 'leave')).length
  const n = merged.separated.length
  if (n === 0 || (n < active && n <= active * SEPARATION_LIMIT)) return undefined
  const share = n === active ? 'all' : `${Math.round((n / active) * 100)}%`
  return new LeadError('MASS_SEPARATION', `${csv} would separate ${n} of ${active} active officers (${share}); nothing was written`, {
    exit: ExitCode.invalid,
    hint: `a truncated or filtered export looks like this (it lists ${rows} officer${rows === 1 ? '' : 's'}); check it is the full HR export (--dry-run lists who would be separated); if they really left, rerun with --allow-separations`,
    details: {separated: merged.separated, active},
  })
}

/**
 * A spreadsheet that read badges as numbers turns "0412" into 412. Importing that would separate
 * 0412 and add a stranger called 412, so such rows are refused with the reason.
 */
export function lostZeros(file: string, column: number, imported: readonly ImportedOfficer[], roster: Roster): CsvProblem[] {
  const onRoster = new Set(roster.officers.map((o) => o.badge))
  const inExport = new Set(imported.map((o) => o.badge))
  const paddedOf = zeroPaddedBadge(onRoster)
  const problems: CsvProblem[] = []
  for (const o of imported) {
    if (onRoster.has(o.badge)) continue
    const padded = paddedOf(o.badge)
    if (padded && !inExport.has(padded)) {
      problems.push({code: 'BADGE_ZEROS_LOST', file, row: o.row, column, message: `badge "${o.badge}" looks like "${padded}" on the roster with its leading zeros lost`, hint: 'format the badge column as Text in the spreadsheet (or export straight from the HR system) and export again'})
    }
  }
  return problems
}

/**
 * A lookup from a badge that is not on the roster to the roster badge it would be with its leading
 * zeros back ("3" → "0003"), for imports and sign-in sheets alike.
 */
export function zeroPaddedBadge(rosterBadges: Iterable<string>): (badge: string) => string | undefined {
  const byDigits = new Map<string, string>()
  for (const badge of rosterBadges) if (/^0+[0-9A-Za-z]/.test(badge)) byDigits.set(badge.replace(/^0+/, ''), badge)
  return (badge) => {
    const padded = byDigits.get(badge.replace(/^0+/, ''))
    return padded !== undefined && padded !== badge ? padded : undefined
  }
}
