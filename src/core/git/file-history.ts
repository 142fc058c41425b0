/**
 * A record's history (`lead history`): the commits that changed its file, across renames.
 *
 * `git log --follow -- FILE` diffs the folder's tree at every commit of the site: on 10,000
 * referrals in one year's folder (a 400 KB tree) and 300 commits, ~1.1 s. git's changed-path
 * Bloom filters (a commit-graph written with --changed-paths) let it skip every commit that did
 * not touch the path, but not under --follow. So the log is asked without it, and a rename is
 * followed by hand: the oldest commit of a path is where it appeared; if git finds it renamed
 * from another path there, the log goes on from that commit's parent under the old path.
 * The commit-graph is brought up to date first (--split: only the commits since the last one,
 * ~30 ms; the first time ~1 s on a big site); git keeps it in .git/objects/info as a cache that
 * `git gc` and `git maintenance` also write. Where it cannot be written (a read-only clone, a
 * shallow one), the log is as slow as before and as right.
 */
import fs from 'node:fs'
import path from 'node:path'
import {commonDir} from '../git-dir.js'
import {stateFolderFile} from '../state-folder.js'
import {readPrivateFile, writePrivateText} from '../records/private-file.js'

export interface FileCommit {
  sha: string
  /** Author date, ISO 8601 with offset. */
  date: string
  author: string
  email: string
  subject: string
  /** The file's path in this commit (it changes across renames). */
  path?: string
  patch?: string
}

/** Runs git with these arguments in the site and gives its standard output. */
export type RunGit = (args: string[]) => Promise<string>

const FORMAT = '--format=%x1e%H%x1f%aI%x1f%an%x1f%ae%x1f%s'

/**
 * Bring the changed-path commit-graph up to date (nothing where it cannot be written: no commits,
 * read-only). Not asked again while HEAD is the commit it was last written at and the graph's
 * chain file is as that write left it (`at`: the git directory and HEAD's commit): a history walks
 * from HEAD, so a graph that holds HEAD holds every commit it walks. A graph that is stale or gone
 * costs speed, never a wrong answer (git checks it as it reads).
 */
export async function updateChangedPaths(git: RunGit, at?: {gitDir: string; head: string}): Promise<void> {
  const stamp = at && graphStamp(at.gitDir, at.head)
  const memo = at && stateFolderFile(at.gitDir, 'commit-graph-head.txt')
  if (stamp !== undefined && memo !== undefined && sameText(memo, stamp)) return
  const written = await git(['commit-graph', 'write', '--reachable', '--changed-paths', '--split']).then(() => true, () => false)
  const after = written && at ? graphStamp(at.gitDir, at.head) : undefined
  if (after !== undefined && memo !== undefined) writePrivateText(memo, after)
}

/** HEAD and the chain file's identity and times, as one line; undefined without a chain file (a graph written otherwise, or none). */
function graphStamp(gitDir: string, head: string): string | undefined {
  const chain = fs.statSync(path.join(commonDir(gitDir), 'objects', 'info', 'commit-graphs', 'commit-graph-chain'), {throwIfNoEntry: false})
  return chain && `${head} ${chain.ino} ${chain.size} ${chain.mtimeMs} ${chain.ctimeMs}\n`
}

function sameText(file: string, text: string): boolean {
  try {
    return readPrivateFile(file)?.bytes.toString('utf8') === text
  } catch {
    return false
  }
}

/** The log of `file`, with the commit-graph brought up to date first (updateChangedPaths). */
export async function fileHistory(git: RunGit, file: string, options: {patch?: boolean; limit?: number} = {}): Promise<FileCommit[]> {
  const commits: FileCommit[] = []
  let at = file
  let from = 'HEAD'
  // A chain of renames is followed as far as it goes; a cycle (a → b → a) stops at the first path seen again.
  const seen = new Set<string>()
  while (!seen.has(`${at}\0${from}`)) {
    seen.add(`${at}\0${from}`)
    const left = options.limit === undefined ? undefined : options.limit - commits.length
    if (left !== undefined && left <= 0) break
    // --literal-pathspecs: a name is the file's own, never a pattern (partners/a[1].yaml is not partners/a1.yaml).
    const args = ['--literal-pathspecs', 'log', FORMAT, ...(options.patch ? ['--patch', '--no-color', '--no-ext-diff'] : []), ...(left !== undefined ? [`--max-count=${left}`] : []), from, '--', at]
    const found = parseLog(await git(args), at, options.patch === true)
    commits.push(...found)
    const oldest = found.at(-1)
    if (!oldest || (left !== undefined && found.length >= left)) break
    const renamed = await renamedFrom(git, oldest.sha, at)
    if (renamed === undefined) break
    // The rename's own change, as --follow shows it: old and new path together.
    if (options.patch) oldest.patch = tidyPatch(await git(['--literal-pathspecs', 'diff', '-M', '--no-color', '--no-ext-diff', `${oldest.sha}^`, oldest.sha, '--', renamed, at]))
    at = renamed
    from = `${oldest.sha}^`
  }
  return commits
}

function parseLog(out: string, file: string, patch: boolean): FileCommit[] {
  const commits: FileCommit[] = []
  for (const chunk of out.split('\x1e').slice(1)) {
    const newline = chunk.indexOf('\n')
    const head = newline === -1 ? chunk : chunk.slice(0, newline)
    const body = newline === -1 ? '' : chunk.slice(newline + 1)
    const [sha, date, author, email, subject] = head.split('\x1f') as [string, string, string, string, string]
    const commit: FileCommit = {sha, date, author, email, subject}
    // The path asked about: the one file the log is limited to (git's --name-only would quote an unusual name: "caf\303\251.yaml").
    // Kept with a patch too: lead history conceals a name by its path (a referral once saved as
    // partners/quennell-zavorski.yaml), and its patches name that path.
    commit.path = file
    if (patch) commit.patch = tidyPatch(body)
    commits.push(commit)
  }
  return commits
}

const tidyPatch = (text: string) => text.replace(/^\n+/, '').replace(/\n+$/, '\n')

/**
 * The path `file` was renamed from in `sha` (git's rename detection, as --follow uses it), if it was.
 * Paths are the site's (--relative: a site may be a folder of its repository, and diff-tree names
 * paths from the top). The candidates are the paths `sha` removed, matched against `file` alone, as
 * --follow does: detection among every added and removed path stops at git's rename limit (1,000 ×
 * 1,000 pairs), which a commit renaming more than 1,000 records with an edit reaches.
 */
async function renamedFrom(git: RunGit, sha: string, file: string): Promise<string | undefined> {
  let out: string
  try {
    // -z: paths as they are (no quoting of unusual characters). Against the first parent, where the
    // log goes on (a merge alone says nothing; a root commit has none, removed nothing: git fails).
    const gone = (await git(['diff-tree', '-r', '--relative', '--name-only', '-z', '--diff-filter=D', `${sha}^`, sha])).split('\0').filter((p) => p.length > 0)
    if (gone.length === 0) return undefined
    out = await git(['--literal-pathspecs', 'diff-tree', '-r', '--relative', '-M', '--name-status', '-z', `${sha}^`, sha, '--', file, ...gone])
  } catch {
    return undefined
  }
  const fields = out.split('\0')
  for (let i = 0; i < fields.length; ) {
    const status = fields[i] ?? ''
    if (status.startsWith('R') || status.startsWith('C')) {
      if (status.startsWith('R') && fields[i + 2] === file) return fields[i + 1]
      i += 3
    } else i += 2
  }
  return undefined
}
