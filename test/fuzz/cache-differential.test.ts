/**
 * The cache fuzzer (test/fuzz/cache-differential.mjs) kept in CI: a few seeded steps on the
 * example site, each command's JSON with lead's caches against the same on a copy with none.
 * LEAD_FUZZ_SEED=N and LEAD_FUZZ_STEPS=N run another sequence; longer runs: the script itself.
 */
import {describe, expect, it} from 'vitest'
import {describe as describeStep, fuzz} from './cache-differential.mjs'

const SEED = Number(process.env.LEAD_FUZZ_SEED ?? 20261205)
const STEPS = Number(process.env.LEAD_FUZZ_STEPS ?? 8)

describe('lead with its caches answers as lead without them', () => {
  it(`seed ${SEED}, ${STEPS} steps`, async () => {
    const result = await fuzz({seed: SEED, steps: STEPS, minimiseFound: false})
    const found = result.discrepancy
    expect(found && {steps: found.steps.map(describeStep), diffs: found.diffs}).toBeUndefined()
  }, 300_000)
})
