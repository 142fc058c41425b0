import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {defaultFormFile} from '../../src/core/forms/form-output.js'
import type {Protocol, Referral} from '../../src/core/records/types.js'
import {decideEligibility} from '../../src/core/referrals/eligibility.js'
import {chooseGoverningProtocol, governingProtocol, protocolInForce} from '../../src/core/referrals/protocol-in-force.js'
import {loadReferralData, type ReferralData} from '../../src/core/referrals/site-data.js'
import {siteTimeZone, validSiteTimeZone} from '../../src/core/clock/site-zone.js'
import {readSite, type Site} from '../../src/core/site.js'
import {cleanupTemp, tempDir} from '../support/cli.js'
import {writeReferralSite} from '../support/referral-site.js'

let data: ReferralData
beforeAll(async () => {
  data = await loadReferralData(readSite(writeReferralSite(tempDir())))
})
afterAll(cleanupTemp)

const may = (extra: Partial<Referral> = {}): Referral =>
  ({id: 'r-2026-05-19-aaaaaa', pathway: 'arrest_diversion', received: '2026-05-19T10:00:00-07:00', referrer: {agency: 'harbor-pd', badge: '0412'}, participant: 'P-AAAAAA', charges: ['RCW 2'], status: 'received', ...extra}) as Referral

describe('the protocol that governs a referral: one choice for every command', () => {
  it('a May 2026 referral naming the superseded 2025-v1 is governed by nothing (not by v1 and its 14-day intake)', () => {
    const choice = chooseGoverningProtocol(may({protocol: '2025-v1'}), data.protocols, data.timeZone)
    expect(choice.protocol).toBeUndefined()
    expect(choice).toMatchObject({code: 'PROTOCOL_NOT_IN_FORCE', date: '2026-05-19', path: ['protocol']})
    expect(choice.message).toBe('protocol 2025-v1 was not in force on 2026-05-19 (effective 2025-01-01 to 2026-02-28); 2026-v2 was')
    expect(governingProtocol(may({protocol: '2025-v1'}), data.protocols, data.timeZone)).toBeUndefined()
  })

  it('without the field, the version in force on the local received date; naming that version is the same', () => {
    expect(governingProtocol(may(), data.protocols, data.timeZone)?.id).toBe('2026-v2')
    expect(governingProtocol(may({protocol: '2026-v2'}), data.protocols, data.timeZone)?.id).toBe('2026-v2')
    // 07:30Z on 1 March is still 28 February in Los Angeles: v1.
    expect(governingProtocol(may({received: '2026-03-01T07:30:00Z'}), data.protocols, data.timeZone)?.id).toBe('2025-v1')
  })

  it('a named draft or unknown version governs nothing', () => {
    const draft = {...data.protocols.find((p) => p.id === '2026-v2')!, id: '2026-v3', version: 3, status: 'draft'} as Protocol
    const protocols = [...data.protocols, draft]
    expect(chooseGoverningProtocol(may({protocol: '2026-v3'}), protocols, data.timeZone)).toMatchObject({code: 'PROTOCOL_NOT_ADOPTED'})
    expect(chooseGoverningProtocol(may({protocol: 'nope'}), protocols, data.timeZone)).toMatchObject({code: 'UNKNOWN_PROTOCOL'})
    // A draft never is "in force", even when its range covers the date.
    expect(protocolInForce(protocols, '2026-05-19')?.id).toBe('2026-v2')
  })

  it('eligibility judges every referral under exactly the protocol governingProtocol returns', () => {
    const cases = [...data.referrals, may(), may({protocol: '2025-v1'}), may({protocol: '2026-v2'}), may({protocol: 'nope'})]
    for (const r of cases) {
      const decision = decideEligibility(r, {protocols: data.protocols, timeZone: data.timeZone, asOf: '2026-06-01'})
      expect(decision.protocol?.id, r.id).toBe(governingProtocol(r, data.protocols, data.timeZone)?.id)
      expect(decision.steps[0]!.message).toBe(chooseGoverningProtocol(r, data.protocols, data.timeZone).message)
    }
  })

  it('tolerates a protocol that fails its schema (no effective range) instead of crashing', () => {
    const broken = {id: 'x', version: 9, status: 'adopted'} as unknown as Protocol
    expect(protocolInForce([...data.protocols, broken], '2026-05-19')?.id).toBe('2026-v2')
  })
})

describe('siteTimeZone: the one place the site time zone is read', () => {
  const site = (timezone?: string) => ({config: {site: {name: 'x', ...(timezone === undefined ? {} : {timezone})}}}) as unknown as Site
  it('a known IANA zone; undefined when none is set; an unknown one stops reports (validation goes on without it)', () => {
    expect(siteTimeZone(site('America/Los_Angeles'))).toBe('America/Los_Angeles')
    expect(siteTimeZone(site())).toBeUndefined()
    expect(() => siteTimeZone(site('Mars/Olympus'))).toThrow(/not a time zone/)
    expect(validSiteTimeZone(site('Mars/Olympus'))).toBeUndefined()
  })
})

describe('defaultFormFile', () => {
  it('outside the site: the current folder; inside (root or below, also through a link): .lead/forms/ with its own .gitignore', () => {
    const root = tempDir('lead-site-')
    const elsewhere = tempDir('lead-cwd-')
    fs.mkdirSync(path.join(root, 'referrals/2026'), {recursive: true})
    expect(defaultFormFile(root, elsewhere, 'a.pdf')).toBe(path.join(elsewhere, 'a.pdf'))
    expect(fs.existsSync(path.join(root, '.lead/forms'))).toBe(false)
    const forms = path.join(fs.realpathSync(root), '.lead/forms')
    expect(defaultFormFile(root, root, 'a.pdf')).toBe(path.join(forms, 'a.pdf'))
    expect(defaultFormFile(root, path.join(root, 'referrals/2026'), 'b.pdf')).toBe(path.join(forms, 'b.pdf'))
    expect(fs.readFileSync(path.join(forms, '.gitignore'), 'utf8')).toMatch(/^\*$/m)
    const link = path.join(elsewhere, 'site-link')
    fs.symlinkSync(root, link)
    expect(defaultFormFile(root, path.join(link, 'referrals'), 'c.pdf')).toBe(path.join(forms, 'c.pdf'))
    // A sibling whose name merely starts with the site's is outside.
    const sibling = `${root}-other`
    fs.mkdirSync(sibling)
    expect(defaultFormFile(root, sibling, 'd.pdf')).toBe(path.join(sibling, 'd.pdf'))
    fs.rmSync(sibling, {recursive: true})
  })
})
