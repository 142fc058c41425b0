/**
 * `lead training import-attendance`: a filled-in sign-in sheet (CSV) adds attendees to a session.
 * Every row is checked (badge on the agency's roster, officer active on the session date, the
 * same judgement as `lead validate`) and any error refuses the whole sheet; an officer on leave is
 * accepted with a warning, as validation does. The session file is edited through its YAML Document, so its
 * comments and layout stay as they were.
 */
import {isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq} from 'yaml'
import type {IsoDate} from '../clock/dates.js'
import {usageError, type LeadError} from '../errors.js'
import {recordPath} from '../records/kinds.js'
import {loadRecords} from '../records/load.js'
import {writeRecords} from '../write/record-writer.js'
import type {Roster, Training} from '../records/types.js'
import {PARSE_OPTIONS} from '../records/yaml-source.js'
import type {Site} from '../site.js'
import {didYouMean} from '../text/suggest.js'
import {headerKey, readCsvTable, type CsvProblem} from './csv-table.js'
import {recognizeColumns} from './roster-csv.js'
import {applySeverityOverrides} from '../validate/site-validation.js'
import {attendeeProblem, officersByKey, type AttendeeProblem} from './attendee-status.js'
import {csvInvalid, readInputFile, zeroPaddedBadge} from './roster-import.js'
import {officerKey} from './training-validity.js'

const AGENCY_HEADERS = ['agency', 'department', 'dept', 'agencyid']
const PRESENT_HEADERS = ['present', 'attended', 'attendance', 'signed', 'signature', 'initials']
const ABSENT_WORDS = new Set(['', 'no', 'n', 'false', '0', 'absent', 'excused'])

export interface AttendanceImportOptions {
  csv: string
  csvAbs: string
  session: string
  dryRun?: boolean
  commit?: boolean
}

export interface AttendanceImportResult {
  session: string
  file: string
  date: IsoDate
  dryRun: boolean
  written: boolean
  commit?: string
  added: Array<{badge: string; agency: string; name: string}>
  /** Badges already listed on the session. */
  already: string[]
  /** Rows whose present/signed column is blank or "no". */
  absent: number
  /** Attendees accepted with a finding `lead validate` reports as a warning (on leave that day). */
  warnings: CsvProblem[]
}

