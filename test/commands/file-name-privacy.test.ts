/**
 * A participant file's name is typed by a person too: `consents/Jane Doe 1984-03-02.yaml` must
 * reach no output — validation in every format, status, list, the write refusals, the pre-commit
 * hook and the CI gate — and BAD_ID still refuses it.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv, type RunResult} from '../support/cli.js'

const env = testEnv()
const AS_OF = ['--as-of', '2026-11-27']
const TYPED = ['Jane Doe', '1984-03-02', 'Maria Lopez', 'Tom Fay']
const CONSENT = 'consents/Jane Doe 1984-03-02.yaml'
const REFERRAL = 'referrals/2026/Maria Lopez.yaml'
const GARBLED = 'referrals/2026/Tom Fay.yaml'
const SHOWN_CONSENT = 'consents/‹file name of 19 characters, not shown›.yaml'
const SHOWN_REFERRAL = 'referrals/2026/‹file name of 11 characters, not shown›.yaml'

const copy = (root: string, from: string, to: string) => fs.copyFileSync(path.join(root, from), path.join(root, to))
const write = (root: string, rel: string, text: string) => fs.writeFileSync(path.join(root, rel), text)
const all = (r: RunResult) => r.stdout + r.stderr
const noneTyped = (text: string) => {
  for (const t of TYPED) expect(text).not.toContain(t)
}

/** The example with a consent and a referral copied under names a person typed, and a garbled referral. */
function siteWithTypedNames(): string {
  const root = exampleSite(env, {warm: true})
  copy(root, 'consents/c-2026-11-03-p8m2wd.yaml', CONSENT)
  copy(root, 'referrals/2026/r-2026-11-03-k3f9q2.yaml', REFERRAL)
  write(root, GARBLED, 'id: [unclosed\nnotes: x\n')
  return root
}

afterAll(cleanupTemp)

describe('lead validate and the read-only commands conceal a participant file name a person typed', () => {
  let root: string
  beforeAll(() => {
    root = siteWithTypedNames()
  })

  it('text: the name concealed in the position, message and hint; the hint says how to list the file; BAD_ID is an error', () => {
    const r = runLead(['validate', ...AS_OF], {cwd: root, env})
    expect(r.code).toBe(1)
    noneTyped(all(r))
    expect(r.stdout).toContain(`${SHOWN_CONSENT}:4:1: error BAD_ID`)
    expect(r.stdout).toContain(`${SHOWN_REFERRAL}:4:5: error ID_MISMATCH id "r-2026-11-03-k3f9q2" does not match the file name "‹file name of 11 characters, not shown›.yaml"`)
    expect(r.stdout).toContain('hint: rename the file to referrals/2026/r-2026-11-03-k3f9q2.yaml (its id field); the file\'s name is not shown: `git status referrals/2026` or `ls referrals/2026` lists it')
    expect(r.stdout).toMatch(/referrals\/2026\/‹file name of 7 characters, not shown›\.yaml:\d+:\d+: error YAML_SYNTAX/)
  })

  it('JSON, JUnit, GitHub annotations and the job summary', () => {
    const json = runLead(['validate', '--json', ...AS_OF], {cwd: root, env})
    noneTyped(all(json))
    const files = new Set((json.json() as {diagnostics: Array<{file: string}>}).diagnostics.map((d) => d.file))
    expect(files).toContain(SHOWN_CONSENT)
    expect(files).toContain(SHOWN_REFERRAL)
    const junit = runLead(['validate', '--format', 'junit', ...AS_OF], {cwd: root, env})
    expect(junit.code).toBe(1)
    noneTyped(all(junit))
    expect(junit.stdout).toContain(`name="${SHOWN_CONSENT}"`)
    const summary = path.join(tempDir(), 'summary.md')
    const github = runLead(['validate', '--format', 'github', '--summary', summary, ...AS_OF], {cwd: root, env})
    expect(github.code).toBe(1)
    noneTyped(all(github) + fs.readFileSync(summary, 'utf8'))
    expect(github.stdout).toContain('::error file=consents/‹file name of 19 characters%2C not shown›.yaml,line=4,col=1,title=BAD_ID::')
  })

  it('status and list', () => {
    for (const args of [['status', ...AS_OF], ['status', '--json', ...AS_OF], ['list', 'referral'], ['list', 'consent'], ['list', 'referral', '--json']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, args.join(' ')).toBe(0)
      noneTyped(all(r))
    }
    // The garbled referral is named in list's talk, concealed.
    expect(runLead(['list', 'referral'], {cwd: root, env}).stderr).toContain('could not be read (referrals/2026/‹file name of 7 characters, not shown›.yaml)')
  })
})

