/**
 * The slip the participant keeps: who their case manager is and how to reach them, the intake
 * deadline, and that LEAD is voluntary. Deliberately no charges and nothing about the arrest.
 */
import {receivedDate, intakeDueDate} from '../referrals/protocol-in-force.js'
import type {Protocol, Referral} from '../records/types.js'
import type {FormDocument} from './document.js'
import {pageHeader, type FormContext} from './form-context.js'
import {coverageLines, humanDate} from './form-text.js'
import {leadPhone, offHours} from './protocol-facts.js'

export interface HandoffSlipInput {
  referral: Referral
  protocol: Protocol
  /** The case manager's direct phone from the case-management partner's contacts, when listed. */
  caseManagerPhone?: string
  /** The case-management organisation's name. */
  provider?: string
}

export function buildHandoffSlip(ctx: FormContext, input: HandoffSlipInput): FormDocument {
  const {referral: r, protocol} = input
  const tz = ctx.site.timezone
  const phone = leadPhone(ctx, protocol)
  const due = humanDate(intakeDueDate(r, protocol, tz))
  const cm = r.handoff?.case_manager
  const hours = coverageLines(protocol.coverage?.hours)
  const off = offHours(ctx, protocol)
  // Only what the protocol sets: no promise of night cover it does not define.
  const when =
    off.kind === 'always-staffed'
      ? 'Someone answers the LEAD line at any time.'
      : hours.length === 0
        ? ''
        : `Case managers answer the LEAD line ${hours.join('; ')}.${off.kind === 'on-call' ? (off.sameNumber ? ' At other times the on-call case manager answers the same number.' : ` At other times call the on-call case manager: ${off.phone}.`) : ''}`
  return {
    form: 'handoff-slip',
    title: 'Welcome to LEAD',
    subtitle: 'Keep this slip. It tells you who to call and what happens next.',
    header: pageHeader(ctx),
    footer: `Your LEAD code ${r.participant}`,
    date: receivedDate(r, tz),
    page: 'document',
    half: true,
    blocks: [
      {type: 'paragraph', style: 'notice', text: 'LEAD is voluntary. You choose whether to take part, and you can stop at any time.'},
      {
        type: 'fields',
        rows: [
          {label: 'Your case manager', value: cm ?? 'The LEAD team will tell you who your case manager is.'},
          ...(input.provider ? [{label: 'Organisation', value: input.provider}] : []),
          ...(input.caseManagerPhone ? [{label: "Case manager's phone", value: input.caseManagerPhone}] : []),
          {label: 'LEAD line', value: phone},
          {label: 'Your LEAD code', value: r.participant},
          {label: 'Complete your intake by', value: due},
        ],
      },
      {
        type: 'list',
        ordered: true,
        items: [
          `Meet your case manager for an intake assessment by ${due}. Call the LEAD line to change the time or place.`,
          'Your case manager works with you on what you need: housing, treatment, health care, benefits, other support.',
          ...(r.pathway === 'arrest_diversion' ? ['If the intake is not done by that date, the prosecutor may review the case as usual.'] : []),
        ],
      },
      ...(when ? [{type: 'paragraph' as const, style: 'small' as const, text: when}] : []),
    ],
    sources: [],
  }
}
