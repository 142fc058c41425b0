import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import type {Officer, Roster, Training} from '../../src/core/records/types.js'
import type {Course} from '../../src/core/site.js'
import {computeCoverage, groupsBelow, type TrainingData} from '../../src/core/training/coverage.js'
import {computeDue} from '../../src/core/training/due.js'
import {computeTrend, monthEnd} from '../../src/core/training/trend.js'
import {stateOn} from '../../src/core/training/officer-timeline.js'
import {TrainingIndex} from '../../src/core/training/training-validity.js'
import {decodeCsv, detectDelimiter, readTable, parseColumnChoices, type Table} from '../../src/core/tabular/index.js'
import {attendeeProblem} from '../../src/core/training/attendee-status.js'
import {checkSeparations, zeroPaddedBadge} from '../../src/core/import/roster-import.js'
import type {ImportedOfficer} from '../../src/core/training/roster-csv.js'
import {readRosterExport, ROSTER_FIELD_SPECS} from '../../src/core/training/roster-csv.js'
import {mergeRoster} from '../../src/core/training/roster-merge.js'
import {leadingComment, renderRosterYaml} from '../../src/core/training/roster-yaml.js'
import {rosterData, updateRosterText} from '../../src/core/training/roster-update.js'

const courses: Course[] = [
  {id: 'initial', name: 'Initial', valid_months: 24},
  {id: 'refresher', name: 'Refresher', valid_months: 12},
]
const officer = (badge: string, extra: Partial<Officer> = {}): Officer => ({badge, name: `Officer ${badge}`, unit: 'Patrol', shift: 'day', status: 'active', catchment: true, district: 'D1', ...extra})
const session = (id: string, course: string, date: string, attendees: Training['attendees'], agency = 'pd'): Training => ({id, course, date, agency, attendees})

// A small site computed by hand (see the expectations in each test).
const pd: Roster = {
  id: 'pd', agency: 'pd', as_of: '2026-07-01', officers: [
    officer('A1'),
    officer('A2', {shift: 'night'}),
    officer('A3', {district: 'D2', unit: 'Bike'}),
    officer('A4', {district: 'D4', catchment: false}),
    officer('A5', {status: 'separated', history: [{date: '2026-05-01', field: 'status', from: 'active', to: 'separated'}]}),
    officer('A6', {since: '2026-07-01'}),
    officer('A7', {status: 'leave'}),
    officer('A8', {history: [{date: '2026-06-15', field: 'district', from: 'D4', to: 'D1'}, {date: '2026-06-15', field: 'catchment', from: 'false', to: 'true'}]}),
  ],
}
const so: Roster = {id: 'so', agency: 'so', as_of: '2026-07-01', officers: [officer('B1', {district: 'N'}), officer('B2', {district: 'S', catchment: false})]}
const data: TrainingData = {
  rosters: [pd, so],
  courses,
  trainings: [
    session('s1', 'initial', '2025-01-10', [{badge: 'A1'}]),
    session('s2', 'refresher', '2025-03-01', [{badge: 'A2'}]),
    session('s3', 'initial', '2025-06-01', [{badge: 'A5'}]),
    session('s4', 'initial', '2026-01-01', [{badge: 'B1', agency: 'so'}]),
    session('s5', 'initial', '2026-02-01', [{badge: 'A8'}]),
    session('s6', 'initial', '2026-06-01', [{badge: 'A4'}]),
  ],
}

describe('officer timeline', () => {
  it('undoes the changes dated after the date', () => {
    const a8 = pd.officers[7]!
    expect(stateOn(a8, '2026-06-14')).toMatchObject({district: 'D4', catchment: false, status: 'active', onRoster: true})
    expect(stateOn(a8, '2026-06-15')).toMatchObject({district: 'D1', catchment: true})
    expect(stateOn(pd.officers[4]!, '2026-04-30').status).toBe('active')
    expect(stateOn(pd.officers[4]!, '2026-05-01').status).toBe('separated')
    expect(stateOn(pd.officers[5]!, '2026-06-30').onRoster).toBe(false)
  })
})

describe('training validity', () => {
  it('counts a course from its date up to, not including, date + valid_months', () => {
    const index = new TrainingIndex(data.trainings, courses, data.rosters)
    const who = (badge: string) => ({badge})
    expect(index.validOn('pd', who('A2'), '2025-02-28')).toBeUndefined()
    expect(index.validOn('pd', who('A2'), '2025-03-01')?.session).toBe('s2')
    expect(index.validOn('pd', who('A2'), '2026-02-28')?.expires).toBe('2026-03-01')
    expect(index.validOn('pd', who('A2'), '2026-03-01')).toBeUndefined()
    expect(index.validOn('so', who('B1'), '2026-01-01')?.session).toBe('s4')
    expect(index.validOn('pd', who('B1'), '2026-01-01')).toBeUndefined()
  })
})

