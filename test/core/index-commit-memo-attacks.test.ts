/**
 * Second reading of the remembered index entries (git/index-commit.ts: .git/lead/index-commit.json):
 * each case asserts the safe outcome when "nothing staged" is told from the memo instead of git's
 * diff-index: the commit holds lead's file alone, the user's staging stays as it was, or git is asked.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, siteInSubfolder, tempDir, testEnv, writeSiteFile} from '../support/cli.js'
import {gitAroundCommit, gitShim, siteWithReadme, type GitShim} from '../support/git-shim.js'

afterAll(cleanupTemp)

const env = testEnv()
const FILE = 'partners/harbor-pd.yaml'
let root: string
let shim: GitShim
let n = 0

beforeEach(() => {
  root = siteWithReadme(env)
  shim = gitShim(env)
})

const asked = (command: string) => shim.asked(command)
const changedIn = (rev = 'HEAD', at = root) => git(at, ['show', '--name-only', '--format=', rev], env).trim().split('\n').filter(Boolean)
const staged = (at = root) => git(at, ['diff-index', '--cached', '--name-status', 'HEAD'], env).trim()
const memoFile = (at = root) => path.join(at, '.git', 'lead', 'index-commit.json')
const head = (at = root) => git(at, ['rev-parse', 'HEAD'], env).trim()
const hook = (name: string, body: string, at = root) => fs.writeFileSync(path.join(at, '.git', 'hooks', name), `#!/bin/sh\n${body}\n`, {mode: 0o755})

function lead(args: string[], options: {at?: string; env?: NodeJS.ProcessEnv} = {}) {
  const r = runLead([...args, '--json', '-C', options.at ?? root], {env: options.env ?? shim.env})
  expect(r.stderr).not.toMatch(/^\s+at /m)
  expect(r.code, r.stderr).toBe(0)
  return r
}
const setName = (at?: string, e?: NodeJS.ProcessEnv) => lead(['set', 'partner', 'harbor-pd', `name=Harbor ${++n}`], {at, env: e})

/** A write that lead may refuse (HEAD and the index then as they were) or make with its file alone, the staging kept either way. */
function refusedOrAlone(): void {
  const was = head()
  const entries = () => git(root, ['ls-files', '-s', '-v'], env)
  const index = entries()
  const listing = staged()
  const r = runLead(['set', 'partner', 'harbor-pd', `name=Harbor ${++n}`, '--json', '-C', root], {env: shim.env})
  expect(r.stderr).not.toMatch(/^\s+at /m)
  if (r.code !== 0) {
    expect(head()).toBe(was)
    expect(entries()).toBe(index)
  } else {
    expect(changedIn()).toEqual([FILE])
    expect(staged().split('\n').filter((l) => !l.endsWith(FILE)).join('\n')).toBe(listing.split('\n').filter((l) => !l.endsWith(FILE)).join('\n'))
  }
}

/** A first write, which leaves the memo for the HEAD it made; the shim cleared. */
function remembered(at = root): void {
  setName(at)
  expect(JSON.parse(fs.readFileSync(memoFile(at), 'utf8')).commit).toBe(head(at))
  shim.clear()
}

/** After lead's write: the commit held lead's file alone and what git sees staged is `expected`. */
function alone(expected: string, at = root, file = FILE): void {
  expect(changedIn('HEAD', at)).toEqual([file])
  expect(staged(at)).toBe(expected)
}

