/**
 * Whether the `git status` lead took when it started (records/git-file-state.ts) still answers the
 * write path's question about the files it is about to commit: no uncommitted change in any of them
 * (staged, unstaged or untracked), and HEAD on a branch. Asking git again under the lock is a
 * second `git status` on a big site (~40 ms of the other core, competing with the load: ~10 ms of a
 * `lead set` on 10,000 referrals).
 *
 * The early answer stands only when nothing it rests on has moved since:
 * - HEAD names the same branch and commit (read from the ref files);
 * - git's index holds the same entries (its digest: paths, modes, blobs, stages and flags);
 * - git listed none of the files, checks each of them (no assume-unchanged or skip-worktree flag,
 *   no conflict), and each holds now exactly the blob the index has for it, or is absent with
 *   no entry (a new record). lead's content hash is git's blob hash, so this is a comparison of
 *   bytes, with none of the file times git's own check trusts.
 * Index the same, HEAD the same: what is staged is what git found staged (nothing, for these files).
 * Anything else, or anything lead cannot read this way, and git is asked as before, so every
 * refusal still comes from git's own answer. (What this cannot see is someone staging one of
 * the files in the moments between git's status reading the index and lead reading it after;
 * the check under the lock had a like window between git's answer and the commit.)
 */
import fs from 'node:fs'
import path from 'node:path'
import {headBranch, headCommit} from '../git-dir.js'
import {contentHash} from '../records/cache-files.js'
import type {IndexView} from '../records/git-index.js'
import type {GitFileState} from '../records/git-file-state.js'

export function cleanAsGitSaw(seen: GitFileState, root: string, gitDir: string, index: IndexView, files: readonly string[]): boolean {
  const head = seen.head
  if (head?.branch === undefined || head.commit === undefined) return false // detached, or before the first commit: git answers
  if (headBranch(gitDir) !== head.branch || headCommit(gitDir) !== head.commit) return false
  if (!seen.sameEntries(index)) return false
  const flagged = new Set([...index.unchecked(), ...index.unmerged()])
  for (const file of files) {
    if (!inGitsAnswer(file) || seen.listedByGit(file) || flagged.has(seen.fromTop(file))) return false
    if (blobNow(path.join(root, file)) !== seen.indexBlob(file)) return false
  }
  return true
}

/** The early status left out the site's dot folders and node_modules (git-file-state.ts startStatus). */
function inGitsAnswer(file: string): boolean {
  const first = file.split('/', 1)[0]!
  return !first.startsWith('.') && first !== 'node_modules'
}

/** The blob hash of the file's bytes now; null when there is no file; undefined when it is something else (a link, a folder) or cannot be read. */
function blobNow(abs: string): string | null | undefined {
  let st: fs.Stats | undefined
  try {
    st = fs.lstatSync(abs, {throwIfNoEntry: false})
    if (st === undefined) return null
    return st.isFile() ? contentHash(fs.readFileSync(abs)) : undefined
  } catch {
    return undefined
  }
}
