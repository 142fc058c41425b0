/**
 * Second read of 8f3b065..ed3e02f, continued from test/commands/second-read-95.test.ts (split in two
 * so the two test workers share it): `lead history` and `lead referral check` on the early path.
 * Each test passes when lead is right.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {loadRecords} from '../../src/core/records/load.js'
import type {Referral} from '../../src/core/records/types.js'
import {decideEligibility} from '../../src/core/referrals/eligibility.js'
import {referralDataFrom} from '../../src/core/referrals/site-data.js'
import {cleanupTemp, exampleSite, git, runLead, siteInSubfolder, tempDir, testEnv, useGitEnv} from '../support/cli.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const REF = 'referrals/2026/r-2026-01-08-z66mn9.yaml'
const REF_ID = 'r-2026-01-08-z66mn9'
const abs = (root: string, rel: string) => path.join(root, rel)
const rd = (root: string, rel: string) => fs.readFileSync(abs(root, rel), 'utf8')
const all = (r: {stdout: string; stderr: string; code: number}) => `${r.stdout}${r.stderr}exit ${r.code}`

describe('5. lead history on the early path', () => {
  const both = (cwd: string, args: string[], e = env) => {
    const early = runLead(args, {cwd, env: e})
    const oclif = runLead(args, {cwd, env: {...e, LEAD_EARLY: 'off'}})
    expect(all(early), args.join(' ')).toBe(all(oclif))
    return early
  }

  it('H1 odd lines print as oclif prints them', () => {
    const root = exampleSite(env, {warm: true})
    // A referral file named by a person, renamed into a legal ID's file, and a partner renamed.
    const named = 'referrals/2026/Jane Doe 1984.yaml'
    fs.renameSync(abs(root, REF), abs(root, named))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'saved under a name'], env)
    fs.renameSync(abs(root, named), abs(root, REF))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'renamed back'], env)
    const lines = [
      ['history', REF_ID],
      ['history', REF],
      ['history', named],
      ['history', named, '--patch'],
      ['history', REF_ID, '--patch', '--json'],
      ['history', REF_ID, '--limit=0'],
      ['history', REF_ID, '-n', '1'],
      ['history', REF_ID, '--patch', '--patch'],
      ['history', '--limit', '2', 'referral', REF_ID],
      ['history', 'referral', 'r-2026-01-08-zzzzzz'],
      ['history', 'referral', 'jane-doe'],
      ['history', REF_ID, 'extra'],
      ['history', REF_ID, '--', '--patch'],
    ]
    for (const line of lines) {
      const r = both(root, line)
      expect(all(r), line.join(' ')).not.toContain('Jane Doe')
      expect(all(r)).not.toContain('1984')
    }
  })

  it('H2 no commits, not a repository, a site in a subfolder, detached HEAD, packed refs, a worktree: as oclif', () => {
    const root = exampleSite(env, {warm: true})
    const empty = path.join(tempDir('lead-empty-'), 'site')
    fs.cpSync(root, empty, {recursive: true, filter: (s) => path.basename(s) !== '.git'})
    git(empty, ['init', '-q'], env)
    both(empty, ['history', REF_ID])
    fs.rmSync(path.join(empty, '.git'), {recursive: true})
    both(empty, ['history', REF_ID])
    const {site} = siteInSubfolder(root, 'sites/harbor', env)
    both(site, ['history', REF_ID])
    git(root, ['checkout', '-q', '--detach', 'HEAD'], env)
    both(root, ['history', REF_ID])
    git(root, ['checkout', '-q', 'main'], env)
    git(root, ['pack-refs', '--all'], env)
    both(root, ['history', REF_ID])
    const wt = path.join(tempDir('lead-wt-'), 'wt')
    git(root, ['worktree', 'add', '-q', wt, '-b', 'other'], env)
    both(wt, ['history', REF_ID])
  })

  it('H3 commits after the graph was written, HEAD then read from packed refs, a reset back to the memo\'s HEAD: history is git log\'s', () => {
    const root = exampleSite(env, {warm: true})
    runLead(['history', REF_ID], {cwd: root, env})
    // Commit under a branch whose loose ref is then packed: HEAD read from packed-refs.
    runLead(['set', 'referral', REF_ID, 'district=D2'], {cwd: root, env})
    git(root, ['pack-refs', '--all'], env)
    const after = runLead(['history', REF_ID, '--json'], {cwd: root, env}).json<Array<{subject: string}>>()
    const truth = git(root, ['log', '--follow', '--format=%s', '--', REF], env).trim().split('\n')
    expect(after.map((c) => c.subject)).toEqual(truth)
    // A commit made and undone (reset): HEAD back where the memo says, the graph's commits a superset.
    git(root, ['commit', '-q', '--allow-empty', '-m', 'empty'], env)
    runLead(['history', REF_ID], {cwd: root, env})
    git(root, ['reset', '-q', '--hard', 'HEAD~1'], env)
    fs.appendFileSync(abs(root, REF), '# note\n')
    git(root, ['commit', '-qam', 'a comment'], env)
    const again = runLead(['history', REF_ID, '--json'], {cwd: root, env}).json<Array<{subject: string}>>()
    expect(again.map((c) => c.subject)).toEqual(git(root, ['log', '--follow', '--format=%s', '--', REF], env).trim().split('\n'))
  })

  it('H4 replace refs: history as git log gives it, both ways', () => {
    const root = exampleSite(env, {warm: true})
    runLead(['history', REF_ID], {cwd: root, env})
    fs.appendFileSync(abs(root, REF), '# a\n')
    git(root, ['commit', '-qam', 'first'], env)
    const first = git(root, ['rev-parse', 'HEAD'], env).trim()
    git(root, ['commit', '-q', '--allow-empty', '-m', 'second'], env)
    git(root, ['replace', first, 'HEAD'], env)
    both(root, ['history', REF_ID, '--json'])
  })

  it('H5 the memo replaced by a FIFO or a link: history does not hang and is right', () => {
    const root = exampleSite(env, {warm: true})
    runLead(['history', REF_ID], {cwd: root, env})
    const memo = path.join(root, '.git', 'lead', 'commit-graph-head.txt')
    expect(fs.existsSync(memo)).toBe(true)
    const outside = path.join(tempDir('lead-out-'), 'x.txt')
    fs.writeFileSync(outside, 'mine\n')
    fs.rmSync(memo)
    fs.symlinkSync(outside, memo)
    const r1 = runLead(['history', REF_ID], {cwd: root, env})
    expect(r1.code).toBe(0)
    expect(fs.readFileSync(outside, 'utf8')).toBe('mine\n')
    fs.rmSync(memo)
    spawnSync('mkfifo', [memo])
    const r2 = spawnSync(process.execPath, [path.join(__dirname, '../../bin/run.js'), 'history', REF_ID], {cwd: root, env, encoding: 'utf8', timeout: 20_000})
    expect(r2.status).toBe(0)
  })
})

describe('6. lead referral check on a partial load: the decision a whole load gives', () => {
  const DAY = '2026-02-01'
  /** What a whole load decides (worked out in this process), and what the command prints (the early path and oclif's, the same). */
  async function agree(root: string, id: string): Promise<string> {
    const early = runLead(['referral', 'check', id, '--as-of', DAY, '--json'], {cwd: root, env})
    const viaOclif = runLead(['referral', 'check', id, '--as-of', DAY, '--json'], {cwd: root, env: {...env, LEAD_EARLY: 'off'}})
    expect(all(early), id).toBe(all(viaOclif))
    const site = readSite(root)
    const whole = await loadRecords(site, {cache: false})
    const record = whole.get('referral', id)
    if (!record) {
      expect(early.stdout + early.stderr, id).toContain('UNKNOWN_REFERRAL')
      return 'unknown'
    }
    const data = referralDataFrom(site, whole)
    if (!data.referrals.some((r) => JSON.stringify(r) === JSON.stringify(record.data))) {
      expect(early.stdout + early.stderr, id).toContain('INVALID_RECORD')
      return 'invalid'
    }
    const decision = decideEligibility(record.data as unknown as Referral, {protocols: data.protocols, consents: data.consents, timeZone: data.timeZone, asOf: DAY, vocabulary: data.vocabulary})
    expect(early.json(), id).toEqual(JSON.parse(JSON.stringify({ok: decision.eligible, ...decision})))
    return record.file
  }

  it('P1 a year folder that is a link to one holding the referral; a referral file that is a link', async () => {
    const root = exampleSite(env, {warm: true})
    const elsewhere = path.join(tempDir('lead-ext-'), '2027')
    fs.mkdirSync(elsewhere)
    fs.writeFileSync(path.join(elsewhere, `${REF_ID}.yaml`), rd(root, REF).replace(/^district: .*$/m, 'district: D5'))
    fs.symlinkSync(elsewhere, abs(root, 'referrals/2027'))
    expect(await agree(root, REF_ID)).toBe(REF)
    fs.rmSync(abs(root, REF))
    expect(await agree(root, REF_ID)).toBe('unknown')
    fs.rmSync(abs(root, 'referrals/2027'))
    fs.symlinkSync(path.join(elsewhere, `${REF_ID}.yaml`), abs(root, REF))
    expect(await agree(root, REF_ID)).toBe('unknown')
  })

  it('P2 uppercase .YAML, a non-year folder, twins across year folders (the first in the walk\'s order naming a missing consent)', async () => {
    const root = exampleSite(env, {warm: true})
    const text = rd(root, REF)
    fs.writeFileSync(abs(root, `referrals/2025/${REF_ID}.YAML`), text.replace(/^district: .*$/m, 'district: D5'))
    fs.mkdirSync(abs(root, 'referrals/1'), {recursive: true})
    fs.writeFileSync(abs(root, `referrals/1/${REF_ID}.yaml`), text.replace(/^district: .*$/m, 'district: D4'))
    fs.mkdirSync(abs(root, 'referrals/0001'), {recursive: true})
    fs.writeFileSync(abs(root, `referrals/0001/${REF_ID}.yaml`), text.replace(/^consent: .*$/m, 'consent: c-2026-01-08-zzzzzz'))
    fs.mkdirSync(abs(root, 'referrals/9999'), {recursive: true})
    fs.writeFileSync(abs(root, `referrals/9999/${REF_ID}.yaml`), text.replace(/^district: .*$/m, 'district: D3'))
    expect(await agree(root, REF_ID)).toBe(`referrals/0001/${REF_ID}.yaml`)
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'twins'], env)
    expect(await agree(root, REF_ID)).toBe(`referrals/0001/${REF_ID}.yaml`)
  })

  it('P3 a site in a subfolder; a referral file git ignores; a consent holding another\'s id; an invalid referral', async () => {
    const root = exampleSite(env, {warm: true})
    const {site} = siteInSubfolder(root, 'sites/harbor', env)
    fs.writeFileSync(abs(site, '.gitignore'), `${rd(site, '.gitignore')}referrals/2026/${REF_ID}.yaml\n`)
    const consentId = /^consent: (.*)$/m.exec(rd(site, REF))![1]!
    fs.writeFileSync(abs(site, 'consents/c-2020-01-01-aaaaaa.yaml'), rd(site, `consents/${consentId}.yaml`).replace(/^expires: .*$/m, 'expires: "2026-01-20"'))
    for (const id of [REF_ID, 'r-2026-01-17-wvy892']) expect(await agree(site, id)).not.toBe('unknown')
    fs.writeFileSync(abs(site, REF), rd(site, REF).replace(/^pathway: .*$/m, 'pathway: 42'))
    expect(await agree(site, REF_ID)).toBe('invalid')
  })

  it('P4 a referral ID that is a person\'s name, one that is no ID, a missing one', async () => {
    const root = exampleSite(env, {warm: true})
    for (const id of ['jane-doe', 'Jane Doe', '../2026/r-2026-01-08-z66mn9', 'r-2026-01-08-z66mn8']) expect(await agree(root, id), id).toBe('unknown')
  })
})
