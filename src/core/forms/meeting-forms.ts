/**
 * The governance forms, built from a meeting record and what the meeting commands compute (pure):
 * the PCG agenda (the agenda `lead meeting agenda` computes, and the member agencies with a column
 * to mark attendance), the minutes (members present, quorum, decisions, actions, signatures), and
 * the OWG case-conference sheet (participants by code only, and per participant the consent check
 * of every partner at the table).
 */
import type {ConferenceCheck} from '../meetings/case-conference-check.js'
import {formatDecisionRef} from '../meetings/decision-ref.js'
import {BODY_NAME} from '../meetings/meeting-data.js'
import type {OpenAction} from '../meetings/open-actions.js'
import type {PcgAgenda} from '../meetings/pcg-agenda.js'
import {describeQuorum, type QuorumCheck, type QuorumRule} from '../meetings/quorum.js'
import type {Meeting} from '../records/types.js'
import type {Block, FormDocument} from './document.js'
import {UNDECLARED} from '../privacy/disclosable.js'
import {pageHeader, partnerName as anyPartnerName, type FormContext} from './form-context.js'

/** A meeting is participant data: an id that names no partner (an action's owner in a meeting not validated for this form) is never printed. */
const partnerName = (ctx: FormContext, id: string) => anyPartnerName(ctx, id, UNDECLARED)

const WEEKDAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const OUTCOME = {consensus: 'consensus reached', no_consensus: 'no consensus', deferred: 'deferred'} as const
const KIND = {adopt_protocol: 'Adopt a protocol version', amend_mou: 'Amend the MOU', approve_report: 'Approve a report', select_provider: 'Select a provider', other: 'Other'} as const

function when(m: Pick<Meeting, 'date' | 'time' | 'location'>): string {
  const day = WEEKDAY[new Date(`${m.date}T00:00:00Z`).getUTCDay()]
  const time = m.time ? ` · ${m.time.from}${m.time.to ? `–${m.time.to}` : ''}` : ''
  return `${day} ${m.date}${time}${m.location ? ` · ${m.location}` : ''}`
}

function document(ctx: FormContext, form: string, title: string, m: Meeting, blocks: Block[]): FormDocument {
  return {form, title, subtitle: when(m), header: pageHeader(ctx), footer: `Meeting ${m.id}`, date: m.date, page: 'document', blocks, sources: []}
}

function actionsTable(ctx: FormContext, actions: readonly OpenAction[]): Block {
  return {
    type: 'table',
    columns: [{header: 'Owner', width: 3}, {header: 'Due', width: 1.4}, {header: 'State', width: 1.6}, {header: 'From', width: 2.2}, {header: 'Action', width: 6}],
    rows: actions.map((a) => [partnerName(ctx, a.owner), a.due, a.overdue ? `${a.daysOverdue} days overdue` : 'open', formatDecisionRef(a.meeting, a.number).replace('#', ' #'), a.text ?? '(not shown: see the record)']),
    empty: 'No open action items.',
  }
}

export interface PcgAgendaForm {
  meeting: Meeting
  agenda: PcgAgenda
  quorum: QuorumRule
}

