/**
 * The git operations lead performs on a site: init, commit exactly the paths it wrote, and read
 * state. User text never reaches git as an option: paths go after `--`, messages after `-m`.
 */
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type {SimpleGit} from 'simple-git'
import {gitError, type GitRun} from './git-errors.js'
import {findGitDir, headCommit} from '../git-dir.js'
import {operationInProgress, parsePorcelainV2, skipWorktreePaths, type WriteState} from './work-tree-state.js'
import {literal} from './pathspecs.js'
import {workTreeIndex, type IndexView} from '../records/git-index-view.js'
import {cacheVersion} from '../records/cache-files.js'
import {plainRepository, type GitFileState} from '../records/git-file-state.js'
import {changesGitDoesNotList, cleanAsGitSaw} from './vouched-clean.js'
import {fileHistory, updateChangedPaths, type FileCommit} from './file-history.js'
import {MANY_PATHS, SiteCommits, type CommitOptions} from './site-commit.js'
import {STAGED_CHECKED} from './staged-check.js'

export type {FileCommit} from './file-history.js'
export {gitFailure, shellQuote, type GitRun} from './git-errors.js'
export type {WriteState} from './work-tree-state.js'

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
/** Set in the environment of lead's `git commit` to the message it scanned: its commit-msg hook (pre-commit-hook.ts) then starts no second lead for that message. */
export const MESSAGE_CHECKED = 'LEAD_MESSAGE_CHECKED'

function gitChildEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_') || GIT_ENVIRONMENT.includes(k)) env[k] = v
  delete env[MESSAGE_CHECKED]
  delete env[STAGED_CHECKED]
  return {...env, MALLOC_TOP_PAD_: String(64 * 1024 * 1024), MALLOC_TRIM_THRESHOLD_: String(256 * 1024 * 1024)}
}

export class SiteRepo {
  readonly root: string
  private client?: Promise<SimpleGit>
  /** Its commits of the files lead wrote, and what is remembered of them. */
  private readonly commits = new SiteCommits(this)

  /** Given to lead's commits: the write judged what its pre-commit hook would (staged-check.ts, write/hook-check.ts). */
  private stagedChecked?: string

  constructor(root: string) {
    this.root = root
  }

  /** The commits this repo makes from now on carry `value` (staged-check.ts stagedCheckedValue) to lead's pre-commit hook; undefined: none. */
  vouchForStaged(value: string | undefined): void {
    this.stagedChecked = value
  }

  /**
   * `git ARGS` through simple-git, loaded on first use: a write (status, commit) runs git itself
   * (run, below) and never needs it. Loading it with its logger took 45-55 ms in a bare process;
   * inside `lead set`, where much of that is shared, less (too little to tell from the noise).
   */
  private async raw(args: string[]): Promise<string> {
    this.client ??= import('simple-git').then(({simpleGit}) => simpleGit({baseDir: this.root, trimmed: false, allowEnvironment: [...GIT_ENVIRONMENT]} as Parameters<typeof simpleGit>[0]))
    return (await this.client).raw(args)
  }

  async isRepo(): Promise<boolean> {
    try {
      const top = (await this.output(['rev-parse', '--show-toplevel'])).trim()
      return top.length > 0
    } catch {
      return false
    }
  }

  /** The site's folder relative to the top of its repository ('' at the top, 'sites/harbor/' below). */
  async prefix(): Promise<string> {
    try {
      return (await this.raw(['rev-parse', '--show-prefix'])).trim()
    } catch {
      return ''
    }
  }

  async init(): Promise<void> {
    await this.raw(['init', '--quiet', '--initial-branch=main'])
  }

