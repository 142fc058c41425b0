/**
 * Found by the cache fuzzer (test/fuzz/cache-differential.mjs, seed 6000, minimised to one step):
 * a referral whose bytes cannot be decoded (a NUL byte: BINARY_FILE; invalid UTF-8: NOT_UTF8),
 * validated from the last validation's basis (validate/delta-basis.ts), is taken as valid by the
 * rules' context: the case-conference rule, which suspends its judgement while any referral or
 * consent cannot be read, then reports CONFERENCE_NOT_OPEN for every conference of that
 * participant (7 more errors on the example site as of 2026-06-30). Without .git/lead the same
 * state has none. Seen so far: the plan site-validation.ts's recordFindings gets from deltaFrom
 * lists no changed record (`delta.changed` is empty), so the record keeps the basis's 'v' flag
 * and is never added to `notValid`; the record has no content hash (load.ts leaves it out for a
 * file it could not decode), which planDelta's `startsWith(r.hash ?? '-')` alone does not
 * explain. Not fixed yet: the skipped cases below fail today. A YAML syntax error (a record with
 * a hash) is judged alike both ways, as the last case shows.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, runLead, tempDir, testEnv} from '../support/cli.js'

const env = testEnv()
const FILE = 'referrals/2025/r-2025-09-29-jflf4f.yaml'
const ARGS = ['validate', '--json', '--as-of', '2026-06-30']

afterAll(cleanupTemp)

/** validate on the site as its caches left it, and on a copy without .git/lead. */
function warmAndCold(bytes: Uint8Array): {warm: string; cold: string} {
  const site = exampleSite(env, {warm: true})
  runLead(['validate'], {cwd: site, env}) // the basis the next validation starts from
  fs.writeFileSync(path.join(site, FILE), bytes)
  const warm = runLead(ARGS, {cwd: site, env}).stdout
  const copy = path.join(tempDir('lead-cold-'), 'site')
  fs.cpSync(site, copy, {recursive: true, verbatimSymlinks: true, filter: (src) => src !== path.join(site, '.git', 'lead')})
  const cold = runLead(ARGS, {cwd: copy, env}).stdout.split(copy).join(site)
  return {warm, cold}
}

describe('a referral that cannot be decoded, validated from the last validation', () => {
  it.skip('binary (BINARY_FILE): the same findings as without caches', () => {
    const {warm, cold} = warmAndCold(Buffer.from([0x61, 0x00, 0x62, 0x0a]))
    expect(warm).toContain('BINARY_FILE')
    expect(warm).toBe(cold)
  })

  it.skip('not UTF-8 (NOT_UTF8): the same findings as without caches', () => {
    const {warm, cold} = warmAndCold(Buffer.concat([fs.readFileSync(path.join(exampleSite(env), FILE)), Buffer.from('notes: \xe9\n', 'latin1')]))
    expect(warm).toContain('NOT_UTF8')
    expect(warm).toBe(cold)
  })

  it('broken YAML (a record with a hash): the same findings as without caches', () => {
    const {warm, cold} = warmAndCold(Buffer.from('id: [unclosed\n'))
    expect(warm).toContain('YAML_SYNTAX')
    expect(warm).toBe(cold)
  })
})
