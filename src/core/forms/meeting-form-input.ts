/**
 * What the governance forms are built from: the meeting (the ID given, else the next planned
 * meeting of the form's body on --as-of) and the computations the meeting commands make on its
 * date — the PCG agenda, the quorum of the MOU in effect, the OWG agenda's open cases and the
 * consent check of each partner at the table. The records a sheet prints from (the meeting, and
 * for a case-conference sheet each participant's referrals and consents) are its sources, so a
 * record that fails validation stops the form.
 */
import {ExitCode, LeadError} from '../errors.js'
import type {IsoDate} from '../clock/dates.js'
import {meetingAgenda} from '../meetings/agenda.js'
import {checkConference} from '../meetings/case-conference-check.js'
import {governanceDataFrom, nextMeeting} from '../meetings/meeting-data.js'
import type {OwgAgenda} from '../meetings/owg-agenda.js'
import type {PcgAgenda} from '../meetings/pcg-agenda.js'
import {checkQuorum, partnersAtTable, quorumRule} from '../meetings/quorum.js'
import type {SiteRecord, SiteRecords} from '../records/load.js'
import type {Meeting, MeetingBody} from '../records/types.js'
import type {Site} from '../site.js'
import type {FormDocument} from './document.js'
import type {FormContext} from './form-context.js'
import {buildCaseConferenceSheet, buildMinutesForm, buildPcgAgendaForm, type ConferenceItem} from './meeting-forms.js'

export type MeetingFormName = 'pcg-agenda' | 'minutes' | 'case-conference'

const BODY: Record<MeetingFormName, MeetingBody | undefined> = {'pcg-agenda': 'pcg', 'case-conference': 'owg', minutes: undefined}

export interface MeetingFormInput {
  form: MeetingFormName
  site: Site
  records: SiteRecords
  ctx: FormContext
  /** The meeting record named on the command line, if any. */
  found?: SiteRecord
  asOf: IsoDate
  /** Read a record as a source of the form. */
  take: <T>(record: SiteRecord) => T
}

export function meetingForm(input: MeetingFormInput): {document: FormDocument; baseName: string} {
  const {form, site, records, ctx, asOf, take} = input
  const body = BODY[form]
  const record = input.found ?? nextPlanned(records, body!, asOf)
  const m = take<Meeting>(record)
  if (body && m.body !== body) {
    throw new LeadError('WRONG_BODY', `${m.id} is ${m.body === 'pcg' ? 'a PCG' : 'an OWG'} meeting; the ${form} form is for ${body === 'pcg' ? 'the PCG' : 'the OWG'}`, {exit: ExitCode.usage, hint: form === 'pcg-agenda' ? 'give a PCG meeting ID (lead list meeting --where body=pcg)' : 'give an OWG meeting ID (lead list meeting --where body=owg)'})
  }
  const data = governanceDataFrom(site, records)
  const baseName = `${form}-${m.id}`
  for (const a of m.attendees ?? []) ctx.partners.get(a.partner) // printed: sources of the form
  if (form === 'minutes') {
    const quorum = m.body === 'pcg' && m.status === 'held' ? checkQuorum(m, data.partners, data.mous) : undefined
    return {document: buildMinutesForm(ctx, {meeting: m, ...(quorum ? {quorum} : {})}), baseName}
  }
  const agenda = meetingAgenda(site, records, {body: m.body, date: m.date, today: asOf}).agenda
  if (form === 'pcg-agenda') {
    const pcg = agenda as PcgAgenda
    // Open actions print earlier meetings' text: a character no font has there is found in its record.
    const quoted = [...new Set(pcg.actions.map((a) => records.get('meeting', a.meeting)?.file).filter((f): f is string => f !== undefined))]
    return {document: {...buildPcgAgendaForm(ctx, {meeting: m, agenda: pcg, quorum: quorumRule(data.partners, data.mous, m.date)}), quoted}, baseName}
  }

  // The table: who attended (a held meeting) or is expected; without a list yet, the OWG members.
  const listed = partnersAtTable(m)
  const table = listed.length ? listed : data.partners.filter((p) => p.owg_member).map((p) => p.id).sort()
  const open = new Map((agenda as OwgAgenda).caseManagers.flatMap((g) => g.cases.map((c) => [c.participant, {...c, caseManager: g.caseManager}] as const)))
  // A held meeting prints the participants it discussed; a planned one every open case, by case manager.
  const wanted = m.status === 'held' ? (m.case_conferences ?? []).map((c) => ({participant: c.participant, excused: c.excused ?? []})) : [...open.keys()].map((participant) => ({participant, excused: [] as string[]}))
  const items: ConferenceItem[] = wanted.map(({participant, excused}) => {
    for (const kind of ['referral', 'consent'] as const) for (const r of records.ofKind(kind)) if (r.data?.participant === participant) take(r)
    const check = checkConference({participant, date: m.date, table, excused, referrals: data.referrals, consents: data.consents, protocols: data.protocols, ...(data.timeZone ? {timeZone: data.timeZone} : {})})
    const o = open.get(participant)
    return {check, ...(o ? {referral: o.referrals.at(-1)!, caseManager: o.caseManager, lastContact: o.lastContact, daysSinceContact: o.daysSinceContact} : {})}
  })
  return {document: buildCaseConferenceSheet(ctx, {meeting: m, table, items}), baseName}
}

function nextPlanned(records: SiteRecords, body: MeetingBody, asOf: IsoDate): SiteRecord {
  const meetings = records.dataOf<Meeting>('meeting').filter((m) => typeof m.date === 'string' && typeof m.status === 'string')
  const next = nextMeeting(meetings, asOf, body)
  const record = next && records.get('meeting', next.id)
  if (!record) {
    throw new LeadError('NO_PLANNED_MEETING', `no ${body.toUpperCase()} meeting is planned on or after ${asOf}`, {exit: ExitCode.usage, hint: `give a meeting ID (lead list meeting --where body=${body}), or plan one: lead new meeting --set body=${body} --set date=YYYY-MM-DD --set status=planned`})
  }
  return record
}
