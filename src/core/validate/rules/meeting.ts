/**
 * Meetings: the ID agrees with the body and date; attendees and the chair are contacts of the
 * partner they represent; a meeting holds minutes (decisions) only once held, and a held one lists
 * who attended; decisions only the PCG takes are not recorded at the OWG, name the record they
 * concern, and need the quorum of the MOU in effect; a consensus to adopt a protocol shows on the
 * protocol; open action items past their due date are warnings (judged on --as-of).
 */
import {daysBetween} from '../../clock/dates.js'
import {isContactOf} from '../../meetings/attendance.js'
import {formatDecisionRef} from '../../meetings/decision-ref.js'
import {checkQuorum, describeQuorum} from '../../meetings/quorum.js'
import {MEETING_ID_PATTERN} from '../../records/kinds.js'
import type {SiteRecord} from '../../records/load.js'
import type {Decision, Meeting, Mou, Partner, Protocol} from '../../records/types.js'
import type {Rule, RuleContext} from '../rule-context.js'

/** Decisions that are the PCG's alone. */
const PCG_ONLY = new Set<Decision['kind']>(['adopt_protocol', 'amend_mou', 'approve_report', 'select_provider'])
/** The record a decision of each kind must name. */
const MUST_CONCERN: Partial<Record<Decision['kind'], 'protocol' | 'mou' | 'partner'>> = {adopt_protocol: 'protocol', amend_mou: 'mou', select_provider: 'partner'}
const NOUN = {protocol: 'the protocol version it adopts', mou: 'the MOU it amends', partner: 'the partner it selects'}

export const meetingRule: Rule = {
  name: 'meeting',
  runReads: 'context',
  runReadsDate: true,
  run(ctx: RuleContext) {
    const meetings = ctx.valid<Meeting>('meeting')
    if (meetings.length === 0) return
    const partners = new Map(ctx.valid<Partner>('partner').map(({data}) => [data.id, data]))
    const mous = ctx.valid<Mou>('mou').map((m) => m.data)
    const protocols = new Map(ctx.valid<Protocol>('protocol').map(({data}) => [data.id, data]))
    for (const {record, data} of meetings) {
      checkId(ctx, record, data)
      checkPeople(ctx, record, data, partners)
      checkStatus(ctx, record, data)
      checkDecisions(ctx, record, data, [...partners.values()], mous, protocols)
      checkActions(ctx, record, data)
    }
  },
}

function checkId(ctx: RuleContext, record: SiteRecord, m: Meeting): void {
  const parts = MEETING_ID_PATTERN.exec(record.id)
  if (!parts) return // BAD_ID (structure)
  const date = `${parts[2]}-${parts[3]}-${parts[4]}`
  if (parts[1] === m.body && date === m.date) return
  ctx.report(record, parts[1] === m.body ? ['date'] : ['body'], 'MEETING_ID_DATE', `meeting ${record.id} is named for a ${parts[1]!.toUpperCase()} meeting on ${date}, but records a ${m.body.toUpperCase()} meeting on ${m.date}`, `rename it: git mv ${record.file} meetings/${m.date.slice(0, 4)}/${m.body}-${m.date}.yaml, set id: ${m.body}-${m.date}, and update any adopted.decision that names it`, {severity: 'warning'})
}

function checkPeople(ctx: RuleContext, record: SiteRecord, m: Meeting, partners: ReadonlyMap<string, Partner>): void {
  const notContact = (path: Array<string | number>, partnerId: string, name: string | undefined) => {
    const partner = partners.get(partnerId)
    if (name === undefined || !partner || isContactOf(partner, name)) return
    // The name is not repeated: a name the site does not know may be anyone's.
    ctx.report(record, path, 'ATTENDEE_NOT_A_CONTACT', `${path.filter((p) => typeof p === 'string').join('.')} is not one of ${partnerId}'s contacts`, `people at the table are staff: add them to the partner's contacts (lead edit partner ${partnerId}), or correct the name or partner`)
  }
  if (m.chair) notContact(['chair', 'name'], m.chair.partner, m.chair.name)
  const seen = new Map<string, number>()
  m.attendees?.forEach((a, i) => {
    notContact(['attendees', i, 'name'], a.partner, a.name)
    const key = `${a.partner}|${(a.name ?? '').trim().toLowerCase()}`
    const first = seen.get(key)
    if (first !== undefined) ctx.report(record, ['attendees', i], 'DUPLICATE_ATTENDEE', `attendees[${i}] repeats attendees[${first}]`, 'list each person once', {severity: 'warning'})
    else seen.set(key, i)
  })
}

