/**
 * An HR export as officers: recognise the columns (common spellings, or `--map COLUMN=field`),
 * then read each row into an officer, collecting every bad cell rather than stopping at the first.
 */
import {isIsoDate, type IsoDate} from '../clock/dates.js'
import {usageError} from '../errors.js'
import type {Officer} from '../records/types.js'
import {headerKey, type CsvProblem, type CsvTable} from './csv-table.js'

export const ROSTER_FIELDS = ['badge', 'name', 'first_name', 'last_name', 'rank', 'unit', 'district', 'shift', 'status', 'catchment', 'since'] as const
export type RosterField = (typeof ROSTER_FIELDS)[number]

/**
 * Header spellings seen in HR and CAD exports, reduced by headerKey(), best first. A nested list is
 * one tier: its spellings are equally good, so two of them in one export is ambiguous.
 */
const HEADER_SPELLINGS: Record<RosterField, Array<string | string[]>> = {
  badge: [
    ['badge', 'badgeno', 'badgenum', 'badgenumber', 'badgeid'],
    ['serial', 'serialno', 'serialnumber'],
    ['officerid'],
    ['employeeid', 'employeeno', 'employeenumber', 'empid', 'empno', 'personnelnumber', 'personnelno', 'payrollno', 'idnumber'],
  ],
  name: ['name', 'fullname', 'officername', 'officerfullname', 'officer', 'employeename', 'employeefullname', 'displayname'],
  first_name: ['firstname', 'first', 'givenname', 'forename'],
  last_name: ['lastname', 'last', 'surname', 'familyname'],
  rank: ['rank', 'title', 'jobtitle', 'position'],
  unit: ['unit', 'assignment', 'unitassignment', 'division', 'squad', 'section'],
  district: ['district', 'precinct', 'beat', 'sector', 'area', 'zone'],
  shift: ['shift', 'watch', 'tour'],
  status: ['status', 'employmentstatus', 'dutystatus', 'employeestatus'],
  catchment: ['catchment', 'leadcatchment', 'catchmentarea', 'incatchment', 'lead'],
  since: ['since', 'hiredate', 'datehired', 'hired', 'startdate', 'dateofhire'],
}

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
const DISTRICT = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/

/** Which CSV column (0-based) holds each field. */
export type ColumnMap = Partial<Record<RosterField, number>>

/** Parse `--map "Badge Num=badge"` values. */
export function parseColumnMappings(values: readonly string[]): Array<{column: string; field: RosterField}> {
  return values.map((v) => {
    const at = v.lastIndexOf('=')
    const column = at > 0 ? v.slice(0, at).trim() : ''
    const field = at > 0 ? v.slice(at + 1).trim().toLowerCase().replace(/-/g, '_') : ''
    if (!column || !(ROSTER_FIELDS as readonly string[]).includes(field)) {
      throw usageError('BAD_MAP', `--map ${v}: expected COLUMN=FIELD with FIELD one of ${ROSTER_FIELDS.join(', ')}`, 'e.g. --map "Emp Serial=badge" --map "Patrol Area=district"')
    }
    return {column, field: field as RosterField}
  })
}

/**
 * Recognise columns by their headers; explicit mappings win. Each field's spellings are in order of
 * preference, so `Employee ID,Badge` picks Badge whatever the column order. Two columns that match
 * a field equally well (`Badge` and `Badge #`) are a question only the user can answer: --map.
 */
export function recognizeColumns(headers: readonly string[], mappings: ReadonlyArray<{column: string; field: RosterField}> = []): ColumnMap {
  const map: ColumnMap = {}
  const keys = headers.map(headerKey)
  for (const {column, field} of mappings) {
    const i = keys.indexOf(headerKey(column))
    if (i === -1) throw usageError('UNKNOWN_COLUMN', `--map ${column}=${field}: the CSV has no column "${column}"`, `its columns are: ${headers.join(', ')}`)
    map[field] = i
  }
  const taken = new Set(Object.values(map))
  for (const field of ROSTER_FIELDS) {
    if (map[field] !== undefined) continue
    let best = Number.POSITIVE_INFINITY
    let found: number[] = []
    keys.forEach((k, idx) => {
      if (taken.has(idx)) return
      const rank = HEADER_SPELLINGS[field].findIndex((tier) => (typeof tier === 'string' ? tier === k : tier.includes(k)))
      if (rank === -1 || rank > best) return
      if (rank < best) (best = rank), (found = [])
      found.push(idx)
    })
    if (found.length > 1) {
      const names = found.map((i) => `"${headers[i]}"`)
      throw usageError('AMBIGUOUS_COLUMN', `columns ${names.join(' and ')} could both be the ${field.replace('_', ' ')}`, `say which one with --map, e.g. --map "${headers[found[0]!]}=${field}"`)
    }
    if (found.length === 1) {
      map[field] = found[0]!
      taken.add(found[0]!)
    }
  }
  return map
}

/** A name a spreadsheet would run as a formula when the roster is exported again (CWE-1236). */
const FORMULA_NAME = /^[=+\-@]/

