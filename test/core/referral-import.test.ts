import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {LeadError} from '../../src/core/errors.js'
import {keyedHash, loadImportKey} from '../../src/core/import/import-key.js'
import {readMappingFile, saveMappingFile} from '../../src/core/import/import-mapping.js'
import {importReferrals, statuteReader, type ReferralImportOptions} from '../../src/core/import/referral-import.js'
import {readSite} from '../../src/core/site.js'
import {parseValueMaps, type TableProblem} from '../../src/core/tabular/index.js'
import {cleanupTemp, git, testEnv, useGitEnv} from '../support/cli.js'
import {committedReferralSite} from '../support/referral-site.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

/**
 * A police-style export in America/Los_Angeles, local times without offsets: row 3 is in the hour
 * repeated on the 2025-11-02 fall-back night, row 4 in the hour skipped on the 2026-03-08
 * spring-forward night; row 6 names a person in its notes; row 7 carries a charge code nobody mapped.
 */
const EXPORT = `Case Number,Date,Time,Offense,Beat,Badge,Age OK,Exclusions,Status,Notes
C-1,2025-11-02,00:40,TRESP,D1,0412,yes,none,received,
C-2,2025-11-02,01:30,TRESP,D2,0077,yes,none,received,
C-3,2026-03-08,02:30,TRESP,D1,0412,yes,none,received,
C-4,2026-03-08,03:30,MISCH,D1,0412,yes,none,enrolled,Prefers afternoon check-ins.
C-5,2026-03-09,10:00,TRESP,D1,0077,yes,none,received,Seen with Maria Lopez at the pier.
C-6,2026-03-10,11:00,ROBB,D2,0412,yes,none,received,
`
const CLEAN = EXPORT.replace('2026-03-08,02:30', '2026-03-08,03:05').replace('Seen with Maria Lopez at the pier.', 'Seen at the pier.').replace(/C-6,.*\n/, '')

let root: string
let file: string
beforeEach(() => {
  root = committedReferralSite(env)
  file = path.join(root, 'arrests.csv')
})

const write = (text: string, name = 'arrests.csv') => fs.writeFileSync(path.join(root, name), text)
const readFileLines = () => fs.readFileSync(file, 'utf8').trim().split('\n')
const run = (extra: Partial<ReferralImportOptions> = {}) =>
  importReferrals(readSite(root), {
    file: 'arrests.csv',
    abs: file,
    map: ['source_key=Case Number'],
    values: parseValueMaps(['charges:TRESP=RCW 2,MISCH=RCW 3']),
    set: ['pathway=arrest_diversion', 'referrer.agency=harbor-pd'],
    ...extra,
  })
const refusal = async (p: Promise<unknown>) => {
  const error = await p.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(LeadError)
  return error as LeadError & {details: {problems: TableProblem[]}}
}
const commits = () => git(root, ['rev-list', '--count', 'HEAD'], env).trim()
const referralFiles = () => fs.readdirSync(path.join(root, 'referrals'), {recursive: true, encoding: 'utf8'}).filter((f) => f.endsWith('.yaml')).length

