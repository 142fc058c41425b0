/**
 * Whether git may run a hook for this repository, told without asking git (a process: 5-10 ms)
 * and without reading its configuration the way git does. A write computes what it vouches for to
 * lead's pre-commit hook (write/hook-check.ts: git's view of every file, ~15-20 ms on 10,000
 * referrals) only when a pre-commit hook may run to read it; and prints git's words after a failed
 * commit of a participant's record, or a failed check of the repository before writing one, only
 * when no hook or filter may have written them (write/git-words.ts).
 *
 * The answer may be "may" wrongly, never "no": a wrong "no" would make lead's own hook judge the
 * whole change again (a second lead), or print what a hook wrote. So any mention of hooksPath or
 * of an include anywhere in the configuration git reads (its files and GIT_CONFIG_* settings)
 * counts as "may"; so does a file in the repository's hooks folder, whoever wrote it.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {commonDir} from '../git-dir.js'

/** Words in git's configuration that could place hooks elsewhere than <common git dir>/hooks. */
const MAY_MOVE_HOOKS = /hookspath|include/i

/** Whether a pre-commit hook may run for commits in the repository whose git directory is `gitDir`. */
export function preCommitHookMayRun(gitDir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return hookMayRun(gitDir, (hooks) => fs.existsSync(path.join(hooks, 'pre-commit')), env)
}

/**
 * Whether a git command in that repository may run a program of the site's or the user's, which
 * may print what it reads: any file in its hooks folder but git's samples, or any mention of a
 * filter (clean, smudge, process: git status and git add run them) or of fsmonitor in git's
 * configuration.
 */
export function otherProgramMayRun(gitDir: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (gitDir === undefined) return true
  return hookMayRun(gitDir, (hooks) => readdirOrEmpty(hooks).some((name) => !name.endsWith('.sample')), env, MAY_RUN_PROGRAMS)
}

/** Words in git's configuration that may make git run a filter or an fsmonitor program. */
const MAY_RUN_PROGRAMS = /filter|fsmonitor/i

function hookMayRun(gitDir: string, inFolder: (hooks: string) => boolean, env: NodeJS.ProcessEnv, also?: RegExp): boolean {
  try {
    const common = commonDir(gitDir)
    if (configTexts(gitDir, common, env).some((text) => MAY_MOVE_HOOKS.test(text) || also?.test(text) === true)) return true
    return inFolder(path.join(common, 'hooks'))
  } catch {
    return true
  }
}

function readdirOrEmpty(dir: string): string[] {
  try {
    return fs.readdirSync(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/** The text of every configuration git reads for this repository, and its GIT_CONFIG_* settings. */
function configTexts(gitDir: string, common: string, env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? os.homedir()
  const xdg = env.XDG_CONFIG_HOME || path.join(home, '.config')
  const files = [
    ...(env.GIT_CONFIG_NOSYSTEM ? [] : [env.GIT_CONFIG_SYSTEM ?? '/etc/gitconfig']),
    ...(env.GIT_CONFIG_GLOBAL !== undefined ? [env.GIT_CONFIG_GLOBAL] : [path.join(xdg, 'git', 'config'), path.join(home, '.gitconfig')]),
    path.join(common, 'config'),
    path.join(gitDir, 'config.worktree'),
  ]
  const settings = [env.GIT_CONFIG_PARAMETERS ?? '', env.GIT_CONFIG ?? '']
  for (const [name, value] of Object.entries(env)) if (/^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(name)) settings.push(value ?? '')
  // GIT_CONFIG names a file git reads instead of the local one (older gits): its text counts too.
  if (env.GIT_CONFIG) files.push(env.GIT_CONFIG)
  return [...files.flatMap((file) => readOrUndefined(file) ?? []), ...settings]
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined
    throw error
  }
}
