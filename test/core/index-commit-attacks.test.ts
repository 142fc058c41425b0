/**
 * Second reading of a write's commit told from git's index and the loose commit (git/index-commit.ts):
 * cases where "nothing staged" or "the commit holds lead's files alone" could be said in-process
 * while git would say otherwise. Each asserts the safe outcome (the commit holds lead's file alone,
 * the user's staged work stays staged, lead fails cleanly) and, where the in-process answer must not
 * be taken, that git was asked. Faults found: replace refs (git reads another HEAD tree than the
 * loose commit's), and a cache-tree left stale by a tool that rewrote entries (gitoxide, jj,
 * GitPython), which git's commit reuses as it is.
 */
import {execFileSync} from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {changedEntries} from '../../src/core/records/git-index-tree.js'
import {GitIndex} from '../../src/core/records/git-index.js'
import {cleanupTemp, exampleSite, git, runLead, siteInSubfolder, tempDir, testEnv, writeSiteFile} from '../support/cli.js'
import {gitAroundCommit, gitShim, siteWithReadme, type GitShim} from '../support/git-shim.js'

afterAll(cleanupTemp)

const env = testEnv()
const FILE = 'partners/harbor-pd.yaml'
let root: string
let shim: GitShim

beforeEach(() => {
  root = siteWithReadme(env)
  shim = gitShim(env)
})

const asked = (command: string) => shim.asked(command)
const changedIn = (rev = 'HEAD', at = root) => git(at, ['show', '--name-only', '--format=', rev], env).trim().split('\n').filter(Boolean)
const status = (at = root) => git(at, ['status', '--porcelain'], env).trimEnd()
const hook = (name: string, body: string, at = root) => fs.writeFileSync(path.join(at, '.git', 'hooks', name), `#!/bin/sh\n${body}\n`, {mode: 0o755})
const blob = (text: string, at = root) => execFileSync('git', ['hash-object', '-w', '--stdin'], {cwd: at, input: text, env, encoding: 'utf8'}).trim()
const noTrace = (stderr: string) => expect(stderr).not.toMatch(/^\s+at /m)

function lead(args: string[], options: {at?: string; env?: NodeJS.ProcessEnv} = {}) {
  const r = runLead([...args, '--json', '-C', options.at ?? root], {env: options.env ?? shim.env})
  noTrace(r.stderr)
  expect(r.code, r.stderr).toBe(0)
  return r
}
const setName = (name: string, at?: string) => lead(['set', 'partner', 'harbor-pd', `name=${name}`], {at})

/** The index rewritten as a tool that does not keep git's cache-tree does (gitoxide, jj, GitPython): `edit` on its bytes, the checksum made good again. */
function editIndex(at: string, edit: (buf: Buffer) => void): void {
  const file = path.join(at, '.git', 'index')
  const buf = fs.readFileSync(file)
  edit(buf)
  crypto.createHash('sha1').update(buf.subarray(0, buf.length - 20)).digest().copy(buf, buf.length - 20)
  fs.writeFileSync(file, buf)
}
/** Entry `name`'s blob set to `sha`, its cache-tree left as it was (still valid). */
const stageBehindCacheTree = (at: string, name: string, sha: string) =>
  editIndex(at, (buf) => {
    const w = GitIndex.parse(buf)!.walked()!
    const i = [...w.at].findIndex((a, k) => buf.toString('utf8', a + 62, w.nameEnd[k]) === name)
    expect(i).toBeGreaterThanOrEqual(0)
    Buffer.from(sha, 'hex').copy(buf, w.at[i]! + 40)
  })
const freshCacheTree = (at = root) => git(at, ['write-tree'], env).trim()

