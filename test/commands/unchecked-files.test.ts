/**
 * A file that is no record in a participant folder — a scanned consent, a police records export,
 * an editor's backup of a referral — is content lead never reads, so nothing in it is checked for
 * names; committed, every clone keeps it. Validation reports it (PII_UNCHECKED_FILE, an error a
 * site may make a warning but not turn off), through the git listing and the walk alike, the
 * pre-commit hook and the CI gate refuse it, and no output prints its name.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv, type RunResult} from '../support/cli.js'

const env = testEnv()
const AS_OF = ['--as-of', '2026-11-27']
const SCAN = 'consents/Jane Doe signed ROI.pdf'
const EXPORT = 'referrals/2026/records export Maria Lopez.csv'
const BACKUP = 'referrals/2026/r-2026-11-03-k3f9q2.yaml.bak'
const HIDDEN = 'consents/.Jane Doe notes.txt'
const TYPED = ['Jane Doe', 'Maria Lopez', 'signed ROI', 'records export', 'notes.txt']
const all = (r: RunResult) => r.stdout + r.stderr
const noneTyped = (text: string) => {
  for (const t of TYPED) expect(text).not.toContain(t)
}
type Finding = {code: string; severity: string; file: string}
const unchecked = (r: RunResult) => (r.json() as {diagnostics: Finding[]}).diagnostics.filter((d) => d.code === 'PII_UNCHECKED_FILE')

/**
 * The example site with a scan, an export, a backup and a hidden note among the participants'
 * records; and files that are no finding: what lead init's .gitignore ignores (an Emacs backup,
 * .DS_Store, a macOS ._ file), git's own .gitkeep, a PDF among the protocols.
 */
function siteWithFiles(): string {
  const root = exampleSite(env, {warm: true})
  fs.writeFileSync(path.join(root, SCAN), '%PDF-1.4\n% Jane Doe, born 1984-03-02\n')
  fs.writeFileSync(path.join(root, EXPORT), 'name,dob\nMaria Lopez,1990-01-01\n')
  fs.copyFileSync(path.join(root, 'referrals/2026/r-2026-11-03-k3f9q2.yaml'), path.join(root, BACKUP))
  fs.writeFileSync(path.join(root, HIDDEN), 'Jane Doe called\n')
  fs.copyFileSync(path.join(root, 'referrals/2026/r-2026-11-03-k3f9q2.yaml'), path.join(root, 'referrals/2026/r-2026-11-03-k3f9q2.yaml~'))
  fs.writeFileSync(path.join(root, 'consents/.DS_Store'), 'x')
  fs.writeFileSync(path.join(root, 'consents/._Jane Doe signed ROI.pdf'), 'x')
  fs.writeFileSync(path.join(root, 'consents/.gitkeep'), '')
  fs.writeFileSync(path.join(root, 'protocols/signed protocol.pdf'), '%PDF-1.4\n')
  return root
}

afterAll(cleanupTemp)

