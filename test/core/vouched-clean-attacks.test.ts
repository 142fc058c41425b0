/**
 * Second reader's attacks on the write path's "clean as git saw it" shortcut (git/vouched-clean.ts,
 * commit ea0fc3c): the `git status` lead took when it started answers the write's check of git's
 * state when HEAD, the index's entries and each file's bytes are as it saw them. Each case: a real
 * repository, the early status taken (prefetchGitStatus, as bin/run.js does), the repository
 * changed behind lead's back, then the write. The old check (a `git status` under the lock) is the
 * reference: what it refused must still be refused, what it let through must still go through.
 *
 * Those that were faults of ea0fc3c (a mode change committed), or older ones it brought to light
 * (an edit hidden by assume-unchanged, HEAD a symbolic ref to a tag), are mended: each says so.
 */
import {spawn, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {cleanAsGitSaw} from '../../src/core/git/vouched-clean.js'
import {SiteRepo} from '../../src/core/git/site-repo.js'
import {findGitDir} from '../../src/core/git-dir.js'
import {cacheVersion} from '../../src/core/records/cache-files.js'
import {gitFileState, prefetchAnswered, prefetchGitStatus, type GitFileState} from '../../src/core/records/git-file-state.js'
import {workTreeIndex} from '../../src/core/records/git-index-view.js'
import {acquireSiteLock} from '../../src/core/records/site-lock.js'
import {readSite} from '../../src/core/site.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {BIN, cleanupTemp, exampleSite, git, siteInSubfolder, tempDir, testEnv, useGitEnv} from '../support/cli.js'
import {refused} from '../support/lead-error.js'

afterAll(cleanupTemp)

const env = testEnv()
useGitEnv(env)

const FILE = 'partners/harbor-pd.yaml'
const OTHER = 'partners/harbor-county-sheriff.yaml'
const NEW = 'partners/not-yet.yaml'
const MESSAGE = 'partner: set harbor-pd (lead)'

let root: string
function settle(dir: string): string {
  git(dir, ['status', '--porcelain'], env)
  return dir
}
function settledSite(): string {
  return settle(exampleSite(env))
}

beforeEach(() => {
  root = settledSite()
})

const abs = (file: string, at = root) => path.join(at, file)
const read = (file: string, at = root) => fs.readFileSync(abs(file, at), 'utf8')
const append = (file: string, text = '# more\n', at = root) => fs.appendFileSync(abs(file, at), text)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const lastSubject = (at = root) => git(at, ['log', '-1', '--format=%s'], env).trim()
const porcelain = (at = root) => git(at, ['status', '--porcelain=v1', '--untracked-files=all'], env)

/** lead's early status taken now (as bin/run.js starts it), and git's answer in. */
async function earlyStatus(at = root): Promise<void> {
  prefetchGitStatus(at)
  await prefetchAnswered(at)
}

/**
 * lead's own `set`-like write of one file, in-process: the record as lead read it when it loaded
 * (now, before the test changes anything), its text with a line added.
 */
function leadWill(file = FILE, at = root, options: {commit?: boolean} = {}): () => Promise<unknown> {
  const exists = fs.existsSync(abs(file, at))
  const text = exists ? read(file, at) : ''
  const change = !exists ? {kind: 'partner' as const, id: 'not-yet', file, text: 'id: not-yet\nname: Not Yet\ntype: law_enforcement\n', base: null} : {kind: 'partner' as const, id: path.basename(file, '.yaml'), file, text: `${text}# lead's change\n`, base: text}
  return () => writeRecords(readSite(at), [change], {message: MESSAGE, commit: options.commit})
}
const leadWrites = (file = FILE, at = root) => leadWill(file, at)()

/** What the write path's check says with the shortcut off (LEAD_GIT_STATE=off: git asked under the lock, the check before ea0fc3c). */
async function withoutShortcut<T>(run: () => Promise<T>): Promise<T> {
  process.env.LEAD_GIT_STATE = 'off'
  try {
    return await run()
  } finally {
    delete process.env.LEAD_GIT_STATE
  }
}
const outcomeOf = (p: Promise<unknown>) => p.then(
  () => 'committed',
  (e) => (e?.code ? String(e.code) : `${e?.constructor?.name}: ${e?.message}`),
)

/** What came of a write: its outcome, HEAD's subject and the file's mode and blob in HEAD. */
interface Outcome {
  outcome: string
  subject: string
  tree: string
}

/**
 * One attack run twice on fresh copies of the site: with the shortcut (the early status taken,
 * then `change`, then lead's write) and without it (the same, git asked under the lock). `file`:
 * what lead writes; `setup`: the site's state before the early status.
 */
async function differential(change: (at: string) => void, options: {file?: string; setup?: (at: string) => void} = {}): Promise<{shortcut: Outcome; git: Outcome}> {
  const once = async (): Promise<Outcome> => {
    root = settledSite()
    options.setup?.(root)
    settle(root)
    const write = leadWill(options.file ?? FILE)
    await earlyStatus()
    change(root)
    const outcome = await outcomeOf(write())
    return {outcome, subject: lastSubject(), tree: git(root, ['ls-tree', 'HEAD', '--', options.file ?? FILE], env).trim()}
  }
  const shortcut = await once()
  const byGit = await withoutShortcut(once)
  return {shortcut, git: byGit}
}

/** The check of the shortcut alone, against a status taken before. */
/** With the repository set up by `setup` and nothing changed behind lead's back, the shortcut's outcome is git's. */
async function sameOutcomeAfter(setup: (at: string) => void): Promise<Outcome> {
  const {shortcut, git: byGit} = await differential(() => undefined, {setup})
  expect(shortcut).toEqual(byGit)
  return byGit
}

/**
 * FILE's times made to differ from its index entry's. Whether git looks at a file through its
 * attributes (a filter, end-of-line conversion) depends on its stat: one written in the second the
 * index was is racily clean and hashed again, a second later the same file is clean by its stat,
 * so two runs compared would each meet either by the clock. With its stat changed git hashes it in
 * both, as after any touch.
 */
function statDiffers(at: string): void {
  const past = new Date(Date.now() - 3_600_000)
  fs.utimesSync(abs(FILE, at), past, past)
}

function commitAttributes(at: string, text: string): void {
  fs.writeFileSync(path.join(at, '.gitattributes'), text)
  git(at, ['add', '.gitattributes'], env)
  git(at, ['commit', '-qm', 'attrs'], env)
}

function vouches(seen: GitFileState, files: string[], at = root): boolean {
  const gitDir = findGitDir(at)!.gitDir
  return cleanAsGitSaw(seen, at, gitDir, workTreeIndex(gitDir, cacheVersion())!, files)
}

/** `lead …` run without waiting, so that the test can hold lead's lock while it starts. */
function leadLater(args: string[], at = root): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '-C', at], {env, cwd: at, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (b) => (stdout += b))
    child.stderr.on('data', (b) => (stderr += b))
    child.on('close', (code) => resolve({code: code ?? -1, stdout, stderr}))
  })
}