describe('a cache-tree that is not true to the entries (written by another tool)', () => {
  it('a staged top-level file behind a cache-tree that still says HEAD: git is asked, and the file stays staged and out of the commit', () => {
    freshCacheTree()
    stageBehindCacheTree(root, 'README.md', blob('staged by another tool\n'))
    expect(git(root, ['diff-index', '--cached', '--name-only', 'HEAD'], env).trim()).toBe('README.md')
    setName('Harbor Police Dept.')
    expect(asked('diff-index')).toBe(1)
    expect(changedIn()).toEqual([FILE])
    expect(git(root, ['diff', '--cached', '--name-only'], env).trim()).toBe('README.md')
  })

  it('a staged file beside lead\'s in its folder, the same', () => {
    const other = 'partners/harbor-housing-coalition.yaml'
    git(root, ['cat-file', '-e', `HEAD:${other}`], env)
    freshCacheTree()
    stageBehindCacheTree(root, other, blob('id: harbor-housing-coalition\nname: Staged elsewhere\ntype: other\n'))
    setName('Harbor Police Dept.')
    expect(asked('diff-index')).toBe(1)
    expect(changedIn()).toEqual([FILE])
    expect(git(root, ['diff', '--cached', '--name-only'], env).trim()).toBe(other)
  })

  it('a subfolder\'s node claiming another tree (the root left as HEAD\'s): git asked before and after', () => {
    freshCacheTree()
    const other = git(root, ['rev-parse', 'HEAD:partners'], env).trim()
    editIndex(root, (buf) => {
      // The first valid node after the top's: its tree replaced.
      const at = buf.indexOf('TREE', GitIndex.parse(buf)!.walked()!.end, 'latin1') + 8
      let x = buf.indexOf(0x0a, at) + 21
      x = buf.indexOf(0x0a, x) + 1
      Buffer.from(other, 'hex').copy(buf, x)
    })
    setName('Harbor Police Dept.')
    expect(asked('diff-index')).toBe(1)
    // The entries are HEAD's (git's diff-index lists nothing), so the commit is made from the index;
    // git reuses the node as it is, in --only's index too (unpack_trees keeps the cache-tree): what
    // the commit then holds is git's own doing, but it is asked of git, never vouched for here.
    expect(asked('diff-tree')).toBeGreaterThan(0)
  })
})

describe('the entries remembered as a commit\'s tree', () => {
  it('spare the next write git\'s diff-index, and a forged node over the same entries is caught by git after the commit', () => {
    setName('Harbor Police Dept.')
    expect(asked('diff-index')).toBe(1)
    const memo = JSON.parse(fs.readFileSync(path.join(root, '.git', 'lead', 'index-commit.json'), 'utf8'))
    expect(memo.commit).toBe(git(root, ['rev-parse', 'HEAD'], env).trim())
    shim.clear()
    setName('Harbor PD')
    expect(asked('diff-index')).toBe(0)
    // The first valid node after the top's (a folder lead's path is not in) made to claim another tree; the entries, and so their digest, unchanged.
    const other = git(root, ['rev-parse', 'HEAD:partners'], env).trim()
    editIndex(root, (buf) => {
      const at = buf.indexOf('TREE', GitIndex.parse(buf)!.walked()!.end, 'latin1') + 8
      let x = buf.indexOf(0x0a, at) + 21
      const name = buf.toString('latin1', x, buf.indexOf(0, x))
      expect(FILE.startsWith(`${name}/`)).toBe(false)
      x = buf.indexOf(0x0a, x) + 1
      Buffer.from(other, 'hex').copy(buf, x)
    })
    shim.clear()
    setName('Harbor Police')
    // Nothing staged was read from the remembered entries (no diff-index); the commit git made with
    // the forged node held more than lead's file: git's diff-tree said so, and it was made again.
    expect(asked('diff-index')).toBe(0)
    expect(shim.calls().some((l) => l.includes('commit') && l.includes('--only'))).toBe(true)
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe('partner: set harbor-pd name')
  })

  it('are not taken for another HEAD with the same entries, nor after git replace', () => {
    setName('Harbor Police Dept.')
    // A commit of the same tree on top: the entries are its tree too, but not the commit remembered.
    git(root, ['commit', '-q', '--allow-empty', '-m', 'same tree'], env)
    shim.clear()
    setName('Harbor PD')
    expect(asked('diff-index')).toBe(1)
    git(root, ['replace', git(root, ['rev-parse', 'HEAD~1'], env).trim(), git(root, ['rev-parse', 'HEAD~2'], env).trim()], env)
    shim.clear()
    setName('Harbor Police')
    expect(asked('diff-index')).toBe(1)
    expect(changedIn()).toEqual([FILE])
  })
})

