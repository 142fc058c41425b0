/**
 * Second reader's attacks on `lead history` without `git log --follow` (git/file-history.ts):
 * the commits and paths it lists must be those --follow lists, in the repositories where the
 * hand-followed renames and the commit-graph written first could go wrong.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {SiteRepo} from '../../src/core/git/site-repo.js'
import {cleanupTemp, git, tempDir, testEnv, useGitEnv} from '../support/cli.js'
import {followed, historyRepo} from '../support/history-repo.js'

afterAll(cleanupTemp)
const env = testEnv()
useGitEnv(env)

const partner = (n: number, who = 'harbor-pd') => `id: ${who}\nname: Harbor Police Department\ntype: police\nnotes: version ${n}\n${'line that stays the same\n'.repeat(12)}`

const repo = (dir?: string) => historyRepo(env, dir)


const ours = async (root: string, file: string, options: {limit?: number; patch?: boolean} = {}) => (await new SiteRepo(root).fileHistory(file, options)).map((c) => `${c.sha} ${c.subject} ${c.path}`)

describe('a file history, attacked', () => {
  it('follows a rename with an edit in the same commit, and a chain of three', async () => {
    const {root, commit, run} = repo()
    commit('add', {'partners/a.yaml': partner(1)})
    commit('rename a→b with edit', {'partners/a.yaml': null, 'partners/b.yaml': partner(2)})
    commit('rename b→c', {'partners/b.yaml': null, 'partners/c.yaml': partner(2)})
    commit('rename c→d with edit', {'partners/c.yaml': null, 'partners/d.yaml': partner(3)})
    expect(await ours(root, 'partners/d.yaml')).toEqual(followed(run, 'partners/d.yaml'))
    expect((await ours(root, 'partners/d.yaml')).length).toBe(4)
  })

  it('a file renamed away, then a new file at the old path: the new one has its own history only', async () => {
    const {root, commit, run} = repo()
    commit('add old', {'partners/a.yaml': partner(1)})
    commit('move away', {'partners/a.yaml': null, 'partners/b.yaml': partner(1)})
    commit('new at old path', {'partners/a.yaml': 'id: a\nname: Someone else entirely\ntype: other\n'})
    expect(await ours(root, 'partners/a.yaml')).toEqual(followed(run, 'partners/a.yaml'))
    expect(await ours(root, 'partners/b.yaml')).toEqual(followed(run, 'partners/b.yaml'))
  })

  it('a rename made on a branch and merged back (a merge commit, not fast-forward)', async () => {
    const {root, commit, run} = repo()
    commit('add', {'partners/a.yaml': partner(1), 'partners/z.yaml': 'id: z\n'})
    run(['checkout', '-q', '-b', 'side'])
    commit('rename on side', {'partners/a.yaml': null, 'partners/b.yaml': partner(2)})
    run(['checkout', '-q', 'main'])
    commit('unrelated on main', {'partners/z.yaml': 'id: z\nname: zed\n'})
    run(['merge', '-q', '--no-ff', '--no-edit', 'side'])
    commit('edit after merge', {'partners/b.yaml': partner(3)})
    expect(await ours(root, 'partners/b.yaml')).toEqual(followed(run, 'partners/b.yaml'))
  })

  it("a rename on a branch while the old file is edited on main, merged: --follow's commits and the merge", async () => {
    const {root, commit, run} = repo()
    commit('add', {'partners/a.yaml': partner(1), 'partners/z.yaml': 'id: z\n'})
    run(['checkout', '-q', '-b', 'side'])
    commit('rename on side', {'partners/a.yaml': null, 'partners/b.yaml': partner(1)})
    run(['checkout', '-q', 'main'])
    commit('edit a on main', {'partners/a.yaml': partner(2)})
    run(['merge', '-q', '--no-edit', 'side'])
    expect(fs.readFileSync(path.join(root, 'partners/b.yaml'), 'utf8')).toContain('version 2')
    // The merge that brought main's edit into b.yaml is listed (--follow leaves it out); main's edit
    // itself is in neither (a rename is followed along one line of commits, as --follow does).
    const merge = run(['rev-parse', 'HEAD']).trim()
    expect(await ours(root, 'partners/b.yaml')).toEqual([`${merge} Merge branch 'side' partners/b.yaml`, ...followed(run, 'partners/b.yaml')])
  })

  it('a rename made in a merge commit itself', async () => {
    const {root, commit, run} = repo()
    commit('add', {'partners/a.yaml': partner(1), 'partners/z.yaml': 'id: z\n'})
    run(['checkout', '-q', '-b', 'side'])
    commit('side edit', {'partners/z.yaml': 'id: z\nname: zed\n'})
    run(['checkout', '-q', 'main'])
    commit('main edit', {'partners/a.yaml': partner(2)})
    run(['merge', '-q', '--no-ff', '--no-commit', 'side'])
    run(['mv', 'partners/a.yaml', 'partners/b.yaml'])
    run(['commit', '-q', '-m', 'merge with a rename'])
    // --follow lists nothing at all here; the rename is followed from the merge's first parent.
    expect(followed(run, 'partners/b.yaml')).toEqual([])
    expect((await ours(root, 'partners/b.yaml')).map((l) => l.split(' ').slice(1).join(' '))).toEqual(['merge with a rename partners/b.yaml', 'main edit partners/a.yaml', 'add partners/a.yaml'])
  })

  it('a path with spaces and unicode, renamed', async () => {
    const {root, commit, run} = repo()
    commit('add', {'partners/café old.yaml': partner(1)})
    commit('rename', {'partners/café old.yaml': null, 'partners/ñandú nuevo.yaml': partner(2)})
    const ourPaths = (await new SiteRepo(root).fileHistory('partners/ñandú nuevo.yaml')).map((c) => c.path)
    expect(ourPaths).toEqual(['partners/ñandú nuevo.yaml', 'partners/café old.yaml'])
    // git's --name-only quotes an unusual path ("partners/caf\303\251 old.yaml"): the path is as it is, not as git quotes it.
    const plain = (args: string[]) => run(['-c', 'core.quotePath=false', ...args])
    expect(await ours(root, 'partners/ñandú nuevo.yaml')).toEqual(followed(plain, 'partners/ñandú nuevo.yaml'))
  })

  it('--patch and limits across the rename boundary', async () => {
    const {root, commit, run} = repo()
    commit('add', {'partners/a.yaml': partner(1)})
    commit('edit', {'partners/a.yaml': partner(2)})
    commit('rename with edit', {'partners/a.yaml': null, 'partners/b.yaml': partner(3)})
    commit('edit b', {'partners/b.yaml': partner(4)})
    for (const limit of [1, 2, 3, 4, 5]) expect(await ours(root, 'partners/b.yaml', {limit})).toEqual(followed(run, 'partners/b.yaml', [`--max-count=${limit}`]))
    const patched = await new SiteRepo(root).fileHistory('partners/b.yaml', {patch: true, limit: 3})
    expect(patched.map((c) => c.subject)).toEqual(['edit b', 'rename with edit', 'edit'])
    expect(patched[1]!.patch).toMatch(/rename from partners\/a\.yaml\nrename to partners\/b\.yaml/)
    expect(patched[1]!.patch).toMatch(/-notes: version 2\n\+notes: version 3/)
    expect(patched[2]!.patch).toMatch(/-notes: version 1\n\+notes: version 2/)
    // The same patches as --follow's, commit by commit.
    const theirs = run(['log', '--follow', '--patch', '--no-color', '--format=%x1e%H', '--max-count=3', '--', 'partners/b.yaml']).split('\x1e').slice(1).map((c) => c.slice(c.indexOf('\n') + 1).replace(/^\n+/, '').replace(/\n+$/, '\n'))
    expect(patched.map((c) => c.patch)).toEqual(theirs)
  })

  it('a shallow clone: the history stops at the boundary as --follow does', async () => {
    const {root, commit} = repo()
    commit('add', {'partners/a.yaml': partner(1)})
    commit('edit', {'partners/a.yaml': partner(2)})
    commit('rename', {'partners/a.yaml': null, 'partners/b.yaml': partner(3)})
    commit('edit b', {'partners/b.yaml': partner(4)})
    const clone = path.join(tempDir('lead-history-shallow-'), 'clone')
    git(path.dirname(clone), ['clone', '-q', '--depth', '3', `file://${root}`, clone], env)
    const run = (args: string[]) => git(clone, args, env)
    expect(await ours(clone, 'partners/b.yaml')).toEqual(followed(run, 'partners/b.yaml'))
    expect(await ours(clone, 'partners/b.yaml', {limit: 3})).toEqual(followed(run, 'partners/b.yaml', ['--max-count=3']))
  })

  it('a read-only object store, and an existing commit-graph that is not split', async () => {
    const {root, commit, run} = repo()
    commit('add', {'partners/a.yaml': partner(1)})
    commit('rename', {'partners/a.yaml': null, 'partners/b.yaml': partner(2)})
    run(['commit-graph', 'write', '--reachable'])
    commit('edit b', {'partners/b.yaml': partner(3)})
    expect(await ours(root, 'partners/b.yaml')).toEqual(followed(run, 'partners/b.yaml'))
    run(['commit-graph', 'verify'])
    commit('edit b again', {'partners/b.yaml': partner(4)})
    const objects = path.join(root, '.git', 'objects')
    const info = path.join(objects, 'info')
    fs.chmodSync(info, 0o555)
    fs.chmodSync(objects, 0o555)
    try {
      expect(await ours(root, 'partners/b.yaml')).toEqual(followed(run, 'partners/b.yaml'))
    } finally {
      fs.chmodSync(objects, 0o755)
      fs.chmodSync(info, 0o755)
    }
  })

  it('a detached HEAD: the history of what is checked out', async () => {
    const {root, commit, run} = repo()
    commit('add', {'partners/a.yaml': partner(1)})
    commit('rename', {'partners/a.yaml': null, 'partners/b.yaml': partner(2)})
    commit('edit b', {'partners/b.yaml': partner(3)})
    run(['checkout', '-q', '--detach', 'HEAD~1'])
    expect(await ours(root, 'partners/b.yaml')).toEqual(followed(run, 'partners/b.yaml'))
  })

  it("a copy (the original kept) is a record of its own: lead does not follow it, where --follow (copies found harder) lists the original's commits", async () => {
    const {root, commit, run} = repo()
    commit('add', {'partners/a.yaml': partner(1)})
    commit('copy', {'partners/b.yaml': partner(1, 'other-pd')})
    expect((await ours(root, 'partners/b.yaml')).map((l) => l.split(' ').slice(1).join(' '))).toEqual(['copy partners/b.yaml'])
    // The difference from the old `git log --follow`, on purpose: another record's history is not this one's.
    expect(followed(run, 'partners/b.yaml').map((l) => l.split(' ').slice(1).join(' '))).toEqual(['copy partners/b.yaml', 'add partners/a.yaml'])
  })

  it('a site in a folder of its repository: a rename is followed (diff-tree names paths from the top)', async () => {
    const top = path.join(tempDir('lead-history-sub-'), 'repo')
    fs.mkdirSync(top, {recursive: true})
    git(top, ['init', '-q', '-b', 'main'], env)
    const {root, commit, run} = repo(path.join(top, 'sites', 'harbor'))
    commit('add', {'partners/a.yaml': partner(1)})
    commit('rename', {'partners/a.yaml': null, 'partners/b.yaml': partner(2)})
    commit('edit b', {'partners/b.yaml': partner(3)})
    expect((await ours(root, 'partners/b.yaml')).map((l) => l.split(' ').slice(1).join(' '))).toEqual(['edit b partners/b.yaml', 'rename partners/b.yaml', 'add partners/a.yaml'])
    const patched = await new SiteRepo(root).fileHistory('partners/b.yaml', {patch: true})
    expect(patched.map((c) => c.subject)).toEqual(['edit b', 'rename', 'add'])
    expect(patched[1]!.patch).toMatch(/rename from sites\/harbor\/partners\/a\.yaml/)
    expect(run(['log', '--follow', '--format=%s', '--', 'partners/b.yaml']).trim().split('\n')).toEqual(['edit b', 'rename', 'add'])
  })

  it('a commit renaming and editing more files than git finds renames among by default (1,000 × 1,000 pairs)', async () => {
    const {root, commit, run} = repo()
    const many = 1010
    const before: Record<string, string> = {}
    const after: Record<string, string | null> = {}
    for (let i = 0; i < many; i++) {
      before[`partners/p${i}.yaml`] = partner(1, `p${i}`)
      after[`partners/p${i}.yaml`] = null
      after[`partners/q${i}.yaml`] = partner(2, `p${i}`)
    }
    commit('add', before)
    commit('rename every partner, with an edit', after)
    expect(await ours(root, 'partners/q7.yaml')).toEqual(followed(run, 'partners/q7.yaml'))
    expect((await ours(root, 'partners/q7.yaml')).map((l) => l.split(' ').at(-1))).toEqual(['partners/q7.yaml', 'partners/p7.yaml'])
  }, 60_000)

  it('a name with pattern characters is that file alone (a pathspec would match partners/a1.yaml too)', async () => {
    const {root, commit} = repo()
    commit('bracket', {'partners/a[1].yaml': partner(1)})
    commit('plain', {'partners/a1.yaml': partner(1, 'a1')})
    commit('star', {'partners/a*.yaml': partner(1, 'star')})
    expect((await ours(root, 'partners/a[1].yaml')).map((l) => l.split(' ')[1])).toEqual(['bracket'])
    expect((await ours(root, 'partners/a*.yaml')).map((l) => l.split(' ')[1])).toEqual(['star'])
  })

  it('a repository without commits has no history', async () => {
    const {root} = repo()
    fs.mkdirSync(path.join(root, 'partners'))
    fs.writeFileSync(path.join(root, 'partners/a.yaml'), partner(1))
    expect(await new SiteRepo(root).fileHistory('partners/a.yaml')).toEqual([])
  })
})
