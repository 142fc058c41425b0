/**
 * bin/run.js starts less of oclif than oclif would (src/cli/fast-start.ts): lead's own commands and
 * --version load no core plugin, none of the packages or of oclif's own modules it keeps for rare
 * paths, not oclif's index, and sort no command by locale; the root help, `lead help` and
 * `lead autocomplete` still load the plugins, and what is loaded late still works.
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {commandsFor, LAZY_OCLIF_MODULES, LAZY_PACKAGES, mayBeWsl, runsOwnCommand, withQuickPlatform} from '../../src/cli/fast-start.js'
import {cleanupTemp, exampleSite, REPO_ROOT, runLead, tempDir, testEnv} from '../support/cli.js'
import {loadedModules, traced} from '../support/load-trace.js'

afterAll(cleanupTemp)

const env = testEnv()
/** oclif's debug log names each plugin it loads. */
const PLUGIN = /loading core plugin from \S*@oclif\/plugin-(help|autocomplete)/
const LAZY = [
  ...Object.keys(LAZY_PACKAGES).map((name) => new RegExp(`node_modules/${name}/`)),
  ...Object.keys(LAZY_OCLIF_MODULES).map((file) => new RegExp(`node_modules/@oclif/core/lib/${file.replace('.', '\\.')}$`)),
  /node_modules\/@oclif\/core\/lib\/index\.js$/,
  // The WSL probe, where it could not answer yes (fast-start.ts's mayBeWsl).
  ...(mayBeWsl() ? [] : [/node_modules\/(wsl-utils|is-wsl|is-inside-container|is-docker|powershell-utils)\//]),
]

/** What a run printed, and what it loaded: modules, and oclif's debug lines (which plugins). */
function loadedBy(args: string[]): {out: string; code: number; loaded: string[]} {
  const log = path.join(tempDir('lead-trace-'), 'loaded.txt')
  const r = runLead(args, {env: {...traced(env, log), LEAD_LIBRARY_DEBUG: 'oclif:config'}})
  const debug = r.stderr.split('\n').filter((l) => l.includes('oclif:config'))
  const out = r.stdout + r.stderr.split('\n').filter((l) => !l.includes('oclif:config')).join('\n')
  return {out, code: r.code, loaded: [...loadedModules(log), ...debug]}
}

describe('a start of lead', () => {
  it('--version and one of lead\'s commands load no core plugin and no package oclif keeps for later', () => {
    const site = exampleSite(env)
    for (const args of [['--version'], ['status', '--dir', site], ['-C', site, 'list', 'partner'], ['training', 'coverage', '--dir', site]]) {
      const {code, out, loaded} = loadedBy(args)
      expect(code, out).toBe(0)
      expect(loaded.some((m) => /node_modules\/@oclif\/core\//.test(m)), 'the trace sees oclif').toBe(true)
      expect(loaded.some((m) => m.includes('loading core plugin from')), 'the log sees plugins load').toBe(true)
      // --version prints through oclif's ux (and its theme).
      const used = args[0] === '--version' ? /\/lib\/ux\/(index|theme)\.js$/ : /^$/
      expect(loaded.filter((m) => (PLUGIN.test(m) || LAZY.some((re) => re.test(m))) && !used.test(m)), args.join(' ')).toEqual([])
      // oclif sorted its ~50 commands by locale, setting up ICU's collator: it reads one now (a
      // cold `list` sorts by locale itself; warm-loading.test.ts holds warm runs to none).
      if (args[0] === '--version' || args[0] === 'status') expect(loaded, args.join(' ')).toContain('localeCompare calls: 0')
    }
  })

  it('--version, --help and a command\'s help start no git status and load none of its readers; a command over a site does', () => {
    const site = exampleSite(env)
    const git = /dist\/core\/records\/(git-file-state|git-index)\.js$/
    for (const args of [['--version'], ['--help'], ['status', '--help', '--dir', site]]) {
      const {code, out, loaded} = loadedBy(args)
      expect(code, out).toBe(0)
      expect(loaded.some((m) => m.endsWith('/dist/cli/git-prefetch.js')), 'the trace sees the prefetch').toBe(true)
      expect(loaded.filter((m) => git.test(m)), args.join(' ')).toEqual([])
    }
    const {code, out, loaded} = loadedBy(['status', '--dir', site])
    expect(code, out).toBe(0)
    expect(loaded.filter((m) => git.test(m)).length, 'status reads git').toBeGreaterThan(0)
  })

  it('a command\'s help, a parse error and an error of the command still work, loading what they use', () => {
    const site = exampleSite(env)
    const help = loadedBy(['status', '--help', '--dir', site])
    expect(help.code).toBe(0)
    expect(help.out).toContain('The project manager\'s one screen')
    expect(help.out).toMatch(/GLOBAL FLAGS[\s\S]*--json/)
    expect(help.loaded.some((m) => /node_modules\/@oclif\/core\/lib\/help\/index\.js$/.test(m)), 'the trace sees help load').toBe(true)
    const bad = loadedBy(['list', 'referral', '--limit', 'x', '--dir', site])
    expect(bad.code).toBe(2)
    expect(bad.out).toMatch(/error USAGE --limit: Expected an integer/)
    const wrong = loadedBy(['report', 'referrals', '--by', 'nope', '--dir', site])
    expect(wrong.code).toBe(2)
    expect(wrong.out).toMatch(/error USAGE Expected --by=nope to be one of: hour, weekday/)
    // With lead's usual environment: no stack frames under the error.
    const missing = runLead(['show', 'NOPE-1', '--dir', site], {env})
    expect(missing.code).toBe(2)
    expect(missing.stdout + missing.stderr).toMatch(/^error UNKNOWN_KIND unknown kind "NOPE-1"\n  hint: kinds: partner/)
    expect(missing.stderr).not.toMatch(/\n\s+at /)
  })

  it('loads the debug package only when LEAD_LIBRARY_DEBUG asks for its output (DEBUG is lead\'s own)', () => {
    for (const DEBUG of ['', '*', 'oclif:*']) {
      const log = path.join(tempDir('lead-trace-'), 'loaded.txt')
      const quiet = runLead(['--version'], {env: {...traced(env, log), DEBUG}})
      expect(quiet.code).toBe(0)
      expect(quiet.stderr).toBe('')
      expect(loadedModules(log).filter((m) => /node_modules\/debug\//.test(m))).toEqual([])
    }
    const {out, loaded} = loadedBy(['--version'])
    expect(out).toMatch(/^lead-cli\//)
    expect(loaded.some((m) => /node_modules\/debug\//.test(m))).toBe(true)
    expect(loaded.some((m) => m.includes('oclif:config'))).toBe(true)
  })

  it('the root help, `lead help` and a mistyped command load the plugins: their commands are listed and run', () => {
    const help = loadedBy(['--help'])
    expect(help.out).toMatch(/autocomplete\s+Display autocomplete/)
    expect(help.out).toMatch(/help\s+Display help for lead/)
    expect(help.loaded.some((m) => PLUGIN.test(m))).toBe(true)
    const helpOf = loadedBy(['help', 'validate'])
    expect(helpOf.code).toBe(0)
    expect(helpOf.out).toContain('Check every record')
    const typo = loadedBy(['valdate'])
    expect(typo.out).toContain('did you mean "lead validate"')
    expect(typo.loaded.some((m) => PLUGIN.test(m))).toBe(true)
  })

  it('a package loaded on first use works: help templates (ejs) render', () => {
    const r = runLead(['schema', 'export', '--help'], {env})
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('<%')
    expect(r.stdout).toMatch(/\$ lead schema export/)
  })

  it('names oclif\'s modules as they are installed, a folder\'s index with no file of its name beside it', () => {
    const lib = path.join(path.dirname(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('@oclif/core/package.json')), 'lib')
    for (const file of [...Object.keys(LAZY_OCLIF_MODULES), 'util/os.js']) {
      expect(fs.existsSync(path.join(lib, file)), file).toBe(true)
      if (file.endsWith('/index.js')) expect(fs.existsSync(path.join(lib, `${file.slice(0, -'/index.js'.length)}.js`)), file).toBe(false)
    }
  })

  it('tells oclif the platform oclif\'s own probe tells, keeping the rest of its module', async () => {
    const lib = path.join(path.dirname(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('@oclif/core/package.json')), 'lib')
    const real = createRequire(import.meta.url)(path.join(lib, 'util', 'os.js')) as {getPlatform: () => Promise<string>; getShell: () => Promise<string>; __esModule?: boolean}
    const quick = withQuickPlatform(real) as typeof real
    expect(await quick.getPlatform()).toBe(await real.getPlatform())
    expect(await quick.getShell()).toBe(await real.getShell())
    expect(quick.__esModule).toBe(true)
  })

  it('says which packages mark themselves ES modules as they are installed (asking must not load them)', () => {
    const fromOclif = createRequire(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('@oclif/core'))
    for (const [name, esModule] of Object.entries(LAZY_PACKAGES)) {
      expect(Boolean((fromOclif(name) as {__esModule?: boolean}).__esModule), name).toBe(esModule)
    }
  })
})

describe('commandsFor: the commands oclif reads from the manifest for a line', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, object>}
  const oclifLib = path.join(path.dirname(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('@oclif/core/package.json')), 'lib')
  const {normalizeArgv} = createRequire(import.meta.url)(path.join(oclifLib, 'help', 'util.js')) as {normalizeArgv: (c: object, a: string[]) => string[]}
  const settings = {topicSeparator: ' '}
  const of = (...args: string[]) => commandsFor(manifest, args, settings, normalizeArgv)

  it('is the command oclif reads from the line, and those under it', () => {
    expect(of('status', '--dir', 'x')).toEqual(['status'])
    expect(of('report', 'referrals', '--by', 'hour')).toEqual(['report:referrals'])
    expect(of('list', 'referral', '--limit', '5')).toEqual(['list'])
    expect(of('training', 'course', 'list')).toEqual(['training:course:list'])
    expect(of('--version')).toEqual([])
  })

  it('is every command when oclif would list them: help, a line naming no command, aliases', () => {
    expect(of('status', '--help')).toBeUndefined()
    expect(of('list', 'referral', '-h')).toBeUndefined()
    expect(of('status', 'foo')).toBeUndefined()
    expect(of('training')).toBeUndefined()
    expect(of('report', 'nope')).toBeUndefined()
    expect(commandsFor({commands: {...manifest.commands, status: {aliases: ['st']}}}, ['status'], settings, normalizeArgv)).toBeUndefined()
    expect(commandsFor(manifest, ['status'], {...settings, flexibleTaxonomy: true}, normalizeArgv)).toBeUndefined()
    // After --, --help is an argument.
    expect(of('list', 'referral', '--', '--help')).toEqual(['list'])
  })

  it('reads the line over those commands as over all of them', () => {
    const all = Object.keys(manifest.commands)
    const config = (ids: string[]) => ({topicSeparator: ' ', commandIDs: ids, findCommand: (id: string) => (ids.includes(id) ? (manifest.commands as Record<string, object>)[id] : undefined)})
    for (const line of [['status'], ['report', 'referrals', '--by', 'hour'], ['list', 'referral'], ['training', 'course', 'add', 'x'], ['referral', 'check', 'R-1'], ['config', 'get', 'site.timezone'], ['form', 'referral', 'R-1']]) {
      const ids = of(...line)!
      expect(ids, line.join(' ')).toBeDefined()
      expect(normalizeArgv(config(ids), [...line]), line.join(' ')).toEqual(normalizeArgv(config(all), [...line]))
    }
  })
})

describe('runsOwnCommand', () => {
  const dir = path.join(REPO_ROOT, 'dist', 'commands')
  it('is decided by the compiled command files, never by a path', () => {
    expect(runsOwnCommand(['--version'], dir)).toBe(true)
    expect(runsOwnCommand(['validate', '--dir', 'x'], dir)).toBe(true)
    expect(runsOwnCommand(['training', 'coverage'], dir)).toBe(true)
    expect(runsOwnCommand(['training'], dir)).toBe(false)
    expect(runsOwnCommand(['help', 'validate'], dir)).toBe(false)
    expect(runsOwnCommand(['autocomplete'], dir)).toBe(false)
    expect(runsOwnCommand(['--help'], dir)).toBe(false)
    expect(runsOwnCommand([], dir)).toBe(false)
    expect(runsOwnCommand(['valdate'], dir)).toBe(false)
    expect(runsOwnCommand(['../commands/validate'], dir)).toBe(false)
  })
})