describe('objects git reads otherwise than their names say', () => {
  it('HEAD replaced (git replace) by a commit whose README differs: git is asked, and what git sees staged stays staged', () => {
    const head = git(root, ['rev-parse', 'HEAD'], env).trim()
    writeSiteFile(root, 'README.md', 'another README\n')
    git(root, ['add', 'README.md'], env)
    const replacement = git(root, ['commit-tree', freshCacheTree(), '-p', 'HEAD^', '-m', 'replacement'], env).trim()
    git(root, ['reset', '-q', '--hard', 'HEAD'], env)
    git(root, ['replace', head, replacement], env)
    expect(status()).toBe('M  README.md')
    shim.clear()
    setName('Harbor Police Dept.')
    expect(asked('diff-index')).toBe(1)
    expect(changedIn()).toEqual([FILE])
    expect(status()).toBe('M  README.md')
  })

  it('a graft making HEAD a root commit changes nothing of the tree: the commit alone', () => {
    const head = git(root, ['rev-parse', 'HEAD'], env).trim()
    fs.writeFileSync(path.join(root, '.git', 'info', 'grafts'), `${head}\n`)
    setName('Harbor Police Dept.')
    expect(changedIn()).toEqual([FILE])
    expect(status()).toBe('')
  })

  it('HEAD from another repository\'s objects (clone --shared): git is asked, the commit alone', () => {
    const clone = path.join(tempDir('lead-shared-'), 'site')
    git(path.dirname(clone), ['clone', '-q', '--shared', root, clone], env)
    git(clone, ['status', '--porcelain'], env)
    setName('Harbor Police Dept.', clone)
    expect(asked('diff-index')).toBe(1)
    expect(changedIn('HEAD', clone)).toEqual([FILE])
  })
})

describe('what is staged while lead commits', () => {
  const names = ['README.md', 'partners/harbor-pd.yaml.bak', 'partners/harbor-pd.yam', 'partners/harbor-pd/x.yaml', 'partners/harbor-pd.yaml\u00e9', 'partners/HARBOR-PD.yaml']

  it.each(names)('staged between the check and the commit (%s): taken back, committed again alone, left staged', (name) => {
    writeSiteFile(root, name, 'staged meanwhile\n')
    const raced = gitAroundCommit(shim, 'before', `git add -- '${name}'`)
    lead(['set', 'partner', 'harbor-pd', 'name=Harbor Police Dept.'], {env: raced})
    expect(changedIn()).toEqual([FILE])
    expect(git(root, ['diff', '--cached', '--name-only', '-z'], env).split('\0').filter(Boolean)).toEqual([name])
  })

  it('an odd byte name staged meanwhile (not UTF-8)', () => {
    const name = Buffer.from([0x70, 0x61, 0x72, 0x74, 0x6e, 0x65, 0x72, 0x73, 0x2f, 0xff, 0x2e, 0x79, 0x61, 0x6d, 0x6c]) // partners/\xff.yaml
    fs.writeFileSync(Buffer.concat([Buffer.from(`${root}/`), name]), 'odd\n')
    lead(['set', 'partner', 'harbor-pd', 'name=Harbor Police Dept.'], {env: gitAroundCommit(shim, 'before', `git add -A partners`)})
    expect(changedIn()).toEqual([FILE])
    expect(git(root, ['diff', '--cached', '--name-only'], env).trim()).toMatch(/^"partners\/\\377\.yaml"$/)
  })

  it('a new record (update-index --add before the commit), a file staged meanwhile', () => {
    lead(['new', 'partner', '--id', 'bay-two', '--set', 'name=Bay Two', '--set', 'type=other'], {env: gitAroundCommit(shim, 'before', `echo meanwhile >> README.md && git add README.md`)})
    expect(changedIn()).toEqual(['partners/bay-two.yaml'])
    expect(status()).toBe('M  README.md')
  })

  it('a site in a subfolder, a file outside it staged meanwhile', () => {
    const {top, site} = siteInSubfolder(exampleSite(env, {warm: true}), 'sites/harbor', env)
    git(top, ['status', '--porcelain'], env)
    lead(['set', 'partner', 'harbor-pd', 'name=Harbor Police Dept.'], {at: site, env: gitAroundCommit(shim, 'before', `cd '${top}' && echo meanwhile >> README.md && git add README.md`)})
    expect(changedIn('HEAD', top)).toEqual([`sites/harbor/${FILE}`])
    expect(status(top)).toBe('M  README.md')
  })

  it('the index rewritten whole meanwhile (read-tree of HEAD\'s parent, a valid cache-tree): the commit is not taken as alone, README\'s removal left staged', () => {
    lead(['set', 'partner', 'harbor-pd', 'name=Harbor Police Dept.'], {env: gitAroundCommit(shim, 'before', 'git read-tree HEAD^')})
    expect(asked('diff-tree')).toBeGreaterThan(0)
    expect(changedIn()).toEqual([FILE])
    expect(git(root, ['diff', '--cached', '--name-status'], env).trim()).toBe('D\tREADME.md')
  })
})