describe('the index changed after the memo', () => {
  /** Each: what is done to the index once the memo is there, and what git then lists as staged (besides lead's file). */
  const changes: Array<[string, () => void, string]> = [
    ['a file staged', () => (fs.appendFileSync(path.join(root, 'README.md'), 'more\n'), git(root, ['add', 'README.md'], env)), 'M\tREADME.md'],
    ['a mode change staged alone (same blob)', () => git(root, ['update-index', '--chmod=+x', 'README.md'], env), 'M\tREADME.md'],
    ['a symbolic link staged over a file with the same blob (link text = content)', () => git(root, ['update-index', '--cacheinfo', `120000,${git(root, ['rev-parse', 'HEAD:README.md'], env).trim()},README.md`], env), 'T\tREADME.md'],
    ['a gitlink staged', () => git(root, ['update-index', '--add', '--cacheinfo', `160000,${head()},vendor/lib`], env), 'A\tvendor/lib'],
  ]
  it.each(changes)('%s: git asked, left staged', (_, change, expected) => {
    remembered()
    change()
    setName()
    expect(asked('diff-index')).toBe(1)
    alone(expected)
  })

  it('intent-to-add: git asked, the flag kept', () => {
    remembered()
    writeSiteFile(root, 'notes/new.md', 'later\n')
    git(root, ['add', '-N', 'notes/new.md'], env)
    setName()
    expect(asked('diff-index')).toBe(1)
    expect(changedIn()).toEqual([FILE])
    expect(git(root, ['ls-files', '-v', 'notes/new.md'], env).trim()).toBe('H notes/new.md')
  })

  it('flags only (assume-unchanged, skip-worktree): asked or not, the commit alone and the flags kept', () => {
    remembered()
    git(root, ['update-index', '--assume-unchanged', 'README.md'], env)
    git(root, ['update-index', '--skip-worktree', 'partners/harbor-housing-coalition.yaml'], env)
    setName()
    alone('')
    expect(git(root, ['ls-files', '-v', 'README.md', 'partners/harbor-housing-coalition.yaml'], env).trim().split('\n').map((l) => l[0])).toEqual(['h', 'S'])
  })

  it('a staged change under assume-unchanged: git asked, left staged', () => {
    remembered()
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n')
    git(root, ['add', 'README.md'], env)
    git(root, ['update-index', '--assume-unchanged', 'README.md'], env)
    setName()
    expect(asked('diff-index')).toBe(1)
    alone('M\tREADME.md')
  })

  it('a conflict (stages 1-3) put in the index: lead refuses or commits alone, the stages kept', () => {
    remembered()
    const sha = git(root, ['rev-parse', 'HEAD:README.md'], env).trim()
    const other = execFileSync('git', ['hash-object', '-w', '--stdin'], {cwd: root, input: 'theirs\n', env, encoding: 'utf8'}).trim()
    execFileSync('git', ['update-index', '--index-info'], {cwd: root, env, input: `0 ${'0'.repeat(40)}\tREADME.md\n100644 ${sha} 1\tREADME.md\n100644 ${sha} 2\tREADME.md\n100644 ${other} 3\tREADME.md\n`})
    const before = head()
    const r = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor X', '--json', '-C', root], {env: shim.env})
    expect(r.stderr).not.toMatch(/^\s+at /m)
    if (head() !== before) expect(changedIn()).toEqual([FILE])
    expect(git(root, ['ls-files', '--unmerged', 'README.md'], env).trim().split('\n')).toHaveLength(3)
  })
})

describe('the index back to the remembered entries', () => {
  it('staged then unstaged (restore --staged): nothing staged, not asked, alone', () => {
    remembered()
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n')
    git(root, ['add', 'README.md'], env)
    git(root, ['restore', '--staged', 'README.md'], env)
    setName()
    expect(asked('diff-index')).toBe(0)
    alone('')
  })

  it('git stash, then stash pop --index: the staged file back staged and out of the commit', () => {
    remembered()
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n')
    git(root, ['add', 'README.md'], env)
    git(root, ['stash', '-q'], env)
    setName()
    alone('')
    git(root, ['stash', 'pop', '-q', '--index'], env)
    shim.clear()
    setName()
    expect(asked('diff-index')).toBe(1)
    alone('M\tREADME.md')
  })

  it('a branch switch and back, and a write on the other branch', () => {
    remembered()
    git(root, ['checkout', '-q', '-b', 'other', 'HEAD~1'], env)
    setName()
    expect(asked('diff-index')).toBe(1)
    alone('')
    git(root, ['checkout', '-q', 'main'], env)
    shim.clear()
    setName()
    alone('')
  })

  it('the user amends with a staged README, then reset --soft back to lead\'s commit: git asked, README left staged', () => {
    remembered()
    const mine = head()
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n')
    git(root, ['add', 'README.md'], env)
    git(root, ['commit', '-q', '--amend', '--no-edit'], env)
    git(root, ['reset', '-q', '--soft', mine], env)
    setName()
    expect(asked('diff-index')).toBe(1)
    alone('M\tREADME.md')
  })

  it('the branch reset --soft to before lead\'s commit (lead\'s change staged): git asked, no stray commit', () => {
    remembered()
    git(root, ['reset', '-q', '--soft', 'HEAD~1'], env)
    refusedOrAlone()
  })

  it('reset --mixed of HEAD~1 then update-ref back (index HEAD~1\'s, HEAD lead\'s commit): git asked', () => {
    remembered()
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n')
    git(root, ['add', 'README.md'], env)
    git(root, ['commit', '-qm', 'user'], env)
    shim.clear()
    setName()
    const mine = head()
    git(root, ['reset', '-q', 'HEAD~2'], env)
    git(root, ['update-ref', 'HEAD', mine], env)
    refusedOrAlone()
  })
})

