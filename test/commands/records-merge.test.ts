import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, REPO_ROOT, runLead, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv()
const newReferral = (cwd: string) =>
  runLead(['new', 'referral', '--set', 'pathway=community', '--set', 'received=2026-11-27T10:00:00-08:00', '--set', 'referrer.partner=harbor-housing-coalition', '--set', 'status=received'], {cwd, env})

describe('merge-safe IDs', () => {
  it('two clones minting hundreds of referral IDs on the same day merge without a conflict or a duplicate', () => {
    const origin = exampleSite(env)
    const a = path.join(tempDir(), 'a')
    const b = path.join(tempDir(), 'b')
    git(tempDir(), ['clone', '-q', origin, a], env)
    git(tempDir(), ['clone', '-q', origin, b], env)
    // Through the command, as people would…
    for (const clone of [a, b]) {
      for (let i = 0; i < 2; i++) expect(newReferral(clone).code).toBe(0)
    }
    // …and hundreds more through the same minting code, one process per clone (500 a clone on one day, far
    // beyond any site's volume, keeps a chance collision of the 6-character suffix near 1 in 10,000).
    for (const clone of [a, b]) {
      const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'test/support/mint-referrals.mjs'), clone, '500', '2026-11-27'], {env, encoding: 'utf8'})
      expect(r.status, r.stderr).toBe(0)
    }
    git(b, ['pull', '-q', '--no-rebase', '--no-edit', a, 'main'], env)
    expect(git(b, ['diff', '--name-only', '--diff-filter=U'], env)).toBe('')
    const files = fs.readdirSync(path.join(b, 'referrals/2026')).filter((f) => f.startsWith('r-2026-11-27-'))
    expect(files).toHaveLength(1004)
    expect(new Set(files).size).toBe(1004)
    const ids = git(b, ['log', '--format=%s'], env).split('\n').filter((s) => s.startsWith('referral: add '))
    expect(ids).toHaveLength(4)
  }, 120_000)
})
