/**
 * An HR export as officers: the roster's fields and the header spellings HR and CAD systems use,
 * and one row read into one officer (through the shared tabular reader, so every bad cell is
 * reported at FILE:ROW:COLUMN and the other rows still count).
 */
import {isIsoDate, type IsoDate} from '../clock/dates.js'
import {dateTimeInstant, formatInZone} from '../clock/local-time.js'
import type {Officer} from '../records/types.js'
import {headerKey, readRows, recognizeColumns, type FieldSpec, type RowOptions, type RowsResult, type Table} from '../tabular/index.js'
import {isoDateText} from '../tabular/export-dates.js'
import {splitName} from './officer-names.js'

export const ROSTER_FIELDS = ['employee_id', 'badge', 'name', 'first_name', 'last_name', 'rank', 'unit', 'district', 'shift', 'status', 'catchment', 'since', 'separation_date', 'status_date'] as const
export type RosterField = (typeof ROSTER_FIELDS)[number]

/** Header spellings seen in HR and CAD exports, reduced by headerKey(), best first. */
const HEADERS: Record<RosterField, FieldSpec['headers']> = {
  employee_id: [
    // `Emp #`, `Employee Nbr`: the # and punctuation are dropped before comparing.
    ['employeeid', 'employeeno', 'employeenumber', 'employeenum', 'employeenbr', 'employeeidnumber', 'empid', 'empno', 'empnum', 'empnbr', 'emp', 'emplid', 'emplno', 'employee', 'eeid', 'eeno'],
    ['payroll', 'payrollno', 'payrollnumber', 'payrollid', 'personnelnumber', 'personnelno', 'personnelid', 'hrid', 'staffid', 'staffnumber', 'workerid', 'idnumber'],
  ],
  badge: [
    ['badge', 'badgeno', 'badgenum', 'badgenbr', 'badgenumber', 'badgeid', 'star', 'starno', 'starnbr', 'starnumber', 'starbadge', 'badgestar', 'shield', 'shieldno', 'shieldnumber'],
    ['serial', 'serialno', 'serialnumber'],
    ['officerid'],
  ],
  name: [
    'name', 'fullname', 'officername', 'officerfullname', 'officer', 'employeename', 'employeefullname', 'displayname',
    // Training platforms (LMS) name the person who completed a course this way.
    'learnername', 'learnerfullname', 'userfullname', 'studentname', 'traineename', 'attendeename', 'namelastfirst', 'lastfirst', 'lastfirstname',
  ],
  first_name: ['firstname', 'first', 'givenname', 'forename', 'learnerfirstname', 'userfirstname', 'studentfirstname'],
  last_name: ['lastname', 'last', 'surname', 'familyname', 'learnerlastname', 'userlastname', 'studentlastname'],
  rank: ['rank', 'title', 'jobtitle', 'position', 'rankdescription', 'titledescription', 'ranktitle', 'titlerank', 'jobtitledescription'],
  unit: ['unit', 'assignment', 'unitassignment', 'division', 'squad', 'section', 'unitdescription', 'unitname'],
  district: ['district', 'precinct', 'beat', 'sector', 'area', 'zone'],
  shift: ['shift', 'watch', 'tour'],
  status: ['status', 'employmentstatus', 'dutystatus', 'employeestatus', 'active', 'activestatus', 'activeyn', 'isactive', 'activeflag', 'empstatus', 'emplstatus', 'hrstatus'],
  catchment: ['catchment', 'leadcatchment', 'catchmentarea', 'incatchment', 'lead'],
  since: ['since', 'hiredate', 'datehired', 'hired', 'startdate', 'dateofhire', 'appointeddate', 'appointmentdate', 'dateofappointment', 'orgstartdate'],
  separation_date: ['separationdate', 'dateseparated', 'dateofseparation', 'terminationdate', 'termdate', 'dateterminated', 'resignationdate', 'retirementdate', 'enddate', 'exitdate', 'lastday', 'lastdayworked'],
  status_date: ['statusdate', 'statuseffectivedate', 'effectivedate', 'statuschangedate', 'asofdate'],
}

