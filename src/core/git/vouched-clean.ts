/**
 * Whether the `git status` lead took when it started (records/git-file-state.ts) still answers the
 * write path's question about the files it is about to commit: no uncommitted change in any of them
 * (staged, unstaged or untracked), and HEAD on a branch. Asking git again under the lock is a
 * second `git status` (on 10,000 referrals ~40 ms of the other core for `lead set`, 60-75 ms for
 * `lead new`, competing with the load; ~10 ms of a `set`'s CPU in all).
 *
 * The early answer stands only when nothing it rests on has moved since:
 * - HEAD names the same branch and commit (read from the ref files);
 * - git's index holds the same entries (its digest: paths, modes, blobs, stages and flags);
 * - git listed none of the files, checks each of them (no assume-unchanged or skip-worktree flag,
 *   no conflict), and each holds now exactly the blob and mode the index has for it, or is absent
 *   with no entry (a new record). lead's content hash is git's blob hash, so this is a comparison
 *   of bytes, with none of the file times git's own check trusts.
 * Index the same, HEAD the same: what is staged is what git found staged (nothing, for these files).
 * Anything else, or anything lead cannot read this way, and git is asked as before, so every
 * refusal still comes from git's own answer. The index compared is read once the early answer is
 * in (SiteRepo.writeState). What neither this nor git's own check sees is a change made after it
 * and before the commit.
 * Checked by test/core/vouched-clean.test.ts and a second reader's attacks (vouched-clean-attacks).
 */
import fs from 'node:fs'
import path from 'node:path'
import {headBranch, headCommit} from '../git-dir.js'
import {contentHash} from '../records/cache-files.js'
import type {IndexView} from '../records/git-index-view.js'
import type {IndexedFile} from '../records/git-index-entry.js'
import type {GitFileState} from '../records/git-file-state.js'

export function cleanAsGitSaw(seen: GitFileState, root: string, gitDir: string, index: IndexView, files: readonly string[]): boolean {
  const head = seen.head
  if (head?.branch === undefined || head.commit === undefined) return false // detached, or before the first commit: git answers
  if (headBranch(gitDir) !== head.branch || headCommit(gitDir) !== head.commit) return false
  if (!seen.sameEntries(index)) return false
  const flagged = new Set([...index.unchecked(), ...index.unmerged()])
  for (const file of files) {
    if (!inGitsAnswer(file) || seen.listedByGit(file) || flagged.has(seen.fromTop(file))) return false
    if (!asIndexed(path.join(root, file), seen.indexEntry(file))) return false
  }
  return true
}

/**
 * Of `files` (site-relative; `prefix` is the site's folder from the repository's top, '' or ending
 * in '/'), those the index flags so that git's status never looks at them (assume-unchanged;
 * skip-worktree is refused apart) whose file differs from the index's blob or mode: an edit git
 * would not list, which a commit of the file would take in under lead's message.
 */
export function changesGitDoesNotList(root: string, prefix: string, index: IndexView, files: readonly string[], skipWorktree: readonly string[]): string[] {
  const unchecked = new Set(index.unchecked())
  if (unchecked.size === 0) return []
  return files.filter((file) => unchecked.has(prefix + file) && !skipWorktree.includes(file) && !asIndexed(path.join(root, file), index.entry(prefix + file)))
}

/** Whether the file at `abs` is what `entry` records of it (its blob and mode), or is absent where the index holds no entry. */
function asIndexed(abs: string, entry: IndexedFile | null): boolean {
  const now = fileNow(abs)
  return now === null ? entry === null : now !== undefined && entry !== null && now.blob === entry.oid && now.mode === entry.mode
}

/** The early status left out the site's dot folders and node_modules (git-file-state.ts startStatus). */
function inGitsAnswer(file: string): boolean {
  const first = file.split('/', 1)[0]!
  return !first.startsWith('.') && first !== 'node_modules'
}

/**
 * The file now as git's index records one: its blob hash and mode (100755 with its owner's execute
 * bit, else 100644: git's status lists a chmod that leaves the bytes as they were, and lead's write
 * keeps the mode, so the mode would be committed under lead's message). null: no file; undefined:
 * something else (a link, a folder) or unreadable. Compared whatever core.fileMode says: a
 * mismatch only sends the question to git.
 */
function fileNow(abs: string): {blob: string; mode: number} | null | undefined {
  try {
    const st = fs.lstatSync(abs, {throwIfNoEntry: false})
    if (st === undefined) return null
    return st.isFile() ? {blob: contentHash(fs.readFileSync(abs)), mode: st.mode & 0o100 ? 0o100755 : 0o100644} : undefined
  } catch {
    return undefined
  }
}
