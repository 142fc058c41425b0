/**
 * Files git ignores are never committed, so a file lead cannot check (a scan, an editor's backup,
 * .DS_Store) is a finding only when git would take it (site-files.ts PII_UNCHECKED_FILE): tracked,
 * or untracked and not ignored. git's own rules decide (.gitignore files, info/exclude,
 * core.excludesFile), asked once for the few such files a listing found: the walk and git's
 * listing give the same answer, and a site with none asks nothing.
 */
import {spawnSync} from 'node:child_process'
import type {Diagnostic} from '../errors.js'

/** The code of the findings git's ignore rules may drop. */
const DROPPED_WHEN_IGNORED = 'PII_UNCHECKED_FILE'

/** `diagnostics` without those about files git ignores (all kept when git cannot say: no repository, no git). */
export function withoutIgnored(root: string, diagnostics: Diagnostic[]): Diagnostic[] {
  const candidates = diagnostics.filter((d) => d.code === DROPPED_WHEN_IGNORED).map((d) => d.file)
  if (candidates.length === 0) return diagnostics
  const ignored = ignoredOf(root, candidates)
  return ignored.size === 0 ? diagnostics : diagnostics.filter((d) => d.code !== DROPPED_WHEN_IGNORED || !ignored.has(d.file))
}

/** Of `files` (site-relative), those git ignores; tracked files are never ignored (check-ignore skips them). */
function ignoredOf(root: string, files: readonly string[]): Set<string> {
  // --stdin -z: paths taken literally (spaces, newlines, a leading dash); exit 1 is "none ignored".
  const r = spawnSync('git', ['check-ignore', '-z', '--stdin'], {cwd: root, input: `${files.join('\0')}\0`, encoding: 'utf8', env: gitEnvironment()})
  if (r.status !== 0) return new Set()
  return new Set(r.stdout.split('\0').filter((f) => f !== ''))
}

/** As git-file-state.ts runs git status: no GIT_* variable (a hook's GIT_DIR or GIT_INDEX_FILE is for its own repository). */
function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v
  return env
}
