/** Protocol facts several forms print, each checked so a form never goes out with a blank where it matters. */
import type {Protocol} from '../records/types.js'
import {MissingFormData, type FormContext} from './form-context.js'
import {coverageLines} from './form-text.js'
import {OVER_THRESHOLD_EXCLUSION} from '../referrals/eligibility.js'

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

/** What the protocol says about calls outside staffed hours; forms promise nothing it does not. */
export type OffHours = {kind: 'always-staffed'} | {kind: 'on-call'; phone: string; sameNumber: boolean} | {kind: 'none'}

export function offHours(ctx: FormContext, protocol: Protocol): OffHours {
  const hours = protocol.coverage?.hours ?? []
  const days = new Set(hours.filter((h) => h.from === '00:00' && (h.to === '24:00' || h.to === '23:59')).flatMap((h) => h.days))
  if (days.size === 7) return {kind: 'always-staffed'}
  const phone = protocol.coverage?.off_hours_phone
  if (!phone) return {kind: 'none'}
  return {kind: 'on-call', phone, sameNumber: phone === (ctx.referralPhone ?? phone)}
}

/** The rule for a quantity over a charge's maximum, as the protocol sets it (or "" when no charge has one). */
export function overThresholdRule(protocol: Protocol, short = false): string {
  if (!protocol.divertible_charges.some((c) => c.max_quantity !== undefined)) return ''
  const exclusion = protocol.exclusions.find((e) => e.id === OVER_THRESHOLD_EXCLUSION)
  const waivable = exclusion !== undefined && exclusion.overridable !== false
  if (short) return waivable ? 'Over the max: excluded unless overridden.' : 'Over the max: not divertible.'
  return waivable ? 'A quantity over the listed maximum is an exclusion unless overridden with a reason.' : 'A quantity over the listed maximum makes the charge not divertible.'
}
