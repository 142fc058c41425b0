import {describe, expect, it} from 'vitest'
import type {Officer, Roster, Training} from '../../src/core/records/types.js'
import type {Course} from '../../src/core/site.js'
import {BadgeBook, badgeOn} from '../../src/core/training/badge-book.js'
import {computeCoverage, type TrainingData} from '../../src/core/training/coverage.js'
import {computeDue} from '../../src/core/training/due.js'
import {familySortKey, sameName, splitName} from '../../src/core/training/officer-names.js'
import type {ImportedOfficer} from '../../src/core/training/roster-csv.js'
import {mergeRoster, resolutionKey} from '../../src/core/training/roster-merge.js'
import {migrateRosterText} from '../../src/core/import/roster-migration.js'
import {formatKey} from '../../src/core/training/roster-values.js'
import {computeTrend} from '../../src/core/training/trend.js'
import {TrainingIndex} from '../../src/core/training/training-validity.js'

const courses: Course[] = [{id: 'cit', name: 'CIT', valid_months: 24}]
const officer = (id: string, badge: string, name: string, extra: Partial<Officer> = {}): Officer => ({id, badge, name, status: 'active', district: 'D1', catchment: true, ...extra})
const row = (n: number, badge: string, name: string, extra: Partial<ImportedOfficer> = {}): ImportedOfficer => ({row: n, badge, name, ...extra})
const session = (id: string, date: string, badges: string[]): Training => ({id, course: 'cit', date, agency: 'pd', attendees: badges.map((badge) => ({badge}))})
const roster = (officers: Officer[]): Roster => ({id: 'pd', agency: 'pd', as_of: '2026-07-01', tracked_since: '2025-01-01', officers})
const NOV = '2026-11-01'

describe('a badge reissued to a new hire', () => {
  // July: badge 5666 is Ann Kowalski (hired 2002), trained in 2025; 4 officers, 2 trained.
  const july = roster([
    officer('lead-5666', '5666', 'Ann Kowalski', {since: '2002-05-06'}),
    officer('lead-1001', '1001', 'Bo Chen', {since: '2010-01-04'}),
    officer('lead-1002', '1002', 'Cy Diaz', {since: '2011-02-07'}),
    officer('lead-1003', '1003', 'Di Evans', {since: '2012-03-05'}),
  ])
  const trainings = [session('s1', '2025-05-01', ['5666', '1001'])]
  // November: Ann retired; badge 5666 went to Ed Fox, hired 2018, who is new to this roster.
  const nov = [row(2, '5666', 'Ed Fox', {since: '2018-09-10'}), row(3, '1001', 'Bo Chen', {since: '2010-01-04'}), row(4, '1002', 'Cy Diaz', {since: '2011-02-07'}), row(5, '1003', 'Di Evans', {since: '2012-03-05'})]
  const merged = mergeRoster(july, nov, {agency: 'pd', date: NOV})

  it('adds the new hire as a new officer and separates the old holder, not renaming her', () => {
    expect(merged.added).toEqual([{id: 'lead-5666-2', badge: '5666', name: 'Ed Fox'}])
    expect(merged.separated).toEqual([{id: 'lead-5666', badge: '5666', name: 'Ann Kowalski', from: 'active', date: NOV, reason: 'missing'}])
    expect(merged.reissued).toEqual([{badge: '5666', from: {id: 'lead-5666', name: 'Ann Kowalski'}, to: {id: 'lead-5666-2', name: 'Ed Fox'}}])
    const [ann, , , , ed] = merged.roster.officers
    expect(ann).toMatchObject({name: 'Ann Kowalski', since: '2002-05-06', status: 'separated'})
    expect(ed).toMatchObject({name: 'Ed Fox', since: '2018-09-10', history: [{date: NOV, field: 'badge', to: '5666'}]})
  })

  it('keeps the 2025 training with Ann: coverage by hand before and after', () => {
    const before: TrainingData = {rosters: [july], trainings, courses}
    const after: TrainingData = {rosters: [merged.roster], trainings, courses}
    // On 2026-06-30: Ann and Bo trained of 4 → 50% before. After, Ann keeps her training (it is
    // not handed to Ed, as when officers were badges) and Ed, whom HR says was hired in 2018,
    // joins the count untrained: 2 of 5 → 40%.
    expect(computeCoverage(before, {asOf: '2026-06-30'}).total).toEqual({trained: 2, total: 4, percent: 50})
    expect(computeCoverage(after, {asOf: '2026-06-30'}).total).toEqual({trained: 2, total: 5, percent: 40})
    // On 2026-11-02: Ann is gone, Ed is not trained: Bo of Ed, Bo, Cy, Di → 25%.
    expect(computeCoverage(after, {asOf: '2026-11-02'}).total).toEqual({trained: 1, total: 4, percent: 25})
    const due = computeDue(after, {asOf: '2026-11-02'})
    expect(due.officers.find((o) => o.badge === '5666')).toMatchObject({name: 'Ed Fox', reason: 'never'})
  })

  it('resolves the badge on each date to the person who held it', () => {
    const book = new BadgeBook('pd', merged.roster.officers)
    expect(book.holderOn('5666', '2025-05-01')?.name).toBe('Ann Kowalski')
    expect(book.holderOn('5666', '2026-11-02')?.name).toBe('Ed Fox')
    expect(badgeOn(merged.roster.officers[4]!, '2026-10-31')).toBeUndefined()
  })
})

