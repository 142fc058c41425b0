/**
 * An adopted protocol names the PCG decision that adopted it (adopted.decision: pcg-2026-02-18#1),
 * and that decision is a consensus to adopt this protocol at a held PCG meeting on the adoption date.
 *
 * A missing decision is an error from the site's first recorded PCG meeting on, and not reported
 * before it: a version adopted before the site kept PCG minutes in lead cannot point at minutes
 * that were never recorded, and an old site that upgrades lead keeps passing CI (even with
 * --strict) until it starts recording its PCG meetings. From then on, every adoption has a
 * decision to point at, and a version adopted without one is exactly what the records must catch.
 */
import {decisionAt, parseDecisionRef} from '../../meetings/decision-ref.js'
import type {Meeting, Protocol} from '../../records/types.js'
import type {Rule, RuleContext} from '../rule-context.js'

export const protocolDecisionRule: Rule = {
  name: 'protocol-decision',
  runReads: 'context',
  run(ctx: RuleContext) {
    const meetings = new Map(ctx.valid<Meeting>('meeting').map(({data}) => [data.id, data]))
    const firstPcg = [...meetings.values()].filter((m) => m.body === 'pcg' && m.status === 'held').map((m) => m.date).sort()[0]
    for (const {record, data: p} of ctx.valid<Protocol>('protocol')) {
      if (p.status === 'draft' || !p.adopted?.date) continue
      const ref = p.adopted.decision
      if (ref === undefined) {
        if (firstPcg !== undefined && p.adopted.date >= firstPcg) {
          ctx.report(record, ['adopted'], 'PROTOCOL_DECISION_MISSING', `protocol ${p.id} was adopted on ${p.adopted.date} but does not name the PCG decision that adopted it (this site records its PCG meetings since ${firstPcg})`, `record the decision in the PCG meeting of ${p.adopted.date} (decisions: [{kind: adopt_protocol, concerns: [{kind: protocol, id: "${p.id}"}], outcome: consensus, text: ...}]) and name it here: adopted.decision: "pcg-${p.adopted.date}#1"`)
        }
        continue
      }
      const parsed = parseDecisionRef(ref)
      const meeting = parsed ? meetings.get(parsed.meeting) : undefined
      if (!parsed || !meeting) continue // UNKNOWN_MEETING (references), or a meeting that fails its schema
      const at = ['adopted', 'decision']
      const problem = mismatch(p, meeting, parsed.number)
      if (problem) {
        ctx.report(record, at, 'PROTOCOL_DECISION_MISMATCH', `adopted.decision ${ref} ${problem}`, `name the decision of a held PCG meeting that adopted ${p.id} by consensus (decisions are numbered from 1: lead show meeting ${meeting.id})`)
        continue
      }
      if (meeting.date !== p.adopted.date) {
        ctx.report(record, ['adopted', 'date'], 'PROTOCOL_DECISION_DATE', `protocol ${p.id} says it was adopted on ${p.adopted.date}, but decision ${ref} was taken on ${meeting.date}`, `the adoption date is the date of the meeting: adopted.date: "${meeting.date}"`)
      }
    }
  },
}

function mismatch(p: Protocol, meeting: Meeting, n: number): string | undefined {
  if (meeting.body !== 'pcg') return `is a decision of the OWG, which does not adopt protocols`
  if (meeting.status !== 'held') return `is on a meeting that is ${meeting.status}, not held`
  const d = decisionAt(meeting, n)
  if (!d) return `names decision ${n}, but meeting ${meeting.id} records ${meeting.decisions?.length ?? 0} decision${meeting.decisions?.length === 1 ? '' : 's'}`
  if (d.kind !== 'adopt_protocol') return `is a decision of kind ${d.kind}, not adopt_protocol`
  if (!(d.concerns ?? []).some((c) => c.kind === 'protocol' && c.id === p.id)) return `adopts ${(d.concerns ?? []).filter((c) => c.kind === 'protocol').map((c) => c.id).join(', ') || 'no named protocol'}, not ${p.id}`
  if (d.outcome !== 'consensus') return `records the outcome ${d.outcome}: the PCG did not adopt it then`
  return undefined
}