/** The CLI started while lead's lock is held (so its early status is taken first), `meanwhile` done, then the lock released. */
async function cliWithChangeMeanwhile(args: string[], meanwhile: () => void, at = root) {
  const lock = await acquireSiteLock(at)
  const lockFile = path.join(at, '.lead', 'lock')
  const unread = fs.statSync(lockFile).atimeMs
  const run = leadLater(args, at)
  // bin/run.js starts git status, oclif loads (~1 s here), then the command waits for the lock: it
  // reads the lock's owner, which moves the file's access time. At most 2.5 s, as before (a file
  // system that keeps no access times).
  for (const until = Date.now() + 2500; Date.now() < until && fs.statSync(lockFile).atimeMs === unread; ) await sleep(20)
  meanwhile()
  lock.release()
  return run
}

describe('unstaged changes git sees but bytes do not show', () => {
  it('a mode change (chmod +x) made after the early status is refused as git\'s own check refuses it (UNCOMMITTED_CHANGES; was committed under lead\'s message)', async () => {
    const {shortcut, git: byGit} = await differential((at) => fs.chmodSync(abs(FILE, at), 0o755))
    expect(byGit.outcome).toBe('UNCOMMITTED_CHANGES')
    expect(shortcut).toEqual(byGit)
  })

  it('the same through the CLI: `lead set` waiting for the lock while the user runs chmod +x is refused (it committed the mode change)', async () => {
    const r = await cliWithChangeMeanwhile(['set', 'partner', 'harbor-pd', 'name=Harbor PD', '--json'], () => fs.chmodSync(abs(FILE), 0o755))
    const mode = git(root, ['ls-tree', 'HEAD', FILE], env).split(' ')[0]
    expect({code: r.code, mode, error: r.code === 0 ? undefined : JSON.parse(r.stdout).error.code}).toEqual({code: 3, mode: '100644', error: 'UNCOMMITTED_CHANGES'})
  })

  it('an executable record (100755 committed) made plain after the early status: refused (its mode change was committed under lead\'s message)', async () => {
    const {shortcut, git: byGit} = await differential((at) => fs.chmodSync(abs(FILE, at), 0o644), {
      setup: (at) => {
        git(at, ['update-index', '--chmod=+x', FILE], env)
        fs.chmodSync(abs(FILE, at), 0o755)
        git(at, ['commit', '-qm', 'exec'], env)
      },
    })
    expect(byGit.outcome).toBe('UNCOMMITTED_CHANGES')
    expect(shortcut).toEqual(byGit)
  })

  const hasScript = spawnSync('sh', ['-c', 'command -v script'], {encoding: 'utf8'}).status === 0
  it.runIf(hasScript)('`lead edit` (a terminal, through script(1)): a chmod +x made while the editor is open is refused (it was committed under "partner: edit harbor-pd")', () => {
    // The editor: the user (another terminal) makes the record executable meanwhile, then saves an edit.
    const editor = path.join(tempDir(), 'ed.sh')
    fs.writeFileSync(editor, `#!/bin/sh\nchmod +x '${abs(FILE)}'\nsed -i 's/^name: .*/name: Harbor PD edited/' "$1"\n`, {mode: 0o755})
    const r = spawnSync('script', ['-qec', `'${process.execPath}' '${BIN}' edit partner harbor-pd -C '${root}'`, '/dev/null'], {env: {...env, EDITOR: editor, CI: '', LEAD_NO_PROMPT: ''}, encoding: 'utf8', timeout: 60_000})
    const raw = git(root, ['log', '-1', '--format=%s', '--raw'], env)
    expect({out: r.stdout.includes('UNCOMMITTED_CHANGES'), modeCommitted: /100644 100755/.test(raw)}, r.stdout).toEqual({out: true, modeCommitted: false})
  })

  it('with core.fileMode=false a mode change is none of git\'s business: written and committed either way, mode as before', async () => {
    const {shortcut, git: byGit} = await differential((at) => fs.chmodSync(abs(FILE, at), 0o755), {setup: (at) => git(at, ['config', 'core.fileMode', 'false'], env)})
    expect(byGit.outcome).toBe('committed')
    expect(byGit.tree).toMatch(/^100644 /)
    expect(shortcut).toEqual(byGit)
  })
})