export async function importAttendance(site: Site, options: AttendanceImportOptions): Promise<AttendanceImportResult> {
  const records = await loadRecords(site)
  const sessionRecord = records.get('training', options.session)
  if (!sessionRecord) {
    throw usageError('UNKNOWN_SESSION', `unknown training session "${options.session}"${didYouMean(options.session, records.ofKind('training').map((r) => r.id))}`, 'see trainings/ for the session IDs')
  }
  const session = sessionRecord.data as Partial<Training> | undefined
  if (!session || typeof session.date !== 'string' || typeof session.agency !== 'string') {
    throw usageError('INVALID_SESSION', `${sessionRecord.file} lacks a valid date or agency`, `run \`lead validate ${sessionRecord.file}\` and fix it first`)
  }
  const rosterList = records.dataOf<Roster>('roster').filter((r) => typeof r.agency === 'string' && Array.isArray(r.officers))
  const officers = officersByKey(rosterList)
  const badgesOf = new Map(rosterList.map((r) => [r.agency, r.officers.filter((o) => o && typeof o.badge === 'string').map((o) => o.badge)]))
  const zerosOf = new Map<string, (badge: string) => string | undefined>()
  // The site's lead.yaml `rules:` re-grade these as they do in lead validate (the write path
  // validates with them too), so the sheet and the validator never disagree.
  const graded = (p: AttendeeProblem | undefined): AttendeeProblem | undefined => {
    if (!p) return undefined
    const [d] = applySeverityOverrides([{code: p.code, severity: p.severity, message: p.message, file: '', line: 0, column: 0}], site.config.rules)
    return d ? {...p, severity: d.severity as AttendeeProblem['severity']} : undefined
  }

  const table = await readCsvTable(options.csv, readInputFile(options.csv, options.csvAbs))
  const keys = table.headers.map(headerKey)
  const badgeCol = recognizeColumns(table.headers).badge
  const agencyCol = keys.findIndex((k) => AGENCY_HEADERS.includes(k))
  const presentCol = keys.findIndex((k) => PRESENT_HEADERS.includes(k))
  const problems: CsvProblem[] = []
  const warnings: CsvProblem[] = []
  if (badgeCol === undefined) {
    problems.push({code: 'NO_BADGE_COLUMN', file: options.csv, row: 1, column: 1, message: `no badge column among: ${table.headers.join(', ')}`, hint: 'name the column Badge'})
    throw csvInvalid(options.csv, problems)
  }

  const listed = new Set((session.attendees ?? []).map((a) => officerKey(a.agency ?? session.agency!, a.badge)))
  const added: AttendanceImportResult['added'] = []
  const already: string[] = []
  const inSheet = new Set<string>()
  let absent = 0
  for (const {line, cells} of table.rows) {
    const badge = (cells[badgeCol] ?? '').trim()
    const agency = agencyCol === -1 ? session.agency : (cells[agencyCol] ?? '').trim() || session.agency
    if (presentCol !== -1 && ABSENT_WORDS.has((cells[presentCol] ?? '').trim().toLowerCase())) {
      absent++
      continue
    }
    const problem = (column: number, code: string, message: string, hint?: string) => problems.push({code, file: options.csv, row: line, column: column + 1, message, hint})
    if (badge === '') {
      problem(badgeCol, 'MISSING_BADGE', 'badge is empty', 'write the officer\'s badge number, or delete the row')
      continue
    }
    const badges = badgesOf.get(agency)
    if (!badges) {
      problem(agencyCol === -1 ? badgeCol : agencyCol, 'NO_ROSTER', `agency "${agency}" has no roster${didYouMean(agency, badgesOf.keys())}`, 'import it first: lead training import-roster CSV --agency ID')
      continue
    }
    const officer = officers.get(officerKey(agency, badge))
    if (!officer) {
      if (!zerosOf.has(agency)) zerosOf.set(agency, zeroPaddedBadge(badges))
      const padded = zerosOf.get(agency)!(badge)
      if (padded) problem(badgeCol, 'BADGE_ZEROS_LOST', `badge "${badge}" looks like "${padded}" on the ${agency} roster with its leading zeros lost`, `write ${padded} on the sheet, or format the badge column as Text in the spreadsheet and export again`)
      else problem(badgeCol, 'UNKNOWN_BADGE', `badge "${badge}" is not on the ${agency} roster${problems.length < 50 ? didYouMean(badge, badges) : ''}`, 'check the badge number on the sheet, or import the latest roster')
      continue
    }
    const status = graded(attendeeProblem(officer, agency, session.date))
    if (status?.severity === 'error') {
      problem(badgeCol, status.code, status.message, status.hint)
      continue
    }
    if (status) warnings.push({code: status.code, file: options.csv, row: line, column: badgeCol + 1, message: status.message, hint: status.hint})
    const key = officerKey(agency, badge)
    if (inSheet.has(key)) continue
    inSheet.add(key)
    if (listed.has(key)) {
      already.push(badge)
      continue
    }
    added.push({badge, agency, name: officer.name})
  }
  if (problems.length > 0) throw csvInvalid(options.csv, problems)

  const result: AttendanceImportResult = {session: options.session, file: sessionRecord.file, date: session.date, dryRun: options.dryRun === true, written: false, added, already, absent, warnings}
  if (options.dryRun || added.length === 0) return result

  const text = addAttendeesToText(sessionRecord.source.text, session.agency, added)
  const written = await writeRecords(site, [{kind: 'training', id: options.session, file: recordPath('training', options.session), text, base: sessionRecord.source.text}], {
    message: `training: add ${added.length} attendee${added.length === 1 ? '' : 's'} to ${options.session}`,
    commit: options.commit,
  })
  result.written = true
  if (written.commit) result.commit = written.commit
  return result
}

/** Append attendees to the session's YAML, one flow map per line, keeping everything else. */
export function addAttendeesToText(text: string, sessionAgency: string, attendees: ReadonlyArray<{badge: string; agency: string}>): string {
  const doc = parseDocument(text, PARSE_OPTIONS)
  if (!isMap(doc.contents)) throw usageError('INVALID_SESSION', 'the session file is not a map of fields', 'run `lead validate` and fix it first') as LeadError
  let seq = doc.get('attendees', true)
  if (!isSeq(seq)) {
    seq = doc.createNode([])
    ;(doc.contents as YAMLMap).set('attendees', seq)
  }
  const list = seq as YAMLSeq
  list.flow = false
  for (const a of attendees) {
    const node = doc.createNode(a.agency === sessionAgency ? {badge: a.badge} : {badge: a.badge, agency: a.agency}) as YAMLMap
    node.flow = true
    const badge = node.get('badge', true) as {type?: string}
    badge.type = 'QUOTE_DOUBLE'
    list.items.push(node)
  }
  return doc.toString({lineWidth: 0, flowCollectionPadding: false})
}