describe('a badge change for one officer', () => {
  const july = roster([officer('lead-0412', '0412', 'Dana Ortiz', {since: '2019-06-03'}), officer('lead-0077', '0077', 'Marcus Bell', {since: '2008-03-17'})])
  const trainings = [session('s1', '2025-03-01', ['0412']), session('s2', '2026-09-01', ['0077'])]
  // Dana was promoted and got badge 7001; her hire date confirms it is her.
  const merged = mergeRoster(july, [row(2, '7001', 'Dana Ortiz', {since: '2019-06-03', rank: 'Sergeant'}), row(3, '0077', 'Marcus Bell', {since: '2008-03-17'})], {agency: 'pd', date: NOV})

  it('is one person with the badge change in history, not a separation and a new officer', () => {
    expect(merged.added).toEqual([])
    expect(merged.separated).toEqual([])
    expect(merged.changed).toEqual([{id: 'lead-0412', badge: '7001', name: 'Dana Ortiz', changes: [{field: 'badge', from: '0412', to: '7001'}, {field: 'rank', to: 'Sergeant'}]}])
    expect(merged.roster.officers[0]!.history).toEqual([{date: NOV, field: 'badge', from: '0412', to: '7001'}])
  })

  it('keeps past coverage exactly as it was (the 2025 sheet says 0412, which was Dana then)', () => {
    const before: TrainingData = {rosters: [july], trainings, courses}
    const after: TrainingData = {rosters: [merged.roster], trainings, courses}
    for (const asOf of ['2026-06-30', '2026-10-15']) expect(computeCoverage(after, {asOf}).total).toEqual(computeCoverage(before, {asOf}).total)
    expect(computeCoverage(after, {asOf: '2026-10-15'}).total).toEqual({trained: 2, total: 2, percent: 100})
    // And after the change: still Dana's training, under her new badge.
    expect(computeDue(after, {asOf: '2026-12-01', withinDays: 200}).officers.map((o) => [o.badge, o.name, o.reason])).toEqual([['7001', 'Dana Ortiz', 'expiring']])
  })

  it('without hire dates a badge change on the same name is a question, and both sides are held', () => {
    const noDates = roster([officer('lead-0412', '0412', 'Dana Ortiz'), officer('lead-0077', '0077', 'Marcus Bell')])
    const m = mergeRoster(noDates, [row(2, '7001', 'Dana Ortiz'), row(3, '0077', 'Marcus Bell')], {agency: 'pd', date: NOV})
    expect(m.ambiguous).toEqual([expect.objectContaining({row: 2, badge: '7001', officer: expect.objectContaining({id: 'lead-0412'})})])
    expect(m.added).toEqual([])
    expect(m.separated).toEqual([])
    // The trainer decides: the same person.
    const decided = mergeRoster(noDates, [row(2, '7001', 'Dana Ortiz'), row(3, '0077', 'Marcus Bell')], {agency: 'pd', date: NOV, resolutions: new Map([[resolutionKey('7001', 'lead-0412'), 'same']])})
    expect(decided.ambiguous).toEqual([])
    expect(decided.roster.officers[0]).toMatchObject({id: 'lead-0412', badge: '7001', history: [{field: 'badge', from: '0412', to: '7001'}]})
  })
})

