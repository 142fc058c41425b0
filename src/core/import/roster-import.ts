/**
 * `lead training import-roster`: read an HR export (CSV, .csv.gz, .xlsx), merge it into
 * rosters/<agency>.yaml and write the result through the one write path (validated, committed).
 * Bad rows are skipped and reported (their officers held, not separated) unless --strict; matches
 * the evidence cannot settle are held for the trainer to decide.
 */
import path from 'node:path'
import {type IsoDate} from '../clock/dates.js'
import {ExitCode, LeadError, stateError, usageError} from '../errors.js'
import {recordPath} from '../records/kinds.js'
import {loadRecords, type SiteRecord} from '../records/load.js'
import {writeRecords, type WriteResult, type HookChanges} from '../write/record-writer.js'
import type {Protocol, Roster} from '../records/types.js'
import {protocolInForce} from '../referrals/protocol-in-force.js'
import {siteToday} from '../clock/site-zone.js'
import type {Site} from '../site.js'
import {readInputFile, readTable, sortProblems, strictRefusal, problemsRefusal, writeSkippedReport, type ColumnChoice, type TableNotice, type TableProblem, type ValueMaps} from '../tabular/index.js'
import {didYouMean} from '../text/suggest.js'
import {readRosterExport, type ImportedOfficer} from '../training/roster-csv.js'
import {mergeRoster, type MergeResult, type Resolutions} from '../training/roster-merge.js'
import {writeResolutionFile} from '../training/roster-resolutions.js'
import {leadingComment, renderRosterYaml, DEFAULT_ROSTER_COMMENT} from '../training/roster-yaml.js'
import {rosterData, updateRosterText} from '../training/roster-update.js'

export interface RosterImportOptions {
  /** The file path as the user typed it (used in messages) and its absolute form. */
  csv: string
  csvAbs: string
  agency: string
  columns?: readonly ColumnChoice[]
  values?: ValueMaps
  where?: readonly string[]
  sheet?: string
  /** The date the export describes (default: today in the site's time zone). */
  date?: IsoDate
  resolutions?: Resolutions
  /** Refuse the whole export when any row has an error (default: import the others). */
  strict?: boolean
  /** Where the report of skipped rows goes (default: next to the export, NAME.skipped.csv). */
  report?: string
  allowSeparations?: boolean
  force?: boolean
  dryRun?: boolean
  commit?: boolean
  /** The command line, for the head of a resolution file. */
  command?: string
}

/** More than this share of the active officers separated by one import means a truncated export. */
export const SEPARATION_LIMIT = 0.2

