/**
 * What lead's commit from git's index held, told without a git process where the index's bytes and
 * the loose commit answer (records/git-index-tree.ts, loose-commit.ts). Before the commit: the
 * index's cache-tree is HEAD's tree, so nothing is staged anywhere (git's diff-index would list
 * nothing). After it: the new commit's only parent is the HEAD lead judged, its tree is the new
 * index's, and the new index differs from the one before only at lead's paths, so the commit changed
 * them alone (git's diff-tree would list them alone). Each git process is ~10–30 ms of a write on a
 * big site. Either answer is only ever "yes"; anything else is asked of git, as before.
 */
import path from 'node:path'
import {changedEntries, indexTree, verifiedIndexTree, walkIndex, type WalkedIndex} from '../records/git-index-tree.js'
import {GitIndex} from '../records/git-index.js'
import {readIndexBytes} from '../records/git-index-view.js'
import {plainRepository} from '../records/git-file-state.js'
import {commonDir} from '../git-dir.js'
import {looseCommit} from './loose-commit.js'

/** The index as it was before lead's commit, which held HEAD's tree. */
export interface IndexAsHead {
  gitDir: string
  walked: WalkedIndex
}

/** The index's bytes, read once while git has not rewritten it (git-index-view.ts): the write's own check and the work after the commit read the same. */
function indexBytes(gitDir: string): Buffer | undefined {
  return readIndexBytes(path.join(gitDir, 'index'))?.buf
}

/**
 * Whether git may read another object for a commit or tree than the one its name says (git
 * replace; lead's git runs with the user's replace refs): HEAD's tree as git's diff-index and
 * diff-tree see it is then not the one read here. Refs lead cannot list (reftable) count as some.
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

/**
 * The index now, when its entries make exactly the tree of commit `head` and its cache-tree says
 * so too, in every valid node (verifiedIndexTree): nothing is staged in the whole repository, and
 * a commit from it holds HEAD's tree and what is added to it.
 */
export function indexAsCommitted(gitDir: string, head: string): IndexAsHead | undefined {
  if (!plainRepository(gitDir)) return undefined
  const bytes = indexBytes(gitDir)
  const walked = bytes && walkIndex(bytes)
  const tree = walked && indexTree(walked)
  // The cache-tree's root first (no hashing when it already says something is staged).
  if (tree === undefined || tree !== looseCommit(gitDir, head)?.tree || replacesObjects(gitDir)) return undefined
  return verifiedIndexTree(walked!) === tree ? {gitDir, walked: walked!} : undefined
}

/**
 * Whether commit `after`, made from the index `before` held, has that HEAD (`head`) as its only
 * parent and changed only `own` (paths from the repository's top). False when it cannot be told
 * here: the caller asks git.
 */
export function committedFromIndexAlone(before: IndexAsHead, head: string, after: string, own: ReadonlySet<string>): boolean {
  const commit = looseCommit(before.gitDir, after)
  if (!commit || commit.parents.length !== 1 || commit.parents[0] !== head) return false
  // Walked as the work after the commit reads it (GitIndex keeps the last walk).
  const bytes = indexBytes(before.gitDir)
  const now = bytes && GitIndex.parse(bytes)?.walked()
  // A hook that staged or committed more after git wrote the commit leaves an index whose tree is not the commit's.
  if (!now || verifiedIndexTree(now) !== commit.tree) return false
  return changedEntries(before.walked, now).every((p) => own.has(p))
}
