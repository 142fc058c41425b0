/**
 * Which files of a site are as git last saw them, asked of git instead of found by walking the
 * folders and checking every file's size and times. On a 10,000-referral site that walk is 13,400
 * stats plus the directory reads: 0.3 s on a quiet machine, 1 s under load on a sandboxed kernel,
 * where one `git status` (native code, threads) takes 0.05–0.25 s, on the other core, and can
 * start before lead has loaded its modules (prefetchGitStatus, from bin/run.js).
 *
 * A file git finds unchanged (not modified, staged or unstaged, and with no flag that makes git
 * skip checking it) has the content of its blob in the git index, and lead's content hash is git's
 * blob hash (parse-cache.ts: contentHash), so its cached parse result is found without reading it.
 * Everything else git lists (modified, untracked, ignored) is checked as before, by its stamp.
 *
 * Undefined means "ask the folders": outside git, a site that is not a plain checkout git can
 * answer for (submodules, a sparse or split index, SHA-256 objects), or when git fails.
 */
import {execFile, spawn, type ChildProcess} from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import type {Socket} from 'node:net'
import path from 'node:path'
import {commonDir, findGitDir, siteGitEnvironment} from '../git-dir.js'
import {convertsContent, outerAttributes, readOrEmpty} from './git-attributes.js'
import {parsePorcelainV2, type StatusEntry} from '../git-status.js'
import {workTreeIndex, type IndexView} from './git-index-view.js'
import {oidHex, type IndexedFile} from './git-index-entry.js'
import {indexStamp} from './git-index-stamp.js'
import {fileState, listedUnder, sitePrefix, statusItems, type GitFiles, type StatusItem} from './git-status-files.js'

export {CleanFiles, type GitFiles} from './git-status-files.js'