describe('the write refusals conceal a participant file name a person typed', () => {
  it('COMMIT_INVALID lists the uncommitted files with their names concealed, in text and --json', () => {
    const root = siteWithTypedNames()
    fs.writeFileSync(path.join(root, 'consents/c-2026-11-20-abcdef.yaml'), fs.readFileSync(path.join(root, 'consents/c-2026-11-03-p8m2wd.yaml'), 'utf8').replace('id: c-2026-11-03-p8m2wd', 'id: c-2026-11-20-abcdef'))
    const args = ['set', 'r-2026-11-03-k3f9q2', 'consent=c-2026-11-20-abcdef']
    const text = runLead(args, {cwd: root, env})
    expect(text.code).toBe(3)
    noneTyped(all(text))
    expect(text.stderr).toContain(`error COMMIT_INVALID`)
    expect(text.stderr).toContain(SHOWN_CONSENT)
    const json = runLead([...args, '--json'], {cwd: root, env})
    noneTyped(all(json))
    expect((json.json() as {error: {details: {uncommitted: string[]}}}).error.details.uncommitted).toContain(SHOWN_REFERRAL)
  })

  it('INVALID_CHANGE names a file it collides with concealed, in text and --json', () => {
    const root = exampleSite(env, {warm: true})
    const entered = fs.readFileSync(path.join(root, 'referrals/2026/r-2026-11-03-k3f9q2.yaml'), 'utf8').replace(/^id: .*$/m, 'id: r-2026-11-26-abcdef').replace(/^consent: .*\n/m, '')
    // A name only its case tells from a legal ID: no ID, so concealed like any other.
    write(root, 'referrals/2026/R-2026-11-26-ABCDEF.yaml', entered)
    const input = path.join(tempDir(), 'referral.yaml')
    fs.writeFileSync(input, entered)
    for (const args of [['new', 'referral', '--file', input], ['new', 'referral', '--file', input, '--json']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code).toBe(1)
      expect(all(r)).toContain('INVALID_CHANGE')
      expect(all(r)).toContain('referrals/2026/‹file name of 19 characters, not shown›.yaml and referrals/2026/r-2026-11-26-abcdef.yaml are the same file')
      expect(all(r)).not.toContain('ABCDEF')
    }
  })
})

describe('lead export names the records it refuses without their typed names', () => {
  it('EXPORT_FLAGGED and the --include-flagged warning', () => {
    const root = siteWithTypedNames()
    fs.appendFileSync(path.join(root, REFERRAL), 'notes: met at 412 N Pine Street\n')
    const output = path.join(tempDir(), 'referrals.csv')
    const refused = runLead(['export', 'referrals', '--output', output], {cwd: root, env})
    expect(refused.code).toBe(1)
    noneTyped(all(refused))
    expect(refused.stderr).toContain(`EXPORT_FLAGGED nothing was exported: 1 of the referrals to export hold what looks like identifiers (${SHOWN_REFERRAL})`)
    const included = runLead(['export', 'referrals', '--output', output, '--include-flagged'], {cwd: root, env})
    expect(included.code).toBe(0)
    noneTyped(all(included))
    expect(included.stderr).toContain(`identifiers (${SHOWN_REFERRAL})`)
  })
})

