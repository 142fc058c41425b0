/**
 * A referral's state on a date from the dates its record carries (referrals/state-on-date.ts):
 * worked out once as a timeline that holds for every date (status keeps it by content), each
 * boundary day on the side the rules say.
 */
import {describe, expect, it} from 'vitest'
import type {Protocol, Referral} from '../../src/core/records/types.js'
import {stateOn, stateOnDate, timelineOf} from '../../src/core/referrals/state-on-date.js'

const TZ = 'America/Los_Angeles'
const PROTOCOL = {id: '2026-v1', version: 1, status: 'adopted', adopted: {date: '2025-12-01'}, effective: {from: '2026-01-01'}, intake_deadline_days: 30} as unknown as Protocol

/** A referral received on 2026-03-10 at 09:00 local time, intake due 2026-04-09. */
const referral = (fields: Partial<Referral>): Referral => ({id: 'r-2026-03-10-abcdef', received: '2026-03-10T09:00:00-07:00', status: 'received', ...fields}) as unknown as Referral

/** Its state on each day, through the timeline and through stateOnDate (the same rule both ways). */
function states(r: Referral, days: string[], protocols: readonly Protocol[] = [PROTOCOL]): string[] {
  const timeline = timelineOf(r, protocols, TZ)
  return days.map((day) => {
    const s = stateOn(timeline, day)
    expect(stateOnDate(r, day, protocols, TZ), day).toEqual(s)
    return s.open ? s.state : s.why
  })
}

describe('a referral on each day', () => {
  it('is not yet received before its local day, and open from it', () => {
    // 2026-03-10T01:30Z is still 03-09 in Los Angeles.
    expect(states(referral({received: '2026-03-10T01:30:00Z'}), ['2026-03-08', '2026-03-09'])).toEqual(['not_yet_received', 'received'])
    expect(states(referral({status: 'eligible'}), ['2026-03-09', '2026-03-10', '2027-01-01'])).toEqual(['not_yet_received', 'eligible', 'eligible'])
  })

  it('closed on a date: open the day before, ended on it', () => {
    expect(states(referral({status: 'closed', closed: '2026-05-01', intake: {completed: '2026-03-20'}}), ['2026-03-19', '2026-03-20', '2026-04-30', '2026-05-01'])).toEqual(['awaiting_intake', 'enrolled', 'enrolled', 'ended'])
  })

  it('intake missed: open through its due day, ended the day after', () => {
    expect(states(referral({status: 'intake_missed'}), ['2026-04-09', '2026-04-10'])).toEqual(['awaiting_intake', 'ended'])
    // No governing protocol: its end is not given.
    expect(states(referral({status: 'intake_missed'}), ['2026-03-10', '2030-01-01'], [])).toEqual(['unknown', 'unknown'])
  })

  it('ineligible or declined without a date: unknown while the intake window runs, ended after; closed without a date: unknown on any day', () => {
    for (const status of ['ineligible', 'declined'] as const) expect(states(referral({status}), ['2026-04-09', '2026-04-10']), status).toEqual(['unknown', 'ended'])
    expect(states(referral({status: 'closed'}), ['2026-03-10', '2030-01-01'])).toEqual(['unknown', 'unknown'])
  })

  it('enrolled: awaiting intake until the day it was completed, enrolled from it; enrolled without a date: enrolled', () => {
    expect(states(referral({status: 'enrolled', intake: {completed: '2026-03-15'}}), ['2026-03-14', '2026-03-15'])).toEqual(['awaiting_intake', 'enrolled'])
    expect(states(referral({status: 'enrolled'}), ['2026-03-10'])).toEqual(['enrolled'])
  })
})
