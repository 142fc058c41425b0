/**
 * The git operations lead performs on a site: init, commit exactly the paths it wrote, and read
 * state. User text never reaches git as an option: paths go after `--`, messages after `-m`.
 */
import fs from 'node:fs'
import path from 'node:path'
import {simpleGit, type SimpleGit} from 'simple-git'
import {LeadError, ExitCode} from '../errors.js'

/**
 * simple-git 4 drops every ambient GIT_* variable unless it is allowed. Allowed: who is committing
 * and which config to read. Never the location variables (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE):
 * a hook or a parent git process sets them for its own repository, and lead must commit to the
 * site's repository, which its folder alone identifies.
 */
const GIT_ENVIRONMENT = [
  'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_AUTHOR_DATE',
  'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_COMMITTER_DATE',
  'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM', 'GIT_CEILING_DIRECTORIES',
]

/**
 * The environment of a git process lead starts itself: the allowed GIT_* variables only, as
 * simple-git does. glibc is told to keep freed memory: git's zlib streams otherwise grow and
 * shrink the heap once per object, and on sandboxed kernels (gVisor) each such call costs ~0.1 ms
 * (a 5,000-blob fast-import: 3.7 s → 0.05 s).
 */
function gitChildEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_') || GIT_ENVIRONMENT.includes(k)) env[k] = v
  return {...env, MALLOC_TOP_PAD_: String(64 * 1024 * 1024), MALLOC_TRIM_THRESHOLD_: String(256 * 1024 * 1024)}
}

/** Above this many paths, a command does not name each one to git (see dirtyPaths, commitPaths). */
const MANY_PATHS = 64

export class SiteRepo {
  readonly root: string
  readonly git: SimpleGit

  constructor(root: string) {
    this.root = root
    this.git = simpleGit({baseDir: root, trimmed: false, allowEnvironment: [...GIT_ENVIRONMENT]} as Parameters<typeof simpleGit>[0])
  }

  async isRepo(): Promise<boolean> {
    try {
      const top = (await this.git.raw(['rev-parse', '--show-toplevel'])).trim()
      return top.length > 0
    } catch {
      return false
    }
  }

  /** The site's folder relative to the top of its repository ('' at the top, 'sites/harbor/' below). */
  async prefix(): Promise<string> {
    try {
      return (await this.git.raw(['rev-parse', '--show-prefix'])).trim()
    } catch {
      return ''
    }
  }

  async init(): Promise<void> {
    await this.git.raw(['init', '--quiet', '--initial-branch=main'])
  }

  /** A merge, rebase, cherry-pick or revert the user has started and not finished. */
  async operationInProgress(): Promise<string | undefined> {
    const checks: Array<[string, string]> = [['MERGE_HEAD', 'merge'], ['rebase-merge', 'rebase'], ['rebase-apply', 'rebase'], ['CHERRY_PICK_HEAD', 'cherry-pick'], ['REVERT_HEAD', 'revert']]
    for (const [name, op] of checks) {
      const p = (await this.git.raw(['rev-parse', '--git-path', name])).trim()
      if (fs.existsSync(path.resolve(this.root, p))) return op
    }
    return undefined
  }

  /** HEAD points at a commit rather than a branch. */
  async isDetached(): Promise<boolean> {
    // simple-git treats a silent exit 1 as success, so judge by the output: a branch name, or nothing.
    try {
      return (await this.git.raw(['symbolic-ref', '-q', 'HEAD'])).trim() === ''
    } catch {
      return true
    }
  }

  /** Paths with unresolved merge conflicts (unmerged index entries). */
  async unmergedPaths(): Promise<string[]> {
    const out = await this.git.raw(['diff', '--name-only', '--diff-filter=U', '-z'])
    return [...new Set(out.split('\0').filter(Boolean))]
  }