export const ROSTER_FIELD_SPECS: readonly FieldSpec[] = ROSTER_FIELDS.map((name) => ({name, headers: HEADERS[name], wholeNumber: name === 'badge' || name === 'employee_id'}))

const STATUS_WORDS: Record<string, Officer['status']> = {
  active: 'active', a: 'active', onduty: 'active', working: 'active', fulltime: 'active', fullduty: 'active', lightduty: 'active',
  leave: 'leave', l: 'leave', onleave: 'leave', loa: 'leave', leaveofabsence: 'leave', medicalleave: 'leave', militaryleave: 'leave', familyleave: 'leave', suspended: 'leave', administrativeleave: 'leave', adminleave: 'leave',
  transferred: 'transferred', transfer: 'transferred', t: 'transferred', reassigned: 'transferred',
  separated: 'separated', s: 'separated', separation: 'separated', terminated: 'separated', resigned: 'separated', retired: 'separated', deceased: 'separated', inactive: 'separated', former: 'separated',
}

const SHIFT_WORDS: Record<string, NonNullable<Officer['shift']>> = {
  day: 'day', days: 'day', dayshift: 'day', first: 'day', '1st': 'day', firstwatch: 'day', morning: 'day', am: 'day',
  swing: 'swing', swings: 'swing', swingshift: 'swing', second: 'swing', '2nd': 'swing', secondwatch: 'swing', evening: 'swing', evenings: 'swing', afternoon: 'swing', pm: 'swing',
  night: 'night', nights: 'night', nightshift: 'night', third: 'night', '3rd': 'night', thirdwatch: 'night', graveyard: 'night', midnight: 'night', midnights: 'night', overnight: 'night',
  relief: 'relief', power: 'relief', powershift: 'relief', cover: 'relief',
  admin: 'admin', administrative: 'admin', administration: 'admin', office: 'admin', business: 'admin', businesshours: 'admin',
}

const YES = new Set(['yes', 'y', 'true', '1', 'x'])
const NO = new Set(['no', 'n', 'false', '0', ''])
const BADGE = /^[0-9A-Za-z-]{1,16}$/
const EMPLOYEE_ID = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/
const DISTRICT = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/
/** A name a spreadsheet would run as a formula when the roster is exported again (CWE-1236). */
const FORMULA_NAME = /^[=+\-@]/

/** One officer as the export describes them; fields the export lacks are undefined. */
export interface ImportedOfficer {
  row: number
  employeeId?: string
  badge: string
  name: string
  familyName?: string
  givenName?: string
  rank?: string
  unit?: string
  district?: string
  shift?: Officer['shift']
  status?: Officer['status']
  catchment?: boolean
  since?: IsoDate
  /** The date the officer left (a separation or termination date column). */
  separatedOn?: IsoDate
  /** The date the current status began (a status-date column). */
  statusSince?: IsoDate
}

export interface RosterExport extends RowsResult<ImportedOfficer> {
  officers: ImportedOfficer[]
  /** Badges and employee ids of rows left out: those officers are not separated for being absent. */
  held: {badges: Set<string>; ids: Set<string>; unidentified: number}
}

export function readRosterExport(table: Table, options: Omit<RowOptions, 'fields'> = {}): RosterExport {
  const columns = recognizeColumns(table.headers, ROSTER_FIELD_SPECS, options.columns)
  const missing = missingRosterColumns(table, columns)
  if (missing.length > 0) {
    const problems = missing.map((m) => ({...m, file: table.file, row: table.headerRow, column: 1}))
    return {columns, items: [], officers: [], problems, skipped: [], filtered: 0, headerRepeats: [], notices: [], held: {badges: new Set(), ids: new Set(), unidentified: 0}}
  }
  const firstBadge = new Map<string, number>()
  const firstId = new Map<string, number>()
  const result = readRows(table, {...options, fields: ROSTER_FIELD_SPECS}, (r) => readOfficer(r, firstBadge, firstId))
  const officers = result.items.map((i) => i.value)
  const held = {badges: new Set<string>(), ids: new Set<string>(), unidentified: 0}
  const skipped = new Set(result.skipped)
  for (const row of table.rows) {
    if (!skipped.has(row.row)) continue
    const badge = result.columns.badge === undefined ? '' : (row.cells[result.columns.badge] ?? '').replace(/\.0+$/, '')
    const id = result.columns.employee_id === undefined ? '' : (row.cells[result.columns.employee_id] ?? '').replace(/\.0+$/, '')
    if (badge) held.badges.add(badge)
    if (id) held.ids.add(id)
    if (!badge && !id) held.unidentified++
  }
  return {...result, officers, held}
}

