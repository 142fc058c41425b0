/**
 * Review of the `commit --include` shortcut (site-repo.ts commitPaths): git status as lead reads it
 * for the load (git-file-state.ts startStatus) is limited to the site's folder and leaves out dot
 * paths and node_modules, so "nothing else staged" cannot be told from it. A user's staged work
 * it does not list must never reach a commit made under lead's message, nor the hooks that run
 * for one.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, git, siteInSubfolder, testEnv, useGitEnv} from '../support/cli.js'
import {refused} from '../support/lead-error.js'

afterAll(cleanupTemp)

const env = testEnv()
useGitEnv(env)

const partner = (id: string) => `id: ${id}\nname: Test ${id}\ntype: other\n`
const hook = (top: string, name: string, body: string) => fs.writeFileSync(path.join(top, '.git', 'hooks', name), `#!/bin/sh\n${body}\n`, {mode: 0o755})
const addPartner = (site: string, id: string) => writeRecords(readSite(site), [{kind: 'partner', id, file: `partners/${id}.yaml`, text: partner(id), base: null}], {message: `partner: add ${id}`})

describe('a site in a subfolder, the user has a file outside it staged', () => {
  let top: string
  let site: string
  let seen: string
  beforeEach(() => {
    ;({top, site} = siteInSubfolder(exampleSite(env, {warm: true}), 'sites/harbor', env))
    fs.appendFileSync(path.join(top, 'README.md'), 'work in progress\n')
    git(top, ['add', 'README.md'], env)
    seen = path.join(top, '..', 'seen.txt')
  })

  it('no hook ever sees a commit under lead\'s message holding the staged file', async () => {
    hook(top, 'post-commit', `git log -1 --format='%s:' --name-only >> '${seen}'`)
    await addPartner(site, 'mono-one')
    expect(git(top, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe('sites/harbor/partners/mono-one.yaml')
    expect(git(top, ['status', '--porcelain'], env).trim()).toBe('M  README.md')
    // The post-commit hook (one that pushes, or notifies) ran once, for lead's own commit.
    expect(fs.readFileSync(seen, 'utf8').trim().split('\n').filter(Boolean)).toEqual(['partner: add mono-one:', 'sites/harbor/partners/mono-one.yaml'])
  })

  it('a pre-commit hook that refuses the user\'s staged file does not fail lead\'s commit, which never held it', async () => {
    hook(top, 'pre-commit', `if git diff --cached --name-only | grep -qx README.md; then echo "README.md is not ready" >&2; exit 1; fi`)
    const result = await addPartner(site, 'mono-two')
    expect(result.commit).toBe(git(top, ['rev-parse', 'HEAD'], env).trim())
    expect(git(top, ['status', '--porcelain'], env).trim()).toBe('M  README.md')
  })

  it('a pre-commit hook that fixes up staged files leaves the user\'s staged file as it was', async () => {
    const staged = git(top, ['show', ':README.md'], env)
    hook(top, 'pre-commit', `git diff --cached --name-only -z -- README.md | xargs -0 -r sh -c 'for f; do echo "# fixed by hook" >> "$f"; git add "$f"; done' sh`)
    await addPartner(site, 'mono-three')
    expect(git(top, ['show', ':README.md'], env)).toBe(staged)
    expect(fs.readFileSync(path.join(top, 'README.md'), 'utf8')).toBe(staged)
  })
})

describe('the user stages a file while lead judges its change (after git\'s state was read under the lock)', () => {
  it('no commit under lead\'s message ever holds it: what is staged is asked just before the commit', async () => {
    const root = exampleSite(env, {warm: true})
    const before = git(root, ['rev-parse', 'HEAD'], env).trim()
    const {SiteRepo} = await import('../../src/core/git/site-repo.js')
    const repo = new SiteRepo(root)
    const file = 'partners/late-one.yaml'
    // As the write path asks: git's state under the lock (which asks what is staged too), then the commit.
    expect(await repo.writeState([file], {commit: true})).toMatchObject({dirty: [], detached: false})
    fs.writeFileSync(path.join(root, file), partner('late-one'))
    fs.appendFileSync(path.join(root, 'README.md'), 'work in progress\n')
    git(root, ['add', 'README.md'], env)
    const sha = await repo.commitPaths([file], 'partner: add late-one', {fromIndex: true})
    expect(git(root, ['show', '--name-only', '--format=', sha], env).trim()).toBe(file)
    expect(git(root, ['rev-parse', `${sha}^`], env).trim()).toBe(before)
    expect(git(root, ['status', '--porcelain'], env).trim()).toBe('A  README.md')
    // Not one taken back (the reflog would say so): git was asked after the file was staged, not with
    // the state (a window of the whole load and validation for a post-commit hook to push it in).
    expect(git(root, ['reflog', '--format=%gs', 'HEAD'], env).split('\n').filter((l) => l.startsWith('lead:'))).toEqual([])
  })
})

describe('a site at the top of its repository, the user has a dot file staged', () => {
  let root: string
  beforeEach(() => {
    root = exampleSite(env, {warm: true})
    fs.writeFileSync(path.join(root, '.gitattributes'), '* text=auto\n')
    git(root, ['add', '.gitattributes'], env)
  })

  it('the staged .gitattributes (outside the status lead reads) is in no commit a hook sees', async () => {
    const seen = path.join(root, '..', 'seen.txt')
    hook(root, 'post-commit', `git log -1 --format='%s:' --name-only >> '${seen}'`)
    await addPartner(root, 'dot-one')
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe('partners/dot-one.yaml')
    expect(git(root, ['status', '--porcelain'], env).trim()).toBe('A  .gitattributes')
    expect(fs.readFileSync(seen, 'utf8').trim().split('\n').filter(Boolean)).toEqual(['partner: add dot-one:', 'partners/dot-one.yaml'])
  })
})

describe('a submodule that git is told to ignore (submodule.<name>.ignore = all)', () => {
  it('a gitlink staged while lead commits is in no commit of lead\'s: diff-tree is told not to ignore it', async () => {
    const root = exampleSite(env, {warm: true})
    fs.writeFileSync(path.join(root, '.gitmodules'), '[submodule "lib"]\n\tpath = vendor/lib\n\turl = ./lib\n\tignore = all\n')
    git(root, ['add', '.gitmodules'], env)
    git(root, ['update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},vendor/lib`], env)
    git(root, ['commit', '-qm', 'a submodule'], env)
    // Staged once, by a hook, as a user could between lead's check and its commit.
    const once = path.join(root, '..', 'staged-once')
    hook(root, 'pre-commit', `[ -e '${once}' ] && exit 0\ntouch '${once}'\ngit update-index --cacheinfo 160000,${'2'.repeat(40)},vendor/lib`)
    const {SiteRepo} = await import('../../src/core/git/site-repo.js')
    fs.writeFileSync(path.join(root, 'partners/sub-one.yaml'), partner('sub-one'))
    const sha = await new SiteRepo(root).commitPaths(['partners/sub-one.yaml'], 'partner: add sub-one', {fromIndex: true})
    expect(git(root, ['ls-tree', sha, 'vendor/lib'], env)).toContain('1'.repeat(40))
    expect(git(root, ['ls-files', '-s', 'vendor/lib'], env)).toContain('2'.repeat(40))
    expect(git(root, ['diff-tree', '-r', '--ignore-submodules=none', '--name-only', '--format=', sha], env).trim()).toBe('partners/sub-one.yaml')
  })
})

/** A partner's file with a line added. */
const edit = (root: string, id: string) => {
  const file = `partners/${id}.yaml`
  const base = fs.readFileSync(path.join(root, file), 'utf8')
  return {kind: 'partner' as const, id, file, text: `${base}# edited\n`, base}
}