describe('hooks', () => {
  it('a commit-msg hook that stages a file: it stays staged, out of the commit', () => {
    hook('commit-msg', 'echo "# from commit-msg" >> README.md && git add README.md')
    setName('Harbor Police Dept.')
    expect(changedIn()).toEqual([FILE])
    expect(status()).toBe('M  README.md')
  })

  it('a post-commit hook that amends the commit with a file of its own: git is asked, lead fails or keeps a commit, never with a stack trace', () => {
    hook('post-commit', '[ -f .git/amended ] && exit 0; touch .git/amended; echo "# amended" >> README.md && git add README.md && git commit -q --amend --no-edit --no-verify')
    const r = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor Police Dept.', '--json', '-C', root], {env: shim.env})
    noTrace(r.stderr)
    expect(asked('diff-tree')).toBeGreaterThan(0)
    // The amended commit took README.md in under lead's message: taken back, lead's made again alone.
    expect(changedIn()).toEqual([FILE])
  })

  it('a post-commit hook that undoes the commit (reset --soft HEAD^): lead says no commit was made, without a stack trace', () => {
    hook('post-commit', 'git reset -q --soft HEAD^')
    const head = git(root, ['rev-parse', 'HEAD'], env).trim()
    const r = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor Police Dept.', '--json', '-C', root], {env: shim.env})
    noTrace(r.stderr)
    expect(git(root, ['rev-parse', 'HEAD'], env).trim()).toBe(head)
  })

  it('a prepare-commit-msg hook that makes the message longer than lead reads (2 MB): git is asked what the commit holds', () => {
    hook('prepare-commit-msg', 'head -c 2000000 /dev/zero | tr "\\0" x >> "$1"')
    setName('Harbor Police Dept.')
    expect(asked('diff-tree')).toBe(1)
    expect(changedIn()).toEqual([FILE])
  })

  it('a signed commit (a gpgsig header, fake gpg): alone, as git\'s diff-tree says', () => {
    const gpg = path.join(tempDir('lead-gpg-'), 'gpg')
    fs.writeFileSync(gpg, '#!/bin/sh\ncat >/dev/null\necho "[GNUPG:] SIG_CREATED " >&2\nprintf -- "-----BEGIN PGP SIGNATURE-----\\n\\nfake\\n-----END PGP SIGNATURE-----\\n"\n', {mode: 0o755})
    git(root, ['config', 'commit.gpgSign', 'true'], env)
    git(root, ['config', 'gpg.program', gpg], env)
    git(root, ['config', 'user.signingKey', 'fake'], env)
    setName('Harbor Police Dept.')
    expect(git(root, ['cat-file', 'commit', 'HEAD'], env)).toContain('gpgsig ')
    expect(changedIn()).toEqual([FILE])
    expect(asked('diff-tree')).toBe(1)
  })
})