describe('staged, edited and created behind lead\'s back (refused as before)', () => {
  const cases: Array<[string, (at: string) => void, string]> = [
    ['edited', (at) => append(FILE, '# mine\n', at), FILE],
    ['edited and staged', (at) => (append(FILE, '# mine\n', at), git(at, ['add', FILE], env)), FILE],
    ['staged from an older commit, working tree as HEAD (git reset HEAD~1 -- file)', (at) => git(at, ['reset', '-q', 'HEAD~1', '--', FILE], env), FILE],
    ['git apply --cached of an edit (index only)', (at) => {
      const before = read(FILE, at)
      append(FILE, '# staged only\n', at)
      const patch = git(at, ['diff', '--', FILE], env)
      fs.writeFileSync(abs(FILE, at), before)
      spawnSync('git', ['apply', '--cached', '-'], {cwd: at, env, input: patch})
    }, FILE],
    ['staged edit, then the working tree put back (index holds the work)', (at) => {
      const before = read(FILE, at)
      append(FILE, '# staged only\n', at)
      git(at, ['add', FILE], env)
      fs.writeFileSync(abs(FILE, at), before)
    }, FILE],
    ['HEAD moved back by update-ref (index ahead of it)', (at) => git(at, ['update-ref', 'refs/heads/main', 'HEAD~1'], env), FILE],
    ['git reset --soft HEAD~1', (at) => git(at, ['reset', '-q', '--soft', 'HEAD~1'], env), FILE],
    ['intent-to-add of the new path', (at) => (fs.writeFileSync(abs(NEW, at), 'id: not-yet\n'), git(at, ['add', '-N', NEW], env)), NEW],
    ['the new path created, untracked', (at) => fs.writeFileSync(abs(NEW, at), 'id: not-yet\n'), NEW],
    ['the new path staged, then removed from disk', (at) => (fs.writeFileSync(abs(NEW, at), 'id: x\n'), git(at, ['add', NEW], env), fs.rmSync(abs(NEW, at))), NEW],
    ['skip-worktree set on the file', (at) => (append(FILE, '# hidden\n', at), git(at, ['update-index', '--skip-worktree', FILE], env)), FILE],
  ]
  for (const [name, change, file] of cases) {
    it(`${name}: refused as git's own check refuses it`, async () => {
      // A second commit, for HEAD~1.
      const setup = (at: string) => (append(FILE, '# second\n', at), git(at, ['commit', '-qam', 'second'], env))
      const {shortcut, git: byGit} = await differential(change, {file, setup})
      expect(byGit.outcome).not.toBe('committed')
      expect(shortcut).toEqual(byGit)
    })
  }
})

