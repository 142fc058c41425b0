/**
 * A `git` first on PATH that logs each command line it is given, then runs the real git: how a
 * test counts the git processes a lead command starts (each is 10–30 ms of a write on a big site).
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {exampleSite, git, tempDir, writeSiteFile} from './cli.js'

export interface GitShim {
  env: NodeJS.ProcessEnv
  /** The git command lines run since the last clear(), one per process. */
  calls(): string[]
  /** How many of them ran git's `command` (diff-index, diff-tree, status…). */
  asked(command: string): number
  clear(): void
}

export function gitShim(env: NodeJS.ProcessEnv): GitShim {
  const shim = tempDir()
  const log = path.join(shim, 'git.log')
  const realGit = execFileSync('sh', ['-c', 'command -v git'], {encoding: 'utf8'}).trim()
  fs.writeFileSync(path.join(shim, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realGit}' "$@"\n`, {mode: 0o755})
  fs.writeFileSync(log, '')
  const calls = () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean)
  return {
    env: {...env, PATH: `${shim}${path.delimiter}${env.PATH ?? process.env.PATH}`},
    calls,
    asked: (command) => calls().filter((l) => l.split(' ').includes(command)).length,
    clear: () => fs.writeFileSync(log, ''),
  }
}

/**
 * An environment whose git (first on PATH, before the shim's) runs the shell `script` once around
 * lead's `git commit`, in the folder lead runs git in: just before it, or just after it returns.
 * How a test stages something while lead commits.
 */
export function gitAroundCommit(shim: GitShim, when: 'before' | 'after', script: string): NodeJS.ProcessEnv {
  const dir = tempDir('lead-around-')
  const once = path.join(dir, 'once')
  fs.writeFileSync(once, '')
  const real = path.join(shim.env.PATH!.split(path.delimiter)[0]!, 'git')
  const run = `if [ -f '${once}' ]; then rm -f '${once}'; sh -c "$LEAD_TEST_AROUND_COMMIT"; fi`
  const commit = when === 'before' ? `${run}; exec '${real}' "$@"` : `'${real}' "$@"; rc=$?; ${run}; exit $rc`
  fs.writeFileSync(path.join(dir, 'git'), `#!/bin/sh
case " $* " in *" commit "*) ${commit} ;; esac
exec '${real}' "$@"
`, {mode: 0o755})
  return {...shim.env, PATH: `${dir}${path.delimiter}${shim.env.PATH}`, LEAD_TEST_AROUND_COMMIT: script}
}

/** The warm example site with a README committed beside it, as a user has it: git has looked at the checkout since. */
export function siteWithReadme(env: NodeJS.ProcessEnv): string {
  const root = exampleSite(env, {warm: true})
  writeSiteFile(root, 'README.md', '# Harbor County LEAD\n')
  git(root, ['add', 'README.md'], env)
  git(root, ['commit', '-qm', 'readme'], env)
  git(root, ['status', '--porcelain'], env)
  return root
}
