/**
 * Files git ignores are never committed, so a file lead cannot check (a scan, an editor's backup,
 * .DS_Store) or a link (an Emacs lock file) is a finding only when git would take it
 * (site-files.ts PII_UNCHECKED_FILE, SYMLINK): tracked, or untracked and not ignored. git's own
 * rules decide (.gitignore files, info/exclude, core.excludesFile): from git status's answer when
 * the listing came from it (its ignored files and folders), else asked once of `git check-ignore`
 * for the few such files a walk found. A site with none asks nothing.
 */
import {spawnSync} from 'node:child_process'
import type {Diagnostic} from '../errors.js'
import {siteGitEnvironment} from '../git-dir.js'
import type {GitFiles} from './git-file-state.js'

/** The codes of the findings git's ignore rules drop: about files lead never reads, which git would never commit. */
const DROPPED_WHEN_IGNORED: ReadonlySet<string> = new Set(['PII_UNCHECKED_FILE', 'SYMLINK'])

/** `diagnostics` without those about files git ignores (all kept when git cannot say: no repository, no git). */
export function withoutIgnored(root: string, diagnostics: Diagnostic[], git?: GitFiles): Diagnostic[] {
  const candidates = diagnostics.filter((d) => DROPPED_WHEN_IGNORED.has(d.code)).map((d) => d.file)
  if (candidates.length === 0) return diagnostics
  const ignored = git ? ignoredIn(git, candidates) : ignoredOf(root, candidates)
  return ignored.size === 0 ? diagnostics : diagnostics.filter((d) => !DROPPED_WHEN_IGNORED.has(d.code) || !ignored.has(d.file))
}

/** Of `files`, those git status listed as ignored, or inside a folder it listed so. */
function ignoredIn(git: GitFiles, files: readonly string[]): Set<string> {
  return new Set(files.filter((f) => git.ignored.has(f) || git.ignoredDirs.some((dir) => f.startsWith(`${dir}/`))))
}

/** Of `files` (site-relative), those git ignores; tracked files are never ignored (check-ignore skips them). */
function ignoredOf(root: string, files: readonly string[]): Set<string> {
  const asked = checkIgnore(root, files)
  if (asked) return asked
  // One path git refuses (inside a submodule or a nested repository: exit 128) fails the whole
  // question: asked again one by one, a refused path counting as not ignored.
  const out = new Set<string>()
  if (files.length <= ONE_BY_ONE) for (const f of files) for (const i of checkIgnore(root, [f]) ?? []) out.add(i)
  return out
}

/** Past this many files, a question git refused is not asked again one by one. */
const ONE_BY_ONE = 32

/** git check-ignore's answer (undefined: git failed or is not there). */
function checkIgnore(root: string, files: readonly string[]): Set<string> | undefined {
  // --stdin -z: paths taken literally (spaces, newlines, a leading dash); exit 1 is "none ignored".
  const r = spawnSync('git', ['check-ignore', '-z', '--stdin'], {cwd: root, input: `${files.join('\0')}\0`, encoding: 'utf8', env: siteGitEnvironment()})
  if (r.status === 1) return new Set()
  if (r.status !== 0) return undefined
  return new Set(r.stdout.split('\0').filter((f) => f !== ''))
}

/**
 * Whether git tracks the site-relative file (its index has it): asked of a file a walk found whose
 * finding depends on it (site-files.ts: lead's own temporary file), never of every file. False
 * when git cannot say (no repository, no git).
 */
export function trackedByGit(root: string, file: string): boolean {
  const r = spawnSync('git', ['ls-files', '-z', '--', `:(literal)${file}`], {cwd: root, encoding: 'utf8', env: siteGitEnvironment()})
  return r.status === 0 && r.stdout !== ''
}
