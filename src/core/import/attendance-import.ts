/**
 * `lead training import-attendance`: a filled-in sign-in sheet (one session, --session) or a
 * training platform's export holding many sessions (grouped by its date column and, when it has
 * them, its course and session columns) adds attendees to sessions, creating the sessions that do
 * not exist yet, in one commit. Each row's badge names the officer who held it on the session date;
 * a name on the sheet that is not that person's is a finding (refused unless accepted). Rows with a
 * problem are skipped and reported (unless --strict); an officer on leave is accepted with a
 * warning, as `lead validate` does.
 */
import path from 'node:path'
import type {IsoDate} from '../clock/dates.js'
import {siteTimeZone} from '../clock/site-zone.js'
import {usageError} from '../errors.js'
import {recordPath} from '../records/kinds.js'
import {loadRecords} from '../records/load.js'
import {writeRecords, type RecordChange, type HookChanges} from '../write/record-writer.js'
import type {Protocol, Roster, Training} from '../records/types.js'
import type {Site} from '../site.js'
import {problemsRefusal, readInputFile, readRows, readTable, strictRefusal, writeSkippedReport, type ColumnChoice, type FieldSpec, type TableNotice, type TableProblem, type ValueMaps} from '../tabular/index.js'
import {applySeverityOverrides} from '../validate/site-validation.js'
import {didYouMean} from '../text/suggest.js'
import {attendeeProblem, type AttendeeProblem} from '../training/attendee-status.js'
import {badgeBooks, officerId, type BadgeBook} from '../training/badge-book.js'
import {nameOn} from '../training/officer-timeline.js'
import {sameName} from '../training/officer-names.js'
import {parseExportDate, ROSTER_FIELD_SPECS} from '../training/roster-csv.js'
import {zeroPaddedBadge} from './roster-import.js'
import {addAttendeesToText, newSessionText, sessionIdFor} from '../training/session-yaml.js'
import {protocolInForce} from '../referrals/protocol-in-force.js'

const spec = (name: string): FieldSpec => ROSTER_FIELD_SPECS.find((f) => f.name === name)!
export const ATTENDANCE_FIELDS: readonly FieldSpec[] = [
  spec('badge'),
  spec('employee_id'),
  spec('name'),
  spec('first_name'),
  spec('last_name'),
  {name: 'agency', headers: ['agency', 'department', 'dept', 'agencyid']},
  {name: 'present', headers: [['present', 'attended', 'attendance', 'signed', 'signature', 'initials'], ['completed', 'completionstatus', 'completion']]},
  {name: 'date', headers: [['date', 'sessiondate', 'trainingdate', 'coursedate', 'classdate', 'eventdate'], ['completiondate', 'datecompleted', 'attendeddate', 'completeddate']]},
  {name: 'course', headers: ['course', 'courseid', 'coursename', 'coursecode', 'coursetitle', 'class', 'classname', 'training', 'trainingname', 'curriculum']},
  {name: 'session', headers: ['session', 'sessionid', 'sessionname', 'classid', 'section', 'offering', 'eventid', 'event']},
]
const ABSENT = new Set([
  '', 'no', 'n', 'false', '0', 'absent', 'excused', 'noshow', 'no show', 'incomplete', 'not completed', 'did not attend', 'failed',
  // A training platform's statuses for a registration not (yet) completed: not attendance.
  'not complete', 'did not complete', 'in progress', 'inprogress', 'not started', 'notstarted', 'not attempted', 'registered', 'enrolled',
  'pending', 'scheduled', 'waitlisted', 'wait listed', 'waitlist', 'cancelled', 'canceled', 'withdrawn', 'withdrew', 'dropped', 'fail', 'expired', 'denied',
])
/** A presence cell as compared: case, hyphens, underscores and spacing ignored ("No-Show", "IN_PROGRESS"). */
const presenceKey = (text: string) => text.toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim()

