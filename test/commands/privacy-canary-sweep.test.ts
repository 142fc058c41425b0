/**
 * An adversarial canary sweep: unique strings (ZQX…, shaped as names, birth dates, phone numbers,
 * addresses, SSNs) are planted in referrals, consents and a meeting in every way a person could
 * type them — free text, a value its field refuses, an unknown key (the canary as the key), a YAML
 * comment, a tag, an anchor, a flow key, broken and multi-document YAML, bytes that are not UTF-8,
 * a long line, a file and a folder named by it — and typed into `lead set`, `lead new` (flags and
 * --file), an import's cells and headers, and `-m`. Every command that reads them runs in text and
 * --json, on success and on its refusals; none may print a canary, nor may a file lead writes
 * (forms, exports) or a commit message lead makes. Not swept: what a command shows by design (`lead
 * show`, `lead list --json`, `lead history --patch`, a plain export, a printed form's page).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLeadAsync, tempDir, testEnv, writeSiteFile, type RunResult} from '../support/cli.js'

const CANARY = /zqx/i
const env = testEnv()
afterAll(cleanupTemp)

function clean(r: RunResult, what: string): void {
  const out = `${r.stdout}\n${r.stderr}`
  const at = out.search(CANARY)
  expect(at, `${what} printed a canary: …${out.slice(Math.max(0, at - 60), at + 60)}…`).toBe(-1)
}

/** Each line in text and --json (`textOnly`: --json shows the records by design, as `lead list --json`); every run's output clean. */
async function sweep(site: string, lines: string[][], textOnly: string[][] = [], atOnce = 2): Promise<RunResult[]> {
  const runs = [...lines.flatMap((args) => [args, [...args, '--json']]), ...textOnly]
  const results: RunResult[] = []
  // Two at a time (one per core); writes one at a time, so none is refused for the other's lock.
  for (let i = 0; i < runs.length; i += atOnce) {
    const pair = await Promise.all(runs.slice(i, i + atOnce).map((args) => runLeadAsync([...args, '-C', site], {cwd: out, env})))
    pair.forEach((r, j) => clean(r, `lead ${runs[i + j]!.join(' ')}`))
    results.push(...pair)
  }
  return results
}

const R1 = 'referrals/2026/r-2026-01-08-z66mn9.yaml'
const R2 = 'referrals/2026/r-2026-01-17-wvy892.yaml'
const C1 = 'consents/c-2026-11-03-p8m2wd.yaml'
const M1 = 'meetings/2026/owg-2026-12-01.yaml'

