import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {convertQuantity, decideEligibility} from '../../src/core/referrals/eligibility.js'
import {loadReferralData, type ReferralData} from '../../src/core/referrals/site-data.js'
import type {Referral} from '../../src/core/records/types.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, tempDir} from '../support/cli.js'
import {writeReferralSite} from '../support/referral-site.js'

let data: ReferralData
beforeAll(async () => {
  data = await loadReferralData(readSite(writeReferralSite(tempDir())))
})
afterAll(cleanupTemp)

const ref = (id: string) => data.referrals.find((r) => r.id === id)!
const decide = (r: Referral, asOf = '2026-04-06') => decideEligibility(r, {protocols: data.protocols, consents: data.consents, timeZone: data.timeZone, asOf})

describe('the protocol in force decides', () => {
  it('last day of v1 (2026-02-28 23:30 local): judged under v1, where RCW 3 is not divertible', () => {
    const d = decide(ref('r-2026-02-28-aaaaaa'))
    expect(d.protocol).toMatchObject({id: '2025-v1', version: 1})
    expect(d.protocol!.why).toContain('in force on 2026-02-28')
    expect(d.outcome).toBe('ineligible')
    expect(d.reasons.map((s) => [s.code, s.path])).toEqual([['CHARGE_NOT_DIVERTIBLE', ['charges', 0]]])
  })

  it('first day of v2 (2026-03-01 00:10 local): judged under v2, where RCW 3 became divertible', () => {
    const d = decide(ref('r-2026-03-01-bbbbbb'))
    expect(d.protocol).toMatchObject({id: '2026-v2', version: 2})
    expect(d.eligible).toBe(true)
    expect(d.steps.find((s) => s.step === 'charge')).toMatchObject({ok: true, message: 'charge RCW 3: Mischief (property) is divertible under 2026-v2'})
    expect(d.intake).toMatchObject({due: '2026-03-31', deadlineDays: 30, completed: '2026-03-05', onTime: true, overdue: false})
    expect(d.consent).toMatchObject({id: 'c-2026-03-01-aaaaaa', covers: true, problems: []})
  })

  it('uses the local date, not the UTC date: 07:30Z on March 1 is still February 28 in Los Angeles', () => {
    const r = {...ref('r-2026-02-28-aaaaaa'), received: '2026-03-01T07:30:00Z'}
    expect(decide(r).protocol?.id).toBe('2025-v1')
    expect(decideEligibility(r, {protocols: data.protocols, timeZone: 'UTC', asOf: '2026-04-06'}).protocol?.id).toBe('2026-v2')
  })

  it('cannot decide without a protocol in force, and says which draft would cover it', () => {
    const drafts = data.protocols.map((p) => (p.id === '2026-v2' ? {...p, status: 'draft' as const} : p))
    const d = decideEligibility(ref('r-2026-03-01-bbbbbb'), {protocols: drafts, timeZone: data.timeZone, asOf: '2026-04-06'})
    expect(d.outcome).toBe('undetermined')
    expect(d.eligible).toBe(false)
    expect(d.reasons[0]).toMatchObject({code: 'NO_PROTOCOL_IN_FORCE', effect: 'invalid'})
    expect(d.reasons[0]!.hint).toContain('2026-v2 covers that date but is a draft')
  })
})

