/**
 * The next OWG agenda, computed from the records on its date: open referrals by case manager with
 * the days since the case manager's last recorded contact (whether each can be discussed: a
 * consent in effect), intakes overdue, re-referrals since the last OWG, consents of open cases
 * expiring within CONSENT_EXPIRY_DAYS, and the OWG's open action items.
 *
 * The last contact is the latest of the dates the records hold about a participant: a referral
 * received, a handoff's arrival, an intake completed, and the last contact a case manager reported
 * at an OWG case conference (case_conferences[].last_contact). Case managers' own notes stay in
 * the provider's system, so this is the contact the LEAD records know of.
 */
import {addDays, daysBetween, localDateOfTimestamp, type IsoDate} from '../clock/dates.js'
import type {Consent, Meeting, Partner, Protocol, Referral} from '../records/types.js'
import {intakeStatus} from '../referrals/deadlines.js'
import {governingProtocol, receivedDate} from '../referrals/protocol-in-force.js'
import {contactKeys} from './attendance.js'
import {consentInEffect, referralOpenOn} from './case-conference-check.js'
import {lastHeld} from './meeting-data.js'
import {openActions, type OpenAction} from './open-actions.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'

/** A consent ending this many days after the meeting or sooner is on the agenda. */
export const CONSENT_EXPIRY_DAYS = 30
/** Re-referrals look back this far when no earlier OWG meeting is recorded. */
export const DEFAULT_LOOKBACK_DAYS = 14
export const NO_CASE_MANAGER = '(no case manager recorded)'
/** A case-manager name the site does not know as staff is not repeated (it may be anyone's). */
export const UNKNOWN_CASE_MANAGER = '(a name not on any partner\'s contacts)'

export type ContactSource = 'received' | 'handoff' | 'intake' | 'case_conference'

export interface OpenCase {
  participant: string
  /** The participant's open referrals, oldest first; the last one is the current. */
  referrals: string[]
  status: Referral['status']
  received: IsoDate
  lastContact: IsoDate
  lastContactFrom: ContactSource
  daysSinceContact: number
  /** The consent in effect that runs longest, if any: without one the OWG cannot discuss them. */
  consent?: {id: string; expires?: IsoDate}
}

export interface OwgAgenda {
  body: 'owg'
  date: IsoDate
  /** The last OWG held before the date: re-referrals are counted from it. */
  since?: {meeting: string; date: IsoDate}
  caseManagers: Array<{caseManager: string; cases: OpenCase[]}>
  intakesOverdue: Array<{referral: string; participant: string; caseManager?: string; due: IsoDate; daysOverdue: number}>
  reReferrals: Array<{referral: string; participant: string; previous: string; received: IsoDate; caseManager?: string}>
  consentsExpiring: Array<{consent: string; participant: string; expires: IsoDate; daysLeft: number}>
  actions: OpenAction[]
}

export interface AgendaInput {
  date: IsoDate
  referrals: readonly Referral[]
  consents: readonly Consent[]
  protocols: readonly Protocol[]
  meetings: readonly Meeting[]
  timeZone?: string
  /** The partners: a case manager is named only when they are one of a partner's contacts. */
  partners?: readonly Partner[]
  /** What the site declared: the owners of action items and the staff names their text may hold. */
  vocabulary?: SiteVocabulary
}