export class GitFileState {
  private listed?: GitFiles | null
  /** Worked out once: status asks for the digest for its validation counts and again for its result. */
  private digested?: string | null
  private readonly items: ReadonlyArray<StatusItem>
  private attributesFiles?: string[]
  /** converts(), asked by files(), digest() and the listing from the basis: once per git answer. */
  private converting?: boolean
  private listedPaths?: Set<string>
  /** git's lines, kept for what HEAD holds at a path they list (inHead, asked by a write beside uncommitted edits only). */
  private readonly entries: ReadonlyArray<StatusEntry>
  private heads?: Map<string, HeadFile | null | undefined>
  /** git's list without its `# branch` lines: what the digest is of (HEAD moves with every commit; the digest must not). */
  private readonly status: string
  /**
   * HEAD as git's status saw it (its `# branch` lines): the branch, undefined when detached; the
   * commit, undefined before the first. Only when `index` is the index git's status read (it did
   * not change while git ran): then `head`, `index` and the list are one moment's (vouched-clean.ts).
   */
  readonly head?: {branch?: string; commit?: string}
  constructor(
    private readonly prefix: string,
    private readonly index: IndexView,
    status: string,
    /** Where the repository's files and git directory are (attributes are read from them). */
    private readonly repo?: {top: string; gitDir: string},
    indexAsGitSaw = false,
  ) {
    const parsed = parsePorcelainV2(status, {ignored: true})
    this.items = statusItems(parsed)
    this.entries = parsed.entries
    if (indexAsGitSaw && status.startsWith('# ')) this.head = {branch: parsed.branch, commit: parsed.head}
    this.status = status.replace(/^(?:# [^\0]*\0)+/, '')
  }

  /** A site-relative path as the index and git's list name it (from the repository's top). */
  fromTop(file: string): string {
    return this.prefix === '' ? file : `${this.prefix}/${file}`
  }

  /** Whether git's status listed this site-relative path (changed, staged, deleted, untracked or ignored). */
  listedByGit(file: string): boolean {
    this.listedPaths ??= new Set(this.items.map((i) => i.path))
    return this.listedPaths.has(this.fromTop(file))
  }

  /** Whether `index` holds the entries this state's index held (paths, modes, blobs, stages, flags; not the times git refreshes). */
  sameEntries(index: IndexView): boolean {
    return index === this.index || index.digest() === this.index.digest()
  }

  /**
   * The state after lead committed files git listed as unchanged or did not list (a record lead
   * wrote, clean before and after): the index as it is now, and this state's list, which the
   * commit did not change (a listed file's line names its index and HEAD blobs, neither of which
   * a commit of other paths moves). Anything else that changed meanwhile makes git's next answer,
   * and so its digest, differ from this one's, but for what a pre-commit hook changed and staged
   * into a plain commit: the working tree then holds what was committed, and git's answer is the
   * same. The write path checks that the commit held exactly the files it wrote, with the content
   * it wrote, before remembering anything (write/record-writer.ts, write/committed-state.ts).
   */
  afterCommit(root: string, version: string): GitFileState | undefined {
    const at = findGitDir(root)
    const index = at && workTreeIndex(at.gitDir, version)
    return index ? new GitFileState(this.prefix, index, this.status, this.repo) : undefined
  }

  /**
   * Whether git checks every one of `files` (site-relative) for changes: none is flagged
   * assume-unchanged or skip-worktree. `git commit --include` stages only what git finds changed,
   * so it would leave such a file out of the commit (site-repo.ts commitPaths then uses --only).
   */
  checksAll(files: readonly string[]): boolean {
    const under = this.prefix === '' ? '' : `${this.prefix}/`
    const unchecked = this.index.unchecked()
    return unchecked.length === 0 || !files.some((f) => unchecked.includes(under + f))
  }

  /** What git's index records of a site-relative file (its blob, lead's content hash form, and its mode), null when it holds none. */
  indexEntry(file: string): IndexedFile | null {
    return this.index.entry(this.fromTop(file))
  }

  /**
   * What HEAD holds at a site-relative path, as git's status and the index it read tell it: the
   * mode and blob (hex) of a path git listed from its line, of any other path from the index
   * (which git found to hold HEAD's entry there); null when HEAD holds nothing there. Undefined
   * when they cannot tell: a conflict, an entry git does not check, a status not read with its
   * index and HEAD (the caller checks HEAD is still `head.commit`).
   */
  inHead(file: string): HeadFile | null | undefined {
    if (!this.head?.commit) return undefined
    const top = this.fromTop(file)
    const heads = (this.heads ??= headsListed(this.entries))
    if (heads.has(top)) return heads.get(top)
    if (this.index.unchecked().includes(top)) return undefined
    const entry = this.index.entry(top)
    return entry && {mode: entry.mode, oid: oidHex(entry)}
  }

  /**
   * Whether the index holds a link under the site's folder: git may find one unchanged while the
   * working tree holds a plain file there (core.symlinks=false), which a walk reads as a record.
   */
  holdsLinks(): boolean {
    const under = this.prefix === '' ? '' : `${this.prefix}/`
    return this.index.links().some((p) => p.startsWith(under))
  }

  /**
   * Where the site's working tree may differ from HEAD: every site-relative path git listed
   * (edited, staged, deleted, untracked or ignored; a folder git did not look into ends in `/`),
   * and every entry git does not check (assume-unchanged, skip-worktree).
   */
  differing(): string[] {
    return listedUnder(this.prefix, [...this.items.map((i) => i.path), ...this.index.unchecked()])
  }

  /** The attributes files git reads beside the index (git-attributes.ts), found once: reading git's configuration for them costs a few ms. */
  private outerAttributes(): string[] {
    return (this.attributesFiles ??= this.repo ? outerAttributes(this.repo, this.prefix) : [])
  }

  /** The repository's git directory, when known. */
  get gitDir(): string | undefined {
    return this.repo?.gitDir
  }

  /**
   * The site's files as git sees them; undefined when git cannot answer for them (a submodule), or
   * when git may convert a file's content on its way to the working tree (converts()).
   */
  files(): GitFiles | undefined {
    if (this.listed === undefined) {
      const listed = fileState(this.prefix, this.index, this.items)
      this.listed = listed && !this.converts() ? listed : null
    }
    return this.listed ?? undefined
  }

  /** Whether git may convert a site's file between blob and working tree (one git calls unchanged need not hold its blob's bytes), from the attributes files fileState gathers (tracked in the site or above, listed in it), without listing the site (basis-listing.ts asks too). */
  converts(): boolean {
    return (this.converting ??= this.workOutConverts())
  }

  private workOutConverts(): boolean {
    if (!this.repo) return false
    const under = this.prefix === '' ? '' : `${this.prefix}/`
    const tracked = this.index.attributes().filter((p) => p.startsWith(under) || under.startsWith(p.slice(0, -'.gitattributes'.length)))
    // One git tracks and the working tree lacks (or holds as a link, which git does not follow): git reads the index's copy then, which lead does not.
    if (tracked.some((p) => !fs.lstatSync(path.join(this.repo!.top, p), {throwIfNoEntry: false})?.isFile())) return true
    const listed = this.items.filter((i) => i.kind !== 'deleted' && i.path.startsWith(under) && /(^|\/)\.gitattributes$/.test(i.path)).map((i) => i.path)
    return convertsContent([...this.outerAttributes(), ...[...tracked, ...listed].map((p) => path.join(this.repo!.top, p))])
  }

  /**
   * What listing the site's files depends on besides the files git lists: the index's entries and
   * the attributes beside it (digest), with those listed (changed: site-relative, their content
   * unknown). Undefined when more does: an untracked, ignored or deleted file, an entry git does
   * not check, a link, a submodule (basis-listing.ts listingFromBasis).
   */
  listingBase(): {digest: string; changed: string[]} | undefined {
    const under = this.prefix === '' ? '' : `${this.prefix}/`
    const mine = (p: string) => p.startsWith(under)
    if (this.index.hasSubmodule() || this.index.unchecked().some(mine) || this.index.links().some(mine)) return undefined
    const changed: string[] = []
    for (const i of this.items) {
      if (i.kind !== 'changed' || i.ignored || i.path.endsWith('/')) return undefined
      if (mine(i.path)) changed.push(i.path.slice(under.length))
    }
    const h = crypto.createHash('sha1').update('listing\0').update(this.index.digest())
    for (const file of this.outerAttributes()) h.update('\0').update(readOrEmpty(file))
    return {digest: h.digest('base64url'), changed: changed.sort()}
  }

  /**
   * A digest of the whole working tree as git sees it: the index's paths, modes and blobs, what
   * git status listed, and the content of each listed file. `hash` reads a site-relative file
   * (undefined when it cannot). Undefined when an ignored folder or a submodule hides files.
   */
  digest(hash: (file: string) => string | undefined): string | undefined {
    if (this.digested === undefined) this.digested = this.workOutDigest(hash) ?? null
    return this.digested ?? undefined
  }

  private workOutDigest(hash: (file: string) => string | undefined): string | undefined {
    // Attributes git status does not list (the repository's own, in no index; the .gitattributes
    // above and at the site's top, which the status's pathspec leaves out): one that makes git
    // convert a file on checkout changes what the files hold without any entry or line changing.
    const h = crypto.createHash('sha1').update(this.index.digest()).update('\0').update(this.status)
    for (const file of this.outerAttributes()) h.update('\0').update(readOrEmpty(file))
    const items = this.items
    // converts(): git then finds a file unchanged whatever bytes it holds that its filter takes back to the blob (`$Id: …$`).
    if (items.some((i) => i.path.endsWith('/')) || this.index.hasSubmodule() || this.converts()) return undefined
    const under = this.prefix === '' ? '' : `${this.prefix}/`
    const files = new Set<string>()
    for (const i of items) if (i.kind !== 'deleted' && i.path.startsWith(under)) files.add(i.path.slice(under.length))
    // Entries git does not check (assume-unchanged, skip-worktree) are read like changed ones.
    for (const p of this.index.unchecked()) if (p.startsWith(under)) files.add(p.slice(under.length))
    // Tracked links too: git finds one unchanged while its text is, whether its target is a folder or not (state-memo.ts readHash).
    for (const p of this.index.links()) if (p.startsWith(under)) files.add(p.slice(under.length))
    for (const file of [...files].sort()) {
      const content = hash(file)
      if (content === undefined) return undefined
      h.update(`\0${file}\0${content}`)
    }
    return h.digest('base64url')
  }
}

/** A file as a commit holds it: its mode (0o100644, 0o120000…) and blob id (hex). */
export interface HeadFile {
  mode: number
  oid: string
}

/** What HEAD holds at each path git's status listed (StatusEntry.inHead; null: nothing, undefined: not told). */
function headsListed(entries: ReadonlyArray<StatusEntry>): Map<string, HeadFile | null | undefined> {
  const heads = new Map<string, HeadFile | null | undefined>()
  for (const e of entries) {
    // A path removed from the index and left in the working tree has two lines (staged deletion, untracked): the first tells HEAD's.
    if (e.state === 'untracked' || e.state === 'ignored') {
      if (!heads.has(e.path)) heads.set(e.path, null)
    } else heads.set(e.path, e.inHead && {mode: Number.parseInt(e.inHead.mode, 8), oid: e.inHead.oid})
  }
  return heads
}

const prefetched = new Map<string, StartedStatus>()

/**
 * Start `git status` for the site at `root` now, so it runs while lead loads (bin/run.js). The
 * first gitFileState for that root takes it; anything lead writes before then drops it
 * (forgetPrefetch), since git's answer would no longer be current.
 */
export function prefetchGitStatus(root: string, options: {oneCore?: boolean} = {}): void {
  if (process.env.LEAD_GIT_STATE === 'off' || prefetched.has(root)) return
  const started = startStatus(root, options.oneCore)
  if (!started) return
  // Not waited for unless taken: a command that never reads records exits without it.
  started.child.unref()
  socket(started.child)?.unref()
  prefetched.set(root, started)
}

/** A child's stdout pipe (a socket, which can be left out of what keeps lead running). */
const socket = (child: ChildProcess) => child.stdout as Socket | null

/** Whether git status was started early for this site and not yet taken (for tests). */
export function hasPrefetch(root: string): boolean {
  return prefetched.has(root)
}

/** Settles once the early `git status` started for `root` (not yet taken) has answered; at once when there is none (for tests: "git has answered"). */
export async function prefetchAnswered(root: string): Promise<void> {
  await prefetched.get(root)?.result
}

export function forgetPrefetch(): void {
  prefetched.clear()
}

/** Ask git; `LEAD_GIT_STATE=off` makes lead walk the folders (a way out, and for tests). */
export async function gitFileState(root: string): Promise<GitFileState | undefined> {
  if (process.env.LEAD_GIT_STATE === 'off') return undefined
  const taken = prefetched.get(root)
  prefetched.delete(root)
  // Started long before it is taken (a person answered prompts, or wrote in an editor, meanwhile):
  // its answer may miss what they changed in the working tree since; git is asked again.
  const early = taken && performance.now() - taken.startedAt <= PREFETCH_FRESH_MS ? taken : undefined
  if (taken && !early) taken.child.kill() // not left to take a core beside the one asked now
  const at = findGitDir(root)
  if (!at || !plainRepository(at.gitDir)) return undefined
  const prefix = sitePrefix(root, at.top)
  if (prefix === undefined) return undefined
  const started = early ?? startStatus(root)
  if (early) {
    early.child.ref()
    socket(early.child)?.ref()
  }
  const status = await started?.result
  if (status === undefined) return undefined
  // Read after git answered: git may have refreshed the index meanwhile, and what it found
  // unchanged has the same blob in either version.
  // The summary is kept per build (cacheVersion); imported here, not above, so that bin/run.js's
  // early `git status` loads nothing more before it starts.
  const {cacheVersion} = await import('./cache-files.js')
  const unmoved = () => started!.indexBefore !== undefined && indexStamp(at.gitDir) === started!.indexBefore
  const asGitSaw = unmoved()
  const index = workTreeIndex(at.gitDir, cacheVersion())
  return index ? new GitFileState(prefix, index, status, {top: at.top, gitDir: at.gitDir}, asGitSaw && unmoved()) : undefined
}

/**
 * Where the site's working tree may differ from HEAD, as GitFileState.differing() tells it, for a
 * site lead has no GitFileState of (LEAD_GIT_STATE=off, an index lead does not read itself): one
 * `git status` of the site. Undefined: git cannot tell.
 */
export async function differingFromHead(root: string): Promise<string[] | undefined> {
  const at = findGitDir(root)
  const prefix = at && sitePrefix(root, at.top)
  if (prefix === undefined) return undefined
  const [status, unchecked] = await Promise.all([startStatus(root)?.result, uncheckedEntries(root)])
  return status === undefined || unchecked === undefined ? undefined : listedUnder(prefix, [...statusItems(status).map((i) => i.path), ...unchecked])
}

/**
 * The site's index entries git's status does not check, from the repository's top: assume-unchanged
 * (`git ls-files -v` tags them in lower case) and skip-worktree (S). Undefined: git failed.
 */
function uncheckedEntries(root: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['ls-files', '-v', '-z', '--full-name', '--', '.'], {cwd: root, env: siteGitEnvironment(), encoding: 'utf8', maxBuffer: 1 << 30}, (error, stdout) => {
      if (error) return resolve(undefined)
      resolve(stdout.split('\0').flatMap((line) => (line.length > 2 && (line[0] === 'S' || /[a-z]/.test(line[0]!)) ? [line.slice(2)] : [])))
    })
  })
}

