/**
 * The write path's reading of git's state (one status --porcelain=v2, ls-files --unmerged, the
 * files of operations in progress): what its parsing could get wrong, on real repositories.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {SiteRepo} from '../../src/core/git/site-repo.js'
import {operationInProgress, parsePorcelainV2} from '../../src/core/git/work-tree-state.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, git, siteInSubfolder, tempDir, testEnv, useGitEnv} from '../support/cli.js'
import {refused} from '../support/lead-error.js'

afterAll(cleanupTemp)

const env = testEnv()
// The writer runs git in this process: give it the test identity.
useGitEnv(env)

const partner = (id: string) => `id: ${id}\nname: Test ${id}\ntype: other\n`
const newPartner = (root: string, id: string, options: {commit?: boolean} = {}) =>
  writeRecords(readSite(root), [{kind: 'partner', id, file: `partners/${id}.yaml`, text: partner(id), base: null}], {message: `partner: add ${id}`, ...options})
const WEIRD = ['notes with spaces.txt', 'naïve café.txt', 'two\nlines.txt', 'tab\there.txt']

let root: string
beforeEach(() => {
  root = exampleSite(env)
})

describe('parsePorcelainV2', () => {
  it('reads the branch, detached and unborn HEADs, renames, conflicts and untracked paths with spaces', () => {
    const sha = 'a'.repeat(40)
    const out = [
      `# branch.oid ${sha}`, '# branch.head main', '# branch.upstream origin/main', '# branch.ab +0 -0',
      `1 .M N... 100644 100644 100644 ${sha} ${sha} dir one/a file.yaml`,
      `1 A. N... 000000 100644 100644 ${'0'.repeat(40)} ${sha} added.yaml`,
      `1 D. N... 120000 000000 000000 ${'b'.repeat(40)} ${'0'.repeat(40)} gone link.yaml`,
      `2 R. N... 100644 100644 100644 ${sha} ${sha} R100 new name.yaml`, 'old name.yaml',
      `u UU N... 100644 100644 100644 100644 ${sha} ${sha} ${sha} con flict.yaml`,
      '? two\nlines.txt', '! ignored.log', '',
    ].join('\0')
    expect(parsePorcelainV2(out)).toEqual({
      head: sha,
      branch: 'main',
      entries: [
        {path: 'dir one/a file.yaml', unmerged: false, inHead: {mode: '100644', oid: sha}},
        {path: 'added.yaml', unmerged: false, inHead: null},
        {path: 'gone link.yaml', unmerged: false, inHead: {mode: '120000', oid: 'b'.repeat(40)}},
        {path: 'new name.yaml', from: 'old name.yaml', unmerged: false},
        {path: 'con flict.yaml', unmerged: true},
        {path: 'two\nlines.txt', unmerged: false, state: 'untracked'},
      ],
    })
    expect(parsePorcelainV2('# branch.oid (initial)\0# branch.head main\0')).toEqual({branch: 'main', entries: []})
    expect(parsePorcelainV2(`# branch.oid ${sha}\0# branch.head (detached)\0`)).toEqual({head: sha, entries: []})
    // HEAD a symbolic ref to a tag: git prints "(null)", no branch either.
    expect(parsePorcelainV2(`# branch.oid ${sha}\0# branch.head (null)\0`)).toEqual({head: sha, entries: []})
  })

  it("reads git's own output for paths with spaces, newlines, tabs and non-ASCII letters", () => {
    for (const name of WEIRD) fs.writeFileSync(path.join(root, name), 'x\n')
    git(root, ['add', WEIRD[0]!, WEIRD[1]!], env)
    git(root, ['commit', '-qm', 'weird names'], env)
    for (const name of WEIRD) fs.appendFileSync(path.join(root, name), 'y\n')
    const out = git(root, ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all'], env)
    const parsed = parsePorcelainV2(out)
    expect(parsed.branch).toBe('main')
    expect(parsed.head).toBe(git(root, ['rev-parse', 'HEAD'], env).trim())
    expect(parsed.entries.map((e) => e.path).sort()).toEqual([...WEIRD].sort())
  })
})

describe('SiteRepo.writeState', () => {
  it('names exactly the dirty paths among those asked, however other files are named, few paths or many', async () => {
    for (const name of WEIRD) fs.writeFileSync(path.join(root, name), 'untracked\n')
    fs.appendFileSync(path.join(root, 'partners/harbor-pd.yaml'), '# my edit\n')
    const repo = new SiteRepo(root)
    const few = ['partners/harbor-pd.yaml', 'partners/new-one.yaml']
    // Above 64 paths the whole status is read and filtered.
    const many = [...few, ...Array.from({length: 80}, (_, i) => `partners/p-${i}.yaml`)]
    for (const paths of [few, many]) {
      const state = await repo.writeState(paths, {commit: true})
      expect(state).toEqual({unmerged: [], operation: undefined, detached: false, dirty: ['partners/harbor-pd.yaml'], skipWorktree: []})
    }
    expect((await repo.writeState(few, {commit: false}))?.dirty).toEqual([])
  })

  it('says undefined outside a repository', async () => {
    const plain = tempDir('lead-plain-')
    expect(await new SiteRepo(plain).writeState(['a.yaml'], {commit: true})).toBeUndefined()
  })
})

describe('an edit git does not show', () => {
  it('is refused with the flag named and how to clear it (git commit would commit nothing of it)', async () => {
    const file = 'partners/harbor-pd.yaml'
    fs.appendFileSync(path.join(root, file), '# the user\'s unsaved work\n')
    git(root, ['update-index', '--assume-unchanged', file], env)
    const text = fs.readFileSync(path.join(root, file), 'utf8')
    const error = await refused(writeRecords(readSite(root), [{kind: 'partner', id: 'harbor-pd', file, text: `${text}# lead's change\n`, base: text}], {message: 'partner: set harbor-pd'}))
    expect(error.code).toBe('UNCOMMITTED_CHANGES')
    expect(error.message).toContain('assume-unchanged')
    expect(error.hint).toContain(`git update-index --no-assume-unchanged -- ${file}`)
    expect(fs.readFileSync(path.join(root, file), 'utf8')).toBe(text)
  })
})

describe('a site in a subfolder of a larger repository', () => {
  let top: string
  let site: string
  beforeEach(() => {
    ;({top, site} = siteInSubfolder(root, 'sites/Harbor Léad team', env))
  })

  it('commits the record at its place in the repository', async () => {
    const result = await newPartner(site, 'mono-one')
    expect(result.commit).toBe(git(top, ['rev-parse', 'HEAD'], env).trim())
    expect(git(top, ['show', '--name-only', '--format=', '-z', 'HEAD'], env).split('\0').filter(Boolean)).toEqual(['sites/Harbor Léad team/partners/mono-one.yaml'])
  })

  it('does not take a file outside the site for one of its records, however alike their names', async () => {
    fs.mkdirSync(path.join(top, 'partners'))
    fs.writeFileSync(path.join(top, 'partners/harbor-pd.yaml'), 'not the site’s\n')
    const many = ['partners/harbor-pd.yaml', ...Array.from({length: 80}, (_, i) => `partners/p-${i}.yaml`)]
    const repo = new SiteRepo(site)
    expect((await repo.writeState(many, {commit: true}))?.dirty).toEqual([])
    fs.appendFileSync(path.join(site, 'partners/harbor-pd.yaml'), '# my edit\n')
    expect((await repo.writeState(many, {commit: true}))?.dirty).toEqual(['partners/harbor-pd.yaml'])
    expect((await repo.writeState(many.slice(0, 2), {commit: true}))?.dirty).toEqual(['partners/harbor-pd.yaml'])
  })

  it('names an uncommitted record by its path in the site, and refuses conflicts elsewhere in the repository', async () => {
    const file = 'partners/harbor-pd.yaml'
    fs.appendFileSync(path.join(site, file), '# my edit\n')
    const text = fs.readFileSync(path.join(site, file), 'utf8') + 'notes: x\n'
    const e = await refused(writeRecords(readSite(site), [{kind: 'partner', id: 'harbor-pd', file, text, base: fs.readFileSync(path.join(site, file), 'utf8')}], {message: 'x'}))
    expect(e.code).toBe('UNCOMMITTED_CHANGES')
    expect(e.message).toBe(`${file} has uncommitted changes that lead would otherwise commit with yours`)
    git(top, ['checkout', '-q', '--', '.'], env)

    // A conflict outside the site still stops a commit (it would be part of the next one).
    git(top, ['checkout', '-q', '-b', 'other'], env)
    fs.writeFileSync(path.join(top, 'README.md'), 'other\n')
    git(top, ['commit', '-qam', 'other'], env)
    git(top, ['checkout', '-q', 'main'], env)
    fs.writeFileSync(path.join(top, 'README.md'), 'main\n')
    git(top, ['commit', '-qam', 'main'], env)
    expect(() => git(top, ['merge', 'other'], env)).toThrow()
    const c = await refused(newPartner(site, 'mono-two'))
    expect(c.code).toBe('CONFLICTED')
    expect(c.message).toBe('the site has unresolved merge conflicts: README.md')
    // Again, with the index's summary kept by the first (records/git-index.ts): its conflicts come from it.
    expect(fs.existsSync(path.join(top, '.git', 'lead', 'index-summary.json'))).toBe(true)
    expect((await refused(newPartner(site, 'mono-three'))).message).toBe('the site has unresolved merge conflicts: README.md')
  })
})

describe('operations in progress', () => {
  it('a rebase in a linked worktree refuses there, not in the main worktree', async () => {
    const linked = path.join(path.dirname(root), 'linked')
    git(root, ['worktree', 'add', '-q', '-b', 'feature', linked], env)
    fs.writeFileSync(path.join(linked, 'partners/feature-one.yaml'), partner('feature-one'))
    git(linked, ['add', '.'], env)
    git(linked, ['commit', '-qm', 'feature one'], env)
    // An interactive rebase that stops at a `break`: no conflict, only the rebase in progress.
    git(linked, ['rebase', '-q', '-i', 'HEAD~1'], {...env, GIT_SEQUENCE_EDITOR: `sed -i '1i break'`})
    const e = await refused(newPartner(linked, 'during-rebase'))
    expect(e.code).toBe('GIT_BUSY')
    expect(e.message).toBe('a git rebase is in progress in this repository')
    expect(e.hint).toContain('git rebase --continue')
    expect(fs.existsSync(path.join(linked, 'partners/during-rebase.yaml'))).toBe(false)
    // The main worktree has no rebase of its own.
    const ok = await newPartner(root, 'main-one')
    expect(ok.commit).toBe(git(root, ['rev-parse', 'main'], env).trim())
    // --no-commit writes during the rebase.
    expect((await newPartner(linked, 'during-rebase', {commit: false})).commit).toBeUndefined()
  })

  it('a cherry-pick sequence stopped after a resolved conflict still counts as in progress', async () => {
    const file = 'partners/harbor-pd.yaml'
    const original = fs.readFileSync(path.join(root, file), 'utf8')
    git(root, ['checkout', '-q', '-b', 'picks'], env)
    for (const n of [1, 2]) {
      fs.writeFileSync(path.join(root, file), original.replace('Harbor Police Department', `Harbor PD pick ${n}`))
      git(root, ['commit', '-qam', `pick ${n}`], env)
    }
    git(root, ['checkout', '-q', 'main'], env)
    fs.writeFileSync(path.join(root, file), original.replace('Harbor Police Department', 'Harbor PD main'))
    git(root, ['commit', '-qam', 'main'], env)
    expect(() => git(root, ['cherry-pick', 'picks~1', 'picks'], env)).toThrow()
    expect((await refused(newPartner(root, 'mid-pick'))).code).toBe('CONFLICTED')
    fs.writeFileSync(path.join(root, file), original.replace('Harbor Police Department', 'Harbor PD resolved'))
    git(root, ['add', file], env)
    git(root, ['commit', '-qm', 'resolved'], env) // CHERRY_PICK_HEAD goes; the sequence waits for --continue
    const e = await refused(newPartner(root, 'mid-pick'))
    expect(e.code).toBe('GIT_BUSY')
    expect(e.message).toBe('a git cherry-pick is in progress in this repository')
  })

  it('tells git am from a rebase, and reads a sequence of reverts', () => {
    const gitDir = tempDir('lead-gitdir-')
    expect(operationInProgress(gitDir)).toBeUndefined()
    fs.mkdirSync(path.join(gitDir, 'rebase-apply'))
    expect(operationInProgress(gitDir)).toBe('rebase')
    fs.writeFileSync(path.join(gitDir, 'rebase-apply', 'applying'), '')
    expect(operationInProgress(gitDir)).toBe('am')
    fs.rmSync(path.join(gitDir, 'rebase-apply'), {recursive: true})
    fs.mkdirSync(path.join(gitDir, 'sequencer'))
    expect(operationInProgress(gitDir)).toBeUndefined() // no todo: nothing to continue
    fs.writeFileSync(path.join(gitDir, 'sequencer', 'todo'), `revert ${'b'.repeat(40)} Revert "x"\n`)
    expect(operationInProgress(gitDir)).toBe('revert')
    fs.writeFileSync(path.join(gitDir, 'REVERT_HEAD'), 'b'.repeat(40))
    fs.writeFileSync(path.join(gitDir, 'MERGE_HEAD'), 'b'.repeat(40))
    expect(operationInProgress(gitDir)).toBe('merge')
  })
})

describe('the git check, read while the site loads', () => {
  it('refuses before any finding of the validation, and writes nothing', async () => {
    // The change is invalid (an unknown partner type) and the repository cannot take a commit.
    const change = () => writeRecords(readSite(root), [{kind: 'partner', id: 'bad-one', file: 'partners/bad-one.yaml', text: 'id: bad-one\nname: Bad\ntype: no-such-type\n', base: null}], {message: 'x'})
    expect((await refused(change())).code).toBe('INVALID_CHANGE')
    git(root, ['checkout', '-q', '--detach'], env)
    expect((await refused(change())).code).toBe('DETACHED_HEAD')
    expect(fs.existsSync(path.join(root, 'partners/bad-one.yaml'))).toBe(false)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })
})

describe('an unborn branch (a repository before its first commit)', () => {
  it('is on a branch: the first record is committed alone, as the first commit', async () => {
    const fresh = path.join(tempDir('lead-unborn-'), 'site')
    fs.cpSync(root, fresh, {recursive: true, filter: (src) => path.basename(src) !== '.git'})
    git(fresh, ['init', '-q', '--initial-branch=main'], env)
    const result = await newPartner(fresh, 'first-one')
    expect(result.commit).toBe(git(fresh, ['rev-parse', 'HEAD'], env).trim())
    expect(git(fresh, ['rev-list', '--count', 'HEAD'], env).trim()).toBe('1')
    expect(git(fresh, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe('partners/first-one.yaml')
  })
})
