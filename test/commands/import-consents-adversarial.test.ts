/**
 * `lead import consents` against what a provider's export and a hurried user really hand it, through
 * the built CLI: a client's name where a staff member's belongs, names typed into --where and --value.
 * Whatever happens, no personal value may reach stdout, stderr, the site's files or its git history.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv} from '../support/cli.js'

const env = testEnv({NO_COLOR: '1'})
let root: string
let dir: string
let codes: string[]
const lead = (args: string[]) => runLead(args, {cwd: root, env})
afterAll(cleanupTemp)

const SET = ['--set', 'purpose=Coordinating LEAD case management', '--set', 'information=LEAD enrollment status and attendance']
const HEADER = 'ROI Form #,Client Name,LEAD Code,Date Signed,Expiration Date,May Disclose,May Receive,Witness'
const commits = () => Number(git(root, ['rev-list', '--count', 'HEAD'], env).trim())

/** Nothing personal in the outputs, the working tree or the history of `root`. */
function expectUnseen(outputs: string, personal: readonly string[]): void {
  const history = git(root, ['log', '-p', '--all'], env)
  const tree = git(root, ['status', '--porcelain', '--untracked-files=all'], env)
  for (const p of personal) {
    expect(outputs, `output shows ${p}`).not.toContain(p)
    expect(history, `history holds ${p}`).not.toContain(p)
  }
  expect(tree).toBe('')
}

function csv(name: string, rows: string[]): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, `${[HEADER, ...rows].join('\r\n')}\r\n`)
  return file
}

beforeAll(() => {
  root = exampleSite(env)
  dir = tempDir('lead-roi-adv-')
  const found = new Set<string>()
  for (const f of fs.readdirSync(path.join(root, 'referrals'), {recursive: true, encoding: 'utf8'})) {
    if (!f.endsWith('.yaml')) continue
    const m = /^participant: (P-[0-9A-Z]{6})$/m.exec(fs.readFileSync(path.join(root, 'referrals', f), 'utf8'))
    if (m) found.add(m[1]!)
  }
  codes = [...found].sort().slice(0, 4)
})

