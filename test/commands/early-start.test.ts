/**
 * bin/run.js runs the everyday commands' common lines without oclif (src/cli/early-start.ts). What
 * they print — stdout, stderr, exit status — must be what oclif's path prints (LEAD_EARLY=off),
 * byte for byte, with the memo missing or there, as text and JSON, with colour or without; and any
 * other line, or any error, must be oclif's to run and report. A preload notes whether a run loaded
 * @oclif/core, so each comparison also says which path ran. Here: each everyday line, memo missing
 * and there; test/commands/early-start-lines.test.ts: findings, colour, terminals and oclif's lines.
 * The tests run at once, each on a site of its own (test/support/early-both.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite} from '../support/cli.js'
import {both, env, run} from '../support/early-both.js'

afterAll(cleanupTemp)

const FORMS = [
  ['status'],
  ['status', '--as-of', '2026-12-16'],
  ['validate'],
  ['report', 'referrals', '--by', 'hour'],
  ['report', 'referrals', '--by=weekday'],
  ['list', 'referral', '--limit', '5'],
  ['list', '--limit=2', 'referrals'],
  ['list', 'partner'],
  ['show', 'r-2026-01-08-z66mn9'],
  ['show', 'referral', 'r-2026-01-17-wvy892', '--as-of', '2026-02-01'],
  ['show', 'consents/c-2025-06-03-5el0oe.yaml'],
  ['show', 'mou', '2026-harbor-lead-mou'],
  ['referral', 'check', 'r-2026-01-17-wvy892'],
  ['referral', 'check', 'r-2026-01-08-z66mn9', '--as-of', '2026-01-20'],
  ['history', 'r-2026-01-08-z66mn9'],
  ['history', 'partner', 'harbor-pd', '--patch', '--limit', '1'],
  ['history', 'consents/c-2025-06-03-5el0oe.yaml', '--limit=1'],
]

describe.concurrent('the early path prints what oclif\'s prints', () => {
  it.each(FORMS.map((f) => [f.join(' '), f]))('%s: memo missing and there, text and JSON, without oclif', async (_, form) => {
    const site = exampleSite(env)
    const memo = path.join(site, '.git', 'lead')
    for (const json of [[], ['--json']]) {
      const args = [...form, ...json, '-C', site]
      fs.rmSync(memo, {recursive: true, force: true})
      const early = await run(args)
      fs.rmSync(memo, {recursive: true, force: true})
      const oclif = await run(args, {env: {...env, LEAD_EARLY: 'off'}})
      expect([early.path, oclif.path]).toEqual(['early', 'oclif'])
      expect({...early, path: ''}, `${args.join(' ')}, memo missing`).toEqual({...oclif, path: ''})
      expect(early.code).toBe(0)
      if (json.length > 0) expect(() => JSON.parse(early.stdout)).not.toThrow()
      // Both memos written now: the warm runs.
      expect((await both(args)).early.path, `${args.join(' ')}, memo there`).toBe('early')
    }
  })
})