describe('the memo itself', () => {
  it.each([
    ['garbage', () => fs.writeFileSync(memoFile(), '{not json')],
    ['a symbolic link to a forged memo', () => {
      const forged = path.join(tempDir('lead-memo-'), 'memo.json')
      fs.writeFileSync(forged, fs.readFileSync(memoFile()))
      fs.rmSync(memoFile())
      fs.symlinkSync(forged, memoFile())
    }],
    ['a folder', () => {
      fs.rmSync(memoFile())
      fs.mkdirSync(memoFile())
    }],
    ['a FIFO', () => {
      fs.rmSync(memoFile())
      execFileSync('mkfifo', [memoFile()])
    }],
  ])('%s in its place, a file staged: git asked, no crash, left staged', (_name, plant) => {
    remembered()
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n')
    git(root, ['add', 'README.md'], env)
    plant()
    setName()
    expect(asked('diff-index')).toBe(1)
    alone('M\tREADME.md')
  })
})

describe('index formats', () => {
  it('index.skipHash: alone, staged file left staged', () => {
    git(root, ['config', 'index.skipHash', 'true'], env)
    git(root, ['update-index', '--really-refresh'], env)
    remembered()
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n')
    git(root, ['add', 'README.md'], env)
    setName()
    expect(asked('diff-index')).toBe(1)
    alone('M\tREADME.md')
  })

  it('index version 4 after a memo, a file staged: git asked', () => {
    remembered()
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n')
    git(root, ['add', 'README.md'], env)
    git(root, ['update-index', '--index-version', '4'], env)
    setName()
    expect(asked('diff-index')).toBe(1)
    alone('M\tREADME.md')
  })

  it('index version 3 <-> 2 with the same entries: alone', () => {
    remembered()
    git(root, ['update-index', '--index-version', '3'], env)
    setName()
    alone('')
  })
})

describe('elsewhere', () => {
  it('a site in a subfolder, a file outside it staged after the memo: git asked, left staged', () => {
    const {top, site} = siteInSubfolder(exampleSite(env, {warm: true}), 'sites/harbor', env)
    git(top, ['status', '--porcelain'], env)
    setName(site)
    expect(fs.existsSync(memoFile(top))).toBe(true)
    fs.appendFileSync(path.join(top, 'README.md'), 'meanwhile\n')
    git(top, ['add', 'README.md'], env)
    shim.clear()
    setName(site)
    expect(asked('diff-index')).toBe(1)
    alone('M\tREADME.md', top, `sites/harbor/${FILE}`)
  })

  it('two worktrees on the same commit: the other\'s memo is not this one\'s', () => {
    remembered()
    const linked = path.join(tempDir('lead-wt-'), 'site')
    git(root, ['worktree', 'add', '-q', '-b', 'side', linked, 'HEAD'], env)
    fs.appendFileSync(path.join(linked, 'README.md'), 'linked\n')
    git(linked, ['add', 'README.md'], env)
    setName(linked)
    expect(asked('diff-index')).toBe(1)
    alone('M\tREADME.md', linked)
    shim.clear()
    fs.appendFileSync(path.join(root, 'README.md'), 'main\n')
    git(root, ['add', 'README.md'], env)
    setName()
    expect(asked('diff-index')).toBe(1)
    alone('M\tREADME.md')
  })

  it('lead new after a memo, a file staged meanwhile: alone', () => {
    remembered()
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n')
    git(root, ['add', 'README.md'], env)
    lead(['new', 'partner', '--id', 'bay-two', '--set', 'name=Bay Two', '--set', 'type=other'])
    alone('M\tREADME.md', root, 'partners/bay-two.yaml')
    shim.clear()
    git(root, ['restore', '--staged', 'README.md'], env)
    lead(['new', 'partner', '--id', 'bay-three', '--set', 'name=Bay Three', '--set', 'type=other'])
    alone('', root, 'partners/bay-three.yaml')
  })
})