describe('pre-existing (the same with and without the shortcut; not ea0fc3c\'s)', () => {
  it('assume-unchanged set on an edited file after the status: the shortcut steps aside (flagged), lead does what git\'s check lets it', async () => {
    const {shortcut, git: byGit} = await differential((at) => (append(FILE, '# hidden\n', at), git(at, ['update-index', '--assume-unchanged', FILE], env)))
    expect(shortcut).toEqual(byGit)
  })

  it('an edit hidden by assume-unchanged is refused (before: committed under lead\'s message, git\'s status not listing it)', async () => {
    append(FILE, '# the user\'s unsaved work\n')
    git(root, ['update-index', '--assume-unchanged', FILE], env)
    settle(root)
    const outcome = await outcomeOf(leadWrites())
    const committed = git(root, ['show', `HEAD:${FILE}`], env)
    expect({outcome, taken: committed.includes('unsaved work') && lastSubject() === MESSAGE}).toEqual({outcome: 'UNCOMMITTED_CHANGES', taken: false})
  })

  it('a symbolic HEAD to a tag, set before or after the status: the shortcut steps aside (headBranch is not git\'s "(null)")', async () => {
    for (const when of ['before', 'after'] as const) {
      const point = (at: string) => fs.writeFileSync(path.join(at, '.git', 'HEAD'), 'ref: refs/tags/t1\n')
      const {shortcut, git: byGit} = await differential((at) => when === 'after' && point(at), {setup: (at) => (git(at, ['tag', 't1'], env), when === 'before' && point(at))})
      expect(shortcut, when).toEqual(byGit)
    }
  })

  it('HEAD a symbolic ref to a tag: git status says `# branch.head (null)`, which is no branch: DETACHED_HEAD (before: read as a branch named "(null)", the tag moved)', async () => {
    git(root, ['tag', 't1'], env)
    fs.writeFileSync(path.join(root, '.git', 'HEAD'), 'ref: refs/tags/t1\n')
    const outcome = await outcomeOf(withoutShortcut(() => leadWrites()))
    expect({outcome, main: git(root, ['log', '-1', '--format=%s', 'main'], env).trim() === MESSAGE || git(root, ['log', '-1', '--format=%s', 't1'], env).trim() === MESSAGE}).toEqual({outcome: 'DETACHED_HEAD', main: false})
  })
})

