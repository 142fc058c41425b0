/** The protocol booklet: the whole operational protocol, laid out for partners and trainers. */
import type {Protocol} from '../records/types.js'
import type {Block, FormDocument} from './document.js'
import {pageHeader, partnerName, type FormContext} from './form-context.js'
import {PATHWAY_NAMES, thresholdText, words} from './form-text.js'
import {leadPhone, protocolDate, requireCharges, requireCoverageHours} from './protocol-facts.js'

export function buildProtocolBooklet(ctx: FormContext, p: Protocol): FormDocument {
  requireCharges(p)
  const hours = requireCoverageHours(p)
  const phone = leadPhone(ctx, p)
  const blocks: Block[] = [
    {
      type: 'fields',
      columns: 2,
      rows: [
        {label: 'Version', value: `${p.version} (${p.id})`},
        {label: 'Status', value: words(p.status)},
        {label: 'Adopted', value: p.adopted?.date ? `${p.adopted.date}${p.adopted.by ? ` by the ${p.adopted.by.toUpperCase()}` : ''}` : 'not adopted'},
        {label: 'In force', value: `from ${p.effective.from}${p.effective.to ? ` to ${p.effective.to}` : ''}`},
        ...(p.supersedes ? [{label: 'Replaces', value: p.supersedes}] : []),
      ],
    },
  ]
  if (p.adopted?.note) blocks.push({type: 'paragraph', style: 'small', text: p.adopted.note})
  if (p.catchment?.length) {
    blocks.push({type: 'heading', level: 1, text: 'Catchment area'}, {type: 'table', columns: [{header: 'Area', width: 2}, {header: 'Districts', width: 3}], rows: p.catchment.map((c) => [c.name, (c.districts ?? []).join(', ')])})
  }
  blocks.push({type: 'heading', level: 1, text: 'Pathways'}, {type: 'list', items: p.pathways.map((x) => PATHWAY_NAMES[x])})
  blocks.push({type: 'heading', level: 1, text: 'Eligibility'})
  blocks.push({type: 'list', items: [`Minimum age: ${p.min_age ?? 18}.`, ...(p.criteria ?? [])]})
  blocks.push({type: 'heading', level: 1, text: 'Divertible charges'})
  blocks.push({
    type: 'table',
    columns: [
      {header: 'Code', width: 1.6},
      {header: 'Charge', width: 3},
      {header: 'Category', width: 1.2},
      {header: 'Max', width: 0.7},
      {header: 'Notes', width: 2.6},
    ],
    rows: p.divertible_charges.map((c) => [
      c.code,
      c.label,
      c.category ? words(c.category) : '',
      thresholdText(c),
      [c.pathways ? `Only: ${c.pathways.map((x) => PATHWAY_NAMES[x].toLowerCase()).join(', ')}.` : '', (c as {note?: string}).note ?? ''].filter(Boolean).join(' '),
    ]),
  })
  blocks.push({type: 'heading', level: 1, text: 'Exclusions'})
  blocks.push({type: 'table', columns: [{header: 'Presumptively ineligible when', width: 5}, {header: 'Override', width: 1.2}], rows: p.exclusions.map((e) => [e.text, e.overridable === false ? 'No' : 'With a reason'])})
  if (p.complainant_agreement_required !== undefined) {
    blocks.push({type: 'paragraph', text: p.complainant_agreement_required ? 'Where there is a complainant, the complainant must agree to the diversion.' : 'Complainant agreement is not required.'})
  }
  blocks.push({type: 'heading', level: 1, text: 'Deadlines and coverage'})
  blocks.push({
    type: 'fields',
    rows: [
      {label: 'Intake assessment', value: `within ${p.intake_deadline_days} days of the referral`},
      ...(p.social_contact_lookback_months ? [{label: 'Social contact evidence', value: `within the last ${p.social_contact_lookback_months} months`}] : []),
      ...(p.coverage.response_target_minutes ? [{label: 'Case manager response', value: `within ${p.coverage.response_target_minutes} minutes during staffed hours`}] : []),
      {label: 'LEAD line', value: phone},
      {label: 'Staffed hours', value: hours.join('; ')},
      ...(p.coverage.off_hours_phone ? [{label: 'Off hours', value: `${p.coverage.off_hours_phone} (on-call case manager)`}] : []),
      ...(p.caseload ? [{label: 'Caseload per case manager', value: [p.caseload.target && `target ${p.caseload.target}`, p.caseload.max && `maximum ${p.caseload.max}`].filter(Boolean).join(', ')}] : []),
    ],
  })
  const lists: Array<[string, string[] | undefined, boolean]> = [
    ['Referral methods', p.referral_methods, false],
    ['Prioritization when demand exceeds capacity', p.prioritization, true],
    ['Documentation', p.documentation, false],
  ]
  for (const [title, items, ordered] of lists) if (items?.length) blocks.push({type: 'heading', level: 1, text: title}, {type: 'list', ordered, items})
  if (p.duties?.length) {
    blocks.push({type: 'heading', level: 1, text: 'Duties of each partner'})
    for (const d of p.duties) blocks.push({type: 'heading', level: 2, text: partnerName(ctx, d.partner)}, {type: 'list', items: d.items})
  }
  return {
    form: 'protocol',
    title: p.title,
    subtitle: `Operational protocol, version ${p.version}`,
    header: pageHeader(ctx),
    footer: `Protocol ${p.id}`,
    date: protocolDate(p),
    page: 'document',
    blocks,
    sources: [],
  }
}