describe('lead validate reports a file that is no record in a participant folder', () => {
  it('an error for each, its name concealed, in text and --json; what git ignores, git\'s own files and other folders are passed by', () => {
    const root = siteWithFiles()
    const text = runLead(['validate', ...AS_OF], {cwd: root, env})
    expect(text.code).toBe(1)
    noneTyped(all(text))
    expect(text.stdout).toContain('consents/‹file name of 23 characters, not shown›:1:1: error PII_UNCHECKED_FILE consents/ holds a file that is not a record')
    expect(text.stdout).toContain('hint: keep scans, exports and notes outside the site repository')
    expect(text.stdout).toContain("add what should never be committed (an editor's backups, .DS_Store) to the .gitignore at the site's top, by pattern, not name; `git status --short consents` or `git ls-files consents")
    const json = runLead(['validate', '--json', ...AS_OF], {cwd: root, env})
    noneTyped(all(json))
    expect(unchecked(json).map((d) => d.file).sort()).toEqual(['consents/‹file name of 23 characters, not shown›', 'consents/‹file name of 19 characters, not shown›', 'referrals/2026/‹file name of 30 characters, not shown›', 'referrals/2026/‹file name of 28 characters, not shown›'].sort())
    // The ignored files are in no finding (the list above is all of them), nor is the protocols' PDF.
    expect(all(json)).not.toContain('signed protocol.pdf')
  })

  it('the same findings from git\'s listing, the walk (LEAD_GIT_STATE=off) and a cold run; committed or not', () => {
    const root = siteWithFiles()
    const listed = (extra: NodeJS.ProcessEnv = {}) => unchecked(runLead(['validate', '--json', ...AS_OF], {cwd: root, env: {...env, ...extra}}))
    const untracked = listed()
    expect(untracked).toHaveLength(4)
    expect(listed({LEAD_GIT_STATE: 'off'})).toEqual(untracked)
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'scans'], env)
    expect(listed()).toEqual(untracked)
    fs.rmSync(path.join(root, '.git/lead'), {recursive: true})
    expect(listed()).toEqual(untracked)
    // A file its .gitignore matches, committed all the same (git add -f), is one git takes: reported.
    git(root, ['add', '-f', 'consents/.DS_Store'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'forced'], env)
    const forced = listed()
    expect(forced.map((d) => d.file)).toContain('consents/.DS_Store')
    expect(forced).toHaveLength(5)
    expect(listed({LEAD_GIT_STATE: 'off'})).toEqual(forced)
  })

  it('lead.yaml may make it a warning, not turn it off', () => {
    const root = siteWithFiles()
    fs.appendFileSync(path.join(root, 'lead.yaml'), '\nrules:\n  PII_UNCHECKED_FILE: warning\n')
    const warned = runLead(['validate', '--json', ...AS_OF], {cwd: root, env})
    expect(warned.code).toBe(0)
    expect(unchecked(warned).map((d) => d.severity)).toEqual(['warning', 'warning', 'warning', 'warning'])
    fs.writeFileSync(path.join(root, 'lead.yaml'), fs.readFileSync(path.join(root, 'lead.yaml'), 'utf8').replace('PII_UNCHECKED_FILE: warning', 'PII_UNCHECKED_FILE: off'))
    const off = runLead(['validate', '--json', ...AS_OF], {cwd: root, env})
    expect(off.code).toBe(1)
    expect(unchecked(off)).toHaveLength(4)
    expect(all(off)).toContain('rules: PII_UNCHECKED_FILE cannot be turned off')
  })
})

describe('the gate refuses one, and an old one does not block other writes', () => {
  it('the pre-commit hook refuses a commit adding a scan, without its name', () => {
    const root = exampleSite(env, {warm: true})
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    fs.writeFileSync(path.join(root, SCAN), '%PDF-1.4\n')
    const before = git(root, ['rev-parse', 'HEAD'], env)
    git(root, ['add', SCAN], env)
    const r = spawnSync('git', ['commit', '-m', 'add the signed form'], {cwd: root, env, encoding: 'utf8'})
    expect(r.status).not.toBe(0)
    noneTyped(r.stdout + r.stderr)
    expect(r.stdout + r.stderr).toContain('error PII_UNCHECKED_FILE')
    expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(before)
  })

  it('validate --since (the CI gate) fails the change that committed it; a set of another referral is written', () => {
    const root = exampleSite(env, {warm: true})
    fs.writeFileSync(path.join(root, EXPORT), 'name,dob\nMaria Lopez,1990-01-01\n')
    git(root, ['add', EXPORT], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'export'], env)
    const gate = runLead(['validate', '--since', 'HEAD~1', '--format', 'github', ...AS_OF], {cwd: root, env})
    expect(gate.code).toBe(1)
    noneTyped(all(gate))
    expect(gate.stdout).toContain('title=PII_UNCHECKED_FILE')
    // There before the change: not held against it.
    const set = runLead(['set', 'r-2026-11-03-k3f9q2', 'notes=called back', '--json'], {cwd: root, env})
    expect(set.code).toBe(0)
    noneTyped(all(set))
    expect(git(root, ['log', '-1', '--format=%s'], env)).toContain('r-2026-11-03-k3f9q2')
  })
})