describe('computeCoverage', () => {
  it('groups active officers by agency, catchment groups first, with hand-computed numbers', () => {
    const r = computeCoverage(data, {asOf: '2026-06-30'})
    expect(r.groups.map((g) => [g.label, g.catchment, g.trained, g.total, g.percent])).toEqual([
      ['pd', true, 2, 4, 50], // A1, A8 of A1 A2 A3 A8
      ['so', true, 1, 1, 100],
      ['pd', false, 1, 1, 100], // A4
      ['so', false, 0, 1, 0],
    ])
    expect(r.total).toEqual({trained: 4, total: 7, percent: 57.1})
    expect(r.catchment).toEqual({trained: 3, total: 5, percent: 60})
  })

  it('groups by district within one agency', () => {
    const r = computeCoverage(data, {asOf: '2026-06-30', by: 'district', agency: 'pd'})
    expect(r.groups.map((g) => [g.label, g.catchment, g.trained, g.total, g.percent])).toEqual([
      ['D1', true, 2, 3, 66.7],
      ['D2', true, 0, 1, 0],
      ['D4', false, 1, 1, 100],
    ])
    expect(r.total).toEqual({trained: 3, total: 5, percent: 60})
  })

  it('filters by course and catchment, and reconstructs the roster of a past date', () => {
    // 2026-02-15: A5 not yet separated, A6 not yet joined, A8 still in D4 outside the catchment.
    expect(computeCoverage(data, {asOf: '2026-02-15'}).total).toEqual({trained: 5, total: 8, percent: 62.5})
    expect(computeCoverage(data, {asOf: '2026-02-15', course: 'refresher'}).total).toEqual({trained: 1, total: 8, percent: 12.5})
    const c = computeCoverage(data, {asOf: '2026-02-15', catchmentOnly: true})
    expect(c.total).toEqual({trained: 4, total: 5, percent: 80}) // A1 A2 A5 B1 of A1 A2 A3 A5 B1 (A8 not yet in the catchment)
    expect(c.groups.every((g) => g.catchment)).toBe(true)
  })

  it('groupsBelow compares the exact share, not the rounded one', () => {
    const r = computeCoverage(data, {asOf: '2026-06-30', by: 'district', agency: 'pd'})
    expect(groupsBelow(r, 66).map((g) => g.value)).toEqual(['D2'])
    expect(groupsBelow(r, 67).map((g) => g.value)).toEqual(['D1', 'D2'])
    expect(groupsBelow(r, 0)).toEqual([])
  })
})

describe('computeDue', () => {
  it('lists never trained, expired and expiring officers, catchment first', () => {
    const r = computeDue(data, {asOf: '2026-06-30', withinDays: 60})
    expect(r.until).toBe('2026-08-29')
    expect(r.officers.map((o) => [o.badge, o.reason, o.expires, o.days])).toEqual([
      ['A3', 'never', undefined, undefined],
      ['A2', 'expired', '2026-03-01', -121],
      ['B2', 'never', undefined, undefined],
    ])
    expect(r.counts).toEqual({never: 2, expired: 1, expiring: 0, total: 3})
    expect(r.officers[1]!.last).toEqual({session: 's2', course: 'refresher', date: '2025-03-01'})
  })

  it('widens to trainings expiring within the window', () => {
    const r = computeDue(data, {asOf: '2026-06-30', withinDays: 194})
    expect(r.officers.find((o) => o.badge === 'A1')).toMatchObject({reason: 'expiring', expires: '2027-01-10', days: 194})
    expect(computeDue(data, {asOf: '2026-06-30', withinDays: 193}).officers.some((o) => o.badge === 'A1')).toBe(false)
  })

  it('filters by agency and district', () => {
    expect(computeDue(data, {asOf: '2026-06-30', agency: 'pd', district: 'D2'}).officers.map((o) => o.badge)).toEqual(['A3'])
    expect(computeDue(data, {asOf: '2026-06-30', agency: 'so'}).officers.map((o) => o.badge)).toEqual(['B2'])
  })
})

