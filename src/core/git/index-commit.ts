/**
 * "Nothing is staged in the whole repository", told without git's diff-index when git itself said
 * so of the same index entries after lead's last commit. Before lead commits from the index, git is
 * asked what is staged (diff-index), so that no hook sees a user's staged work in a commit under
 * lead's message; after it, what the commit changed (diff-tree). When git's answers show that the
 * new index's entries are exactly the new commit's tree (the commit changed only lead's paths, to
 * the blobs the index now holds for them, and the index before differed from its parent only at
 * lead's paths), those entries (by the digest git-index-view.ts keeps of them) are remembered with
 * the commit: a next write whose index holds the same entries on that same HEAD has nothing staged.
 * Any other case asks git, as before; the commit is always checked by git's diff-tree.
 */
import fs from 'node:fs'
import path from 'node:path'
import {changedEntries} from '../records/git-index-tree.js'
import {GitIndex, type WalkedIndex} from '../records/git-index.js'
import {oidHex} from '../records/git-index-entry.js'
import {readIndexBytes, workTreeIndex} from '../records/git-index-view.js'
import {readPrivateFile, writePrivateJson} from '../records/private-file.js'
import {cacheVersion} from '../records/cache-files.js'
import {plainRepository} from '../records/git-file-state.js'
import {commonDir} from '../git-dir.js'
import {stateFolderFile} from '../state-folder.js'

/** The index as it was just before lead's commit, and its digest. */
export interface IndexBefore {
  gitDir: string
  walked: WalkedIndex
  digest: string
}

/** What git's diff-tree said of one path of the commit: its mode and blob after (hex; zeros when deleted). */
export interface CommittedPath {
  mode: number
  oid: string
  deleted: boolean
}

/** The index now, walked, with the digest of its entries; undefined when not one lead reads whole. */
export function indexBefore(gitDir: string): IndexBefore | undefined {
  if (!plainRepository(gitDir) || replacesObjects(gitDir)) return undefined
  // Walked once (GitIndex keeps the last walk: the summary below, when it must walk, takes it).
  const bytes = readIndexBytes(path.join(gitDir, 'index'))?.buf
  const walked = bytes && GitIndex.parse(bytes)?.walked()
  const digest = walked && workTreeIndex(gitDir, cacheVersion())?.digest()
  const before = walked && digest !== undefined ? {gitDir, walked, digest} : undefined
  // The digest is of these bytes only while git has not rewritten the index meanwhile.
  return before && unchangedSince(before) ? before : undefined
}

/**
 * Whether the index is still the one `before` read (the same bytes: git renames a new index over
 * the old, and the same size and checksum are the bytes read last). git's diff-index, run after
 * `before` was read, judged this index only while it is (an index staged, unstaged while git
 * looked, and staged again would otherwise be remembered as git's answer).
 */
export function unchangedSince(before: IndexBefore): boolean {
  return readIndexBytes(path.join(before.gitDir, 'index'))?.buf === before.walked.buf
}

/** Whether the index `before` holds the entries git found to be exactly commit `head`'s tree (rememberCommitted): nothing is staged. */
export function nothingStaged(before: IndexBefore, head: string): boolean {
  const memo = remembered(before.gitDir)
  return memo !== undefined && memo.digest === before.digest && memo.commit === head
}

/**
 * After git's diff-tree said commit `after`, made from the index `before` on its one parent,
 * changed exactly `changed` (paths from the top, all of them lead's `own`), the index before having
 * differed from that parent only at lead's paths (git's diff-index listed nothing else, or
 * nothingStaged said so): remember the new index's entries as `after`'s tree when they are, which
 * is when the new index differs from the one before only at lead's paths and holds for each of
 * them what the commit does.
 */
export function rememberCommitted(before: IndexBefore, after: string, changed: ReadonlyMap<string, CommittedPath>, own: ReadonlySet<string>): void {
  const bytes = readIndexBytes(path.join(before.gitDir, 'index'))?.buf
  const index = bytes && GitIndex.parse(bytes)
  const now = index && index.walked()
  if (!now || !changedEntries(before.walked, now).every((p) => own.has(p))) return
  for (const file of own) {
    const committed = changed.get(file)
    const entry = index.entry(file)
    const same = committed && (committed.deleted ? entry === null : entry !== null && entry.mode === committed.mode && oidHex(entry) === committed.oid)
    if (!same) return
  }
  remember(before.gitDir, {version: cacheVersion(), digest: index.digest(), commit: after})
}

/**
 * Whether git may read another object for a commit or tree than the one its name says (git
 * replace; lead's git runs with the user's replace refs): HEAD's tree as git's diff-index and
 * diff-tree see it may then not be the one git saw when it was remembered. Refs lead cannot list
 * (reftable) count as some.
 */
function replacesObjects(gitDir: string): boolean {
  const common = commonDir(gitDir)
  try {
    if (fs.readdirSync(path.join(common, 'refs', 'replace')).length > 0) return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return true
  }
  try {
    if (fs.readFileSync(path.join(common, 'packed-refs')).includes(' refs/replace/')) return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return true
  }
  try {
    return /^\s*refstorage\s*=/im.test(fs.readFileSync(path.join(common, 'config'), 'utf8'))
  } catch {
    return true
  }
}

interface Memo {
  version: string
  digest: string
  commit: string
}

/** Kept in the git directory (one per work tree, as its index is): .git/lead/index-commit.json. */
const MEMO = 'index-commit.json'

function remembered(gitDir: string): Memo | undefined {
  try {
    const file = stateFolderFile(gitDir, MEMO)
    const read = file !== undefined && readPrivateFile(file)
    const memo = read && (JSON.parse(read.bytes.toString('utf8')) as Partial<Memo>)
    return memo && memo.version === cacheVersion() && typeof memo.digest === 'string' && typeof memo.commit === 'string' ? (memo as Memo) : undefined
  } catch {
    return undefined
  }
}

function remember(gitDir: string, memo: Memo): void {
  // Unremembered, the next write asks git what is staged.
  const file = stateFolderFile(gitDir, MEMO)
  if (file !== undefined) writePrivateJson(file, memo)
}
