/**
 * `lead status` after one referral changed works out that referral's row and takes the others'
 * from the rows remembered by content (status-of-site.ts): the same status as worked out afresh,
 * no other referral's value read, and nothing kept past what a row depends on (the protocols, the
 * date, the site's zone).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {loadRecords, type SiteRecords} from '../../src/core/records/load.js'
import {statusFromRecords} from '../../src/core/referrals/status-of-site.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, runLead, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()
Object.assign(process.env, {GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})

const AS_OF = '2026-11-20'
const CHANGED = 'r-2026-11-03-k3f9q2'
let root: string
beforeEach(() => {
  root = exampleSite(env)
})

const rowsMemo = () => fs.readdirSync(path.join(root, '.git', 'lead')).filter((f) => f.startsWith('memo-status-rows'))
const forget = () => rowsMemo().forEach((f) => fs.rmSync(path.join(root, '.git', 'lead', f)))

/** The status as `lead status` works it out: the cache saved after (with the schema results it learnt). */
async function status(asOf = AS_OF) {
  const site = readSite(root)
  const records = await loadRecords(site)
  const result = statusFromRecords(site, records, asOf)
  records.cache?.save()
  return result
}

/** The status as worked out from nothing remembered. */
async function fresh(asOf = AS_OF) {
  forget()
  const site = readSite(root)
  return statusFromRecords(site, await loadRecords(site, {cache: false}), asOf)
}

/** The records, with every referral's value but `except`'s made unreadable: a read throws. */
function sealed(records: SiteRecords, except: string[]): SiteRecords {
  for (const r of records.ofKind('referral')) {
    if (except.includes(r.id)) continue
    Object.defineProperty(r, 'data', {get: () => expect.fail(`the value of ${r.id} was read`)})
  }
  return records
}

const edit = (file: string, from: RegExp, to: string) => {
  const abs = path.join(root, file)
  const text = fs.readFileSync(abs, 'utf8')
  expect(text).toMatch(from)
  fs.writeFileSync(abs, text.replace(from, to))
}

