/**
 * Trainers' real exports end to end: an HR roster as .xlsx and .csv.gz with spreadsheet numbers and
 * a Y/N status, a badge reissued and a badge changed between two exports, a training platform's
 * export of 100 sessions, a name that is not the badge holder's, and the migration of a
 * badge-keyed roster — each checked against coverage computed by hand.
 */
import fs from 'node:fs'
import path from 'node:path'
import {gzipSync} from 'node:zlib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import writeXlsxFile from 'write-excel-file/node'
import {parse as parseYaml} from 'yaml'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv, writeSiteFile} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()
const commits = (root: string) => git(root, ['log', '--format=%s'], env).trim().split('\n')
const read = (root: string, rel: string) => parseYaml(fs.readFileSync(path.join(root, rel), 'utf8'))
const file = (name: string, content: string | Buffer) => {
  const f = path.join(tempDir('lead-export-'), name)
  fs.writeFileSync(f, content)
  return f
}

/** The example site plus a metro police partner (no roster yet) and a never-expiring course. */
function metroSite(): string {
  const root = exampleSite(env, {warm: true})
  writeSiteFile(root, 'partners/metro-pd.yaml', 'id: metro-pd\nname: Metro Police Department\ntype: law_enforcement\npcg_member: false\nowg_member: false\n')
  const config = fs.readFileSync(path.join(root, 'lead.yaml'), 'utf8').replace('privacy:', '  - id: cit\n    name: Crisis intervention certification\n    valid_months: never\nprivacy:')
  writeSiteFile(root, 'lead.yaml', config)
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-q', '-m', 'metro-pd and the CIT course'], env)
  return root
}

const coverage = (root: string, asOf: string) => runLead(['training', 'coverage', '--agency', 'metro-pd', '--course', 'cit', '--as-of', asOf, '--json'], {cwd: root, env}).json().total