describe('a record git is told to assume unchanged (update-index --assume-unchanged)', () => {
  // commit --include adds what git finds changed among the paths, and git never looks at such a file.

  it('is committed when it is the one file written', async () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['update-index', '--assume-unchanged', 'partners/harbor-pd.yaml'], env)
    const result = await writeRecords(readSite(root), [edit(root, 'harbor-pd')], {message: 'partner: note'})
    expect(git(root, ['show', '--name-only', '--format=', result.commit!], env).trim()).toBe('partners/harbor-pd.yaml')
  })

  it('is committed with the others written: lead never says committed of a change left out of its commit', async () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['update-index', '--assume-unchanged', 'partners/harbor-pd.yaml'], env)
    const result = await writeRecords(readSite(root), [edit(root, 'harbor-pd'), edit(root, 'harbor-lead-pm')], {message: 'partner: notes'})
    expect(git(root, ['show', '--name-only', '--format=', result.commit!], env).trim().split('\n').sort()).toEqual(['partners/harbor-lead-pm.yaml', 'partners/harbor-pd.yaml'])
    expect(git(root, ['show', `${result.commit}:partners/harbor-pd.yaml`], env)).toContain('# edited')
  })
})

describe('a record git is told to skip (update-index --skip-worktree, a sparse checkout)', () => {
  // git commits no change to it (commit --only says "nothing to commit"): refused before anything is written.
  it('is refused (SKIP_WORKTREE, exit 3) with how to let git see it, and nothing is written; in a subfolder too; --no-commit writes it', async () => {
    const {top, site} = siteInSubfolder(exampleSite(env, {warm: true}), 'sites/Harbor', env)
    const file = 'partners/harbor-pd.yaml'
    git(top, ['update-index', '--skip-worktree', `sites/Harbor/${file}`], env)
    const change = {kind: 'partner' as const, id: 'harbor-pd', file, text: `${fs.readFileSync(path.join(site, file), 'utf8')}# edited\n`, base: fs.readFileSync(path.join(site, file), 'utf8')}
    const head = git(top, ['rev-parse', 'HEAD'], env)
    const error = await refused(writeRecords(readSite(site), [change], {message: 'partner: note'}))
    expect(error).toMatchObject({code: 'SKIP_WORKTREE', exit: 3, details: {files: [file]}})
    expect(error.message).toContain(`${file} is marked skip-worktree`)
    expect(error.hint).toContain(`git update-index --no-skip-worktree -- ${file}`)
    expect(fs.readFileSync(path.join(site, file), 'utf8')).toBe(change.base)
    expect(git(top, ['rev-parse', 'HEAD'], env)).toBe(head)
    // Another record, and the same one once git sees it again, are committed.
    await writeRecords(readSite(site), [edit(site, 'harbor-lead-pm')], {message: 'partner: other'})
    git(top, ['update-index', '--no-skip-worktree', `sites/Harbor/${file}`], env)
    const result = await writeRecords(readSite(site), [change], {message: 'partner: note'})
    expect(git(top, ['show', '--name-only', '--format=', result.commit!], env).trim()).toBe(`sites/Harbor/${file}`)
    git(top, ['update-index', '--skip-worktree', `sites/Harbor/${file}`], env)
    const next = {...change, base: change.text, text: `${change.text}# again\n`}
    expect(await writeRecords(readSite(site), [next], {message: 'x', commit: false})).toMatchObject({files: [file]})
    expect(fs.readFileSync(path.join(site, file), 'utf8')).toBe(next.text)
  })
})