  /**
   * What the write path refuses to commit over, from two git processes started at once (before
   * this returns its promise, so they run while the caller loads the site): `ls-files --unmerged`
   * for conflicts anywhere in the repository, and, when `paths` are to be committed, one
   * `status --porcelain=v2 --branch` for the branch and which of them are dirty. Operations in
   * progress are read as files in the git directory. Undefined: the site is not in a repository.
   */
  async writeState(paths: readonly string[], options: {commit: boolean; seen?: Promise<GitFileState | undefined>}): Promise<WriteState | undefined> {
    // Conflicts are read from git's index itself when it is one lead reads (one process fewer,
    // ~10 ms of a write on a big site); else asked of git.
    const index = this.workTreeIndex()
    const fromIndex = index?.unmerged()
    const conflicts = fromIndex ? undefined : this.run(['ls-files', '--unmerged', '--full-name', '-z', '--', ':/'])
    // Entries outside a sparse checkout (skip-worktree): git commits no change to them. Asked of
    // git only when the index flags one of the paths, or cannot be read here (a sparse index).
    const flagged = options.commit && paths.length > 0 ? skipWorktreePaths(this, paths, index?.unchecked(), async () => (await this.location()).prefix, MANY_PATHS) : undefined
    flagged?.catch(() => undefined)
    // git matches every index entry against every pathspec: for an import of thousands of files,
    // the whole status filtered here is ten times cheaper than naming each one. (No paths: no
    // pathspec would mean every path, so the whole status is filtered to none.)
    const many = paths.length > MANY_PATHS || paths.length === 0
    // Or the status lead took at its start still answers (vouched-clean.ts), against the index once that answer is in.
    const seen = options.commit && index && !many ? await options.seen : undefined
    const seenIn = seen && findGitDir(this.root)?.gitDir
    const indexNow = seenIn && this.workTreeIndex()
    if (indexNow && cleanAsGitSaw(seen!, this.root, seenIn, indexNow, paths)) return {unmerged: [...new Set(indexNow.unmerged())], operation: operationInProgress(seenIn), detached: false, dirty: [], skipWorktree: (await flagged) ?? []}
    const status = options.commit ? this.run(['status', '--porcelain=v2', '--branch', '--no-ahead-behind', '-z', '--untracked-files=all', ...(many ? [] : ['--', ...literal(paths)])]) : undefined
    // Awaited below; when git cannot start at all, the first failure is the one reported.
    status?.catch(() => undefined)
    const unmerged = new Set<string>(fromIndex)
    if (conflicts) {
      const listed = await conflicts
      if (listed.code !== 0) {
        await status?.catch(() => undefined)
        if (!(await this.isRepo())) return undefined
        throw gitError(listed, 'ls-files')
      }
      // Each stage of a conflict is one "mode sha stage<TAB>path" record.
      for (const record of listed.stdout.toString('utf8').split('\0')) if (record) unmerged.add(record.slice(record.indexOf('\t') + 1))
    }
    if (!status) return {unmerged: [...unmerged], detached: false, dirty: [], skipWorktree: []}
    const result = await status
    if (result.code !== 0) {
      // A folder git does not take for a repository after all (its ownership, GIT_CEILING_DIRECTORIES), as ls-files found before.
      if (fromIndex && !(await this.isRepo())) return undefined
      throw gitError(result, 'status')
    }
    const parsed = parsePorcelainV2(result.stdout.toString('utf8'))
    const {gitDir, prefix} = await this.location()
    // git prints paths from the repository's top; the site may sit in a subfolder of it, and a
    // path outside that folder is none of the site's, whatever its name.
    const siteRelative = (file: string | undefined) => (file === undefined || !prefix ? file : file.startsWith(prefix) ? file.slice(prefix.length) : undefined)
    const wanted = many ? new Set(paths) : undefined
    const dirty: string[] = []
    for (const entry of parsed.entries) {
      const file = siteRelative(entry.path)
      // A rename counts when either of its paths is one lead would commit.
      const hit = [file, siteRelative(entry.from)].find((f) => f !== undefined && (!wanted || wanted.has(f)))
      if (hit !== undefined) dirty.push(file ?? hit)
    }
    const skipWorktree = (await flagged) ?? []
    const hidden = index ? changesGitDoesNotList(this.root, prefix, index, paths, skipWorktree).filter((file) => !dirty.includes(file)) : []
    dirty.push(...hidden)
    return {unmerged: [...unmerged], operation: operationInProgress(gitDir), detached: parsed.branch === undefined, dirty, skipWorktree, ...(hidden.length > 0 ? {hidden} : {})}
  }

  /** The paths `ls-files --unmerged` names, from the index file, when lead can read it (git-index.ts). */
  private workTreeIndex(): IndexView | undefined {
    const gitDir = findGitDir(this.root)?.gitDir
    if (!gitDir || !plainRepository(gitDir)) return undefined
    // Summarised under a hash of its bytes, as the site's git state reads it: no walk of 13,000 entries.
    return workTreeIndex(gitDir, cacheVersion())
  }

  /** The git directory of the site's work tree, and the site's folder from the repository's top. */
  async location(): Promise<{gitDir: string; prefix: string}> {
    const found = findGitDir(this.root)
    if (found) {
      try {
        const prefix = path.relative(fs.realpathSync(found.top), fs.realpathSync(this.root)).split(path.sep).join('/')
        if (!prefix.startsWith('..')) return {gitDir: found.gitDir, prefix: prefix ? `${prefix}/` : ''}
      } catch {
        // ask git
      }
    }
    // A repository found otherwise (GIT_CEILING_DIRECTORIES, a linked .git): git says where.
    const [gitDir = '', prefix = ''] = (await this.output(['rev-parse', '--absolute-git-dir', '--show-prefix'])).split('\n')
    return {gitDir, prefix}
  }