  /** Of `paths`, those with uncommitted changes (staged or not) against HEAD. */
  async dirtyPaths(paths: readonly string[]): Promise<string[]> {
    if (paths.length === 0) return []
    // git matches every index entry against every pathspec: for an import of thousands of files,
    // the whole status filtered here is ten times cheaper than naming each one.
    const many = paths.length > MANY_PATHS
    const out = await this.git.raw(['status', '--porcelain=v1', '-z', '--untracked-files=all', ...(many ? [] : ['--', ...paths])])
    const dirty: string[] = []
    const entries = out.split('\0').filter(Boolean)
    // git prints paths from the repository's top; the site may sit in a subfolder of it.
    const prefix = entries.length > 0 ? await this.prefix() : ''
    const wanted = many ? new Set(paths) : undefined
    const siteRelative = (file: string) => (prefix && file.startsWith(prefix) ? file.slice(prefix.length) : file)
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!
      const file = siteRelative(entry.slice(3))
      const renamed = entry[0] === 'R' || entry[0] === 'C'
      const from = renamed ? siteRelative(entries[i + 1] ?? '') : undefined
      if (renamed) i++ // the rename's source path follows
      if (!wanted || wanted.has(file) || (from !== undefined && wanted.has(from))) dirty.push(file)
    }
    return dirty
  }

  /** The files under `paths` (site-relative files or folders) that git tracks or would track (not ignored). */
  async filesUnder(paths: readonly string[]): Promise<string[]> {
    const out = await this.git.raw(['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...paths])
    return [...new Set(out.split('\0').filter(Boolean))]
  }

  /** Is this site-relative file in git (in the index or a commit)? */
  async isTracked(file: string): Promise<boolean> {
    return (await this.git.raw(['ls-files', '-z', '--', file])).length > 0
  }

  /**
   * Write the files' contents into the repository as one pack (git fast-import), so update-index
   * finds every blob already stored: thousands of loose objects took 4-8 s of system time here,
   * one pack 0.05 s (below fastimport.unpackLimit, 100 objects, git stores them loose itself).
   * Only a shortcut: a blob git would store differently (a site whose .gitattributes converts
   * line ends) is simply stored again by update-index.
   */
  private async storeBlobs(paths: readonly string[]): Promise<void> {
    const parts: Buffer[] = []
    for (const p of paths) {
      let bytes: Buffer
      try {
        bytes = fs.readFileSync(path.join(this.root, p))
      } catch {
        continue // deleted: update-index --remove takes it out
      }
      parts.push(Buffer.from(`blob\ndata ${bytes.length}\n`), bytes, Buffer.from('\n'))
    }
    if (parts.length === 0) return
    const {spawn} = await import('node:child_process')
    await new Promise<void>((resolve, reject) => {
      const child = spawn('git', ['fast-import', '--quiet'], {cwd: this.root, env: gitChildEnvironment(), stdio: ['pipe', 'ignore', 'pipe']})
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      child.on('error', reject)
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import failed: ${stderr.trim()}`))))
      child.stdin.on('error', () => undefined) // a failing git closes its input; 'close' reports why
      child.stdin.end(Buffer.concat(parts))
    })
  }

  /**
   * Stage and commit exactly `paths` (site-relative). Anything else the user has staged stays
   * staged and out of this commit. On failure the files stay written and the error says how to
   * commit them by hand.
   */
  async commitPaths(paths: readonly string[], message: string): Promise<string> {
    // Another git process (an editor's git integration, a second terminal) may hold .git/index.lock
    // for a moment: retry a few times before giving up. A lock left by a killed git is never removed.
    for (let attempt = 0; ; attempt++) {
      try {
        // `--verbose` makes git print, which avoids simple-git's 50 ms wait on silent commands.
        const before = await this.head()
        if (paths.length > MANY_PATHS && (await this.git.raw(['diff', '--cached', '--name-only', '-z'])) === '') {
          // Thousands of files (an import): update-index takes paths literally, and with nothing
          // else staged a plain commit holds exactly them; add and commit --only would match every
          // index entry against every path (seconds of CPU). Paths deleted from disk are removed.
          await this.storeBlobs(paths)
          await this.git.raw(['update-index', '--add', '--remove', '--', ...paths])
          await this.git.raw(['commit', '--quiet', '-m', message])
        } else {
          await this.git.raw(['add', '--verbose', '--', ...paths])
          await this.git.raw(['commit', '--quiet', '-m', message, '--only', '--', ...paths])
        }
        // simple-git resolves when git fails silently (exit status 1 with nothing on stderr, as a
        // quiet hook does), so check that a commit was really made and holds the files.
        const after = await this.head()
        if (!after || after === before || (await this.dirtyPaths(paths)).length > 0) {
          throw new Error('git commit made no commit (a hook may have rejected it without saying why)')
        }
        return after
      } catch (error) {
        const text = (error as Error).message ?? ''
        if (/index\.lock/.test(text) && !DISK_FULL.test(text) && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt))
          continue
        }
        throw commitFailure(error, paths, message)
      }
    }
  }

  /**
   * The commits that touched a file, newest first, following renames. `patch` adds each commit's
   * diff of the file.
   */
  async fileHistory(file: string, options: {patch?: boolean; limit?: number} = {}): Promise<FileCommit[]> {
    if (!(await this.hasCommits())) return []
    const args = ['log', '--follow', '--format=%x1e%H%x1f%aI%x1f%an%x1f%ae%x1f%s']
    if (options.patch) args.push('--patch', '--no-color', '--no-ext-diff')
    else args.push('--name-only')
    if (options.limit) args.push(`--max-count=${options.limit}`)
    args.push('--', file)
    const out = await this.git.raw(args)
    const commits: FileCommit[] = []
    for (const chunk of out.split('\x1e').slice(1)) {
      const newline = chunk.indexOf('\n')
      const head = newline === -1 ? chunk : chunk.slice(0, newline)
      const body = newline === -1 ? '' : chunk.slice(newline + 1)
      const [sha, date, author, email, subject] = head.split('\x1f') as [string, string, string, string, string]
      const commit: FileCommit = {sha, date, author, email, subject}
      if (options.patch) commit.patch = body.replace(/^\n+/, '').replace(/\n+$/, '\n')
      else commit.path = body.split('\n').map((l) => l.trim()).find((l) => l.length > 0)
      commits.push(commit)
    }
    return commits
  }

  /** The commit HEAD points at, or undefined in a repository without commits. */
  async head(): Promise<string | undefined> {
    try {
      const sha = (await this.git.raw(['rev-parse', '--verify', '--quiet', 'HEAD'])).trim()
      return sha || undefined
    } catch {
      return undefined
    }
  }

  async hasCommits(): Promise<boolean> {
    try {
      await this.git.raw(['rev-parse', '--verify', '--quiet', 'HEAD'])
      return true
    } catch {
      return false
    }
  }
}

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

/** git's words for a full disk (its own and the system's). */
const DISK_FULL = /No space left on device|Out of diskspace|ENOSPC|Disk quota exceeded/i

/** A git command that failed while lead was checking the repository: one line, exit 4, never a stack trace. */
export function gitFailure(error: unknown, doing: string): LeadError {
  if (error instanceof LeadError) return error
  const text = (error as Error).message ?? String(error)
  if (DISK_FULL.test(text)) return new LeadError('DISK_FULL', `git could not ${doing}: the disk is full`, {exit: ExitCode.io, hint: 'free some space and try again; nothing was written'})
  return new LeadError('GIT_FAILED', `git could not ${doing}: ${firstLine(text)}`, {exit: ExitCode.io, hint: 'run git status in the site to see what is wrong; nothing was written'})
}

function commitFailure(error: unknown, paths: readonly string[], message: string): LeadError {
  const text = (error as Error).message ?? String(error)
  const byHand = `git add -- ${paths.map(shellQuote).join(' ')} && git commit -m ${shellQuote(message)} -- ${paths.map(shellQuote).join(' ')}`
  if (DISK_FULL.test(text)) {
    return new LeadError('DISK_FULL', 'the change is written but not committed: the disk is full', {exit: ExitCode.io, hint: `free some space, then: ${byHand}`})
  }
  if (/Please tell me who you are|unable to auto-detect email|empty ident/i.test(text)) {
    return new LeadError('GIT_IDENTITY', 'the change is written but not committed: git does not know who you are', {
      exit: ExitCode.io,
      hint: `run git config --global user.name "Your Name" && git config --global user.email you@example.org, then: ${byHand}`,
    })
  }
  if (/index\.lock/.test(text)) {
    return new LeadError('GIT_LOCKED', 'the change is written but not committed: another git process holds the index lock (.git/index.lock)', {
      exit: ExitCode.io,
      hint: `when no git command is running, remove .git/index.lock if it is left over, then: ${byHand}`,
    })
  }
  return new LeadError('GIT_FAILED', `the change is written but not committed: ${firstLine(text)}`, {exit: ExitCode.io, hint: `commit it by hand: ${byHand}`})
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
}

/** git's own reason: its fatal:/error: line, else the first line. */
function firstLine(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter((l) => l.length > 0)
  return lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? s
}