describe('HR exports as they come', () => {
  let root: string
  beforeAll(() => {
    root = metroSite()
  })

  it('imports an .xlsx export with Y/N status, spreadsheet-number badges and employee numbers', async () => {
    const rows = [
      ['Emp No', 'STAR/BADGE', 'Last Name', 'First Name', 'Title', 'Unit', 'Active', 'Hire Date'],
      [100001, '5666.0', 'Kowalski', 'Ann', '9161 - POLICE OFFICER', 'Patrol', 'Y', new Date(Date.UTC(2002, 4, 6))],
      [100002, '13001.0', 'Chen', 'Bo', '9161 - POLICE OFFICER', 'Patrol', 'Y', new Date(Date.UTC(2010, 0, 4))],
      [100003, '13002.0', 'Diaz', 'Cy', '9161 - POLICE OFFICER', 'Patrol', 'Y', new Date(Date.UTC(2011, 1, 7))],
      [100004, '13003.0', 'Evans', 'Di', '9171 - SERGEANT', 'Patrol', 'Y', new Date(Date.UTC(2012, 2, 5))],
      [100005, '13004.0', "O'Brien", 'Marikay', '9161 - POLICE OFFICER', 'Patrol', 'N', new Date(Date.UTC(2013, 3, 1))],
    ].map((r) => r.map((v) => (v instanceof Date ? {value: v, format: 'mm/dd/yyyy'} : {value: v})))
    const xlsx = path.join(tempDir('lead-xlsx-'), 'metro-2026-07.xlsx')
    await writeXlsxFile(rows as never).toFile(xlsx)
    const r = runLead(['training', 'import-roster', xlsx, '--agency', 'metro-pd', '--date', '2026-07-01', '--map', 'badge=STAR/BADGE', '--value', 'status:Y=active,N=separated'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    // One summary line for 5 spreadsheet numbers, not one per row.
    expect(r.stderr.match(/SPREADSHEET_NUMBERS/g)).toHaveLength(1)
    expect(r.stderr).toContain('5 badge values were written as spreadsheet numbers (e.g. 5666.0) and read as whole numbers (5666)')
    const roster = read(root, 'rosters/metro-pd.yaml')
    expect(roster.tracked_since).toBe('2026-07-01')
    expect(roster.officers.map((o: any) => [o.id, o.badge, o.name, o.family_name, o.status, o.since])).toEqual([
      ['100001', '5666', 'Ann Kowalski', 'Kowalski', 'active', '2002-05-06'],
      ['100002', '13001', 'Bo Chen', 'Chen', 'active', '2010-01-04'],
      ['100003', '13002', 'Cy Diaz', 'Diaz', 'active', '2011-02-07'],
      ['100004', '13003', 'Di Evans', 'Evans', 'active', '2012-03-05'],
      ['100005', '13004', "Marikay O'Brien", "O'Brien", 'separated', '2013-04-01'],
    ])
  })

  it('imports a 100-session platform export in one command and one commit, creating the sessions', () => {
    // Session k (k = 1..100) on day k after 2025-01-01 trains badge 13001; session 1 also trains 5666.
    const lines = ['Course Title,Session Date,STAR/BADGE,Officer Name,Completion Status']
    for (let k = 1; k <= 100; k++) {
      const d = new Date(Date.UTC(2025, 0, 1 + k)).toISOString().slice(0, 10)
      lines.push(`CIT 40 Hour,${d},13001.0,Bo Chen,Completed`)
      if (k === 1) lines.push(`CIT 40 Hour,${d},5666,Ann Kowalski,Completed`)
      if (k === 2) lines.push(`CIT 40 Hour,${d},13002,Cy Diaz,Incomplete`)
    }
    const before = commits(root).length
    const r = runLead(['training', 'import-attendance', file('cit.csv', `${lines.join('\n')}\n`), '--agency', 'metro-pd', '--value', 'course:CIT 40 Hour=cit', '--map', 'badge=STAR/BADGE', '--json'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    const j = r.json()
    expect(j.counts).toMatchObject({added: 101, created: 100, absent: 1, skipped: 0})
    expect(commits(root).length).toBe(before + 1)
    expect(commits(root)[0]).toBe('training: import cit.csv (101 attendances in 100 sessions, 100 new)')
    expect(read(root, 'trainings/2025-01-02-metro-pd-cit.yaml')).toMatchObject({course: 'cit', date: '2025-01-02', agency: 'metro-pd', attendees: [{badge: '13001'}, {badge: '5666'}]})
    // Ann and Bo trained, Cy and Di not (Marikay separated): 2 of 4 = 50%.
    expect(coverage(root, '2026-07-02')).toEqual({trained: 2, total: 4, percent: 50})
    // Importing the same export again adds nothing and commits nothing.
    const again = runLead(['training', 'import-attendance', file('cit.csv', `${lines.join('\n')}\n`), '--agency', 'metro-pd', '--value', 'course:CIT 40 Hour=cit', '--map', 'badge=STAR/BADGE', '--json'], {cwd: root, env})
    expect(again.json().counts).toMatchObject({added: 0, already: 101, created: 0})
    expect(commits(root).length).toBe(before + 1)
  })

  it('a reissued badge and a badge change in a .csv.gz export: Ann keeps her training, Bo keeps his under a new badge', () => {
    // November: Ann retired and badge 5666 went to Ed Fox (new, hired 2018); Bo was promoted
    // to sergeant with badge 7001; the rank column dropped its job codes.
    const csv = [
      'Emp No,Star,Last Name,First Name,Title,Unit,Active,Hire Date',
      '100006,5666,Fox,Ed,POLICE OFFICER,Patrol,Y,09/10/2018',
      '100002,7001,Chen,Bo,SERGEANT,Patrol,Y,01/04/2010',
      '100003,13002,Diaz,Cy,POLICE OFFICER,Patrol,Y,02/07/2011',
      '100004,13003,Evans,Di,SERGEANT,Patrol,Y,03/05/2012',
      '100005,13004,O\'Brien,Marikay,POLICE OFFICER,Patrol,N,04/01/2013',
    ].join('\r\n')
    const gz = file('metro-2026-11.csv.gz', gzipSync(Buffer.from(`${csv}\r\n`)))
    // One departure in this five-officer agency is 25%, past the 20% safety stop.
    const r = runLead(['training', 'import-roster', gz, '--agency', 'metro-pd', '--date', '2026-11-01', '--value', 'status:Y=active,N=separated', '--allow-separations', '--json'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    const j = r.json()
    expect(j.added).toEqual([{id: '100006', badge: '5666', name: 'Ed Fox'}])
    expect(j.separated).toEqual([expect.objectContaining({id: '100001', name: 'Ann Kowalski', reason: 'missing'})])
    expect(j.changed).toEqual([{id: '100002', badge: '7001', name: 'Bo Chen', changes: [{field: 'badge', from: '13001', to: '7001'}, {field: 'rank', from: '9161 - POLICE OFFICER', to: 'SERGEANT'}]}])
    // Cy, Di and Marikay lost only their job codes: said once, not three rank changes.
    expect(j.reformatted).toEqual([{field: 'rank', count: 3, from: '9161 - POLICE OFFICER', to: 'POLICE OFFICER'}])
    // Past coverage is as it was in July: Ann and Bo of Ann, Bo, Cy, Di… plus Ed, hired in 2018.
    expect(coverage(root, '2026-07-02')).toEqual({trained: 2, total: 5, percent: 40})
    // Now: Bo (7001) trained; Ed, Cy, Di not: 1 of 4.
    expect(coverage(root, '2026-11-02')).toEqual({trained: 1, total: 4, percent: 25})
    expect(runLead(['validate', '--as-of', '2026-11-27'], {cwd: root, env}).code).toBe(0)
  })

  it('refuses a name that is not the badge holder on the session date, and --accept-name-mismatch credits it', () => {
    runLead(['new', 'training', '--id', '2026-11-20-metro-cit', '--set', 'course=cit', '--set', 'date=2026-11-20', '--set', 'agency=metro-pd'], {cwd: root, env})
    // Badge 5666 is Ed Fox's since November; the sheet says Ann Kowalski (an old badge list).
    const sheet = file('sign-in.csv', 'Badge,Name\n5666,Ann Kowalski\n13002,Cy Diaz\n')
    const r = runLead(['training', 'import-attendance', sheet, '--session', '2026-11-20-metro-cit'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('sign-in.csv:2:2: error NAME_MISMATCH badge 5666 was Ed Fox\'s on 2026-11-20, but the sheet says "Ann Kowalski"')
    expect(r.stderr).toMatch(/skipped rows and why: .*sign-in\.skipped\.csv/)
    expect(read(root, 'trainings/2026-11-20-metro-cit.yaml').attendees).toEqual([{badge: '13002'}])
    const report = fs.readFileSync(path.join(path.dirname(sheet), 'sign-in.skipped.csv'), 'utf8')
    expect(report).toContain('2,2,NAME_MISMATCH,error,')
    const strict = runLead(['training', 'import-attendance', sheet, '--session', '2026-11-20-metro-cit', '--strict'], {cwd: root, env})
    expect(strict.code).toBe(1)
    const ok = runLead(['training', 'import-attendance', sheet, '--session', '2026-11-20-metro-cit', '--accept-name-mismatch'], {cwd: root, env})
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stderr).toContain('warning NAME_MISMATCH')
    expect(read(root, 'trainings/2026-11-20-metro-cit.yaml').attendees).toEqual([{badge: '13002'}, {badge: '5666'}])
  })
})

describe('partial imports, truncation and dry runs', () => {
  let root: string
  beforeAll(() => {
    root = exampleSite(env, {warm: true})
  })

  it('imports the good rows, reports the bad ones to a file, and holds their officers', () => {
    const roster = read(root, 'rosters/harbor-county-sheriff.yaml')
    const rows = roster.officers.filter((o: any) => o.status === 'active' || o.status === 'leave').map((o: any) => `${o.badge},${o.name}`)
    rows[0] = `${rows[0]!.split(',')[0]},Ray\u0000Castillo` // a NUL byte: refused at its cell
    const csv = file('sheriff.csv', `Badge,Name\n${rows.join('\n')}\n`)
    const report = path.join(tempDir('lead-report-'), 'skipped.csv')
    const r = runLead(['training', 'import-roster', csv, '--agency', 'harbor-county-sheriff', '--date', '2026-11-20', '--report', report, '--json'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    const j = r.json()
    expect(j.problems).toEqual([expect.objectContaining({code: 'CONTROL_CHARACTER', row: 2, column: 2})])
    expect(j.counts.separated).toBe(0) // Ray Castillo's row was skipped: he is held, not separated
    expect(fs.readFileSync(report, 'utf8')).toContain('2,2,CONTROL_CHARACTER,error')
  })

  it('refuses a truncated export whatever the flags', () => {
    const csv = file('cut.csv', 'Badge,Name,Rank\n2218,Ray Castillo,Deputy\n2104,Te')
    const r = runLead(['training', 'import-roster', csv, '--agency', 'harbor-county-sheriff', '--date', '2026-11-21', '--allow-separations'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/error TABLE_TRUNCATED .*last row \(row 3\) has 2 of 3 columns/)
  })

  it('a dry run that would be refused exits 1 as the real run does', () => {
    const csv = file('empty.csv', 'Badge,Name\n')
    const dry = runLead(['training', 'import-roster', csv, '--agency', 'harbor-pd', '--date', '2026-11-21', '--dry-run'], {cwd: root, env})
    const real = runLead(['training', 'import-roster', csv, '--agency', 'harbor-pd', '--date', '2026-11-21'], {cwd: root, env})
    expect([dry.code, real.code]).toEqual([1, 1])
    expect(dry.stderr).toContain('MASS_SEPARATION')
  })

  it('creates an empty session without --set attendees=[]', () => {
    const r = runLead(['new', 'training', '--id', '2026-12-09-pd-initial', '--set', 'course=lead-initial', '--set', 'date=2026-12-09', '--set', 'agency=harbor-pd'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(runLead(['validate', '--as-of', '2026-11-27'], {cwd: root, env}).code).toBe(0)
  })
})

describe('lead training migrate-rosters', () => {
  it('gives every officer of a badge-keyed roster an id in one commit, keeping coverage', () => {
    const root = exampleSite(env, {warm: true})
    const file = path.join(root, 'rosters/harbor-pd.yaml')
    const before = runLead(['training', 'coverage', '--as-of', '2026-11-27', '--json'], {cwd: root, env}).json().total
    // Make it an old roster again: no ids, no tracked_since.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^ {2}- id: "[^"]+"\n {4}badge:/gm, '  - badge:').replace(/^tracked_since: .*\n/m, ''))
    git(root, ['commit', '-qam', 'old roster'], env)
    expect(runLead(['validate', '--as-of', '2026-11-27'], {cwd: root, env}).stdout).toContain('ROSTER_NOT_MIGRATED')
    const refused = runLead(['training', 'import-roster', file, '--agency', 'harbor-pd'], {cwd: root, env})
    expect(refused.code).toBe(3)
    expect(refused.stderr).toContain('lead training migrate-rosters')
    const m = runLead(['training', 'migrate-rosters', '--json'], {cwd: root, env})
    expect(m.code, m.stderr).toBe(0)
    expect(m.json().rosters).toEqual([{agency: 'harbor-pd', file: 'rosters/harbor-pd.yaml', ids: 44, trackedSince: '2026-11-16'}])
    expect(commits(root)[0]).toMatch(/^roster: officers become people with stable ids \(44 ids in 1 roster/)
    expect(runLead(['training', 'coverage', '--as-of', '2026-11-27', '--json'], {cwd: root, env}).json().total).toEqual(before)
    expect(runLead(['training', 'migrate-rosters'], {cwd: root, env}).stderr).toContain('nothing to do')
  })
})
