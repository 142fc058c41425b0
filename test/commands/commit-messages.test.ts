/**
 * PII_COMMIT_MESSAGE: the messages of the commits a change brings, at the CI gate (`validate
 * --since`) and in `lead diff`. lead's own `-m` is refused before it is written
 * (second-read-97.test.ts); these are commits made with git itself.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

const env = testEnv()
const AS_OF = ['--as-of', '2026-11-27']
const TYPED = ['Maria', 'Lopez', '1984', 'John Smith']

afterAll(cleanupTemp)

const noneTyped = (text: string) => {
  for (const t of TYPED) expect(text).not.toContain(t)
}

/** A site with branch `base` at its first commit; `edit` appends a comment to the first file of `folder` and commits it with `message`. */
function site(): {root: string; edit: (folder: string, message: string) => string} {
  const root = exampleSite(env, {warm: true})
  git(root, ['branch', 'base'], env)
  const edit = (folder: string, message: string) => {
    const file = git(root, ['ls-files', folder], env).split('\n')[0]!
    fs.appendFileSync(path.join(root, file), `# edited ${Math.random()}\n`)
    git(root, ['commit', '-q', '--no-verify', '-am', message], env)
    return file
  }
  return {root, edit}
}

describe('the messages of the commits a change brings', () => {
  it('a commit to a referral whose message names the participant is an error at the gate, the message not shown in any format', () => {
    const {root, edit} = site()
    const file = edit('referrals', 'Referral for Maria Lopez born 1984-03-02')
    edit('referrals', 'Fix the intake date (was 2026-11-02)')
    const r = runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`${file}:1:1: error PII_COMMIT_MESSAGE`)
    expect(r.stdout).toContain("a person's name and a birth date")
    // One finding: the second commit's date passes, as a bare date does in a record.
    expect(r.stdout.match(/PII_COMMIT_MESSAGE/g)).toHaveLength(1)
    noneTyped(r.stdout + r.stderr)
    const json = runLead(['validate', '--since', 'base', '--json', ...AS_OF], {cwd: root, env})
    noneTyped(json.stdout + json.stderr)
    expect((json.json() as {diagnostics: Array<{code: string}>}).diagnostics.map((d) => d.code)).toEqual(['PII_COMMIT_MESSAGE'])
    const github = runLead(['validate', '--since', 'base', '--format', 'github', ...AS_OF], {cwd: root, env})
    expect(github.stdout).toContain('PII_COMMIT_MESSAGE')
    noneTyped(github.stdout + github.stderr)
    const diff = runLead(['diff', 'base'], {cwd: root, env})
    expect(diff.stdout + diff.stderr).toContain('PII_COMMIT_MESSAGE')
    noneTyped(diff.stdout + diff.stderr)
  })

  it('commits to other records only, and lead\'s own messages, are not scanned', () => {
    const {root, edit} = site()
    edit('partners', 'Partner contact is now John Smith')
    expect(runLead(['set', git(root, ['ls-files', 'referrals'], env).split('\n')[0]!.replace(/^.*\/|\.yaml$/g, ''), 'notes=Called back'], {cwd: root, env}).code).toBe(0)
    const r = runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env})
    expect(r.stdout).not.toContain('PII_COMMIT_MESSAGE')
    expect(r.code).toBe(0)
  })

  it('a message whose bytes look like separators (a NUL-free control byte, a line like a commit name) is read whole', () => {
    const {root} = site()
    const file = git(root, ['ls-files', 'consents'], env).split('\n')[0]!
    fs.appendFileSync(path.join(root, file), '# edited\n')
    git(root, ['add', file], env)
    const hash = git(root, ['rev-parse', 'HEAD'], env).trim()
    const message = `Consent update\x01\x02\x03\n\n${hash} commit 3\nx\n\nsigned by Maria Lopez\n`
    const r = spawnSync('git', ['commit', '-q', '--no-verify', '--cleanup=verbatim', '-F', '-'], {cwd: root, env, input: message, encoding: 'utf8'})
    expect(r.status).toBe(0)
    const gate = runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env})
    expect(gate.stdout).toContain(`${file}:1:1: error PII_COMMIT_MESSAGE`)
    noneTyped(gate.stdout + gate.stderr)
  })

  it('the site may make it a warning (by the base\'s lead.yaml), never turn it off', () => {
    const {root, edit} = site()
    const config = path.join(root, 'lead.yaml')
    fs.appendFileSync(config, '\nrules:\n  PII_COMMIT_MESSAGE: warning\n')
    git(root, ['commit', '-q', '--no-verify', '-am', 'rules'], env)
    git(root, ['branch', '-f', 'base', 'HEAD'], env)
    edit('referrals', 'Referral for Maria Lopez')
    const r = runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env})
    expect(r.stdout).toContain('warning PII_COMMIT_MESSAGE')
    expect(r.code).toBe(0)
    // A change that loosens it further is judged by the base's policy.
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('PII_COMMIT_MESSAGE: warning', 'PII_COMMIT_MESSAGE: off'))
    const off = runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env})
    expect(off.stdout).toContain('PII_COMMIT_MESSAGE')
    expect(off.code).toBe(1)
  })

  it('a site in a subfolder of its repository', () => {
    const root = exampleSite(env, {warm: true})
    const repo = path.dirname(root)
    // The repository moved up one level: the site is its subfolder `site/`.
    fs.renameSync(path.join(root, '.git'), path.join(repo, '.git'))
    git(repo, ['add', '-A'], env)
    git(repo, ['commit', '-q', '--no-verify', '-m', 'the site in a subfolder'], env)
    git(repo, ['branch', 'base'], env)
    const file = git(root, ['ls-files', 'referrals'], env).split('\n')[0]!
    fs.appendFileSync(path.join(root, file), '# edited\n')
    git(repo, ['commit', '-q', '--no-verify', '-am', 'Referral for Maria Lopez'], env)
    const r = runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env})
    expect(r.stdout).toContain(`${file}:1:1: error PII_COMMIT_MESSAGE`)
    noneTyped(r.stdout + r.stderr)
  })

  it('a shallow clone that cuts the change short fails the gate, saying how to fetch the rest; one deep enough does not', () => {
    const {root, edit} = site()
    edit('referrals', 'Referral for Maria Lopez born 1984-03-02')
    edit('referrals', 'Fix the intake date')
    edit('referrals', 'Fix the intake date again')
    // CI's default checkout: the tip alone, and the base fetched beside it as deep.
    const clone = (depth: number) => {
      const dir = fs.mkdtempSync(path.join(path.dirname(root), 'shallow-'))
      git(dir, ['clone', '-q', `--depth=${depth}`, '--no-single-branch', `file://${root}`, '.'], env)
      return dir
    }
    const cut = clone(1)
    const r = runLead(['validate', '--since', 'origin/base', ...AS_OF], {cwd: cut, env})
    expect(r.code).toBe(1)
    expect(r.stdout).toContain("lead.yaml:1:1: error HISTORY_CUT_SHORT this clone is shallow: the walk from the change's tip stops at commit")
    expect(r.stdout).toContain('fetch-depth: 0')
    const json = runLead(['validate', '--since', 'origin/base', '--json', ...AS_OF], {cwd: cut, env})
    expect((json.json() as {diagnostics: Array<{code: string}>}).diagnostics.map((d) => d.code)).toContain('HISTORY_CUT_SHORT')
    noneTyped(r.stdout + r.stderr + json.stdout)
    // Deep enough to hold every commit of the change and the base: read as a full clone reads it.
    const deep = clone(4)
    const ok = runLead(['validate', '--since', 'origin/base', ...AS_OF], {cwd: deep, env})
    expect(ok.stdout).not.toContain('HISTORY_CUT_SHORT')
    expect(ok.stdout).toContain('error PII_COMMIT_MESSAGE')
  })

  it('a version a commit leaves that is no YAML (a duplicate key) is scanned line by line, its dates expected, as validation reads it', () => {
    const {root} = site()
    const file = git(root, ['ls-files', 'referrals'], env).split('\n')[0]!
    const abs = path.join(root, file)
    const before = fs.readFileSync(abs, 'utf8')
    const commit = (text: string, message: string) => {
      fs.writeFileSync(abs, text)
      git(root, ['commit', '-q', '--no-verify', '-am', message], env)
    }
    // Unreadable on the way, with only the record's own dates in it: nothing to report.
    commit(`${before}status: received\n`, 'a key twice')
    commit(before, 'fixed')
    const clean = runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env})
    expect(clean.stdout).not.toContain('PII_COMMIT_CONTENT')
    // Unreadable on the way, and a phone number in it: reported.
    commit(`${before}status: received\nnotes: call 360-555-0134\n`, 'a key twice again')
    commit(before, 'fixed again')
    const found = runLead(['validate', '--since', 'base', ...AS_OF], {cwd: root, env})
    expect(found.stdout).toContain('error PII_COMMIT_CONTENT')
    expect(found.stdout).toContain('a phone number')
    expect(found.stdout).not.toContain('555-0134')
  })
})

