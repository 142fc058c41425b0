/**
 * How a person can run this lead from their shell, for the commands lead prints to paste
 * (`npm start`'s "Try:", `lead init`'s "Next:"). At a fresh clone `lead` is not on the PATH yet, so
 * the line names bin/run.js by its path (relative inside the clone). Not `npx lead`: for the
 * package's own command npx runs its `prepare` script, a full rebuild on every call.
 */
import fs from 'node:fs'
import path from 'node:path'
import {shellQuote} from '../core/git/site-repo.js'
import {LEAD_ROOT} from '../core/lead-files.js'

const BIN = path.join(LEAD_ROOT, 'bin', 'run.js')

function realpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p)
  } catch {
    return undefined
  }
}

/** Is `lead` on the PATH this very installation (npm link, npm install -g .)? */
export function leadOnPath(env: NodeJS.ProcessEnv = process.env): boolean {
  const ours = realpath(BIN)
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const found = realpath(path.join(dir, 'lead'))
    if (found) return found === ours
  }
  return false
}

/** The words to start a lead command with, for someone whose shell is in `cwd`. */
export function leadInvocation(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  return leadOnPath(env) ? 'lead' : `node ${pathFor(path.resolve(cwd), BIN)}`
}

/** The folder the person's shell is in: npm scripts run in the package's folder, INIT_CWD says where npm was called. */
export function userCwd(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD && env.npm_lifecycle_event ? env.INIT_CWD : process.cwd()
}

/** A path as the person in `cwd` would type it: relative when it is below, absolute otherwise. */
export function pathFor(cwd: string, target: string): string {
  const rel = path.relative(cwd, target)
  return shellQuote(rel === '' ? '.' : !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : target)
}