describe('HEAD and refs', () => {
  it('a clean write after `git commit --amend` (HEAD moved, nothing changed): committed, git asked', async () => {
    await earlyStatus()
    git(root, ['commit', '-q', '--amend', '-m', 'amended'], env)
    await leadWrites()
    expect(lastSubject()).toBe(MESSAGE)
  })

  it('HEAD to a branch that is itself a symbolic ref to another branch: the write goes to the real branch', async () => {
    git(root, ['symbolic-ref', 'refs/heads/alias', 'refs/heads/main'], env)
    git(root, ['symbolic-ref', 'HEAD', 'refs/heads/alias'], env)
    settle(root)
    await earlyStatus()
    await leadWrites()
    expect(git(root, ['log', '-1', '--format=%s', 'main'], env).trim()).toBe(MESSAGE)
  })

  it('detached after the status (git switch --detach): refused DETACHED_HEAD', async () => {
    await earlyStatus()
    git(root, ['switch', '-q', '--detach'], env)
    expect((await refused(leadWrites())).code).toBe('DETACHED_HEAD')
  })

  it('packed refs only (pack-refs --all, before and after the status): vouched and committed', async () => {
    git(root, ['pack-refs', '--all'], env)
    expect(fs.existsSync(path.join(root, '.git', 'refs', 'heads', 'main'))).toBe(false)
    settle(root)
    const seen = await gitFileState(root)
    expect(vouches(seen!, [FILE])).toBe(true)
    await earlyStatus()
    git(root, ['pack-refs', '--all'], env)
    await leadWrites()
    expect(lastSubject()).toBe(MESSAGE)
  })

  it('a stale loose ref and a packed one: the loose one is HEAD (as git reads it)', async () => {
    const first = git(root, ['rev-parse', 'HEAD'], env).trim()
    git(root, ['pack-refs', '--all'], env)
    append(FILE, '# second\n')
    git(root, ['commit', '-qam', 'second'], env) // loose main now, packed main still the first commit
    settle(root)
    const packed = fs.readFileSync(path.join(root, '.git', 'packed-refs'), 'utf8')
    expect(packed).toContain(first)
    const seen = await gitFileState(root)
    expect(seen!.head?.commit).toBe(git(root, ['rev-parse', 'HEAD'], env).trim())
    expect(vouches(seen!, [FILE])).toBe(true)
    // The loose ref removed: HEAD is the packed (older) commit now, the index ahead of it.
    fs.rmSync(path.join(root, '.git', 'refs', 'heads', 'main'))
    expect(vouches(seen!, [FILE])).toBe(false)
  })

  it('a branch switch and back (ABA: same branch, commit and entries) is the same state: vouched', async () => {
    append(FILE, '# second\n')
    git(root, ['commit', '-qam', 'second'], env)
    git(root, ['branch', 'older', 'HEAD~1'], env)
    settle(root)
    const seen = await gitFileState(root)
    git(root, ['switch', '-q', 'older'], env)
    expect(vouches(seen!, [FILE])).toBe(false)
    git(root, ['switch', '-q', 'main'], env)
    expect(vouches(seen!, [FILE])).toBe(true)
  })
})

