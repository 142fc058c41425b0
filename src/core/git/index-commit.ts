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
import {changedEntries, indexTree, walkIndex, type WalkedIndex} from '../records/git-index-tree.js'
import {GitIndex} from '../records/git-index.js'
import {readIndexBytes} from '../records/git-index-view.js'
import {plainRepository} from '../records/git-file-state.js'
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

/** The index now, when its cache-tree holds exactly the tree of commit `head`: nothing is staged in the whole repository. */
export function indexAsCommitted(gitDir: string, head: string): IndexAsHead | undefined {
  if (!plainRepository(gitDir)) return undefined
  const bytes = indexBytes(gitDir)
  const walked = bytes && walkIndex(bytes)
  const tree = walked && indexTree(walked)
  return tree !== undefined && tree === looseCommit(gitDir, head)?.tree ? {gitDir, walked: walked!} : undefined
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
  if (!now || indexTree(now) !== commit.tree) return false
  return changedEntries(before.walked, now).every((p) => own.has(p))
}
