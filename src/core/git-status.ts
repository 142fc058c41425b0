/**
 * `git status --porcelain=v2 -z` read into entries: used by the write path's checks (git/) and by
 * the load's question of which files changed (records/git-file-state.ts), so it sits on the
 * ground floor.
 */

export interface StatusEntry {
  /** Path from the top of the repository, exactly as git has it (-z: no quoting). */
  path: string
  /** A rename's or copy's source path. */
  from?: string
  /** Unresolved merge conflict. */
  unmerged: boolean
  /** Set for paths git does not track (untracked, or ignored when asked for) and for files deleted from the working tree. */
  state?: 'untracked' | 'ignored' | 'deleted'
  /**
   * What HEAD holds at the path, from an ordinary change's record (`1`: its mH and hH fields): null
   * when HEAD holds nothing there (added to the index). Absent for the other kinds: untracked and
   * ignored paths are in no commit, and a conflict's record names its stages, not HEAD.
   */
  inHead?: {mode: string; oid: string} | null
}

export interface PorcelainStatus {
  /** HEAD's commit; undefined on an unborn branch (before the first commit). */
  head?: string
  /** The branch HEAD names; undefined when HEAD is detached. */
  branch?: string
  /** Changed, unmerged and untracked paths (ignored ones only when asked for). */
  entries: StatusEntry[]
}

/** Fields before the path in a porcelain v2 record, by its first letter. */
const FIELDS_BEFORE_PATH: Record<string, number> = {'1': 8, '2': 9, u: 10, '?': 1}

/** Parse `git status --porcelain=v2 [--branch] -z`; ignored paths (`!`) only when `ignored`. */
export function parsePorcelainV2(out: string, options: {ignored?: boolean} = {}): PorcelainStatus {
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
      // "(null)": HEAD names a ref that is no branch (a tag): not on a branch either.
      if (key === 'branch.head' && value !== '(detached)' && value !== '(null)') status.branch = value
      continue
    }
    const fields = record[0] === '!' && options.ignored ? 1 : FIELDS_BEFORE_PATH[record[0]!]
    if (fields === undefined) continue // '!' (ignored, not asked for), or a kind a later git adds
    const file = afterFields(record, fields)
    const entry: StatusEntry = {path: file, unmerged: record[0] === 'u'}
    // XY (record[2], record[3]): the index against HEAD, the working tree against the index.
    const state = record[0] === '?' ? 'untracked' : record[0] === '!' ? 'ignored' : record[3] === 'D' ? 'deleted' : undefined
    if (state) entry.state = state
    if (record[0] === '1') {
      // "1 XY sub mH mI mW hH hI path".
      const [, , , mode, , , oid] = record.split(' ', 7)
      entry.inHead = mode === undefined || oid === undefined || /^0+$/.test(mode) ? null : {mode, oid}
    }
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