describe('where the site is', () => {
  it('a linked worktree: vouched when clean, staged edit after the status refused', async () => {
    const wt = path.join(tempDir(), 'wt')
    git(root, ['worktree', 'add', '-q', '-b', 'wt', wt], env)
    settle(wt)
    const seen = await gitFileState(wt)
    expect(seen!.head).toEqual({branch: 'wt', commit: git(wt, ['rev-parse', 'HEAD'], env).trim()})
    expect(vouches(seen!, [FILE], wt)).toBe(true)
    // The main worktree commits on its own branch: the linked one's HEAD does not move.
    append(OTHER)
    git(root, ['commit', '-qam', 'main moves'], env)
    expect(vouches(seen!, [FILE], wt)).toBe(true)
    await earlyStatus(wt)
    append(FILE, '# mine\n', wt)
    git(wt, ['add', FILE], env)
    expect((await refused(leadWrites(FILE, wt))).code).toBe('UNCOMMITTED_CHANGES')
    // And the linked worktree's own branch moved by the main one (branch -f from there): not vouched.
    git(wt, ['reset', '-q', '--hard'], env)
    const again = await gitFileState(wt)
    expect(vouches(again!, [FILE], wt)).toBe(true)
    git(root, ['update-ref', 'refs/heads/wt', 'main'], env)
    expect(vouches(again!, [FILE], wt)).toBe(false)
  })

  it('a site in a subfolder of a bigger repository: a staged file there refused; one outside the site stays out of lead\'s commit', async () => {
    const {top, site} = siteInSubfolder(root, 'sites/harbor', env)
    settle(top)
    await earlyStatus(site)
    append(FILE, '# mine\n', site)
    git(site, ['add', FILE], env)
    expect((await refused(leadWrites(FILE, site))).code).toBe('UNCOMMITTED_CHANGES')
    git(site, ['reset', '-q', '--hard'], env)
    settle(top)
    await earlyStatus(site)
    fs.appendFileSync(path.join(top, 'README.md'), 'staged by hand\n')
    git(top, ['add', 'README.md'], env)
    await leadWrites(FILE, site)
    expect(git(top, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe(`sites/harbor/${FILE}`)
    expect(git(top, ['diff', '--cached', '--name-only'], env).trim()).toBe('README.md')
  })

  it('a site whose path from the top holds a space and unicode: vouched, and a staged edit refused', async () => {
    const {top, site} = siteInSubfolder(root, 'sites/hárbor site', env)
    settle(top)
    const seen = await gitFileState(site)
    expect(vouches(seen!, [FILE], site)).toBe(true)
    await earlyStatus(site)
    append(FILE, '# mine\n', site)
    git(site, ['add', FILE], env)
    expect((await refused(leadWrites(FILE, site))).code).toBe('UNCOMMITTED_CHANGES')
  })

  it('a repository with a separate git directory (.git is a file): vouched; staging refused', async () => {
    const sep = path.join(tempDir(), 'gitdir')
    fs.renameSync(path.join(root, '.git'), sep)
    fs.writeFileSync(path.join(root, '.git'), `gitdir: ${sep}\n`)
    git(root, ['config', 'core.worktree', root], env)
    settle(root)
    const seen = await gitFileState(root)
    expect(vouches(seen!, [FILE])).toBe(true)
    await earlyStatus()
    append(FILE, '# mine\n')
    git(root, ['add', FILE], env)
    expect((await refused(leadWrites())).code).toBe('UNCOMMITTED_CHANGES')
  })
})

describe('content conversions and index formats', () => {
  it('core.autocrlf=true, CRLF in the working tree, LF blobs: not vouched (bytes differ), git says clean, committed', async () => {
    git(root, ['config', 'core.autocrlf', 'true'], env)
    fs.rmSync(path.join(root, 'partners'), {recursive: true})
    git(root, ['checkout', '--', 'partners'], env)
    expect(read(FILE)).toContain('\r\n')
    settle(root)
    const seen = await gitFileState(root)
    expect(vouches(seen!, [FILE])).toBe(false)
    await earlyStatus()
    await leadWrites()
    expect(lastSubject()).toBe(MESSAGE)
    expect(git(root, ['show', `HEAD:${FILE}`], env)).not.toContain('\r')
  })

  it('a blob committed with CRLF, then `*.yaml text` in .gitattributes (git calls the file modified): the same outcome as git\'s check', async () => {
    const byGit = await sameOutcomeAfter((at) => {
      fs.writeFileSync(abs(FILE, at), read(FILE, at).replace(/\n/g, '\r\n'))
      git(at, ['commit', '-qam', 'crlf'], env)
      commitAttributes(at, '*.yaml text\n')
      statDiffers(at)
    })
    expect(byGit.outcome).toBe('UNCOMMITTED_CHANGES')
  })

  it('a clean filter that would change the bytes (filter.up.clean), attribute added after the file was committed: the same outcome as git\'s check', async () => {
    const byGit = await sameOutcomeAfter((at) => {
      git(at, ['config', 'filter.up.clean', 'tr a-z A-Z'], env)
      git(at, ['config', 'filter.up.smudge', 'cat'], env)
      commitAttributes(at, 'partners/*.yaml filter=up\n')
      statDiffers(at)
    })
    expect(byGit.outcome).toBe('UNCOMMITTED_CHANGES')
  })

  it('index version 4 (feature.manyFiles): vouched when clean; staging after the status refused', async () => {
    git(root, ['config', 'feature.manyFiles', 'true'], env)
    git(root, ['update-index', '--index-version', '4'], env)
    settle(root)
    expect(fs.readFileSync(path.join(root, '.git', 'index')).readUInt32BE(4)).toBe(4)
    const seen = await gitFileState(root)
    expect(vouches(seen!, [FILE, NEW])).toBe(true)
    await earlyStatus()
    append(FILE, '# mine\n')
    git(root, ['add', FILE], env)
    fs.writeFileSync(abs(FILE), `${read(FILE).replace('# mine\n', '')}`)
    expect((await refused(leadWrites())).code).toBe('UNCOMMITTED_CHANGES')
  })

  it('an index written without its checksum (a zeroed trailer, as index.skipHash writes): git is asked', async () => {
    const file = path.join(root, '.git', 'index')
    const buf = fs.readFileSync(file)
    buf.fill(0, buf.length - 20)
    fs.writeFileSync(file, buf)
    const seen = await gitFileState(root)
    expect(seen?.head).toBeUndefined()
    await earlyStatus()
    append(FILE, '# mine\n')
    expect((await refused(leadWrites())).code).toBe('UNCOMMITTED_CHANGES')
  })
})

describe('files replaced, nested repositories', () => {
  it('the file replaced by a folder after the status: refused as git\'s check refuses it, no stack trace', async () => {
    const {shortcut, git: byGit} = await differential((at) => {
      fs.rmSync(abs(FILE, at))
      fs.mkdirSync(abs(FILE, at))
      fs.writeFileSync(path.join(abs(FILE, at), 'inside.yaml'), 'x: 1\n')
    })
    expect(byGit.outcome).toMatch(/^[A-Z_]+$/)
    expect(shortcut).toEqual(byGit)
  })

  it('the file replaced by a symbolic link to a copy of its bytes after the status: as git\'s check', async () => {
    const {shortcut, git: byGit} = await differential((at) => {
      const copy = path.join(tempDir(), 'copy.yaml')
      fs.copyFileSync(abs(FILE, at), copy)
      fs.rmSync(abs(FILE, at))
      fs.symlinkSync(copy, abs(FILE, at))
    })
    expect(byGit.outcome).not.toBe('committed')
    expect(shortcut).toEqual(byGit)
  })

  it('the file deleted after the status: as git\'s check', async () => {
    const {shortcut, git: byGit} = await differential((at) => fs.rmSync(abs(FILE, at)))
    expect(shortcut).toEqual(byGit)
  })

  it('a new record inside a submodule (partners/ a gitlink): the shortcut answers as git\'s check does; lead then fails the same way either way (written, not committed: pre-existing)', async () => {
    const submodule = (at: string) => {
      const sub = path.join(tempDir(), 'partners-repo')
      fs.cpSync(path.join(at, 'partners'), sub, {recursive: true})
      git(sub, ['init', '-q', '-b', 'main'], env)
      git(sub, ['add', '.'], env)
      git(sub, ['commit', '-qm', 'partners'], env)
      git(at, ['rm', '-rq', 'partners'], env)
      fs.rmSync(path.join(at, 'partners'), {recursive: true, force: true})
      git(at, ['-c', 'protocol.file.allow=always', 'submodule', '--quiet', 'add', sub, 'partners'], env)
      git(at, ['commit', '-qm', 'partners as a submodule'], env)
    }
    const {shortcut, git: byGit} = await differential(() => undefined, {file: NEW, setup: submodule})
    expect(byGit.outcome).toBe('GIT_FAILED')
    expect(shortcut).toEqual(byGit)
  })
})

describe('concurrency and hooks', () => {
  it('two `lead set`s at once on two files: each commits its own file only', async () => {
    const [a, b] = await Promise.all([leadLater(['set', 'partner', 'harbor-pd', 'name=Harbor PD A', '--json']), leadLater(['set', 'partner', 'harbor-county-sheriff', 'name=Harbor Sheriff B', '--json'])])
    expect([a.code, b.code], `${a.stdout}${a.stderr}${b.stdout}${b.stderr}`).toEqual([0, 0])
    const shown = git(root, ['log', '-2', '--name-only', '--format=%s'], env).trim().split('\n').filter(Boolean)
    expect(shown.filter((l) => l.startsWith('partners/')).sort()).toEqual([OTHER, FILE].sort())
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim().split('\n')).toHaveLength(1)
    expect(porcelain()).toBe('')
  })

  it('the CLI, lock held by another writer that commits the same file meanwhile: refused or written on top, never the other\'s work under this message', async () => {
    const r = await cliWithChangeMeanwhile(['set', 'partner', 'harbor-pd', 'name=Harbor PD Late', '--json'], () => {
      append(FILE, '# committed by someone else\n')
      git(root, ['commit', '-qam', 'someone else'], env)
    })
    // lead read the record before it took the lock: it sees the file moved under it (RECORD_CHANGED), or writes on top.
    if (r.code !== 0) expect(JSON.parse(r.stdout).error.code).toBe('RECORD_CHANGED')
    else expect(git(root, ['show', '--format=', 'HEAD', '--', FILE], env)).not.toContain('+# committed by someone else')
    expect(read(FILE)).toContain('# committed by someone else')
  })

  it('the CLI, lock held while the user stages an edit of the file: refused', async () => {
    const r = await cliWithChangeMeanwhile(['set', 'partner', 'harbor-pd', 'name=Harbor PD Late', '--json'], () => {
      append(FILE, '# mine\n')
      git(root, ['add', FILE], env)
    })
    expect(['UNCOMMITTED_CHANGES', 'RECORD_CHANGED']).toContain(JSON.parse(r.stdout).error.code)
    expect(lastSubject()).not.toMatch(/harbor-pd/)
  })

  it('the CLI, lock held while the user stages an older version of the file without touching it (git restore --staged --source): refused', async () => {
    append(FILE, '# second\n')
    git(root, ['commit', '-qam', 'second'], env)
    settle(root)
    const r = await cliWithChangeMeanwhile(['set', 'partner', 'harbor-pd', 'name=Harbor PD Late', '--json'], () => {
      git(root, ['restore', '--staged', '--source=HEAD~1', '--', FILE], env)
    })
    expect(JSON.parse(r.stdout).error.code).toBe('UNCOMMITTED_CHANGES')
  })

  it('a pre-commit hook that stages a file of its own: lead reports it, and the user\'s staged work is not taken', async () => {
    const hook = path.join(root, '.git', 'hooks', 'pre-commit')
    fs.mkdirSync(path.dirname(hook), {recursive: true})
    fs.writeFileSync(hook, `#!/bin/sh\necho hooked >> '${abs('hook.txt')}'\ngit add hook.txt\n`, {mode: 0o755})
    await earlyStatus()
    const result = (await leadWrites()) as {changedByHook?: {others: string[]}}
    expect(lastSubject()).toBe(MESSAGE)
    expect(result.changedByHook?.others).toContain('hook.txt')
  })
})

describe('the early status\'s own window', () => {
  it('an edit staged while the early status runs (index rewritten under git): not vouched', async () => {
    const at = findGitDir(root)!.gitDir
    // The edit lands between lead's index stamp and git's answer: simulated by staging right after the prefetch starts.
    prefetchGitStatus(root)
    append(FILE, '# mine\n')
    // git status may hold index.lock while it refreshes: the user's `git add` tried again.
    for (let tries = 0; ; tries++) {
      const r = spawnSync('git', ['add', FILE], {cwd: root, env, encoding: 'utf8'})
      if (r.status === 0) break
      if (tries > 50) throw new Error(r.stderr)
      await sleep(5)
    }
    const seen = await gitFileState(root)
    expect(seen).toBeDefined()
    expect(cleanAsGitSaw(seen!, root, at, workTreeIndex(at, cacheVersion())!, [FILE])).toBe(false)
  })

  it('a change staged to the index only while the early status is still running when the check starts: not vouched (the index is read once the answer is in)', async () => {
    append(FILE, '# second\n')
    git(root, ['commit', '-qam', 'second'], env)
    settle(root)
    const repo = new SiteRepo(root)
    // The early status still running when the check starts (a big site, one core): its promise resolves later.
    const seen = (async () => {
      const s = await gitFileState(root)
      git(root, ['restore', '--staged', '--source=HEAD~1', '--', FILE], env)
      return s
    })()
    const state = await repo.writeState([FILE], {commit: true, seen})
    // git itself: FILE is staged (index differs from HEAD).
    expect(porcelain()).toContain(`MM ${FILE}`)
    expect(state?.dirty).toEqual([FILE])
  })
})