describe('entries of every kind elsewhere', () => {
  it('intent-to-add, assume-unchanged and skip-worktree entries: the commit alone, each flag as it was', () => {
    writeSiteFile(root, 'notes/new.md', 'later\n')
    git(root, ['add', '-N', 'notes/new.md'], env)
    git(root, ['update-index', '--assume-unchanged', 'README.md'], env)
    git(root, ['update-index', '--skip-worktree', 'partners/harbor-housing-coalition.yaml'], env)
    setName('Harbor Police Dept.')
    expect(changedIn()).toEqual([FILE])
    expect(git(root, ['ls-files', '-v', 'README.md', 'partners/harbor-housing-coalition.yaml', 'notes/new.md'], env).trim().split('\n').map((l) => l[0])).toEqual(['h', 'H', 'S'])
    expect(git(root, ['diff', '--cached', '--name-only'], env).trim()).toBe('')
  })

  it('a staged mode change, a staged symbolic link and a staged submodule: git is asked, each stays staged', () => {
    fs.chmodSync(path.join(root, 'README.md'), 0o755)
    git(root, ['add', 'README.md'], env)
    fs.symlinkSync('README.md', path.join(root, 'link.md'))
    git(root, ['add', 'link.md'], env)
    git(root, ['update-index', '--add', '--cacheinfo', `160000,${git(root, ['rev-parse', 'HEAD'], env).trim()},vendor/lib`], env)
    setName('Harbor Police Dept.')
    expect(asked('diff-index')).toBe(1)
    expect(changedIn()).toEqual([FILE])
    expect(git(root, ['diff', '--cached', '--name-only'], env).trim().split('\n')).toEqual(['README.md', 'link.md', 'vendor/lib'])
  })

  it('core.fileMode=false with an executable bit on disk: nothing staged, the second write asks no diff-index', () => {
    git(root, ['config', 'core.fileMode', 'false'], env)
    fs.chmodSync(path.join(root, 'README.md'), 0o755)
    git(root, ['status', '--porcelain'], env)
    setName('Harbor Police Dept.')
    shim.clear()
    setName('Harbor PD')
    expect(asked('diff-index')).toBe(0)
    expect(changedIn()).toEqual([FILE])
  })

  it('a split index (update-index --split-index): never committed from the index, the commit alone', () => {
    git(root, ['update-index', '--split-index'], env)
    setName('Harbor Police Dept.')
    expect(shim.calls().filter((l) => l.includes('--include'))).toEqual([])
    expect(changedIn()).toEqual([FILE])
  })

  it('a linked worktree: its own index judged, the main worktree\'s staged work untouched', () => {
    fs.appendFileSync(path.join(root, 'README.md'), 'main worktree work\n')
    git(root, ['add', 'README.md'], env)
    const linked = path.join(tempDir('lead-wt-'), 'site')
    git(root, ['worktree', 'add', '-q', '-b', 'side', linked], env)
    git(linked, ['status', '--porcelain'], env)
    setName('Harbor Police Dept.', linked)
    expect(changedIn('side')).toEqual([FILE])
    expect(status()).toBe('M  README.md')
    expect(status(linked)).toBe('')
  })
})

describe('the entries two indexes hold differently, over names that sort near each other', () => {
  it('are git\'s diff of the index against HEAD: a link, an executable, a submodule and a skip-worktree entry among them', () => {
    const at = tempDir('lead-vtree-')
    git(at, ['init', '-q', '-b', 'main'], env)
    for (const name of ['a-b', 'a.b', 'a/b', 'a/b.c/d', 'a0', 'a/b-c', 'é/ü.yaml', 'z/y/x/w/v.txt', 'tool.sh']) writeSiteFile(at, name, `${name}\n`)
    fs.chmodSync(path.join(at, 'tool.sh'), 0o755)
    fs.symlinkSync('a0', path.join(at, 'link'))
    git(at, ['add', '-A'], env)
    git(at, ['update-index', '--add', '--cacheinfo', `160000,${blob('x', at)},sub/module`], env)
    git(at, ['update-index', '--skip-worktree', 'a/b'], env)
    git(at, ['commit', '-qm', 'names'], env)
    const index = () => GitIndex.parse(fs.readFileSync(path.join(at, '.git', 'index')))!.walked()!
    const before = index()
    writeSiteFile(at, 'a.b', 'changed\n')
    writeSiteFile(at, 'a/b.c/d', 'changed\n')
    writeSiteFile(at, 'a/b-c0', 'new\n')
    git(at, ['add', 'a.b', 'a/b.c/d', 'a/b-c0'], env)
    git(at, ['rm', '-q', '--cached', 'a0'], env)
    const expected = git(at, ['diff', '--cached', '--name-only', '-z'], env).split('\0').filter(Boolean).sort()
    expect(expected).toEqual(['a.b', 'a/b-c0', 'a/b.c/d', 'a0'])
    expect(changedEntries(before, index()).sort()).toEqual(expected)
  })
})
