/**
 * Action items still open on a date: agreed at a held meeting on or before it, with no done date
 * on or before it. Overdue ones (due before the date) come first. An item's text is shown only
 * when the identifier scan finds nothing in it: meetings can name participants, so text that looks
 * like a name, a phone number or an address stays in the record (`lead validate` points at it).
 * An owner is shown only when it is a partner the site declared: an action may sit in a meeting
 * that fails validation, and an owner typed there could be anyone's name.
 */
import {daysBetween, type IsoDate} from '../clock/dates.js'
import {printableOr} from '../privacy/disclosable.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'
import {clearText} from './clear-text.js'
import type {Meeting, MeetingBody} from '../records/types.js'
import {byDate} from './meeting-data.js'

export interface OpenAction {
  meeting: string
  body: MeetingBody
  meetingDate: IsoDate
  /** The item's number in its meeting (from 1), as the minutes print it. */
  number: number
  /** The owning partner's id, or `(not declared)` when it names no partner the site declared. */
  owner: string
  due: IsoDate
  /** Days past due on the date (0 when not overdue). */
  daysOverdue: number
  overdue: boolean
  /** The item's text, or undefined when it is withheld (it looks like it holds an identifier). */
  text?: string
}

export interface ActionsByOwner {
  owner: string
  overdue: number
  actions: OpenAction[]
}

export interface ActionOptions {
  body?: MeetingBody
  /** What the site declared: partners (owners shown) and staff names (not reported by the identifier scan). Without it no owner is shown. */
  vocabulary?: SiteVocabulary
}

export function openActions(meetings: readonly Meeting[], date: IsoDate, options: ActionOptions = {}): OpenAction[] {
  const out: OpenAction[] = []
  for (const m of [...meetings].sort(byDate)) {
    if (m.status !== 'held' || m.date > date || (options.body && m.body !== options.body)) continue
    m.actions?.forEach((a, i) => {
      if (a.done !== undefined && a.done <= date) return
      const overdue = a.due < date
      const text = clearText(a.text, options.vocabulary)
      const owner = printableOr('meeting', ['actions', 'owner'], a.owner, options.vocabulary)
      out.push({meeting: m.id, body: m.body, meetingDate: m.date, number: i + 1, owner, due: a.due, daysOverdue: overdue ? daysBetween(a.due, date) : 0, overdue, ...(text !== undefined ? {text} : {})})
    })
  }
  return out.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) || byDate({date: a.meetingDate, id: a.meeting}, {date: b.meetingDate, id: b.meeting}) || a.number - b.number)
}

/** Grouped by owner: owners with overdue items first (most overdue first), then by their earliest due date. */
export function actionsByOwner(actions: readonly OpenAction[]): ActionsByOwner[] {
  const groups = new Map<string, OpenAction[]>()
  for (const a of actions) groups.set(a.owner, [...(groups.get(a.owner) ?? []), a])
  return [...groups]
    .map(([owner, list]) => ({owner, overdue: list.filter((a) => a.overdue).length, actions: list}))
    .sort((a, b) => Math.max(0, ...b.actions.map((x) => x.daysOverdue)) - Math.max(0, ...a.actions.map((x) => x.daysOverdue)) || (a.actions[0]!.due < b.actions[0]!.due ? -1 : a.actions[0]!.due > b.actions[0]!.due ? 1 : a.owner < b.owner ? -1 : 1))
}