describe('computeTrend', () => {
  it('reconstructs each month end from session dates and roster history', () => {
    const r = computeTrend(data, {asOf: '2026-06-30', months: 3})
    expect(r.points.map((p) => [p.month, p.date, p.trained, p.total, p.percent])).toEqual([
      ['2026-04', '2026-04-30', 4, 8, 50],
      ['2026-05', '2026-05-31', 3, 7, 42.9], // A5 separated on 05-01
      ['2026-06', '2026-06-30', 4, 7, 57.1], // A4 trained on 06-01
    ])
    expect(r.points[1]!.catchment).toEqual({trained: 2, total: 4, percent: 50})
  })

  it('follows a transfer, a separation, a re-hire, a leave and a late joiner month by month (numbers by hand)', () => {
    const st = (date: string, from: string, to: string) => ({date, field: 'status' as const, from, to})
    const roster: Roster = {id: 'pd', agency: 'pd', as_of: '2026-06-30', officers: [
      officer('T1'), // trained 01-15, active throughout
      officer('T2', {catchment: false}), // never trained
      officer('T3', {status: 'transferred', history: [st('2026-04-10', 'active', 'transferred')]}), // trained 02-01
      officer('T4', {status: 'separated', history: [st('2026-03-20', 'active', 'separated')]}), // trained 2025-12-01
      officer('T5', {history: [st('2026-02-10', 'active', 'separated'), st('2026-05-05', 'separated', 'active')]}), // re-hired; trained 01-05
      officer('T6', {history: [st('2026-03-01', 'active', 'leave'), st('2026-04-15', 'leave', 'active')]}), // trained 05-20
      officer('T7', {since: '2026-03-15'}), // trained 04-01
    ]}
    const seven: TrainingData = {rosters: [roster], courses, trainings: [
      session('u1', 'initial', '2025-12-01', [{badge: 'T4'}]),
      session('u2', 'initial', '2026-01-05', [{badge: 'T5'}]),
      session('u3', 'initial', '2026-01-15', [{badge: 'T1'}]),
      session('u4', 'initial', '2026-02-01', [{badge: 'T3'}]),
      session('u5', 'initial', '2026-04-01', [{badge: 'T7'}]),
      session('u6', 'initial', '2026-05-20', [{badge: 'T6'}]),
    ]}
    const r = computeTrend(seven, {asOf: '2026-06-30', months: 6})
    expect(r.points.map((p) => [p.date, p.trained, p.total, p.percent, p.catchment.trained, p.catchment.total, p.catchment.percent])).toEqual([
      ['2026-01-31', 3, 6, 50, 3, 5, 60], // T1 T4 T5 of T1–T6 (T7 not yet hired)
      ['2026-02-28', 3, 5, 60, 3, 4, 75], // T5 separated 02-10; T3 trained 02-01
      ['2026-03-31', 2, 4, 50, 2, 3, 66.7], // T4 separated 03-20, T6 on leave, T7 joined untrained
      ['2026-04-30', 2, 4, 50, 2, 3, 66.7], // T3 transferred 04-10, T6 back 04-15 untrained, T7 trained
      ['2026-05-31', 4, 5, 80, 4, 4, 100], // T5 re-hired 05-05 (January training still valid), T6 trained
      ['2026-06-30', 4, 5, 80, 4, 4, 100],
    ])
  })

  it('ends the current month at the as-of date and crosses years', () => {
    const r = computeTrend(data, {asOf: '2026-02-10', months: 3})
    expect(r.points.map((p) => p.date)).toEqual(['2025-12-31', '2026-01-31', '2026-02-10'])
    expect(monthEnd('2028-02-03')).toBe('2028-02-29')
  })
})

const csv = (text: string) => readTable('hr.csv', Buffer.from(text, 'utf8'))
const readRosterRows = (table: Table, columns: string[] = []) => readRosterExport(table, {columns: parseColumnChoices(columns, ROSTER_FIELD_SPECS)})
const parseColumnMappings = (values: string[]) => (parseColumnChoices(values, ROSTER_FIELD_SPECS), values)

