#!/usr/bin/env node
// Build step (npm run build, after tsc): lead's own compiled modules, which tsc writes to dist-tsc/
// (type-checked, one file per source), bundled by rolldown into dist/. A start of lead loaded
// ~55-120 of them one by one, and Node's ESM loader spends ~0.5 ms on each (resolve, read, compile,
// link): in chunks, the same code costs 20-70 ms of CPU less a command (docs/performance.md).
//
// Every module loaded by path is an entry, written where tsc would have written it, with its
// exports: the commands (oclif's manifest names their files), the help class and hooks
// (package.json `oclif`), what bin/run.js imports, the parse worker (records/load.ts starts it by
// its file) and the few modules tests and benchmarks import (OUTSIDE_ENTRIES). The rest is cut into
// dist/chunks/NAME-HASH.js for the everyday runs of scripts/bundle-runs.mjs (cutChunks), and the
// build stops unless each of those runs loads exactly the modules it loaded unbundled and every
// entry exports what its module does. `import()` of a module stays lazy. Packages and node:
// builtins stay external (resolved from dist/ as before); files lead loads by path (the yaml
// bundle, the compiled validators) are written by later steps. LEAD_BUNDLE_REPORT=1 prints how many
// files each run loads.
//
// dist/chunks.json: `files`, each file written → the modules it holds (paths as tsc wrote them),
// which test/support/load-trace.ts reads a loaded file as; `runs`, each run → the modules it loads.
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {build} from 'rolldown'
import {RUNS} from './bundle-runs.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const staged = path.join(root, 'dist-tsc')
const out = path.join(root, 'dist')
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))

/** The parse worker: records/load.ts starts a thread on its file (buildFile). */
const WORKER = 'core/records/parse-worker.js'
/**
 * Modules that tests and benchmarks import from dist/ by path. lead itself never loads them so: each
 * is cut into chunks like any module, and its file in dist/ only re-exports it from its chunk.
 */
const OUTSIDE_ENTRIES = [
  // tests (test/support/mint-referrals.mjs, test/core/large-records.test.ts, record-writer.test.ts,
  // parse-cache-values.test.ts and values-table-attacks.test.ts, whose child processes import them)
  'core/records/id-minting.js',
  'core/records/parse-cache.js',
  'core/records/values-file.js',
  'core/records/record-parse.js',
  'core/records/site-lock.js',
  'core/records/young-generation.js', // test/core/young-generation.test.ts
  // benchmarks (test/bench/cases/)
  'core/site.js',
  'core/records/load.js',
  'core/privacy/identifiers.js',
  'core/training/roster-yaml.js',
  'core/training/training-data.js',
  'core/training/coverage.js',
  'core/training/due.js',
  'core/training/trend.js',
  'core/training/training-validity.js',
]

/**
 * Commands outside the listed runs whose static imports also cut chunks (a bit each in cutChunks'
 * key): two everyday readers, which otherwise loaded chunks holding set's and the validation
 * engine's modules (`lead history` 34 → 127 modules). A bit for every command split the listed
 * runs' chunks two- to three-fold (a warm `status` 16 → 31 files, and slower).
 */
const ALSO_SPLIT_FOR = ['commands/show.js', 'commands/history.js']

