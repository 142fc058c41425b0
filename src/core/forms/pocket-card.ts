/** The officer's pocket card: what is divertible (with thresholds), what excludes, whom to call and when. */
import type {Protocol} from '../records/types.js'
import type {FormDocument} from './document.js'
import {pageHeader, type FormContext} from './form-context.js'
import {PATHWAY_NAMES, thresholdText} from './form-text.js'
import {leadPhone, protocolDate, requireCharges, requireCoverageHours} from './protocol-facts.js'

export function buildPocketCard(ctx: FormContext, protocol: Protocol): FormDocument {
  requireCharges(protocol)
  const hours = requireCoverageHours(protocol)
  const phone = leadPhone(ctx, protocol)
  const offHours = protocol.coverage.off_hours_phone
  const sameNumber = offHours === undefined || offHours === phone
  const rules = [
    `${protocol.min_age ?? 18} or older.`,
    ...(protocol.complainant_agreement_required ? ['The complainant must agree, where there is one.'] : []),
    `Intake within ${protocol.intake_deadline_days} days of the referral.`,
    `Pathways: ${protocol.pathways.map((p) => PATHWAY_NAMES[p]).join(', ')}.`,
  ]
  return {
    form: 'pocket-card',
    title: 'LEAD pocket card',
    subtitle: `Protocol v${protocol.version} (${protocol.id}) · from ${protocol.effective.from}${protocol.effective.to ? ` to ${protocol.effective.to}` : ''}`,
    header: pageHeader(ctx),
    footer: `Protocol ${protocol.id}`,
    date: protocolDate(protocol),
    page: 'card',
    blocks: [
      {
        type: 'fields',
        rows: [
          {label: 'LEAD line', value: phone},
          {label: 'Staffed', value: hours.join('; ')},
          {label: 'Off hours', value: sameNumber ? `${phone} (same number, on-call case manager)` : `${offHours} (on-call case manager)`},
          ...(protocol.coverage.response_target_minutes ? [{label: 'On scene', value: `case manager within ${protocol.coverage.response_target_minutes} min`}] : []),
        ],
      },
      {type: 'heading', level: 2, text: 'Divertible charges'},
      {
        type: 'table',
        columns: [
          {header: 'Code', width: 3.2},
          {header: 'Charge', width: 5.6},
          {header: 'Max', width: 1.4},
        ],
        rows: protocol.divertible_charges.map((c) => {
          const only = c.pathways ? ` (${c.pathways.map((p) => PATHWAY_NAMES[p].toLowerCase()).join(', ')} only)` : ''
          const note = (c as {note?: string}).note
          return [c.code, `${c.label}${only}${note ? `. ${note}` : ''}`, thresholdText(c)]
        }),
      },
      {type: 'paragraph', style: 'small', text: 'Any other charge: not divertible. Over the max: excluded unless overridden.'},
      // Front: whom to call and what is divertible; back: what excludes.
      {type: 'page-break'},
      {type: 'heading', level: 2, text: 'Exclusions'},
      {type: 'list', items: protocol.exclusions.map((e) => `${e.text}${e.overridable === false ? ' (no override)' : ''}`)},
      {type: 'heading', level: 2, text: 'Also'},
      {type: 'list', items: rules},
    ],
    sources: [],
  }
}