describe('roster CSV', () => {
  it('reads a BOM, CRLF, semicolons, quoted delimiters, leading zeros and accents', async () => {
    const table = await csv('\uFEFFBadge #;Last Name;First Name;Assignment;Precinct;Watch;Status\r\n0412;"Ortiz; Jr.";Dana;Patrol;D1;Days;Active\r\n0077;Nguye\u0302\u0303n;Thanh;Bike;D2;Graveyard;LOA\r\n')
    const {officers, problems} = readRosterRows(table)
    expect(problems).toEqual([])
    expect(officers).toEqual([
      {row: 2, badge: '0412', name: 'Dana Ortiz; Jr.', familyName: 'Ortiz; Jr.', givenName: 'Dana', unit: 'Patrol', district: 'D1', shift: 'day', status: 'active'},
      {row: 3, badge: '0077', name: 'Thanh Nguyễn', familyName: 'Nguyễn', givenName: 'Thanh', unit: 'Bike', district: 'D2', shift: 'night', status: 'leave'},
    ])
    expect(officers[1]!.name).toBe('Thanh Nguy\u1EC5n') // NFC: one code point for ễ
  })

  it('reads commas with quoted commas, and Windows-1252 bytes', async () => {
    const table = await csv('Serial,Name,Title,Unit,District\n00981,"Muñoz, Luis",Officer,Patrol,D3\n')
    expect(readRosterRows(table).officers[0]).toMatchObject({badge: '00981', name: 'Luis Muñoz', familyName: 'Muñoz', givenName: 'Luis', rank: 'Officer'})
    const latin = Buffer.concat([Buffer.from('Employee ID,Name\n0042,Chlo'), Buffer.from([0xe9]), Buffer.from(' Dubois\n')])
    expect(readRosterRows(await readTable('x.csv', latin)).officers[0]!.name).toBe('Chloé Dubois')
  })

  it('detects the delimiter from the header line only', () => {
    expect(detectDelimiter('a;b;c\n1,2,3,4,5,6')).toBe(';')
    expect(detectDelimiter('"a;b",c\n')).toBe(',')
    expect(detectDelimiter('a\tb\tc\n')).toBe('\t')
  })

  it('reports every bad row as row and column, and keeps going', async () => {
    const table = await csv('Badge,Name,Status,Shift\n0001,Ann,active,day\n,Bob,active,day\n0001,Cy,active,day\n0003,Di,retired-ish,day\n0004,Ed,active,brunch\n')
    const {problems} = readRosterRows(table)
    expect(problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ['MISSING_BADGE', 3, 1],
      ['DUPLICATE_BADGE', 4, 1],
      ['UNKNOWN_STATUS', 5, 3],
      ['UNKNOWN_SHIFT', 6, 4],
    ])
    expect(problems[1]!.message).toContain('also on row 2')
  })

  it('uses --map for unknown headers and says which columns it found', async () => {
    const table = await csv('Emp Serial,Officer Legal Name,Patrol Area\n0412,Dana Ortiz,D1\n')
    expect(readRosterRows(table).problems[0]).toMatchObject({code: 'NO_BADGE_COLUMN', row: 1})
    const mapped = readRosterRows(table, parseColumnMappings(['Emp Serial=badge', 'patrol area=district', 'Officer Legal Name=name']))
    expect(mapped.officers[0]).toMatchObject({badge: '0412', name: 'Dana Ortiz', district: 'D1'})
    expect(() => parseColumnMappings(['Emp Serial=bagde'])).toThrow(/FIELD one of/)
  })
})