/** One officer as the export describes them; fields the export lacks are undefined. */
export interface ImportedOfficer {
  row: number
  badge: string
  name: string
  rank?: string
  unit?: string
  district?: string
  shift?: Officer['shift']
  status?: Officer['status']
  catchment?: boolean
  since?: IsoDate
}

export interface RosterCsvResult {
  columns: ColumnMap
  officers: ImportedOfficer[]
  problems: CsvProblem[]
}

export function readRosterRows(table: CsvTable, mappings: ReadonlyArray<{column: string; field: RosterField}> = []): RosterCsvResult {
  const columns = recognizeColumns(table.headers, mappings)
  const problems: CsvProblem[] = []
  const {file} = table
  if (columns.badge === undefined) {
    problems.push({code: 'NO_BADGE_COLUMN', file, row: 1, column: 1, message: `no badge column among: ${table.headers.join(', ')}`, hint: 'name the badge column with --map "COLUMN=badge"'})
  }
  if (columns.name === undefined && columns.last_name === undefined) {
    problems.push({code: 'NO_NAME_COLUMN', file, row: 1, column: 1, message: `no name column (Name, or Last Name and First Name) among: ${table.headers.join(', ')}`, hint: 'name it with --map "COLUMN=name"'})
  }
  if (problems.length > 0) return {columns, officers: [], problems}

  const officers: ImportedOfficer[] = []
  const firstRow = new Map<string, number>()
  for (const {line, cells} of table.rows) {
    const cell = (f: RosterField) => (columns[f] === undefined ? undefined : (cells[columns[f]!] ?? '').replace(/\s+/g, ' ').trim())
    const col = (f: RosterField) => columns[f]! + 1
    const bad = (f: RosterField, code: string, message: string, hint?: string) => problems.push({code, file, row: line, column: col(f), message, hint})

    const badge = cell('badge')!
    if (badge === '') {
      bad('badge', 'MISSING_BADGE', 'badge is empty', 'every officer needs a badge or serial number')
      continue
    }
    if (!BADGE.test(badge)) {
      bad('badge', 'BAD_BADGE', `badge "${badge}" is not 1–16 letters, digits or hyphens`, 'check the cell; badges are kept as text')
      continue
    }
    const dup = firstRow.get(badge)
    if (dup !== undefined) {
      bad('badge', 'DUPLICATE_BADGE', `badge "${badge}" is also on row ${dup}`, 'each officer appears once in the export')
      continue
    }
    firstRow.set(badge, line)

    let name = cell('name')
    if (!name) {
      const first = cell('first_name') ?? ''
      const last = cell('last_name') ?? ''
      name = `${first} ${last}`.trim()
    }
    const nameField: RosterField = columns.name !== undefined && cell('name') ? 'name' : columns.first_name !== undefined && FORMULA_NAME.test(cell('first_name') ?? '') ? 'first_name' : columns.last_name !== undefined ? 'last_name' : 'name'
    if (!name) bad(nameField, 'MISSING_NAME', `officer ${badge} has no name`)
    else if (FORMULA_NAME.test(name)) bad(nameField, 'FORMULA_NAME', `officer ${badge}'s name "${name}" starts with ${name[0]}, which a spreadsheet runs as a formula`, 'correct the name in the HR system or the sheet (a name never starts with = + - @)')
    const officer: ImportedOfficer = {row: line, badge, name}
    const rank = cell('rank')
    if (rank) officer.rank = rank
    const unit = cell('unit')
    if (unit) officer.unit = unit
    const district = cell('district')
    if (district) {
      if (DISTRICT.test(district)) officer.district = district
      else bad('district', 'BAD_DISTRICT', `district "${district}" may hold only letters, digits, spaces, dots, underscores and hyphens`)
    }
    const shift = cell('shift')
    if (shift) {
      const s = SHIFT_WORDS[headerKey(shift)]
      if (s) officer.shift = s
      else bad('shift', 'UNKNOWN_SHIFT', `unknown shift "${shift}"`, 'use day, swing, night, relief or admin (Days, 2nd, Graveyard… are recognised)')
    }
    const status = cell('status')
    if (status) {
      const s = STATUS_WORDS[headerKey(status)]
      if (s) officer.status = s
      else bad('status', 'UNKNOWN_STATUS', `unknown status "${status}"`, 'use active, leave, transferred or separated (LOA, Retired, Terminated… are recognised)')
    }
    const catchment = cell('catchment')
    if (catchment !== undefined) {
      const k = catchment.toLowerCase()
      if (YES.has(k)) officer.catchment = true
      else if (NO.has(k)) officer.catchment = false
      else bad('catchment', 'BAD_CATCHMENT', `catchment "${catchment}" is not yes or no`)
    }
    const since = cell('since')
    if (since) {
      const d = parseExportDate(since)
      if (d) officer.since = d
      else bad('since', 'BAD_DATE', `"${since}" is not a date`, 'write dates as YYYY-MM-DD or M/D/YYYY')
    }
    officers.push(officer)
  }
  return {columns, officers, problems}
}

/** YYYY-MM-DD, or the US M/D/YYYY spreadsheets write. */
export function parseExportDate(text: string): IsoDate | undefined {
  if (isIsoDate(text)) return text
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text)
  if (!m) return undefined
  const iso = `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`
  return isIsoDate(iso) ? iso : undefined
}