describe('thresholds, exclusions and overrides', () => {
  const re = () => ref('r-2026-03-09-eeeeee')
  it('2.5 g is within v2 (3 g) but over v1 (1 g)', () => {
    expect(decide(re()).eligible).toBe(true)
    const v1 = decide({...re(), received: '2026-02-28T10:00:00-08:00'})
    expect(v1.protocol?.id).toBe('2025-v1')
    expect(v1.reasons).toMatchObject([{code: 'OVER_THRESHOLD', path: ['quantity', 'amount'], message: 'quantity 2.5 g is over RCW 1\'s threshold of 1 g under 2025-v1'}])
  })
  it('a thresholded charge without a quantity (or in a unit that does not compare) cannot be decided', () => {
    const {quantity: _q, ...noQuantity} = re()
    const d = decide(noQuantity as Referral)
    expect(d.outcome).toBe('undetermined')
    expect(d.eligible).toBe(false)
    expect(decide({...re(), quantity: {amount: 2, unit: 'dosage_units' as never}}).outcome).toBe('undetermined')
  })

  it('over-threshold is waivable only where the protocol lists it, and only with a reason', () => {
    const over = {...re(), quantity: {amount: 9, unit: 'g' as const}}
    const unlisted = data.protocols.map((p) => ({...p, exclusions: p.exclusions.filter((e) => e.id !== 'over-threshold')}))
    const d = decideEligibility({...over, screening: {overrides: [{exclusion: 'over-threshold', reason: 'Approved.'}]}}, {protocols: unlisted, timeZone: data.timeZone, asOf: '2026-04-06'})
    expect(d.outcome).toBe('ineligible')
    expect(d.reasons.map((s) => s.code)).toEqual(['OVER_THRESHOLD', 'UNKNOWN_EXCLUSION'])
    expect(d.reasons[0]!.hint).toContain('lists no over-threshold exclusion')
    const blank = decide({...over, screening: {overrides: [{exclusion: 'over-threshold', reason: '  '}]}})
    expect(blank.reasons.map((s) => s.code)).toEqual(['OVER_THRESHOLD', 'OVERRIDE_REASON_BLANK'])
  })

  it('an arrival before the referral was received gives no response time', () => {
    const d = decide({...re(), handoff: {method: 'warm', arrived: '2026-03-09T09:00:00-07:00'}})
    expect(d.handoff?.responseMinutes).toBeUndefined()
    expect(decide(re()).handoff?.responseMinutes).toBe(20)
  })

  it('an override of over-threshold with a reason waives the quantity', () => {
    const d = decide({...re(), quantity: {amount: 9, unit: 'g'}, screening: {age_ok: true, exclusions_hit: [], overrides: [{exclusion: 'over-threshold', reason: 'Approved.'}]}})
    expect(d.eligible).toBe(true)
    expect(d.steps.find((s) => s.step === 'quantity')?.message).toContain('waived by an override of over-threshold')
  })
  it('a non-overridable exclusion stays ineligible even with an override', () => {
    const d = decide({...ref('r-2026-03-01-bbbbbb'), screening: {exclusions_hit: ['violent'], overrides: [{exclusion: 'violent', reason: 'x'}]}})
    expect(d.outcome).toBe('ineligible')
    expect(d.reasons.map((s) => s.code)).toEqual(['OVERRIDE_NOT_ALLOWED'])
  })
  it('converts mg and oz to g; refuses units that do not compare', () => {
    expect(convertQuantity(3500, 'mg', 'g')).toBeCloseTo(3.5)
    expect(convertQuantity(1, 'oz', 'g')).toBeCloseTo(28.35, 2)
    expect(convertQuantity(2, 'dosage_units', 'g')).toBeUndefined()
    expect(convertQuantity(2, 'g', 'g')).toBe(2)
  })
})