/** Files planted beside the example site's (path → text). */
const PLANTED: Record<string, string | Buffer> = {
  'referrals/2026/r-2026-02-02-aaaaaa.yaml': 'id: r-2026-02-02-aaaaaa\nparticipant: &ZQXCanaryM P-5WNVA0\nnotes: *ZQXCanaryM\n',
  'referrals/2026/r-2026-02-03-bbbbbb.yaml': '---\nid: r-2026-02-03-bbbbbb\n---\nZQXCanaryN: 1\n...\n%ZQXCanaryO\n',
  'referrals/2026/r-2026-02-04-cccccc.yaml': 'id: r-2026-02-04-cccccc\nnotes: "\\xZQXCanaryP"\n',
  'referrals/2026/r-2026-02-05-dddddd.yaml': Buffer.from('id: r-2026-02-05-dddddd\nnotes: Jos\xe9 ZQXCanaryQ 123-45-6789\n', 'latin1'),
  'referrals/2026/r-2026-02-06-eeeeee.yaml': 'id: r-2026-02-06-eeeeee\n? [ZQXCanaryR]\n: 1\n{ZQXCanaryS: 2}: 3\n',
  'referrals/2026/r-2026-02-07-ffffff.yaml': 'id: r-2026-02-07-ffffff\nZQXCanaryT\n  bad: indent\n\tZQXCanaryU: tab\n',
  'referrals/2026/r-2026-02-08-gggggg.yaml': `id: r-2026-02-08-gggggg\nnotes: ${'x'.repeat(20_000)}ZQXCanaryV\n`,
  'referrals/2026/r-2026-02-09-hhhhhh.yaml': 'id: r-2026-02-09-hhhhhh\nnotes: |\n  line\n ZQXCanaryW\n',
  'referrals/2026/r-2026-02-10-iiiiii.yaml': 'id: r-2026-02-10-iiiiii\nnotes: "ZQXCanaryX\n',
  'referrals/2026/r-2026-02-11-jjjjjj.yaml': 'id: r-2026-02-11-jjjjjj\nnotes: ZQXCanaryY\nnotes: ZQXCanaryZ\nreceived: 2026-13-45\nquantity: {amount: 3605550199ZQX1, unit: ZQXCanary2}\n',
  'referrals/2026/r-2026-02-12-kkkkkk.yaml': 'id: r-2026-02-12-kkkkkk\nparticipant: ZQXCanary3 Smith\nprevious: r-zqxcanary-4\nconsent: c-zqxcanary-5\ndistrict: 412 N ZQXCanary6 Street\nreferrer: {agency: zqxcanary-7, badge: "ZQX8"}\n',
  'consents/Jane ZQXCanaryK.yaml': 'id: c-2026-01-08-3gsa3a\nparticipant: P-5WNVA0\n',
  'referrals/ZQXCanaryL/r-2026-01-17-wvy892.yaml': 'id: r-2026-01-17-wvy892\n',
  // Left out of reports and agendas (it fails its schema): their --json listed it as skippedFiles.
  'referrals/2026/Jane ZQXCanary17 1984-03-02.yaml': 'id: r-2026-03-04-yyyyyy\nstatus: bogus\n',
  'partners/zqxcanary-9.yaml': 'id: r-2026-03-03-zzzzzz\nparticipant: P-5WNVA0\nnotes: ZQXCanary10\n',
}

let site: string
let out: string
let base: string

beforeAll(() => {
  site = exampleSite(env, {warm: true})
  out = tempDir('lead-canary-out-')
  base = git(site, ['rev-parse', 'HEAD'], env).trim()
  const edit = (rel: string, f: (s: string) => string) => fs.writeFileSync(path.join(site, rel), f(fs.readFileSync(path.join(site, rel), 'utf8')))
  edit(R1, (s) => `${s.replace(/^notes: .*$/m, 'notes: "Jane ZQXCanaryA born 1984-03-02 (360) 555-0199"')}# Jane ZQXCanaryB comment\nZQXCanaryC Key: 1\n`)
  edit(R2, (s) => s.replace(/^status: .*$/m, 'status: ZQXCanaryD Smith').replace(/^pathway: .*$/m, 'pathway: {ZQXCanaryE: [ZQXCanaryF]}'))
  edit(C1, (s) => `${s.replace(/^witness: .*$/m, 'witness: ZQXCanaryI Jones')}revocation_method: !ZQXCanaryJ call\n`)
  edit(M1, (s) => `${s.replace(/^location: .*$/m, 'location: 412 N ZQXCanaryH Street')}case_conferences:\n  - participant: ZQXCanaryG Smith\n    topics: [ZQXCanary11]\n    excused: [zqxcanary-12]\n    next_steps: [Call Jane ZQXCanary13 at (360) 555-0199]\nactions:\n  - {text: "Call Maria ZQXCanary14 at 555-0123", owner: zqxcanary-15, due: "2026-12-15"}\n`)
  for (const [rel, text] of Object.entries(PLANTED)) writeSiteFile(site, rel, text)
  git(site, ['add', '-A'], env)
  git(site, ['commit', '-q', '--no-verify', '-m', 'planted'], env)
  // And one change left in the working tree, for `lead diff` and `lead status` of it.
  edit('referrals/2026/r-2026-01-27-eem7iq.yaml', (s) => `${s}ZQXCanary16: "1990-01-01"\n`)
})