export function buildPcgAgendaForm(ctx: FormContext, input: PcgAgendaForm): FormDocument {
  const {meeting: m, agenda: a, quorum} = input
  const q = a.quarter
  const items = [
    ...(m.agenda ?? []).map((i) => `${i.title}${i.presenter ? ` (${partnerName(ctx, i.presenter)})` : ''}`),
    'Protocol versions awaiting adoption',
    'MOUs ending or due for review',
    ...(a.returning.length ? [`Items returning from ${a.since?.meeting ?? 'the last meeting'}`] : []),
    `The ${q.label} report`,
    'Open action items',
  ]
  const blocks: Block[] = [
    {type: 'heading', level: 1, text: 'Agenda'},
    {type: 'list', ordered: true, items},
    {type: 'heading', level: 1, text: 'Protocol versions awaiting adoption'},
    a.protocolsAwaitingAdoption.length
      ? {type: 'table', columns: [{header: 'Protocol', width: 2}, {header: 'Version', width: 1, align: 'right'}, {header: 'Would take effect', width: 2}], rows: a.protocolsAwaitingAdoption.map((p) => [p.id, String(p.version), p.effectiveFrom])}
      : {type: 'paragraph', text: 'None waiting.'},
    {type: 'heading', level: 1, text: 'MOUs ending or due for review'},
    a.mous.length
      ? {type: 'table', columns: [{header: 'MOU', width: 3}, {header: 'What', width: 2}, {header: 'Date', width: 1.5}, {header: 'Days', width: 1, align: 'right'}], rows: a.mous.map((x) => [x.mou, x.why === 'review' ? 'review due' : x.why, x.date, String(x.daysLeft)])}
      : {type: 'paragraph', text: 'None within 60 days.'},
  ]
  if (a.returning.length) {
    blocks.push({type: 'heading', level: 1, text: `Returning from ${a.since?.meeting ?? 'the last meeting'}`}, {type: 'list', items: a.returning.map((r) => `${r.decision}: ${KIND[r.kind as keyof typeof KIND] ?? r.kind} (${OUTCOME[r.outcome as keyof typeof OUTCOME] ?? r.outcome})`)})
  }
  const pathways = Object.entries(q.referrals.byPathway).filter(([, n]) => n > 0).map(([p, n]) => `${n} ${p.replace(/_/g, ' ')}`).join(', ')
  blocks.push(
    {type: 'heading', level: 1, text: `The ${q.label} report (${q.from} to ${q.to})`},
    {
      type: 'fields',
      rows: [
        {label: 'Referrals', value: `${q.referrals.total}${pathways ? ` (${pathways})` : ''}`},
        {label: 'Funnel', value: q.funnel.map((s) => `${s.stage.replace(/_/g, ' ')} ${s.count}`).join(' → ')},
        {label: 'Handoffs', value: q.response.handoffs ? `median ${q.response.medianMinutes ?? '–'} min over ${q.response.handoffs}, ${q.response.withinTarget} within ${q.response.targetMinutes ?? '–'} min` : 'none'},
        {label: 'Off-hours', value: `${q.offHours.count} of ${q.offHours.judged} referrals`},
        {label: 'Open cases', value: `${q.openCases} people on ${q.to}`},
        {label: 'Training', value: q.training.total ? `${q.training.percent}% of catchment officers (${q.training.trained} of ${q.training.total})` : 'no catchment officers on the rosters'},
      ],
    },
    {type: 'heading', level: 1, text: 'Open action items'},
    actionsTable(ctx, a.actions),
    {type: 'heading', level: 1, text: 'Member agencies (one vote each)'},
    {type: 'paragraph', style: 'small', text: `Quorum: ${describeQuorum(quorum)}. Mark who attends.`},
    {type: 'table', columns: [{header: 'Member agency', width: 4}, {header: 'Representative', width: 4}, {header: 'Present', width: 1.2, align: 'center'}], rows: quorum.members.map((id) => [partnerName(ctx, id), '', '']), rowHeight: 22},
  )
  return document(ctx, 'pcg-agenda', `${BODY_NAME.pcg}: agenda`, m, blocks)
}

export interface MinutesForm {
  meeting: Meeting
  /** PCG only: who could vote and whether the quorum was met. */
  quorum?: QuorumCheck
}

