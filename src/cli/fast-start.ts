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
 *   loaded then (10-20 ms). So are its own modules for help, ux, error display and parse errors
 *   (LAZY_OCLIF_MODULES, 20-30 ms), and the WSL probe (six ES modules) when no sign of WSL is seen.
 * - oclif sorts the commands of the manifest with localeCompare, whose first call sets up ICU's
 *   collator (~14 ms): for one of lead's own commands, oclif reads only that command and those
 *   under it from the manifest (readOnlyCommandsFor), so there is nothing to sort.
 * - lead's modules take oclif's parts from its subpath modules through require (cli/oclif.ts):
 *   an `import` of @oclif/core would run Node's CommonJS export scan and read every export oclif's
 *   index defines, loading what the above leaves for later.
 */
import fs from 'node:fs'
import Module from 'node:module'
import os from 'node:os'
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
  'get-package-type': false,
  // Node's own, for reading a flag's value from stdin and for oclif's timing (OCLIF_PERFORMANCE).
  'node:readline': false,
  'node:perf_hooks': false,
}

/**
 * @oclif/core's own modules (paths under its lib/) that it requires at start and a run of one of
 * lead's commands never calls: help (`--help` and `lead help` load it when asked), ux (spinners,
 * colour themes and JSON colouring: lead writes its own output), the error handler and its pretty
 * printer (lead's commands catch their own errors), parse errors (built when a parse fails),
 * tsconfig reading (lead ships compiled JS), plugin discovery's helpers. Each is given as a stand-in loading it on first use;
 * `keys` are read from `from`, a module already loaded (help/index re-exports help/util's
 * functions, which every run calls).
 */
export const LAZY_OCLIF_MODULES: Readonly<Record<string, {from?: string; keys?: readonly string[]}>> = {
  'help/index.js': {from: 'help/util.js', keys: ['getHelpFlagAdditions', 'normalizeArgv', 'standardizeIDFromArgv']},
  'ux/index.js': {},
  'ux/theme.js': {},
  'errors/handle.js': {},
  'errors/errors/pretty-print.js': {},
  'parser/errors.js': {},
  'util/read-tsconfig.js': {},
  // Finding and reading a plugin's package.json, caching a command found without a manifest, and
  // choosing among commands of one ID in several plugins: lead hands oclif its package.json and
  // manifest, and has no plugins on these runs.
  'util/find-root.js': {},
  'util/read-pjson.js': {},
  'util/cache-command.js': {},
  'util/determine-priority.js': {},
}

type Parent = {filename?: string | null} | undefined
type Load = (request: string, parent: Parent, isMain: boolean) => unknown
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
  const LIB = `${path.sep}@oclif${path.sep}core${path.sep}lib${path.sep}`
  internals._load = function (this: unknown, request, parent, isMain) {
    // Every require of the process passes here: what is not oclif's goes on at once.
    const file = parent?.filename
    const at = file ? file.lastIndexOf(LIB) : -1
    if (at < 0) return load.call(this, request, parent, isMain)
    const lib = file!.slice(0, at + LIB.length - 1)
    const real = () => load.call(this, request, parent, isMain) as object
    if (request.startsWith('.')) {
      const own = ownModule(path.resolve(path.dirname(file!), request).slice(lib.length + 1).split(path.sep).join('/'))
      if (own === 'util/os.js') return withQuickPlatform(real())
      const lazy = LAZY_OCLIF_MODULES[own]
      if (lazy === undefined || !Object.hasOwn(LAZY_OCLIF_MODULES, own)) return real()
      const from = lazy.from === undefined ? undefined : (): object => load.call(this, path.join(lib, lazy.from!), parent, false) as object
      return standIn(real, true, from === undefined ? undefined : {keys: new Set(lazy.keys), from})
    }
    if (request === 'debug' && !process.env.DEBUG) return silentDebug()
    const esModule = LAZY_PACKAGES[request]
    if (esModule === undefined || !Object.hasOwn(LAZY_PACKAGES, request)) return real()
    return standIn(real, esModule)
  }
}

/**
 * Which of oclif's modules a request names, from its path under lib/ as written: `../help/index`,
 * `./ux/theme`, or a folder (`./help`, `../ux`: its index.js; oclif has no help.js or ux.js beside
 * them, as fast-start.test.ts checks). Resolved without the file system: Node resolves it again.
 */
function ownModule(rel: string): string {
  if (rel.endsWith('.js')) return rel
  return Object.hasOwn(LAZY_OCLIF_MODULES, `${rel}/index.js`) ? `${rel}/index.js` : `${rel}.js`
}

/**
 * A module's stand-in that loads it on first use. `__esModule` (which TypeScript's import helpers
 * ask as oclif loads) is answered without loading; `served` keys are read from another module.
 */
function standIn(load: () => object, esModule: boolean, served?: {keys: ReadonlySet<string | symbol>; from: () => object}): unknown {
  let real: object | undefined
  const get = (): object => (real ??= load())
  // A function target, so that a package that is a function can be called through it.
  return new Proxy(function lazyModule() {}, {
    get: (_, key) => (key === '__esModule' ? esModule || undefined : served?.keys.has(key) ? Reflect.get(served.from(), key) : Reflect.get(get(), key)),
    has: (_, key) => Reflect.has(get(), key),
    set: (_, key, value) => Reflect.set(get(), key, value),
    apply: (_, self, args) => Reflect.apply(get() as (...a: unknown[]) => unknown, self, args),
    construct: (_, args) => Reflect.construct(get() as new (...a: unknown[]) => object, args),
  })
}

