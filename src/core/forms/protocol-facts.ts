/** Protocol facts several forms print, each checked so a form never goes out with a blank where it matters. */
import type {Protocol} from '../records/types.js'
import {MissingFormData, type FormContext} from './form-context.js'
import {coverageLines} from './form-text.js'

/** The number officers call: lead.yaml `referral_phone`, else the protocol's off-hours phone. */
export function leadPhone(ctx: FormContext, protocol: Protocol): string {
  const phone = ctx.referralPhone ?? protocol.coverage?.off_hours_phone
  if (!phone) {
    throw new MissingFormData('lead', 'lead.yaml', ['referral_phone'], 'no LEAD phone number: lead.yaml has no referral_phone and the protocol no coverage.off_hours_phone', 'add referral_phone: "+1-…" to lead.yaml')
  }
  return phone
}

export function requireCharges(protocol: Protocol): void {
  if (!protocol.divertible_charges?.length) {
    throw new MissingFormData('protocol', protocol.id, ['divertible_charges'], `protocol ${protocol.id} lists no divertible charges`, 'add the charges the PCG adopted under divertible_charges')
  }
}

export function requireCoverageHours(protocol: Protocol): string[] {
  const lines = coverageLines(protocol.coverage?.hours)
  if (lines.length === 0) {
    throw new MissingFormData('protocol', protocol.id, ['coverage'], `protocol ${protocol.id} has no case-manager coverage hours`, 'add coverage.hours (days, from, to) to the protocol')
  }
  return lines
}

/** "Version 2 (2026-v2), in force from 2026-03-01" */
export function protocolLabel(protocol: Protocol): string {
  const to = protocol.effective.to ? ` to ${protocol.effective.to}` : ''
  return `Protocol version ${protocol.version} (${protocol.id}), in force from ${protocol.effective.from}${to}`
}

/** The date a protocol's forms carry: its adoption, else its start. */
export function protocolDate(protocol: Protocol): string {
  return protocol.adopted?.date ?? protocol.effective.from
}
