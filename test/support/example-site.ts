/** `lead init --example` into `root`, as a user would run it (used by the global setup and exampleSite()). */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

/**
 * The day tests read the example site on: a day of the week it was written for
 * (src/core/example-dates.ts EXAMPLE_AS_WRITTEN), so `init --example --as-of` leaves its dates as
 * written and tests may name its records and dates. A test that judges dates (validate, status,
 * agendas) on this site pins this day too: on a later day its meetings and intakes fall due.
 */
export const EXAMPLE_DAY = '2026-11-27'

export function initExampleSite(root: string, env: NodeJS.ProcessEnv = isolatedGitEnv(path.dirname(root))): string {
  const r = spawnSync(process.execPath, [BIN, 'init', root, '--example', '--as-of', EXAMPLE_DAY], {env, encoding: 'utf8', input: ''})
  if (r.status !== 0) throw new Error(`lead init --example failed (${r.status}): ${r.stderr}`)
  return root
}

/**
 * A copy of `template` in `root` after one `lead validate`, so its .git/lead/ holds every record
 * parsed: copies of it start warm (the parse cache is keyed by content, not by path or mtime).
 */
export function warmExampleSite(template: string, root: string, env: NodeJS.ProcessEnv = isolatedGitEnv(path.dirname(root))): string {
  fs.cpSync(template, root, {recursive: true})
  const r = spawnSync(process.execPath, [BIN, 'validate', '-C', root], {env, encoding: 'utf8', input: ''})
  if (r.status !== 0) throw new Error(`lead validate in the warm template failed (${r.status}): ${r.stderr}`)
  return root
}

/** No system or user git config, a known identity: the same commit whatever machine runs the tests. */
export function isolatedGitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    CI: 'true',
    NO_COLOR: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.org',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@example.org',
  }
}
