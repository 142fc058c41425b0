/**
 * A command line run by bin/run.js's early path (src/cli/early-start.ts) and by oclif's
 * (LEAD_EARLY=off), noting which path each took (test/support/which-path.ts). Runs do not block,
 * so the tests of a file may run at once, each on a site of its own.
 */
import fs from 'node:fs'
import path from 'node:path'
import {expect} from 'vitest'
import {runLeadAsync, tempDir, testEnv} from './cli.js'
import {noting} from './which-path.js'
import {clockAtNoon} from './shifted-clock.js'

// At noon on the example site's clock: both runs of a line on one day, whenever the tests run.
export const env = clockAtNoon(testEnv(), 'America/Los_Angeles')

export interface Run {
  code: number
  stdout: string
  stderr: string
  path: string
}

export async function run(args: string[], options: {env?: NodeJS.ProcessEnv; cwd?: string} = {}): Promise<Run> {
  const log = path.join(tempDir('lead-early-'), 'path.txt')
  const r = await runLeadAsync(args, {env: noting(options.env ?? env, log), cwd: options.cwd})
  return {code: r.code, stdout: r.stdout, stderr: r.stderr, path: fs.readFileSync(log, 'utf8').trim()}
}

/** The line run both ways, one after the other: what each printed, and which path each took. */
export async function both(args: string[], options: {env?: NodeJS.ProcessEnv; cwd?: string} = {}): Promise<{early: Run; oclif: Run}> {
  const early = await run(args, options)
  const oclif = await run(args, {...options, env: {...(options.env ?? env), LEAD_EARLY: 'off'}})
  expect(oclif.path, 'LEAD_EARLY=off').toBe('oclif')
  const {path: _e, ...seen} = early
  const {path: _o, ...wanted} = oclif
  expect(seen, args.join(' ')).toEqual(wanted)
  return {early, oclif}
}
