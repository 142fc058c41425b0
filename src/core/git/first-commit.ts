/**
 * Whether the site's repository has its first commit, read from the files in .git (no git
 * process, so `lead validate` and `lead status` can ask on every run for free). A repository
 * without one is what `lead init` leaves when git could not commit (no identity yet): the records
 * are there but not in history, and re-running `lead init` finishes it.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {Diagnostic} from '../errors.js'
import {CONFIG_FILE} from '../records/kinds.js'

export type CommitState = 'committed' | 'unborn' | 'no-repo'

export function commitState(root: string): CommitState {
  const gitDir = findGitDir(root)
  if (!gitDir) return 'no-repo'
  let head: string
  try {
    head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim()
  } catch {
    return 'no-repo'
  }
  const ref = /^ref:\s*(\S+)$/.exec(head)?.[1]
  if (!ref) return 'committed' // a detached HEAD names a commit
  const common = commonDir(gitDir)
  if (fs.existsSync(path.join(common, ref)) || fs.existsSync(path.join(gitDir, ref))) return 'committed'
  try {
    const packed = fs.readFileSync(path.join(common, 'packed-refs'), 'utf8')
    if (packed.split('\n').some((l) => l.endsWith(` ${ref}`))) return 'committed'
  } catch {
    // no packed refs
  }
  return 'unborn'
}

/** The .git folder of the repository holding `root` (a worktree's .git file is followed). */
function findGitDir(root: string): string | undefined {
  let dir = path.resolve(root)
  for (;;) {
    const dotGit = path.join(dir, '.git')
    try {
      const st = fs.statSync(dotGit)
      if (st.isDirectory()) return dotGit
      const target = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'))?.[1]?.trim()
      if (target) return path.resolve(dir, target)
    } catch {
      // not here
    }
    const parent = path.dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

function commonDir(gitDir: string): string {
  try {
    return path.resolve(gitDir, fs.readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim())
  } catch {
    return gitDir
  }
}

/** A warning for `lead validate` and `lead status` when the site's files were never committed. */
export function notCommittedFinding(root: string): Diagnostic | undefined {
  const state = commitState(root)
  if (state === 'committed') return undefined
  return {
    code: 'SITE_NOT_COMMITTED',
    severity: 'warning',
    file: CONFIG_FILE,
    line: 1,
    column: 1,
    message: state === 'unborn' ? "the site's files are not committed yet: lead init did not finish (git may not have known who you are)" : 'the site is not a git repository, so changes cannot be committed or reviewed',
    hint: state === 'unborn' ? 'run `lead init` in the site again to finish it (after git config --global user.name and user.email)' : 'run `lead init` in the site: it makes the repository and commits the files',
  }
}
