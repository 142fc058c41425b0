/**
 * `lead import consents` on a case-management provider's ROI log (test/support/roi-export.ts, fixed
 * seed) into the example site, through the built CLI: the provider's own partner names, several in
 * one cell, mapped to partner ids; client names and birth dates in columns the import never reads.
 * Steps build on each other (vitest runs them in order).
 */
import fs from 'node:fs'
import path from 'node:path'
import {gzipSync} from 'node:zlib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import writeXlsxFile from 'write-excel-file/node'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv} from '../support/cli.js'
import {PROVIDER_PARTNERS, ROI_HEADER, ROI_VALUE_MAPS, roiExport, type RoiRow} from '../support/roi-export.js'

const env = testEnv({NO_COLOR: '1'})
let root: string
let dir: string
let clean: ReturnType<typeof roiExport>
let messy: ReturnType<typeof roiExport>
const lead = (args: string[]) => runLead(args, {cwd: root, env})
afterAll(cleanupTemp)

const FLAGS = [
  ...ROI_VALUE_MAPS.flatMap((v) => ['--value', v]),
  '--set', 'purpose=Coordinating LEAD case management among the partners',
  '--set', 'information=LEAD enrollment status and attendance; no treatment records',
  '--set', 'expires_event=End of LEAD participation',
]
const consentCount = () => fs.readdirSync(path.join(root, 'consents')).filter((f) => f.endsWith('.yaml')).length
const commits = () => Number(git(root, ['rev-list', '--count', 'HEAD'], env).trim())
const column = (h: (typeof ROI_HEADER)[number]) => ROI_HEADER.indexOf(h) + 1

/** Every person-level value of the log (names, birth dates, form numbers, the unknown code): none may appear in any output. */
const noPersonalValue = (text: string, rows: RoiRow[]) => {
  const personal = [...new Set(rows.flatMap((r) => [r.cells['Client Name'], r.cells['Client DOB'], r.cells['ROI Form #']]))]
  expect(personal.filter((v) => text.includes(v))).toEqual([])
  for (const word of ['Harbor Fire', 'P-ZZZZ99']) expect(text).not.toContain(word)
}

async function xlsxOf(rows: RoiRow[], file: string): Promise<void> {
  // As a provider's system writes a workbook: dates as date cells, everything else as text.
  const dates = new Set(['Client DOB', 'Date Signed', 'Expiration Date', 'Date Revoked'])
  const cell = (h: (typeof ROI_HEADER)[number], v: string) => (v === '' ? null : dates.has(h) ? {value: new Date(`${v}T00:00:00Z`), format: 'mm/dd/yyyy'} : {value: v, type: String})
  await writeXlsxFile([ROI_HEADER.map((h) => ({value: h})), ...rows.map((r) => ROI_HEADER.map((h) => cell(h, r.cells[h])))]).toFile(file)
}

beforeAll(() => {
  root = exampleSite(env)
  dir = tempDir('lead-roi-')
  // One consent per referred participant the example site has (their codes, as the provider records them).
  const codes = new Set<string>()
  for (const f of fs.readdirSync(path.join(root, 'referrals'), {recursive: true, encoding: 'utf8'})) {
    if (!f.endsWith('.yaml')) continue
    const m = /^participant: (P-[0-9A-Z]{6})$/m.exec(fs.readFileSync(path.join(root, 'referrals', f), 'utf8'))
    if (m) codes.add(m[1]!)
  }
  clean = roiExport([...codes].sort().slice(0, 30))
  messy = roiExport([...codes].sort().slice(0, 30), {unknownParticipant: true, unmappedPartner: true})
})

