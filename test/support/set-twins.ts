/**
 * `lead set` run on twin copies of the example site, by bin/run.js's early path and by oclif
 * (LEAD_EARLY=off): test/commands/early-set.test.ts and early-set-attacks.test.ts compare what each
 * printed, its exit status, the record's text, git's status and the commits (git's dates are
 * fixed, so the same change makes the same commit hash). The two copies are run at once: they share
 * no file.
 */
import fs from 'node:fs'
import path from 'node:path'
import {expect} from 'vitest'
import {exampleSite, git, runLeadAsync, tempDir, testEnv} from './cli.js'
import {clockAtNoon} from './shifted-clock.js'
import {noting} from './which-path.js'

// At noon on the example site's clock: both runs of a line judged on one day, whenever the tests run.
export const env = clockAtNoon(testEnv({GIT_AUTHOR_DATE: '2026-12-02T05:00:00Z', GIT_COMMITTER_DATE: '2026-12-02T05:00:00Z'}), 'America/Los_Angeles')
export const ID = 'r-2026-01-17-wvy892'
export const FILE = `referrals/2026/${ID}.yaml`

export interface Outcome {
  /** Which way the line ran: "early" or "oclif". */
  path: string
  code: number
  stdout: string
  stderr: string
  /** The record's text, git's status and the log (hashes and `logFormat`: subjects, or whole messages). */
  file: string
  status: string
  log: string
}

/**
 * The line run in a fresh copy of the site, `prepare`d first; the site's own path written <site>.
 * `logFormat`: git log's format for the commits compared (hash and subject, or whole messages).
 */
export async function runIn(args: string[], extra: NodeJS.ProcessEnv = {}, prepare?: (site: string) => void, logFormat = '%H %s'): Promise<Outcome> {
  const site = exampleSite(env, {warm: true})
  prepare?.(site)
  const log = path.join(tempDir('lead-early-set-'), 'path.txt')
  const r = await runLeadAsync(args, {cwd: site, env: noting({...env, ...extra}, log)})
  const plain = (text: string) => text.split(site).join('<site>')
  return {
    path: fs.readFileSync(log, 'utf8').trim(),
    code: r.code,
    stdout: plain(r.stdout),
    stderr: plain(r.stderr),
    file: fs.readFileSync(path.join(site, FILE), 'utf8'),
    status: git(site, ['status', '--porcelain'], env),
    log: git(site, ['log', `--format=${logFormat}`], env),
  }
}

/** The line both ways, each on its own copy, at once; they must come out alike. Returns the early path's outcome. */
export async function both(args: string[], prepare?: (site: string) => void, extra: NodeJS.ProcessEnv = {}, logFormat?: string): Promise<Outcome> {
  const [early, oclif] = await Promise.all([runIn(args, extra, prepare, logFormat), runIn(args, {...extra, LEAD_EARLY: 'off'}, prepare, logFormat)])
  expect(oclif.path, 'LEAD_EARLY=off').toBe('oclif')
  expect({...early, path: ''}, args.join(' ')).toEqual({...oclif, path: ''})
  return early
}
