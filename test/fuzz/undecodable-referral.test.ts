/**
 * Found by the cache fuzzer (test/fuzz/cache-differential.mjs, seed 6000, minimised to one step):
 * a referral whose bytes cannot be decoded (a NUL byte: BINARY_FILE; invalid UTF-8: NOT_UTF8),
 * validated from the last validation's basis (validate/delta-basis.ts), was taken as unchanged and
 * valid: it has no content hash, and planDelta compared its stand-in '-' with the basis's hash,
 * which (base64url) began with '-'. The case-conference rule, which suspends its judgement while
 * any referral or consent cannot be read, then reported CONFERENCE_NOT_OPEN for every conference
 * of that participant (7 errors on the example site as of 2026-06-30) that a validation without
 * .git/lead does not. A YAML syntax error (a record with a hash) was judged alike both ways.
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
  it('binary (BINARY_FILE): the same findings as without caches', () => {
    const {warm, cold} = warmAndCold(Buffer.from([0x61, 0x00, 0x62, 0x0a]))
    expect(warm).toContain('BINARY_FILE')
    expect(warm).toBe(cold)
  })

  it('not UTF-8 (NOT_UTF8): the same findings as without caches', () => {
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