describe('lead import consents: a provider ROI log', {timeout: 240_000}, () => {
  it('refuses the log at FILE:ROW:COLUMN (an unmapped partner name, an unknown participant), showing no cell; a dry run refuses the same', () => {
    const file = path.join(dir, 'roi.csv')
    fs.writeFileSync(file, messy.csv)
    const before = {commits: commits(), consents: consentCount()}
    for (const dry of [[], ['--dry-run']]) {
      const r = lead(['import', 'consents', file, ...FLAGS, ...dry])
      expect(r.code).toBe(1)
      const errors = r.stderr.split('\n').filter((l) => l.includes(': error '))
      expect(errors.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
        `${file}:${messy.specials.unknownParticipant}:${column('LEAD Code')}: error UNKNOWN_PARTICIPANT`,
        `${file}:${messy.specials.unmappedPartner}:${column('May Receive')}: error BAD_FORMAT`,
      ])
      expect(r.stderr).toMatch(/^error CSV_INVALID 2 problems in .*roi\.csv; nothing was written$/m)
      expect(r.stderr).not.toMatch(/\u001B\[/)
      noPersonalValue(r.stdout + r.stderr, messy.rows)
    }
    expect({commits: commits(), consents: consentCount()}).toEqual(before)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('a participant column of names refuses the file without showing a name', () => {
    const r = lead(['import', 'consents', path.join(dir, 'roi.csv'), ...FLAGS, '--map', 'participant=Client Name', '--json'])
    expect(r.code).toBe(1)
    const j = r.json()
    expect(j).toMatchObject({ok: false, error: {code: 'NAMES_COLUMN', column: column('Client Name')}})
    expect(r.stdout.trim().startsWith('{') && r.stdout.trim().endsWith('}')).toBe(true)
    noPersonalValue(r.stdout + r.stderr, messy.rows)
  })

  it('.xlsx dry run: every consent it would create, partner lists mapped, nothing written, not even the mapping', async () => {
    await xlsxOf(clean.rows, path.join(dir, 'roi.xlsx'))
    const before = commits()
    const r = lead(['import', 'consents', path.join(dir, 'roi.xlsx'), ...FLAGS, '--dry-run', '--json', '--save-map', '.lead/import-maps/roi.yaml'])
    expect(r.code).toBe(0)
    const j = r.json()
    expect(j.dryRun).toBe(true)
    expect(j.created.map((c: {row: number}) => c.row)).toEqual(clean.rows.map((row) => row.line))
    expect(j.columns).toEqual({participant: 'LEAD Code', signed: 'Date Signed', expires: 'Expiration Date', revoked: 'Date Revoked', disclosers: 'May Disclose', recipients: 'May Receive', witness: 'Witness', source_key: 'ROI Form #'})
    // Each multi-partner cell became the list of partner ids it names, whatever its separators.
    const ids = (cell: string) => cell.split(/\s*[;,|]\s*/).map((n) => PROVIDER_PARTNERS[n])
    for (const c of j.created as Array<{row: number; signed: string; revoked: string; disclosers: string[]; recipients: string[]}>) {
      const row = clean.rows.find((x) => x.line === c.row)!
      expect(c).toMatchObject({signed: row.cells['Date Signed'], revoked: row.cells['Date Revoked'], disclosers: ids(row.cells['May Disclose']), recipients: ids(row.cells['May Receive'])})
    }
    expect(clean.rows.some((row) => ids(row.cells['May Disclose']).length > 2)).toBe(true)
    expect(fs.existsSync(path.join(root, '.lead/import-maps/roi.yaml'))).toBe(false)
    expect(commits()).toBe(before)
    noPersonalValue(r.stdout + r.stderr, clean.rows)
  })

  it('imports the .csv.gz in one commit, saving its mapping; validate passes', () => {
    fs.writeFileSync(path.join(dir, 'roi.csv.gz'), gzipSync(clean.csv))
    const before = {commits: commits(), consents: consentCount()}
    const r = lead(['import', 'consents', path.join(dir, 'roi.csv.gz'), ...FLAGS, '--save-map', '.lead/import-maps/roi.yaml'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`roi.csv.gz: created ${clean.rows.length} consents`)
    expect(r.stdout).toMatch(/^ +2 +c-\d{4}-\d{2}-\d{2}-[a-z0-9]{6} +\d{4}-\d{2}-\d{2} /m)
    expect(r.stderr).toMatch(/committed [0-9a-f]{7}: 30 consents/)
    expect({commits: commits(), consents: consentCount()}).toEqual({commits: before.commits + 1, consents: before.consents + clean.rows.length})
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe('consent: import 30 from a .csv.gz file')
    const changed = git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim().split('\n')
    expect(changed).toHaveLength(clean.rows.length)
    for (const f of changed) {
      const text = fs.readFileSync(path.join(root, f), 'utf8')
      expect(text).toMatch(/^import_key: [a-z]{26}$/m)
      noPersonalValue(text, clean.rows)
    }
    const mapping = fs.readFileSync(path.join(root, '.lead/import-maps/roi.yaml'), 'utf8')
    expect(mapping).toContain('county prosecutor: harbor-county-prosecutor')
    expect(mapping).toContain('expires_event: End of LEAD participation')
    noPersonalValue(r.stdout + r.stderr + mapping, clean.rows)
    expect(lead(['validate']).code).toBe(0)
  })

  it('the same log again (now the .xlsx, with the saved mapping) creates nothing', () => {
    const before = commits()
    const r = lead(['import', 'consents', path.join(dir, 'roi.xlsx'), '--mapping', '.lead/import-maps/roi.yaml', '--json'])
    expect(r.code).toBe(0)
    expect(r.json()).toMatchObject({ok: true, dryRun: false, created: [], alreadyImported: clean.rows.map((row) => row.line)})
    expect(commits()).toBe(before)
  })

  it('--help shows pasteable examples', () => {
    // Wide enough that oclif does not wrap an example across lines.
    const help = runLead(['import', 'consents', '--help'], {cwd: root, env: {...env, OCLIF_COLUMNS: '400'}})
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('lead import consents roi-log.csv --value "disclosers:Evergreen=evergreen-case-management,Harbor PD=harbor-pd"')
    expect(help.stdout).toContain('--set "purpose=Coordinating LEAD case management among the partners"')
    expect(help.stdout).not.toContain('--fold')
  })
})
