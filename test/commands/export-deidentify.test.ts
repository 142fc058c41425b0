import fs from 'node:fs'
import path from 'node:path'
import {parse} from 'yaml'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, EXAMPLE_SITE, exampleSite, git, runLead, tempDir, testEnv} from '../support/cli.js'
import {writeReferralSite} from '../support/referral-site.js'

let small: string
let example: string
const env = testEnv()

function commitSite(dir: string): string {
  git(dir, ['init', '-q'], env)
  git(dir, ['add', '-A'], env)
  git(dir, ['commit', '-qm', 'site'], env)
  return dir
}

beforeAll(() => {
  small = commitSite(writeReferralSite(tempDir()))
  example = exampleSite(env, {warm: true})
})
afterAll(cleanupTemp)

const lead = (args: string[], cwd = small) => runLead(args, {cwd, env})

/** Split RFC 4180 CSV without quoted fields (the de-identified columns hold no commas). */
function csvCells(text: string): string[][] {
  return text.trimEnd().split('\r\n').map((line) => line.split(','))
}

function yamlFiles(dir: string): Array<Record<string, any>> {
  const out: Array<Record<string, any>> = []
  for (const entry of fs.readdirSync(dir, {withFileTypes: true, recursive: true})) {
    if (entry.isFile() && entry.name.endsWith('.yaml')) out.push(parse(fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8')))
  }
  return out
}

describe('lead export referrals --deidentify on the example site', () => {
  const referrals = yamlFiles(path.join(EXAMPLE_SITE, 'referrals'))
  const consents = yamlFiles(path.join(EXAMPLE_SITE, 'consents'))
  const rosters = yamlFiles(path.join(EXAMPLE_SITE, 'rosters'))
  // Everything from the site that must never reach an evaluator.
  const secrets = new Set<string>()
  const badges = new Set<string>()
  for (const r of referrals) {
    secrets.add(r.id)
    secrets.add(r.participant)
    if (r.notes) secrets.add(r.notes)
    if (r.consent) secrets.add(r.consent)
    if (r.handoff?.case_manager) secrets.add(r.handoff.case_manager)
    for (const e of r.evidence ?? []) secrets.add(e.description)
    for (const o of r.screening?.overrides ?? []) secrets.add(o.reason)
    if (r.referrer?.badge) badges.add(String(r.referrer.badge))
  }
  for (const c of consents) {
    secrets.add(c.id)
    secrets.add(c.participant)
    if (c.witness) secrets.add(c.witness)
  }
  for (const roster of rosters) for (const o of roster.officers) secrets.add(o.name), badges.add(String(o.badge))

  it('the fixture has what the test looks for', () => {
    expect(referrals.length).toBe(59)
    expect(referrals.filter((r) => r.notes).length).toBeGreaterThan(0)
    expect(badges.size).toBeGreaterThan(0)
  })

  it('by default writes only the suppressed aggregates, no rows', () => {
    const r = lead(['export', 'referrals', '--deidentify'], example)
    expect(r.code).toBe(0)
    expect(r.stdout.split('\r\n')[0]).toBe('period,pathway,count,suppressed')
    for (const s of secrets) expect(r.stdout, s).not.toContain(s)
    expect(r.stderr).not.toContain('data-use agreement')
    const j = lead(['export', 'referrals', '--deidentify', '--json'], example).json()
    expect(Object.keys(j)).toEqual(['period', 'minCell', 'suppressedCells', 'aggregates'])
  })

  it('--rows: CSV rows hold no participant code, note, staff name, badge, consent id or exact date', () => {
    const r = lead(['export', 'referrals', '--deidentify', '--rows', '--min-cell', '1'], example)
    expect(r.code).toBe(0)
    for (const s of secrets) expect(r.stdout, s).not.toContain(s)
    const cells = csvCells(r.stdout)
    expect(cells).toHaveLength(60)
    for (const row of cells) for (const cell of row) expect(badges.has(cell), cell).toBe(false)
    expect(r.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    expect(r.stdout).not.toMatch(/\d{2}:\d{2}/)
    expect(r.stderr).toContain('0 of 40 period × pathway cells below 1 suppressed')
    expect(r.stderr).toContain('data-use agreement')
    expect(git(example, ['status', '--porcelain'], env)).toBe('')
  })

  it('JSON (weekly) holds none of them either, and the codes differ between two exports', () => {
    const a = lead(['export', 'referrals', '--deidentify', '--rows', '--min-cell', '1', '--period', 'week', '--json'], example)
    expect(a.code).toBe(0)
    for (const s of secrets) expect(a.stdout, s).not.toContain(s)
    const j = a.json()
    expect(j).toMatchObject({period: 'week', minCell: 1, withheldRows: 0})
    expect(j.rows).toHaveLength(59)
    for (const row of j.rows) {
      for (const v of Object.values(row)) expect(badges.has(String(v))).toBe(false)
      // A week is named by its Monday.
      expect(new Date(`${row.period}T12:00:00Z`).getUTCDay()).toBe(1)
    }
    expect(j.suppressedCells).toBe(j.aggregates.filter((c: {suppressed: boolean}) => c.suppressed).length)
    const b = lead(['export', 'referrals', '--deidentify', '--rows', '--min-cell', '1', '--period', 'week', '--json'], example).json()
    const codes = (x: {rows: Array<{participant: string}>}) => new Set(x.rows.map((row) => row.participant))
    const overlap = [...codes(j)].filter((c) => codes(b).has(c))
    expect(overlap).toEqual([])
  })
})

describe('lead export referrals --deidentify on a small site (hand-computed)', () => {
  // Received (local) month x pathway: 2025-11 social_contact 2 (rc, rd); 2026-02 arrest_diversion 1 (ra);
  // 2026-03 arrest_diversion 3 (rb, rh, re); 2026-03 community 1 (rf); 2026-04 arrest_diversion 1 (rg).
  it('monthly aggregates with lead.yaml min_cell 3: only the cell of 3 is published', () => {
    const r = lead(['export', 'referral', '--deidentify', '--aggregates'])
    expect(r.code).toBe(0)
    expect(lead(['export', 'referral', '--deidentify']).stdout).toBe(r.stdout)
    expect(r.stdout).toBe(
      [
        'period,pathway,count,suppressed',
        '2025-11,social_contact,,true',
        '2026-02,arrest_diversion,,true',
        '2026-03,arrest_diversion,3,false',
        '2026-03,community,,true',
        '2026-04,arrest_diversion,,true',
        '',
      ].join('\r\n'),
    )
    expect(r.stderr).toContain('dates by month; 4 of 5 period × pathway cells below 3 suppressed')
  })

  it('--min-cell overrides lead.yaml; JSON aggregates only', () => {
    const j = lead(['export', 'referral', '--deidentify', '--aggregates', '--min-cell', '2', '--json']).json()
    expect(j).toEqual({
      period: 'month',
      minCell: 2,
      suppressedCells: 3,
      aggregates: [
        {period: '2025-11', pathway: 'social_contact', count: 2, suppressed: false},
        {period: '2026-02', pathway: 'arrest_diversion', count: null, suppressed: true},
        {period: '2026-03', pathway: 'arrest_diversion', count: 3, suppressed: false},
        {period: '2026-03', pathway: 'community', count: null, suppressed: true},
        {period: '2026-04', pathway: 'arrest_diversion', count: null, suppressed: true},
      ],
    })
    expect(lead(['export', 'referral', '--deidentify', '--aggregates', '--min-cell', '4', '--json']).json().suppressedCells).toBe(5)
  })

  // Weeks (Mondays): rc, rd (Sun 2025-11-02) → 2025-10-27; ra (Sat 2026-02-28 23:30 local) and rb
  // (Sun 2026-03-01) → 2026-02-23; rh (Sun 2026-03-08) → 2026-03-02; re (Mon 03-09) and rf (Tue 03-10,
  // community) → 2026-03-09; rg (Wed 2026-04-01) → 2026-03-30.
  it('weekly aggregates with --min-cell 2; --rows leaves out the rows of suppressed cells', () => {
    const j = lead(['export', 'referral', '--deidentify', '--rows', '--period', 'week', '--min-cell', '2', '--json']).json()
    const cells = j.aggregates.map((c: {period: string; pathway: string; count: number | null}) => `${c.period} ${c.pathway} ${c.count}`)
    expect(cells).toEqual([
      '2025-10-27 social_contact 2',
      '2026-02-23 arrest_diversion 2',
      '2026-03-02 arrest_diversion null',
      '2026-03-09 arrest_diversion null',
      '2026-03-09 community null',
      '2026-03-30 arrest_diversion null',
    ])
    expect(j.suppressedCells).toBe(4)
    // Only the two published cells' referrals (2 + 2), numbered without gaps: nothing to recount.
    expect(j.rows).toHaveLength(4)
    expect(j.withheldRows).toBe(4)
    expect(j.rows.map((r: {row: string}) => r.row).sort()).toEqual(['R-0001', 'R-0002', 'R-0003', 'R-0004'])
    expect(j.rows.map((r: {period: string; pathway: string}) => `${r.period} ${r.pathway}`).sort()).toEqual(['2025-10-27 social_contact', '2025-10-27 social_contact', '2026-02-23 arrest_diversion', '2026-02-23 arrest_diversion'])
    const csv = lead(['export', 'referral', '--deidentify', '--rows', '--period', 'week', '--min-cell', '2'])
    expect(csv.code).toBe(0)
    expect(csvCells(csv.stdout)).toHaveLength(5)
    expect(csv.stderr).toContain('4 referrals in suppressed cells left out of the rows')
    expect(csv.stderr).toContain('data-use agreement')
  })

  it('rows: fresh codes, a re-referral linked to its previous row, coarse dates, nothing else', () => {
    const j = lead(['export', 'referral', '--deidentify', '--rows', '--min-cell', '1', '--json']).json()
    expect(j.rows.map((r: {row: string}) => r.row)).toEqual(['R-0001', 'R-0002', 'R-0003', 'R-0004', 'R-0005', 'R-0006', 'R-0007', 'R-0008'])
    const rh = j.rows.find((r: {rereferral: boolean}) => r.rereferral)
    const rb = j.rows.find((r: {row: string}) => r.row === rh.previous_row)
    expect(rb.participant).toBe(rh.participant)
    expect(rb).toMatchObject({pathway: 'arrest_diversion', period: '2026-03', protocol: '2026-v2', catchment: 'downtown', charges: 'RCW 3', status: 'enrolled', response_minutes: 40, intake_completed_period: '2026-03', has_consent: true, previous_row: null})
    expect(rh).toMatchObject({period: '2026-03', response_minutes: 40, has_consent: false})
    expect(new Set(j.rows.map((r: {participant: string}) => r.participant)).size).toBe(7)
    expect(Object.keys(j.rows[0])).toHaveLength(23)
    const text = JSON.stringify(j)
    for (const s of ['P-BBBBBB', 'r-2026-03-01-bbbbbb', 'Casey Ruiz', 'Jordan Lee', 'Sleeping in a doorway', 'c-2026-03-01-aaaaaa', '"0412"', '2026-03-01']) expect(text).not.toContain(s)
  })

  it('--where selects referrals first; --fields and --sort use the de-identified columns; --output is owner-only', () => {
    const out = path.join(tempDir(), 'eval.csv')
    const r = lead(['export', 'referral', '--deidentify', '--rows', '--min-cell', '1', '--where', 'pathway=arrest_diversion', '--fields', 'period,pathway,status', '--sort', 'period', '--output', out])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(`wrote 5 de-identified referral rows to ${out}`)
    expect(fs.statSync(out).mode & 0o777).toBe(0o600)
    const rows = csvCells(fs.readFileSync(out, 'utf8'))
    expect(rows[0]).toEqual(['period', 'pathway', 'status'])
    expect(rows.slice(1).map((c) => c[0])).toEqual(['2026-02', '2026-03', '2026-03', '2026-03', '2026-04'])
    const bad = lead(['export', 'referral', '--deidentify', '--rows', '--fields', 'row,notes'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('UNKNOWN_FIELD --fields notes: not a column of the de-identified rows')
  })

  it('usage errors: another kind, --each, de-identification flags without --deidentify, bad --min-cell', () => {
    const kind = lead(['export', 'consent', '--deidentify', '--json'])
    expect(kind.code).toBe(2)
    expect(kind.json().error.code).toBe('DEIDENTIFY_KIND')
    expect(lead(['export', 'referral', '--deidentify', '--each', 'evidence']).stderr).toContain('DEIDENTIFY_EACH')
    expect(lead(['export', 'referral', '--deidentify', '--rows', '--aggregates']).code).toBe(2)
    for (const flag of [['--period', 'week'], ['--min-cell', '5'], ['--aggregates'], ['--rows']]) {
      const r = lead(['export', 'referral', ...flag])
      expect(r.code, flag[0]).toBe(2)
      expect(r.stderr).toContain(`NEEDS_DEIDENTIFY ${flag[0]} only applies to a de-identified export`)
    }
    expect(lead(['export', 'referral', '--deidentify', '--min-cell', '0']).code).toBe(2)
    expect(lead(['export', 'referral', '--deidentify', '--period', 'year']).code).toBe(2)
  })

  it('without privacy.min_cell in lead.yaml the default is 11', () => {
    const yaml = fs.readFileSync(path.join(small, 'lead.yaml'), 'utf8').replace(/^privacy:.*\n/m, '')
    const dir = commitSite(writeReferralSite(tempDir(), {'lead.yaml': yaml}))
    const j = lead(['export', 'referral', '--deidentify', '--json'], dir).json()
    expect(j.minCell).toBe(11)
    expect(j.suppressedCells).toBe(5)
    // A broken setting stops the export instead of publishing small cells.
    const zero = commitSite(writeReferralSite(tempDir(), {'lead.yaml': yaml + 'privacy: {min_cell: 0}\n'}))
    const bad = lead(['export', 'referral', '--deidentify', '--aggregates'], zero)
    expect(bad.code).toBe(3)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toContain('BAD_MIN_CELL lead.yaml privacy.min_cell is 0')
    expect(lead(['export', 'referral', '--deidentify', '--aggregates', '--min-cell', '3', '--json'], zero).json().suppressedCells).toBe(4)
  })
})

describe('lead export of participant records (not de-identified)', () => {
  it('always warns about data use on stderr, JSON included, and writes a clean site in full', () => {
    const text = lead(['export', 'referrals'], example)
    expect(text.code).toBe(0)
    expect(text.stderr).toMatch(/^warning: this export holds participant-level referrals .*data-use agreement/m)
    expect(text.stdout.trimEnd().split('\r\n')).toHaveLength(60)
    const json = lead(['export', 'consents', '--json'], example)
    expect(json.code).toBe(0)
    expect(json.stderr).toMatch(/^warning: this export holds participant-level consents/m)
    expect(json.json()).toHaveLength(21)
    expect(lead(['export', 'partners'], example).stderr).not.toMatch(/participant-level/)
  })

  it('refuses records with privacy errors unless --include-flagged, naming the files, never the values', () => {
    const dir = exampleSite(env, {warm: true})
    const file = 'referrals/2026/r-2026-11-25-v3l3ie.yaml'
    fs.appendFileSync(path.join(dir, file), 'notes: "Call her sister Maria Lopez at 360-555-0199."\n')
    const refused = lead(['export', 'referrals', '--output', 'out.csv'], dir)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(`error EXPORT_FLAGGED nothing was exported: 1 of the referrals to export hold what looks like identifiers (${file})`)
    expect(refused.stderr).toMatch(/--include-flagged/)
    expect(fs.existsSync(path.join(dir, 'out.csv'))).toBe(false)
    expect(refused.stdout + refused.stderr).not.toMatch(/Lopez|0199/)
    // Leaving the record out with --where is enough.
    expect(lead(['export', 'referrals', '--where', 'id!=r-2026-11-25-v3l3ie'], dir).code).toBe(0)
    const included = lead(['export', 'referrals', '--include-flagged'], dir)
    expect(included.code).toBe(0)
    expect(included.stderr).toMatch(/warning: --include-flagged: 1 of the exported referrals hold what looks like identifiers/)
    expect(included.stdout).toContain('360-555-0199')
    // A site that re-grades PII findings as warnings has no privacy errors to refuse.
    fs.appendFileSync(path.join(dir, 'lead.yaml'), 'rules: {PII_NAME: warning, PII_PHONE: warning}\n')
    expect(lead(['export', 'referrals'], dir).code).toBe(0)
  }, 120_000)

  it('takes --include-flagged only where it means something', () => {
    expect(lead(['export', 'partners', '--include-flagged'], example).code).toBe(2)
    expect(lead(['export', 'referrals', '--deidentify', '--include-flagged'], example).code).toBe(2)
  })
})