/** A path of package.json's `oclif` (./dist/x.js) or bin/run.js (../dist/x.js) as a path inside dist/. */
const inDist = (p) => p.replace(/^(\.\.?\/)?dist\//, '')

function filesUnder(dir) {
  return fs.readdirSync(path.join(staged, dir), {recursive: true, withFileTypes: true})
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => path.relative(staged, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
}

const fromBin = [...fs.readFileSync(path.join(root, 'bin', 'run.js'), 'utf8').matchAll(/['"`]\.\.\/dist\/([^'"`]+\.js)['"`]/g)].map((m) => m[1])
const entries = new Set([
  ...filesUnder(inDist(pkg.oclif.commands)),
  inDist(pkg.oclif.helpClass),
  ...Object.values(pkg.oclif.hooks ?? {}).flat().map(inDist),
  ...fromBin,
  WORKER,
  ...OUTSIDE_ENTRIES,
])
for (const e of entries) if (!fs.existsSync(path.join(staged, e))) throw new Error(`bundle: no module ${e} in dist-tsc/ (named as an entry)`)

/** The files lead loads by path: each keeps its own module. */
const byPath = new Set([...entries].filter((e) => !OUTSIDE_ENTRIES.includes(e)))

/** The build's view of the module graph (paths inside dist/), filled in when rolldown has read every module. */
const graph = new Map()
/** An entry's exports, which its file in dist/ must keep (oclif, bin/run.js and tests import them). */
const exportsOf = new Map()
/** Module → the chunk cut for it (see scripts/bundle-runs.mjs); none for a module no listed run loads. */
const chunkOf = new Map()
const rel = (id) => (id.startsWith(staged + path.sep) ? path.relative(staged, id).split(path.sep).join('/') : undefined)

/** The modules a module loads with it: itself and its static imports, transitively. */
function reach(from, seen = new Set()) {
  const stack = [from]
  while (stack.length > 0) {
    const m = stack.pop()
    if (seen.has(m)) continue
    if (!graph.has(m)) throw new Error(`bundle: ${m} is not a module of lead's (scripts/bundle-runs.mjs)`)
    seen.add(m)
    stack.push(...graph.get(m))
  }
  return seen
}

/** What each listed run loads, unbundled: the files it loads by path or import(), and all they import. */
const runModules = () => Object.fromEntries(RUNS.map((run) => [run.name, run.loads.reduce((seen, m) => reach(m, seen), new Set())]))

/**
 * Modules that the listed runs load alike (each run loads all of them or none) go into one chunk:
 * a run then loads only chunks whose every module it uses, a warm `lead status` 21 files for 49
 * modules (rolldown alone, splitting by which of ~90 entries and import() targets reach a module,
 * made 37). Modules no listed run loads are left to rolldown. Files lead loads by path keep their
 * own module.
 */
function cutChunks() {
  const runs = runModules()
  // Everyday commands oclif runs (ALSO_SPLIT_FOR): what each imports is kept apart from what it
  // does not, so `lead history` loads no chunk holding set's or the validation engine's modules.
  const also = ALSO_SPLIT_FOR.map((e) => reach(e))
  const byKey = new Map()
  for (const m of graph.keys()) {
    if (byPath.has(m)) continue
    const inRuns = RUNS.map((run) => (runs[run.name].has(m) ? '1' : '0')).join('')
    if (!inRuns.includes('1')) continue
    const key = `${inRuns}:${also.map((seen) => (seen.has(m) ? '1' : '0')).join('')}`
    byKey.set(key, [...(byKey.get(key) ?? []), m])
  }
  for (const members of byKey.values()) {
    // Named after the module of the group that no other in it imports (the first by path).
    const top = members.filter((m) => !members.some((o) => o !== m && graph.get(o).includes(m))).sort()[0] ?? members.sort()[0]
    for (const m of members) chunkOf.set(m, path.basename(top, '.js'))
  }
}

/** A file that only re-exports a module (OUTSIDE_ENTRIES), as rolldown reads it. */
const FACADE = '\0lead-facade:'
const inputOf = (e) => (OUTSIDE_ENTRIES.includes(e) ? FACADE + e : path.join(staged, e))

const result = await build({
  input: Object.fromEntries([...entries].sort().map((e) => [e.slice(0, -'.js'.length), inputOf(e)])),
  platform: 'node',
  logLevel: 'warn',
  // An entry's file may export more than its module (what chunks import from it): needed to cut
  // chunks by run rather than by every module's imports (includeDependenciesRecursively below).
  preserveEntrySignatures: 'allow-extension',
  // Packages (resolved from node_modules at run time, as before) and Node's builtins.
  external: (id) => !id.startsWith('.') && !path.isAbsolute(id),
  // A dynamic import of a module that others import statically stays a plain import (as it was unbundled).
  onLog: (level, log, handler) => (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT' ? undefined : handler(level, log)),
  plugins: [
    {
      name: 'lead-facades',
      resolveId: (id) => (id.startsWith(FACADE) ? id : null),
      load(id) {
        if (!id.startsWith(FACADE)) return null
        const file = path.join(staged, id.slice(FACADE.length))
        const hasDefault = /^export default |\bas default\b/m.test(fs.readFileSync(file, 'utf8'))
        return `export * from ${JSON.stringify(file)}\n${hasDefault ? `export {default} from ${JSON.stringify(file)}\n` : ''}`
      },
    },
    {
      name: 'lead-runs',
      buildEnd() {
        for (const id of this.getModuleIds()) {
          const m = rel(id)
          if (!m) continue
          const info = this.getModuleInfo(id)
          graph.set(m, info.importedIds.map(rel).filter(Boolean))
          if (entries.has(m)) exportsOf.set(m, [...info.exports].sort())
        }
        cutChunks()
      },
    },
  ],
  output: {
    dir: out,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    // Functions and classes keep their names: renaming on a clash between modules must not change `.name`.
    keepNames: true,
    codeSplitting: {
      // Only the modules cutChunks chose: what they import is in chunks of its own.
      groups: [{name: (id) => chunkOf.get(rel(id)) ?? null, debugName: 'lead-runs', includeDependenciesRecursively: false}],
    },
  },
})

// Each run loads exactly the modules it loaded unbundled: the files holding what it loads by path
// or import(), and the files those import.
const files = new Map(result.output.filter((f) => f.type === 'chunk').map((f) => [f.fileName, f]))
const fileOf = new Map()
const held = {}
for (const [name, file] of files) {
  held[name] = file.moduleIds.map(rel).filter(Boolean).sort()
  for (const m of held[name]) fileOf.set(m, name)
}
for (const e of entries) {
  const kept = [...files.get(e).exports].sort()
  if (kept.join() !== exportsOf.get(e).join()) throw new Error(`bundle: dist/${e} exports ${kept.join(', ')} where its module exports ${exportsOf.get(e).join(', ')}`)
}
const runs = runModules()
for (const run of RUNS) {
  const loaded = new Set()
  const stack = run.loads.map((m) => fileOf.get(m))
  while (stack.length > 0) {
    const f = stack.pop()
    if (loaded.has(f)) continue
    loaded.add(f)
    stack.push(...files.get(f).imports.filter((i) => files.has(i)))
  }
  const modules = new Set([...loaded].flatMap((f) => held[f]))
  const extra = [...modules].filter((m) => !runs[run.name].has(m))
  const missing = [...runs[run.name]].filter((m) => !modules.has(m))
  if (extra.length + missing.length > 0) throw new Error(`bundle: run ${run.name} would load ${extra.join(', ') || 'nothing'} more and ${missing.join(', ') || 'nothing'} less than unbundled`)
  if (process.env.LEAD_BUNDLE_REPORT) console.log(`${run.name}: ${modules.size} modules in ${loaded.size} files`)
}
const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)))
fs.writeFileSync(path.join(out, 'chunks.json'), `${JSON.stringify({files: sorted(held), runs: Object.fromEntries(Object.entries(runs).map(([n, s]) => [n, [...s].sort()]))}, null, 1)}\n`)
