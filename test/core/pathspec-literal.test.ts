/**
 * Paths lead names to git match only themselves (helper-81): skip-worktree found through
 * SiteRepo.writeState for few and many paths, odd names, a site in a subfolder and a sparse index;
 * `partners/a[1].yaml` is no pattern that takes in `partners/a1.yaml`, in git's state or in a commit.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, afterEach, describe, expect, it} from 'vitest'
import {SiteRepo} from '../../src/core/git/site-repo.js'
import {cleanupTemp, exampleSite, git, siteInSubfolder, tempDir, testEnv, useGitEnv} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()
useGitEnv(env)

// A git that logs its arguments (to tell whether ls-files -t ran).
const shim = tempDir('lead-gitshim-')
const log = path.join(shim, 'log')
import {execSync} from 'node:child_process'
const realGit = execSync('command -v git', {encoding: 'utf8'}).trim()
fs.writeFileSync(path.join(shim, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realGit}' "$@"\n`, {mode: 0o755})
const oldPath = process.env.PATH
const ranLsFilesT = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '').split('\n').filter((l) => l.startsWith('ls-files -t')).length
afterEach(() => {
  process.env.PATH = oldPath
  fs.rmSync(log, {force: true})
})

const ODD = ['partners/café-ü.yaml', 'partners/a[1].yaml', 'partners/a1.yaml', 'partners/sp ace.yaml', 'partners/quo"te.yaml']
const fillers = Array.from({length: 80}, (_, i) => `partners/p-${i}.yaml`)

function setup(sub: boolean) {
  const root = exampleSite(env)
  const {top, site} = sub ? siteInSubfolder(root, 'sites/Harbor Léad team', env) : {top: root, site: root}
  for (const f of ODD) fs.writeFileSync(path.join(site, f), 'id: x\n')
  git(top, ['-c', 'core.quotePath=true', 'add', '-A'], env)
  git(top, ['commit', '-qm', 'odd'], env)
  return {top, site}
}

describe.each([false, true])('subfolder=%s', (sub) => {
  it('finds each flagged path, few or many, exactly', async () => {
    const {top, site} = setup(sub)
    const rel = path.relative(top, site)
    const flag = ['partners/café-ü.yaml', 'partners/a1.yaml', 'partners/quo"te.yaml']
    git(site, ['update-index', '--skip-worktree', '--', ...flag], env)
    const repo = new SiteRepo(site)
    const few = ['partners/café-ü.yaml', 'partners/a[1].yaml', 'partners/quo"te.yaml', 'partners/sp ace.yaml']
    const many = [...few, ...fillers]
    const fewState = await repo.writeState(few, {commit: true})
    const manyState = await repo.writeState(many, {commit: true})
    expect({rel, few: fewState?.skipWorktree.sort(), many: manyState?.skipWorktree.sort()}).toEqual({rel, few: ['partners/café-ü.yaml', 'partners/quo"te.yaml'], many: ['partners/café-ü.yaml', 'partners/quo"te.yaml']})
  })

  it('runs no ls-files -t when nothing is flagged, or only paths not written are', async () => {
    const {site} = setup(sub)
    process.env.PATH = `${shim}:${oldPath}`
    const repo = new SiteRepo(site)
    await repo.writeState(fillers, {commit: true})
    await repo.writeState(['partners/a1.yaml'], {commit: true})
    expect(ranLsFilesT()).toBe(0)
    git(site, ['update-index', '--skip-worktree', '--', 'partners/a1.yaml'], env)
    await repo.writeState(fillers, {commit: true})
    await repo.writeState(['partners/sp ace.yaml'], {commit: true})
    expect(ranLsFilesT()).toBe(0)
  })
})

describe('sparse index (lead cannot read the index)', () => {
  it('finds the flagged paths with many paths too', async () => {
    const {top, site} = setup(true)
    git(top, ['sparse-checkout', 'init', '--cone', '--sparse-index'], env)
    git(top, ['sparse-checkout', 'set', 'sites/Harbor Léad team/referrals'], env)
    const repo = new SiteRepo(site)
    const few = ['partners/café-ü.yaml', 'partners/a1.yaml']
    expect((await repo.writeState(few, {commit: true}))?.skipWorktree.sort()).toEqual(few.slice().sort())
    expect((await repo.writeState([...few, ...fillers], {commit: true}))?.skipWorktree.sort()).toEqual(few.slice().sort())
  })
})

describe('pathspec globbing (few paths)', () => {
  it('a write of partners/a[1].yaml alone is not refused for partners/a1.yaml (split index: no precheck)', async () => {
    const {site} = setup(false)
    git(site, ['config', 'core.splitIndex', 'true'], env)
    git(site, ['update-index', '--split-index'], env)
    git(site, ['update-index', '--skip-worktree', '--', 'partners/a1.yaml'], env)
    const state = await new SiteRepo(site).writeState(['partners/a[1].yaml'], {commit: true})
    expect(state?.skipWorktree).toEqual([])
  })
  it('nor is it dirty because partners/a1.yaml is', async () => {
    const {site} = setup(false)
    fs.appendFileSync(path.join(site, 'partners/a1.yaml'), '# edit\n')
    const state = await new SiteRepo(site).writeState(['partners/a[1].yaml'], {commit: true})
    expect(state?.dirty).toEqual([])
  })
  it('nor committed with it, from the index or with --only', async () => {
    const {site} = setup(false)
    for (const fromIndex of [true, false]) {
      fs.appendFileSync(path.join(site, 'partners/a1.yaml'), '# not lead\'s\n')
      fs.appendFileSync(path.join(site, 'partners/a[1].yaml'), '# lead\'s\n')
      const sha = await new SiteRepo(site).commitPaths(['partners/a[1].yaml'], 'partner: set a[1]', {fromIndex})
      expect(git(site, ['show', '--name-only', '--format=', sha], env).trim()).toBe('partners/a[1].yaml')
      expect(git(site, ['status', '--porcelain'], env).trim()).toBe('M partners/a1.yaml')
      git(site, ['checkout', '--', 'partners/a1.yaml'], env)
    }
  })
})

describe('the commit-it-by-hand hint (git-errors.ts commitFailure)', () => {
  it('names a path git would read as a pattern literally, and the others as they are', async () => {
    const {commitFailure} = await import('../../src/core/git/git-errors.js')
    const hint = commitFailure(new Error('fatal: something'), ['partners/a[1].yaml', 'partners/harbor-pd.yaml'], 'partner: set a[1]').hint!
    expect(hint).toContain("git add -- ':(literal)partners/a[1].yaml' partners/harbor-pd.yaml && git commit -m 'partner: set a[1]' -- ':(literal)partners/a[1].yaml' partners/harbor-pd.yaml")
    // Pasted as a person would, it commits exactly those files.
    const {site} = setup(false)
    fs.appendFileSync(path.join(site, 'partners/a[1].yaml'), '# by hand\n')
    fs.appendFileSync(path.join(site, 'partners/harbor-pd.yaml'), '# by hand\n')
    fs.appendFileSync(path.join(site, 'partners/a1.yaml'), '# not this\n')
    execSync(hint.slice(hint.indexOf('git add')), {cwd: site, env: {...process.env, ...env}})
    expect(git(site, ['show', '--name-only', '--format=', 'HEAD'], env).trim().split('\n').sort()).toEqual(['partners/a[1].yaml', 'partners/harbor-pd.yaml'])
  })
})
