/**
 * What the write path needs to know about a repository before it commits, read from as little git
 * as possible: `git status --porcelain=v2 --branch -z` (the branch, whether HEAD is detached, and
 * which paths are dirty) and the files git itself leaves in its directory while a merge, rebase,
 * am, cherry-pick or revert waits to be finished (wt-status.c reads the same ones).
 */
import fs from 'node:fs'
import path from 'node:path'

export interface StatusEntry {
  /** Path from the top of the repository, exactly as git has it (-z: no quoting). */
  path: string
  /** A rename's or copy's source path. */
  from?: string
  /** Unresolved merge conflict. */
  unmerged: boolean
}

export interface PorcelainStatus {
  /** HEAD's commit; undefined on an unborn branch (before the first commit). */
  head?: string
  /** The branch HEAD names; undefined when HEAD is detached. */
  branch?: string
  /** Changed, unmerged and untracked paths (ignored ones are left out). */
  entries: StatusEntry[]
}

/** Fields before the path in a porcelain v2 record, by its first letter. */
const FIELDS_BEFORE_PATH: Record<string, number> = {'1': 8, '2': 9, u: 10, '?': 1}

/** Parse `git status --porcelain=v2 --branch -z`. */
export function parsePorcelainV2(out: string): PorcelainStatus {
  const status: PorcelainStatus = {entries: []}
  const records = out.split('\0')
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!
    if (record === '') continue
    if (record.startsWith('# ')) {
      const space = record.indexOf(' ', 2)
      const key = record.slice(2, space === -1 ? undefined : space)
      const value = space === -1 ? '' : record.slice(space + 1)
      if (key === 'branch.oid' && value !== '(initial)') status.head = value
      if (key === 'branch.head' && value !== '(detached)') status.branch = value
      continue
    }
    const fields = FIELDS_BEFORE_PATH[record[0]!]
    if (fields === undefined) continue // '!' (ignored), or a kind a later git adds
    const file = afterFields(record, fields)
    const entry: StatusEntry = {path: file, unmerged: record[0] === 'u'}
    // A rename's source path is the next NUL-terminated record.
    if (record[0] === '2') entry.from = records[++i] ?? ''
    status.entries.push(entry)
  }
  return status
}

/** The rest of a record after `n` space-separated fields: the path, which may hold spaces. */
function afterFields(record: string, n: number): string {
  let at = 0
  for (let k = 0; k < n; k++) {
    at = record.indexOf(' ', at) + 1
    if (at === 0) return ''
  }
  return record.slice(at)
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
