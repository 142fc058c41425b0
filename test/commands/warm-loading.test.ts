/**
 * A warm command (nothing changed since the last run) answers from its memo, so it must not load
 * what computing the answer takes: the validation engine and its rules, the schema checks (ajv),
 * the record reader and parse cache's loader, the yaml library, the report and status modules;
 * nor create an Intl.DateTimeFormat (clock/zone-facts.ts keeps what Intl said). Each costs tens of
 * milliseconds of a command whose goal is 0.3 s. test/support/load-trace.ts records every module
 * the built CLI loads and every DateTimeFormat made.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, runLead, tempDir, testEnv} from '../support/cli.js'
import {traced} from '../support/load-trace.js'

afterAll(cleanupTemp)

const env = testEnv()

/** What computing takes, and a warm run must not load. */
const COMPUTING = [/\/dist\/core\/validate\/site-validation\.js$/, /\/dist\/core\/validate\/rules\//, /\/dist\/core\/validate\/schema-check\.js$/, /\/dist\/core\/records\/load\.js$/, /\/dist\/core\/referrals\/(site-data|status-of-site|volume)\.js$/, /node_modules\/(yaml|ajv)\//]

describe('a warm command loads only what answers from its memo', () => {
  for (const args of [['validate'], ['status'], ['report', 'referrals', '--by', 'hour'], ['list', 'referral', '--limit', '2']]) {
    it(args.join(' '), () => {
      const site = exampleSite(env)
      const cold = runLead([...args, '--dir', site], {env})
      expect(cold.code, cold.stderr).toBe(0)
      const log = path.join(tempDir('lead-trace-'), 'loaded.txt')
      const warm = runLead([...args, '--dir', site], {env: traced(env, log)})
      expect(warm.code, warm.stderr).toBe(0)
      expect(warm.stdout + warm.stderr).toBe(cold.stdout + cold.stderr)
      const loaded = fs.readFileSync(log, 'utf8').split('\n')
      expect(loaded.some((m) => /\/dist\/commands\//.test(m)), 'the trace sees the command').toBe(true)
      expect(loaded.filter((m) => COMPUTING.some((re) => re.test(m)))).toEqual([])
      expect(loaded).toContain('Intl.DateTimeFormat made: 0')
      // And with the memo gone, the same trace sees the engine load (the check is not blind).
      fs.rmSync(path.join(site, '.git', 'lead'), {recursive: true, force: true})
      fs.rmSync(log)
      expect(runLead([...args, '--dir', site], {env: traced(env, log)}).stdout).toBe(cold.stdout)
      expect(fs.readFileSync(log, 'utf8').split('\n').filter((m) => COMPUTING.some((re) => re.test(m))).length).toBeGreaterThan(0)
    })
  }
})
