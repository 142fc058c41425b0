/**
 * The records reports work from (referrals/site-data.ts referralDataFrom): which files fail their
 * schema is told at once, in the order the report notes them; consents', MOUs' and partners'
 * values are read only when a report asks for them (`lead report referrals` never does).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {loadRecords, type SiteRecords} from '../../src/core/records/load.js'
import {referralDataFrom} from '../../src/core/referrals/site-data.js'
import {referralVolume} from '../../src/core/referrals/volume.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()
Object.assign(process.env, {GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})

/** Reading a value of these kinds fails the test. */
function sealed(records: SiteRecords, kinds: string[]): SiteRecords {
  for (const r of records.records) if (kinds.includes(r.kind)) Object.defineProperty(r, 'data', {get: () => expect.fail(`the value of ${r.kind} ${r.id} was read`)})
  return records
}

describe('the referral data of reports', () => {
  it('tells the files left out at once, and reads consents, MOUs and partners only when asked', async () => {
    const root = exampleSite(env)
    const consent = fs.readdirSync(path.join(root, 'consents')).sort()[1]!
    fs.appendFileSync(path.join(root, 'consents', consent), 'not_a_field: 1\n')
    fs.appendFileSync(path.join(root, 'partners', 'harbor-pd.yaml'), 'not_a_field: 1\n')
    const site = readSite(root)
    // The schema results learnt and kept, as any command leaves them.
    const first = await loadRecords(site)
    const whole = referralDataFrom(site, first)
    const expected = {consents: whole.consents, mous: whole.mous, partners: whole.partners, skipped: [...whole.skipped]}
    first.cache?.save()
    expect(expected.skipped).toEqual([`consents/${consent}`, 'partners/harbor-pd.yaml'])
    expect(expected.consents.length).toBeGreaterThan(5)

    const data = referralDataFrom(site, sealed(await loadRecords(site), ['consent', 'mou', 'partner']))
    expect(data.skipped).toEqual(expected.skipped)
    const volume = referralVolume(data.referrals, data.protocols, {by: 'hour', asOf: '2026-11-27', timeZone: data.timeZone, vocabulary: data.vocabulary})
    expect(volume.total).toBe(data.referrals.length)
    expect(() => data.consents).toThrow(/the value of consent/)

    const asked = referralDataFrom(site, await loadRecords(site))
    expect({consents: asked.consents, mous: asked.mous, partners: asked.partners, skipped: asked.skipped}).toEqual(expected)
  })
})
