/**
 * What the write path needs to know about a repository before it commits, read from as little git
 * as possible: `git status --porcelain=v2 --branch -z` (the branch, whether HEAD is detached, and
 * which paths are dirty; parsed in ../git-status.ts), the files git itself leaves in its directory
 * while a merge, rebase, am, cherry-pick or revert waits to be finished (wt-status.c reads the same
 * ones), and which paths git would commit no change to (skip-worktree).
 */
import fs from 'node:fs'
import path from 'node:path'
import type {GitRun} from './git-errors.js'
import {literal} from './pathspecs.js'

export {parsePorcelainV2, type PorcelainStatus, type StatusEntry} from '../git-status.js'

/** The repository's state as the write path judges it (SiteRepo.writeState). */
export interface WriteState {
  /** Paths with unresolved merge conflicts, from the repository's top. */
  unmerged: string[]
  /** The merge, rebase, am, cherry-pick or revert waiting to be finished (only when committing). */
  operation?: string
  detached: boolean
  /** Of the paths to commit, those with uncommitted changes (staged, unstaged or untracked). */
  dirty: string[]
  /** Of the paths to commit, those outside a sparse checkout (skip-worktree): git commits no change to them. */
  skipWorktree: string[]
  /** Of `dirty`, those whose change git's status does not show: flagged assume-unchanged. */
  hidden?: string[]
}

/**
 * The operation the user has started in this work tree and not finished, by the files git keeps
 * for it in the work tree's own git directory (a linked worktree has its own). Named as the git
 * command that continues or aborts it. A bisect is not one: it leaves HEAD detached, which the
 * write path refuses on its own.
 */
export function operationInProgress(gitDir: string): string | undefined {
  const has = (name: string) => fs.existsSync(path.join(gitDir, name))
  if (has('MERGE_HEAD')) return 'merge'
  // `git am` and `git rebase --apply` share rebase-apply/; am marks it with 'applying'.
  if (has('rebase-apply')) return has(path.join('rebase-apply', 'applying')) ? 'am' : 'rebase'
  if (has('rebase-merge')) return 'rebase'
  if (has('CHERRY_PICK_HEAD')) return 'cherry-pick'
  if (has('REVERT_HEAD')) return 'revert'
  // A series of picks or reverts stopped after a conflict the user resolved and committed: the
  // *_HEAD file is gone, the sequence still waits for --continue.
  if (has('sequencer')) return sequenceCommand(gitDir)
  return undefined
}

function sequenceCommand(gitDir: string): string | undefined {
  let todo: string
  try {
    todo = fs.readFileSync(path.join(gitDir, 'sequencer', 'todo'), 'utf8')
  } catch {
    return undefined // an empty or half-written sequencer folder: nothing to continue
  }
  // As git's sequencer_get_last_command reads it: the first line's command, spelt out or abbreviated.
  const first = /^(\S+) /.exec(todo)?.[1]
  if (first === 'pick' || first === 'p') return 'cherry-pick'
  if (first === 'revert' || first === 'r') return 'revert'
  return undefined
}

/**
 * Of `paths` (site-relative), those git's index marks skip-worktree: none unless `unchecked` (entries
 * git does not check, from the top; `prefix` is the site's folder there) names one, or is unknown.
 * More than `namedUpTo` paths (an import) are not named to git, which matches every entry against
 * every pathspec: its whole listing is filtered here.
 */
export async function skipWorktreePaths(git: {run(args: readonly string[]): Promise<GitRun>}, paths: readonly string[], unchecked: readonly string[] | undefined, prefix: () => Promise<string>, namedUpTo: number): Promise<string[]> {
  if (unchecked?.length === 0) return []
  if (unchecked) {
    const under = await prefix()
    const flagged = new Set(unchecked)
    if (!paths.some((p) => flagged.has(under + p))) return []
  }
  // ls-files -t tags each entry: S for skip-worktree (the tag's case: lower for assume-unchanged).
  const many = paths.length > namedUpTo
  const listed = await git.run(['ls-files', '-t', '-z', ...(many ? [] : ['--', ...literal(paths)])])
  if (listed.code !== 0) return []
  const wanted = many ? new Set(paths) : undefined
  return listed.stdout.toString('utf8').split('\0').flatMap((e) => (e.startsWith('S ') && (!wanted || wanted.has(e.slice(2))) ? [e.slice(2)] : []))
}