describe('roster merge', () => {
  const imported = (rows: Array<Partial<Officer> & {badge: string}>) => rows.map((r, i) => ({row: i + 2, name: `Officer ${r.badge}`, ...r})) as never

  it('adds, changes (with history), separates and keeps officers across two imports', () => {
    const first = mergeRoster(undefined, imported([{badge: '0001', unit: 'Patrol', district: 'D1', shift: 'day'}, {badge: '0002', unit: 'Bike', district: 'D2', shift: 'night'}, {badge: '0003', district: 'D4'}]), {agency: 'pd', date: '2026-01-05', catchmentDistricts: new Set(['D1', 'D2'])})
    expect(first.added.map((a) => a.badge)).toEqual(['0001', '0002', '0003'])
    expect(first.roster.officers.map((o) => [o.badge, o.catchment, o.since])).toEqual([['0001', true, undefined], ['0002', true, undefined], ['0003', false, undefined]])

    const second = mergeRoster(first.roster, imported([{badge: '0001', unit: 'Patrol', district: 'D4', shift: 'swing'}, {badge: '0003', district: 'D4'}, {badge: '0004', district: 'D2'}]), {agency: 'pd', date: '2026-03-02', catchmentDistricts: new Set(['D1', 'D2']), source: 'march.csv'})
    expect(second.added).toEqual([{id: 'lead-0004', badge: '0004', name: 'Officer 0004'}])
    expect(second.changed).toEqual([{id: 'lead-0001', badge: '0001', name: 'Officer 0001', changes: [{field: 'district', from: 'D1', to: 'D4'}, {field: 'shift', from: 'day', to: 'swing'}, {field: 'catchment', from: 'true', to: 'false'}]}])
    expect(second.separated).toEqual([{id: 'lead-0002', badge: '0002', name: 'Officer 0002', from: 'active', date: '2026-03-02', reason: 'missing'}])
    expect(second.unchanged).toBe(1)
    const [o1, o2, o3, o4] = second.roster.officers
    expect(o1!.history).toEqual([
      {date: '2026-03-02', field: 'district', from: 'D1', to: 'D4'},
      {date: '2026-03-02', field: 'shift', from: 'day', to: 'swing'},
      {date: '2026-03-02', field: 'catchment', from: 'true', to: 'false'},
    ])
    expect(o2).toMatchObject({status: 'separated', history: [{date: '2026-03-02', field: 'status', from: 'active', to: 'separated', note: 'Not in the HR export march.csv of 2026-03-02.'}]})
    expect(o3!.history).toBeUndefined()
    // No hire-date column: the import date is not a hire date, so since stays unset.
    expect(o4).toMatchObject({badge: '0004', catchment: true})
    expect(o4!.since).toBeUndefined()
    expect(second.roster.as_of).toBe('2026-03-02')
    // The separated officer's past is intact: active before the import date.
    expect(stateOn(o2!, '2026-03-01').status).toBe('active')

    // Back on the next export: re-hired, recorded; a third import with no change is all unchanged.
    const third = mergeRoster(second.roster, imported([{badge: '0001', district: 'D4'}, {badge: '0002'}, {badge: '0003'}, {badge: '0004'}]), {agency: 'pd', date: '2026-04-01'})
    expect(third.changed.map((c) => [c.badge, c.changes])).toEqual([['0002', [{field: 'status', from: 'separated', to: 'active'}]]])
    expect(third.unchanged).toBe(3)
  })

  it('writes YAML that reads back to the same roster and keeps the leading comment', () => {
    const roster: Roster = {id: 'pd', agency: 'pd', as_of: '2026-01-05', officers: [officer('0412', {name: 'José Muñoz', district: 'N', history: [{date: '2025-01-01', field: 'catchment', from: 'false', to: 'true', note: 'Moved, downtown: yes'}]}), officer('0007', {name: 'true', unit: 'K-9: Dogs'})]}
    const text = renderRosterYaml(roster, leadingComment('# Harbor PD roster.\n# Keep everyone.\n\nid: pd\n'))
    expect(text.startsWith('# Harbor PD roster.\n# Keep everyone.\n\nid: pd\n')).toBe(true)
    expect(parseYaml(text, {version: '1.1'})).toEqual(roster) // even YAML 1.1 readers see text, not booleans
    expect(text).toContain('  - badge: "0412"\n    name: José Muñoz\n')
  })
})