describe('lead import consents: adversarial exports', {timeout: 120_000}, () => {
  it("a witness cell holding a client's name (which the staff-field scan lets through) refuses its row, unseen; a known staff member imports", () => {
    const personal = ['Quaxley', 'Zebulon', 'GARCIA', 'Maria Garcia']
    const file = csv('witness.csv', [
      `ROI-1,"QUAXLEY, ZEBULON",${codes[0]},2026-03-02,2027-03-02,evergreen-case-management,harbor-pd,Zebulon Quaxley`,
      `ROI-2,"GARCIA, MARIA",${codes[1]},2026-03-04,2027-03-04,evergreen-case-management,harbor-pd,Maria Garcia`,
      `ROI-3,"NGUYEN, ANH",${codes[2]},2026-03-05,2027-03-05,evergreen-case-management,harbor-pd,Casey Ruiz`,
    ])
    const before = commits()
    for (const extra of [[], ['--dry-run'], ['--json']]) {
      const r = lead(['import', 'consents', file, ...SET, ...extra])
      expect(r.code).toBe(1)
      if (extra[0] === '--json') {
        const problems = r.json().error.details.problems as Array<{code: string; row: number; column: number}>
        expect(problems.map((p) => [p.code, p.row, p.column])).toEqual([['UNKNOWN_STAFF', 2, 8], ['UNKNOWN_STAFF', 3, 8]])
      } else {
        expect(r.stderr.split('\n').filter((l) => l.includes(': error ')).map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([`${file}:2:8: error UNKNOWN_STAFF`, `${file}:3:8: error UNKNOWN_STAFF`])
      }
      expectUnseen(r.stdout + r.stderr, personal)
    }
    expect(commits()).toBe(before)

    const staff = csv('witness-staff.csv', [`ROI-3,"NGUYEN, ANH",${codes[2]},2026-03-05,2027-03-05,evergreen-case-management,harbor-pd,Casey Ruiz`])
    const ok = lead(['import', 'consents', staff, ...SET])
    expect(ok.code).toBe(0)
    expect(commits()).toBe(before + 1)
    expect(git(root, ['show', 'HEAD'], env)).toMatch(/^\+witness: Casey Ruiz$/m)
    expectUnseen(ok.stdout + ok.stderr, [...personal, 'NGUYEN'])
  })

  it('names typed into --where and --value are not repeated by their usage errors (exit 2)', () => {
    const file = csv('flags.csv', [`ROI-9,"QUAXLEY, ZEBULON",${codes[3]},2026-03-02,2027-03-02,evergreen-case-management,harbor-pd,`])
    const before = commits()
    for (const flags of [
      ['--where', 'Client=QUAXLEY, ZEBULON'],
      ['--where', 'Client!=QUAXLEY, ZEBULON'],
      ['--where', 'QUAXLEY ZEBULON'],
      ['--value', 'disclosers:Zebulon Quaxley'],
      ['--value', 'Zebulon Quaxley'],
    ]) {
      for (const json of [[], ['--json']]) {
        const r = lead(['import', 'consents', file, ...SET, ...flags, ...json])
        expect(r.code, flags.join(' ')).toBe(2)
        if (json.length > 0) expect(r.json().ok).toBe(false)
        else expect(r.stderr).toMatch(/^error (UNKNOWN_COLUMN|BAD_WHERE|BAD_VALUE_MAP) /m)
        expectUnseen(r.stdout + r.stderr, ['QUAXLEY', 'Zebulon', 'Quaxley', 'ZEBULON'])
      }
    }
    // The column a filter names is still said, so the user can fix it.
    expect(lead(['import', 'consents', file, ...SET, '--where', 'Client=QUAXLEY, ZEBULON']).stderr).toContain('no field or column "Client"')
    expect(commits()).toBe(before)
  })

  it('a consent revoked since it was imported is reported on the re-import, not passed over as already imported', () => {
    const header = 'ROI Form #,LEAD Code,Date Signed,Expiration Date,Date Revoked,May Disclose,May Receive'
    const file = path.join(dir, 'revoked.csv')
    const write = (revoked: string) => fs.writeFileSync(file, `${header}\r\nROI-77,${codes[3]},2026-04-01,2027-04-01,${revoked},evergreen-case-management,harbor-pd\r\n`)
    write('')
    const first = lead(['import', 'consents', file, ...SET, '--json'])
    expect(first.code).toBe(0)
    const id = first.json().created[0].id as string
    const before = commits()
    write('2026-05-15')
    const again = lead(['import', 'consents', file, ...SET])
    expect(again.code).toBe(0)
    expect(again.stderr + again.stdout).toContain(`${file}:2:5: warning CHANGED_SINCE_IMPORT row was imported before as consent ${id}, but its revoked now differs`)
    expect(again.stderr + again.stdout).toContain(`hint: record it if the export is right: lead set consent ${id} revoked=2026-05-15`)
    const j = lead(['import', 'consents', file, ...SET, '--json']).json()
    expect(j).toMatchObject({ok: true, created: [], alreadyImported: [2], warnings: [{code: 'CHANGED_SINCE_IMPORT', row: 2, column: 5}]})
    expect(commits()).toBe(before)
    // The hinted command records it; then the same export is quiet again.
    expect(lead(['set', 'consent', id, 'revoked=2026-05-15']).code).toBe(0)
    expect(lead(['import', 'consents', file, ...SET, '--json']).json().warnings).toEqual([])
  })

  it('a date written 3/2/2026 is one BAD_DATE at its cell, not also a MISSING_VALUE for the same cell', () => {
    const file = csv('us-dates.csv', [`ROI-5,"QUAXLEY, ZEBULON",${codes[3]},3/2/2026,,evergreen-case-management,harbor-pd,`])
    const r = lead(['import', 'consents', file, ...SET, '--set', 'expires_event=End of LEAD participation', '--json'])
    expect(r.code).toBe(1)
    const problems = r.json().error.details.problems as Array<{code: string; row: number; column: number}>
    expect(problems.map((p) => [p.code, p.row, p.column])).toEqual([['BAD_DATE', 2, 4]])
    expectUnseen(r.stdout + r.stderr, ['QUAXLEY', 'ZEBULON'])
  })

  it("the referral import, on the same engine, refuses a case manager the site does not know (the staff-field scan lets any name through), unseen", () => {
    const file = path.join(dir, 'arrests.csv')
    const body = (cm: string) => `Report No,Arrest Date,Arrest Time,Offense,Beat,Badge,Age OK,Exclusions,Status,Case Manager\nRD-1,2026-03-09,10:00,RCW 69.50.4013,D1,0412,yes,none,received,${cm}\n`
    const args = ['import', 'referrals', file, '--set', 'pathway=arrest_diversion', '--set', 'referrer.agency=harbor-pd', '--set', 'handoff.method=warm']
    fs.writeFileSync(file, body('Zebulon Quaxley'))
    const before = commits()
    const r = lead([...args, '--json'])
    expect(r.code).toBe(1)
    expect((r.json().error.details.problems as Array<{code: string; row: number; column: number}>).map((p) => [p.code, p.row, p.column])).toEqual([['UNKNOWN_STAFF', 2, 10]])
    expectUnseen(r.stdout + r.stderr, ['Zebulon', 'Quaxley'])
    expect(commits()).toBe(before)
    fs.writeFileSync(file, body('Casey Ruiz'))
    expect(lead(args).code).toBe(0)
    expect(commits()).toBe(before + 1)
  })

  // Last: it takes the clone's import key away.
  it('a clone without the import key that made the site\'s consents refuses a consent import (exit 3), saying so', () => {
    for (const f of fs.readdirSync(path.join(root, '.git', 'lead'))) if (f.startsWith('import-key')) fs.rmSync(path.join(root, '.git', 'lead', f))
    const file = csv('after-key-loss.csv', [`ROI-3,"NGUYEN, ANH",${codes[2]},2026-03-05,2027-03-05,evergreen-case-management,harbor-pd,Casey Ruiz`])
    const r = lead(['import', 'consents', file, ...SET])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/^error IMPORT_KEY_MISSING .*already holds imported referrals or consents/m)
    expectUnseen(r.stdout + r.stderr, ['NGUYEN'])
  })
})
