/**
 * What a run of the built CLI loaded: a preloaded module records every module (ES modules through
 * a resolve hook, written from the hooks thread before the module runs; CommonJS ones from
 * require.cache at exit), how many Intl.DateTimeFormat were made ("Intl.DateTimeFormat made: N")
 * and how many strings were compared by locale ("localeCompare calls: N": the first sets up ICU's
 * collator, ~14 ms).
 *
 * The build bundles lead's modules into chunks (scripts/bundle.mjs); `loadedModules` reads a log
 * with each of lead's files loaded replaced by the modules it holds (dist/chunks.json), named as
 * tsc writes them (…/dist/core/validate/site-validation.js), so a test says which modules loaded
 * whatever file the bundler put them in.
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
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

const manifests = new Map<string, Record<string, string[]>>()

/** The build's chunk manifest (dist/chunks.json `files`: each file written → the modules it holds), by the build's folder. */
function chunkManifest(dist: string): Record<string, string[]> {
  let manifest = manifests.get(dist)
  if (!manifest) {
    manifest = (JSON.parse(fs.readFileSync(path.join(dist, 'chunks.json'), 'utf8')) as {files: Record<string, string[]>}).files
    manifests.set(dist, manifest)
  }
  return manifest
}

/** A line of the log as the modules it stands for: a file of lead's build, the modules it holds; anything else, itself. */
export function modulesOf(line: string): string[] {
  const m = /^(file:\/\/.*\/dist)\/([^?#]+\.js)$/.exec(line)
  if (!m) return [line]
  const dist = fileURLToPath(m[1]!)
  if (!fs.existsSync(path.join(dist, 'chunks.json'))) return [line]
  const held = chunkManifest(dist)[m[2]!]
  if (!held) throw new Error(`${line} is not in the build's chunk manifest (dist/chunks.json): a stale build?`)
  return held.map((rel) => `${m[1]}/${rel}`)
}

/** The log `traced` wrote, each file of lead's build read as the modules it holds (each once). */
export function loadedModules(log: string): string[] {
  return [...new Set(fs.readFileSync(log, 'utf8').split('\n').flatMap(modulesOf))]
}
