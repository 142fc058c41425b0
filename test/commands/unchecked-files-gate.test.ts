/**
 * PII_UNCHECKED_FILE where a second reader (helper-79) found it wrong: the CI gate's JSON and
 * errors naming such a file print no name, the hook and the gate see a committed scan changed,
 * a write never counts on one, and a link in a participant folder is one finding wherever it is
 * read from.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'
import {shownSitePath} from '../../src/core/privacy/file-names.js'
import {GITIGNORE} from '../../src/core/site-layout.js'

const env = testEnv()
const AS_OF = ['--as-of', '2026-11-27']
const SCAN = 'consents/Jane Doe signed ROI.pdf'

afterAll(cleanupTemp)

describe('a file that is no record in a participant folder, at the gate and in writes', () => {
  it('validate --since --json does not print the scan\'s name (affected_files)', () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['branch', 'base'], env)
    fs.writeFileSync(path.join(root, SCAN), '%PDF-1.4\n')
    git(root, ['add', SCAN], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'scan'], env)
    const r = runLead(['validate', '--since', 'base', '--json', ...AS_OF], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stdout).not.toContain('Jane Doe')
    expect(r.json()).toMatchObject({changed_files: ['consents/‹file name of 23 characters, not shown›'], affected_files: [], errors: 1, files: 1})
    // The summary counts the file it found wrong, record or not; so when the file is named (helper-81).
    expect(runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env}).stdout).toContain('✖ 1 error, 0 warnings in 1 file')
    const named = runLead(['validate', '--since', 'base', '--json', ...AS_OF, SCAN], {cwd: root, env})
    expect(named.stdout).not.toContain('Jane Doe')
    expect(named.json()).toMatchObject({errors: 1, files: 1})
    expect(runLead(['validate', '--since', 'base', ...AS_OF, SCAN], {cwd: root, env}).stdout).toContain('✖ 1 error, 0 warnings in 1 file')
  })

  it('a change to a scan already committed is refused by the hook and by validate --since', () => {
    const root = exampleSite(env, {warm: true})
    fs.writeFileSync(path.join(root, SCAN), '%PDF-1.4\n')
    git(root, ['add', SCAN], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'scan'], env)
    git(root, ['branch', 'base'], env)
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    fs.appendFileSync(path.join(root, SCAN), '% Jane Doe, SSN 123-45-6789\n')
    git(root, ['add', SCAN], env)
    const hook = spawnSync('git', ['commit', '-m', 'more of the scan'], {cwd: root, env, encoding: 'utf8'})
    expect(hook.status).not.toBe(0)
    expect(hook.stdout + hook.stderr).toContain('PII_UNCHECKED_FILE')
    git(root, ['commit', '-q', '--no-verify', '-m', 'more of the scan'], env)
    const gate = runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env})
    expect(gate.code).toBe(1)
    expect(gate.stdout).toContain('error PII_UNCHECKED_FILE')
    // A scan left as it was passes: its finding is the base's.
    git(root, ['branch', '-f', 'base', 'HEAD'], env)
    expect(runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env}).code).toBe(0)
  })

  it('lead validate PATH of a scan conceals its name (as it does for a .yaml)', () => {
    const root = exampleSite(env, {warm: true})
    fs.writeFileSync(path.join(root, SCAN), '%PDF-1.4\n')
    const r = runLead(['validate', SCAN, ...AS_OF], {cwd: root, env})
    expect(r.stderr).toContain('NOT_A_RECORD_FILE consents/‹file name of 23 characters, not shown›: not a record file')
    expect(r.stdout + r.stderr).not.toContain('Jane Doe')
  })

  it('an untracked scan is not among the files a write counts on (COMMIT_INVALID; the commit judged from HEAD)', () => {
    const root = exampleSite(env, {warm: true})
    const consent = fs.readFileSync(path.join(root, 'consents/c-2026-11-03-p8m2wd.yaml'), 'utf8').replaceAll('c-2026-11-03-p8m2wd', 'c-2026-11-01-zzzzzz').replace('signed: "2026-11-03"', 'signed: "2026-11-01"')
    fs.writeFileSync(path.join(root, 'consents/c-2026-11-01-zzzzzz.yaml'), consent)
    fs.writeFileSync(path.join(root, SCAN), '%PDF-1.4\n')
    const r = runLead(['set', 'r-2026-11-03-k3f9q2', 'consent=c-2026-11-01-zzzzzz', '--json'], {cwd: root, env})
    expect(r.code).toBe(3)
    expect(r.json().error.details.uncommitted).toEqual(['consents/c-2026-11-01-zzzzzz.yaml'])
  })

  it('a link to a year folder is the same finding staged (the hook) as in the working tree', () => {
    const root = exampleSite(env, {warm: true})
    fs.appendFileSync(path.join(root, 'lead.yaml'), '\nrules:\n  PII_UNCHECKED_FILE: warning\n')
    git(root, ['commit', '-q', '--no-verify', '-am', 'regrade'], env)
    fs.symlinkSync('2026', path.join(root, 'referrals/2027'))
    git(root, ['add', 'referrals/2027'], env)
    const codes = (args: string[]) => (runLead(['validate', '--json', ...AS_OF, ...args], {cwd: root, env}).json().diagnostics as Array<{code: string; severity: string}>).map((d) => `${d.code} ${d.severity}`)
    expect(codes([])).toEqual(['SYMLINK error'])
    expect(codes(['--staged'])).toEqual(codes([]))
  })

  it('an error that mentions a scan conceals its name (MERGE_CONFLICT), as it does a .yaml\'s', () => {
    const root = exampleSite(env, {warm: true})
    const write = (t: string) => fs.writeFileSync(path.join(root, SCAN), t)
    write('a\n')
    git(root, ['add', SCAN], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'a'], env)
    git(root, ['checkout', '-q', '-b', 'other'], env)
    write('b\n')
    git(root, ['commit', '-q', '--no-verify', '-am', 'b'], env)
    git(root, ['checkout', '-q', '-'], env)
    write('c\n')
    git(root, ['commit', '-q', '--no-verify', '-am', 'c'], env)
    spawnSync('git', ['merge', 'other'], {cwd: root, env, encoding: 'utf8'})
    const r = runLead(['validate', '--staged'], {cwd: root, env})
    expect(r.stdout + r.stderr).toContain('MERGE_CONFLICT')
    expect(r.stdout + r.stderr).not.toContain('Jane Doe')
  })

  it('show, set and edit of such a file refuse it (NOT_A_RECORD_FILE, exit 2) without its content or name; edit\'s hint for a typed record name conceals it', () => {
    const root = exampleSite(env, {warm: true})
    fs.writeFileSync(path.join(root, SCAN), '%PDF-1.4 Jane Doe\n')
    fs.mkdirSync(path.join(root, 'referrals/Maria Lopez'))
    fs.writeFileSync(path.join(root, 'referrals/Maria Lopez/notes.txt'), 'x\n')
    fs.copyFileSync(path.join(root, 'consents/c-2026-11-03-p8m2wd.yaml'), path.join(root, 'consents/Jane Doe.yaml'))
    for (const args of [['show', SCAN], ['show', SCAN, '--json'], ['set', SCAN, 'notes=x'], ['edit', SCAN], ['set', 'referrals/Maria Lopez/notes.txt', 'notes=x'], ['show', 'referrals/Maria Lopez/notes.txt']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stdout + r.stderr, args.join(' ')).toContain('NOT_A_RECORD_FILE')
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(/Jane|Maria|PDF/)
    }
    const edit = runLead(['edit', 'consents/Jane Doe.yaml'], {cwd: root, env})
    expect(edit.stderr).toContain('NO_TERMINAL')
    expect(edit.stderr).toContain('lead set consents/‹file name of 8 characters, not shown›.yaml FIELD=VALUE')
    expect(edit.stderr).not.toContain('Jane')
  })
})

const codes = (root: string, args: string[] = []) => {
  const r = runLead(['validate', '--json', ...AS_OF, ...args], {cwd: root, env})
  return (r.json() as {diagnostics: Array<{code: string; file: string}>}).diagnostics.map((d) => `${d.code} ${d.file}`)
}

describe('a second reader\'s cases (helper-80)', () => {
  it("lead init's .gitignore ignores Emacs auto-save files (#NAME#): '#*#' is a comment in gitignore", () => {
    const line = GITIGNORE.split('\n').find((l) => l.includes('*#'))
    // git reads a line starting with # as a comment: the pattern must be written \#*#
    expect(line?.startsWith('#')).toBe(false)
  })

  it('a file named by four digits at the top of referrals/ or meetings/ is concealed (the end of an SSN)', () => {
    expect(shownSitePath('referrals/4821')).not.toContain('4821')
    expect(shownSitePath('meetings/4821')).not.toContain('4821')
    // a folder named by four digits where no year folder can be
    expect(shownSitePath('consents/4821/scan.pdf')).not.toContain('4821')
  })

  it('a link git ignores (Emacs lock file .#NAME) is not reported, as an ignored file is not', () => {
    const root = exampleSite(env, {warm: true})
    fs.appendFileSync(path.join(root, '.gitignore'), '.#*\n')
    fs.symlinkSync('user@host.1234:1700000000', path.join(root, 'consents/.#notes.txt'))
    expect(codes(root)).toEqual([])
  })

  it('a folder named by a person holding only .gitkeep is reported (the folder name is committed)', () => {
    const root = exampleSite(env, {warm: true})
    fs.mkdirSync(path.join(root, 'consents/Jane Doe'))
    fs.writeFileSync(path.join(root, 'consents/Jane Doe/.gitkeep'), '')
    // The folder's name is concealed; the placeholder's, lead init's own, is printed (the hint's paths paste).
    expect(codes(root)).toEqual(['PII_UNCHECKED_FILE consents/‹folder name of 8 characters, not shown›/.gitkeep'])
  })

  it('validate --since (working tree) does not take a committed scan as changed when git converts its line endings', () => {
    const root = exampleSite(env, {warm: true})
    const scan = 'referrals/notes.txt'
    fs.writeFileSync(path.join(root, scan), 'one\ntwo\n')
    git(root, ['add', scan], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'grandfathered'], env)
    git(root, ['config', 'core.autocrlf', 'true'], env)
    fs.rmSync(path.join(root, scan))
    git(root, ['checkout', '--', scan], env)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    const r = runLead(['validate', '--since', 'HEAD', ...AS_OF], {cwd: root, env})
    expect(r.code).toBe(0)
  })

  it('validate --since (working tree) in a SHA-256 repository does not take an unchanged committed scan as changed', () => {
    const root = exampleSite(env, {warm: true})
    fs.rmSync(path.join(root, '.git'), {recursive: true, force: true})
    git(root, ['init', '-q', '--object-format=sha256'], env)
    fs.writeFileSync(path.join(root, 'consents/scan.pdf'), '%PDF-1.4\n')
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'all'], env)
    const r = runLead(['validate', '--since', 'HEAD', ...AS_OF], {cwd: root, env})
    expect(r.stderr).toContain('Checking 0 changed files')
    expect(r.code).toBe(0)
  })

  it('on a site whose .gitignore predates the lines, .DS_Store is reported by its name with the line to add', () => {
    const root = exampleSite(env, {warm: true})
    fs.writeFileSync(path.join(root, '.gitignore'), fs.readFileSync(path.join(root, '.gitignore'), 'utf8').replace(/^\.DS_Store\n/m, ''))
    fs.writeFileSync(path.join(root, 'consents/.DS_Store'), 'x')
    const r = runLead(['validate', ...AS_OF], {cwd: root, env: {...env, NO_COLOR: '1'}})
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('consents/.DS_Store:1:1: error PII_UNCHECKED_FILE')
    expect(r.stdout).toContain('add the line `.DS_Store` to the .gitignore at the site\'s top')
    fs.appendFileSync(path.join(root, '.gitignore'), '.DS_Store\n')
    expect(runLead(['validate', ...AS_OF], {cwd: root, env}).code).toBe(0)
  })

  it('the temporary file of a lead write cut off (a crash) holds the record\'s text: not reported while untracked (a write in progress), reported once git tracks it, ignored by lead init\'s .gitignore', () => {
    const root = exampleSite(env, {warm: true})
    fs.writeFileSync(path.join(root, '.gitignore'), fs.readFileSync(path.join(root, '.gitignore'), 'utf8').replace(/^\.\*\.tmp\n/m, ''))
    git(root, ['commit', '-qam', 'a .gitignore from before the line'], env)
    const referral = fs.readdirSync(path.join(root, 'referrals', '2026')).sort()[0]!
    const temp = `referrals/2026/.${referral}.0123456789ab.tmp`
    fs.copyFileSync(path.join(root, 'referrals', '2026', referral), path.join(root, temp))
    // Untracked: as a write of another lead process leaves it for a moment; never a finding.
    expect(runLead(['validate', ...AS_OF], {cwd: root, env}).code).toBe(0)
    // `git add -A` took it: the working tree's validation, the hook and the gate on the commit report it.
    git(root, ['add', '-A'], env)
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    const hook = spawnSync('git', ['commit', '-m', 'everything'], {cwd: root, env, encoding: 'utf8'})
    expect(hook.status).not.toBe(0)
    expect(hook.stderr + hook.stdout).toContain('PII_UNCHECKED_FILE')
    git(root, ['commit', '-q', '--no-verify', '-m', 'everything'], env)
    for (const args of [['validate', ...AS_OF], ['validate', '--since', 'HEAD~1', ...AS_OF]]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stdout).toContain('error PII_UNCHECKED_FILE')
      expect(r.stdout).toContain('a lead write that was cut off (a crash, a power cut) leaves such a file: add the line `.*.tmp` to the .gitignore')
    }
    // A new site's .gitignore has the line: `git add -A` leaves such a file out.
    expect(GITIGNORE.split('\n')).toContain('.*.tmp')
    fs.writeFileSync(path.join(root, '.gitignore'), GITIGNORE)
    git(root, ['rm', '-q', '--cached', temp], env)
    expect(spawnSync('git', ['check-ignore', '-q', temp], {cwd: root, env}).status).toBe(0)
    expect(runLead(['validate', ...AS_OF], {cwd: root, env}).code).toBe(0)
  })
})