describe.concurrent('reading commands over planted canaries print none of them', () => {
  it('validate in every format, and as the CI gate against the base', async () => {
    await sweep(site, [['validate'], ['validate', '--format', 'github'], ['validate', '--format', 'junit'], ['validate', '--since', base], ['validate', '--since', base, '--format', 'github'], ['validate', '--staged']])
  })

  it('diff in every format, status, list, reports, de-identified exports and the refused export', async () => {
    await sweep(site, [
      ['diff'], ['diff', base, 'HEAD'], ['diff', `${base}...HEAD`, '--format', 'markdown', '--check'], ['diff', base, '--format', 'json'],
      ['status'],
      ['report', 'referrals'], ['report', 'referrals', '--by', 'district'], ['report', 'funnel'], ['report', 'capacity'],
      ['export', 'referrals', '--deidentify'], ['export', 'referrals', '--deidentify', '--rows', '--min-cell', '1'], ['export', 'referrals'], ['export', 'consents'],
    ], [['list', 'referral'], ['list', 'consent'], ['list', 'meeting']])
  })

  it('referral check, meetings, history, and the forms refused for what their records hold', async () => {
    const ids = ['r-2026-01-08-z66mn9', 'r-2026-01-17-wvy892', 'r-2026-02-02-aaaaaa', 'r-2026-02-06-eeeeee', 'r-2026-02-12-kkkkkk']
    await sweep(site, [
      ...ids.map((id) => ['referral', 'check', id]),
      ['meeting', 'agenda', '--as-of', '2026-11-27'], ['meeting', 'actions'], ['training', 'due'],
      // An unquoted value spills into arguments oclif and show/history/edit repeated (Unexpected arguments: Maria, ZQX…).
      ['referral', 'check', 'r-2026-11-03-k3f9q2', 'Maria', 'ZQXCanary18'], ['show', 'r-2026-11-03-k3f9q2', 'ZQXCanary19'], ['history', 'r-2026-11-03-k3f9q2', 'ZQXCanary20'],
      ['history', 'c-2026-11-03-p8m2wd'], ['history', 'consents/Jane ZQXCanaryK.yaml'], ['show', 'consents/Jane ZQXCanaryK.yaml'],
      // RECORD_INVALID's --json details carried each finding's data path (an unknown key) and subject digest.
      ['form', 'referral', 'r-2026-01-08-z66mn9', '--out', 'r.html'], ['form', 'handoff-slip', 'r-2026-02-12-kkkkkk', '--out', 'h.html'],
      ['form', 'roi', 'c-2026-11-03-p8m2wd', '--out', 'roi.html'], ['form', 'case-conference', 'owg-2026-12-01', '--out', 'cc.html'], ['form', 'minutes', 'owg-2026-12-01', '--out', 'm.html'],
    ])
  })
})

