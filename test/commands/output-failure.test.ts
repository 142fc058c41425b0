/**
 * Standard output that cannot be written (a full disk; here /dev/full) is one IO_ERROR line and
 * exit 4 on every path, never Node's stack trace; a write already made is made once. A closed pipe
 * (lead list … | head) stays no error (early-set-attacks, early-start tests).
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

function toFull(args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}) {
  const full = fs.openSync('/dev/full', 'w')
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], {cwd, env: {...env, ...extra}, stdio: ['ignore', full, 'pipe'], encoding: 'utf8'})
    return {code: r.status, stderr: r.stderr}
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
})