export function owgAgenda(input: AgendaInput): OwgAgenda {
  const {date, timeZone: tz} = input
  const previous = lastHeld(input.meetings, 'owg', date)
  const from = previous?.date ?? addDays(date, -DEFAULT_LOOKBACK_DAYS)
  const open = input.referrals.filter((r) => referralOpenOn(r, date, input.protocols, tz)).sort((a, b) => (a.received < b.received ? -1 : 1))
  const contacts = lastContacts(input, date)
  const staff = input.partners ? contactKeys(input.partners) : undefined

  const byParticipant = new Map<string, Referral[]>()
  for (const r of open) byParticipant.set(r.participant, [...(byParticipant.get(r.participant) ?? []), r])
  const byManager = new Map<string, OpenCase[]>()
  for (const [participant, list] of byParticipant) {
    const current = list.at(-1)!
    const contact = contacts.get(participant) ?? {date: receivedDate(current, tz), from: 'received' as const}
    const consent = input.consents.filter((c) => c.participant === participant && consentInEffect(c, date)).sort((a, b) => (a.expires ?? '9999') < (b.expires ?? '9999') ? 1 : -1)[0]
    const row: OpenCase = {
      participant,
      referrals: list.map((r) => r.id),
      status: current.status,
      received: receivedDate(current, tz),
      lastContact: contact.date,
      lastContactFrom: contact.from,
      daysSinceContact: daysBetween(contact.date, date),
      ...(consent ? {consent: {id: consent.id, ...(consent.expires ? {expires: consent.expires} : {})}} : {}),
    }
    const who = caseManagerOf(current, staff).caseManager ?? NO_CASE_MANAGER
    byManager.set(who, [...(byManager.get(who) ?? []), row])
  }
  const caseManagers = [...byManager]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b, 'en'))
    .map(([caseManager, cases]) => ({caseManager, cases: cases.sort((a, b) => b.daysSinceContact - a.daysSinceContact || a.participant.localeCompare(b.participant))}))

  const intakesOverdue: OwgAgenda['intakesOverdue'] = []
  for (const r of input.referrals) {
    const protocol = governingProtocol(r, input.protocols, tz)
    if (!protocol || receivedDate(r, tz) > date) continue
    const intake = intakeStatus(r, protocol, date, tz)
    if (intake.overdue) intakesOverdue.push({referral: r.id, participant: r.participant, ...caseManagerOf(r, staff), due: intake.due, daysOverdue: daysBetween(intake.due, date)})
  }
  intakesOverdue.sort((a, b) => b.daysOverdue - a.daysOverdue || a.referral.localeCompare(b.referral))

  const reReferrals = input.referrals
    .filter((r) => r.previous !== undefined && receivedDate(r, tz) > from && receivedDate(r, tz) <= date)
    .sort((a, b) => (a.received < b.received ? -1 : 1))
    .map((r) => ({referral: r.id, participant: r.participant, previous: r.previous!, received: receivedDate(r, tz), ...caseManagerOf(r, staff)}))

  const openPeople = new Set(byParticipant.keys())
  const horizon = addDays(date, CONSENT_EXPIRY_DAYS)
  const consentsExpiring = input.consents
    .filter((c) => openPeople.has(c.participant) && consentInEffect(c, date) && c.expires !== undefined && c.expires <= horizon)
    .sort((a, b) => (a.expires! < b.expires! ? -1 : a.expires! > b.expires! ? 1 : a.id.localeCompare(b.id)))
    .map((c) => ({consent: c.id, participant: c.participant, expires: c.expires!, daysLeft: daysBetween(date, c.expires!)}))

  return {
    body: 'owg',
    date,
    ...(previous ? {since: {meeting: previous.id, date: previous.date}} : {}),
    caseManagers,
    intakesOverdue,
    reReferrals,
    consentsExpiring,
    actions: openActions(input.meetings, date, {body: 'owg', ...(input.vocabulary ? {vocabulary: input.vocabulary} : {})}),
  }
}

const rank = (name: string) => (name === NO_CASE_MANAGER ? 2 : name === UNKNOWN_CASE_MANAGER ? 1 : 0)

function caseManagerOf(r: Referral, staff: ((name: string) => boolean) | undefined): {caseManager?: string} {
  const cm = r.handoff?.case_manager?.trim()
  if (!cm) return {}
  return {caseManager: !staff || staff(cm) ? cm : UNKNOWN_CASE_MANAGER}
}

/** Each participant's latest recorded contact on or before `date`, and where it was recorded. */
function lastContacts(input: AgendaInput, date: IsoDate): Map<string, {date: IsoDate; from: ContactSource}> {
  const out = new Map<string, {date: IsoDate; from: ContactSource}>()
  const note = (participant: string, d: IsoDate | undefined, from: ContactSource) => {
    if (d === undefined || d > date) return
    const seen = out.get(participant)
    if (!seen || d > seen.date) out.set(participant, {date: d, from})
  }
  for (const r of input.referrals) {
    note(r.participant, receivedDate(r, input.timeZone), 'received')
    if (r.handoff?.arrived) note(r.participant, localDateOfTimestamp(r.handoff.arrived, input.timeZone), 'handoff')
    note(r.participant, r.intake?.completed, 'intake')
  }
  for (const m of input.meetings) {
    if (m.body !== 'owg' || m.status !== 'held' || m.date > date) continue
    for (const c of m.case_conferences ?? []) note(c.participant, c.last_contact, 'case_conference')
  }
  return out
}
