/**
 * A warm command (nothing changed since the last run) answers from its memo, so it must not load
 * what computing the answer takes: the validation engine and its rules, the schema checks (ajv),
 * the record reader and parse cache's loader, the yaml library, the report and status modules;
 * nor create an Intl.DateTimeFormat (clock/zone-facts.ts keeps what Intl said). Each costs tens of
 * milliseconds of a command whose goal is 0.3 s. A preloaded module records every module the
 * built CLI loads (ES modules through a resolve hook, written from the hooks thread before the
 * module runs; CommonJS ones from require.cache at exit) and every DateTimeFormat made.
 */
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, runLead, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv()

/** An environment whose lead run appends what it loaded to `log`. */
function traced(log: string): NodeJS.ProcessEnv {
  const dir = tempDir('lead-trace-')
  const hooks = path.join(dir, 'hooks.mjs')
  fs.writeFileSync(hooks, `import fs from 'node:fs'
let log
export function initialize(data) { log = data.log }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context)
  fs.appendFileSync(log, r.url + '\\n')
  return r
}
`)
  const preload = path.join(dir, 'preload.mjs')
  fs.writeFileSync(preload, `import fs from 'node:fs'
import {createRequire, register} from 'node:module'
const log = ${JSON.stringify(log)}
register(${JSON.stringify(pathToFileURL(hooks).href)}, {data: {log}})
const require = createRequire(import.meta.url)
const Real = Intl.DateTimeFormat
let made = 0
Intl.DateTimeFormat = new Proxy(Real, {construct: (t, a, n) => (made++, Reflect.construct(t, a, n)), apply: (t, self, a) => (made++, Reflect.apply(t, self, a))})
process.on('exit', () => fs.appendFileSync(log, Object.keys(require.cache).join('\\n') + '\\nIntl.DateTimeFormat made: ' + made + '\\n'))
`)
  return {...env, NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`}
}

/** What computing takes, and a warm run must not load. */
const COMPUTING = [/\/dist\/core\/validate\/site-validation\.js$/, /\/dist\/core\/validate\/rules\//, /\/dist\/core\/validate\/schema-check\.js$/, /\/dist\/core\/records\/load\.js$/, /\/dist\/core\/referrals\/(site-data|status-of-site|volume)\.js$/, /node_modules\/(yaml|ajv)\//]

describe('a warm command loads only what answers from its memo', () => {
  for (const args of [['validate'], ['status'], ['report', 'referrals', '--by', 'hour'], ['list', 'referral', '--limit', '2']]) {
    it(args.join(' '), () => {
      const site = exampleSite(env)
      const cold = runLead([...args, '--dir', site], {env})
      expect(cold.code, cold.stderr).toBe(0)
      const log = path.join(tempDir('lead-trace-'), 'loaded.txt')
      const warm = runLead([...args, '--dir', site], {env: traced(log)})
      expect(warm.code, warm.stderr).toBe(0)
      expect(warm.stdout + warm.stderr).toBe(cold.stdout + cold.stderr)
      const loaded = fs.readFileSync(log, 'utf8').split('\n')
      expect(loaded.some((m) => /\/dist\/commands\//.test(m)), 'the trace sees the command').toBe(true)
      expect(loaded.filter((m) => COMPUTING.some((re) => re.test(m)))).toEqual([])
      expect(loaded).toContain('Intl.DateTimeFormat made: 0')
      // And with the memo gone, the same trace sees the engine load (the check is not blind).
      fs.rmSync(path.join(site, '.git', 'lead'), {recursive: true, force: true})
      fs.rmSync(log)
      expect(runLead([...args, '--dir', site], {env: traced(log)}).stdout).toBe(cold.stdout)
      expect(fs.readFileSync(log, 'utf8').split('\n').filter((m) => COMPUTING.some((re) => re.test(m))).length).toBeGreaterThan(0)
    })
  }
})
