/**
 * `lead import referrals` on a police records export of a few hundred rows (test/support/
 * police-export.ts, fixed seed) into the example site: the department's own codes mapped to the
 * site's, statute text, local times across both daylight-saving nights, arrestee names and birth
 * dates in columns the import never reads. Steps build on each other (vitest runs them in order).
 */
import fs from 'node:fs'
import path from 'node:path'
import {gzipSync} from 'node:zlib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import writeXlsxFile from 'write-excel-file/node'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv} from '../support/cli.js'
import {EXPORT_VALUE_MAPS, HEADER, NOT_DIVERTIBLE, PHONE_IN_NOTES, policeExport, type ExportRow} from '../support/police-export.js'

const env = testEnv()
let root: string
let dir: string
const lead = (args: string[]) => runLead(args, {cwd: root, env})
afterAll(cleanupTemp)

const messy = policeExport({springGap: true, nameInNotes: true, notDivertible: true})
const clean = policeExport()
const FLAGS = [
  '--where', 'Disposition=LEAD REFERRAL',
  '--map', 'pathway=Contact Type', '--map', 'status=LEAD Status', '--map', 'age_ok=Age 18+', '--map', 'notes=LEAD Notes', '--map', 'quantity=Qty (g)',
  '--set', 'quantity.unit=g',
  ...EXPORT_VALUE_MAPS.filter((v) => !v.startsWith('charges:')).flatMap((v) => ['--value', v]),
]

/** Every person-level value of the export: none may appear in any output. */
const personal = (rows: ExportRow[]) => [...new Set(rows.flatMap((r) => [r.cells['Arrestee Name'], r.cells['Arrestee DOB'], r.cells['Report Number']]))]
const noPersonalValue = (text: string, rows: ExportRow[]) => {
  const leaked = personal(rows).filter((v) => text.includes(v))
  expect(leaked).toEqual([])
  for (const name of ['Morales', 'Ana', 'ASSAULT', NOT_DIVERTIBLE.statute]) expect(text).not.toContain(name)
}

beforeAll(() => {
  root = exampleSite(env, {warm: true})
  dir = tempDir('lead-export-')
})

const referralCount = () => fs.readdirSync(path.join(root, 'referrals'), {recursive: true, encoding: 'utf8'}).filter((f) => f.endsWith('.yaml')).length
const commits = () => Number(git(root, ['rev-list', '--count', 'HEAD'], env).trim())

async function xlsxOf(rows: ExportRow[], file: string): Promise<void> {
  // As a records system writes a workbook: dates and times as date cells, badges and codes as text.
  const cell = (h: (typeof HEADER)[number], v: string) => {
    if (v === '') return null
    if (h === 'Arrest Date') return {value: new Date(`${v}T00:00:00Z`), format: 'yyyy-mm-dd'}
    if (h === 'Arrest Time') return {value: new Date(`1899-12-30T${v}:00Z`), format: 'hh:mm'}
    return {value: v, type: String}
  }
  await writeXlsxFile([HEADER.map((h) => ({value: h})), ...rows.map((r) => HEADER.map((h) => cell(h, r.cells[h])))]).toFile(file)
}