describe.concurrent('canaries typed into writes and imports are refused unseen, and reach no commit', () => {
  it('lead set and lead new (flags and --file), and -m', async () => {
    const s = exampleSite(env, {warm: true})
    const head = git(s, ['rev-parse', 'HEAD'], env).trim()
    const R = 'r-2026-01-08-z66mn9'
    const file = (name: string, text: string | Buffer) => writeSiteFile(out, `new-${name}.yaml`, text)
    const files = [
      file('broken', 'pathway: social_contact\nnotes: "ZQXCanaryA\nfoo: [ZQXCanaryB\n'),
      file('keys', 'pathway: social_contact\nZQXCanaryC Key: 1\nnotes: !!binary ZQXCanaryD\n'),
      file('latin1', Buffer.from('pathway: social_contact\nnotes: Jos\xe9 ZQXCanaryE\n', 'latin1')),
      file('list', '- ZQXCanaryF\n- 2\n'),
      file('docs', 'pathway: social_contact\n---\nZQXCanaryG: 1\n'),
      file('values', 'id: ZQXCanaryH-2026\npathway: social_contact\nparticipant: ZQXCanaryI\nreceived: ZQXCanaryJ\n'),
      file('alias', 'pathway: social_contact\nnotes: &ZQXCanaryK x\nnotes2: *ZQXCanaryK\n'),
    ]
    await sweep(s, [
      ['set', R, 'notes=Jane ZQXCanary1 (360) 555-0199'], ['set', R, 'status=ZQXCanary2 Smith'], ['set', R, 'ZQXCanary3 Key=1'],
      ['set', R, 'charges.ZQXCanary4=1'], ['set', R, 'screening.ZQXCanary5=1'], ['set', R, 'received=ZQXCanary6'], ['set', R, 'quantity.amount=3605550199'],
      ['set', R, '-u', 'ZQXCanary7'], ['set', 'referrals/2026/ZQXCanary8.yaml', 'notes=x'],
      // "Jane" was on no list of given names: `Met Jane Doe` passed the message scan into git history.
      ['set', R, 'status=closed', '-m', 'Met Jane Zqxcanary9 today'],
      ['new', 'referral', '--set', 'notes=Jane ZQXCanary10', '--set', 'pathway=social_contact'], ['new', 'referral', '--set', 'ZQXCanary11=1'],
      ['new', 'referral', '--id', 'r-2026-01-01-zqxcan', '--set', 'pathway=social_contact'], ['new', 'consent', '--set', 'information=Jane ZQXCanary12'],
      ['new', 'referral', '--set', 'participant=ZQXCanary13 Smith'],
      ...files.flatMap((f) => [['new', 'referral', '--file', f], ['new', 'consent', '--file', f]]),
    ], [], 1)
    expect(git(s, ['log', '--format=%B', `${head}..HEAD`], env)).not.toMatch(CANARY)
  })

  it('imports: cells, headers, a first row that is data, --set, --value, --where and -m', async () => {
    const s = exampleSite(env, {warm: true})
    const head = git(s, ['rev-parse', 'HEAD'], env).trim()
    const headers = 'Report No,Arrest Date,Arrest Time,Offense,Beat,Badge,Age OK,Exclusions,Status,Notes'
    const csv = (name: string, text: string) => writeSiteFile(out, `${name}.csv`, text)
    const cells = csv('cells', `${headers},Jane ZQXCanaryA\nRD-2,2026-03-09,10:00,TRESP,ZQXCanaryB,0412,yes,none,ZQXCanaryC,ZQXCanaryD Smith,ZQXCanaryE\n`)
    const dataFirst = csv('data-first', 'RD-2,2026-03-09,10:00,TRESP,D1,0412,yes,none,received,Jane ZQXCanaryF\n')
    const good = csv('good', `${headers}\nRD-2,2026-03-09,10:00,TRESP,D1,0412,yes,none,received,\n`)
    const consents = csv('consents', 'participant,signed,expires,disclosers,recipients,information,purpose,witness,ZQXCanaryG Jones\nP-7K2D9Q,2026-11-03,2027-11-03,zqxcanary-h,harbor-pd,ZQXCanaryI,ZQXCanaryJ,ZQXCanaryK Jones,x\nZQXCanaryL Smith,ZQXCanaryM,,,,,,,\n')
    const set = ['--set', 'pathway=arrest_diversion', '--set', 'referrer.agency=harbor-pd', '--value', 'charges:TRESP=RCW 9A.52.080']
    await sweep(s, [
      ['import', 'referrals', cells, ...set], ['import', 'referrals', cells, ...set, '--dry-run'], ['import', 'referrals', dataFirst, ...set],
      ['import', 'referrals', good, '--set', 'notes=Jane ZQXCanaryN Jones', '--set', 'pathway=ZQXCanaryO'],
      ['import', 'referrals', good, ...set, '--where', 'Notes=ZQXCanaryP'], ['import', 'referrals', good, ...set, '--value', 'status:Jane ZQXCanaryQ=received', '--save-map', 'm.yaml'],
      ['import', 'referrals', good, ...set, '--dry-run', '-m', 'Jane ZQXCanaryS called'], ['import', 'referrals', good, ...set, '-m', 'Met', 'Maria', 'ZQXCanaryT'],
      ['import', 'consents', consents], ['import', 'consents', consents, '--dry-run'],
    ], [], 1)
    expect(git(s, ['log', '--format=%B', `${head}..HEAD`], env)).not.toMatch(CANARY)
  })

  it('a form of a referral whose notes hold a name in a script no font has: neither the name nor its code points', async () => {
    const s = exampleSite(env, {warm: true})
    fs.appendFileSync(path.join(s, 'referrals/2026/r-2026-11-03-k3f9q2.yaml'), 'notes: "张伟"\n')
    const lines = [['form', 'referral', 'r-2026-11-03-k3f9q2', '--out', 'glyphs.html'], ['form', 'referral', 'r-2026-11-03-k3f9q2', '--out', 'glyphs.html', '--allow-missing-glyphs']]
    const [refused, refusedJson, placeholders, placeholdersJson] = await sweep(s, lines)
    for (const r of [refused!, refusedJson!, placeholders!, placeholdersJson!]) expect(`${r.stdout}${r.stderr}`).not.toMatch(/张|伟|U\+5F20|U\+4F1F/)
    expect(refused!.stderr).toContain("MISSING_GLYPHS no font has glyphs for 2 characters in the Han script from a participant's record (not shown as code points)")
    expect(refusedJson!.json().error.details).toMatchObject({codePoints: [], concealed: {count: 2, scripts: ['Han']}})
    expect(placeholdersJson!.json()).toMatchObject({missingGlyphs: [], missingGlyphsConcealed: {count: 2, scripts: ['Han']}})
  })
})

