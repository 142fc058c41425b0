/**
 * Reports on the small site (test/support/referral-site.ts), against numbers worked out by hand:
 *
 * | ref | local received            | path   | protocol | off-hours? | response | stage (funnel)     | open on 04-15 |
 * | ra  | Sat 2026-02-28 23:30      | arrest | v1       | yes (sat)  | -        | 0 not divertible   | no (ineligible) |
 * | rb  | Sun 2026-03-01 00:10      | arrest | v2       | yes        | 40       | 3 enrolled         | Casey |
 * | rc  | Sun 2025-11-02 01:30 PDT  | social | v1       | yes        | 60       | 3 (closed)         | no (closed 01-15) |
 * | rd  | Sun 2025-11-02 01:30 PST  | social | v1       | yes        | -        | 1 no intake        | Jordan |
 * | re  | Mon 2026-03-09 10:00      | arrest | v2       | no         | 20       | 1 intake late      | Casey |
 * | rf  | Tue 2026-03-10 09:00      | comm.  | v2       | no         | 25       | 1 no intake        | Casey |
 * | rg  | Wed 2026-04-01 12:00      | arrest | v2       | no         | -        | 1 declined         | no (declined) |
 * | rh  | Sun 2026-03-08 01:30 PST  | arrest | v2       | yes        | 40       | 3 enrolled         | Casey |
 */
import type {Referral} from '../../src/core/records/types.js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {caseloadCapacity} from '../../src/core/referrals/capacity.js'
import {coarsenDate, deidentifyReferrals} from '../../src/core/referrals/deidentify.js'
import {referralFunnel} from '../../src/core/referrals/funnel.js'
import {loadReferralData, type ReferralData} from '../../src/core/referrals/site-data.js'
import {siteStatus} from '../../src/core/referrals/site-status.js'
import {stateOnDate} from '../../src/core/referrals/state-on-date.js'
import {referralVolume} from '../../src/core/referrals/volume.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, tempDir} from '../support/cli.js'
import {writeReferralSite} from '../support/referral-site.js'

let data: ReferralData
beforeAll(async () => {
  data = await loadReferralData(readSite(writeReferralSite(tempDir())))
})
afterAll(cleanupTemp)

const volume = (by: Parameters<typeof referralVolume>[2]['by'], extra = {}) => referralVolume(data.referrals, data.protocols, {by, timeZone: data.timeZone, asOf: '2026-04-15', vocabulary: data.vocabulary, ...extra})

