/**
 * What the meeting commands and forms work from: the referral data (records that pass their
 * schema) plus meetings, and where a body's meetings fall around a date.
 */
import type {IsoDate} from '../clock/dates.js'
import type {SiteRecords} from '../records/load.js'
import type {Meeting, MeetingBody} from '../records/types.js'
import {referralDataFrom, validDataOf, type ReferralData} from '../referrals/site-data.js'
import type {Site} from '../site.js'

export interface GovernanceData extends ReferralData {
  meetings: Meeting[]
}

export function governanceDataFrom(site: Site, records: SiteRecords): GovernanceData {
  const data = referralDataFrom(site, records)
  const meetings = validDataOf<Meeting>(records, 'meeting', data.skipped).sort(byDate)
  return {...data, meetings}
}

export function byDate(a: Pick<Meeting, 'date' | 'id'>, b: Pick<Meeting, 'date' | 'id'>): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The first planned meeting on or after `date` (of `body`, or of either). */
export function nextMeeting(meetings: readonly Meeting[], date: IsoDate, body?: MeetingBody): Meeting | undefined {
  return [...meetings].sort(byDate).find((m) => m.status === 'planned' && m.date >= date && (body === undefined || m.body === body))
}

/** The last meeting of `body` held before `date`. */
export function lastHeld(meetings: readonly Meeting[], body: MeetingBody, before: IsoDate): Meeting | undefined {
  return [...meetings].sort(byDate).filter((m) => m.body === body && m.status === 'held' && m.date < before).at(-1)
}

export {BODY_NAME} from './meeting-bodies.js'