/** The columns an export must have; problems at row 1 when it lacks them. */
export function missingRosterColumns(table: Table, columns: Record<string, number>): Array<{code: string; message: string; hint: string}> {
  const missing = []
  if (columns.badge === undefined && columns.employee_id === undefined) {
    missing.push({code: 'NO_BADGE_COLUMN', message: `no badge column among: ${table.headers.join(', ')}`, hint: 'name the badge column with --map "badge=COLUMN"'})
  }
  if (columns.name === undefined && columns.last_name === undefined) {
    missing.push({code: 'NO_NAME_COLUMN', message: `no name column (Name, or Last Name and First Name) among: ${table.headers.join(', ')}`, hint: 'name it with --map "name=COLUMN"'})
  }
  return missing
}

type Reader = Parameters<Parameters<typeof readRows<ImportedOfficer>>[2]>[0]

function readOfficer(r: Reader, firstBadge: Map<string, number>, firstId: Map<string, number>): ImportedOfficer | undefined {
  // Without a badge column the employee number is what officers write on sign-in sheets.
  const badgeField = r.has('badge') ? 'badge' : 'employee_id'
  const badge = r.get(badgeField) ?? ''
  if (badge === '') return r.problem(badgeField, 'MISSING_BADGE', 'badge is empty', 'every officer needs a badge or serial number; fix the row, or leave it out with --where')
  if (!BADGE.test(badge)) {
    const numeric = /^\d+[.,]\d+$|^\d(\.\d+)?E\+?\d+$/i.test(badge)
    return r.problem(badgeField, 'BAD_BADGE', `badge "${badge}" is not 1–16 letters, digits or hyphens`, numeric ? 'the spreadsheet stored the badge as a number with decimals or in scientific notation: format the badge column as Text (or export from the HR system) and export again' : 'correct the badge in the export (letters, digits and hyphens only)')
  }
  const dup = firstBadge.get(badge)
  if (dup !== undefined) return r.problem(badgeField, 'DUPLICATE_BADGE', `badge "${badge}" is also on row ${dup}`, 'each officer appears once in the export')
  firstBadge.set(badge, r.row)

  const officer: ImportedOfficer = {row: r.row, badge, name: ''}
  if (r.has('employee_id') && badgeField === 'badge') {
    const id = r.get('employee_id')!
    if (id !== '') {
      const seen = firstId.get(id)
      if (!EMPLOYEE_ID.test(id)) r.problem('employee_id', 'BAD_EMPLOYEE_ID', `employee number "${id}" is not 1–40 letters, digits, dots, hyphens or underscores`, 'correct it in the export')
      else if (seen !== undefined) r.problem('employee_id', 'DUPLICATE_EMPLOYEE_ID', `employee number "${id}" is also on row ${seen}`, 'each officer appears once in the export')
      else (firstId.set(id, r.row), (officer.employeeId = id))
    }
  } else if (badgeField === 'employee_id') {
    officer.employeeId = badge
  }

  const full = r.get('name')
  const given = r.get('first_name') ?? ''
  const family = r.get('last_name') ?? ''
  if (family || given) {
    if (family) officer.familyName = family
    if (given) officer.givenName = given
  } else if (full) {
    const split = splitName(full)
    if (split.family) officer.familyName = split.family
    if (split.given) officer.givenName = split.given
  }
  // "Last, First" in one column reads as "First Last".
  officer.name = full && !full.includes(',') ? full : [officer.givenName, officer.familyName].filter(Boolean).join(' ') || (full ?? '')
  const nameField = r.has('name') && full ? 'name' : r.has('last_name') ? 'last_name' : 'name'
  if (!officer.name) r.problem(nameField, 'MISSING_NAME', `officer ${badge} has no name`, 'fill in the name in the export')
  else {
    const parts = [full ?? '', given, family, officer.familyName ?? '', officer.givenName ?? ''].map((n) => n.trim())
    const bad = parts.find((n) => FORMULA_NAME.test(n))
    if (bad !== undefined) {
      const field = FORMULA_NAME.test(given) ? 'first_name' : FORMULA_NAME.test(family) ? 'last_name' : nameField
      r.problem(field, 'FORMULA_NAME', `officer ${badge}'s name "${full || officer.name}" has a part starting with ${bad[0]}, which a spreadsheet runs as a formula`, 'correct the name in the HR system or the sheet (a name never starts with = + - @)')
    }
  }
  const rank = r.get('rank')
  if (rank) officer.rank = rank
  const unit = r.get('unit')
  if (unit) officer.unit = unit
  const district = r.get('district')
  if (district) {
    if (DISTRICT.test(district)) officer.district = district
    else r.problem('district', 'BAD_DISTRICT', `district "${district}" may hold only letters, digits, spaces, dots, underscores and hyphens`, 'correct it, or map it: --value "district:FROM=TO"')
  }
  const shift = r.get('shift')
  if (shift) {
    const s = SHIFT_WORDS[headerKey(shift)]
    if (s) officer.shift = s
    else r.problem('shift', 'UNKNOWN_SHIFT', `unknown shift "${shift}"`, `use day, swing, night, relief or admin (Days, 2nd, Graveyard… are recognised), or map it: --value "shift:${shift}=day"`)
  }
  const status = r.get('status')
  if (status) {
    const s = STATUS_WORDS[headerKey(status)]
    if (s) officer.status = s
    else r.problem('status', 'UNKNOWN_STATUS', `unknown status "${status}"`, statusHint(status))
  }
  const catchment = r.get('catchment')
  if (catchment !== undefined) {
    const k = catchment.toLowerCase()
    if (YES.has(k)) officer.catchment = true
    else if (NO.has(k)) officer.catchment = false
    else r.problem('catchment', 'BAD_CATCHMENT', `catchment "${catchment}" is not yes or no`, `map it: --value "catchment:${catchment}=yes"`)
  }
  for (const [field, key] of [['since', 'since'], ['separation_date', 'separatedOn'], ['status_date', 'statusSince']] as const) {
    const text = r.get(field)
    if (!text) continue
    const d = parseExportDate(text)
    if (d) officer[key] = d
    else r.problem(field, 'BAD_DATE', `"${text}" is not a date`, 'write dates as YYYY-MM-DD or M/D/YYYY')
  }
  return officer
}

