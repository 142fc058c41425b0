/**
 * A second reader's attacks on the early `lead set` (src/cli/early-set.ts): lines where the early
 * path and oclif (LEAD_EARLY=off) could differ in what is written, committed or printed, and above
 * all any line run twice or any error swallowed. Each line runs on two fresh copies of the site, at once.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, spawnAsync, tempDir} from '../support/cli.js'
import {noting} from '../support/which-path.js'
import {both as twins, env, ID} from '../support/set-twins.js'

afterAll(cleanupTemp)

const BIN = path.resolve('bin/run.js')
/** Whole commit messages compared (a --message over several lines). */
const both = (args: string[], prepare?: (site: string) => void, extra: NodeJS.ProcessEnv = {}) => twins(args, prepare, extra, '%H %B')

describe('early set attacks: the same result both ways', () => {
  it('values with = and quotes, a multi-line --message, booleans between --unset words', async () => {
    for (const args of [
      ['set', ID, `notes=a=b "c" 'd' \\n`],
      ['set', ID, 'notes=x', '-m', 'first line\n\nbody "quoted"\nlast'],
      ['set', ID, '--unset', 'notes', '--no-commit', 'handoff.case_manager'],
      ['set', ID, '--unset', 'notes', '--json', 'handoff.case_manager', '-m', 'm'],
    ]) {
      const early = await both(args)
      expect(early.path, args.join(' ')).toBe('early')
      expect(early.code, early.stderr).toBe(0)
    }
  })

  it('-C at a file, at a folder that is no site, at nothing; LEAD_DIR wrong but -C right', async () => {
    const notSite = tempDir('lead-not-site-')
    const aFile = path.join(notSite, 'f.txt')
    fs.writeFileSync(aFile, 'x')
    for (const dir of [aFile, notSite, path.join(notSite, 'missing')]) {
      const r = await both(['set', ID, 'notes=x', '-C', dir])
      expect(r.path).toBe('oclif')
      expect(r.code).not.toBe(0)
      expect(r.status).toBe('')
    }
    const r = await both(['set', ID, 'notes=x', '-C', '.'], undefined, {LEAD_DIR: notSite})
    expect([r.path, r.code]).toEqual(['early', 0])
    const viaEnv = await both(['set', ID, 'notes=x'], undefined, {LEAD_DIR: notSite})
    expect(viaEnv.path).toBe('oclif')
    expect(viaEnv.code).not.toBe(0)
  })

  it('a lock held by a live lead: both wait, then fail alike with SITE_BUSY, nothing written', async () => {
    const hold = (site: string) => {
      fs.mkdirSync(path.join(site, '.lead'), {recursive: true})
      fs.writeFileSync(path.join(site, '.lead', 'lock'), JSON.stringify({pid: process.pid, host: os.hostname(), since: '2026-12-02T05:00:00.000Z', token: 'held'}))
    }
    for (const json of [[], ['--json']]) {
      const r = await both(['set', ID, 'notes=x', ...json], hold, {LEAD_LOCK_WAIT_MS: '300'})
      expect([r.path, r.code]).toEqual(['early', 3])
      expect(r.stderr.match(/error /g)).toHaveLength(1)
      expect(r.stderr).toContain('SITE_BUSY')
      expect(r.status).toBe('')
    }
  })

  it('a lock that cannot be made (.lead/lock is a folder): reported once, alike', async () => {
    const block = (site: string) => fs.mkdirSync(path.join(site, '.lead', 'lock', 'x'), {recursive: true})
    const r = await both(['set', ID, 'notes=x'], block)
    expect(r.path).toBe('early')
    expect(r.code).not.toBe(0)
    expect(r.stderr.match(/error /g)).toHaveLength(1)
  })

  it.each(['head -c1', 'true'])('stdout closed early (| %s): one commit, one hook run, no stack trace, same exit both ways', async (reader) => {
    const outcome = async (extra: NodeJS.ProcessEnv) => {
      const log = path.join(tempDir('lead-early-set-'), 'path.txt')
      const site = exampleSite(env, {warm: true})
      const runs = path.join(tempDir('lead-hook-'), 'runs.txt')
      const hook = path.join(site, '.git', 'hooks', 'post-commit')
      fs.mkdirSync(path.dirname(hook), {recursive: true})
      fs.writeFileSync(hook, `#!/bin/sh\necho ran >> ${JSON.stringify(runs)}\n`, {mode: 0o755})
      const r = await spawnAsync('sh', ['-c', `node ${JSON.stringify(BIN)} set ${ID} notes=piped --json | ${reader}`], {cwd: site, env: noting({...env, ...extra}, log)})
      return {path: fs.readFileSync(log, 'utf8').trim(), stdout: r.stdout, stderr: r.stderr, runs: fs.readFileSync(runs, 'utf8'), commits: git(site, ['rev-list', '--count', 'HEAD'], env)}
    }
    // Each on its own copy, at once.
    const [early, oclif] = await Promise.all([outcome({}), outcome({LEAD_EARLY: 'off'})])
    expect(early.runs).toBe('ran\n')
    expect(early.stderr).not.toMatch(/at .*\.js:\d+/)
    expect(early.path).toBe('early')
    expect(oclif.path).toBe('oclif')
    expect({...early, path: ''}).toEqual({...oclif, path: ''})
  })
})
