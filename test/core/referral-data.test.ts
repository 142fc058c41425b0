/**
 * The records reports work from (referrals/site-data.ts referralDataFrom): which files fail their
 * schema is told at once, in the order the report notes them; referrals', consents', MOUs' and
 * partners' values are read only when a report asks for them. `lead report referrals` takes each
 * referral's facts from a memo by content (referrals/volume-facts.ts): after one referral changed
 * it reads that one alone, and reports what a report from nothing reports.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {loadRecords, type SiteRecords} from '../../src/core/records/load.js'
import {referralDataFrom} from '../../src/core/referrals/site-data.js'
import {referralVolume, volumeOf} from '../../src/core/referrals/volume.js'
import {volumeFactsOfSite} from '../../src/core/referrals/volume-facts.js'
import {GROUPINGS} from '../../src/core/referrals/groupings.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()
Object.assign(process.env, {GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})

/** Reading a value of these kinds (but of the files `except`) fails the test. */
function sealed(records: SiteRecords, kinds: string[], except: string[] = []): SiteRecords {
  for (const r of records.records) if (kinds.includes(r.kind) && !except.includes(r.file)) Object.defineProperty(r, 'data', {get: () => expect.fail(`the value of ${r.kind} ${r.id} was read`)})
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

    // A partner left out is read once, at once: a referral saved into partners/ is learnt as one, so no output prints its file's name.
    const data = referralDataFrom(site, sealed(await loadRecords(site), ['consent', 'mou', 'partner'], ['partners/harbor-pd.yaml']))
    expect(data.skipped).toEqual(expected.skipped)
    const volume = referralVolume(data.referrals, data.protocols, {by: 'hour', asOf: '2026-11-27', timeZone: data.timeZone, vocabulary: data.vocabulary})
    expect(volume.total).toBe(data.referrals.length)
    expect(() => data.consents).toThrow(/the value of consent/)

    const asked = referralDataFrom(site, await loadRecords(site))
    expect({consents: asked.consents, mous: asked.mous, partners: asked.partners, skipped: asked.skipped}).toEqual(expected)
  })
})

describe('the referral report from remembered facts', () => {
  const AS_OF = '2026-11-27'
  /** The report of every grouping, from the facts (memo kept) and from the referrals' values. */
  async function reports(root: string, seal: string[] | undefined) {
    const site = readSite(root)
    const records = await loadRecords(site)
    if (seal) for (const r of records.ofKind('referral')) if (!seal.includes(r.id)) Object.defineProperty(r, 'data', {get: () => expect.fail(`the value of ${r.id} was read`)})
    const data = referralDataFrom(site, records)
    const facts = volumeFactsOfSite(site, records, data.protocols, data.timeZone, data.vocabulary)
    // As a report leaves it: the schema results it learnt kept.
    records.cache?.save()
    return GROUPINGS.map((by) => volumeOf(facts, data.protocols, {by, asOf: AS_OF, timeZone: data.timeZone, vocabulary: data.vocabulary}))
  }
  async function fresh(root: string) {
    const site = readSite(root)
    const data = referralDataFrom(site, await loadRecords(site, {cache: false}))
    return GROUPINGS.map((by) => referralVolume(data.referrals, data.protocols, {by, asOf: AS_OF, timeZone: data.timeZone, vocabulary: data.vocabulary}))
  }

  it('after one referral changed reads that one alone; a change to what is printable or to a protocol is worked out again; all as from nothing', async () => {
    const root = exampleSite(env)
    const first = await reports(root, undefined)
    expect(first).toEqual(await fresh(root))
    const file = path.join(root, 'referrals', '2026', 'r-2026-11-03-k3f9q2.yaml')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('district: D1', 'district: D2').replace('T06:42:00', 'T23:42:00'))
    const after = await reports(root, ['r-2026-11-03-k3f9q2'])
    expect(after).toEqual(await fresh(root))
    expect(after).not.toEqual(first)
    // D2 no longer declared: the referrals there are reported as not declared, not under D2.
    const config = path.join(root, 'lead.yaml')
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('districts: [D1, D2,', 'districts: [D1,'))
    await expect(reports(root, [])).rejects.toThrow(/was read/)
    const undeclared = await reports(root, undefined)
    expect(undeclared).toEqual(await fresh(root))
    expect(JSON.stringify(undeclared)).not.toContain('"D2"')
    // Coverage hours changed: every off-hours judgment again.
    const protocol = path.join(root, 'protocols', '2026-v2.yaml')
    fs.writeFileSync(protocol, fs.readFileSync(protocol, 'utf8').replace(/response_target_minutes: \d+/, 'response_target_minutes: 1'))
    await expect(reports(root, [])).rejects.toThrow(/was read/)
    expect(await reports(root, undefined)).toEqual(await fresh(root))
  })
})
