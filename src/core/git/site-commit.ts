/**
 * How lead commits the files it wrote to a site (SiteRepo.commitPaths): exactly those paths, never
 * what the user staged, checked after git made the commit. A class of its own beside SiteRepo
 * because it remembers what it committed (a commit made again with --only, one a post-commit hook
 * committed on top of) for the questions asked after it (committedBeside, overtook).
 */
import path from 'node:path'
import {commitFailure, DISK_FULL, type GitRun} from './git-errors.js'
import {literal} from './pathspecs.js'
import {blobStream} from './blob-pack.js'
import {onlyListed, stagedListing} from './commit-checks.js'
import {indexBefore, nothingStaged, rememberCommitted, unchangedSince, type CommittedPath, type IndexBefore} from './index-commit.js'

/** What committing asks of the site's repository (SiteRepo). */
export interface CommitGit {
  readonly root: string
  run(args: readonly string[], input?: Buffer): Promise<GitRun>
  /** git's output as text; an Error with git's message when it fails. */
  output(args: readonly string[], input?: Buffer): Promise<string>
  /** The git directory of the site's work tree, and the site's folder from the repository's top. */
  location(): Promise<{gitDir: string; prefix: string}>
  currentHead(): Promise<string | undefined>
}

export interface CommitOptions {
  untracked?: readonly string[]
  fromIndex?: boolean
  committed?: () => void
  /** git's reason for a failed commit as lead may print it (a hook's words may quote the change). */
  shownWords?: (line: string) => string
}

/** Above this many paths, a command does not name each one to git (see SiteRepo.writeState, commitPaths). */
export const MANY_PATHS = 64

export class SiteCommits {
  /** Commits made with --only after one from the index took in more than its files (commitPaths). */
  private readonly unsure = new Set<string>()
  /** Commits a post-commit hook committed on top of (madeOn): HEAD is not the state lead judged. */
  private readonly overtaken = new Set<string>()

  constructor(private readonly git: CommitGit) {}

