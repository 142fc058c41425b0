/** The officer's pocket card: what is divertible (with thresholds), what excludes, whom to call and when. */
import type {Protocol} from '../records/types.js'
import type {FormDocument} from './document.js'
import {pageHeader, type FormContext} from './form-context.js'
import {PATHWAY_NAMES, thresholdText} from './form-text.js'
import {leadPhone, offHours, overThresholdRule, protocolDate, requireCharges, requireCoverageHours} from './protocol-facts.js'

export function buildPocketCard(ctx: FormContext, protocol: Protocol): FormDocument {
  requireCharges(protocol)
  const hours = requireCoverageHours(protocol)
  const phone = leadPhone(ctx, protocol)
  const off = offHours(ctx, protocol)
  const offLine =
    off.kind === 'always-staffed' ? 'staffed at all hours' : off.kind === 'on-call' ? `${off.phone} (${off.sameNumber ? 'same number, ' : ''}on-call case manager)` : `none set in protocol ${protocol.id}`
  const notes = protocol.divertible_charges.flatMap((c) => ((c as {note?: string}).note ? [`${c.code}: ${(c as {note?: string}).note}`] : []))
  const rules = [
    ...(protocol.min_age !== undefined ? [`${protocol.min_age} or older.`] : []),
    ...(protocol.complainant_agreement_required ? ['The complainant must agree, where there is one.'] : []),
    `Intake within ${protocol.intake_deadline_days} days of the referral.`,
    `Pathways: ${protocol.pathways.map((p) => PATHWAY_NAMES[p]).join(', ')}.`,
  ]
  return {
    form: 'pocket-card',
    title: 'LEAD pocket card',
    header: pageHeader(ctx),
    // The version and start date sit in the footer of both sides: the front's room is for the charges.
    footer: `Protocol v${protocol.version} (${protocol.id}) · from ${protocol.effective.from}${protocol.effective.to ? ` to ${protocol.effective.to}` : ''}`,
    date: protocolDate(protocol),
    page: 'card',
    blocks: [
      {
        type: 'fields',
        rows: [
          {label: 'LEAD line', value: phone},
          {label: 'Staffed', value: hours.join('; ')},
          {label: 'Off hours', value: offLine},
          ...(protocol.coverage.response_target_minutes ? [{label: 'On scene', value: `case manager within ${protocol.coverage.response_target_minutes} min`}] : []),
        ],
      },
      {type: 'heading', level: 2, text: 'Divertible charges'},
      {
        type: 'table',
        columns: [
          {header: 'Code', width: 3},
          {header: 'Charge', width: 5.8},
          {header: 'Max', width: 1.4},
        ],
        // Notes go on the back, so the front holds the whole list.
        rows: protocol.divertible_charges.map((c) => {
          const only = c.pathways ? ` (${c.pathways.map((p) => PATHWAY_NAMES[p].toLowerCase()).join(', ')} only)` : ''
          return [c.code, `${c.label}${only}${(c as {note?: string}).note ? ' *' : ''}`, thresholdText(c)]
        }),
      },
      {type: 'paragraph', style: 'small', text: `Any other charge: not divertible.${overThresholdRule(protocol, true) ? ` ${overThresholdRule(protocol, true)}` : ''}${notes.length ? ' * See the back.' : ''}`},
      // Front: whom to call and what is divertible; back: what excludes.
      {type: 'page-break'},
      {type: 'heading', level: 2, text: 'Exclusions'},
      {type: 'list', items: protocol.exclusions.map((e) => `${e.text}${e.overridable === false ? ' (no override)' : ''}`)},
      ...(notes.length ? [{type: 'heading' as const, level: 2 as const, text: '* Charge notes'}, {type: 'list' as const, items: notes}] : []),
      {type: 'heading', level: 2, text: 'Also'},
      {type: 'list', items: rules},
    ],
    sources: [],
  }
}
