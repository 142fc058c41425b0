/**
 * Standard output that cannot be written (a full disk; here /dev/full) is one IO_ERROR line and
 * exit 4 on every path, never Node's stack trace; a write already made is made once. A closed pipe
 * (lead list … | head) stays no error (early-set-attacks, early-start tests). Standard error that
 * cannot be written ends a run that did not fail otherwise with exit 4, not Node's 1.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, REPO_ROOT, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()
const BIN = path.join(REPO_ROOT, 'bin', 'run.js')
const ID = 'r-2026-01-08-z66mn9'

/** Run lead with stdout (or, with `stream: 'stderr'`, stderr) on /dev/full; the other stream is read. */
function toFull(args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}, stream: 'stdout' | 'stderr' = 'stdout') {
  const full = fs.openSync('/dev/full', 'w')
  try {
    const stdio: Array<'ignore' | 'pipe' | number> = stream === 'stdout' ? ['ignore', full, 'pipe'] : ['ignore', 'pipe', full]
    const r = spawnSync(process.execPath, [BIN, ...args], {cwd, env: {...env, ...extra}, stdio, encoding: 'utf8'})
    return {code: r.status, stderr: r.stderr ?? '', stdout: r.stdout ?? ''}
  } finally {
    fs.closeSync(full)
  }
}

describe.runIf(fs.existsSync('/dev/full'))('a standard output that cannot be written', () => {
  it('is one IO_ERROR line and exit 4, early or through oclif, reading or writing', () => {
    const site = exampleSite(env, {warm: true})
    const commits = () => git(site, ['rev-list', '--count', 'HEAD'], env).trim()
    for (const extra of [{}, {LEAD_EARLY: 'off'}]) {
      for (const args of [['status'], ['list', 'referral', '--limit', '2', '--json'], ['show', ID]]) {
        const r = toFull(args, site, extra)
        expect(r.code, `${args.join(' ')} ${JSON.stringify(extra)}: ${r.stderr}`).toBe(4)
        expect(r.stderr).toMatch(/^(?:.*\n)*error IO_ERROR cannot write the output: ENOSPC[^\n]*\n  hint: check the disk[^\n]*\n$/)
        expect(r.stderr).not.toMatch(/\n\s+at /)
      }
      const before = Number(commits())
      const r = toFull(['set', ID, `notes=${extra.LEAD_EARLY ?? 'early'} full`, '--json'], site, extra)
      expect(r.code, r.stderr).toBe(4)
      expect(r.stderr).toContain('error IO_ERROR cannot write the output')
      // The change was made, and committed once: the report of it is what failed.
      expect(Number(commits())).toBe(before + 1)
    }
  })

  it('standard error that cannot be written: a set commits once and exits 4, not 1; a failing run keeps its status', () => {
    const site = exampleSite(env, {warm: true})
    const commits = () => Number(git(site, ['rev-list', '--count', 'HEAD'], env).trim())
    for (const extra of [{}, {LEAD_EARLY: 'off'}]) {
      const before = commits()
      // The confirmation is talk, on stderr: Node threw its 'error' event (exit 1, "records invalid").
      const set = toFull(['set', ID, `notes=${extra.LEAD_EARLY ?? 'early'} stderr full`], site, extra, 'stderr')
      expect(set.code, JSON.stringify(extra)).toBe(4)
      expect(commits()).toBe(before + 1)
      // Nothing written to stderr: the run's own status.
      expect(toFull(['status'], site, extra, 'stderr').code).toBe(0)
      // A run that failed for its own reason says so by its status, and under --json on stdout.
      const gone = toFull(['status', '-C', path.join(site, 'nowhere'), '--json'], site, extra, 'stderr')
      expect(gone.code).toBe(3)
      expect(JSON.parse(gone.stdout)).toMatchObject({ok: false, error: {code: 'NOT_A_SITE'}})
    }
  })
})