describe('matching evidence', () => {
  const base = roster([officer('lead-0412', '0412', 'Dana Ortiz', {since: '2019-06-03'})])

  it('same badge and hire date with a new family name is a name change, recorded in history', () => {
    const m = mergeRoster(base, [row(2, '0412', 'Dana Ruiz', {since: '2019-06-03'})], {agency: 'pd', date: NOV})
    expect(m.changed[0]!.changes).toEqual([{field: 'name', from: 'Dana Ortiz', to: 'Dana Ruiz'}])
  })

  it('same badge, different name and no hire date is listed, never guessed; "different" makes a reissue', () => {
    const noDate = roster([officer('lead-0412', '0412', 'Dana Ortiz')])
    const m = mergeRoster(noDate, [row(2, '0412', 'Dana Ruiz')], {agency: 'pd', date: NOV})
    expect(m.ambiguous.map((a) => a.reason)).toEqual(['different names, and no hire date on both sides to tell a reissued badge from a name change'])
    expect(m.roster.officers).toEqual(noDate.officers)
    const d = mergeRoster(noDate, [row(2, '0412', 'Dana Ruiz')], {agency: 'pd', date: NOV, resolutions: new Map([[resolutionKey('0412', 'lead-0412'), 'different']])})
    expect(d.separated.map((s) => s.name)).toEqual(['Dana Ortiz'])
    expect(d.added.map((a) => a.name)).toEqual(['Dana Ruiz'])
  })

  it('matches by employee number whatever the badge, and adopts it as the id', () => {
    const m = mergeRoster(base, [row(2, '0412', 'Dana Ortiz', {employeeId: 'E104233'})], {agency: 'pd', date: NOV})
    expect(m.roster.officers[0]!.id).toBe('E104233')
    const hr = roster([officer('E104233', '0412', 'Dana Ortiz')])
    const moved = mergeRoster(hr, [row(2, '9000', 'Dana Ortiz-Ruiz', {employeeId: 'E104233'})], {agency: 'pd', date: NOV})
    expect(moved.changed[0]).toMatchObject({id: 'E104233', badge: '9000'})
    // Two HR numbers on one badge are two people.
    const other = mergeRoster(hr, [row(2, '0412', 'Dana Ortiz', {employeeId: 'E999'})], {agency: 'pd', date: NOV})
    expect(other.added.map((a) => a.id)).toEqual(['E999'])
  })

  it('recognises a rank format change once instead of 8,000 promotions', () => {
    const r = roster([officer('a', '1', 'A A', {rank: '9161 - POLICE OFFICER'}), officer('b', '2', 'B B', {rank: '9161 - POLICE OFFICER'}), officer('c', '3', 'C C', {rank: '9171 - SERGEANT'})])
    const m = mergeRoster(r, [row(2, '1', 'A A', {rank: 'POLICE OFFICER'}), row(3, '2', 'B B', {rank: 'POLICE OFFICER'}), row(4, '3', 'C C', {rank: 'LIEUTENANT'})], {agency: 'pd', date: NOV})
    expect(m.reformatted).toEqual([{field: 'rank', count: 2, from: '9161 - POLICE OFFICER', to: 'POLICE OFFICER'}])
    expect(m.changed.map((c) => c.id)).toEqual(['c'])
    expect(m.roster.officers[0]!.rank).toBe('POLICE OFFICER')
    expect(formatKey('9161 - POLICE OFFICER')).toBe(formatKey('Police  Officer'))
  })

  it('dates a separation from the export when it has one, and the safety stop counts only missing officers', () => {
    const m = mergeRoster(base, [row(2, '0412', 'Dana Ortiz', {since: '2019-06-03', status: 'separated', separatedOn: '2026-08-15'})], {agency: 'pd', date: NOV})
    expect(m.roster.officers[0]!.history).toEqual([{date: '2026-08-15', field: 'status', from: 'active', to: 'separated'}])
    expect(m.separated).toEqual([expect.objectContaining({date: '2026-08-15', reason: 'export'})])
  })

  it('holds officers whose rows were skipped instead of separating them', () => {
    const two = roster([officer('lead-1', '1', 'A A'), officer('lead-2', '2', 'B B')])
    const m = mergeRoster(two, [row(2, '1', 'A A')], {agency: 'pd', date: NOV, held: {badges: new Set(['2']), ids: new Set(), unidentified: 0}})
    expect(m.separated).toEqual([])
    expect(m.heldSeparations).toBe(1)
    const unknown = mergeRoster(two, [row(2, '1', 'A A')], {agency: 'pd', date: NOV, held: {badges: new Set(), ids: new Set(), unidentified: 1}})
    expect(unknown.separated).toEqual([])
  })
})

