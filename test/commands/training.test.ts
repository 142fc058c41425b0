import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {spawnSync} from 'node:child_process'
import {BIN, cleanupTemp, exampleSite, git, REPO_ROOT, runLead, tempDir, testEnv, writeSiteFile} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv()
const AS_OF = '2026-11-27'
const read = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8')
const commits = (root: string) => git(root, ['log', '--format=%s'], env).trim().split('\n')
const csvFile = (content: string | Buffer, name = 'export.csv') => {
  const file = path.join(tempDir('lead-csv-'), name)
  fs.writeFileSync(file, content)
  return file
}

/** The example site plus a transit police partner that has no roster yet. */
function siteWithTransit(): string {
  const root = exampleSite(env, {warm: true})
  writeSiteFile(root, 'partners/harbor-transit-police.yaml', 'id: harbor-transit-police\nname: Harbor Transit Police\ntype: law_enforcement\npcg_member: false\nowg_member: false\n')
  git(root, ['add', '--', 'partners/harbor-transit-police.yaml'], env)
  git(root, ['commit', '-q', '-m', 'partner: add harbor-transit-police'], env)
  return root
}

describe('lead training import-roster', () => {
  let root: string
  beforeAll(() => {
    root = siteWithTransit()
  })

  it('creates a roster from a BOM + CRLF + semicolon export, keeping zeros and accents, and commits', () => {
    const first = csvFile('\uFEFFBadge #;Last Name;First Name;Rank;Assignment;Precinct;Watch;Status\r\n0042;"Muñoz; Jr.";Luis;Officer;Patrol;D1;Days;Active\r\n0107;Nguyễn;Thanh;Officer;Bike;D2;2nd;active\r\n0110;Dubois;Chloé;Sergeant;Patrol;D4;Nights;LOA\r\n', 'transit.csv')
    const r = runLead(['training', 'import-roster', first, '--agency', 'harbor-transit-police', '--date', '2026-01-05'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('added          3')
    expect(commits(root)[0]).toBe('roster: import harbor-transit-police (3 added, 0 changed, 0 separated)')
    const text = read(root, 'rosters/harbor-transit-police.yaml')
    expect(text.startsWith('# Officer roster.')).toBe(true)
    expect(text).toContain('  - id: "lead-0042"\n    badge: "0042"\n    name: "Luis Muñoz; Jr."\n    family_name: "Muñoz; Jr."\n    given_name: Luis\n')
    const roster = parseYaml(text)
    expect(roster.officers.map((o: any) => [o.badge, o.name, o.district, o.shift, o.status, o.catchment])).toEqual([
      ['0042', 'Luis Muñoz; Jr.', 'D1', 'day', 'active', true],
      ['0107', 'Thanh Nguyễn', 'D2', 'swing', 'active', true],
      ['0110', 'Chloé Dubois', 'D4', 'night', 'leave', false],
    ])
    expect(runLead(['validate', '--as-of', AS_OF], {cwd: root, env}).code).toBe(0)
  })

  it('applies transfers and separations from a second import, with dated history', () => {
    const second = csvFile('Serial,Name,Title,Unit,District,Shift\r\n0042,"Muñoz, Luis",Officer,Patrol,D4,day\r\n0110,Chloé Dubois,Sergeant,Patrol,D4,night\r\n0200,Ana Lima,Officer,Patrol,D1,day\r\n', 'march.csv')
    const dry = runLead(['training', 'import-roster', second, '--agency', 'harbor-transit-police', '--date', '2026-03-02', '--dry-run', '--json'], {cwd: root, env})
    // The dry run exits as the real run would: refused (1), with the preview.
    expect(dry.code, dry.stderr).toBe(1)
    expect(dry.json()).toMatchObject({dryRun: true, written: false, counts: {added: 1, changed: 1, separated: 1, unchanged: 1}})
    expect(commits(root)[0]).toContain('(3 added, 0 changed, 0 separated)')

    expect(dry.json().refused).toMatchObject({code: 'MASS_SEPARATION', message: `${second} would separate 1 of 3 active officers (33%); nothing was written`})
    const refused = runLead(['training', 'import-roster', second, '--agency', 'harbor-transit-police', '--date', '2026-03-02'], {cwd: root, env})
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('MASS_SEPARATION')
    expect(commits(root)[0]).toContain('(3 added, 0 changed, 0 separated)')

    const r = runLead(['training', 'import-roster', second, '--agency', 'harbor-transit-police', '--date', '2026-03-02', '--allow-separations', '--json'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json().refused).toBeUndefined()
    const out = r.json()
    expect(out.counts).toEqual({added: 1, changed: 1, separated: 1, unchanged: 1, skipped: 0, filtered: 0, ambiguous: 0})
    // "Muñoz, Luis" is Last, First: the same person, whose name lost its suffix.
    expect(out.changed.find((c: any) => c.badge === '0042').changes).toEqual([
      {field: 'name', from: 'Luis Muñoz; Jr.', to: 'Luis Muñoz'},
      {field: 'district', from: 'D1', to: 'D4'},
      {field: 'catchment', from: 'true', to: 'false'},
    ])
    expect(out.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(commits(root)[0]).toBe('roster: import harbor-transit-police (1 added, 1 changed, 1 separated)')
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe('rosters/harbor-transit-police.yaml')

    const roster = parseYaml(read(root, 'rosters/harbor-transit-police.yaml'))
    const by = (b: string) => roster.officers.find((o: any) => o.badge === b)
    expect(roster.as_of).toBe('2026-03-02')
    expect(by('0042').history).toEqual([
      {date: '2026-03-02', field: 'name', from: 'Luis Muñoz; Jr.', to: 'Luis Muñoz'},
      {date: '2026-03-02', field: 'district', from: 'D1', to: 'D4'},
      {date: '2026-03-02', field: 'catchment', from: 'true', to: 'false'},
    ])
    expect(by('0107')).toMatchObject({status: 'separated', history: [{date: '2026-03-02', field: 'status', from: 'active', to: 'separated'}]})
    expect(by('0110').history).toBeUndefined() // no status column: still on leave, unchanged
    expect(by('0200')).toMatchObject({catchment: true, status: 'active'})
    expect(by('0200').since).toBeUndefined() // no hire-date column
    expect(runLead(['validate', '--as-of', AS_OF], {cwd: root, env}).code).toBe(0)

    // The same export again changes nothing and commits nothing.
    const again = runLead(['training', 'import-roster', second, '--agency', 'harbor-transit-police', '--date', '2026-03-02'], {cwd: root, env})
    expect(again.code).toBe(0)
    expect(again.stderr).toContain('already matches the export')
    expect(commits(root)[0]).toBe('roster: import harbor-transit-police (1 added, 1 changed, 1 separated)')
  })

  it('keeps the leading comment of an existing roster', () => {
    const site = exampleSite(env, {warm: true})
    const before = read(site, 'rosters/harbor-pd.yaml')
    const file = csvFile('Badge,Name,District\n0412,Dana Ortiz,D2\n')
    const r = runLead(['training', 'import-roster', file, '--agency', 'harbor-pd', '--date', '2026-11-27', '--allow-separations'], {cwd: site, env})
    expect(r.code, r.stderr).toBe(0)
    const after = read(site, 'rosters/harbor-pd.yaml')
    expect(after.slice(0, after.indexOf('id:'))).toBe(before.slice(0, before.indexOf('id:')))
    expect(commits(site)[0]).toMatch(/^roster: import harbor-pd \(0 added, 1 changed, \d+ separated\)$/)
  })

  it('with --strict, reports every bad row as FILE:ROW:COLUMN and writes nothing', () => {
    const file = csvFile('Badge,Name,Status\n0001,Ann Lee,active\n,Bob Ray,active\n0001,Cy Diaz,active\n0004,Di Fox,retired-ish\n', 'bad.csv')
    const head = git(root, ['rev-parse', 'HEAD'], env)
    const before = read(root, 'rosters/harbor-transit-police.yaml')
    const r = runLead(['training', 'import-roster', file, '--agency', 'harbor-transit-police', '--strict'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(`${file}:3:1: error MISSING_BADGE badge is empty`)
    expect(r.stderr).toContain(`${file}:4:1: error DUPLICATE_BADGE badge "0001" is also on row 2`)
    expect(r.stderr).toContain(`${file}:5:3: error UNKNOWN_STATUS unknown status "retired-ish"`)
    expect(r.stderr).toContain('error CSV_INVALID 3 problems')
    expect(read(root, 'rosters/harbor-transit-police.yaml')).toBe(before)
    expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(head)

    const j = runLead(['training', 'import-roster', file, '--agency', 'harbor-transit-police', '--json', '--strict'], {cwd: root, env})
    expect(j.code).toBe(1)
    expect(j.stderr).not.toContain('MISSING_BADGE')
    expect(j.json().error.details.problems.map((p: any) => [p.code, p.row, p.column])).toEqual([['MISSING_BADGE', 3, 1], ['DUPLICATE_BADGE', 4, 1], ['UNKNOWN_STATUS', 5, 3]])
  })

  it('refuses badges whose leading zeros a spreadsheet dropped', () => {
    const site = exampleSite(env, {warm: true})
    const file = csvFile('Badge,Name\n412,Dana Ortiz\n0077,Marcus Bell\n', 'excel.csv')
    const r = runLead(['training', 'import-roster', file, '--agency', 'harbor-pd', '--strict'], {cwd: site, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${file}:2:1: error BADGE_ZEROS_LOST badge "412" looks like "0412" on the roster with its leading zeros lost`)
    expect(git(site, ['status', '--porcelain'], env)).toBe('')
  })

  it('asks for the agency at a terminal, and requires --agency elsewhere', () => {
    const site = exampleSite(env, {warm: true})
    const file = csvFile('Badge,Name,District\n2101,Test Deputy,N\n')
    const piped = runLead(['training', 'import-roster', file, '--dry-run'], {cwd: site, env})
    expect(piped.code).toBe(2)
    expect(piped.stderr).toContain('MISSING_AGENCY')
    expect(piped.stderr).toContain('law-enforcement partners: harbor-county-sheriff, harbor-pd')
    const ttyEnv = {...env}
    delete ttyEnv.CI
    // Down arrow, Enter: the second agency in the list.
    const steps = JSON.stringify([['roster does this export update\\?', '\u001b[B\r']])
    const run = spawnSync('python3', [path.join(REPO_ROOT, 'test/support/pty-driver.py'), steps, '--', process.execPath, BIN, 'training', 'import-roster', file, '--dry-run', '--allow-separations'], {cwd: site, env: ttyEnv, encoding: 'utf8'})
    const r = JSON.parse(run.stdout) as {code: number; output: string; timeout: boolean}
    expect(r.code, r.output).toBe(0)
    expect(r.timeout).toBe(false)
    expect(r.output).toContain("Harbor County Sheriff's Office (harbor-county-sheriff)")
    expect(r.output).toContain('rosters/harbor-pd.yaml ← ') // the second choice
    expect(r.output).toContain('dry run: nothing was written')
  })

  it('refuses an unknown agency and a --map of a column the file lacks (usage, exit 2)', () => {
    const file = csvFile('Badge,Name\n0001,Ann Lee\n')
    const r = runLead(['training', 'import-roster', file, '--agency', 'harbor-pdd'], {cwd: root, env})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('UNKNOWN_PARTNER unknown agency "harbor-pdd" (did you mean "harbor-pd"?)')
    const m = runLead(['training', 'import-roster', file, '--agency', 'harbor-pd', '--map', 'Serial=badge'], {cwd: root, env})
    expect(m.code).toBe(2)
    expect(m.stderr).toContain('UNKNOWN_COLUMN')
  })
})

describe('lead training import-attendance', () => {
  it('adds the officers on a sign-in sheet, skipping absent and already listed ones, and commits', () => {
    const root = exampleSite(env, {warm: true})
    const sheet = csvFile('Badge,Name,Signed\r\n2283,Marisa Delacroix,x\r\n2320,Owen Pritchard,x\r\n2145,Erik Halvorsen,\r\n', 'sign-in.csv')
    const r = runLead(['training', 'import-attendance', sheet, '--session', '2026-10-07-sheriff-initial', '--json'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json()).toMatchObject({added: [{badge: '2283', agency: 'harbor-county-sheriff', name: 'Marisa Delacroix'}], already: ['2320'], absent: 1, written: true})
    const text = read(root, 'trainings/2026-10-07-sheriff-initial.yaml')
    expect(text).toContain('  - {badge: "2320"}\n  - {badge: "2283"}\n')
    expect(text.startsWith('# ')).toBe(true)
    expect(commits(root)[0]).toBe('training: add 1 attendee to 2026-10-07-sheriff-initial')
    const due = runLead(['training', 'due', '--as-of', AS_OF, '--agency', 'harbor-county-sheriff', '--json'], {cwd: root, env})
    expect(due.json().officers.map((o: any) => o.badge)).not.toContain('2283')
  })

  it('lists unknown badges and officers gone before the session by row, writing nothing', () => {
    const root = exampleSite(env, {warm: true})
    const sheet = csvFile('Badge\n2283\n9999\n2277\n', 'sheet.csv')
    const r = runLead(['training', 'import-attendance', sheet, '--session', '2026-10-07-sheriff-initial', '--strict'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${sheet}:3:1: error UNKNOWN_BADGE no officer of harbor-county-sheriff held badge "9999" on 2026-10-07`)
    expect(r.stderr).toMatch(new RegExp(`${sheet.replace(/[.]/g, '\\.')}:4:1: error ATTENDEE_NOT_ACTIVE officer 2277 .* was separated on the session date 2026-10-07`))
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    const s = runLead(['training', 'import-attendance', sheet, '--session', '2026-10-07-sheriff-initia'], {cwd: root, env})
    expect(s.code).toBe(2)
    expect(s.stderr).toContain('did you mean "2026-10-07-sheriff-initial"')
  })
})

describe('lead training coverage, due and trend on the example site', () => {
  let root: string
  beforeAll(() => {
    root = exampleSite(env, {warm: true})
  })

  it('coverage: rows per agency, catchment first, a total, and --json with the same numbers', () => {
    const r = runLead(['training', 'coverage', '--as-of', AS_OF], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).not.toMatch(/\u001b\[/) // NO_COLOR
    const lines = r.stdout.split('\n')
    expect(lines.findIndex((l) => /^harbor-county-sheriff\s+yes\s+13\s+13\s+100\.0/.test(l))).toBeLessThan(lines.findIndex((l) => /^harbor-county-sheriff\s+7\s+8\s+87\.5/.test(l)))
    expect(r.stdout).toMatch(/^total\s+59\s+60\s+98\.3/m)
    const j = runLead(['training', 'coverage', '--as-of', AS_OF, '--json'], {cwd: root, env}).json()
    expect(j.total).toEqual({trained: 59, total: 60, percent: 98.3})
    expect(j.groups.map((g: any) => [g.value, g.catchment, g.trained, g.total])).toEqual([
      ['harbor-county-sheriff', true, 13, 13],
      ['harbor-pd', true, 25, 25],
      ['harbor-county-sheriff', false, 7, 8],
      ['harbor-pd', false, 14, 14],
    ])
  })

  it('coverage --min exits 1 when a group is below, 0 otherwise', () => {
    const low = runLead(['training', 'coverage', '--as-of', AS_OF, '--by', 'district', '--min', '90'], {cwd: root, env})
    expect(low.code).toBe(1)
    expect(low.stdout).toContain('1 group is below 90%: harbor-county-sheriff S')
    const j = runLead(['training', 'coverage', '--as-of', AS_OF, '--by', 'district', '--min', '90', '--json'], {cwd: root, env})
    expect(j.code).toBe(1)
    expect(j.json().below).toEqual(['harbor-county-sheriff|S|false'])
    expect(runLead(['training', 'coverage', '--as-of', AS_OF, '--by', 'district', '--min', '87'], {cwd: root, env}).code).toBe(0)
    const past = runLead(['training', 'coverage', '--as-of', '2026-02-28', '--catchment', '--agency', 'harbor-pd', '--course', 'lead-initial', '--json'], {cwd: root, env}).json()
    expect(past.catchmentOnly).toBe(true)
    expect(past.groups.every((g: any) => g.catchment && g.agency === 'harbor-pd')).toBe(true)
  })

  it('coverage refuses an unknown agency or course with a suggestion (exit 2)', () => {
    const r = runLead(['training', 'coverage', '--agency', 'harbor-p'], {cwd: root, env})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('did you mean "harbor-pd"')
    expect(runLead(['training', 'coverage', '--course', 'roll-cal'], {cwd: root, env}).stderr).toContain('did you mean "roll-call"')
    expect(runLead(['training', 'coverage', '--as-of', '2026-13-01'], {cwd: root, env}).code).toBe(2)
  })

  it('due: windows, filters, CSV and JSON', () => {
    const j = runLead(['training', 'due', '--as-of', AS_OF, '--json'], {cwd: root, env}).json()
    expect(j.withinDays).toBe(60)
    expect(j.officers.map((o: any) => [o.badge, o.reason, o.expires ?? null])).toEqual([
      ['0077', 'expiring', '2027-01-22'],
      ['0450', 'expiring', '2027-01-22'],
      ['2283', 'never', null],
    ])
    const narrow = runLead(['training', 'due', '--as-of', AS_OF, '--within', '30', '--json'], {cwd: root, env}).json()
    expect(narrow.officers.map((o: any) => o.badge)).toEqual(['2283'])
    const d1 = runLead(['training', 'due', '--as-of', AS_OF, '--agency', 'harbor-pd', '--district', 'D1', '--json'], {cwd: root, env}).json()
    expect(d1.officers.map((o: any) => o.badge)).toEqual(['0077', '0450'])
    const csv = runLead(['training', 'due', '--as-of', AS_OF, '--format', 'csv'], {cwd: root, env})
    expect(csv.code).toBe(0)
    const rows = csv.stdout.trimEnd().split('\r\n')
    expect(rows[0]).toBe('agency,badge,name,rank,unit,district,shift,catchment,due,last_training_date,last_course,last_session,expires,expiring_course,expiring_date,days')
    expect(rows[1]).toBe('harbor-pd,0077,Marcus Bell,Sergeant,Patrol,D1,day,yes,expiring,2025-01-22,lead-initial,2025-01-22-pd-initial,2027-01-22,lead-initial,2025-01-22,56')
    const table = runLead(['training', 'due', '--as-of', AS_OF], {cwd: root, env}).stdout
    expect(table).toContain('3 officers — 1 never trained, 0 expired, 2 expiring')
  })

  it('trend: one point per month end, the last at the as-of date, with a chart', () => {
    const r = runLead(['training', 'trend', '--as-of', AS_OF, '--months', '3', '--json'], {cwd: root, env})
    expect(r.code).toBe(0)
    const points = r.json().points
    expect(points.map((p: any) => [p.month, p.date])).toEqual([['2026-09', '2026-09-30'], ['2026-10', '2026-10-31'], ['2026-11', AS_OF]])
    // The sheriff's initial training on 2026-10-07 lifts October from 53 to 59 of 60 (all in the
    // non-catchment district S: the catchment officers were all trained already).
    expect(points.map((p: any) => [p.trained, p.total, p.percent, p.catchment.trained, p.catchment.total])).toEqual([
      [53, 60, 88.3, 38, 38],
      [59, 60, 98.3, 38, 38],
      [59, 60, 98.3, 38, 38],
    ])
    const text = runLead(['training', 'trend', '--as-of', AS_OF, '--months', '3'], {cwd: root, env}).stdout
    expect(text).toMatch(/^2026-11\s+2026-11-27\s+59\s+60\s+98\.3/m)
    expect(text).toContain('100% │')
    expect(text).toContain('2026-09 … 2026-11')
  })
})

describe('training validation rules', () => {
  it('flags attendees not on the roster or gone before the session, and untrained referrers', () => {
    const root = exampleSite(env, {warm: true})
    const session = read(root, 'trainings/2026-10-07-sheriff-initial.yaml')
    writeSiteFile(root, 'trainings/2026-10-07-sheriff-initial.yaml', `${session}  - {badge: "9999"}\n  - {badge: "2277"}\n`)
    const referral = read(root, 'referrals/2026/r-2026-11-03-k3f9q2.yaml')
    writeSiteFile(root, 'referrals/2026/r-2026-11-03-k3f9q2.yaml', referral.replace('referrer: {agency: harbor-pd, badge: "0412"}', 'referrer: {agency: harbor-county-sheriff, badge: "2283"}'))
    const r = runLead(['validate', '--as-of', AS_OF, '--json'], {cwd: root, env})
    expect(r.code).toBe(1)
    const found = r.json().diagnostics.map((d: any) => [d.code, d.severity, d.file])
    expect(found).toContainEqual(['UNKNOWN_BADGE', 'error', 'trainings/2026-10-07-sheriff-initial.yaml'])
    expect(found).toContainEqual(['ATTENDEE_NOT_ACTIVE', 'error', 'trainings/2026-10-07-sheriff-initial.yaml'])
    expect(found).toContainEqual(['REFERRER_UNTRAINED', 'warning', 'referrals/2026/r-2026-11-03-k3f9q2.yaml'])
    const untrained = r.json().diagnostics.find((d: any) => d.code === 'REFERRER_UNTRAINED')
    expect(untrained.message).toBe('referred on 2026-11-03 by officer 2283 of harbor-county-sheriff, who had no LEAD training')
    const notActive = r.json().diagnostics.find((d: any) => d.code === 'ATTENDEE_NOT_ACTIVE')
    expect(notActive.message).toContain('was separated on the session date 2026-10-07')

    // A site may make the untrained-referrer finding an error, or turn it off.
    const config = read(root, 'lead.yaml')
    writeSiteFile(root, 'lead.yaml', `${config}rules:\n  REFERRER_UNTRAINED: error\n`)
    const strict = runLead(['validate', '--as-of', AS_OF, '--json', 'referrals/2026/r-2026-11-03-k3f9q2.yaml'], {cwd: root, env}).json()
    expect(strict.diagnostics.map((d: any) => [d.code, d.severity])).toEqual([['REFERRER_UNTRAINED', 'error']])
    writeSiteFile(root, 'lead.yaml', `${config}rules:\n  REFERRER_UNTRAINED: "off"\n`)
    const off = runLead(['validate', '--as-of', AS_OF, '--json', 'referrals/2026/r-2026-11-03-k3f9q2.yaml'], {cwd: root, env})
    expect(off.code).toBe(0)
    expect(off.json().diagnostics).toEqual([])
  })
})

describe('training review fixes', () => {
  it('refuses a header-only export that would separate the whole agency, unless --allow-separations', () => {
    const root = exampleSite(env, {warm: true})
    const head = git(root, ['rev-parse', 'HEAD'], env)
    const before = read(root, 'rosters/harbor-pd.yaml')
    const empty = csvFile('Badge,Name\n', 'empty.csv')
    const r = runLead(['training', 'import-roster', empty, '--agency', 'harbor-pd'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`error MASS_SEPARATION ${empty.replace(/[.]/g, '\\.')} would separate 41 of 41 active officers \\(all\\); nothing was written`))
    expect(r.stderr).toContain('--allow-separations')
    expect(read(root, 'rosters/harbor-pd.yaml')).toBe(before)
    expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(head)
    const j = runLead(['training', 'import-roster', empty, '--agency', 'harbor-pd', '--json'], {cwd: root, env})
    expect(j.json().error).toMatchObject({code: 'MASS_SEPARATION', details: {active: 41}})
    const ok = runLead(['training', 'import-roster', empty, '--agency', 'harbor-pd', '--allow-separations', '--json'], {cwd: root, env})
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.json().counts.separated).toBe(41)
  })

  it('refuses an export older than the roster unless --force', () => {
    const root = exampleSite(env, {warm: true})
    const file = csvFile(read(root, 'rosters/harbor-pd.yaml').match(/badge: "(\d+)"\n\s+name: (.*)\n/g)!.map((m) => m.replace(/badge: "(\d+)"\n\s+name: (.*)\n/, '$1,"$2"')).reduce((a, l) => `${a}${l}\n`, 'Badge,Name\n'))
    const r = runLead(['training', 'import-roster', file, '--agency', 'harbor-pd', '--date', '2026-11-15'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('EXPORT_OLDER_THAN_ROSTER rosters/harbor-pd.yaml is as of 2026-11-16, later than this export (2026-11-15)')
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    const forced = runLead(['training', 'import-roster', file, '--agency', 'harbor-pd', '--date', '2026-11-15', '--force', '--allow-separations', '--json'], {cwd: root, env})
    expect(forced.code, forced.stderr).toBe(0)
    expect(runLead(['training', 'import-roster', file, '--agency', 'harbor-pd', '--date', '2026-11-16', '--dry-run'], {cwd: root, env}).code).toBe(0)
  })

  it('refuses a partner that is not a law-enforcement agency (exit 2)', () => {
    const root = exampleSite(env, {warm: true})
    const r = runLead(['training', 'import-roster', csvFile('Badge,Name\n0001,Ann Lee\n'), '--agency', 'harbor-county-prosecutor'], {cwd: root, env})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('NOT_LAW_ENFORCEMENT harbor-county-prosecutor is a prosecutor partner; rosters are kept for law-enforcement agencies only')
    expect(r.stderr).toContain('law-enforcement partners: harbor-county-sheriff, harbor-pd')
    expect(fs.existsSync(path.join(root, 'rosters/harbor-county-prosecutor.yaml'))).toBe(false)
  })

  it('refuses formula-like names, stray non-UTF-8 bytes and ambiguous badge columns on import', () => {
    const root = siteWithTransit()
    const f = csvFile('Badge,Name\n0001,"=HYPERLINK(""http://evil"",""x"")"\n0002,@SUM(1+1)\n', 'formula.csv')
    const r = runLead(['training', 'import-roster', f, '--agency', 'harbor-transit-police'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${f}:2:2: error FORMULA_NAME`)
    expect(r.stderr).toContain(`${f}:3:2: error FORMULA_NAME officer 0002's name "@SUM(1+1)" has a part starting with @`)
    const stray = csvFile(Buffer.concat([Buffer.from('Badge,Name\n0001,José Muñoz\n0002,Ren'), Buffer.from([0xe9]), Buffer.from(' Roy\n')]), 'stray.csv')
    const s = runLead(['training', 'import-roster', stray, '--agency', 'harbor-transit-police'], {cwd: root, env})
    expect(s.code).toBe(1)
    expect(s.stderr).toContain(`${stray}:3:9: error CSV_ENCODING byte 0xE9 (offset 37) is not UTF-8`)
    const both = csvFile('Employee ID,Badge,Name\nE-9,0001,Ann Lee\n', 'both.csv')
    const b = runLead(['training', 'import-roster', both, '--agency', 'harbor-transit-police', '--json'], {cwd: root, env})
    expect(b.code, b.stderr).toBe(0)
    expect(b.json().added).toEqual([{id: 'E-9', badge: '0001', name: 'Ann Lee'}])
    const two = csvFile('Badge #,Badge No,Name\n1,0001,Ann Lee\n', 'two.csv')
    const t = runLead(['training', 'import-roster', two, '--agency', 'harbor-transit-police'], {cwd: root, env})
    expect(t.code).toBe(2)
    expect(t.stderr).toContain('AMBIGUOUS_COLUMN columns "Badge #" and "Badge No" could both be the badge')
    expect(t.stderr).toContain('--map "badge=Badge #"')
  })

  it('due --format csv neutralises formula-like names through the shared CSV writer, with --bom', () => {
    const root = exampleSite(env, {warm: true})
    const roster = read(root, 'rosters/harbor-county-sheriff.yaml')
    writeSiteFile(root, 'rosters/harbor-county-sheriff.yaml', roster.replace(/name: Marisa Delacroix/, `name: '=HYPERLINK("http://evil","x")'`))
    const r = runLead(['training', 'due', '--as-of', AS_OF, '--format', 'csv', '--bom'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.startsWith('\uFEFFagency,badge,name,')).toBe(true)
    expect(r.stdout).toContain(`harbor-county-sheriff,2283,"'=HYPERLINK(""http://evil"",""x"")"`)
    expect(r.stdout.split('\r\n')[0]).toContain(',catchment,due,')
    const raw = runLead(['training', 'due', '--as-of', AS_OF, '--format', 'csv', '--no-neutralize'], {cwd: root, env})
    expect(raw.stdout.startsWith('agency,')).toBe(true)
    expect(raw.stdout).toContain(`2283,"=HYPERLINK(""http://evil"",""x"")"`)
    expect(runLead(['training', 'due', '--as-of', AS_OF], {cwd: root, env}).stdout).toMatch(/catchment\s+due\s+last training/)
  })

  it('sign-in sheets: lost leading zeros get the roster badge, an officer on leave is accepted with a warning', () => {
    const root = exampleSite(env, {warm: true})
    const sheet = csvFile('Badge\n93\n2072\n', 'sheet.csv')
    const r = runLead(['training', 'import-attendance', sheet, '--session', '2026-10-07-sheriff-initial', '--strict'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${sheet}:2:1: error BADGE_ZEROS_LOST badge "93" looks like "0093" on the harbor-county-sheriff roster with its leading zeros lost`)
    expect(r.stderr).not.toContain('UNKNOWN_BADGE')
    const leave = csvFile('Badge\n2072\n', 'leave.csv')
    const l = runLead(['training', 'import-attendance', leave, '--session', '2026-10-07-sheriff-initial'], {cwd: root, env})
    expect(l.code, l.stderr).toBe(0)
    expect(l.stderr).toContain(`${leave}:2:1: warning ATTENDEE_ON_LEAVE officer 2072 (Derek Yamamoto) was on leave on 2026-10-07`)
    expect(read(root, 'trainings/2026-10-07-sheriff-initial.yaml')).toContain('{badge: "2072"}')
    // lead validate judges the same attendee the same way: a warning, not an error.
    const v = runLead(['validate', '--as-of', AS_OF, '--json'], {cwd: root, env}).json()
    expect(v.diagnostics.filter((d: any) => d.code.startsWith('ATTENDEE_')).map((d: any) => [d.code, d.severity])).toEqual([['ATTENDEE_ON_LEAVE', 'warning']])
  })

  it('sign-in sheets follow the site re-grading of ATTENDEE_ON_LEAVE in lead.yaml, as validate does', () => {
    const root = exampleSite(env, {warm: true})
    writeSiteFile(root, 'lead.yaml', `${read(root, 'lead.yaml')}rules:\n  ATTENDEE_ON_LEAVE: error\n`)
    git(root, ['commit', '-q', '-am', 'site: on leave is an error'], env)
    const leave = csvFile('Badge\n2072\n', 'leave.csv')
    const r = runLead(['training', 'import-attendance', leave, '--session', '2026-10-07-sheriff-initial'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${leave}:2:1: error ATTENDEE_ON_LEAVE officer 2072 (Derek Yamamoto) was on leave on 2026-10-07`)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('an officer added by a later import can be signed in to an earlier session', () => {
    const root = siteWithTransit()
    expect(runLead(['training', 'import-roster', csvFile('Badge,Name\n0001,Ann Lee\n0002,Bo Diaz\n0003,Cy Fox\n0004,Di Roe\n0005,Ed Poe\n'), '--agency', 'harbor-transit-police', '--date', '2026-01-05'], {cwd: root, env}).code).toBe(0)
    const later = csvFile('Badge,Name\n0001,Ann Lee\n0002,Bo Diaz\n0003,Cy Fox\n0004,Di Roe\n0005,Ed Poe\n0006,Fay Wu\n')
    expect(runLead(['training', 'import-roster', later, '--agency', 'harbor-transit-police', '--date', '2026-06-01'], {cwd: root, env}).code).toBe(0)
    writeSiteFile(root, 'trainings/2026-03-10-transit.yaml', 'id: "2026-03-10-transit"\ncourse: lead-initial\ndate: "2026-03-10"\nagency: harbor-transit-police\nattendees: []\n')
    git(root, ['add', '--', 'trainings/2026-03-10-transit.yaml'], env)
    git(root, ['commit', '-q', '-m', 'training: add 2026-03-10-transit'], env)
    const r = runLead(['training', 'import-attendance', csvFile('Badge\n0006\n'), '--session', '2026-03-10-transit'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('+ 0006  Fay Wu')
  })
})