describe("a git hook's words after a failed commit of a referral (write/git-words.ts)", () => {
  const hook = (site: string, body: string) => fs.writeFileSync(path.join(site, '.git/hooks/pre-commit'), `#!/bin/sh\n${body}\nexit 1\n`, {mode: 0o755})
  const WITHHELD = "the change is written but not committed: git's words are not shown"

  it('a hook that quotes the staged notes, one word of them, or a name: withheld, and the hint says how to read them', async () => {
    const s = exampleSite(env, {warm: true})
    const hooks = [
      `echo "error: refused line: $(git diff --cached | grep '^+notes')" >&2`,
      `echo "error: refused word: $(git diff --cached | grep -o 'ZQXCanary[A-Za-z]*' | head -1)" >&2`,
      `echo "error: refused word: $(git diff --cached | grep -o 'ZQXCanary[A-Za-z]*' | head -1 | tr A-Z a-z)" >&2`,
      'echo "error: Maria Gonzalez asked us to hold this" >&2',
    ]
    for (const body of hooks) {
      hook(s, body)
      for (const json of [[], ['--json']]) {
        const r = await runLeadAsync(['set', 'r-2026-01-08-z66mn9', 'notes=Prefers ZQXCanaryA mornings', '-C', s, ...json], {cwd: out, env})
        expect(r.code, body).toBe(4)
        clean(r, `lead set with the hook ${body}`)
        expect(r.stderr).not.toContain('Gonzalez')
        expect(r.stderr, body).toContain(WITHHELD)
        // Run from another folder (-C): the lines go to the site first.
        expect(r.stderr).toContain(`hint: commit it by hand: cd ${s} && git add -- referrals/2026/r-2026-01-08-z66mn9.yaml`)
        if (json.length > 0) expect(r.json().error).toMatchObject({code: 'GIT_FAILED'})
        git(s, ['checkout', '-q', '--', 'referrals'], env)
      }
    }
  })

  it("any hook's reason for a referral's commit is withheld; a hook's reason for a partner's change is shown whatever it quotes", async () => {
    const s = exampleSite(env, {warm: true})
    hook(s, 'echo "error: commits are frozen until the audit closes" >&2')
    const referral = await runLeadAsync(['set', 'r-2026-01-08-z66mn9', 'notes=Prefers ZQXCanaryA mornings', '-C', s], {cwd: out, env})
    expect(referral.stderr).toContain(WITHHELD)
    expect(referral.stderr).not.toContain('frozen')
    git(s, ['checkout', '-q', '--', 'referrals'], env)
    hook(s, 'echo "error: refused: $(git diff --cached | grep \'^+\' | tail -1)" >&2')
    const partner = await runLeadAsync(['set', 'partner', 'evergreen-case-management', 'phone=+1-360-555-0101', '-C', s], {cwd: out, env})
    expect(partner.code).toBe(4)
    expect(partner.stderr).toContain('the change is written but not committed: error: refused: +')
    expect(partner.stderr).not.toContain("git's words are not shown")
  })
})