  /** Run git in the site with lead's child environment; it resolves with git's exit status and rejects only when git cannot start. */
  run(args: readonly string[], input?: Buffer): Promise<GitRun> {
    return new Promise((resolve, reject) => {
      const env = gitChildEnvironment()
      // A message lead commits was scanned before anything was written: its commit-msg hook, told
      // the message, starts no second lead for it (pre-commit-hook.ts); any other commit is checked.
      const m = args[0] === 'commit' ? args.indexOf('-m') : -1
      if (m >= 0 && m + 1 < args.length) env[MESSAGE_CHECKED] = args[m + 1]
      // What the write judged, for its pre-commit hook (staged-check.ts): only on lead's own commits.
      if (args[0] === 'commit' && this.stagedChecked !== undefined) env[STAGED_CHECKED] = this.stagedChecked
      const child = spawn('git', args, {cwd: this.root, env, stdio: ['pipe', 'pipe', 'pipe']})
      const out: Buffer[] = []
      const err: Buffer[] = []
      child.stdout.on('data', (b: Buffer) => out.push(b))
      child.stderr.on('data', (b: Buffer) => err.push(b))
      child.on('error', (error) => reject(new Error(`cannot run git: ${error.message}`)))
      child.on('close', (code) => resolve({code: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8')}))
      child.stdin.on('error', () => undefined) // a failing git closes its input; its exit status says why
      child.stdin.end(input ?? '')
    })
  }

  /** git's output as text; an Error with git's message when it fails. */
  async output(args: readonly string[], input?: Buffer): Promise<string> {
    const r = await this.run(args, input)
    if (r.code !== 0) throw gitError(r, args[0]!)
    return r.stdout.toString('utf8')
  }

  /** The files under `paths` (site-relative files or folders) that git tracks or would track (not ignored). */
  async filesUnder(paths: readonly string[]): Promise<string[]> {
    const out = await this.raw(['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...literal(paths)])
    return [...new Set(out.split('\0').filter(Boolean))]
  }

  /** Is this site-relative file in git (in the index or a commit)? */
  async isTracked(file: string): Promise<boolean> {
    return (await this.raw(['ls-files', '-z', '--', ...literal([file])])).length > 0
  }

  /** Stage and commit exactly `paths` (site-relative): site-commit.ts. */
  commitPaths(paths: readonly string[], message: string, options: CommitOptions = {}): Promise<string> {
    return this.commits.commitPaths(paths, message, options)
  }

  /** The files commit `sha` changed besides `paths` ([] when only them, undefined when git cannot tell): site-commit.ts. */
  committedBeside(sha: string, paths: readonly string[]): Promise<string[] | undefined> {
    return this.commits.committedBeside(sha, paths)
  }

  /** Whether a post-commit hook committed on top of commit `sha`: HEAD is not the state lead judged. */
  overtook(sha: string): boolean {
    return this.commits.overtook(sha)
  }

  /**
   * The commits that touched a file, newest first, following renames. `patch` adds each commit's
   * diff of the file.
   */
  /** The commits that changed `file`, newest first, across renames (file-history.ts). */
  async fileHistory(file: string, options: {patch?: boolean; limit?: number} = {}): Promise<FileCommit[]> {
    // git run by lead itself, as a write's: no simple-git to load for the few processes of a history.
    const git = (args: string[]) => this.output(args)
    const head = await this.currentHead()
    if (head === undefined) return []
    const gitDir = findGitDir(this.root)?.gitDir
    await updateChangedPaths(git, gitDir === undefined ? undefined : {gitDir, head})
    return fileHistory(git, file, options)
  }

  /** The commit HEAD points at, read from the ref files when they tell it, else asked of git (undefined: no commit yet). */
  async currentHead(): Promise<string | undefined> {
    const gitDir = findGitDir(this.root)?.gitDir
    return (gitDir && headCommit(gitDir)) || this.head()
  }

  /** The commit HEAD points at, or undefined in a repository without commits. */
  async head(): Promise<string | undefined> {
    try {
      const sha = (await this.output(['rev-parse', '--verify', '--quiet', 'HEAD'])).trim()
      return sha || undefined
    } catch {
      return undefined
    }
  }
}