describe('review fixes', () => {
  const imp = (badges: string[]): ImportedOfficer[] => badges.map((b, i) => ({row: i + 2, badge: b, name: `Officer ${b}`}))
  const roster10: Roster = {id: 'pd', agency: 'pd', as_of: '2026-01-01', officers: [...Array.from({length: 9}, (_, i) => officer(`00${i}`)), officer('009', {status: 'leave'}), officer('010', {status: 'separated'})]}

  it('refuses separating all active officers or more than 20%, counting officers on leave as active', () => {
    const keep = (n: number) => roster10.officers.slice(0, n).map((o) => o.badge)
    const merge = (badges: string[]) => mergeRoster(roster10, imp(badges), {agency: 'pd', date: '2026-02-01'})
    // 10 active (9 + 1 on leave): 2 separated is 20%, allowed; 3 is 30%, refused; none left is refused.
    expect(() => checkSeparations('hr.csv', roster10, merge(keep(8)), 8)).not.toThrow()
    expect(() => checkSeparations('hr.csv', roster10, merge(keep(7)), 7)).toThrow(expect.objectContaining({code: 'MASS_SEPARATION', exit: 1, message: 'hr.csv would separate 3 of 10 active officers (30%); nothing was written'}))
    expect(() => checkSeparations('hr.csv', roster10, merge([]), 0)).toThrow(/would separate 10 of 10 active officers \(all\)/)
    // A one-officer roster losing its only officer is "all", not "100% > 20%" by accident of rounding.
    const one: Roster = {id: 'pd', agency: 'pd', as_of: '2026-01-01', officers: [officer('001')]}
    expect(() => checkSeparations('hr.csv', one, mergeRoster(one, [], {agency: 'pd', date: '2026-02-01'}), 0)).toThrow(/1 of 1 active officers \(all\)/)
  })

  it('sets since only from a hire-date column (Hire Date, Start Date, Date Hired)', async () => {
    for (const header of ['Hire Date', 'Start Date', 'Date Hired']) {
      const {officers, problems} = readRosterRows(await csv(`Badge,Name,${header}\n0500,Ann Lee,3/4/2019\n`))
      expect(problems).toEqual([])
      expect(officers[0]!.since, header).toBe('2019-03-04')
    }
    const existing: Roster = {id: 'pd', agency: 'pd', as_of: '2026-01-01', officers: [officer('001')]}
    const m = mergeRoster(existing, [...imp(['001', '002']), {row: 4, badge: '003', name: 'Hired', since: '2020-05-01'}], {agency: 'pd', date: '2026-11-01'})
    expect(m.roster.officers.map((o) => [o.badge, o.since])).toEqual([['001', undefined], ['002', undefined], ['003', '2020-05-01']])
    // So a session before the import date does not count the new officer as "not yet on the roster".
    expect(attendeeProblem(m.roster.officers[1]!, 'pd', '2026-03-01')).toBeUndefined()
  })

  it('decodes Windows-1252 only when no UTF-8 multibyte sequence is present, else stops at the bad byte', () => {
    const latin = Buffer.concat([Buffer.from('Badge,Name\n0042,Chlo'), Buffer.from([0xe9]), Buffer.from(' Dubois\n')])
    expect(decodeCsv(latin)).toBe('Badge,Name\n0042,Chloé Dubois\n')
    // A UTF-8 file (José, Nguyễn) with one stray 0xE9 on line 3.
    const mixed = Buffer.concat([Buffer.from('Badge,Name\n0001,José Muñoz\n0002,Ren'), Buffer.from([0xe9]), Buffer.from(' Roy\n0003,Thanh Nguyễn\n')])
    let error: any
    try {
      decodeCsv(mixed, 'hr.csv')
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({code: 'CSV_ENCODING', exit: 1, pos: {file: 'hr.csv', line: 3, column: 9}, details: {offset: 37, byte: 0xe9}})
    expect(error.message).toBe('byte 0xE9 (offset 37) is not UTF-8, yet the rest of hr.csv is UTF-8')
    // Column counts characters, not bytes: an accent earlier on the line counts once.
    const sameLine = Buffer.concat([Buffer.from('Name\nJosé '), Buffer.from([0xff]), Buffer.from('\n')])
    expect(() => decodeCsv(sameLine, 'x.csv')).toThrow(expect.objectContaining({pos: {file: 'x.csv', line: 2, column: 6}}))
    // A UTF-8 BOM alone says the file is UTF-8.
    expect(() => decodeCsv(Buffer.concat([Buffer.from('\uFEFFName\nRen'), Buffer.from([0xe9]), Buffer.from('\n')]))).toThrow(/not UTF-8/)
  })

  it('chooses the badge column by the best spelling, not the column order; equal matches need --map', async () => {
    const t = await csv('Employee ID,Badge,Name\nE-77,0412,Dana Ortiz\n')
    const r = readRosterRows(t)
    expect(r.columns.badge).toBe(1)
    expect(r.officers[0]).toMatchObject({badge: '0412'})
    expect(readRosterRows(await csv('Employee ID,Serial,Name\nE-77,S-1,Dana Ortiz\n')).officers[0]!.badge).toBe('S-1')
    expect(() => readRosterRows({...t, headers: ['Badge #', 'Badge No', 'Name']})).toThrow(expect.objectContaining({code: 'AMBIGUOUS_COLUMN', exit: 2, message: 'columns "Badge #" and "Badge No" could both be the badge'}))
    expect(readRosterRows({...t, headers: ['Badge #', 'Badge No', 'Name']}, parseColumnMappings(['Badge No=badge'])).officers[0]!.badge).toBe('0412')
  })

  it('refuses names a spreadsheet would run as formulas, at their row and column', async () => {
    const {problems} = readRosterRows(await csv('Badge,Name\n0001,"=HYPERLINK(""http://x"",""y"")"\n0002,@SUM(1+1)\n0003,+1 Ann\n0004,-Bo\n0005,Ann-Marie Lee\n'))
    expect(problems.map((p) => [p.code, p.row, p.column])).toEqual([['FORMULA_NAME', 2, 2], ['FORMULA_NAME', 3, 2], ['FORMULA_NAME', 4, 2], ['FORMULA_NAME', 5, 2]])
    const split = readRosterRows(await csv('Badge,Last Name,First Name\n0001,Lee,=cmd\n'))
    expect(split.problems.map((p) => [p.code, p.row, p.column])).toEqual([['FORMULA_NAME', 2, 3]])
  })

  it('judges attendees once, with the validator severities, and looks officers up by agency and badge', () => {
    const leave = officer('L1', {status: 'leave', history: [{date: '2026-03-01', field: 'status', from: 'active', to: 'leave'}]})
    expect(attendeeProblem(leave, 'pd', '2026-02-28')).toBeUndefined()
    expect(attendeeProblem(leave, 'pd', '2026-03-01')).toMatchObject({code: 'ATTENDEE_ON_LEAVE', severity: 'warning'})
    expect(attendeeProblem(pd.officers[4]!, 'pd', '2026-05-01')).toMatchObject({code: 'ATTENDEE_NOT_ACTIVE', severity: 'error', message: 'officer A5 (Officer A5) was separated on the session date 2026-05-01'})
    expect(attendeeProblem(pd.officers[5]!, 'pd', '2026-06-30')).toMatchObject({code: 'ATTENDEE_NOT_ACTIVE', severity: 'error', message: 'officer A6 (Officer A6) joined pd on 2026-07-01, after this 2026-06-30 session'})
  })

  it('finds the roster badge a number lost its leading zeros from', () => {
    const find = zeroPaddedBadge(['0003', '0412', '77', 'A-1'])
    expect(find('3')).toBe('0003')
    expect(find('003')).toBe('0003')
    expect(find('412')).toBe('0412')
    expect(find('0003')).toBeUndefined()
    expect(find('77')).toBeUndefined()
    expect(find('5')).toBeUndefined()
  })
})

describe('updateRosterText: a re-import keeps what trainers wrote', () => {
  it('splices a big city\'s roster (40,000 officers, 240,000 lines) without overflowing the stack', () => {
    const officers: Officer[] = Array.from({length: 40_000}, (_, i) => ({badge: String(100_000 + i), name: `Officer ${i}`, unit: 'Patrol', district: 'D1', status: 'active' as const}))
    const before: Roster = {id: 'pd', agency: 'pd', as_of: '2026-01-01', officers}
    const text = `# kept by the trainers\n${renderRosterYaml(before)}`
    expect(text.split('\n').length).toBeGreaterThan(200_000)
    const merged: Roster = {...before, as_of: '2026-02-01', officers: [...officers.slice(0, -1), {...officers.at(-1)!, unit: 'Traffic'}]}
    const out = updateRosterText(text, merged, structuredClone(before) as unknown as Parameters<typeof updateRosterText>[2])
    expect(out).toBeDefined()
    expect(out!.startsWith('# kept by the trainers\n')).toBe(true)
    expect(out!.split('\n').length).toBe(text.split('\n').length)
    expect(out).toContain('as_of: "2026-02-01"')
  })

  it('keeps comments on officers and fields, changes only what the merge changed, appends new officers', () => {
    const text = `# Harbor PD roster.

id: pd
agency: pd
as_of: "2026-01-01"
officers:
  # 0007 is on FMLA until March: do not schedule
  - badge: "0007"
    name: Al One  # goes by Al
    unit: Patrol
    district: D1
    status: active
    history:
      - {date: "2025-01-01", field: unit, from: Bike, to: Patrol}
  - badge: "0008"
    name: Bea Two
    district: D2
    status: active
`
    const merged: Roster = {
      id: 'pd',
      agency: 'pd',
      as_of: '2026-02-01',
      officers: [
        {badge: '0007', name: 'Al One', unit: 'Traffic', district: 'D1', status: 'active', history: [{date: '2025-01-01', field: 'unit', from: 'Bike', to: 'Patrol'}, {date: '2026-02-01', field: 'unit', from: 'Patrol', to: 'Traffic'}]},
        {badge: '0008', name: 'Bea Two', district: 'D2', status: 'separated', history: [{date: '2026-02-01', field: 'status', from: 'active', to: 'separated'}]},
        {badge: '0009', name: 'Cy Three', district: 'D3', status: 'active'},
      ],
    }
    const out = updateRosterText(text, merged, parseYaml(text))!
    expect(out).toContain('# 0007 is on FMLA until March: do not schedule')
    expect(out).toContain('name: Al One # goes by Al')
    expect(out).toContain('as_of: "2026-02-01"')
    expect(out).toContain('  - {date: "2026-02-01", field: unit, from: Patrol, to: Traffic}')
    expect(parseYaml(out)).toEqual(merged)
    // Nothing changed: the text comes back byte for byte.
    expect(updateRosterText(out, merged, parseYaml(out))).toBe(out)
  })

  it('splices a roster lead wrote: changed officers rendered again, the rest and the lines between kept byte for byte', () => {
    const people: Officer[] = [
      {id: 'E1', badge: '0001', name: 'Ann Lee', family_name: 'Lee', given_name: 'Ann', unit: 'Patrol', district: 'D1', status: 'active', since: '2010-01-04', history: [{date: '2025-03-01', field: 'unit', from: 'Bike', to: 'Patrol'}]},
      {id: 'E2', badge: '0002', name: 'Bo Diaz', district: 'D2', status: 'active'},
      {id: 'E3', badge: '0003', name: "Cy O'Neil", district: 'D3', status: 'active', history: [{date: '2026-05-01', field: 'district', from: 'D1', to: 'D3'}]},
    ]
    const before: Roster = {id: 'pd', agency: 'pd', as_of: '2026-06-01', officers: people}
    // A trainer's comment between officers and a field lead does not write, at the end.
    const text = renderRosterYaml(before).replace('  - id: "E2"', '  # E2 is on light duty\n  - id: "E2"') + 'reviewed_by: Dana\n'
    const merged: Roster = {
      ...before,
      as_of: '2026-11-01',
      tracked_since: '2026-06-01',
      officers: [
        {...people[0]!, unit: 'Traffic', history: [...people[0]!.history!, {date: '2026-11-01', field: 'unit', from: 'Patrol', to: 'Traffic'}]},
        people[1]!,
        // A separation the export dates before the last change: the history is rewritten in order.
        {...people[2]!, status: 'separated', history: [{date: '2026-04-15', field: 'status', from: 'active', to: 'separated'}, ...people[2]!.history!]},
        {id: 'E4', badge: '0004', name: 'Di Fox', district: 'D1', status: 'active', since: '2026-10-01'},
      ],
    }
    const data = parseYaml(text)
    const out = updateRosterText(text, merged, data)!
    expect(parseYaml(out)).toEqual(rosterData(data, merged))
    expect(parseYaml(out)).toMatchObject({reviewed_by: 'Dana', tracked_since: '2026-06-01'})
    expect(out).toContain('  # E2 is on light duty\n  - id: "E2"\n    badge: "0002"\n    name: Bo Diaz\n    district: D2\n    status: active\n')
    expect(out.split('\n').filter((l) => l.startsWith('  - id:'))).toHaveLength(4)
    expect(out).toMatch(/\n {6}- \{date: "2026-04-15", field: status, from: active, to: separated\}\n {6}- \{date: "2026-05-01"/)
    expect(updateRosterText(out, merged, parseYaml(out))).toBe(out)
  })

  it('edits a layout the splice does not recognise as one document, and gives up on what is not a roster', () => {
    const before: Roster = {id: 'pd', agency: 'pd', as_of: '2026-06-01', officers: [{id: 'E1', badge: '0001', name: 'Ann Lee', status: 'active'}]}
    const merged: Roster = {...before, as_of: '2026-07-01', officers: [{...before.officers[0]!, status: 'leave', history: [{date: '2026-07-01', field: 'status', from: 'active', to: 'leave'}]}, {id: 'E2', badge: '0002', name: 'Bo Diaz', status: 'active'}]}
    for (const text of [
      renderRosterYaml(before).replace(/\n/g, '\r\n'),
      'id: pd\nagency: pd\nas_of: "2026-06-01"\nofficers: [{id: "E1", badge: "0001", name: Ann Lee, status: active}] # one so far\n',
    ]) {
      const out = updateRosterText(text, merged, parseYaml(text))!
      expect(parseYaml(out)).toEqual(merged)
    }
    expect(updateRosterText('id: pd\nofficers: {}\n', merged, {id: 'pd', officers: {}})).toBeUndefined()
    // More officers in the file than in the merge: the merge did not start from this file.
    expect(updateRosterText(renderRosterYaml(merged), before, parseYaml(renderRosterYaml(merged)))).toBeUndefined()
  })
})