export interface AttendanceImportOptions {
  csv: string
  csvAbs: string
  /** One session (a sign-in sheet). Without it the file's date column groups rows into sessions. */
  session?: string
  /** Course of sessions the file creates when it has no course column. */
  course?: string
  /** Agency of sessions the file creates when it has no agency column (default: the only roster). */
  agency?: string
  columns?: readonly ColumnChoice[]
  values?: ValueMaps
  where?: readonly string[]
  sheet?: string
  strict?: boolean
  /** Credit rows whose name is not the badge holder's (as warnings). */
  acceptNameMismatch?: boolean
  report?: string
  dryRun?: boolean
  commit?: boolean
}

export interface SessionImport {
  session: string
  file: string
  date: IsoDate
  course: string
  agency: string
  created: boolean
  added: Array<{badge: string; agency: string; officer: string; name: string}>
  already: string[]
}

export interface AttendanceImportResult {
  file: string
  dryRun: boolean
  written: boolean
  commit?: string
  /** What a git hook changed in the commit after lead judged it (record-writer.ts WriteResult), paths as printed. */
  changedByHook?: HookChanges
  sessions: SessionImport[]
  counts: {rows: number; added: number; already: number; absent: number; skipped: number; filtered: number; created: number; updated: number}
  /** Problems of skipped rows (errors) and accepted ones (warnings), in file order. */
  problems: TableProblem[]
  warnings: TableProblem[]
  notices: TableNotice[]
  report?: string
  /** --session: the one session, as before. */
  session?: string
  date?: IsoDate
  added?: SessionImport['added']
  already?: string[]
  absent: number
}

interface Row {
  row: number
  badge: string
  agency?: string
  name?: string
  date?: IsoDate
  course?: string
  sessionKey?: string
}