/**
 * oclif's util/os with a getPlatform that imports the WSL probe (wsl-utils, is-wsl and four more ES
 * modules) only where is-wsl could answer yes: on Linux whose kernel names Microsoft or that has
 * WSL's files. Elsewhere is-wsl answers no, and the platform is os.platform(), as oclif would say.
 */
export function withQuickPlatform(real: object): object {
  const {getPlatform} = real as {getPlatform: () => Promise<string>}
  // Everything else (and __esModule, which is not enumerable) read from the module itself.
  return Object.create(real, {getPlatform: {value: async () => (mayBeWsl() ? getPlatform() : os.platform()), enumerable: true}}) as object
}

/** Could is-wsl (3.x) find WSL here? Its own tests, without the container check that can only turn a yes into a no. */
export function mayBeWsl(): boolean {
  if (process.platform !== 'linux') return false
  if (os.release().toLowerCase().includes('microsoft')) return true
  try {
    if (fs.readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft')) return true
  } catch {
    // is-wsl reads on
  }
  return fs.existsSync('/proc/sys/fs/binfmt_misc/WSLInterop') || fs.existsSync('/run/WSL')
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

/** What oclif's manifest says of a command, as far as choosing it goes. */
interface ManifestCommand {
  aliases?: string[]
  strict?: boolean
  args?: Record<string, unknown>
}
interface Manifest {
  commands: Record<string, ManifestCommand>
}
interface OclifSettings {
  topicSeparator?: string
  flexibleTaxonomy?: boolean
  additionalHelpFlags?: string[]
  additionalVersionFlags?: string[]
}
interface RootPlugin {
  isRoot?: boolean
  commandIDs?: string[]
}
type NormalizeArgv = (config: object, argv: string[]) => string[]

/**
 * For this run, oclif's root plugin keeps from its manifest only the commands `commandsFor`
 * allows (oclif then sorts one command instead of ~50, and sets up no collator): patched on
 * oclif's Plugin for its first manifest read. Called by bin/run.js with @oclif/core's Plugin.
 */
export function readOnlyCommandsFor(Plugin: {prototype: object}, args: readonly string[], settings: OclifSettings): void {
  const proto = Plugin.prototype as {_manifest?: (this: RootPlugin, ...rest: unknown[]) => Promise<Manifest | undefined>}
  const read = proto._manifest
  if (typeof read !== 'function') return
  proto._manifest = async function (this: RootPlugin, ...rest: unknown[]) {
    const manifest = await read.apply(this, rest)
    if (!this.isRoot || !manifest) return manifest
    proto._manifest = read
    const ids = commandsFor(manifest, args, settings, oclifNormalizeArgv())
    if (ids === undefined) return manifest
    this.commandIDs = ids
    return {...manifest, commands: Object.fromEntries(ids.map((id) => [id, manifest.commands[id]!]))}
  }
}

/** oclif's own reading of a command line into a command ID (help/util.js, which every run loads). */
function oclifNormalizeArgv(): NormalizeArgv {
  const require = Module.createRequire(import.meta.url)
  const lib = path.join(path.dirname(require.resolve('@oclif/core/package.json')), 'lib')
  return (require(path.join(lib, 'help', 'util.js')) as {normalizeArgv: NormalizeArgv}).normalizeArgv
}

/**
 * The commands oclif needs for this line, or undefined for all. Once oclif has read the command ID
 * from the line (normalizeArgv, over the manifest's commands, as oclif's run does), it looks up that
 * command alone; a line that is no command (oclif's "not found" hook lists them all), asks for help
 * (a command's help lists the commands under it and the topics), or meets aliases or flexible
 * taxonomy (other IDs could match) keeps them all. `--version` needs none. The commands under the
 * chosen one are kept, so that reading the line over them finds the same command.
 */
export function commandsFor(manifest: Manifest, args: readonly string[], settings: OclifSettings, normalizeArgv: NormalizeArgv): string[] | undefined {
  const {commands} = manifest
  if (['--version', ...(settings.additionalVersionFlags ?? [])].includes(args[0] ?? '')) return []
  const end = args.indexOf('--')
  const help = new Set(['--help', '-h', ...(settings.additionalHelpFlags ?? [])])
  if ((end < 0 ? args : args.slice(0, end)).some((a) => help.has(a))) return undefined
  if (settings.flexibleTaxonomy || Object.values(commands).some((c) => (c.aliases?.length ?? 0) > 0)) return undefined
  const ids = Object.keys(commands)
  const config = {topicSeparator: settings.topicSeparator ?? ':', commandIDs: ids, findCommand: (id: string) => (Object.hasOwn(commands, id) ? commands[id] : undefined)}
  const [id] = normalizeArgv(config, [...args])
  if (id === undefined || !Object.hasOwn(commands, id)) return undefined
  return ids.filter((other) => other === id || other.startsWith(`${id}:`))
}