describe('hooks and races with a memo', () => {

  it('staged between the memo\'s answer and the commit: taken back, alone, left staged', () => {
    remembered()
    setName(undefined, gitAroundCommit(shim, 'before', 'echo meanwhile >> README.md && git add README.md'))
    expect(asked('diff-index')).toBe(0)
    alone('M\tREADME.md')
  })

  it('staged just after the commit, before the memo is written: not remembered, the next write asks', () => {
    remembered()
    setName(undefined, gitAroundCommit(shim, 'after', 'echo meanwhile >> README.md && git add README.md'))
    alone('M\tREADME.md')
    shim.clear()
    setName()
    expect(asked('diff-index')).toBe(1)
    alone('M\tREADME.md')
  })

  it('unstaged-then-restaged around diff-index (index before holds the staged file, diff-index saw none): not remembered, the next write asks git', () => {
    // A README staged before lead reads the index; unstaged while diff-index runs; staged again after the commit.
    fs.appendFileSync(path.join(root, 'README.md'), 'more\n')
    git(root, ['add', 'README.md'], env)
    const dir = tempDir('lead-tri-')
    const real = path.join(shim.env.PATH!.split(path.delimiter)[0]!, 'git')
    fs.writeFileSync(path.join(dir, 'git'), `#!/bin/sh
case " $* " in
  *" diff-index "*) '${real}' restore --staged README.md; exec '${real}' "$@" ;;
  *" commit "*) '${real}' "$@"; rc=$?; '${real}' add README.md; exit $rc ;;
esac
exec '${real}' "$@"\n`, {mode: 0o755})
    const e = {...shim.env, PATH: `${dir}${path.delimiter}${shim.env.PATH}`}
    setName(undefined, e)
    alone('M\tREADME.md')
    shim.clear()
    setName()
    alone('M\tREADME.md')
    // git's diff-index judged another index than the one lead walked before (README unstaged while it
    // looked): nothing was remembered from it (before: the memo was written for an index with README
    // staged, and the next write's commit from the index took README in under lead's message, its
    // hooks seeing it, before diff-tree had it taken back).
    // git listed README as staged, so this commit was never made from the index (no hook saw README in it).
    expect(asked('diff-index')).toBe(1)
    expect(shim.calls().some((l) => l.includes('commit') && l.includes('--include'))).toBe(false)
  })

  it('a post-commit hook that stages a file: never remembered, it stays staged and out of every commit', () => {
    hook('post-commit', 'echo "# hook" >> README.md && git add README.md')
    setName()
    alone('M\tREADME.md')
    shim.clear()
    setName()
    expect(asked('diff-index')).toBe(1)
    expect(changedIn()).toEqual([FILE])
  })

  it('a pre-commit hook that stages a file once the memo is there: taken back, alone, left staged', () => {
    remembered()
    hook('pre-commit', '[ -f .git/once ] && exit 0; touch .git/once; echo "# hook" >> README.md && git add README.md')
    setName()
    expect(asked('diff-index')).toBe(0)
    alone('M\tREADME.md')
  })

  it('a post-commit hook that resets the index to HEAD~1\'s tree: not remembered', () => {
    remembered()
    hook('post-commit', '[ -f .git/once ] && exit 0; touch .git/once; git read-tree HEAD~1')
    setName()
    refusedOrAlone()
  })
})