export async function importAttendance(site: Site, options: AttendanceImportOptions): Promise<AttendanceImportResult> {
  const records = await loadRecords(site)
  const trainings = records.ofKind('training')
  const courses = site.config.courses.filter((c) => c && typeof c.id === 'string')
  // A completion time with an offset or Z is on the day it was in the site's zone.
  const timeZone = siteTimeZone(site)
  let fixed: Partial<Training> | undefined
  if (options.session !== undefined) {
    const rec = records.get('training', options.session)
    if (!rec) throw usageError('UNKNOWN_SESSION', `unknown training session "${options.session}"${didYouMean(options.session, trainings.map((r) => r.id))}`, 'see trainings/ for the session IDs, or leave --session out to create sessions from the file\'s date column')
    fixed = rec.data as Partial<Training> | undefined
    if (!fixed || typeof fixed.date !== 'string' || typeof fixed.agency !== 'string' || typeof fixed.course !== 'string') throw usageError('INVALID_SESSION', `${rec.file} lacks a valid date, course or agency`, `run \`lead validate ${rec.file}\` and fix it first`)
  }
  const rosters = records.dataOf<Roster>('roster').filter((r) => typeof r.agency === 'string' && Array.isArray(r.officers))
  const books = badgeBooks(rosters)
  if (options.course !== undefined && !courses.some((c) => c.id === options.course)) throw usageError('UNKNOWN_COURSE', `unknown course "${options.course}"${didYouMean(options.course, courses.map((c) => c.id))}`, `courses in lead.yaml: ${courses.map((c) => c.id).join(', ') || 'none'}`)
  if (options.agency !== undefined && !books.has(options.agency)) throw usageError('NO_ROSTER', `agency "${options.agency}" has no roster${didYouMean(options.agency, books.keys())}`, 'import it first: lead training import-roster FILE --agency ID')

  const table = await readTable(options.csv, readInputFile(options.csv, options.csvAbs), {sheet: options.sheet})
  let absent = 0
  const rows = readRows<Row>(table, {fields: ATTENDANCE_FIELDS, columns: options.columns, values: options.values, where: options.where}, (r) => {
    if (r.has('present') && ABSENT.has(presenceKey(r.get('present') ?? ''))) {
      absent++
      return undefined
    }
    const badgeField = r.has('badge') ? 'badge' : 'employee_id'
    const badge = r.get(badgeField) ?? ''
    if (badge === '') return r.problem(badgeField, 'MISSING_BADGE', 'badge is empty', "write the officer's badge number, or delete the row")
    const out: Row = {row: r.row, badge}
    const agency = r.get('agency')
    if (agency) out.agency = agency
    const family = r.get('last_name')
    const full = r.get('name') || [r.get('first_name'), family].filter(Boolean).join(' ')
    if (full) out.name = family ? `${r.get('first_name') ?? ''}|${family}` : full
    if (!fixed) {
      const text = r.get('date') ?? ''
      const date = parseExportDate(text, timeZone)
      if (!date) return r.problem('date', text ? 'BAD_DATE' : 'MISSING_DATE', text ? `"${text}" is not a date` : 'the session date is empty', 'write dates as YYYY-MM-DD or M/D/YYYY')
      out.date = date
      const course = r.get('course')
      if (course) {
        const id = courses.find((c) => c.id === course || c.name.toLowerCase() === course.toLowerCase())?.id
        if (!id) return r.problem('course', 'UNKNOWN_COURSE', `course "${course}" is not in lead.yaml${didYouMean(course, courses.map((c) => c.id))}`, `map it to a course id: --value "course:${course}=${courses[0]?.id ?? 'COURSE'}"`)
        out.course = id
      }
      const sessionKey = r.get('session')
      if (sessionKey) out.sessionKey = sessionKey
    }
    return out
  })
  if (rows.columns.badge === undefined && rows.columns.employee_id === undefined) throw problemsRefusal(options.csv, [{code: 'NO_BADGE_COLUMN', file: options.csv, row: table.headerRow, column: 1, message: `no badge column among: ${table.headers.join(', ')}`, hint: 'name it with --map "badge=COLUMN"'}], 'name the badge column with --map "badge=COLUMN"')
  if (!fixed && rows.columns.date === undefined) throw usageError('NO_DATE_COLUMN', `${options.csv} has no date column to tell its sessions apart`, 'give the session with --session ID (a sign-in sheet), or name the date column with --map "date=COLUMN"')
  if (!fixed && rows.columns.course === undefined && options.course === undefined) throw usageError('MISSING_COURSE', `${options.csv} has no course column: which course are its sessions?`, `pass --course ID (courses in lead.yaml: ${courses.map((c) => c.id).join(', ') || 'none'})`)

  const problems = [...rows.problems]
  const warnings: TableProblem[] = []
  const defaultAgency = fixed?.agency ?? options.agency ?? (books.size === 1 ? [...books.keys()][0] : undefined)
  const badgeColumn = (rows.columns.badge ?? rows.columns.employee_id ?? 0) + 1
  const nameColumn = (rows.columns.name ?? rows.columns.last_name ?? rows.columns.first_name ?? 0) + 1
  const graded = (p: AttendeeProblem | undefined): AttendeeProblem | undefined => {
    if (!p) return undefined
    const [d] = applySeverityOverrides([{code: p.code, severity: p.severity, message: p.message, file: '', line: 0, column: 0}], site.config.rules)
    return d ? {...p, severity: d.severity as AttendeeProblem['severity']} : undefined
  }
  const zeros = new Map<string, (badge: string) => string | undefined>()

  // Sessions by key: date, course, agency and the file's own session label.
  const groups = new Map<string, {date: IsoDate; course: string; agency: string; label?: string; rows: Array<{row: Row; officer: ReturnType<BadgeBook['holderOn']> & object}>}>()
  for (const {value: row} of rows.items) {
    const agency = row.agency ?? defaultAgency
    const problem = (column: number, code: string, message: string, hint?: string, severity?: 'warning') => (severity ? warnings : problems).push({code, file: options.csv, row: row.row, column, message, ...(hint ? {hint} : {}), ...(severity ? {severity} : {})})
    if (!agency) {
      problem(badgeColumn, 'MISSING_AGENCY', 'which agency is this officer from?', `pass --agency ID, or add an Agency column (agencies with a roster: ${[...books.keys()].join(', ')})`)
      continue
    }
    const book = books.get(agency)
    if (!book) {
      problem(rows.columns.agency === undefined ? badgeColumn : rows.columns.agency + 1, 'NO_ROSTER', `agency "${agency}" has no roster${didYouMean(agency, books.keys())}`, 'import it first: lead training import-roster FILE --agency ID')
      continue
    }
    const date = fixed?.date ?? row.date!
    const officer = book.holderOn(row.badge, date)
    if (!officer) {
      if (!zeros.has(agency)) zeros.set(agency, zeroPaddedBadge(book.badges()))
      const padded = zeros.get(agency)!(row.badge)
      if (padded && book.holderOn(padded, date)) problem(badgeColumn, 'BADGE_ZEROS_LOST', `badge "${row.badge}" looks like "${padded}" on the ${agency} roster with its leading zeros lost`, `write ${padded} on the sheet, or format the badge column as Text in the spreadsheet and export again`)
      else problem(badgeColumn, 'UNKNOWN_BADGE', `no officer of ${agency} held badge "${row.badge}" on ${date}`, 'check the badge number on the sheet, or import the latest roster')
      continue
    }
    if (row.name !== undefined) {
      const [given, family] = row.name.includes('|') ? row.name.split('|') : [undefined, undefined]
      const sheet = family !== undefined ? {name: `${given} ${family}`.trim(), family_name: family, given_name: given} : row.name
      const then = nameOn(officer, date)
      if (!sameName(sheet, officer) && !sameName(sheet, then)) {
        const shown = typeof sheet === 'string' ? sheet : sheet.name
        problem(nameColumn, 'NAME_MISMATCH', `badge ${row.badge} was ${then}'s on ${date}, but the sheet says "${shown}"`, 'check the badge written on the sheet; if it is right (a nickname, a changed name), rerun with --accept-name-mismatch', options.acceptNameMismatch ? 'warning' : undefined)
        if (!options.acceptNameMismatch) continue
      }
    }
    const status = graded(attendeeProblem(officer, agency, date))
    if (status?.severity === 'error') {
      problem(badgeColumn, status.code, status.message, status.hint)
      continue
    }
    if (status) problem(badgeColumn, status.code, status.message, status.hint, 'warning')
    const course = fixed?.course ?? row.course ?? options.course!
    const key = `${date}|${course}|${agency}|${row.sessionKey ?? ''}`
    const group = groups.get(key) ?? {date, course, agency, ...(row.sessionKey ? {label: row.sessionKey} : {}), rows: []}
    group.rows.push({row, officer})
    groups.set(key, group)
  }
  problems.sort((a, b) => a.row - b.row || a.column - b.column)
  const refused = strictRefusal(options.csv, problems, options.strict)
  if (refused) throw refused
  if (groups.size === 0 && problems.length > 0) throw problemsRefusal(options.csv, problems)

  // Match groups to sessions: --session, or an existing session with that date, course and agency.
  const existing = trainings.map((t) => ({record: t, data: t.data as Partial<Training> | undefined})).filter((t) => t.data && typeof t.data.date === 'string')
  const ids = new Set(trainings.map((t) => t.id))
  const protocols = records.dataOf<Protocol>('protocol').filter((p) => p && typeof p.effective?.from === 'string' && typeof p.version === 'number')
  const sessions: SessionImport[] = []
  const changes: RecordChange[] = []
  for (const g of [...groups.values()].sort((a, b) => a.date.localeCompare(b.date) || a.course.localeCompare(b.course))) {
    let match = options.session !== undefined ? existing.find((t) => t.record.id === options.session) : undefined
    if (!match && options.session === undefined) {
      const same = existing.filter((t) => t.data!.date === g.date && t.data!.course === g.course && t.data!.agency === g.agency)
      match = g.label ? (same.find((t) => t.record.id.endsWith(sessionIdFor(g.date, g.agency, g.course, g.label).slice(-20))) ?? (same.length === 1 ? same[0] : undefined)) : same.length === 1 ? same[0] : undefined
      if (!match && same.length > 1) {
        for (const {row} of g.rows) problems.push({code: 'SESSION_AMBIGUOUS', file: options.csv, row: row.row, column: 1, message: `${same.length} sessions of ${g.course} for ${g.agency} on ${g.date}: ${same.map((s) => s.record.id).join(', ')}`, hint: 'import this date with --session ID, or add a session column to the file'})
        continue
      }
    }
    const listed = new Set((match?.data?.attendees ?? []).map((a) => `${a.agency ?? match!.data!.agency}\u0000${a.badge}`))
    const s: SessionImport = {session: match?.record.id ?? uniqueId(sessionIdFor(g.date, g.agency, g.course, g.label), ids), file: '', date: g.date, course: g.course, agency: match?.data?.agency ?? g.agency, created: !match, added: [], already: []}
    s.file = recordPath('training', s.session)
    const seen = new Set<string>()
    for (const {row, officer} of g.rows) {
      const agency = row.agency ?? defaultAgency!
      const key = `${agency}\u0000${row.badge}`
      // A completion the file lists twice is credited once; the repeat counts as already listed.
      if (listed.has(key) || seen.has(key)) s.already.push(row.badge)
      else s.added.push({badge: row.badge, agency, officer: officerId(officer), name: officer.name})
      seen.add(key)
    }
    sessions.push(s)
    if (s.added.length === 0 && !s.created) continue
    if (match) changes.push({kind: 'training', id: s.session, file: s.file, text: addAttendeesToText(match.record.source.text, s.agency, s.added), base: match.record.source.text})
    else changes.push({kind: 'training', id: s.session, file: s.file, text: newSessionText({id: s.session, course: s.course, date: s.date, agency: s.agency, protocol: protocolInForce(protocols, s.date)?.id, source: path.basename(options.csv)}, s.added), base: null})
  }
  const added = sessions.reduce((n, s) => n + s.added.length, 0)
  const skipped = new Set(problems.map((p) => p.row)).size
  const result: AttendanceImportResult = {
    file: options.csv,
    dryRun: options.dryRun === true,
    written: false,
    sessions,
    counts: {rows: table.rows.length - rows.headerRepeats.length, added, already: sessions.reduce((n, s) => n + s.already.length, 0), absent, skipped, filtered: rows.filtered, created: sessions.filter((s) => s.created).length, updated: sessions.filter((s) => !s.created && s.added.length > 0).length},
    problems,
    warnings,
    notices: rows.notices,
    absent,
    ...(fixed ? {session: options.session, date: fixed.date, added: sessions[0]?.added ?? [], already: sessions[0]?.already ?? []} : {}),
  }
  if (problems.length + warnings.length > 0) {
    result.report = options.report ?? path.join(path.dirname(options.csvAbs), `${path.basename(options.csvAbs).replace(/(\.csv)?(\.gz)?$|\.xlsx$|\.txt$/i, '')}.skipped.csv`)
    writeSkippedReport(result.report, table, [...problems, ...warnings].sort((a, b) => a.row - b.row || a.column - b.column))
  }
  if (options.dryRun || changes.length === 0) return result
  const created = result.counts.created
  const message = sessions.length === 1 && !created
    ? `training: add ${added} attendee${added === 1 ? '' : 's'} to ${sessions[0]!.session}`
    : `training: import ${path.basename(options.csv)} (${added} attendance${added === 1 ? '' : 's'} in ${sessions.length} session${sessions.length === 1 ? '' : 's'}, ${created} new)`
  const written = await writeRecords(site, changes, {message, commit: options.commit})
  result.written = true
  if (written.commit) result.commit = written.commit
  if (written.changedByHook) result.changedByHook = written.changedByHook
  return result
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base
  for (let n = 2; taken.has(id); n++) id = `${base.slice(0, 60)}-${n}`
  taken.add(id)
  return id
}