describe('lead import referrals: a police records export', {timeout: 240_000}, () => {
  it('refuses the export, every problem at FILE:ROW:COLUMN, and shows no value of a person', () => {
    fs.writeFileSync(path.join(dir, 'arrests.csv'), messy.csv)
    const before = {commits: commits(), referrals: referralCount()}
    const r = lead(['import', 'referrals', path.join(dir, 'arrests.csv'), ...FLAGS])
    expect(r.code).toBe(1)
    const file = path.join(dir, 'arrests.csv')
    const errors = r.stderr.split('\n').filter((l) => l.includes(': error '))
    const column = (h: (typeof HEADER)[number]) => HEADER.indexOf(h) + 1
    expect(errors.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      `${file}:${messy.specials.fallBack}:${column('Arrest Time')}: error AMBIGUOUS_TIME`,
      `${file}:${messy.specials.springGap}:${column('Arrest Time')}: error SKIPPED_TIME`,
      `${file}:${messy.specials.nameInNotes}:${column('LEAD Notes')}: error PII_NAME`,
      `${file}:${messy.specials.notDivertible}:${column('Statute')}: error UNKNOWN_CHARGE`,
    ])
    expect(r.stderr).toMatch(/^error CSV_INVALID 4 problems in .*arrests\.csv; nothing was written$/m)
    // Both readings of the repeated 01:30 are offered, and how to choose one.
    expect(r.stderr).toContain('2025-11-02T01:30:00-07:00 (the first, before clocks went back) or 2025-11-02T01:30:00-08:00 (the second)')
    expect(r.stderr).toContain('--fold earlier|later')
    expect(r.stderr).toContain('2026-03-08 02:30 did not happen in America/Los_Angeles')
    noPersonalValue(r.stdout + r.stderr, messy.rows)
    expect({commits: commits(), referrals: referralCount()}).toEqual(before)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('a row refused for its charge is scanned all the same: the phone number in its notes is found in the same run, unseen', () => {
    const phoned = policeExport({notDivertible: true, phoneInNotes: true})
    const file = path.join(dir, 'arrests-phone.csv')
    fs.writeFileSync(file, phoned.csv)
    const line = phoned.specials.notDivertible!
    const column = (h: (typeof HEADER)[number]) => HEADER.indexOf(h) + 1
    const expected = [`${file}:${line}:${column('Statute')}: error UNKNOWN_CHARGE`, `${file}:${line}:${column('LEAD Notes')}: error PII_PHONE`]
    for (const extra of [[], ['--dry-run']]) {
      const r = lead(['import', 'referrals', file, ...FLAGS, '--fold', 'later', ...extra])
      expect(r.code).toBe(1)
      expect(r.stderr.split('\n').filter((l) => l.includes(': error ')).map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual(expected)
      expect(r.stderr).toMatch(/: error PII_PHONE notes looks like it holds a phone number \(\d+ characters from character \d+\)/)
      noPersonalValue(r.stdout + r.stderr, phoned.rows)
      expect(r.stdout + r.stderr).not.toMatch(/360-555|0142|cousin/)
    }
    const j = lead(['import', 'referrals', file, ...FLAGS, '--fold', 'later', '--dry-run', '--json'])
    expect(j.code).toBe(1)
    const problems = j.json().error.details.problems as Array<{file: string; row: number; column: number; code: string}>
    expect(problems.filter((p) => p.row === line).map((p) => `${p.file}:${p.row}:${p.column} ${p.code}`)).toEqual([`${file}:${line}:${column('Statute')} UNKNOWN_CHARGE`, `${file}:${line}:${column('LEAD Notes')} PII_PHONE`])
    noPersonalValue(j.stdout + j.stderr, phoned.rows)
    expect(j.stdout + j.stderr).not.toContain(PHONE_IN_NOTES.slice(19, 31))
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('a participant column of names refuses the file without showing a name', () => {
    const r = lead(['import', 'referrals', path.join(dir, 'arrests.csv'), ...FLAGS, '--map', 'participant=Arrestee Name', '--fold', 'later', '--json'])
    expect(r.code).toBe(1)
    const j = r.json()
    expect(j.error.code).toBe('NAMES_COLUMN')
    noPersonalValue(r.stdout + r.stderr, messy.rows)
  })

  it('.xlsx dry run: what would be created, statute text read as the code, nothing written, not even the mapping', async () => {
    await xlsxOf(clean.rows, path.join(dir, 'arrests.xlsx'))
    const r = lead(['import', 'referrals', path.join(dir, 'arrests.xlsx'), ...FLAGS, '--fold', 'later', '--dry-run', '--json', '--save-map', '.lead/import-maps/hpd.yaml'])
    expect(r.code).toBe(0)
    const j = r.json()
    expect(j.dryRun).toBe(true)
    expect(j.created.map((c: {row: number}) => c.row)).toEqual(clean.referralLines)
    expect(j.filtered).toBe(clean.rows.length - clean.referralLines.length)
    expect(j.columns).toMatchObject({charges: 'Statute', received_date: 'Arrest Date', received_time: 'Arrest Time', badge: 'Officer Badge', district: 'Beat', agency: 'Agency', source_key: 'Report Number'})
    expect(Object.values(j.columns)).not.toContain('Arrestee Name')
    const fallBack = j.created.find((c: {row: number}) => c.row === clean.specials.fallBack)
    expect(fallBack.received).toBe('2025-11-02T01:30:00-08:00')
    // The codes were mapped: every pathway and status is the site's.
    expect(new Set(j.created.map((c: {pathway: string}) => c.pathway))).toEqual(new Set(['arrest_diversion', 'social_contact']))
    expect(new Set(j.created.map((c: {status: string}) => c.status))).toEqual(new Set(['received', 'declined']))
    noPersonalValue(r.stdout + r.stderr, clean.rows)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    expect(fs.existsSync(path.join(root, '.lead/import-maps/hpd.yaml'))).toBe(false)
  })

  it('imports the .csv.gz in one commit, saving its mapping; validate passes; the report counts every row', () => {
    const report = () => lead(['report', 'referrals', '--by', 'month', '--from', '2025-10-01', '--to', '2026-04-30', '--json']).json() as {total: number; buckets: Array<{key: string; count: number}>}
    const before = report()
    fs.writeFileSync(path.join(dir, 'arrests.csv.gz'), gzipSync(clean.csv))
    const before2 = {commits: commits(), referrals: referralCount()}
    const r = lead(['import', 'referrals', path.join(dir, 'arrests.csv.gz'), ...FLAGS, '--fold', 'later', '--save-map', '.lead/import-maps/hpd.yaml'])
    expect(r.code).toBe(0)
    const mapping = fs.readFileSync(path.join(root, '.lead/import-maps/hpd.yaml'), 'utf8')
    expect(mapping).toContain('- Disposition=LEAD REFERRAL')
    expect(mapping).toContain('fold: later')
    expect(mapping).not.toMatch(/GARCIA|JOHNSON|Arrestee/)
    expect(r.stdout).toContain(`created ${clean.referralLines.length} referrals`)
    noPersonalValue(r.stdout + r.stderr, clean.rows)
    expect(commits()).toBe(before2.commits + 1)
    expect(referralCount()).toBe(before2.referrals + clean.referralLines.length)
    const changed = git(root, ['show', '--name-only', '--format=%s', 'HEAD'], env).trim().split('\n')
    expect(changed[0]).toBe(`referral: import ${clean.referralLines.length} from a .csv.gz file`)
    expect(changed.slice(2)).toHaveLength(clean.referralLines.length)
    // No value of a person reached a record: the files hold codes, times and the keyed hash.
    const texts = changed.slice(2).map((f) => fs.readFileSync(path.join(root, f), 'utf8')).join('\n')
    noPersonalValue(texts, clean.rows)
    expect(texts).not.toContain('Officer')

    expect(lead(['validate']).code).toBe(0)
    const after = report()
    expect(after.total - before.total).toBe(clean.referralLines.length)
    const perMonth = new Map<string, number>()
    for (const row of clean.rows.filter((x) => x.cells.Disposition === 'LEAD REFERRAL')) perMonth.set(row.cells['Arrest Date'].slice(0, 7), (perMonth.get(row.cells['Arrest Date'].slice(0, 7)) ?? 0) + 1)
    expect(after.buckets.map((b, i) => [b.key, b.count - before.buckets[i]!.count])).toEqual([...perMonth].sort())
  })

  it('the same export again (now the .xlsx) creates nothing twice', () => {
    const before = commits()
    const r = lead(['import', 'referrals', path.join(dir, 'arrests.xlsx'), '--mapping', '.lead/import-maps/hpd.yaml', '--json'])
    expect(r.code).toBe(0)
    const j = r.json()
    expect(j.created).toEqual([])
    expect(j.alreadyImported).toEqual(clean.referralLines)
    expect(commits()).toBe(before)
  })
})
