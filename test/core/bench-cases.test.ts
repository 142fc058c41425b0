/**
 * The benchmark cases that call lead's modules directly (not only the built CLI) break silently
 * when those modules' signatures change: `npm run bench` is not part of the suite. Each such case
 * runs here on a small site, so a change that breaks it fails a test instead of the next bench.
 */
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

const cases = fileURLToPath(new URL('../bench/cases/', import.meta.url))

describe('benchmark cases that call lead\'s modules', () => {
  it('training: coverage, due and trend on a small generated roster', () => {
    const r = spawnSync(process.execPath, [path.join(cases, 'training.mjs')], {encoding: 'utf8', env: {...process.env, BENCH_OFFICERS: '300', BENCH_SESSIONS: '40'}, timeout: 120_000})
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/300 officers/)
    for (const row of ['computeCoverage', 'computeDue', 'computeTrend', 'TrainingIndex alone']) expect(r.stdout).toMatch(new RegExp(`${row}.* \\d+ ms`))
  })
})
