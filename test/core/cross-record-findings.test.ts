/**
 * A finding about two records shows whichever of them is validated: `lead validate FILE` on
 * either file of an overlapping pair, a case clash, a training and its roster, a referral and its
 * consent or previous referral.
 */
import {afterAll, describe, expect, it} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {validateSite} from '../../src/core/validate/site-validation.js'
import {cleanupTemp, tempDir} from '../support/cli.js'
import {REFERRAL_SITE, writeReferralSite} from '../support/referral-site.js'

afterAll(cleanupTemp)

const V1 = 'protocols/2025-v1.yaml'
const V2 = 'protocols/2026-v2.yaml'
const ROSTER = 'rosters/harbor-pd.yaml'
const TRAINING = 'trainings/2025-01-15-initial.yaml'
const CONSENT = 'consents/c-2026-03-01-aaaaaa.yaml'
const RB = 'referrals/2026/r-2026-03-01-bbbbbb.yaml'
const RH = 'referrals/2026/r-2026-03-08-hhhhhh.yaml'

function edit(file: string, from: string, to: string): Record<string, string> {
  const text = REFERRAL_SITE[file]!
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`)
  return {[file]: text.replace(from, to)}
}

/** The findings of `code` that validating only `file` reports, as file:line. */
async function shown(extra: Record<string, string>, file: string, code: string): Promise<string[]> {
  const root = writeReferralSite(tempDir(), extra)
  const result = await validateSite(readSite(root), {only: new Set([file]), asOf: '2026-04-06', cache: false})
  return result.diagnostics.filter((d) => d.code === code).map((d) => `${d.file}:${d.line}`)
}

describe('findings about two records', () => {
  it('two protocols in force at once: reported on both, at the dates that overlap', async () => {
    const extra = edit(V1, 'to: "2026-02-28"', 'to: "2026-03-05"')
    expect(await shown(extra, V1, 'PROTOCOL_OVERLAP')).toEqual([`${V1}:6`])
    expect(await shown(extra, V2, 'PROTOCOL_OVERLAP')).toEqual([`${V2}:6`])
  })

  it('an open-ended protocol overlapping a later one is reported at its start', async () => {
    const extra = edit(V1, ', to: "2026-02-28"', '')
    expect(await shown(extra, V1, 'PROTOCOL_OVERLAP')).toEqual([`${V1}:6`])
  })

  it('two protocols with one version number: reported on both', async () => {
    const extra = edit(V2, 'version: 2', 'version: 1')
    expect(await shown(extra, V1, 'PROTOCOL_DUPLICATE_VERSION')).toEqual([`${V1}:3`])
    expect(await shown(extra, V2, 'PROTOCOL_DUPLICATE_VERSION')).toEqual([`${V2}:3`])
  })

  it('two files that are one file on macOS and Windows: reported on both', async () => {
    const extra = {'partners/Harbor-Housing.yaml': REFERRAL_SITE['partners/harbor-housing.yaml']!}
    expect(await shown(extra, 'partners/harbor-housing.yaml', 'CASE_COLLISION')).toEqual(['partners/harbor-housing.yaml:1'])
    expect(await shown(extra, 'partners/Harbor-Housing.yaml', 'CASE_COLLISION')).toEqual(['partners/Harbor-Housing.yaml:1'])
  })

  it('a badge dropped from a roster: validating the roster shows the training and referrals it broke', async () => {
    const extra = edit(ROSTER, '  - {id: "lead-0077", badge: "0077", name: Marcus Bell, status: active, catchment: true}\n', '')
    const fromRoster = await shown(extra, ROSTER, 'UNKNOWN_BADGE')
    expect(fromRoster).toContain(`${TRAINING}:5`)
    expect(fromRoster).toContain('referrals/2025/r-2025-11-02-cccccc.yaml:4')
    expect(await shown(extra, TRAINING, 'UNKNOWN_BADGE')).toEqual([`${TRAINING}:5`])
  })

  it('an officer who joined after a session: validating the roster shows the training', async () => {
    const extra = edit(ROSTER, 'name: Marcus Bell, status: active', 'name: Marcus Bell, since: "2025-06-01", status: active')
    expect(await shown(extra, ROSTER, 'ATTENDEE_NOT_ACTIVE')).toEqual([`${TRAINING}:5`])
  })

  it("a consent that no longer matches its referral's participant: validating the consent shows the referral", async () => {
    const extra = edit(CONSENT, 'participant: P-BBBBBB', 'participant: P-ZZZZZZ')
    expect(await shown(extra, CONSENT, 'CONSENT_OTHER_PARTICIPANT')).toEqual([`${RB}:13`])
    expect(await shown(extra, RB, 'CONSENT_OTHER_PARTICIPANT')).toEqual([`${RB}:13`])
  })

  it('a previous referral changed under a re-referral: validating it shows the re-referral', async () => {
    const extra = edit(RB, 'received: "2026-03-01T00:10:00-08:00"', 'received: "2026-03-09T00:10:00-08:00"')
    expect(await shown(extra, RB, 'PREVIOUS_NOT_EARLIER')).toEqual([`${RH}:12`])
  })

  it('a finding about one file alone is not shown for another', async () => {
    const extra = edit(V2, 'status: adopted\nadopted: {date: "2026-02-15", by: pcg}', 'status: adopted')
    expect(await shown(extra, V2, 'PROTOCOL_ADOPTION_DATE')).toHaveLength(1)
    expect(await shown(extra, V1, 'PROTOCOL_ADOPTION_DATE')).toEqual([])
  })
})
