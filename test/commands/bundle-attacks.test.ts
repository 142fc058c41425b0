/**
 * A second reader's attack on the chunks (scripts/bundle.mjs): a command outside the runs the
 * chunks are cut for (scripts/bundle-runs.mjs) must stay as lazy as it was unbundled. cutChunks
 * groups modules only by which listed runs load them, so a module such a command needs can share
 * a chunk with modules it never used: `lead history` (34 modules unbundled) loads `set`'s body and
 * the whole site validation (127 modules, ~40 ms of CPU more on the example site).
 * Keying cutChunks also by every unlisted entry fixed it but doubled the files of the listed runs
 * (warm status 16 → 31, set 18 → 51); scripts/bundle.mjs keys it by show's and history's alone
 * (ALSO_SPLIT_FOR: status 16 → 21 files).
 */
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, REPO_ROOT, runLead, tempDir, testEnv} from '../support/cli.js'
import {loadedModules, traced} from '../support/load-trace.js'

afterAll(cleanupTemp)

const env = testEnv()
const DIST = path.join(REPO_ROOT, 'dist')

function leadModules(log: string): string[] {
  return loadedModules(log)
    .filter((line) => line.startsWith('file:') && line.endsWith('.js'))
    .map((url) => path.relative(DIST, fileURLToPath(url)).split(path.sep).join('/'))
    .filter((rel) => !rel.startsWith('..'))
}

describe('commands outside the listed runs stay lazy in chunks', () => {
  it('lead history and lead show load neither set\'s body, the writer, nor the site validation', () => {
    const site = exampleSite(env)
    for (const line of [['history', 'r-2026-01-17-wvy892'], ['show', 'r-2026-01-17-wvy892']]) {
      const log = path.join(tempDir('lead-lazy-'), 'log')
      const r = runLead(line, {cwd: site, env: traced(env, log)})
      expect(r.code, r.stderr).toBe(0)
      const loaded = leadModules(log)
      expect(loaded.filter((m) => ['cli/everyday/set.js', 'core/write/record-writer.js', 'core/validate/site-validation.js'].includes(m)), line.join(' ')).toEqual([])
    }
  })
})