export function buildMinutesForm(ctx: FormContext, input: MinutesForm): FormDocument {
  const {meeting: m, quorum} = input
  const people = (partner: string) => (m.attendees ?? []).filter((a) => a.partner === partner).map((a) => a.name ?? '(not named)').join(', ')
  const blocks: Block[] = []
  if (m.status !== 'held') blocks.push({type: 'paragraph', style: 'notice', text: `This meeting is ${m.status}: no minutes are recorded.`})
  if (m.chair) blocks.push({type: 'fields', rows: [{label: 'Chair', value: `${m.chair.name ? `${m.chair.name}, ` : ''}${partnerName(ctx, m.chair.partner)}`}]})
  if (quorum) {
    const guests = [...new Set((m.attendees ?? []).map((a) => a.partner))].filter((p) => !quorum.rule.members.includes(p))
    blocks.push(
      {type: 'heading', level: 1, text: 'Members present'},
      {type: 'table', columns: [{header: 'Member agency', width: 4}, {header: 'Represented by', width: 4}, {header: 'Present', width: 1.2, align: 'center'}], rows: quorum.rule.members.map((id) => [partnerName(ctx, id), people(id), quorum.present.includes(id) ? 'yes' : 'no'])},
      {type: 'paragraph', style: quorum.met ? 'strong' : 'notice', text: `Quorum ${quorum.met ? 'met' : 'NOT met'}: ${quorum.present.length} of ${quorum.rule.members.length} member agencies represented; the quorum is ${describeQuorum(quorum.rule)}.`},
    )
    if (guests.length) blocks.push({type: 'paragraph', style: 'small', text: `Also present (no vote): ${guests.map((g) => `${partnerName(ctx, g)} (${people(g)})`).join('; ')}.`})
  } else {
    blocks.push({type: 'heading', level: 1, text: 'Present'}, {type: 'table', columns: [{header: 'Partner', width: 4}, {header: 'Represented by', width: 5}], rows: [...new Set((m.attendees ?? []).map((a) => a.partner))].map((p) => [partnerName(ctx, p), people(p)]), empty: 'No attendees recorded.'})
  }
  blocks.push({type: 'heading', level: 1, text: 'Decisions'})
  if (!m.decisions?.length) blocks.push({type: 'paragraph', text: 'No decisions recorded.'})
  m.decisions?.forEach((d, i) => {
    const concerns = (d.concerns ?? []).map((c) => `${c.kind} ${c.id}`).join(', ')
    blocks.push({type: 'keep-together', blocks: [
      {type: 'heading', level: 2, text: `${i + 1}. ${KIND[d.kind]}: ${OUTCOME[d.outcome]}`},
      {type: 'paragraph', text: d.text},
      {type: 'paragraph', style: 'small', text: `${formatDecisionRef(m.id, i + 1)}${concerns ? ` · concerns ${concerns}` : ''}`},
    ]})
  })
  if (m.case_conferences?.length) blocks.push({type: 'paragraph', style: 'small', text: `${m.case_conferences.length} participant${m.case_conferences.length === 1 ? '' : 's'} case-conferenced: see the case-conference sheet (lead form case-conference ${m.id}).`})
  blocks.push(
    {type: 'heading', level: 1, text: 'Action items'},
    {type: 'table', columns: [{header: '#', width: 0.6, align: 'right'}, {header: 'Action', width: 6}, {header: 'Owner', width: 3}, {header: 'Due', width: 1.5}, {header: 'Done', width: 1.5}], rows: (m.actions ?? []).map((a, i) => [String(i + 1), a.text, partnerName(ctx, a.owner), a.due, a.done ?? '']), empty: 'No action items.'},
  )
  if (m.notes) blocks.push({type: 'heading', level: 1, text: 'Notes'}, {type: 'paragraph', text: m.notes})
  blocks.push({type: 'keep-together', blocks: [{type: 'heading', level: 1, text: 'Approved'}, {type: 'signatures', lines: [{label: 'Chair', ...(m.chair?.name ? {name: m.chair.name} : {})}, {label: 'Minutes taken by'}]}]})
  return document(ctx, 'minutes', `${BODY_NAME[m.body]}: minutes`, m, blocks)
}

export interface ConferenceItem {
  check: ConferenceCheck
  referral?: string
  caseManager?: string
  lastContact?: string
  daysSinceContact?: number
}

export interface CaseConferenceForm {
  meeting: Meeting
  /** Partners at the table: the meeting's attendees, or the OWG members when none are listed yet. */
  table: string[]
  items: ConferenceItem[]
}

export function buildCaseConferenceSheet(ctx: FormContext, input: CaseConferenceForm): FormDocument {
  const {meeting: m, table, items} = input
  const blocks: Block[] = [
    {type: 'paragraph', style: 'notice', text: 'Confidential. Participants are named by LEAD code only: write no names, birth dates, phone numbers or addresses on this sheet. A partner marked STEPS OUT is not named by any release of information in effect today and leaves the room while that participant is discussed.'},
    {type: 'fields', rows: [{label: 'At the table', value: table.map((p) => partnerName(ctx, p)).join(', ') || '(nobody listed)'}]},
  ]
  if (items.length === 0) blocks.push({type: 'paragraph', text: 'No participant to discuss.'})
  for (const item of items) {
    const c = item.check
    const facts = [
      item.referral ? `referral ${item.referral}` : c.openReferrals.at(-1) ? `referral ${c.openReferrals.at(-1)}` : 'no open referral: not discussed',
      item.caseManager ? `case manager ${item.caseManager}` : undefined,
      item.lastContact ? `last contact ${item.lastContact}${item.daysSinceContact !== undefined ? ` (${item.daysSinceContact} days)` : ''}` : undefined,
    ].filter(Boolean)
    blocks.push({type: 'keep-together', blocks: [
      {type: 'heading', level: 2, text: `${c.participant}${c.ok ? '' : ' — check before discussing'}`},
      {type: 'paragraph', style: 'small', text: facts.join(' · ')},
      {
        type: 'checklist',
        columns: 1,
        items: c.partners.map((p) => ({
          text: partnerName(ctx, p.partner),
          checked: p.status === 'covered',
          note: p.status === 'covered' ? `consent ${p.consent}${p.until ? ` to ${p.until}` : ''}` : p.status === 'excused' ? 'excused: steps out' : 'NOT COVERED: STEPS OUT',
        })),
      },
      {type: 'fields', rows: [{label: 'Update'}, {label: 'Next steps'}]},
    ]})
  }
  return document(ctx, 'case-conference', `${BODY_NAME.owg}: case-conference sheet`, m, blocks)
}
