/**
 * What bin/run.js does so that a start costs less than oclif's default (issue 15: every everyday
 * command pays it; `lead --version` took 0.24 s against 0.10 s for `node -e 0`):
 *
 * - oclif loads its core plugins (help, autocomplete) on every start, matching the package's
 *   dependencies against their names with minimatch (30-45 ms of CPU). A run of one of lead's own
 *   commands, or `--version`, uses neither: bin/run.js then hands oclif lead's package.json without
 *   them. The root help, `lead help`, `lead autocomplete` and mistyped commands (whose suggestions
 *   list every command) still load them.
 * - @oclif/core requires at start packages it uses only on paths an ordinary run never takes
 *   (plugin discovery, help templates, pretty-printed oclif errors, spinners): they are loaded on
 *   first use instead (15-25 ms); and `debug`, which prints nothing unless DEBUG is set, is not
 *   loaded then (10-20 ms).
 */
import fs from 'node:fs'
import Module from 'node:module'
import path from 'node:path'

/**
 * Packages @oclif/core may have on first use, with whether the package marks itself an ES module
 * (`__esModule`): TypeScript's `__importDefault` asks that as oclif loads, and asking must not load
 * the package. test/cli/fast-start.test.ts holds these to the installed packages.
 */
export const LAZY_PACKAGES: Readonly<Record<string, boolean>> = {
  tinyglobby: false,
  minimatch: true,
  lilconfig: false,
  ejs: false,
  'clean-stack': false,
  'wrap-ansi': false,
  'indent-string': false,
  'string-width': false,
  'widest-line': false,
  'cli-spinners': false,
}

type Load = (request: string, parent: {filename?: string | null} | undefined, isMain: boolean) => unknown
const internals = Module as unknown as {_load: Load}

let installed = false

/**
 * The `debug` package as oclif's logger uses it (a factory of loggers), when DEBUG is not set: the
 * package would print nothing then, and loading it costs 10-20 ms (it probes the terminal).
 */
function silentDebug(): unknown {
  const logger = Object.assign(() => undefined, {enabled: false, namespace: '', log: () => undefined, destroy: () => false, extend: () => logger})
  return Object.assign(() => logger, {enable: () => undefined, disable: () => '', enabled: () => false})
}

/**
 * From now on, @oclif/core's require() of a LAZY_PACKAGES package gives a stand-in that loads it on
 * first use, and of `debug` a silent one unless DEBUG is set.
 */
export function loadOclifDependenciesLazily(): void {
  if (installed) return
  installed = true
  const load = internals._load
  internals._load = function (this: unknown, request, parent, isMain) {
    const fromOclif = /[\\/]@oclif[\\/]core[\\/]/.test(parent?.filename ?? '')
    if (request === 'debug' && fromOclif && !process.env.DEBUG) return silentDebug()
    const esModule = LAZY_PACKAGES[request]
    if (esModule === undefined || !Object.hasOwn(LAZY_PACKAGES, request) || !fromOclif) return load.call(this, request, parent, isMain)
    let real: unknown
    const get = (): object => (real ??= load.call(this, request, parent, isMain)) as object
    // A function target, so that a package that is a function can be called through it.
    return new Proxy(function lazyPackage() {}, {
      get: (_, key) => (key === '__esModule' ? esModule || undefined : Reflect.get(get(), key)),
      has: (_, key) => Reflect.has(get(), key),
      set: (_, key, value) => Reflect.set(get(), key, value),
      apply: (_, self, args) => Reflect.apply(get() as (...a: unknown[]) => unknown, self, args),
      construct: (_, args) => Reflect.construct(get() as new (...a: unknown[]) => object, args),
    })
  }
}

/** A command word: lowercase letters, digits and dashes (never a path). */
const WORD = /^[a-z][a-z0-9-]*$/

/**
 * Does the command line (global flags already moved after the command) run one of lead's own
 * commands, or ask for the version? Then oclif need not load its core plugins. Decided from the
 * compiled command files, as oclif finds them: `<commandsDir>/validate.js`, `<commandsDir>/training/coverage.js`.
 */
export function runsOwnCommand(args: readonly string[], commandsDir: string): boolean {
  if (args[0] === '--version') return true
  const [first, second] = args
  if (first === undefined || !WORD.test(first)) return false
  if (fs.existsSync(path.join(commandsDir, `${first}.js`))) return true
  return second !== undefined && WORD.test(second) && fs.existsSync(path.join(commandsDir, first, `${second}.js`))
}

/** The package.json oclif is given for such a run: the same, without core plugins. */
export function withoutCorePlugins<P extends {oclif?: Record<string, unknown>}>(pjson: P): P {
  return {...pjson, oclif: {...pjson.oclif, plugins: []}}
}
