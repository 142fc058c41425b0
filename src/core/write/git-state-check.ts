/**
 * What the write path refuses to commit over, judged from git under the lock (record-writer.ts):
 * a site that is no repository (unless --no-commit), conflicts, a rebase or merge in progress, a
 * detached HEAD, and uncommitted changes in the files lead would commit.
 */
import {stateError} from '../errors.js'
import {gitFailure, SiteRepo, shellQuote} from '../git/site-repo.js'
import type {Site} from '../site.js'
import type {GitFileState} from '../records/git-file-state.js'
import {findGitDir} from '../git-dir.js'
import {gitWordsForFiles} from './git-words.js'

/**
 * The git-state refusals of the write path, for a command to run before asking a person for work
 * (lead edit checks before opening the editor); writeRecords checks again under the lock.
 */
export async function checkWritable(site: Site, files: string[], commit: boolean): Promise<void> {
  await checkGitState(new SiteRepo(site.root), files, commit, undefined, gitWordsForFiles(files, findGitDir(site.root)?.gitDir).line)
}

/**
 * `seen`: git's answer the load asked for, which answers for the files when nothing moved since
 * (git/vouched-clean.ts). `shown`: git's words as lead may print them: git status runs the site's
 * clean filters and fsmonitor, whose words git passes on (write/git-words.ts).
 */
export async function checkGitState(repo: SiteRepo, files: string[], commit: boolean, seen?: Promise<GitFileState | undefined>, shown?: (line: string) => string): Promise<void> {
  try {
    await refuseUnsafeGitState(repo, files, commit, seen)
  } catch (error) {
    throw gitFailure(error, 'check the state of the repository', shown)
  }
}

async function refuseUnsafeGitState(repo: SiteRepo, files: string[], commit: boolean, seen?: Promise<GitFileState | undefined>): Promise<void> {
  const state = await repo.writeState(files, {commit, seen})
  if (!state) {
    if (!commit) return
    throw stateError('NOT_A_REPO', 'the site is not a git repository, so the change cannot be committed', 'run `git init` in the site (lead init does this), or pass --no-commit')
  }
  const conflicted = state.unmerged
  if (conflicted.length > 0) {
    throw stateError('CONFLICTED', `the site has unresolved merge conflicts: ${conflicted.join(', ')}`, 'resolve them (edit, then `git add`) and finish the merge before changing records', {files: conflicted})
  }
  if (!commit) return
  const busy = state.operation
  if (busy) throw stateError('GIT_BUSY', `a git ${busy} is in progress in this repository`, `finish it (git ${busy} --continue) or abort it (git ${busy} --abort) before changing records, or pass --no-commit`)
  if (state.detached) throw stateError('DETACHED_HEAD', 'the repository is not on a branch (detached HEAD): a commit made now would be lost when you switch branches', 'switch to a branch first: git switch main')
  const sparse = state.skipWorktree
  if (sparse.length > 0) {
    throw stateError('SKIP_WORKTREE', `${sparse.join(', ')} ${sparse.length === 1 ? 'is' : 'are'} marked skip-worktree in git's index (outside a sparse checkout, or set aside by hand): git would commit no change to ${sparse.length === 1 ? 'it' : 'them'}`, `let git see ${sparse.length === 1 ? 'it' : 'them'} again first (git update-index --no-skip-worktree -- ${sparse.map(shellQuote).join(' ')}; in a sparse checkout, git sparse-checkout add FOLDER), or pass --no-commit`, {files: sparse})
  }
  const hidden = state.hidden ?? []
  if (hidden.length > 0) {
    // git status, git diff and git commit all pass over these files: committing them by hand first would commit nothing.
    const them = hidden.length === 1 ? 'it' : 'them'
    throw stateError('UNCOMMITTED_CHANGES', `${hidden.join(', ')} ha${hidden.length === 1 ? 's' : 've'} uncommitted changes that git does not show (flagged assume-unchanged in git's index), which lead would otherwise commit with yours`, `let git see ${them} again (git update-index --no-assume-unchanged -- ${hidden.map(shellQuote).join(' ')}), then commit or stash ${them}; or pass --no-commit`, {files: hidden})
  }
  const dirty = state.dirty
  if (dirty.length > 0) {
    throw stateError('UNCOMMITTED_CHANGES', `${dirty.join(', ')} ha${dirty.length === 1 ? 's' : 've'} uncommitted changes that lead would otherwise commit with yours`, `commit or stash them first (git commit ${dirty.map(shellQuote).join(' ')}), or pass --no-commit`, {files: dirty})
  }
}
