/**
 * bin/run.js's early path (src/cli/early-start.ts), continued from test/commands/early-start.test.ts:
 * findings and exit status 1, colour, a terminal and the ways to name the site print what oclif's
 * path prints; any other line, or any error, is oclif's to run and report. The tests run at once,
 * each on a site of its own (test/support/early-both.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readLine, runEarly} from '../../src/cli/early-start.js'
import {BIN, cleanupTemp, exampleSite, REPO_ROOT, spawnAsync, tempDir} from '../support/cli.js'
import {both, env, run} from '../support/early-both.js'
import {noting} from '../support/which-path.js'

afterAll(cleanupTemp)

describe.concurrent('the early path prints what oclif\'s prints', () => {
  it('referral check of an ineligible referral: exit 1 and the same reasons, text and JSON', async () => {
    const site = exampleSite(env, {warm: true})
    for (const json of [[], ['--json']]) {
      const {early} = await both(['referral', 'check', 'r-2025-07-19-ehy9je', ...json, '-C', site])
      expect(early.path).toBe('early')
      expect(early.code).toBe(1)
    }
  })

  it('with colour (FORCE_COLOR) and without (NO_COLOR), the site from -C, --dir=, LEAD_DIR or the folder', async () => {
    const site = exampleSite(env, {warm: true})
    const {NO_COLOR: _, ...bare} = env
    for (const form of [['status'], ['validate'], ['report', 'referrals', '--by', 'hour'], ['list', 'referral', '--limit', '3']]) {
      const coloured = (await both([...form, '-C', site], {env: {...bare, FORCE_COLOR: '1'}})).early
      expect(coloured.path).toBe('early')
      expect(coloured.stdout + coloured.stderr, `${form.join(' ')} in colour`).toContain('\u001B[')
      const plain = (await both(['-C', site, ...form], {env: {...bare, FORCE_COLOR: '1', NO_COLOR: '1'}})).early
      expect(plain.stdout + plain.stderr).not.toContain('\u001B[')
      expect((await both([...form, `--dir=${site}`])).early.path).toBe('early')
      expect((await both(form, {env: {...env, LEAD_DIR: site}})).early.path).toBe('early')
      expect((await both(form, {cwd: path.join(site, 'referrals')})).early.path).toBe('early')
      expect((await both([...form, '--json'], {env: {...env, LEAD_DIR: site}})).early.stdout).toBe((await run([...form, '--json', '-C', site])).stdout)
    }
  })

  it('at a terminal: the same colours and exit status (test/support/pty-driver.py)', async () => {
    const site = exampleSite(env, {warm: true})
    const {NO_COLOR: _, ...bare} = env
    const atTerminal = async (args: string[], extra: NodeJS.ProcessEnv) => {
      const log = path.join(tempDir('lead-early-'), 'path.txt')
      const r = await spawnAsync('python3', [path.join(REPO_ROOT, 'test/support/pty-driver.py'), '[]', '--', process.execPath, BIN, ...args], {env: noting({...bare, TERM: 'xterm', ...extra}, log)})
      return {...(JSON.parse(r.stdout) as {code: number; output: string}), path: fs.readFileSync(log, 'utf8').trim()}
    }
    for (const form of [['status'], ['validate'], ['report', 'referrals', '--by', 'hour'], ['list', 'referral', '--limit', '3']]) {
      const args = [...form, '-C', site]
      const early = await atTerminal(args, {})
      const oclif = await atTerminal(args, {LEAD_EARLY: 'off'})
      expect([early.path, oclif.path]).toEqual(['early', 'oclif'])
      expect({...early, path: ''}, form.join(' ')).toEqual({...oclif, path: ''})
      expect(early.output, form.join(' ')).toContain('\u001B[')
    }
  })

  it('a validation that finds errors: exit status 1 and the same findings, text and JSON', async () => {
    const site = exampleSite(env, {warm: true})
    const folder = path.join(site, 'referrals', '2026')
    fs.appendFileSync(path.join(folder, fs.readdirSync(folder).sort()[0]!), 'not_a_field: 1\n')
    for (const json of [[], ['--json']]) {
      const {early} = await both(['validate', ...json, '-C', site])
      expect(early.code).toBe(1)
      expect(early.path).toBe('early')
    }
  })
})

describe.concurrent('oclif runs every other line, and every error', () => {
  it('another flag, help, a bad value, not a site: oclif\'s answer, from oclif', async () => {
    const site = exampleSite(env, {warm: true})
    const notSite = tempDir('lead-not-a-site-')
    const lines: Array<[string[], number, RegExp]> = [
      [['status', '--nope'], 2, /error USAGE .*--nope/],
      [['status', '--help'], 0, /The project manager's one screen/],
      [['status', '-h'], 2, /error USAGE/],
      [['status', '--as-of', '2026-13-45'], 2, /error BAD_DATE/],
      [['status', '--json', '--json'], 0, /./],
      [['status', '--', '--json'], 2, /error USAGE/],
      // The example site's dates are fixed: a day it has not passed yet, or its planned meetings warn.
      [['validate', '--strict', '--as-of', '2026-11-27'], 0, /./],
      [['validate', 'lead.yaml'], 0, /./],
      [['validate', '--format', 'junit'], 0, /<testsuites/],
      [['report', 'referrals', '--by', 'nope'], 2, /Expected --by=nope to be one of/],
      [['report', 'referrals', '--by', 'hour', '--format', 'csv'], 0, /./],
      [['list', 'referral', '--limit', '0'], 2, /greater than or equal to 1/],
      [['list', 'referral', '--limit', '05'], 0, /./],
      [['list', 'nope', '--limit', '5'], 2, /error UNKNOWN_KIND/],
      [['list', 'referral', '--sort', '-received', '--limit', '2'], 0, /./],
      [['show', 'r-2026-01-08-z66mn9', '--no-derived'], 0, /./],
      [['show', 'r-2026-01-08-z66mm9'], 2, /error NOT_FOUND .*did you mean/],
      [['show', 'referral', 'r-2026-01-08-z66mn9', 'extra'], 2, /./],
      [['show', 'r-2026-01-08-z66mn9', '--as-of', '2026-02-30'], 2, /error BAD_DATE/],
      [['show'], 2, /./],
    ]
    for (const [args, code, said] of lines) {
      const {early} = await both([...args, '-C', site])
      expect(early.path, args.join(' ')).toBe('oclif')
      expect(early.code, args.join(' ')).toBe(code)
      expect(early.stdout + early.stderr, args.join(' ')).toMatch(said)
    }
    for (const args of [['status'], ['validate', '--json'], ['list', 'referral', '--limit', '5']]) {
      const {early} = await both([...args, '-C', notSite])
      expect(early.path).toBe('oclif')
      expect(early.code).not.toBe(0)
      expect(early.stdout + early.stderr).toMatch(/NOT_A_SITE/)
    }
    // LEAD_ACCEPT gives validate's --accept a value: oclif reads it.
    expect((await both(['validate', '-C', site], {env: {...env, LEAD_ACCEPT: 'NOPE'}})).early.path).toBe('oclif')
  })

  it('reads a line only when it reads every word of it', () => {
    const form = {args: 0, values: ['--as-of']}
    expect(readLine(['--as-of', '2026-01-02', '--json', '--dir', 'x'], form)).toEqual({args: [], values: new Map([['--as-of', '2026-01-02'], ['--dir', 'x']]), switches: new Set(), json: true})
    expect(readLine(['-C', 'x'], form)?.values.get('--dir')).toBe('x')
    expect(readLine(['--dir=x', '--as-of=2026-01-02'], form)?.values.get('--dir')).toBe('x')
    for (const tokens of [['--nope'], ['-C=x'], ['-Cx'], ['--dir'], ['--dir', '--json'], ['--dir='], ['--dir', 'a', '--dir', 'b'], ['--json', '--json'], ['--json=true'], ['arg'], ['--'], ['-'], ['--as-of'], ['--help'], ['-h']]) {
      expect(readLine(tokens, form), tokens.join(' ')).toBeUndefined()
    }
    expect(readLine(['referral'], {args: 1, values: []})?.args).toEqual(['referral'])
    expect(readLine([], {args: 1, values: []})).toBeUndefined()
    expect(readLine(['a', 'b'], {args: 1, values: []})).toBeUndefined()
    expect(readLine(['a', 'b'], {args: 1, upTo: 2, values: []})?.args).toEqual(['a', 'b'])
    expect(readLine(['a'], {args: 1, upTo: 2, values: []})?.args).toEqual(['a'])
    expect(readLine(['a', 'b', 'c'], {args: 1, upTo: 2, values: []})).toBeUndefined()
    expect(readLine([], {args: 1, upTo: 2, values: []})).toBeUndefined()
    // A switch, once; the short form and --no- are oclif's.
    const history = {args: 1, upTo: 2, values: ['--limit'], switches: ['--patch']}
    expect(readLine(['a', '--patch', '--limit=2'], history)?.switches).toEqual(new Set(['--patch']))
    for (const tokens of [['a', '--patch', '--patch'], ['a', '-p'], ['a', '--no-patch'], ['a', '--patch=true'], ['a', '-n', '2']]) expect(readLine(tokens, history), tokens.join(' ')).toBeUndefined()
  })

  it('runs nothing when LEAD_EARLY=off, DEBUG or LEAD_DEBUG is set, or for a command it does not know', async () => {
    for (const off of [{LEAD_EARLY: 'off'}, {DEBUG: '1'}, {LEAD_DEBUG: '1'}]) expect(await runEarly(['status', '-C', '/nowhere'], off)).toBe(false)
    expect(await runEarly(['diff', 'x'], {})).toBe(false)
    expect(await runEarly(['report', 'funnel'], {})).toBe(false)
  })
})