describe('lead import referrals (core)', {timeout: 120_000}, () => {
  it('refuses the whole file, listing every problem at FILE:ROW:COLUMN, without repeating a cell', async () => {
    write(EXPORT)
    const error = await refusal(run())
    expect(error.code).toBe('CSV_INVALID')
    const errors = error.details.problems.filter((p) => (p.severity ?? 'error') === 'error')
    expect(errors.map((p) => `${p.file}:${p.row}:${p.column} ${p.code}`)).toEqual([
      'arrests.csv:3:3 AMBIGUOUS_TIME',
      'arrests.csv:4:3 SKIPPED_TIME',
      'arrests.csv:6:10 PII_NAME',
      'arrests.csv:7:4 UNKNOWN_CHARGE',
    ])
    // Both readings of the repeated 01:30 are offered.
    expect(errors[0]!.hint).toContain('2025-11-02T01:30:00-07:00 (the first, before clocks went back) or 2025-11-02T01:30:00-08:00 (the second)')
    expect(errors[0]!.hint).toContain('--fold earlier|later')
    const shown = JSON.stringify(error.details.problems)
    expect(shown).not.toContain('Maria')
    expect(shown).not.toContain('Lopez')
    expect(shown).not.toContain('ROBB')
    // Validation's own wording, through the privacy gate: what kind of identifier and where, never an excerpt.
    expect(errors[2]!.message).toMatch(/^notes looks like it holds a person's name \(\d+ characters from character \d+\); referral, consent and meeting records hold pseudonymous codes only$/)
    // Nothing was written or committed, and no import key was kept.
    expect(commits()).toBe('1')
    expect(referralFiles()).toBe(8)
    expect(fs.readdirSync(path.join(root, '.git', 'lead'), {withFileTypes: true}).some((f) => f.name.startsWith('import-key'))).toBe(false)
  })

  it('never names the export in the commit, which history keeps forever (a file may be named after a person)', async () => {
    const named = 'Wilhelmina Gustafsson arrests 2026.csv'
    write(CLEAN, named)
    const done = await run({file: named, abs: path.join(root, named), fold: 'earlier'})
    expect(done.created.length).toBeGreaterThan(0)
    const log = git(root, ['log', '-1', '--format=%B'], env)
    expect(log).toMatch(/^referral: import \d+ from a \.csv file/)
    expect(log).not.toMatch(/Wilhelmina|Gustafsson|arrests/)
  })

  it('--fold takes one reading of the repeated hour; all rows land in one commit; a re-run creates nothing twice', async () => {
    write(CLEAN)
    const dry = await run({fold: 'later', dryRun: true})
    expect(dry.created.map((c) => [c.row, c.data.received])).toEqual([
      [2, '2025-11-02T00:40:00-07:00'],
      [3, '2025-11-02T01:30:00-08:00'],
      [4, '2026-03-08T03:05:00-07:00'],
      [5, '2026-03-08T03:30:00-07:00'],
      [6, '2026-03-09T10:00:00-07:00'],
    ])
    expect(commits()).toBe('1')
    expect(referralFiles()).toBe(8)

    const first = await run({fold: 'earlier'})
    expect(first.created).toHaveLength(5)
    expect(first.created[1]!.data.received).toBe('2025-11-02T01:30:00-07:00')
    expect(commits()).toBe('2')
    expect(git(root, ['show', '--name-only', '--format=%s', 'HEAD'], env).trim().split('\n')).toEqual(['referral: import 5 from a .csv file', '', ...first.created.map((c) => `referrals/${c.id.slice(2, 6)}/${c.id}.yaml`).sort()])
    const text = fs.readFileSync(path.join(root, `referrals/2026/${first.created[3]!.id}.yaml`), 'utf8')
    expect(text).toMatch(/^participant: P-[0-9A-Z]{6}$/m)
    expect(text).toMatch(/^import_key: [a-z]{26}$/m)
    expect(text).toContain('exclusions_hit: []')
    expect(text).not.toContain('C-4') // the case number is kept only as a keyed hash

    const again = await run({fold: 'earlier'})
    expect(again.created).toEqual([])
    expect(again.alreadyImported).toEqual([2, 3, 4, 5, 6])
    expect(commits()).toBe('2')
    // Another export of the same cases (reordered, one row repeated) is still recognised by its case numbers.
    const lines = CLEAN.trim().split('\n')
    write(`${[lines[0], lines[3], lines[1], lines[3]].join('\n')}\n`)
    expect(await run({fold: 'earlier'})).toMatchObject({created: [], alreadyImported: [2, 3, 4], repeated: []})
    // A new case listed twice in one file is imported once, with a warning at the repeat.
    write(`${lines[0]}\nC-9,2026-03-20,09:00,TRESP,D1,0412,yes,none,received,\nC-9,2026-03-20,09:00,TRESP,D1,0412,yes,none,received,\n`)
    const repeat = await run()
    expect(repeat).toMatchObject({alreadyImported: [], repeated: [3]})
    expect(repeat.created.map((c) => c.row)).toEqual([2])
    expect(repeat.warnings.filter((w) => w.code === 'DUPLICATE_ROW').map((w) => [w.row, w.severity])).toEqual([[3, 'warning']])
  })

  it('reads statute text as the declared code it starts with, a social contact\'s evidence, and a shared unit only beside an amount', async () => {
    write(`Date,Time,Pathway,Statute,Qty,Beat,Badge,Age OK,Exclusions,Status,Prior Contact Date,Prior Contact
2026-03-11,10:00,arrest_diversion,RCW 1 - VUCSA POSSESSION,0.4,D1,0412,yes,none,received,,
2026-03-12,10:00,arrest_diversion,rcw 2 criminal trespass 2nd degree,,D1,0412,yes,none,received,,
2026-03-13,10:00,social_contact,,,D2,0077,yes,none,received,2026-02-01,Trespass warning at the transit center.
2026-03-14,10:00,social_contact,,,D2,0077,yes,none,received,,
2026-03-15,10:00,arrest_diversion,RCW 12 SOMETHING ELSE,,D1,0412,yes,none,received,,
`)
    const error = await refusal(run({map: [], set: ['referrer.agency=harbor-pd', 'quantity.unit=g']}))
    // Row 5 lacks the conduct a social contact rests on (no such column cell: the row, column 1);
    // row 6's statute is not RCW 1 followed by text, but another code nobody declared.
    expect(error.details.problems.filter((p) => (p.severity ?? 'error') === 'error').map((p) => `${p.row}:${p.column} ${p.code}`)).toEqual(['5:1 EVIDENCE_MISSING', '6:4 UNKNOWN_CHARGE'])
    write(readFileLines().slice(0, 4).join('\n') + '\n')
    const ok = await run({map: [], set: ['referrer.agency=harbor-pd', 'quantity.unit=g'], dryRun: true})
    expect(ok.created.map((c) => [c.data.charges, c.data.quantity, c.data.evidence])).toEqual([
      [['RCW 1'], {amount: 0.4, unit: 'g'}, undefined],
      [['RCW 2'], undefined, undefined],
      [undefined, undefined, [{date: '2026-02-01', description: 'Trespass warning at the transit center.'}]],
    ])
    const code = statuteReader(new Set(['RCW 69.50.401', 'RCW 69.50.4013']))
    expect(['RCW 69.50.4013 VUCSA', 'RCW 69.50.401: DELIVERY', 'rcw 69.50.401', 'RCW 69.50.40133'].map(code)).toEqual(['RCW 69.50.4013', 'RCW 69.50.401', 'RCW 69.50.401', 'RCW 69.50.40133'])
  })

  it('scans every refused row for identifiers in the same run, whatever refused it, showing none', async () => {
    // Each row is refused for a problem of its own, and each holds an identifier that validation,
    // which judges only the rows that would be written, never saw.
    write(`Case Number,Date,Time,Offense,Beat,Badge,Age OK,Exclusions,Status,Notes
C-11,2026-03-09,09:15,TRESP,D1,0412,yes,none,received,Prefers afternoon check-ins.
C-12,2026-03-09,10:40,ROBB,D2,0077,yes,none,received,Call her cousin at 360-555-0142 after 5 PM.
C-13,2026-03-08,02:30,TRESP,D1,0412,yes,none,received,Left with his sister Ana Morales.
C-14,2026-03-10,11:05,MISCH,D1,0412,maybe,none,received,DOB 04/17/1988 per dispatch.
C-15,2026-03-10,13:20,TRESP,D2,0077,yes,none,received,Asked for a follow-up, ring 206-555-0199
`)
    for (const dryRun of [false, true]) {
      const error = await refusal(run({dryRun}))
      const errors = error.details.problems.filter((p) => (p.severity ?? 'error') === 'error')
      expect(errors.map((p) => `${p.file}:${p.row}:${p.column} ${p.code}`)).toEqual([
        'arrests.csv:3:4 UNKNOWN_CHARGE',
        'arrests.csv:3:10 PII_PHONE',
        'arrests.csv:4:3 SKIPPED_TIME',
        'arrests.csv:4:10 PII_NAME',
        'arrests.csv:5:7 BAD_VALUE',
        'arrests.csv:5:10 PII_DOB',
        'arrests.csv:6:11 EXTRA_CELLS',
        'arrests.csv:6:11 PII_PHONE',
      ])
      const pii = error.details.problems.filter((p) => p.code.startsWith('PII_'))
      expect(pii[0]!.message).toMatch(/^notes looks like it holds a phone number \(\d+ characters from character \d+\); referral, consent and meeting records hold pseudonymous codes only$/)
      expect(pii[3]!.message).toMatch(/^a cell past the header's last column looks like it holds a phone number/)
      expect(JSON.stringify(error.details) + error.message).not.toMatch(/360-555|0142|Ana|Morales|04\/17|1988|206-555|0199|ROBB/)
    }
    expect(commits()).toBe('1')
  })

  it('scans a cell it could not read as its field\'s type as text: a mis-mapped column of names is found, never shown', async () => {
    // Time, Age OK and Date hold what their types refuse; a refused cell with no identifier in it
    // gets no finding, nor does a date a date cell refuses (a day-first date is no birth date there).
    write(`Case Number,Date,Time,Offense,Beat,Badge,Age OK,Exclusions,Status,Notes
C-21,2026-03-09,Ana Morales,TRESP,D1,0412,yes,none,received,
C-22,2026-03-09,10:40,TRESP,D2,0077,call 360-555-0142,none,received,
C-23,2026-03-10,25:99,TRESP,D1,0412,yes,none,received,
C-24,2026-03-10,11:05,TRESP,D1,0412,yes,none,received,
C-25,360-555-0199,11:05,TRESP,D1,0412,yes,none,received,
C-26,17/04/1988,11:05,TRESP,D1,0412,yes,none,received,
`)
    const error = await refusal(run({dryRun: true}))
    const errors = error.details.problems.filter((p) => (p.severity ?? 'error') === 'error')
    expect(errors.map((p) => `${p.file}:${p.row}:${p.column} ${p.code}`)).toEqual([
      'arrests.csv:2:3 BAD_TIME',
      'arrests.csv:2:3 PII_NAME',
      'arrests.csv:3:7 BAD_VALUE',
      'arrests.csv:3:7 PII_PHONE',
      'arrests.csv:4:3 BAD_TIME',
      'arrests.csv:6:2 PII_PHONE',
      'arrests.csv:6:3 BAD_TIME',
      'arrests.csv:7:3 BAD_TIME',
    ])
    expect(errors[1]!.message).toMatch(/^the received time cell looks like it holds a person's name \(11 characters from character 1\)/)
    expect(errors[1]!.hint).toBe('this column is read as received_time: if it is not the received time, map the column that is (--map received_time=COLUMN) and leave this one out; if it is, the export holds an identifier here that no record may')
    expect(errors[3]!.message).toMatch(/^the age ok cell looks like it holds a phone number/)
    expect(JSON.stringify(error.details) + error.message).not.toMatch(/Ana|Morales|360-555|0142|0199|25:99|1988/)
  })

  it('lets a charge code the site declares pass in the cells it scans as text, as in a record', async () => {
    // Michigan's codes hold a section number that reads as a phone number (333.7403).
    const protocol = path.join(root, 'protocols/2026-v2.yaml')
    fs.writeFileSync(protocol, fs.readFileSync(protocol, 'utf8').replace('divertible_charges:\n', 'divertible_charges:\n  - {code: "MCL 333.7403(2)(a)(v)", label: Possession of marihuana, category: drug}\n'))
    git(root, ['commit', '-qam', 'a Michigan charge'], env)
    write(`Case Number,Date,Time,Offense,Beat,Badge,Age OK,Exclusions,Status,Notes
C-31,2026-03-09,MCL 333.7403,TRESP,D1,0412,yes,none,received,Charged under MCL 333.7403(2)(a)(v), then released
C-32,2026-03-09,10:40,TRESP,D2,0077,yes,none,received,Released, call 360-555-0142
`)
    const error = await refusal(run({dryRun: true}))
    const errors = error.details.problems.filter((p) => (p.severity ?? 'error') === 'error')
    expect(errors.map((p) => `${p.row}:${p.column} ${p.code}`)).toEqual(['2:11 EXTRA_CELLS', '3:11 EXTRA_CELLS', '3:11 PII_PHONE'])
  })

  it('checks the charges of every row, an ineligible one\'s too; an undeclared district is refused unseen', async () => {
    write(`Date,Time,Statute,Beat,Badge,Age OK,Exclusions,Status
2026-03-11,10:00,Wilhelmina Gustafsson,D1,0412,yes,none,ineligible
2026-03-12,10:00,RCW 2 TRESPASS,Pier 39,0077,yes,none,received
`)
    const error = await refusal(run({map: [], dryRun: true}))
    expect(error.details.problems.filter((p) => (p.severity ?? 'error') === 'error').map((p) => `${p.row}:${p.column} ${p.code}`)).toEqual(['2:3 UNKNOWN_CHARGE', '3:4 DISTRICT_NOT_DECLARED'])
    expect(JSON.stringify(error.details.problems)).not.toMatch(/Pier|Wilhelmina|Gustafsson/)
    write(readFileLines().join('\n').replace('Pier 39', 'D2').replace('Wilhelmina Gustafsson', 'RCW 1 POSSESSION') + '\n')
    const r = await run({map: [], dryRun: true})
    expect(r.created.map((c) => c.shown)).toEqual([
      {received: '2026-03-11T10:00:00-07:00', pathway: 'arrest_diversion', referrer: ['harbor-pd', '0412'], district: 'D1', charges: ['RCW 1'], status: 'ineligible'},
      {received: '2026-03-12T10:00:00-07:00', pathway: 'arrest_diversion', referrer: ['harbor-pd', '0077'], district: 'D2', charges: ['RCW 2'], status: 'received'},
    ])
    for (const c of r.created) expect(JSON.stringify(r.created.map((x) => x.shown))).not.toContain(c.data.participant as string)
  })

  it('traces a finding on a list item or a referrer part to its own column, with an example fitting the field', async () => {
    write(`Date,Time,Statute,Agency,Beat,Catchment,Badge,Age OK,Exclusions,Status
2026-03-11,10:00,RCW 1,harbor-pd,D1,downtown,0412,yes,no-such-exclusion,received
2026-03-12,10:00,RCW 1,harbor-pd,D1,downtown,9999,yes,none,received
2026-03-13,10:00,RCW 1,harbor-pd,D1,Down Town!,0412,yes,none,received
2026-03-14,10:00,RCW 1,harbor-pd,D1,downtown,0412,yes,Over Threshold!,received
`)
    const error = await refusal(run({map: [], set: ['pathway=arrest_diversion'], dryRun: true}))
    const errors = error.details.problems.filter((p) => (p.severity ?? 'error') === 'error')
    expect(errors.map((p) => `${p.file}:${p.row}:${p.column} ${p.code}`)).toEqual([
      'arrests.csv:2:9 UNKNOWN_EXCLUSION',
      'arrests.csv:3:7 UNKNOWN_BADGE',
      'arrests.csv:4:6 BAD_FORMAT',
      'arrests.csv:4:6 CATCHMENT_NOT_DECLARED',
      'arrests.csv:5:9 BAD_FORMAT',
    ])
    // The shared id pattern's example (a partner id) would mislead: each field offers its own.
    expect(errors[2]!.hint).toBe('expected something like downtown')
    expect(errors[4]!.hint).toBe('expected something like over-threshold')
    expect(JSON.stringify(errors)).not.toMatch(/no-such-exclusion|9999|Down Town|Over Threshold/)
  })

  it('a --set value is never repeated in its refusal: only the field is named', async () => {
    write(CLEAN)
    const error = await refusal(run({set: ['received=Quixote Alvarez'], dryRun: true}))
    expect(error.exit).toBe(2)
    expect(error.message).toMatch(/^received: /)
    expect(`${error.message} ${error.hint}`).not.toMatch(/Quixote|Alvarez/)
    const list = await refusal(run({set: ['charges[0]=Quixote Alvarez'], dryRun: true}))
    expect(list.message).toBe('--set charges[0]: a constant names a field, not a list item')
  })

  it('refuses a first row that is data, not column names, without repeating it; hints list only printable headers', async () => {
    write('2026-04-05,10:00,TRESP,D1,0412,Quixote Alvarez,206-555-7788\n2026-04-06,11:00,TRESP,D1,0412,Horatio Blackwood,206-555-7789\n')
    for (const extra of [{}, {map: ['district=Beat']}, {values: parseValueMaps(['Beat:X=D1'])}, {where: ['Beat=D1']}]) {
      const error = await refusal(run({...extra, dryRun: true}))
      expect(error.code).toBe('HEADER_LOOKS_LIKE_DATA')
      expect(error.message).toContain('the first row looks like data, not column names')
      expect(error.pos).toEqual({file: 'arrests.csv', line: 1, column: 1})
      expect(`${error.message} ${error.hint}`).not.toMatch(/2026-04-05|10:00|Quixote|Alvarez|206-555/)
    }
    // Headers that pass are listed; one the identifier scan flags is counted, not shown.
    write('Case Number,Date,Time,Offense,Beat,Badge,Maria Lopez\nC-1,2026-04-05,10:00,TRESP,D1,0412,x\n')
    for (const extra of [{map: ['source_key=Case Number', 'district=Precinct']}, {values: parseValueMaps(['Precinct:X=D1'])}, {where: ['Precinct=D1']}]) {
      const error = await refusal(run({...extra, dryRun: true}))
      expect(error.code).toBe('UNKNOWN_COLUMN')
      expect(error.hint).toBe('its columns are: Case Number, Date, Time, Offense, Beat, Badge and 1 column whose names are not shown')
    }
  })

  it('a failed write leaves no import key behind', async () => {
    write(CLEAN)
    // The write path refuses a detached HEAD before it writes anything.
    git(root, ['checkout', '-q', '--detach'], env)
    expect((await refusal(run({fold: 'earlier'}))).code).toBe('DETACHED_HEAD')
    expect(commits()).toBe('1')
    expect(fs.existsSync(path.join(root, '.git', 'lead')) && fs.readdirSync(path.join(root, '.git', 'lead')).some((f) => f.startsWith('import-key'))).toBe(false)
    git(root, ['checkout', '-q', '-'], env)
    expect((await run({fold: 'earlier'})).created).toHaveLength(5)
  })

  it('without a source key column, the row\'s content is the key', async () => {
    write(CLEAN.replace('Case Number', 'Ref'))
    const options = {map: [], fold: 'earlier' as const}
    expect((await run(options)).created).toHaveLength(5)
    expect((await run(options)).alreadyImported).toHaveLength(5)
  })

  it('a participant column of names refuses the file without showing one; lead codes are taken as they are', async () => {
    write('Participant,Date,Time,Offense,Beat,Badge,Age OK,Exclusions,Status\nJohn Smith,2026-03-11,10:00,TRESP,D1,0412,yes,none,received\nP-7K2D9Q,2026-03-12,10:00,TRESP,D1,0412,yes,none,received\n')
    const error = await refusal(run({map: []}))
    expect(error.code).toBe('NAMES_COLUMN')
    expect(error.message).toContain('column "Participant" is read as the participant, but 1 of its cells (1 of them looking like people\'s names) are not lead participant codes')
    expect(`${error.message} ${error.hint}`).not.toMatch(/John|Smith/)
    expect(error.pos).toEqual({file: 'arrests.csv', line: 2, column: 1})
    write('Participant,Date,Time,Offense,Beat,Badge,Age OK,Exclusions,Status\nP-7K2D9Q,2026-03-12,10:00,TRESP,D1,0412,yes,none,received\n')
    expect((await run({map: []})).created.map((c) => c.data.participant)).toEqual(['P-7K2D9Q'])
  })

  it('keeps the import key out of the repository, and will not silently start a new one', async () => {
    write(CLEAN)
    await run({fold: 'earlier'})
    const keyFile = fs.readdirSync(path.join(root, '.git', 'lead')).find((f) => f.startsWith('import-key'))!
    expect((fs.statSync(path.join(root, '.git', 'lead', keyFile)).mode & 0o777).toString(8)).toBe('600')
    expect(git(root, ['ls-files'], env)).not.toContain('import-key')
    fs.rmSync(path.join(root, '.git', 'lead', keyFile))
    const error = await refusal(run({fold: 'earlier'}))
    expect(error.code).toBe('IMPORT_KEY_MISSING')
    expect(error.exit).toBe(3)
  })

  it('--save-map writes the mapping, never through a committed link in the site', () => {
    const mapping = {columns: {source_key: 'Case Number'}, values: {charges: {TRESP: 'RCW 2'}}, set: {pathway: 'arrest_diversion'}}
    saveMappingFile(root, path.join(root, '.lead/import-maps/police.yaml'), mapping)
    expect(readMappingFile(path.join(root, '.lead/import-maps/police.yaml'))).toMatchObject(mapping)
    const elsewhere = path.join(path.dirname(root), `elsewhere-${path.basename(root)}`)
    fs.mkdirSync(elsewhere)
    fs.symlinkSync(elsewhere, path.join(root, '.lead/linked'))
    const error = (() => {
      try {
        saveMappingFile(root, path.join(root, '.lead/linked/police.yaml'), mapping)
      } catch (e) {
        return e as LeadError
      }
    })()
    expect(error?.code).toBe('SYMLINK')
    expect(fs.readdirSync(elsewhere)).toEqual([])
  })

  it('the keyed hash depends on the key: the same case number gives different hashes in two sites', () => {
    const a = loadImportKey(committedReferralSite(env), false, false)
    const b = loadImportKey(committedReferralSite(env), false, false)
    expect(keyedHash(a, 'key\0c-1')).toMatch(/^[a-z]{26}$/)
    expect(keyedHash(a, 'key\0c-1')).toBe(keyedHash(a, 'key\0c-1'))
    expect(keyedHash(a, 'key\0c-1')).not.toBe(keyedHash(b, 'key\0c-1'))
  })
})
