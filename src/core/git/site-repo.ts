/**
 * The git operations lead performs on a site: init, commit exactly the paths it wrote, and read
 * state. User text never reaches git as an option: paths go after `--`, messages after `-m`.
 */
import {simpleGit, type SimpleGit} from 'simple-git'
import {LeadError, ExitCode} from '../errors.js'

/**
 * simple-git 4 drops every ambient GIT_* variable unless it is allowed. These are the ones a user,
 * a CI job or a git hook legitimately sets: who is committing, which config and which index to use.
 */
const GIT_ENVIRONMENT = [
  'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_AUTHOR_DATE',
  'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_COMMITTER_DATE',
  'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM', 'GIT_CEILING_DIRECTORIES',
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES',
]

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

  /** Paths with unresolved merge conflicts (unmerged index entries). */
  async unmergedPaths(): Promise<string[]> {
    const out = await this.git.raw(['diff', '--name-only', '--diff-filter=U', '-z'])
    return [...new Set(out.split('\0').filter(Boolean))]
  }

  /** Of `paths`, those with uncommitted changes (staged or not) against HEAD. */
  async dirtyPaths(paths: readonly string[]): Promise<string[]> {
    if (paths.length === 0) return []
    const out = await this.git.raw(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...paths])
    const dirty: string[] = []
    const entries = out.split('\0').filter(Boolean)
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!
      dirty.push(entry.slice(3))
      if (entry[0] === 'R' || entry[0] === 'C') i++ // the rename's source path follows
    }
    return dirty
  }

  /**
   * Stage and commit exactly `paths` (site-relative). Anything else the user has staged stays
   * staged and out of this commit. On failure the files stay written and the error says how to
   * commit them by hand.
   */
  async commitPaths(paths: readonly string[], message: string): Promise<string> {
    try {
      // `--verbose` makes git print, which avoids simple-git's 50 ms wait on silent commands.
      await this.git.raw(['add', '--verbose', '--', ...paths])
      await this.git.raw(['commit', '--quiet', '-m', message, '--only', '--', ...paths])
      return (await this.git.raw(['rev-parse', 'HEAD'])).trim()
    } catch (error) {
      throw commitFailure(error, paths, message)
    }
  }
}

function commitFailure(error: unknown, paths: readonly string[], message: string): LeadError {
  const text = (error as Error).message ?? String(error)
  const byHand = `git add -- ${paths.map(shellQuote).join(' ')} && git commit -m ${shellQuote(message)} -- ${paths.map(shellQuote).join(' ')}`
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
