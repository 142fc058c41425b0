/**
 * Second read of 685d773 (lead list's default columns go through the one gate) and eb5b93e (a
 * referral saved into another kind's folder under a legal ID of that folder has its file name
 * concealed): outputs that reached the file's name without going through findings.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {spawnSync} from 'node:child_process'
import {BIN, cleanupTemp, exampleSite, git, REPO_ROOT, runLead, testEnv, type RunResult} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv({NO_COLOR: '1'})
const all = (r: RunResult) => r.stdout + r.stderr
const REFERRAL = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
const MISFILED = 'partners/quennell-zavorski.yaml'
const NAME = /quennell|zavorski/i

function siteWithMisfiled(): string {
  const root = exampleSite(env, {warm: true})
  fs.copyFileSync(path.join(root, REFERRAL), path.join(root, MISFILED))
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-q', '--no-verify', '-m', 'a template'], env)
  return root
}

describe('a referral saved as partners/quennell-zavorski.yaml', () => {
  it("lead list's footer does not name it when it does not parse (no validation ran to learn it)", () => {
    const root = siteWithMisfiled()
    fs.appendFileSync(path.join(root, MISFILED), 'notes: [unclosed\n')
    for (const args of [['list', 'partner'], ['list', 'partner', '--limit', '3'], ['list', 'partner', '--sort', '-id']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, r.stderr).toBe(0)
      expect(all(r), args.join(' ')).not.toMatch(NAME)
      expect(r.stderr, args.join(' ')).toContain('could not be read (partners/‹file name of 17 characters, not shown›.yaml)')
    }
  })

  it('lead set prints neither its name nor writes it into the commit message', () => {
    const root = siteWithMisfiled()
    const r = runLead(['set', 'partner', 'quennell-zavorski', 'notes=changed'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(all(r)).not.toMatch(NAME)
    expect(r.stderr + r.stdout).toContain('partners/‹file name of 17 characters, not shown›.yaml')
    // The message lead writes is in every clone, and lead history prints it.
    expect(git(root, ['log', '-1', '--format=%s'], env)).not.toMatch(NAME)
    const again = runLead(['set', 'partner', 'quennell-zavorski', 'notes=changed'], {cwd: root, env})
    expect(again.code, again.stderr).toBe(0)
    expect(all(again)).toContain('nothing to change')
    expect(all(again)).not.toMatch(NAME)
    const json = runLead(['set', 'partner', 'quennell-zavorski', 'notes=again', '--json'], {cwd: root, env})
    expect(json.code, json.stderr).toBe(0)
    expect(all(json)).not.toMatch(NAME)
    const unset = runLead(['set', 'partner', 'quennell-zavorski', '--unset', 'notes', '--no-commit'], {cwd: root, env})
    expect(unset.code, unset.stderr).toBe(0)
    expect(all(unset)).not.toMatch(NAME)
  })

  it('lead show --json (given its ID or its path) conceals its name, as it does a BAD_ID file', () => {
    const root = siteWithMisfiled()
    for (const args of [['partner', 'quennell-zavorski'], [MISFILED]]) {
      const r = runLead(['show', ...args, '--json'], {cwd: root, env})
      expect(r.code, r.stderr).toBe(0)
      const shown = JSON.parse(r.stdout) as {id: string; file: string}
      expect(shown.file).toBe('partners/‹file name of 17 characters, not shown›.yaml')
      expect(shown.id).not.toMatch(NAME)
    }
  })

  it('lead edit writes no commit message naming it', () => {
    const root = siteWithMisfiled()
    fs.appendFileSync(path.join(root, MISFILED), 'name: Template\n')
    git(root, ['commit', '-q', '-a', '--no-verify', '-m', 'named'], env)
    const editEnv: NodeJS.ProcessEnv = {...testEnv({NO_COLOR: '1', EDITOR: `${process.execPath} ${path.join(REPO_ROOT, 'test/support/scripted-editor.mjs')}`, EDIT_MODE: 'rename'})}
    delete editEnv.CI
    const r = spawnSync('python3', [path.join(REPO_ROOT, 'test/support/pty-driver.py'), '[]', '--', process.execPath, BIN, 'edit', 'partner', 'quennell-zavorski'], {cwd: root, env: editEnv, encoding: 'utf8'})
    const result = JSON.parse(r.stdout) as {code: number; output: string}
    expect(result.code, result.output).toBe(0)
    expect(result.output).not.toMatch(NAME)
    expect(git(root, ['log', '-1', '--format=%s'], env)).toBe('partner: edit\n')
  })

  it('its file name declares no partner: the name typed into another referral\'s agency is not printed', () => {
    const root = siteWithMisfiled()
    const other = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
    const text = fs.readFileSync(path.join(root, other), 'utf8')
    fs.writeFileSync(path.join(root, other), text.replace(/agency: [a-z-]+/, 'agency: quennell-zavorski'))
    expect(fs.readFileSync(path.join(root, other), 'utf8')).toContain('agency: quennell-zavorski')
    for (const args of [['list', 'referral'], ['list', 'referral', '--limit', '3'], ['validate'], ['validate', '--format', 'json'], ['report', 'referrals', '--by', 'agency']]) {
      const r = runLead(args, {cwd: root, env})
      expect(all(r), args.join(' ')).not.toMatch(NAME)
    }
  })

  it('lead history of it renamed within partners/ does not print the name it had', () => {
    const root = siteWithMisfiled()
    git(root, ['mv', MISFILED, 'partners/template-copy.yaml'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'renamed'], env)
    for (const args of [[], ['--json'], ['--patch']]) {
      const r = runLead(['history', 'partner', 'template-copy', ...args], {cwd: root, env})
      expect(r.code, r.stderr).toBe(0)
      expect(all(r), args.join(' ')).not.toMatch(NAME)
    }
  })

  it('lead history of the referral once moved home does not print the name it had in partners/', () => {
    const root = siteWithMisfiled()
    const home = 'referrals/2026/r-2026-11-03-k3f9q3.yaml'
    git(root, ['mv', MISFILED, home], env)
    fs.writeFileSync(path.join(root, home), fs.readFileSync(path.join(root, home), 'utf8').replace(/^id: .*$/m, 'id: r-2026-11-03-k3f9q3'))
    git(root, ['commit', '-q', '-a', '--no-verify', '-m', 'home'], env)
    for (const args of [[], ['--patch'], ['--json'], ['--json', '--patch']]) {
      const r = runLead(['history', 'referral', 'r-2026-11-03-k3f9q3', ...args], {cwd: root, env})
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
      expect(all(r), args.join(' ')).not.toMatch(NAME)
    }
    expect(runLead(['history', 'referral', 'r-2026-11-03-k3f9q3'], {cwd: root, env}).stdout).toContain('partners/‹file name of 17')
  })
})

describe('a referral saved as partners/quennell-zavorski.yml (or .YAML): never read, so nothing tells it is a referral', () => {
  it('its FILE_NAME finding prints neither its name nor the name it should have', () => {
    const root = exampleSite(env, {warm: true})
    for (const name of ['partners/quennell-zavorski.yml', 'partners/quennell-zavorski.YAML']) {
      fs.copyFileSync(path.join(root, REFERRAL), path.join(root, name))
      for (const format of ['text', 'json', 'github', 'junit']) {
        const r = runLead(['validate', '--format', format], {cwd: root, env})
        expect(r.code, r.stderr).toBe(1)
        expect(all(r), `${name} ${format}`).not.toMatch(NAME)
        expect(all(r), `${name} ${format}`).toContain('FILE_NAME')
      }
      fs.rmSync(path.join(root, name))
    }
  })
})

describe('a referral saved under a name in its own folder', () => {
  it("lead set's 'nothing to change' does not print the file's name", () => {
    const root = exampleSite(env, {warm: true})
    const file = 'referrals/2026/Jane Doe 1984.yaml'
    fs.copyFileSync(path.join(root, REFERRAL), path.join(root, file))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'copy'], env)
    const status = /^status: (\S+)/m.exec(fs.readFileSync(path.join(root, file), 'utf8'))![1]!
    for (const json of [[], ['--json']]) {
      const r = runLead(['set', file, `status=${status}`, ...json], {cwd: root, env})
      expect(r.code, r.stderr).toBe(0)
      expect(all(r)).not.toMatch(/Jane|Doe|1984/)
    }
  })
})
