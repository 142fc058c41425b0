/**
 * `lead list referral --limit N` after a change: whether every referral's `id` field is its file's
 * ID is told from the index's facts (list-records.ts idsAgree), so the list reads the N it shows
 * and no other referral's value; a referral whose `id` field says otherwise sends it back to
 * reading them all, and the order is the `id` fields' order, as before.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {loadRecords, type SiteRecords} from '../../src/core/records/load.js'
import {listRecords} from '../../src/core/records/list-records.js'
import {readSite} from '../../src/core/site.js'
import {validateRecords} from '../../src/core/validate/site-validation.js'
import {cleanupTemp, exampleSite, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()
Object.assign(process.env, {GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})

let root: string
beforeEach(async () => {
  root = exampleSite(env)
  // A validation leaves every referral's facts and schema result in the index.
  const site = readSite(root)
  const records = await loadRecords(site)
  validateRecords(site, records)
  records.cache?.save()
})

const referralFiles = () => fs.readdirSync(path.join(root, 'referrals', '2026')).sort().map((f) => path.join(root, 'referrals', '2026', f))

/** Every referral's value but `except`'s made unreadable: a read fails the test. */
function sealed(records: SiteRecords, except: string[] = []): SiteRecords {
  for (const r of records.ofKind('referral')) if (!except.includes(r.file)) Object.defineProperty(r, 'data', {get: () => expect.fail(`the value of ${r.id} was read`)})
  return records
}

/** The first five as a listing that reads every value sorts them (by the `id` field). */
async function expected() {
  const records = await loadRecords(readSite(root), {cache: false})
  return listRecords(readSite(root), records, 'referral', {sort: 'id', where: () => true, limit: 5}, false)
}

describe('list referral --limit N after a change', () => {
  it('reads only the referral that changed (its facts are worked out) and those it shows', async () => {
    const changed = referralFiles()[3]!
    fs.appendFileSync(changed, '# called back\n')
    const site = readSite(root)
    const listed = listRecords(site, sealed(await loadRecords(site), [path.relative(root, changed)]), 'referral', {limit: 5}, false)
    expect(listed.rows).toHaveLength(5)
    expect(listed).toEqual(await expected())
  })

  it('reads them all, and sorts by the field, when a referral’s id field is not its file’s ID', async () => {
    const file = referralFiles()[2]!
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^id: .*$/m, 'id: r-2020-01-01-aaaaaa'))
    const site = readSite(root)
    await expect(async () => listRecords(site, sealed(await loadRecords(site)), 'referral', {limit: 5}, false)).rejects.toThrow(/was read/)
    const listed = listRecords(site, await loadRecords(site), 'referral', {limit: 5}, false)
    expect(listed.rows[0]).toMatchObject({id: 'r-2020-01-01-aaaaaa'})
    expect(listed).toEqual(await expected())
  })
})
