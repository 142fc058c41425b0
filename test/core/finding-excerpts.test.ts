/**
 * A finding's excerpt (site-validation.ts addExcerpts): the line it is about, from its record's
 * text, never from a referral's or consent's. The records of the named files are found by halving
 * the list (in the walk's order); a list in another order is looked through whole, with the same
 * excerpts.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {loadRecords, SiteRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'
import {validateRecords} from '../../src/core/validate/site-validation.js'
import {cleanupTemp, exampleSite, testEnv} from '../support/cli.js'

const env = testEnv()
const AS_OF = '2026-11-27'

describe('finding excerpts', () => {
  afterAll(cleanupTemp)

  it('are the lines found about, in any order of the records, and none from a participant record', async () => {
    const root = exampleSite(env)
    // A partner and a referral with findings (an unknown field; a bad pathway).
    const partner = fs.readdirSync(path.join(root, 'partners'))[0]!
    fs.appendFileSync(path.join(root, 'partners', partner), 'nonsense_field: 1\n')
    const year = fs.readdirSync(path.join(root, 'referrals')).sort()[0]!
    const referral = fs.readdirSync(path.join(root, 'referrals', year))[0]!
    fs.appendFileSync(path.join(root, 'referrals', year, referral), 'nonsense_field: 1\n')
    const site = readSite(root)
    const loaded = await loadRecords(site, {cache: false})
    const excerpts = (records: SiteRecords) => validateRecords(site, records, {asOf: AS_OF}).diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.excerpt ?? '-'}`)
    const inOrder = excerpts(new SiteRecords(loaded.records, loaded.diagnostics))
    expect(inOrder.filter((l) => l.startsWith(`partners/${partner}:`)).some((l) => l.endsWith(' nonsense_field: 1'))).toBe(true)
    expect(inOrder.filter((l) => l.startsWith(`referrals/${year}/${referral}`)).every((l) => l.endsWith(' -'))).toBe(true)
    expect(inOrder.filter((l) => l.startsWith(`referrals/${year}/${referral}`)).length).toBeGreaterThan(0)
    expect(excerpts(new SiteRecords([...loaded.records].reverse(), loaded.diagnostics))).toEqual(inOrder)
  })
})