describe('report referrals', () => {
  it('by hour: both 01:30s of the fall-back night and the spring-forward 01:30 land in hour 01', () => {
    const v = volume('hour')
    expect(v.total).toBe(8)
    expect(v.buckets).toHaveLength(24)
    const nonzero = Object.fromEntries(v.buckets.filter((b) => b.count > 0).map((b) => [b.key, b.count]))
    expect(nonzero).toEqual({'00': 1, '01': 3, '09': 1, '10': 1, '12': 1, '23': 1})
    expect(v.buckets[1]).toMatchObject({key: '01', count: 3, share: 3 / 8, offHours: 3, coverage: 'off-hours', staffedMinutes: 0})
    // v2 (in force on 2026-04-15): 06:00 is staffed on weekdays only, 08:00 every day.
    expect(v.buckets[6]).toMatchObject({coverage: 'partly', staffedMinutes: 300})
    expect(v.buckets[8]).toMatchObject({coverage: 'staffed', staffedMinutes: 420})
    expect(v.buckets[23]).toMatchObject({coverage: 'off-hours', count: 1, offHours: 1})
    expect(v.coverageProtocol).toEqual({id: '2026-v2', version: 2})
  })

  it('off-hours share and response times against the target', () => {
    const v = volume('hour')
    expect(v.offHours).toEqual({count: 5, share: 5 / 8, judged: 8})
    expect(v.response).toEqual({count: 5, medianMinutes: 40, p90Minutes: 60, targetMinutes: 30, withinTarget: 2, withinTargetShare: 0.4})
  })

  it('an arrival before the referral was received is left out of response times', () => {
    const withArrival = data.referrals.filter((r) => r.handoff?.arrived)
    const broken = withArrival[0]!
    const referrals = data.referrals.map((r) => (r === broken ? {...r, handoff: {...r.handoff, arrived: new Date(Date.parse(r.received) - 3_600_000).toISOString()}} : r))
    const v = referralVolume(referrals, data.protocols, {by: 'hour', timeZone: data.timeZone, asOf: '2026-04-15'})
    expect(v.response.count).toBe(4)
    expect(v.response.medianMinutes).toBeGreaterThanOrEqual(0)
    const rows = deidentifyReferrals(referrals, {protocols: data.protocols, period: 'month', minCell: 3, timeZone: data.timeZone, asOf: '2026-04-15'})
    expect(JSON.stringify(rows)).not.toMatch(/"response_minutes":-/)
  })

  it('by weekday, month, pathway, agency, district and officer', () => {
    expect(Object.fromEntries(volume('weekday').buckets.map((b) => [b.key, b.count]))).toEqual({mon: 1, tue: 1, wed: 1, thu: 0, fri: 0, sat: 1, sun: 4})
    expect(volume('weekday').buckets.find((b) => b.key === 'sat')).toMatchObject({coverage: 'partly', staffedMinutes: 720})
    expect(volume('month').buckets.map((b) => [b.key, b.count])).toEqual([['2025-11', 2], ['2025-12', 0], ['2026-01', 0], ['2026-02', 1], ['2026-03', 4], ['2026-04', 1]])
    expect(volume('pathway').buckets.map((b) => [b.key, b.count])).toEqual([['arrest_diversion', 5], ['social_contact', 2], ['community', 1]])
    expect(volume('agency').buckets.map((b) => [b.key, b.count])).toEqual([['harbor-pd', 7], ['harbor-housing', 1]])
    expect(volume('district').buckets.map((b) => [b.key, b.count])).toEqual([['D1', 5], ['D2', 3]])
    expect(volume('officer').buckets.map((b) => [b.key, b.count])).toEqual([['harbor-pd 0412', 4], ['harbor-pd 0077', 3], ['(no officer)', 1]])
  })

  it('every bucket of the range, zeros included: months and weeks from --from to --to, the data\'s range by default', () => {
    const months = volume('month', {from: '2025-10-15', to: '2026-05-31'})
    expect(months.buckets.map((b) => [b.key, b.count])).toEqual([
      ['2025-10', 0], ['2025-11', 2], ['2025-12', 0], ['2026-01', 0], ['2026-02', 1], ['2026-03', 4], ['2026-04', 1], ['2026-05', 0],
    ])
    expect(months.buckets.filter((b) => b.partial).map((b) => b.key)).toEqual(['2025-10'])
    expect(months.buckets[0]).toEqual({key: '2025-10', count: 0, share: 0, offHours: 0, partial: true})
    const byDefault = volume('month')
    expect([byDefault.from, byDefault.to]).toEqual(['2025-11-02', '2026-04-01'])
    expect(byDefault.buckets.map((b) => b.key)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04'])
    expect(byDefault.buckets.filter((b) => b.partial).map((b) => b.key)).toEqual(['2025-11', '2026-04'])

    // ISO weeks, keyed by their Monday: 2026-02-23 (ra on Sat 28th) … 2026-04-06 (empty).
    const weeks = volume('week', {from: '2026-02-23', to: '2026-04-12'})
    expect(weeks.buckets.map((b) => [b.key, b.count])).toEqual([
      ['2026-02-23', 2], ['2026-03-02', 1], ['2026-03-09', 2], ['2026-03-16', 0], ['2026-03-23', 0], ['2026-03-30', 1], ['2026-04-06', 0],
    ])
    expect(weeks.buckets.some((b) => b.partial)).toBe(false)
    // rb (Sun 03-01) belongs to the week of Mon 02-23; rh (Sun 03-08) to the week of 03-02.
    expect(volume('week', {from: '2026-03-01', to: '2026-03-01'}).buckets).toEqual([{key: '2026-02-23', count: 1, share: 1, offHours: 1, partial: true}])
  })

  it('a range without referrals still lists every hour, weekday, pathway, week and month, all 0', () => {
    const range = {from: '2026-06-01', to: '2026-06-30'}
    for (const [by, n] of [['hour', 24], ['weekday', 7], ['pathway', 3], ['month', 1], ['week', 5]] as const) {
      const v = volume(by, range)
      expect(v.total).toBe(0)
      expect(v.buckets, by).toHaveLength(n)
      expect(v.buckets.every((b) => b.count === 0 && b.share === undefined && b.offHours === 0), by).toBe(true)
    }
    expect(volume('week', range).buckets.map((b) => b.key)).toEqual(['2026-06-01', '2026-06-08', '2026-06-15', '2026-06-22', '2026-06-29'])
    expect(volume('agency', range).buckets).toEqual([])
    const none = referralVolume([], data.protocols, {by: 'month', timeZone: data.timeZone, asOf: '2026-04-15'})
    expect(none).toMatchObject({total: 0, buckets: [], from: undefined, to: undefined})
  })

  it('--from/--to select by local received date, inclusive', () => {
    const v = volume('pathway', {from: '2026-02-28', to: '2026-03-08'})
    expect(v.total).toBe(3) // ra (02-28 23:30 local), rb, rh
    expect(v.offHours.count).toBe(3)
  })
})

describe('report funnel', () => {
  it('referred 8 → eligible 7 → intake on time 3 → enrolled 3, and by pathway', () => {
    const f = referralFunnel(data.referrals, data.protocols, {byPathway: true, timeZone: data.timeZone, asOf: '2026-04-15'})
    expect(f.total.stages.map((s) => [s.stage, s.count])).toEqual([['referred', 8], ['screening_incomplete', 0], ['eligible', 7], ['intake_on_time', 3], ['enrolled', 3]])
    expect(f.total.stages[3]).toMatchObject({ofReferred: 3 / 8, ofPrevious: 3 / 7})
    expect(f.total.stages[2]).toMatchObject({ofReferred: 7 / 8, ofPrevious: 7 / 8})
    expect(f.byPathway!.map((g) => [g.group, g.stages.map((s) => s.count)])).toEqual([
      ['arrest_diversion', [5, 0, 4, 2, 2]],
      ['social_contact', [2, 0, 2, 1, 1]],
      ['community', [1, 0, 1, 0, 0]],
    ])
    expect(f.byPathway![2]!.stages[3]).toMatchObject({count: 0, ofPrevious: 0})
  })

  it('screening incomplete is its own stage: not eligible, not screened out', () => {
    // re (enrolled, intake late) and rf (eligible) lose their screening answers; ra stays ineligible by its charge.
    const unscreen = (id: string) => (r: Referral) => (r.id === id ? ({...r, screening: undefined} as Referral) : r)
    const referrals = data.referrals.map(unscreen('r-2026-03-09-eeeeee')).map(unscreen('r-2026-03-10-ffffff')).map(unscreen('r-2026-02-28-aaaaaa'))
    const f = referralFunnel(referrals, data.protocols, {timeZone: data.timeZone, asOf: '2026-04-15'})
    expect(f.total.stages.map((s) => [s.stage, s.count])).toEqual([['referred', 8], ['screening_incomplete', 2], ['eligible', 5], ['intake_on_time', 3], ['enrolled', 3]])
    expect(f.total.stages[1]).toEqual({stage: 'screening_incomplete', count: 2, ofReferred: 2 / 8})
  })
})

describe('report capacity', () => {
  it('on 2026-04-15 under v2 (target 2, max 3): Casey Ruiz has 3 people in 4 open referrals (P-BBBBBB twice), over target', () => {
    const c = caseloadCapacity(data.referrals, data.protocols, '2026-04-15', data.timeZone, data.vocabulary)
    expect(c).toMatchObject({protocol: {id: '2026-v2'}, target: 2, max: 3, totalOpen: 4, overMax: 0})
    expect(c.caseManagers).toEqual([
      {caseManager: 'Casey Ruiz', open: 3, openReferrals: 4, overTarget: true, overMax: false, referrals: ['r-2026-03-01-bbbbbb', 'r-2026-03-08-hhhhhh', 'r-2026-03-09-eeeeee', 'r-2026-03-10-ffffff']},
      {caseManager: 'Jordan Lee', open: 1, openReferrals: 1, overTarget: false, overMax: false, referrals: ['r-2025-11-02-dddddd']},
    ])
  })
  it('counts people, not referrals: two open referrals of one participant are one case', () => {
    const b = data.referrals.find((r) => r.id === 'r-2026-03-01-bbbbbb')!
    const again = {...b, id: 'r-2026-03-20-zzzzzz', received: '2026-03-20T10:00:00-07:00', previous: b.id}
    const jordan = data.referrals.map((r) => (r.handoff?.case_manager === 'Casey Ruiz' && r.id !== b.id ? {...r, handoff: {...r.handoff, case_manager: 'Jordan Lee'}} : r))
    const c = caseloadCapacity([...jordan, again], data.protocols, '2026-04-15', data.timeZone, data.vocabulary)
    const casey = c.caseManagers.find((m) => m.caseManager === 'Casey Ruiz')!
    expect(casey).toMatchObject({open: 1, openReferrals: 2, overTarget: false, overMax: false})
    expect(c.totalOpen).toBe(4)
  })
  it('on 2025-12-01 under v1: the case closed on 2026-01-15 was still open', () => {
    const c = caseloadCapacity(data.referrals, data.protocols, '2025-12-01', data.timeZone, data.vocabulary)
    expect(c.protocol?.id).toBe('2025-v1')
    expect(c.caseManagers.map((m) => [m.caseManager, m.open])).toEqual([['Casey Ruiz', 1], ['Jordan Lee', 1]])
  })
})

describe('status', () => {
  it('on 2026-04-06', () => {
    const training = {rosters: [{id: 'harbor-pd', agency: 'harbor-pd', as_of: '2026-01-01', officers: [{badge: '0412', name: 'Dana Ortiz', status: 'active' as const, catchment: true}, {badge: '0077', name: 'Marcus Bell', status: 'active' as const, catchment: true}, {badge: '0500', name: 'Kim Park', status: 'active' as const, catchment: false}]}], trainings: [{id: '2025-01-15-initial', course: 'lead-initial', date: '2025-01-15', agency: 'harbor-pd', attendees: [{badge: '0412'}, {badge: '0500'}]}], courses: [{id: 'lead-initial', name: 'LEAD initial training', valid_months: 24}]}
    const s = siteStatus({site: 'Small', asOf: '2026-04-06', timeZone: data.timeZone, referrals: data.referrals, protocols: data.protocols, mous: data.mous, training, validation: {errors: 0, warnings: 2}})
    expect(s.protocol.inForce).toEqual({id: '2026-v2', version: 2, from: '2026-03-01', to: undefined})
    expect(s.protocol.drafts).toEqual([])
    // re is enrolled today, but its intake was completed on 04-20: on 04-06 it was still awaiting intake, due 04-08.
    expect(s.referrals).toMatchObject({open: 5, byStatus: {received: 1, eligible: 1, awaiting_intake: 1, enrolled: 2}, unknown: ['r-2026-04-01-gggggg']})
    expect(s.intakes.overdue).toEqual([{referral: 'r-2025-11-02-dddddd', due: '2025-11-16', daysOverdue: 141}])
    expect(s.intakes.dueThisWeek).toEqual([{referral: 'r-2026-03-09-eeeeee', due: '2026-04-08', daysLeft: 2}, {referral: 'r-2026-03-10-ffffff', due: '2026-04-09', daysLeft: 3}])
    expect(s.mous.expiring).toEqual([{mou: '2026-mou', ends: '2026-05-31', daysLeft: 55}])
    expect(s.validation).toMatchObject({errors: 0, warnings: 2, command: 'lead validate'})
    // Catchment officers only: 0412 trained, 0077 not (0500 is trained but outside the catchment).
    expect(s.training).toEqual({trained: 1, total: 2, percent: 50, command: 'lead training coverage --catchment'})
  })
})

describe('referrals open on a date (status --as-of, capacity)', () => {
  const status = (asOf: string) => siteStatus({site: 'Small', asOf, timeZone: data.timeZone, referrals: data.referrals, protocols: data.protocols, mous: data.mous, training: {rosters: [], trainings: [], courses: []}, validation: {errors: 0, warnings: 0}}).referrals
  const at = (id: string, date: string) => stateOnDate(data.referrals.find((r) => r.id === id)!, date, data.protocols, data.timeZone)

  it('a referral closed since is listed as it stood then, never as closed among the open (issue 12)', () => {
    // rc: received 2025-11-02, intake 2025-11-10, closed 2026-01-15.
    expect(status('2025-12-01')).toMatchObject({open: 2, byStatus: {received: 1, enrolled: 1}, list: [{referral: 'r-2025-11-02-cccccc', status: 'enrolled'}, {referral: 'r-2025-11-02-dddddd', status: 'received'}], unknown: []})
    expect(at('r-2025-11-02-cccccc', '2025-11-05')).toEqual({open: true, state: 'awaiting_intake'})
    expect(at('r-2025-11-02-cccccc', '2026-01-14')).toEqual({open: true, state: 'enrolled'})
    expect(at('r-2025-11-02-cccccc', '2026-01-15')).toEqual({open: false, why: 'ended'})
    expect(at('r-2026-04-01-gggggg', '2026-03-31')).toEqual({open: false, why: 'not_yet_received'})
    for (const asOf of ['2025-12-01', '2026-03-15', '2026-04-06', '2026-11-27']) {
      expect(Object.keys(status(asOf).byStatus).every((k) => ['received', 'eligible', 'awaiting_intake', 'enrolled'].includes(k)), asOf).toBe(true)
    }
  })

  it('counts only the referrals open that day, and says which ones it cannot place', () => {
    // 03-15: ra (ineligible, v1's 14-day window ended 03-14) is over; rg not received yet.
    expect(status('2026-03-15')).toMatchObject({open: 5, byStatus: {received: 1, eligible: 1, awaiting_intake: 1, enrolled: 2}, unknown: []})
    // 03-01: ra was received 02-28 and screened out on a day its record does not give, its window still open.
    expect(status('2026-03-01')).toMatchObject({open: 2, unknown: ['r-2026-02-28-aaaaaa']})
    expect(at('r-2026-02-28-aaaaaa', '2026-03-01')).toEqual({open: false, why: 'unknown'})
  })

  it('an intake_missed referral was open until its intake deadline passed', () => {
    const missed = {...data.referrals.find((r) => r.id === 'r-2026-03-10-ffffff')!, status: 'intake_missed' as const}
    expect(stateOnDate(missed, '2026-04-09', data.protocols, data.timeZone)).toEqual({open: true, state: 'awaiting_intake'})
    expect(stateOnDate(missed, '2026-04-10', data.protocols, data.timeZone)).toEqual({open: false, why: 'ended'})
    const c = caseloadCapacity([missed], data.protocols, '2026-04-09', data.timeZone, data.vocabulary)
    expect(c.caseManagers.map((m) => [m.caseManager, m.open])).toEqual([['Casey Ruiz', 1]])
    expect(caseloadCapacity([missed], data.protocols, '2026-04-10', data.timeZone).totalOpen).toBe(0)
  })
})

describe('deidentifyReferrals', () => {
  /** A deterministic byte source so the test can also check that codes differ between exports. */
  function seeded(seed: number) {
    let x = seed
    return (n: number) => Uint8Array.from({length: n}, () => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24))
  }
  const run = (extra = {}) => deidentifyReferrals(data.referrals, {protocols: data.protocols, period: 'month', minCell: 1, timeZone: data.timeZone, asOf: '2026-04-15', random: seeded(7), ...extra})

  it('replaces participant codes and ids with fresh ones, keeping re-referrals linked', () => {
    const out = run()
    expect(out.rows).toHaveLength(8)
    const text = JSON.stringify(out)
    for (const r of data.referrals) {
      expect(text).not.toContain(r.participant)
      expect(text).not.toContain(r.id)
    }
    const rh = out.rows.find((r) => r.rereferral)!
    const rb = out.rows.find((r) => r.row === rh.previous_row)!
    expect(rb.participant).toBe(rh.participant)
    expect(new Set(out.rows.map((r) => r.participant)).size).toBe(7)
    for (const r of out.rows) expect(r.participant).toMatch(/^X-[A-Z2-9]{6}$/)
  })

  it('mints different codes on every export', () => {
    const a = run({random: seeded(1)}).rows.map((r) => r.participant).sort()
    const b = run({random: seeded(2)}).rows.map((r) => r.participant).sort()
    expect(a).not.toEqual(b)
    const real = deidentifyReferrals(data.referrals, {protocols: data.protocols, period: 'month', minCell: 1, timeZone: data.timeZone, asOf: '2026-04-15'})
    expect(real.rows).toHaveLength(8)
  })

  it('drops notes, free text, staff names, badges and clock times; coarsens dates', () => {
    const out = run()
    const text = JSON.stringify(out)
    for (const banned of ['Casey Ruiz', 'Jordan Lee', '0412', 'Sleeping in a doorway', 'T01:30', 'c-2026-03-01-aaaaaa']) expect(text).not.toContain(banned)
    const months = new Set(out.rows.map((r) => r.period))
    expect([...months].sort()).toEqual(['2025-11', '2026-02', '2026-03', '2026-04'])
    const closed = out.rows.find((r) => r.closed_period)!
    expect(closed).toMatchObject({closed_period: '2026-01', intake_completed_period: '2025-11', response_minutes: 60, status: 'closed'})
    expect(coarsenDate('2026-03-01', 'week')).toBe('2026-02-23')
    expect(coarsenDate('2026-03-02', 'week')).toBe('2026-03-02')
    expect(coarsenDate('2026-03-08', 'week')).toBe('2026-03-02')
    expect(run({period: 'week'}).rows.map((r) => r.period).sort()[0]).toBe('2025-10-27')
  })

  it('suppresses aggregate cells under min_cell, and leaves their referrals out of the rows', () => {
    const out = run({minCell: 3})
    expect(out.aggregates).toEqual([
      {period: '2025-11', pathway: 'social_contact', count: null, suppressed: true},
      {period: '2026-02', pathway: 'arrest_diversion', count: null, suppressed: true},
      {period: '2026-03', pathway: 'arrest_diversion', count: 3, suppressed: false},
      {period: '2026-03', pathway: 'community', count: null, suppressed: true},
      {period: '2026-04', pathway: 'arrest_diversion', count: null, suppressed: true},
    ])
    expect(out.suppressedCells).toBe(4)
    expect(out.rows.map((r) => `${r.period} ${r.pathway}`)).toEqual(['2026-03 arrest_diversion', '2026-03 arrest_diversion', '2026-03 arrest_diversion'])
    expect(out.rows.map((r) => r.row).sort()).toEqual(['R-0001', 'R-0002', 'R-0003'])
    expect(out.withheldRows).toBe(5)
    expect(run({minCell: 1}).suppressedCells).toBe(0)
    expect(run({minCell: 1}).withheldRows).toBe(0)
  })
})