describe('status rows remembered by content', () => {
  it('after one referral changed: that row worked out, the others remembered, the status as fresh', async () => {
    const site = readSite(root)
    const before = await status()
    expect(rowsMemo()).toHaveLength(1)
    expect(before.status.referrals.list).toContainEqual({referral: CHANGED, status: 'enrolled'})
    // Its intake undone: no longer counted enrolled.
    edit(`referrals/2026/${CHANGED}.yaml`, /^intake: .*\n/m, '')
    edit(`referrals/2026/${CHANGED}.yaml`, /^status: enrolled$/m, 'status: awaiting_intake')
    const memoFile = path.join(root, '.git', 'lead', rowsMemo()[0]!)
    const kept = fs.readFileSync(memoFile)
    const after = statusFromRecords(site, sealed(await loadRecords(site), [CHANGED]), AS_OF)
    expect(after.status.referrals.list).not.toEqual(before.status.referrals.list)
    // One row worked out does not rewrite the file: the next status works it out again, and only it.
    expect(fs.readFileSync(memoFile).equals(kept)).toBe(true)
    expect(statusFromRecords(site, sealed(await loadRecords(site), [CHANGED]), AS_OF)).toEqual(after)
    expect(after).toEqual(await fresh())
  })

  it('reads no referral value when nothing a row depends on changed (a second status on the same day)', async () => {
    const site = readSite(root)
    const first = await status()
    expect(statusFromRecords(site, sealed(await loadRecords(site), []), AS_OF)).toEqual(first)
  })

  it('reads no referral on another date (a new day, an --as-of): each row from its remembered timeline, as fresh', async () => {
    const site = readSite(root)
    await status()
    // Days the example's referrals and intakes move through: before most were received, around
    // its intake deadlines, after its dated ends, and years on.
    for (const day of ['2025-01-01', '2025-06-03', '2025-07-15', '2026-03-09', '2026-11-03', '2026-11-21', '2026-12-03', '2026-12-26', '2030-01-01']) {
      const remembered = statusFromRecords(site, sealed(await loadRecords(site), []), day)
      expect(remembered, day).toEqual(await fresh(day))
      await status()
    }
  })

  it('works every row out again for another protocol or another zone', async () => {
    await status()
    // Each of these, with the values sealed, must read them: the remembered timelines do not hold.
    edit('protocols/2026-v2.yaml', /^intake_deadline_days: 30$/m, 'intake_deadline_days: 3')
    await expect(async () => statusFromRecords(readSite(root), sealed(await loadRecords(readSite(root)), []), AS_OF)).rejects.toThrow(/was read/)
    const shorter = await status()
    expect(shorter).toEqual(await fresh())
    edit('lead.yaml', /^(\s*)timezone: America\/Los_Angeles$/m, '$1timezone: America/New_York')
    await expect(async () => statusFromRecords(readSite(root), sealed(await loadRecords(readSite(root)), []), AS_OF)).rejects.toThrow(/was read/)
  })

  it('takes the training coverage from its memo while the rosters, trainings, courses and date are as they were', async () => {
    const site = readSite(root)
    const before = await status()
    edit(`referrals/2026/${CHANGED}.yaml`, /^status: enrolled$/m, 'status: awaiting_intake')
    // No training's value read: the coverage is remembered.
    const trainingsSealed = (records: SiteRecords) => {
      for (const r of records.ofKind('training')) Object.defineProperty(r, 'data', {get: () => expect.fail(`the value of training ${r.id} was read`)})
      return records
    }
    const after = statusFromRecords(site, trainingsSealed(sealed(await loadRecords(site), [CHANGED])), AS_OF)
    expect(after.status.training).toEqual(before.status.training)
    expect(after).toEqual(await fresh())
    // An officer's trainings taken out: the figure is worked out again (it must read them), as from nothing.
    await status()
    for (const file of ['trainings/2026-03-04-pd-v2-roll-call.yaml', 'trainings/2025-05-14-pd-initial.yaml']) edit(file, /^ {2}- \{badge: "0412"\}\n/m, '')
    await expect(async () => statusFromRecords(readSite(root), trainingsSealed(await loadRecords(readSite(root))), AS_OF)).rejects.toThrow(/was read/)
    const lapsed = await status()
    expect(lapsed.status.training.trained).toBe(before.status.training.trained - 1)
    expect(lapsed).toEqual(await fresh())
  })

  it('does not count a referral whose new content fails its schema, and keeps no row for it', async () => {
    const site = readSite(root)
    await status()
    edit(`referrals/2026/${CHANGED}.yaml`, /^status: enrolled$/m, 'status: pending-review')
    const after = statusFromRecords(site, await loadRecords(site), AS_OF)
    expect(after.status.referrals.list.map((l) => l.referral)).not.toContain(CHANGED)
    expect(after).toEqual(await fresh())
  })

  it('ignores a damaged memo file (works the rows out)', async () => {
    const site = readSite(root)
    const first = await status()
    const file = path.join(root, '.git', 'lead', rowsMemo()[0]!)
    fs.writeFileSync(file, fs.readFileSync(file, 'latin1').replace(/awaiting_intake/, 'enrolled'), 'latin1')
    expect(statusFromRecords(site, await loadRecords(site), AS_OF)).toEqual(first)
  })

  it('works every row out again in another machine zone when lead.yaml names none (the CLI, built)', () => {
    edit('lead.yaml', /\n\s*timezone: America\/Los_Angeles$/m, '')
    // Received 2026-11-25 11:05 in Los Angeles: 2026-11-26 in Kiritimati (UTC+14), not yet received on the 25th.
    const run = (tz: string) => {
      const r = runLead(['status', '--as-of', '2026-11-25', '--json', '--dir', root], {env: {...env, TZ: tz}})
      expect(r.code, r.stderr).toBe(0)
      return r.stdout
    }
    const west = run('America/Los_Angeles')
    expect(rowsMemo()).toHaveLength(1)
    // Another machine zone: the whole status is not remembered for it, and no row may be either.
    const east = run('Pacific/Kiritimati')
    expect(east).not.toBe(west)
    fs.rmSync(path.join(root, '.git', 'lead'), {recursive: true, force: true})
    expect(east).toBe(run('Pacific/Kiritimati'))
  })
})
