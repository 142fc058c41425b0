/**
 * The meeting lines of `lead status`: the next planned meeting of each body, meetings past their
 * date still marked planned (minutes not recorded), and the open action items past their due date.
 */
import {daysBetween, type IsoDate} from '../clock/dates.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'
import type {Meeting, MeetingBody} from '../records/types.js'
import {clearTextOr} from './clear-text.js'
import {byDate, nextMeeting} from './meeting-data.js'
import {openActions, type OpenAction} from './open-actions.js'

export interface MeetingStatus {
  /** The next planned meeting (either body), and the next of each body. */
  next?: NextMeeting
  nextByBody: Partial<Record<MeetingBody, NextMeeting>>
  /** Meetings dated before asOf that are still planned: their minutes are missing. */
  unrecorded: string[]
  overdueActions: Array<Pick<OpenAction, 'meeting' | 'number' | 'owner' | 'due' | 'daysOverdue'>>
  command: string
}

export interface NextMeeting {
  id: string
  body: MeetingBody
  date: IsoDate
  daysUntil: number
  time?: string
  location?: string
}

/** `vocabulary`: what the site declared (a location is shown when it holds no identifier, an action's owner when a declared partner). */
export function meetingStatus(meetings: readonly Meeting[], asOf: IsoDate, vocabulary?: SiteVocabulary): MeetingStatus {
  const shown = (m: Meeting | undefined): NextMeeting | undefined =>
    m && {id: m.id, body: m.body, date: m.date, daysUntil: daysBetween(asOf, m.date), ...(m.time ? {time: m.time.from} : {}), ...(m.location ? {location: clearTextOr(m.location, vocabulary)} : {})}
  const nextByBody: MeetingStatus['nextByBody'] = {}
  for (const body of ['pcg', 'owg'] as const) {
    const n = shown(nextMeeting(meetings, asOf, body))
    if (n) nextByBody[body] = n
  }
  const next = shown(nextMeeting(meetings, asOf))
  return {
    ...(next ? {next} : {}),
    nextByBody,
    unrecorded: [...meetings].sort(byDate).filter((m) => m.status === 'planned' && m.date < asOf).map((m) => m.id),
    // Only the fields a status line needs: an item's text is the agenda's and actions' to show.
    overdueActions: openActions(meetings, asOf, vocabulary ? {vocabulary} : {}).filter((a) => a.overdue).map(({meeting, number, owner, due, daysOverdue}) => ({meeting, number, owner, due, daysOverdue})),
    command: 'lead meeting agenda, lead meeting actions',
  }
}
