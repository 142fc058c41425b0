/**
 * bin/run.js starts less of oclif than oclif would (src/cli/fast-start.ts): lead's own commands and
 * --version load no core plugin and none of the packages oclif keeps for rare paths; the root help,
 * `lead help` and `lead autocomplete` still load the plugins, and a package loaded late still works.
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {LAZY_PACKAGES, runsOwnCommand} from '../../src/cli/fast-start.js'
import {cleanupTemp, exampleSite, REPO_ROOT, runLead, tempDir, testEnv} from '../support/cli.js'
import {traced} from '../support/load-trace.js'

afterAll(cleanupTemp)

const env = testEnv()
/** oclif's debug log names each plugin it loads. */
const PLUGIN = /loading core plugin from \S*@oclif\/plugin-(help|autocomplete)/
const LAZY = Object.keys(LAZY_PACKAGES).map((name) => new RegExp(`node_modules/${name}/`))

/** What a run printed, and what it loaded: modules, and oclif's debug lines (which plugins). */
function loadedBy(args: string[]): {out: string; code: number; loaded: string[]} {
  const log = path.join(tempDir('lead-trace-'), 'loaded.txt')
  const r = runLead(args, {env: {...traced(env, log), DEBUG: 'oclif:config'}})
  const debug = r.stderr.split('\n').filter((l) => l.includes('oclif:config'))
  const out = r.stdout + r.stderr.split('\n').filter((l) => !l.includes('oclif:config')).join('\n')
  return {out, code: r.code, loaded: [...fs.readFileSync(log, 'utf8').split('\n'), ...debug]}
}

describe('a start of lead', () => {
  it('--version and one of lead\'s commands load no core plugin and no package oclif keeps for later', () => {
    const site = exampleSite(env)
    for (const args of [['--version'], ['status', '--dir', site], ['-C', site, 'list', 'partner'], ['training', 'coverage', '--dir', site]]) {
      const {code, out, loaded} = loadedBy(args)
      expect(code, out).toBe(0)
      expect(loaded.some((m) => /node_modules\/@oclif\/core\//.test(m)), 'the trace sees oclif').toBe(true)
      expect(loaded.some((m) => m.includes('loading core plugin from')), 'the log sees plugins load').toBe(true)
      expect(loaded.filter((m) => PLUGIN.test(m) || LAZY.some((re) => re.test(m))), args.join(' ')).toEqual([])
    }
  })

  it('loads the debug package only when DEBUG asks for its output', () => {
    const log = path.join(tempDir('lead-trace-'), 'loaded.txt')
    const quiet = runLead(['--version'], {env: {...traced(env, log), DEBUG: ''}})
    expect(quiet.code).toBe(0)
    expect(quiet.stderr).toBe('')
    expect(fs.readFileSync(log, 'utf8').split('\n').filter((m) => /node_modules\/debug\//.test(m))).toEqual([])
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

  it('says which packages mark themselves ES modules as they are installed (asking must not load them)', () => {
    const fromOclif = createRequire(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('@oclif/core'))
    for (const [name, esModule] of Object.entries(LAZY_PACKAGES)) {
      expect(Boolean((fromOclif(name) as {__esModule?: boolean}).__esModule), name).toBe(esModule)
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