function checkStatus(ctx: RuleContext, record: SiteRecord, m: Meeting): void {
  if (m.status === 'held' && m.date > ctx.asOf) {
    ctx.report(record, ['status'], 'MEETING_NOT_YET_HELD', `the meeting is marked held but takes place on ${m.date}, after ${ctx.asOf}`, 'a meeting is planned until it has met: status: planned')
  }
  if (m.status === 'held' && (m.attendees ?? []).length === 0) {
    ctx.report(record, ['status'], 'MEETING_NO_ATTENDEES', `the ${m.body.toUpperCase()} meeting of ${m.date} is marked held but lists no attendees`, 'list who attended: attendees: [{partner: ID, name: NAME}]')
  }
  if (m.status === 'planned' && m.date < ctx.asOf) {
    ctx.report(record, ['status'], 'MEETING_NOT_RECORDED', `the ${m.body.toUpperCase()} meeting of ${m.date} is still planned`, 'record what happened (status: held, attendees, decisions, actions), or set status: cancelled', {severity: 'warning'})
  }
  if (m.status !== 'held') {
    for (const field of ['decisions', 'actions'] as const) {
      if ((m[field] ?? []).length > 0) ctx.report(record, [field], 'MEETING_NOT_HELD', `the meeting is ${m.status} but records ${field}`, m.status === 'planned' ? 'minutes are recorded once the meeting has met: set status: held' : 'a cancelled meeting decides nothing: move them to the meeting where they were taken')
    }
  }
}

function checkDecisions(ctx: RuleContext, record: SiteRecord, m: Meeting, partners: readonly Partner[], mous: readonly Mou[], protocols: ReadonlyMap<string, Protocol>): void {
  const decisions = m.decisions ?? []
  if (decisions.length === 0) return
  const quorum = m.body === 'pcg' && m.status === 'held' ? checkQuorum(m, partners, mous) : undefined
  decisions.forEach((d, i) => {
    const n = i + 1
    if (m.body === 'owg' && PCG_ONLY.has(d.kind)) {
      ctx.report(record, ['decisions', i, 'kind'], 'DECISION_NOT_PCG', `decision ${n} (${d.kind}) is the PCG's to take, not the OWG's`, 'the OWG drafts and recommends; record the decision in the PCG meeting that takes it (kind: other for an OWG recommendation)')
    }
    const needs = MUST_CONCERN[d.kind]
    if (needs && !(d.concerns ?? []).some((c) => c.kind === needs)) {
      ctx.report(record, ['decisions', i, 'kind'], 'DECISION_CONCERNS', `decision ${n} (${d.kind}) does not name ${NOUN[needs]}`, `add concerns: [{kind: ${needs}, id: ID}]`)
    }
    // Membership is known from the MOU in effect (its parties, dated); before a site's first MOU,
    // lead cannot know who sat on the PCG then (pcg_member is today's), so it does not judge.
    if (quorum?.rule.mou !== undefined && !quorum.met && d.outcome === 'consensus') {
      const missing = [...new Set([...quorum.absent, ...quorum.missingRequired])]
      ctx.report(record, ['decisions', i, 'outcome'], 'PCG_NO_QUORUM', `decision ${n} is recorded as consensus, but the PCG had no quorum: ${quorum.present.length} of ${quorum.rule.members.length} member agencies were represented and the quorum is ${describeQuorum(quorum.rule)}; not represented: ${missing.join(', ')}`, 'without a quorum the PCG can only defer: outcome: deferred (the item returns at the next meeting); or list the member agencies that did attend')
    }
    if (d.kind === 'adopt_protocol' && d.outcome === 'consensus' && m.status === 'held') checkApplied(ctx, record, m, i, d, protocols)
  })
}

/** A consensus to adopt a protocol shows on that protocol (the protocol side of the link is protocol-decision.ts). */
function checkApplied(ctx: RuleContext, record: SiteRecord, m: Meeting, i: number, d: Decision, protocols: ReadonlyMap<string, Protocol>): void {
  const ref = formatDecisionRef(m.id, i + 1)
  for (const c of d.concerns ?? []) {
    if (c.kind !== 'protocol') continue
    const p = protocols.get(c.id)
    if (!p) continue // UNKNOWN_PROTOCOL (references)
    if (p.status === 'draft') {
      ctx.report(record, ['decisions', i], 'DECISION_NOT_APPLIED', `decision ${i + 1} adopts protocol ${p.id}, which is still a draft`, `mark it adopted: status: adopted, adopted: {date: "${m.date}", by: pcg, decision: "${ref}"}`, {severity: 'warning'})
    } else if (p.adopted?.decision !== undefined && p.adopted.decision !== ref) {
      ctx.report(record, ['decisions', i], 'DECISION_NOT_APPLIED', `decision ${i + 1} adopts protocol ${p.id}, but the protocol names decision ${p.adopted.decision} as the one that adopted it`, `if this meeting adopted it, set adopted.decision: "${ref}" on the protocol; otherwise this decision is not the adoption (outcome, or kind: other)`, {severity: 'warning'})
    }
  }
}

function checkActions(ctx: RuleContext, record: SiteRecord, m: Meeting): void {
  if (m.status !== 'held') return
  m.actions?.forEach((a, i) => {
    if (a.done !== undefined || a.due >= ctx.asOf) return
    const days = daysBetween(a.due, ctx.asOf)
    ctx.report(record, ['actions', i, 'due'], 'ACTION_OVERDUE', `action ${i + 1} of the ${m.body.toUpperCase()} meeting of ${m.date} (owner ${ctx.shown(record, ['actions', i, 'owner'])}) was due on ${a.due}, ${days} day${days === 1 ? '' : 's'} before ${ctx.asOf}, and is not done`, `when it is done, record it: lead set meeting ${m.id} actions[${i}].done=YYYY-MM-DD; lead meeting actions lists every open item`, {severity: 'warning'})
  })
}
