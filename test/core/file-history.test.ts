/**
 * A record's history without `git log --follow` (src/core/git/file-history.ts): the same commits,
 * renames followed by hand, and git's changed-path index kept so the log skips other commits.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {SiteRepo} from '../../src/core/git/site-repo.js'
import {cleanupTemp, testEnv, useGitEnv} from '../support/cli.js'
import {followed, historyRepo} from '../support/history-repo.js'

afterAll(cleanupTemp)
const env = testEnv()
useGitEnv(env)

const partner = (n: number) => `id: harbor-pd\nname: Harbor Police Department\ntype: police\nnotes: version ${n}\n${'line that stays the same\n'.repeat(12)}`

const repo = () => historyRepo(env)


describe('a file history', () => {
  it('is the commits git log --follow lists, across two renames, with the path of each, newest first', async () => {
    const {root, commit, run} = repo()
    commit('add', {'partners/harbor.yaml': partner(1), 'partners/other.yaml': 'id: other\n'})
    commit('edit', {'partners/harbor.yaml': partner(2)})
    commit('unrelated', {'partners/other.yaml': 'id: other\nname: x\n'})
    commit('rename once', {'partners/harbor.yaml': null, 'partners/harbor-police.yaml': partner(3)})
    commit('rename twice', {'partners/harbor-police.yaml': null, 'partners/harbor-pd.yaml': partner(3)})
    commit('edit again', {'partners/harbor-pd.yaml': partner(4)})
    const commits = await new SiteRepo(root).fileHistory('partners/harbor-pd.yaml')
    expect(commits.map((c) => c.subject)).toEqual(['edit again', 'rename twice', 'rename once', 'edit', 'add'])
    expect(commits.map((c) => `${c.sha} ${c.subject} ${c.path}`)).toEqual(followed(run, 'partners/harbor-pd.yaml'))
    expect(commits.map((c) => c.path)).toEqual(['partners/harbor-pd.yaml', 'partners/harbor-pd.yaml', 'partners/harbor-police.yaml', 'partners/harbor.yaml', 'partners/harbor.yaml'])
    // At most N, across a rename too.
    expect((await new SiteRepo(root).fileHistory('partners/harbor-pd.yaml', {limit: 3})).map((c) => c.subject)).toEqual(['edit again', 'rename twice', 'rename once'])
    expect((await new SiteRepo(root).fileHistory('partners/harbor-pd.yaml', {limit: 1})).map((c) => c.subject)).toEqual(['edit again'])
  })

  it('shows a rename as a rename in --patch, and each edit under the path it had', async () => {
    const {root, commit} = repo()
    commit('add', {'partners/harbor.yaml': partner(1)})
    commit('rename', {'partners/harbor.yaml': null, 'partners/harbor-pd.yaml': partner(2)})
    const [renamed, added] = await new SiteRepo(root).fileHistory('partners/harbor-pd.yaml', {patch: true})
    expect(renamed!.patch).toContain('rename from partners/harbor.yaml')
    expect(renamed!.patch).toContain('rename to partners/harbor-pd.yaml')
    expect(renamed!.patch).toContain('+notes: version 2')
    expect(added!.patch).toContain('+++ b/partners/harbor.yaml')
  })

  it('a file removed and added again at the same path, and one never renamed, as git log --follow has them', async () => {
    const {root, commit, run} = repo()
    commit('add', {'partners/harbor-pd.yaml': partner(1)})
    commit('remove', {'partners/harbor-pd.yaml': null, 'partners/keep.yaml': 'id: keep\n'})
    commit('add back', {'partners/harbor-pd.yaml': 'id: harbor-pd\nname: new\ntype: police\n'})
    const commits = await new SiteRepo(root).fileHistory('partners/harbor-pd.yaml')
    expect(commits.map((c) => `${c.sha} ${c.subject} ${c.path}`)).toEqual(followed(run, 'partners/harbor-pd.yaml'))
  })

  it("keeps git's changed-path index (a commit-graph) up to date, so a log of one path skips the others", async () => {
    const {root, commit, run} = repo()
    commit('add', {'partners/harbor-pd.yaml': partner(1)})
    await new SiteRepo(root).fileHistory('partners/harbor-pd.yaml')
    const graphs = path.join(root, '.git/objects/info/commit-graphs')
    expect(fs.readdirSync(graphs).filter((f) => f.endsWith('.graph')).length).toBeGreaterThan(0)
    commit('edit', {'partners/harbor-pd.yaml': partner(2)})
    await new SiteRepo(root).fileHistory('partners/harbor-pd.yaml')
    // The commit made since is in it now: git verifies the graph, Bloom filters included.
    expect(run(['commit-graph', 'verify'])).toBe('')
    expect(run(['log', '-1', '--format=%H'])).toContain(run(['rev-parse', 'HEAD']).trim())
  })

  it('asks git to write the commit-graph again only when HEAD moved or the graph changed since its last write', async () => {
    const {root, commit} = repo()
    commit('add', {'partners/harbor-pd.yaml': partner(1)})
    // A git on PATH that notes each command it runs, then runs the real one.
    const bin = path.join(root, '..', 'bin')
    const log = path.join(root, '..', 'git-commands.txt')
    const real = execFileSync('sh', ['-c', 'command -v git'], {encoding: 'utf8'}).trim()
    fs.mkdirSync(bin, {recursive: true})
    fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$1 $2" >> '${log}'\nexec '${real}' "$@"\n`, {mode: 0o755})
    const writes = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((l) => l === 'commit-graph write').length : 0)
    const saved = process.env.PATH
    process.env.PATH = `${bin}${path.delimiter}${saved}`
    try {
      const history = () => new SiteRepo(root).fileHistory('partners/harbor-pd.yaml')
      expect(await history()).toHaveLength(1)
      expect(writes()).toBe(1)
      expect(await history()).toHaveLength(1)
      expect(writes()).toBe(1)
      commit('edit', {'partners/harbor-pd.yaml': partner(2)})
      expect(await history()).toHaveLength(2)
      expect(writes()).toBe(2)
      // The graph rewritten by someone else (git gc, git maintenance): written again, whatever HEAD says.
      fs.rmSync(path.join(root, '.git/objects/info/commit-graphs'), {recursive: true})
      expect(await history()).toHaveLength(2)
      expect(writes()).toBe(3)
      expect(fs.existsSync(path.join(root, '.git/objects/info/commit-graphs/commit-graph-chain'))).toBe(true)
    } finally {
      process.env.PATH = saved
    }
  })

  it('a repository without commits has no history', async () => {
    const {root} = repo()
    expect(await new SiteRepo(root).fileHistory('partners/harbor-pd.yaml')).toEqual([])
  })
})