  /**
   * Stage and commit exactly `paths` (site-relative). Anything else the user has staged stays
   * staged and out of this commit. `untracked`: those of them git does not know yet, which must be
   * added first (all of them, unless told); `commit --only` stages the others itself. On failure
   * the files stay written and the error says how to commit them by hand.
   *
   * `fromIndex`: none of the paths is an entry git does not check (which `commit --include` would
   * leave out). When git's diff-index lists nothing staged in the whole repository but these paths
   * (or the index holds entries git showed to be HEAD's tree: index-commit.ts), the commit is made
   * from the index itself (`commit --include`): `--only` builds a second
   * index from HEAD's whole tree and writes both, 50-80 ms of a 20-80 ms commit on 13,000 files.
   * What git committed is checked (diff-tree), and a commit that took in something staged since
   * is taken back, everything left staged as it was, and made again with `--only`.
   */
  async commitPaths(paths: readonly string[], message: string, options: CommitOptions = {}): Promise<string> {
    // Work that reads what git's commit left (its index) runs while git says what the commit holds.
    const committed = () => {
      try {
        options.committed?.()
      } catch {
        // The caller's own bookkeeping: never the commit's failure.
      }
    }
    const head = () => this.git.currentHead()
    // Another git process (an editor's git integration, a second terminal) may hold .git/index.lock
    // for a moment: retry a few times before giving up. A lock left by a killed git is never removed.
    for (let attempt = 0; ; attempt++) {
      try {
        const before = await head()
        // The commit lead made (HEAD, unless a post-commit hook committed on top of it: madeOn).
        let made: string | undefined
        if (paths.length > MANY_PATHS && (await this.git.output(['diff', '--cached', '--name-only', '-z'])) === '') {
          // Thousands of files (an import): update-index takes paths literally, and with nothing
          // else staged a plain commit holds exactly them; add and commit --only would match every
          // index entry against every path (seconds of CPU). Paths deleted from disk are removed.
          const blobs = blobStream(this.git.root, paths)
          if (blobs) await this.git.output(['fast-import', '--quiet'], blobs)
          await this.git.output(['update-index', '--add', '--remove', '--', ...paths])
          await this.git.output(['commit', '--quiet', '-m', message])
          committed()
          made = await this.madeOn(before, await head())
        } else {
          const untracked = options.untracked ?? paths
          const where = before && options.fromIndex ? await this.git.location() : undefined
          const top = where && new Set(paths.map((p) => where.prefix + p))
          // What is staged anywhere in the repository is asked of git just before the commit, so
          // no hook sees the user's staged work in a commit under lead's message (before the new
          // files are added: update-index replaces the index whole). Not asked sooner (under the
          // lock): what the user stages in between would reach a commit under lead's message, and
          // its hooks, before committedAlone took it back; the window is kept to the few
          // milliseconds before the commit. Not asked at all when the index holds the entries git
          // found to be HEAD's tree after lead's last commit (index-commit.ts).
          const indexed = top && indexBefore(where.gitDir)
          const known = indexed ? nothingStaged(indexed, before!) : false
          const staged = top && !known ? stagedListing(this.git, before!) : undefined
          // update-index, not add: the paths taken literally, without add's walk of their folders
          // for untracked files (~6 ms of a new referral among 6,000 in a year's folder).
          if (untracked.length > 0) await this.git.output(['update-index', '--add', '--', ...untracked])
          const own = top && (known || (staged && (await onlyListed(staged, top)))) ? top : undefined
          // The index git's diff-index judged is the one read before only while it has not changed
          // since (after update-index it has: a new record's write remembers nothing).
          const judged = indexed && (known || (untracked.length === 0 && unchangedSince(indexed))) ? indexed : undefined
          if (own) await this.git.output(['commit', '--quiet', '-m', message, '--include', '--', ...literal(paths)])
          made = own ? await this.committedAlone(own, before!, await head(), committed, judged) : undefined
          if (!made) {
            await this.git.output(['commit', '--quiet', '-m', message, '--only', '--', ...literal(paths)])
            committed()
            made = await this.madeOn(before, await head())
            // What a hook stages goes into --only's own index, and so into the commit (what took in
            // more from the index does so again): what it holds is asked of git (committedBeside).
            this.unsure.add(made ?? '')
          }
        }
        // git's exit status says whether the commit was made; a HEAD that did not move is a
        // last guard against a git that said yes and did nothing.
        if (!made || made === before) throw new Error('git commit made no commit')
        return made
      } catch (error) {
        const text = (error as Error).message ?? ''
        if (/index\.lock/.test(text) && !DISK_FULL.test(text) && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt))
          continue
        }
        throw commitFailure(error, paths, message, options.shownWords, this.git.root)
      }
    }
  }

  /**
   * Whether the commit `after` made on `before` from the index changed only `own` (paths from the
   * top). When it took in more (something staged after lead looked), it is taken back: HEAD to
   * `before` only while it is still `after`, the index (and so all that was staged) as it is.
   * No commit made is left to the caller's own check. `meanwhile` runs while git answers.
   * `indexed`: the index just before the commit, whose entries are remembered with the commit when
   * git's answers show they are its tree (index-commit.ts).
   */
  private async committedAlone(own: ReadonlySet<string>, before: string, after: string | undefined, meanwhile: () => void, indexed?: IndexBefore): Promise<string | undefined> {
    if (!after || after === before) {
      meanwhile()
      return after
    }
    // Its first parent with the paths it changed (mode and blob after): one git process, while `meanwhile` runs.
    const listed = this.git.output(['diff-tree', '-r', '--no-renames', '--ignore-submodules=none', '--raw', '-z', '--format=%P', after])
    listed.catch(() => undefined) // awaited next
    meanwhile()
    const out = await listed
    const end = out.indexOf('\0')
    const parent = out.slice(0, end < 0 ? out.length : end).split(' ')[0]
    if (parent !== before) {
      // A post-commit hook committed on top of lead's commit: never taken back (its commit would
      // go too), and what lead's commit holds is not vouched for.
      return this.madeOn(before, after)
    }
    const changed = rawChanges(end < 0 ? '' : out.slice(end + 1))
    if (changed && [...changed.keys()].every((p) => own.has(p))) {
      // The index before was HEAD's but for lead's paths (`own` is only set so: git's diff-index said it, or nothingStaged).
      if (indexed) rememberCommitted(indexed, after, changed, own)
      return after
    }
    await this.git.output(['update-ref', '-m', 'lead: commit again without what was staged meanwhile', 'HEAD', before, after])
    return undefined
  }

  /**
   * The commit made on `before`, HEAD being `after`: HEAD itself, or, when a post-commit hook
   * committed on top of it, the first commit after `before` on HEAD's first-parent line (that
   * HEAD is then not the state lead judged: nothing is remembered for it, overtook).
   */
  private async madeOn(before: string | undefined, after: string | undefined): Promise<string | undefined> {
    if (!after || !before || after === before) return after
    const line = (await this.git.output(['rev-list', '--first-parent', '--reverse', `${before}..${after}`])).split('\n').filter(Boolean)
    if (line.length > 1) this.overtaken.add(line[0]!)
    return line[0] ?? after
  }

  /**
   * The files (site-relative: one outside the site's folder as ../…) commit `sha` changed besides `paths`: [] when only them,
   * undefined when git cannot tell. A commit of many paths (update-index, then a plain commit)
   * takes whatever a pre-commit hook staged too, and so does one made again with --only after one
   * from the index took in more (a hook that stages a file of its own does so again).
   */
  async committedBeside(sha: string, paths: readonly string[]): Promise<string[] | undefined> {
    if (paths.length <= MANY_PATHS && !this.unsure.has(sha)) return []
    try {
      // The whole commit, not the site's folder alone: a hook may stage a file outside it (../x).
      const out = await this.git.output(['diff-tree', '-r', '--root', '--no-commit-id', '--no-renames', '--ignore-submodules=none', '--name-only', '-z', sha])
      const {prefix} = await this.git.location()
      const wanted = new Set(paths)
      return out.split('\0').flatMap((p) => {
        const file = p.startsWith(prefix) ? p.slice(prefix.length) : path.posix.relative(prefix || '.', p)
        return p === '' || wanted.has(file) ? [] : [file]
      })
    } catch {
      return undefined
    }
  }

  /** Whether a post-commit hook committed on top of commit `sha` (madeOn): HEAD is not the state lead judged. */
  overtook(sha: string): boolean {
    return this.overtaken.has(sha)
  }
}

/**
 * git's `diff-tree --raw -z` records after its format line: each path with its mode and blob
 * after. Undefined when a record is not one read here: the commit is then not taken as alone.
 */
function rawChanges(out: string): Map<string, CommittedPath> | undefined {
  const fields = out.replace(/^\n/, '').split('\0')
  if (fields.at(-1) === '') fields.pop()
  if (fields.length % 2 !== 0) return undefined
  const changes = new Map<string, CommittedPath>()
  for (let i = 0; i < fields.length; i += 2) {
    // ":100644 100644 OLD NEW M", then the path.
    const [, , mode, , oid, status] = /^:(\d+) (\d+) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])$/.exec(fields[i]!) ?? []
    if (mode === undefined || !fields[i + 1]) return undefined
    changes.set(fields[i + 1]!, {mode: Number.parseInt(mode, 8), oid: oid!, deleted: status === 'D'})
  }
  return changes
}