describe('skip-worktree among many paths (an import names more than 64: git is not given each)', () => {
  it('is found in git\'s whole listing, in a subfolder too; none when none of the paths is flagged', async () => {
    const {top, site} = siteInSubfolder(exampleSite(env, {warm: true}), 'sites/Harbor', env)
    const {SiteRepo} = await import('../../src/core/git/site-repo.js')
    const many = [...Array.from({length: 80}, (_, i) => `referrals/2026/r-2026-01-01-new${String(i).padStart(3, '0')}.yaml`), 'partners/harbor-pd.yaml']
    expect((await new SiteRepo(site).writeState(many, {commit: true}))?.skipWorktree).toEqual([])
    git(top, ['update-index', '--skip-worktree', 'sites/Harbor/partners/harbor-pd.yaml'], env)
    git(top, ['update-index', '--skip-worktree', 'sites/Harbor/partners/harbor-lead-pm.yaml'], env)
    expect((await new SiteRepo(site).writeState(many, {commit: true}))?.skipWorktree).toEqual(['partners/harbor-pd.yaml'])
    expect((await new SiteRepo(site).writeState(many.slice(0, 80), {commit: true}))?.skipWorktree).toEqual([])
  })
})

describe('a site in a subfolder whose name has spaces and accents (core.quotePath on)', () => {
  it('nothing else staged: one commit from the index, of the record alone, nothing taken back', async () => {
    const {top, site} = siteInSubfolder(exampleSite(env, {warm: true}), 'sites/Harbor Léad tëam', env)
    git(top, ['config', 'core.quotePath', 'true'], env)
    const seen = path.join(top, '..', 'index-files.txt')
    hook(top, 'pre-commit', `echo "\${GIT_INDEX_FILE:-none}" >> '${seen}'`)
    await addPartner(site, 'uni-one')
    expect(git(top, ['show', '--name-only', '--format=', '-z', 'HEAD'], env).split('\0').filter(Boolean)).toEqual(['sites/Harbor Léad tëam/partners/uni-one.yaml'])
    expect(git(top, ['reflog', '--format=%gs', 'HEAD'], env).split('\n').filter((l) => l.startsWith('lead:'))).toEqual([])
    expect(fs.readFileSync(seen, 'utf8').trim().split('\n').map((f) => path.basename(f))).toEqual(['index.lock'])
  })
})