export interface RosterImportResult {
  agency: string
  file: string
  date: IsoDate
  dryRun: boolean
  written: boolean
  commit?: string
  /** What a git hook changed in the commit after lead judged it (record-writer.ts WriteResult), paths as printed. */
  changedByHook?: HookChanges
  counts: {added: number; changed: number; separated: number; unchanged: number; skipped: number; filtered: number; ambiguous: number}
  added: MergeResult['added']
  changed: MergeResult['changed']
  separated: MergeResult['separated']
  reissued: MergeResult['reissued']
  ambiguous: MergeResult['ambiguous']
  reformatted: MergeResult['reformatted']
  heldSeparations: number
  /** Rows left out, with why (also in the report file). */
  problems: TableProblem[]
  notices: TableNotice[]
  /** Where the skipped rows and the open questions were written. */
  report?: string
  resolveFile?: string
  /** Why the import is (dry run: would be) refused. */
  refused?: {code: string; message: string; hint?: string}
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

/** Officers without an id: the roster predates officers as people (`lead training migrate-rosters`). */
export function unmigratedOfficers(roster: Pick<Roster, 'officers'>): number {
  return roster.officers.filter((o) => o && typeof o === 'object' && o.id === undefined).length
}

export async function importRoster(site: Site, options: RosterImportOptions): Promise<RosterImportResult> {
  const records = await loadRecords(site)
  const agencies = records.dataOf<{id?: unknown; type?: unknown}>('partner').filter((p) => p.type === 'law_enforcement' && typeof p.id === 'string').map((p) => p.id as string)
  const listed = `law-enforcement partners: ${agencies.join(', ') || 'none'}`
  const partner = records.get('partner', options.agency)
  if (!partner) throw usageError('UNKNOWN_PARTNER', `unknown agency "${options.agency}"${didYouMean(options.agency, agencies)}`, `pass the partner id of a law-enforcement agency (${listed})`)
  if (partner.data?.type !== 'law_enforcement') {
    const type = typeof partner.data?.type === 'string' ? partner.data.type : 'without a type'
    throw usageError('NOT_LAW_ENFORCEMENT', `${options.agency} is a ${type} partner; rosters are kept for law-enforcement agencies only`, listed)
  }
  const date = options.date ?? siteToday(site)
  const file = recordPath('roster', options.agency)
  const current = records.get('roster', options.agency)
  const existing = current?.data && Array.isArray(current.data.officers) ? (current.data as unknown as Roster) : undefined
  if (existing && unmigratedOfficers(existing) > 0) {
    throw stateError('ROSTER_NOT_MIGRATED', `${file} keys officers by badge (${unmigratedOfficers(existing)} officers without an id); imports now follow people, whose badges can change`, `run \`lead training migrate-rosters\` once (one commit, nothing else changes), then import again`)
  }
  const asOf = existing && typeof existing.as_of === 'string' ? existing.as_of : undefined
  if (asOf !== undefined && date < asOf && !options.force) {
    throw new LeadError('EXPORT_OLDER_THAN_ROSTER', `${file} is as of ${asOf}, later than this export (${date}): applying it would undo the changes since`, {exit: ExitCode.invalid, hint: 'import the latest export instead; to apply this one anyway (e.g. to correct the roster), rerun with --force'})
  }
  const table = await readTable(options.csv, readInputFile(options.csv, options.csvAbs), {sheet: options.sheet})
  const exp = readRosterExport(table, {columns: options.columns, values: options.values, where: options.where})
  const missing = exp.problems.filter((p) => p.code === 'NO_BADGE_COLUMN' || p.code === 'NO_NAME_COLUMN')
  if (missing.length > 0) throw problemsRefusal(options.csv, missing, missing[0]!.hint)
  let officers = exp.officers
  const problems = [...exp.problems]
  if (existing) {
    const lost = lostZeros(options.csv, (exp.columns.badge ?? exp.columns.employee_id!) + 1, officers, existing)
    if (lost.length > 0) {
      const rows = new Set(lost.map((p) => p.row))
      const padded = zeroPaddedBadge(existing.officers.map((o) => o.badge))
      for (const o of officers) if (rows.has(o.row)) exp.held.badges.add(padded(o.badge) ?? o.badge)
      officers = officers.filter((o) => !rows.has(o.row))
      problems.push(...lost)
      sortProblems(problems)
    }
  }
  const strict = strictRefusal(options.csv, problems, options.strict)
  if (strict) throw strict
  // Nothing usable at all: refuse rather than write a roster from none of the rows.
  if (officers.length === 0 && problems.some((p) => (p.severity ?? 'error') === 'error')) throw problemsRefusal(options.csv, problems)

  const protocols = records.dataOf<Protocol>('protocol').filter((p) => p && typeof p.effective?.from === 'string' && typeof p.version === 'number')
  const catchmentDistricts = new Set((protocolInForce(protocols, date)?.catchment ?? []).flatMap((c) => c.districts ?? []))
  const merged = mergeRoster(existing, officers, {agency: options.agency, date, catchmentDistricts, source: path.basename(options.csv), resolutions: options.resolutions, held: exp.held})
  let refusal: LeadError | undefined
  if (existing && !options.allowSeparations) refusal = separationRefusal(options.csv, existing, merged, officers.length)
  if (!refusal && options.strict && merged.ambiguous.length > 0) {
    refusal = new LeadError('AMBIGUOUS_MATCHES', `${merged.ambiguous.length} row${merged.ambiguous.length === 1 ? '' : 's'} of ${options.csv} may or may not be the roster's officer; nothing was written`, {exit: ExitCode.invalid, hint: 'decide them in the resolve file (or with --same/--different BADGE=OFFICER) and rerun with --resolve FILE'})
  }
  const skippedRows = new Set(problems.filter((p) => (p.severity ?? 'error') === 'error').map((p) => p.row))
  const result: RosterImportResult = {
    agency: options.agency,
    file,
    date,
    dryRun: options.dryRun === true,
    written: false,
    counts: {added: merged.added.length, changed: merged.changed.length, separated: merged.separated.length, unchanged: merged.unchanged, skipped: skippedRows.size, filtered: exp.filtered, ambiguous: merged.ambiguous.length},
    added: merged.added,
    changed: merged.changed,
    separated: merged.separated,
    reissued: merged.reissued,
    ambiguous: merged.ambiguous,
    reformatted: merged.reformatted,
    heldSeparations: merged.heldSeparations,
    problems,
    notices: exp.notices,
    ...(refusal ? {refused: {code: refusal.code, message: refusal.message, ...(refusal.hint ? {hint: refusal.hint} : {})}} : {}),
  }
  if (problems.length > 0) {
    result.report = options.report ?? sideFile(options.csvAbs, '.skipped.csv')
    writeSkippedReport(result.report, table, problems)
  }
  if (merged.ambiguous.length > 0) {
    result.resolveFile = sideFile(options.csvAbs, '.resolve.yaml')
    writeResolutionFile(result.resolveFile, options.command ?? `lead training import-roster ${options.csv} --agency ${options.agency}`, merged.ambiguous)
  }
  if (refusal && !options.dryRun) throw Object.assign(refusal, {details: {...((refusal.details as object) ?? {}), result}})
  if (options.dryRun || refusal) return result
  const change = rosterChange(current, merged.roster)
  // The write path reads what it checks afresh; the syntax trees of this read would only hold memory.
  for (const r of records.records) r.source.release()
  if (current && current.source.text === change.text) return result

  const c = result.counts
  const parts = [`${c.added} added`, `${c.changed} changed`, `${c.separated} separated`]
  if (c.skipped > 0) parts.push(`${c.skipped} rows skipped`)
  const written: WriteResult = await writeRecords(site, [{kind: 'roster', id: options.agency, file, ...change, base: current ? current.source.text : null}], {
    message: `roster: import ${options.agency} (${parts.join(', ')})`,
    commit: options.commit,
  })
  result.written = true
  if (written.commit) result.commit = written.commit
  if (written.changedByHook) result.changedByHook = written.changedByHook
  return result
}

/**
 * The roster file's new text and the value it holds (handed to the write path, which then need not
 * parse a large roster again): the existing file edited in place, or rendered afresh.
 */
function rosterChange(current: SiteRecord | undefined, merged: Roster): {text: string; data: Record<string, unknown>} {
  if (current?.data) {
    const text = updateRosterText(current.source.text, merged, current.data)
    if (text !== undefined) return {text, data: rosterData(current.data, merged)}
  }
  const comment = current ? leadingComment(current.source.text) || '' : DEFAULT_ROSTER_COMMENT
  const {tracked_since, ...rest} = merged
  return {text: renderRosterYaml(merged, comment), data: tracked_since === undefined ? rest : merged}
}

/** `/x/hr-2026-11.csv.gz` → `/x/hr-2026-11.skipped.csv`. */
function sideFile(input: string, suffix: string): string {
  const base = path.basename(input).replace(/(\.csv)?(\.gz)?$|\.xlsx$|\.txt$/i, '')
  return path.join(path.dirname(input), `${base}${suffix}`)
}

/** Refuse an import that would separate every active officer, or more than SEPARATION_LIMIT of them. */
export function checkSeparations(csv: string, existing: Roster, merged: MergeResult, rows: number): void {
  const refusal = separationRefusal(csv, existing, merged, rows)
  if (refusal) throw refusal
}

export function separationRefusal(csv: string, existing: Roster, merged: MergeResult, rows: number): LeadError | undefined {
  const active = existing.officers.filter((o) => o && (o.status === 'active' || o.status === 'leave')).length
  // Officers the export itself says left are real departures; the stop is for officers missing from it.
  const n = merged.separated.filter((s) => s.reason === 'missing').length
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
export function lostZeros(file: string, column: number, imported: readonly ImportedOfficer[], roster: Roster): TableProblem[] {
  const onRoster = new Set(roster.officers.map((o) => o.badge))
  const inExport = new Set(imported.map((o) => o.badge))
  const paddedOf = zeroPaddedBadge(onRoster)
  const problems: TableProblem[] = []
  for (const o of imported) {
    if (onRoster.has(o.badge)) continue
    const padded = paddedOf(o.badge)
    if (padded && !inExport.has(padded)) {
      problems.push({code: 'BADGE_ZEROS_LOST', file, row: o.row, column, message: `badge "${o.badge}" looks like "${padded}" on the roster with its leading zeros lost`, hint: 'format the badge column as Text in the spreadsheet (or export straight from the HR system) and export again'})
    }
  }
  return problems
}

/** A lookup from a badge not on the roster to the roster badge it is with its leading zeros back ("3" → "0003"). */
export function zeroPaddedBadge(rosterBadges: Iterable<string>): (badge: string) => string | undefined {
  const byDigits = new Map<string, string>()
  for (const badge of rosterBadges) if (/^0+[0-9A-Za-z]/.test(badge)) byDigits.set(badge.replace(/^0+/, ''), badge)
  return (badge) => {
    const padded = byDigits.get(badge.replace(/^0+/, ''))
    return padded !== undefined && padded !== badge ? padded : undefined
  }
}