describe('screening is complete before eligibility', () => {
  // rf (community) marked enrolled, with its screening answers taken away.
  let unscreened: Referral
  beforeAll(() => {
    unscreened = {...ref('r-2026-03-10-ffffff'), status: 'enrolled', screening: undefined}
  })
  const withScreening = (screening: Referral['screening']) => decide({...unscreened, screening})

  it('an enrolled referral with no screening answers is undecided, listing each missing answer', () => {
    const d = decide(unscreened)
    expect(d.outcome).toBe('undetermined')
    expect(d.eligible).toBe(false)
    expect(d.reasons).toEqual([])
    expect(d.missing).toEqual(['screening.age_ok', 'screening.exclusions_hit'])
    expect(d.steps.find((s) => s.step === 'exclusion')).toMatchObject({ok: null, undecided: true, code: 'SCREENING_INCOMPLETE', message: 'exclusions not screened yet (2026-v2 lists over-threshold, violent)', path: ['screening', 'exclusions_hit']})
    expect(d.steps.find((s) => s.step === 'age')).toMatchObject({ok: null, undecided: true, code: 'SCREENING_INCOMPLETE', message: 'minimum age (18+) not recorded yet', path: ['screening', 'age_ok']})
  })

  it('absence is not an answer, but [] is: exclusions_hit: [] records that none applies', () => {
    expect(withScreening({age_ok: true}).missing).toEqual(['screening.exclusions_hit'])
    expect(withScreening({age_ok: true, exclusions_hit: []})).toMatchObject({outcome: 'eligible', missing: []})
  })

  it('a protocol asks only for what it sets: no min_age, no age answer; criteria only when it lists criteria', () => {
    const v2 = data.protocols.find((p) => p.id === '2026-v2')!
    const lax = data.protocols.map((p) => (p === v2 ? {...v2, min_age: undefined, exclusions: []} : p))
    const d = decideEligibility(unscreened as Referral, {protocols: lax, timeZone: data.timeZone, asOf: '2026-04-06'})
    expect(d).toMatchObject({outcome: 'eligible', missing: []})
    const strict = data.protocols.map((p) => (p === v2 ? {...v2, criteria: ['Lives in the catchment area.']} : p))
    expect(decideEligibility({...unscreened, screening: {age_ok: true, exclusions_hit: []}}, {protocols: strict, timeZone: data.timeZone, asOf: '2026-04-06'}).missing).toEqual(['screening.criteria_met'])
  })

  it('complainant agreement, where the protocol requires it, is answered by complainant_agrees or has_complainant: false', () => {
    const v2 = data.protocols.find((p) => p.id === '2026-v2')!
    const protocols = data.protocols.map((p) => (p === v2 ? {...v2, complainant_agreement_required: true} : p))
    const arrest = {...ref('r-2026-03-01-bbbbbb')}
    const judge = (screening: Referral['screening']) => decideEligibility({...arrest, screening}, {protocols, timeZone: data.timeZone, asOf: '2026-04-06'})
    expect(judge({age_ok: true, exclusions_hit: []})).toMatchObject({outcome: 'undetermined', missing: ['screening.complainant_agrees']})
    expect(judge({age_ok: true, exclusions_hit: [], complainant_agrees: true}).outcome).toBe('eligible')
    expect(judge({age_ok: true, exclusions_hit: [], has_complainant: false})).toMatchObject({outcome: 'eligible', missing: []})
    expect(judge({age_ok: true, exclusions_hit: [], has_complainant: false}).steps.find((s) => s.step === 'complainant')?.message).toBe('no complainant, so no agreement is needed')
    const both = judge({age_ok: true, exclusions_hit: [], has_complainant: false, complainant_agrees: true})
    expect(both.reasons.map((s) => [s.code, s.path])).toEqual([['SCREENING_CONTRADICTION', ['screening', 'has_complainant']]])
    // Social contact and community referrals have no complainant question.
    expect(decideEligibility({...ref('r-2026-03-10-ffffff')}, {protocols, timeZone: data.timeZone, asOf: '2026-04-06'}).missing).toEqual([])
  })

  it('a screen-out reason decides even with answers missing: ineligible, not undecided', () => {
    const d = withScreening({age_ok: false})
    expect(d.outcome).toBe('ineligible')
    expect(d.reasons.map((s) => s.code)).toEqual(['UNDER_MIN_AGE'])
    expect(d.missing).toEqual(['screening.exclusions_hit'])
  })
})

describe('social contact evidence', () => {
  it('counts evidence inside the 24-month look-back and ignores older items', () => {
    const rd = ref('r-2025-11-02-dddddd')
    const d = decide({...rd, evidence: [{date: '2023-01-01', description: 'old'}, {date: '2025-09-01', description: 'recent'}]})
    expect(d.eligible).toBe(true)
    expect(d.steps.filter((s) => s.step === 'evidence').map((s) => s.ok)).toEqual([null, true])
    const stale = decide({...rd, evidence: [{date: '2023-11-01', description: 'old'}]})
    expect(stale.reasons.map((s) => s.code)).toEqual(['EVIDENCE_STALE'])
  })
})

describe('intake days left', () => {
  it('counts down to the due date and flags overdue only after it', () => {
    const rf = ref('r-2026-03-10-ffffff')
    expect(decide(rf, '2026-04-06').intake).toMatchObject({due: '2026-04-09', daysLeft: 3, overdue: false, pending: true})
    expect(decide(rf, '2026-04-09').intake).toMatchObject({daysLeft: 0, overdue: false})
    expect(decide(rf, '2026-04-10').intake).toMatchObject({daysLeft: -1, overdue: true})
  })
})
