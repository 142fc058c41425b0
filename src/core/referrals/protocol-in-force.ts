/**
 * Which protocol version governs a date: referrals are judged under the protocol in force on the
 * day they were received (in the site's time zone), never simply the newest one.
 */
import {addDays, localDate, type IsoDate} from '../dates.js'
import type {Protocol, Referral} from '../records/types.js'

/** Adopted (or since superseded) versions whose effective range holds `date`; drafts never govern. */
export function protocolsInForce(protocols: readonly Protocol[], date: IsoDate): Protocol[] {
  return protocols.filter((p) => p.status !== 'draft' && p.effective.from <= date && (p.effective.to === undefined || date <= p.effective.to))
}

export function protocolInForce(protocols: readonly Protocol[], date: IsoDate): Protocol | undefined {
  // Overlaps are a validation error; if they exist anyway, the latest version wins.
  return protocolsInForce(protocols, date).sort((a, b) => b.version - a.version || (a.id < b.id ? 1 : -1))[0]
}

/** The local calendar day a referral was received, in the site's time zone. */
export function receivedDate(referral: Pick<Referral, 'received'>, timeZone?: string): IsoDate {
  return localDate(new Date(referral.received), timeZone)
}

/** The protocol that governs a referral: the one it names, else the one in force when received. */
export function governingProtocol(referral: Referral, protocols: readonly Protocol[], timeZone?: string): Protocol | undefined {
  if (referral.protocol) return protocols.find((p) => p.id === referral.protocol)
  return protocolInForce(protocols, receivedDate(referral, timeZone))
}

/** Intake due date = received + the protocol's intake deadline (calendar days). */
export function intakeDueDate(referral: Referral, protocol: Protocol, timeZone?: string): IsoDate {
  return addDays(receivedDate(referral, timeZone), protocol.intake_deadline_days)
}
