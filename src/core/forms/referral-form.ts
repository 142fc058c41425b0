/** The officer's referral / diversion form: blank from a protocol, or filled in from a referral. */
import {addDays} from '../clock/dates.js'
import {receivedDate} from '../referrals/protocol-in-force.js'
import type {Officer, Pathway, Protocol, Referral} from '../records/types.js'
import type {Block, ChecklistItem, FormDocument} from './document.js'
import {pageHeader, partnerName, type FormContext} from './form-context.js'
import {localDateTime, PATHWAY_NAMES, thresholdText, words, yesNo} from './form-text.js'
import {leadPhone, offHours, overThresholdRule, protocolDate, protocolLabel, requireCharges, requireCoverageHours} from './protocol-facts.js'

export interface ReferralFormInput {
  protocol: Protocol
  /** Absent: a blank form to fill in by hand. */
  referral?: Referral
  /** The referring officer from the agency's roster, when the referral names one. */
  officer?: Officer
}

export function buildReferralForm(ctx: FormContext, input: ReferralFormInput): FormDocument {
  const {protocol, referral: r} = input
  requireCharges(protocol)
  const hours = requireCoverageHours(protocol)
  const phone = leadPhone(ctx, protocol)
  const tz = ctx.site.timezone
  const v = (value: string | undefined) => (r ? (value ?? '—') : '')

  const blocks: Block[] = [
    {type: 'paragraph', style: 'notice', text: `Call the LEAD line from the scene: ${phone}. ${callLine(ctx, protocol, hours)}`},
    {type: 'heading', level: 1, text: '1. Referral'},
    {type: 'checklist', columns: 2, items: protocol.pathways.map((p: Pathway) => ({text: PATHWAY_NAMES[p], checked: r?.pathway === p}))},
  ]

  const officer = input.officer
  const referrer = r?.referrer.partner
    ? partnerName(ctx, r.referrer.partner)
    : r?.referrer.agency
      ? `${partnerName(ctx, r.referrer.agency)}`
      : undefined
  blocks.push({
    type: 'fields',
    columns: 2,
    rows: [
      {label: 'Referral ID', value: r?.id ?? ''},
      {label: 'Received (date/time)', value: r ? localDateTime(r.received, tz) : ''},
      {label: 'Agency / partner', value: v(referrer)},
      {label: 'Officer (name, badge)', value: r ? (r.referrer.badge ? `${officer?.name ?? 'not on roster'}, #${r.referrer.badge}` : '—') : ''},
      {label: 'District', value: v(r?.district)},
      {label: 'Catchment area', value: v(r?.catchment ? (protocol.catchment?.find((c) => c.id === r.catchment)?.name ?? r.catchment) : undefined)},
      {label: 'Participant code', value: r?.participant ?? ''},
      {label: 'Previous referral', value: r ? (r.previous ?? 'none') : ''},
    ],
  })

  blocks.push({type: 'heading', level: 1, text: '2. Charges divertible under this protocol'})
  const charged = new Set(r?.charges ?? [])
  const chargeItems: ChecklistItem[] = protocol.divertible_charges.map((c) => {
    const notes = [thresholdText(c) && `max ${thresholdText(c)}`, c.pathways ? `only ${c.pathways.map((p) => PATHWAY_NAMES[p].toLowerCase()).join(', ')}` : '', (c as {note?: string}).note ?? ''].filter(Boolean)
    return {text: `${c.code} — ${c.label}`, checked: charged.has(c.code), ...(notes.length ? {note: notes.join(' · ')} : {})}
  })
  const divertible = new Set(protocol.divertible_charges.map((c) => c.code))
  for (const code of r?.charges ?? []) if (!divertible.has(code)) chargeItems.push({text: `${code} — not divertible under this protocol`, checked: true})
  blocks.push({type: 'checklist', items: chargeItems})
  blocks.push({type: 'paragraph', style: 'small', text: ['Any charge not on this list makes the arrest not divertible.', overThresholdRule(protocol)].filter(Boolean).join(' ')})
  blocks.push({type: 'fields', columns: 2, rows: [{label: 'Quantity (amount, unit)', value: r ? (r.quantity ? `${r.quantity.amount}${r.quantity.unit ? ` ${r.quantity.unit}` : ''}` : '—') : ''}]})

  // Social contact referrals rest on dated conduct inside the look-back window instead of charges.
  if (protocol.pathways.includes('social_contact') && (!r || r.pathway === 'social_contact')) {
    const lookback = protocol.social_contact_lookback_months
    blocks.push({type: 'heading', level: 2, text: `Social contact: known conduct${lookback ? ` within the last ${lookback} months` : ''}`})
    blocks.push({
      type: 'table',
      columns: [
        {header: 'Date', width: 1},
        {header: 'Conduct', width: 5},
      ],
      rows: r ? (r.evidence ?? []).map((e) => [e.date, e.description ?? '']) : [['', ''], ['', '']],
      empty: 'none recorded',
      ...(r ? {} : {rowHeight: 22}),
    })
  }

  blocks.push({type: 'heading', level: 1, text: '3. Eligibility'})
  const s = r?.screening
  // Each question once: a criterion that already asks about age or voluntary participation is
  // that question (ticked from the referral's own answer), so it is not asked again below.
  const criteria = protocol.criteria ?? []
  const asks = criteria.map((text) => criterionTopic(text, protocol.min_age))
  if (criteria.length > 0) {
    blocks.push({
      type: 'checklist',
      items: criteria.map((text, i) => ({text, checked: asks[i] === 'age' ? s?.age_ok === true : asks[i] === 'participation' ? s?.consent_to_participate === true : s?.criteria_met === true})),
    })
  }
  const eligibilityRows: Array<{label: string; value: string}> = []
  if (protocol.min_age !== undefined && !asks.includes('age')) eligibilityRows.push({label: `${protocol.min_age} or older`, value: r ? yesNo(s?.age_ok) || '—' : ''})
  if (protocol.complainant_agreement_required) eligibilityRows.push({label: 'Complainant agrees (where there is one)', value: r ? (s?.has_complainant === false ? 'no complainant' : yesNo(s?.complainant_agrees) || '—') : ''})
  if (!asks.includes('participation')) eligibilityRows.push({label: 'Agrees to participate (voluntary)', value: r ? yesNo(s?.consent_to_participate) || '—' : ''})
  if (eligibilityRows.length) blocks.push({type: 'fields', columns: 2, rows: eligibilityRows})

  blocks.push({type: 'heading', level: 1, text: '4. Exclusions (presumptively ineligible)'})
  const hit = new Set(s?.exclusions_hit ?? [])
  blocks.push({
    type: 'checklist',
    items: protocol.exclusions.map((e) => ({text: e.text, checked: hit.has(e.id), ...(e.overridable === false ? {note: 'no override'} : {})})),
  })
  const overridable = protocol.exclusions.filter((e) => e.overridable !== false).length
  blocks.push({
    type: 'paragraph',
    style: 'small',
    text: overridable === 0 ? 'No exclusion may be overridden.' : overridable === protocol.exclusions.length ? 'Each exclusion may be overridden with a reason recorded below.' : 'Each exclusion may be overridden with a reason recorded below, except those marked "no override".',
  })
  const overrides = s?.overrides ?? []
  if (r && overrides.length === 0) blocks.push({type: 'fields', rows: [{label: 'Overrides', value: 'none'}]})
  if (!r || overrides.length > 0) {
    blocks.push({
      type: 'table',
      columns: [
        {header: 'Exclusion overridden', width: 2},
        {header: 'Reason for the override', width: 4},
      ],
      rows: r ? overrides.map((o) => [protocol.exclusions.find((e) => e.id === o.exclusion)?.text ?? o.exclusion, o.reason]) : [['', ''], ['', '']],
      ...(r ? {} : {rowHeight: 26}),
    })
  }

  const due = r ? addDays(receivedDate(r, tz), protocol.intake_deadline_days) : undefined
  // The handoff and the signatures under it stay on one page.
  blocks.push({
    type: 'keep-together',
    blocks: [
      {type: 'heading', level: 1, text: '5. Handoff'},
      {
        type: 'fields',
        columns: 2,
        rows: [
          {label: 'Handoff method', value: v(r?.handoff?.method ? words(r.handoff.method) : undefined)},
          {label: 'Case manager', value: v(r?.handoff?.case_manager)},
          {label: 'Case manager arrived', value: v(r?.handoff?.arrived ? localDateTime(r.handoff.arrived, tz) : undefined)},
          {label: `Intake due (${protocol.intake_deadline_days} days)`, value: due ?? ''},
        ],
      },
      ...(r?.notes ? [{type: 'paragraph' as const, text: `Notes: ${r.notes}`}] : []),
      {type: 'signatures', lines: [{label: 'Referring officer'}, {label: 'Case manager', ...(r?.handoff?.case_manager ? {name: r.handoff.case_manager} : {})}]},
    ],
  })

  return {
    form: 'referral',
    title: 'LEAD referral and diversion form',
    subtitle: r ? `Referral ${r.id} · ${protocolLabel(protocol)}` : protocolLabel(protocol),
    header: pageHeader(ctx),
    footer: `Protocol ${protocol.id}${r ? ` · referral ${r.id}` : ''}`,
    date: r ? receivedDate(r, tz) : protocolDate(protocol),
    page: 'document',
    blocks,
    sources: [],
  }
}

/** What a protocol criterion asks, when it is one of the form's own questions. */
export function criterionTopic(text: string, minAge: number | undefined): 'age' | 'participation' | undefined {
  const t = text.toLowerCase()
  if ((minAge !== undefined && new RegExp(`\\b${minAge}\\s*(or older|\\+|years)`).test(t)) || /\b(years of age|adult|age)\b/.test(t)) return 'age'
  if (/voluntar|agrees? to (participate|take part|an intake)|consents? to participat/.test(t)) return 'participation'
  return undefined
}

/** When to call, as far as the protocol says: staffed hours, and off-hours cover only if it defines some. */
function callLine(ctx: FormContext, protocol: Protocol, hours: string[]): string {
  const off = offHours(ctx, protocol)
  if (off.kind === 'always-staffed') return 'Staffed at all hours.'
  const staffed = `Staffed ${hours.join('; ')}.`
  if (off.kind === 'none') return `${staffed} The protocol sets no on-call coverage outside these hours.`
  return `${staffed} Off hours: ${off.sameNumber ? 'the same number' : off.phone} (on-call case manager).`
}