describe('the pre-commit hook and the CI gate refuse a participant file named by a person, without its name', () => {
  it('the hook refuses the commit (BAD_ID) and prints no name', () => {
    const root = siteWithTypedNames()
    fs.rmSync(path.join(root, GARBLED))
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    const before = git(root, ['rev-parse', 'HEAD'], env)
    git(root, ['add', CONSENT, REFERRAL], env)
    const r = spawnSync('git', ['commit', '-m', 'add'], {cwd: root, env, encoding: 'utf8'})
    expect(r.status).not.toBe(0)
    noneTyped(r.stdout + r.stderr)
    expect(r.stdout + r.stderr).toContain(`${SHOWN_REFERRAL}:4:1: error BAD_ID`)
    expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(before)
  })

  it('the gate (validate --since, diff --check) fails the change and prints no name', () => {
    const root = siteWithTypedNames()
    fs.rmSync(path.join(root, GARBLED))
    git(root, ['add', CONSENT, REFERRAL], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'add'], env)
    const summary = path.join(tempDir(), 'summary.md')
    const gate = runLead(['validate', '--since', 'HEAD~1', '--format', 'github', '--summary', summary, ...AS_OF], {cwd: root, env})
    expect(gate.code).toBe(1)
    const text = all(gate) + fs.readFileSync(summary, 'utf8')
    noneTyped(text)
    expect(text).toContain('title=BAD_ID')
    for (const format of ['text', 'markdown', 'json']) {
      const diff = runLead(['diff', 'HEAD~1...HEAD', '--check', '--format', format], {cwd: root, env})
      noneTyped(all(diff))
      expect(all(diff)).toContain('‹file name of 19 characters, not shown›')
    }
  })
})

describe('commands given the path a person typed do not repeat its name', () => {
  it('a path that is not there gets no "did you mean" naming a typed file, and its own name concealed (helper-83)', () => {
    const root = siteWithTypedNames()
    for (const args of [['set', 'consents/Jane Doe 1984-03-03.yaml', 'purpose=x'], ['show', 'consents/Jane Doe 1984-03-03.yaml'], ['set', 'consents/Jane Doe 1984-03-03.yaml', 'purpose=x', '--json']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, args.join(' ')).toBe(2)
      noneTyped(all(r))
      expect(all(r)).toMatch(/NOT_FOUND|not_found/i)
    }
    // An ID near one that is there is still offered, for any kind.
    const near = runLead(['set', 'consent', 'c-2026-11-03-p8m2wx', 'purpose=x'], {cwd: root, env})
    expect(near.stderr).toContain('(did you mean "c-2026-11-03-p8m2wd"?)')
    expect(runLead(['set', 'partner', 'harbor-pdd', 'name=x'], {cwd: root, env}).stderr).toContain('(did you mean "harbor-pd"?)')
  })

  it('set refuses it, show --json and history (after the file is renamed to its ID) conceal it', () => {
    const root = siteWithTypedNames()
    fs.rmSync(path.join(root, GARBLED))
    git(root, ['add', REFERRAL], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'add'], env)
    const set = runLead(['set', REFERRAL, 'status=closed'], {cwd: root, env})
    expect(set.code).toBe(2)
    noneTyped(all(set))
    expect(set.stderr).toContain(`not the file of referral ‹file name of 11 characters, not shown›`)
    // DEBUG=1 (what a bug report asks for) adds the stack's frames, not its unconcealed message.
    const debug = runLead(['set', REFERRAL, 'status=closed'], {cwd: root, env: {...env, DEBUG: '1'}})
    expect(debug.code).toBe(2)
    noneTyped(all(debug))
    expect(debug.stderr).toMatch(/^LeadError [A-Z_]+:\n\s+at /m)
    const show = runLead(['show', REFERRAL, '--json'], {cwd: root, env})
    noneTyped(show.stdout)
    expect(show.json()).toMatchObject({id: '‹file name of 11 characters, not shown›', file: SHOWN_REFERRAL})
    git(root, ['mv', REFERRAL, 'referrals/2026/r-2026-11-26-aaaaaa.yaml'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'rename'], env)
    for (const args of [['history', 'r-2026-11-26-aaaaaa'], ['history', 'r-2026-11-26-aaaaaa', '--json'], ['history', 'r-2026-11-26-aaaaaa', '--patch']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, args.join(' ')).toBe(0)
      noneTyped(all(r))
      expect(all(r)).toContain('‹file name of 11 characters')
    }
  })
})
