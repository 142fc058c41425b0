/**
 * The benchmark cases that call lead's modules directly (not only the built CLI) break silently
 * when those modules' signatures change: `npm run bench` is not part of the suite. Each such case
 * runs here on a small site, so a change that breaks it fails a test instead of the next bench.
 */
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import fs from 'node:fs'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, testEnv} from '../support/cli.js'

const cases = fileURLToPath(new URL('../bench/cases/', import.meta.url))
const processFloor = fileURLToPath(new URL('../bench/lib/process-floor.mjs', import.meta.url))

afterAll(cleanupTemp)

describe('benchmark cases that call lead\'s modules', () => {
  it('training: coverage, due and trend on a small generated roster', () => {
    const r = spawnSync(process.execPath, [path.join(cases, 'training.mjs')], {encoding: 'utf8', env: {...process.env, BENCH_OFFICERS: '300', BENCH_SESSIONS: '40'}, timeout: 120_000})
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/300 officers/)
    for (const row of ['computeCoverage', 'computeDue', 'computeTrend', 'TrainingIndex alone']) expect(r.stdout).toMatch(new RegExp(`${row}.* \\d+ ms`))
  })
})

describe('the process floor beside the everyday rows (bench/lib/process-floor.mjs)', () => {
  it('does the git work and the parse it stands for: a write commits its one file, a new record is added', () => {
    const env = testEnv()
    const site = exampleSite(env)
    const floor = (...args: string[]) => {
      const r = spawnSync(process.execPath, [processFloor, args[0]!, site, ...args.slice(1)], {encoding: 'utf8', env, timeout: 60_000})
      expect(r.stderr).toBe('')
      expect(r.status).toBe(0)
      return r.stdout
    }
    const referral = git(site, ['ls-files', 'referrals'], env).split('\n')[0]!
    expect(Number(floor('status'))).toBe(0)
    expect(JSON.parse(floor('show', referral)).id).toBe(path.basename(referral, '.yaml'))
    fs.appendFileSync(path.join(site, referral), '# edited\n')
    expect(Number(floor('changed', referral))).toBeGreaterThan(3)
    floor('set', referral, 'a floor note')
    expect(git(site, ['show', '--name-only', '--format=%s', 'HEAD'], env).trim().split('\n').filter(Boolean)).toEqual(['floor: set notes', referral])
    expect(fs.readFileSync(path.join(site, referral), 'utf8')).toMatch(/^notes: a floor note$/m)
    const added = 'referrals/2026/r-2026-12-31-floor0.yaml'
    floor('new', added, referral)
    expect(git(site, ['show', '--name-only', '--format=%s', 'HEAD'], env).trim().split('\n').filter(Boolean)).toEqual(['floor: new record', added])
    expect(git(site, ['status', '--porcelain'], env)).toBe('')
  })
})
