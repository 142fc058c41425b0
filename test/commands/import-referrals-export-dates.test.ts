/**
 * `lead import referrals` on the dates and times police records systems and spreadsheets really
 * write: US month/day/year (with and without a time, 12-hour with seconds), a date column stored
 * as a date-time at midnight beside a time column written without a colon, 24:00 ending a day,
 * and the spring-forward and fall-back nights written the US way. A two-digit year is refused with
 * its own reason (which century is never guessed).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, git, runLead, testEnv} from '../support/cli.js'
import {committedReferralSite} from '../support/referral-site.js'

const env = testEnv()
let root: string
beforeAll(() => {
  root = committedReferralSite(env)
})
afterAll(cleanupTemp)

const lead = (args: string[]) => runLead(args, {cwd: root, env})
const args = ['import', 'referrals', 'rms.csv', '--set', 'pathway=arrest_diversion', '--set', 'referrer.agency=harbor-pd', '--value', 'charges:TRESP=RCW 2']
const HEADER = 'Report No,Arrest Date,Arrest Time,Offense,Beat,Badge,Age OK,Exclusions,Status\r\n'
const row = (n: number, date: string, time: string) => `RD-${n},${date},${time},TRESP,D2,0077,yes,none,received\r\n`

describe('lead import referrals: dates as exports write them', {timeout: 120_000}, () => {
  it('reads M/D/YYYY dates, midnight date-times, HHMM times and 24:00 in the site\'s zone', () => {
    fs.writeFileSync(path.join(root, 'rms.csv'), '\uFEFF' + HEADER + row(1, '3/7/2026', '14:05') + row(2, '03/08/2026 12:00:00 AM', '0930') + row(3, '3/10/2026', '24:00') + row(4, '11/2/2025', '1:30') + '\r\n')
    const dry = lead([...args, '--fold', 'later', '--dry-run', '--json'])
    expect(dry.stderr).not.toContain('error')
    expect(dry.code).toBe(0)
    const received = (dry.json() as {created: Array<{row: number; received: string}>}).created.map((c) => [c.row, c.received])
    expect(received).toEqual([
      [2, '2026-03-07T14:05:00-08:00'],
      [3, '2026-03-08T09:30:00-07:00'],
      [4, '2026-03-11T00:00:00-07:00'],
      [5, '2025-11-02T01:30:00-08:00'],
    ])
  })

  it('the nights clocks change, written the US way: refused as in ISO dates', () => {
    fs.writeFileSync(path.join(root, 'rms.csv'), HEADER + row(1, '3/8/2026', '2:30') + row(2, '11/2/2025', '01:30'))
    const refused = lead(args)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('rms.csv:2:3: error SKIPPED_TIME received: 2026-03-08 02:30 did not happen in America/Los_Angeles')
    expect(refused.stderr).toContain('rms.csv:3:3: error AMBIGUOUS_TIME received: 2025-11-02 01:30 happened twice')
    expect(refused.stderr).toContain('2025-11-02T01:30:00-07:00 (the first, before clocks went back) or 2025-11-02T01:30:00-08:00 (the second)')
  })

  it('a two-digit year is refused with its reason, and nothing is written', () => {
    fs.writeFileSync(path.join(root, 'rms.csv'), HEADER + row(1, '3/7/26', '14:05') + row(2, '3/7/2026', '14:06'))
    const refused = lead(args)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('rms.csv:2:2: error BAD_TIME received: the year has two digits')
    expect(refused.stderr).toContain('error CSV_INVALID 1 problem in rms.csv; nothing was written')
    expect(git(root, ['rev-list', '--count', 'HEAD'], env).trim()).toBe('1')
  })

  it('a header row repeated inside the export is left out, not refused as a row', () => {
    fs.writeFileSync(path.join(root, 'rms.csv'), HEADER + row(1, '3/7/2026', '14:05') + HEADER + row(2, '3/7/2026', '14:06'))
    const dry = lead([...args, '--dry-run', '--json'])
    expect(dry.code, dry.stderr).toBe(0)
    const j = dry.json() as {created: Array<{row: number}>; notices: Array<{code: string}>}
    expect(j.created.map((c) => c.row)).toEqual([2, 4])
    expect(j.notices.map((n) => n.code)).toContain('HEADER_REPEATED')
  })
})