/** A `git status` started, when (performance.now()), and the index as it was just before (indexStamp). */
interface StartedStatus {
  child: ChildProcess
  result: Promise<string | undefined>
  startedAt: number
  indexBefore: string | undefined
}

/** How long an early status stands for the working tree (a command takes it ~0.1 s after its start), by performance.now(). */
export const PREFETCH_FRESH_MS = 2000

function startStatus(root: string, oneCore = false): StartedStatus | undefined {
  // One core: git's threads checking 13,000 files' times would starve the reads of lead's own
  // modules of the other core (the answer is asked for later than that takes).
  // --branch: HEAD as git saw it, which the write path's check compares with HEAD when it writes (write/vouched-clean.ts).
  const args = [...(oneCore ? ['-c', 'core.preloadIndex=false'] : []), 'status', '--porcelain=v2', '--branch', '--no-ahead-behind', '-z', '--untracked-files=all', '--ignored=matching', '--no-renames', '--', '.', ':(exclude,glob).*', ':(exclude,glob).*/**', ':(exclude)node_modules']
  const env = siteGitEnvironment()
  const gitDir = findGitDir(root)?.gitDir
  const indexBefore = gitDir === undefined ? undefined : indexStamp(gitDir)
  const startedAt = performance.now()
  let child: ChildProcess
  try {
    child = spawn('git', args, {cwd: root, env, stdio: ['ignore', 'pipe', 'ignore']})
  } catch {
    return undefined
  }
  const result = new Promise<string | undefined>((resolve) => {
    const chunks: Buffer[] = []
    child.stdout!.on('data', (c: Buffer) => chunks.push(c))
    child.once('error', () => resolve(undefined))
    child.once('close', (code) => resolve(code === 0 ? Buffer.concat(chunks).toString('utf8') : undefined))
  })
  return {child, result, startedAt, indexBefore}
}

/** A repository whose index lists every file with a SHA-1 blob: not sparse, split or SHA-256. */
export function plainRepository(gitDir: string): boolean {
  const common = commonDir(gitDir)
  try {
    const config = fs.readFileSync(path.join(common, 'config'), 'utf8')
    if (/^\s*(objectformat\s*=\s*sha256|sparsecheckout\s*=\s*true|splitindex\s*=\s*true)/im.test(config)) return false
  } catch {
    return false
  }
  return true
}
