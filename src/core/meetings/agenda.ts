/**
 * `lead meeting agenda`: which meeting (the next planned one of a body, or a given date), and its
 * agenda computed from the site's records on that date.
 */
import type {IsoDate} from '../clock/dates.js'
import {usageError} from '../errors.js'
import type {SiteRecords} from '../records/load.js'
import type {Meeting, MeetingBody} from '../records/types.js'
import type {Site} from '../site.js'
import {trainingData} from '../training/training-data.js'
import {printableOr} from '../privacy/disclosable.js'
import {clearTextOr} from './clear-text.js'
import {governanceDataFrom, nextMeeting} from './meeting-data.js'
import {owgAgenda, type OwgAgenda} from './owg-agenda.js'
import {pcgAgenda, type PcgAgenda, type Quarter} from './pcg-agenda.js'

export interface AgendaRequest {
  body?: MeetingBody
  /** The meeting's date (default: the next planned meeting's, else today). */
  date?: IsoDate
  /** Today in the site's time zone (or --as-of). */
  today: IsoDate
  quarter?: Quarter
}

export interface MeetingAgenda {
  /** The meeting record of that body on that date, when there is one. */
  meeting?: Pick<Meeting, 'id' | 'body' | 'date' | 'status' | 'time' | 'location' | 'agenda'>
  agenda: OwgAgenda | PcgAgenda
  /** Files left out because they fail their schema. */
  skipped: string[]
}

export function meetingAgenda(site: Site, records: SiteRecords, request: AgendaRequest): MeetingAgenda {
  const data = governanceDataFrom(site, records)
  const {meeting, body, date} = chooseMeeting(data.meetings, request)
  const vocabulary = data.vocabulary
  const common = {date, referrals: data.referrals, protocols: data.protocols, meetings: data.meetings, ...(data.timeZone ? {timeZone: data.timeZone} : {}), vocabulary}
  const agenda =
    body === 'owg'
      ? owgAgenda({...common, consents: data.consents, partners: data.partners})
      : pcgAgenda({...common, mous: data.mous, training: trainingData(site, records), ...(request.quarter ? {quarter: request.quarter} : {})})
  // A meeting is participant data: its free text only when the identifier scan finds nothing, a presenter only when a declared partner.
  const agendaItem = (i: NonNullable<Meeting['agenda']>[number]) => ({title: clearTextOr(i.title, vocabulary), ...(i.presenter !== undefined ? {presenter: printableOr('meeting', ['agenda', 'presenter'], i.presenter, vocabulary)} : {})})
  const shown = meeting ? {id: meeting.id, body: meeting.body, date: meeting.date, status: meeting.status, ...(meeting.time ? {time: meeting.time} : {}), ...(meeting.location ? {location: clearTextOr(meeting.location, vocabulary)} : {}), ...(meeting.agenda ? {agenda: meeting.agenda.map(agendaItem)} : {})} : undefined
  return {...(shown ? {meeting: shown} : {}), agenda, skipped: data.skipped}
}

function chooseMeeting(meetings: readonly Meeting[], request: AgendaRequest): {meeting?: Meeting; body: MeetingBody; date: IsoDate} {
  if (request.date === undefined) {
    const next = nextMeeting(meetings, request.today, request.body)
    return {...(next ? {meeting: next} : {}), body: request.body ?? next?.body ?? 'owg', date: next?.date ?? request.today}
  }
  const onDate = meetings.filter((m) => m.date === request.date && (request.body === undefined || m.body === request.body) && m.status !== 'cancelled')
  if (onDate.length > 1 && request.body === undefined) {
    throw usageError('AMBIGUOUS_MEETING', `${onDate.map((m) => m.id).join(' and ')} both meet on ${request.date}`, 'choose one with --body pcg or --body owg')
  }
  const meeting = onDate[0]
  return {...(meeting ? {meeting} : {}), body: request.body ?? meeting?.body ?? 'owg', date: request.date}
}
