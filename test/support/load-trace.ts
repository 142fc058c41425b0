/**
 * What a run of the built CLI loaded: a preloaded module records every module (ES modules through
 * a resolve hook, written from the hooks thread before the module runs; CommonJS ones from
 * require.cache at exit), how many Intl.DateTimeFormat were made ("Intl.DateTimeFormat made: N")
 * and how many strings were compared by locale ("localeCompare calls: N": the first sets up ICU's
 * collator, ~14 ms).
 */
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {tempDir} from './cli.js'

/** An environment whose lead run appends what it loaded to `log`. */
export function traced(env: NodeJS.ProcessEnv, log: string): NodeJS.ProcessEnv {
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
const compare = String.prototype.localeCompare
let compared = 0
String.prototype.localeCompare = function (...args) { compared++; return compare.apply(this, args) }
process.on('exit', () => fs.appendFileSync(log, Object.keys(require.cache).join('\\n') + '\\nIntl.DateTimeFormat made: ' + made + '\\nlocaleCompare calls: ' + compared + '\\n'))
`)
  return {...env, NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`}
}