function statusHint(status: string): string {
  const k = headerKey(status)
  if (['y', 'n', '1', '0', 'yes', 'no', 'true', 'false'].includes(k)) {
    return 'a yes/no status: say what it means, e.g. --value "status:Y=active,N=separated" (or --where status=Y to import only active rows)'
  }
  return `use active, leave, transferred or separated (LOA, Retired, Terminated… are recognised), or map it: --value "status:${status}=active"`
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|[+-]\d{2}:?\d{2})$/i

/**
 * YYYY-MM-DD, the US M/D/YYYY spreadsheets write (or another form tabular/export-dates.ts reads:
 * 2026/03/07, 07-MAR-2026, Mar 7, 2026), or a date-time whose date part is that. A moment
 * with a UTC offset or Z (a training platform's completion time, `2026-03-04T02:30:00Z`) is on the
 * day it was in `timeZone` (the site's: that is 2026-03-03 in Los Angeles); one at midnight is a
 * date exported as a timestamp and keeps its day.
 */
export function parseExportDate(text: string, timeZone?: string): IsoDate | undefined {
  const instant = INSTANT.exec(text.trim())
  if (instant && timeZone !== undefined && !/^0?0:00(?::00(?:\.0+)?)?$/.test(instant[2]!)) {
    const parsed = dateTimeInstant(text.trim(), {timeZone})
    return parsed.problem ? undefined : formatInZone(parsed.value, timeZone).slice(0, 10)
  }
  const t = isoDateText(text).replace(/[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z| ?[+-]\d{2}:?\d{2}| ?[AP]M)?$/i, '')
  return isIsoDate(t) ? t : undefined
}