describe('names', () => {
  it('splits family and given names, with particles and "Last, First"', () => {
    expect(splitName('Marikay O Brien')).toEqual({family: 'O Brien', given: 'Marikay'})
    expect(splitName('Ana de la Cruz')).toEqual({family: 'de la Cruz', given: 'Ana'})
    expect(splitName('Ortiz, Dana')).toEqual({family: 'Ortiz', given: 'Dana'})
    expect(splitName('Dana Ortiz Jr.')).toEqual({family: 'Ortiz', given: 'Dana'})
  })

  it('sorts Marikay O Brien under O, and an exported family name wins', () => {
    const people = [{name: 'Zoe Brown'}, {name: 'Marikay O Brien'}, {name: 'Ann Nguyen'}, {name: 'Li Wei', family_name: 'Li', given_name: 'Wei'}]
    expect(people.sort((a, b) => familySortKey(a).localeCompare(familySortKey(b))).map((p) => p.name)).toEqual(['Zoe Brown', 'Li Wei', 'Ann Nguyen', 'Marikay O Brien'])
  })

  it('matches names across spelling, accents, initials and order, and not different people', () => {
    expect(sameName('Dana Ortiz', 'ORTIZ, DANA')).toBe(true)
    expect(sameName('J. Muñoz', 'Jose Munoz')).toBe(true)
    expect(sameName("Marikay O'Brien", 'Marikay O Brien')).toBe(true)
    expect(sameName('Ortiz Dana', 'Dana Ortiz')).toBe(true)
    expect(sameName('Dana Ortiz', 'Ed Fox')).toBe(false)
    expect(sameName('Dana Ortiz', 'Maria Ortiz')).toBe(false)
  })
})

describe('courses that never expire, and trends before the first roster', () => {
  it('counts a never-expiring course forever', () => {
    const data: TrainingData = {rosters: [roster([officer('a', '1', 'A A')])], trainings: [session('s', '2020-01-01', ['1'])], courses: [{id: 'cit', name: 'CIT', valid_months: 'never'}]}
    expect(computeCoverage(data, {asOf: '2040-01-01'}).total.percent).toBe(100)
    expect(computeDue(data, {asOf: '2040-01-01', withinDays: 3650}).officers).toEqual([])
    expect(new TrainingIndex(data.trainings, data.courses, data.rosters).validOn('pd', {id: 'a', badge: '1'}, '2099-01-01')?.expires).toBe('9999-12-31')
  })

  it('says "no data" for months before the roster was first imported instead of rebuilding them', () => {
    const r: Roster = {...roster([officer('a', '1', 'A A'), officer('b', '2', 'B B')]), tracked_since: '2026-03-15'}
    const data: TrainingData = {rosters: [r], trainings: [session('s', '2025-12-01', ['1'])], courses}
    const t = computeTrend(data, {asOf: '2026-04-10', months: 4})
    expect(t.points.map((p) => [p.month, p.noData, p.trained, p.total])).toEqual([
      ['2026-01', true, 0, 0],
      ['2026-02', true, 0, 0],
      ['2026-03', false, 1, 2],
      ['2026-04', false, 1, 2],
    ])
    expect(computeCoverage(data, {asOf: '2026-02-01'}).untracked).toEqual([{agency: 'pd', since: '2026-03-15'}])
  })
})

describe('migrating a badge-keyed roster', () => {
  it('gives each officer an id and the roster tracked_since, changing nothing else', () => {
    const text = '# Harbor PD.\nid: pd\nagency: pd\nas_of: "2026-11-16"\nofficers:\n  # the sergeant\n  - badge: "0077"\n    name: Marcus Bell # since 2008\n    status: active\n    history:\n      - {date: "2025-09-15", field: district, from: D4, to: D1}\n  - badge: "0412"\n    name: Dana Ortiz\n    status: active\n'
    const m = migrateRosterText(text, '2025-01-06')!
    expect(m.ids).toBe(2)
    expect(m.text).toBe('# Harbor PD.\nid: pd\nagency: pd\nas_of: "2026-11-16"\ntracked_since: "2025-01-06"\nofficers:\n  # the sergeant\n  - id: "lead-0077"\n    badge: "0077"\n    name: Marcus Bell # since 2008\n    status: active\n    history:\n      - {date: "2025-09-15", field: district, from: D4, to: D1}\n  - id: "lead-0412"\n    badge: "0412"\n    name: Dana Ortiz\n    status: active\n')
    expect(migrateRosterText(m.text, '2025-01-06')).toBeUndefined()
  })
})
