#!/usr/bin/env node
// The `lead` binary. Runs the compiled commands listed in oclif.manifest.json (see `npm run build`).
// Before loading anything, it checks that this installation is whole: an install from git whose
// build script did not run, or a copy without its dependencies, gets one line and exit 4
// instead of a stack trace (and exit 1, which would read as "the records are invalid").
import fs from 'node:fs'
import nodeModule, {createRequire} from 'node:module'
import {fileURLToPath} from 'node:url'

// DEBUG is lead's own: DEBUG=1 prints where an error was thrown (src/cli/lead-command.ts reads it as
// LEAD_DEBUG). The libraries that read DEBUG through the `debug` package (oclif, simple-git) would
// print the command line as typed and git's output, a record's text included: they see only
// LEAD_LIBRARY_DEBUG, for work on lead itself, never on a site's records.
if (process.env.DEBUG !== undefined) {
  process.env.LEAD_DEBUG ||= process.env.DEBUG
  delete process.env.DEBUG
}
if (process.env.LEAD_LIBRARY_DEBUG) process.env.DEBUG = process.env.LEAD_LIBRARY_DEBUG

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/[\/]$/, '')
const at = (rel) => fileURLToPath(new URL(`../${rel}`, import.meta.url))

function stop(code, message, hint) {
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ok: false, error: {code, message, hint}}, null, 2)}\n`)
  process.stderr.write(`error ${code} ${message}\n  hint: ${hint}\n`)
  process.exit(4)
}

/** Does `version` (x.y.z) satisfy `range`, written as `^a.b.c || >=a.b.c || …` (package.json engines)? */
function satisfies(version, range) {
  const v = version.split('.').map(Number)
  const atLeast = (min) => {
    for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i]
    return true
  }
  return range.split('||').some((part) => {
    const m = /^\s*(\^|>=)\s*(\d+)\.(\d+)\.(\d+)\s*$/.exec(part)
    if (!m) return true // a form this check does not know: let Node decide
    const min = [Number(m[2]), Number(m[3]), Number(m[4])]
    return atLeast(min) && (m[1] === '>=' || v[0] === min[0])
  })
}

let pkg = {}
try {
  pkg = JSON.parse(fs.readFileSync(at('package.json'), 'utf8'))
} catch {
  // checked below through the files that matter
}
const engines = pkg.engines?.node
if (engines && !satisfies(process.versions.node, engines)) {
  stop('UNSUPPORTED_NODE', `lead needs Node ${engines}; this is Node ${process.versions.node}`, 'install a Node LTS release lead supports (22 or 24) and run lead with it')
}

const fromClone = fs.existsSync(at('src')) && fs.existsSync(at('tsconfig.json'))
const missing = ['dist/commands', 'oclif.manifest.json'].filter((rel) => !fs.existsSync(at(rel)))
if (missing.length > 0) {
  stop(
    'INCOMPLETE_INSTALL',
    `this installation of lead in ${root} is incomplete: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing (lead was not built)`,
    fromClone
      ? `build it: cd ${JSON.stringify(root)} && npm ci && npm run build`
      : 'reinstall lead: from git, npm must run its build script (allow it: "allowScripts": {"lead-cli": true} in package.json, or npm install -g --allow-scripts=lead-cli …); or install the packed release tarball, which is already built',
  )
}

// Node 22 and later: lead's modules start from the bytecode an earlier run kept, in a folder of the
// user's own (src/cli/compile-cache.ts). Node 20 has no such cache: nothing more is loaded there.
if (typeof nodeModule.enableCompileCache === 'function') {
  try {
    // A folder per build (each build's chunks are new files): the version and when it was built.
    const built = Math.round(fs.statSync(at('dist/chunks.json')).mtimeMs).toString(36)
    ;(await import('../dist/cli/compile-cache.js')).enableCompileCache(process.env, undefined, `${pkg.version}-${built}`)
  } catch {
    // Only a head start.
  }
}

// git answers what changed in the site while lead loads (src/cli/git-prefetch.ts).
const {hoistGlobalFlags} = await import('../dist/cli/global-flags.js')
const args = hoistGlobalFlags(process.argv.slice(2))
try {
  const {prefetchSiteStatus} = await import('../dist/cli/git-prefetch.js')
  await prefetchSiteStatus(args)
} catch {
  // Only a head start: the command asks git itself.
}

// The everyday commands' common lines (lead status, validate, report referrals --by, show, list KIND
// --limit N) run without oclif (src/cli/early-start.ts: 50–75 ms of CPU less); any other line, and any
// error, goes on to oclif, which runs the line from the start.
let early = false
try {
  early = await (await import('../dist/cli/early-start.js')).runEarly(args)
} catch {
  // oclif runs it, and reports what is wrong.
}
if (!early) await viaOclif()

async function viaOclif() {
  // Start less of oclif than it would (src/cli/fast-start.ts): what lead's own commands never use.
  const fastStart = await import('../dist/cli/fast-start.js')
  fastStart.loadOclifDependenciesLazily()

  let oclif
  // The engines check above is oclif's too, which loads semver for it (40–100 ms of every start).
  const engineWarning = process.env.OCLIF_DISABLE_ENGINE_WARNING
  process.env.OCLIF_DISABLE_ENGINE_WARNING = '1'
  // Required, not imported: the parts lead uses, never oclif's index (src/cli/oclif.ts says why).
  const require = createRequire(import.meta.url)
  try {
    oclif = {...require('@oclif/core/execute'), ...require('@oclif/core/config')}
    if (engineWarning === undefined) delete process.env.OCLIF_DISABLE_ENGINE_WARNING
    else process.env.OCLIF_DISABLE_ENGINE_WARNING = engineWarning
  } catch (error) {
    if (error?.code !== 'MODULE_NOT_FOUND' && error?.code !== 'ERR_MODULE_NOT_FOUND') throw error
    stop(
      'INCOMPLETE_INSTALL',
      `lead's dependencies are not installed next to ${root} (${error.message.split('\n')[0]})`,
      fromClone ? `install them: cd ${JSON.stringify(root)} && npm ci` : 'reinstall lead with npm (npm install --omit=dev …), which installs its dependencies',
    )
  }

  // Global flags may come before the command (lead -C site validate): oclif reads them after it.
  const own = pkg.oclif !== undefined && fastStart.runsOwnCommand(args, at('dist/commands'))
  if (own) fastStart.readOnlyCommandsFor(oclif.Plugin, args, pkg.oclif)
  await oclif.execute(own ? {loadOptions: {root, pjson: fastStart.withoutCorePlugins(pkg)}, args} : {dir: import.meta.url, args})
}
