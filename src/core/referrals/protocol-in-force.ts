/**
 * Which protocol version governs: the one in force on a date, and the one a referral is judged
 * under. Every command (eligibility, validation, forms, status, volume, prompts) asks here, so
 * they can never disagree. Referrals are judged under the protocol in force on the day they were
 * received (in the site's time zone), never simply the newest one.
 */
import {addDays, localDateOfTimestamp, type IsoDate} from '../clock/dates.js'
import type {Protocol, Referral} from '../records/types.js'
import type {DataPath} from '../records/yaml-source.js'
import {shown} from '../privacy/disclosable.js'

/** Whether `date` lies in the protocol's effective range (tolerates a protocol that fails its schema). */
function covers(p: Protocol, date: IsoDate): boolean {
  const from = p.effective?.from
  return typeof from === 'string' && from <= date && (p.effective.to === undefined || date <= p.effective.to)
}

/** Adopted (or since superseded) versions whose effective range holds `date`; drafts never govern. */
export function protocolsInForce(protocols: readonly Protocol[], date: IsoDate): Protocol[] {
  return protocols.filter((p) => p.status !== 'draft' && covers(p, date))
}

/** The protocol in force on `date`. */
export function protocolInForce(protocols: readonly Protocol[], date: IsoDate): Protocol | undefined {
  // Overlaps are a validation error; if they exist anyway, the latest version wins.
  return protocolsInForce(protocols, date).sort((a, b) => b.version - a.version || (a.id < b.id ? 1 : -1))[0]
}

/** The local calendar day a referral was received, in the site's time zone. */
export function receivedDate(referral: Pick<Referral, 'received'>, timeZone?: string): IsoDate {
  return localDateOfTimestamp(referral.received, timeZone)
}

/** The protocol that governs a referral, or why none does (eligibility prints this as its first step). */
export interface ProtocolChoice {
  protocol?: Protocol
  /** The date received, in the site's time zone. */
  date: IsoDate
  message: string
  /** Set when no protocol governs. */
  code?: 'UNKNOWN_PROTOCOL' | 'PROTOCOL_NOT_ADOPTED' | 'PROTOCOL_NOT_IN_FORCE' | 'NO_PROTOCOL_IN_FORCE'
  hint?: string
  /** The referral field the choice rests on. */
  path: DataPath
}

/**
 * The protocol that governs a referral: the version in force on the day it was received. A
 * referral may name its protocol, but only the one in force then: naming a draft, an unknown
 * version, or one not in force on that day governs nothing (the referral is invalid), rather than
 * silently judging it under other deadlines and charges.
 */
export function chooseGoverningProtocol(referral: Pick<Referral, 'received' | 'protocol'>, protocols: readonly Protocol[], timeZone?: string): ProtocolChoice {
  const date = receivedDate(referral, timeZone)
  const inForce = protocolInForce(protocols, date)
  const range = (p: Protocol) => `effective ${p.effective?.from} to ${p.effective?.to ?? 'open'}`
  if (referral.protocol) {
    const path = ['protocol']
    const named = protocols.find((p) => p.id === referral.protocol)
    if (!named) {
      // Not a protocol of the site, so outside its vocabulary: never printed (it may be anything).
      return {date, path, code: 'UNKNOWN_PROTOCOL', message: `the referral names protocol ${shown('referral', path, referral.protocol)}, which does not exist`, hint: 'see `lead list protocol`'}
    }
    if (named.status === 'draft') {
      return {date, path, code: 'PROTOCOL_NOT_ADOPTED', message: `protocol ${named.id} is a draft; a referral is judged under an adopted protocol`, hint: inForce ? `${inForce.id} was in force on ${date}: name it, or remove the protocol field` : 'adopt the protocol (status: adopted, adopted.date) or remove the protocol field'}
    }
    if (!covers(named, date)) {
      return {date, path, code: 'PROTOCOL_NOT_IN_FORCE', message: `protocol ${named.id} was not in force on ${date} (${range(named)})${inForce ? `; ${inForce.id} was` : ''}`, hint: inForce ? `set protocol: "${inForce.id}", or remove the field to use the version in force` : "check the received date and the protocol's effective range"}
    }
    return {protocol: named, date, path, message: `${named.id} (version ${named.version}), named by the referral and in force on ${date} (${range(named)})`}
  }
  const path = ['received']
  if (!inForce) {
    const draft = protocols.find((p) => p.status === 'draft' && covers(p, date))
    return {date, path, code: 'NO_PROTOCOL_IN_FORCE', message: `no adopted protocol was in force on ${date}, the date received`, hint: draft ? `protocol ${draft.id} covers that date but is a draft: adopt it (status: adopted with adopted.date)` : 'check the received date, or add the protocol version that applied then'}
  }
  return {protocol: inForce, date, path, message: `${inForce.id} (version ${inForce.version}) was in force on ${date}, the date received (${range(inForce)})`}
}

/** The protocol that governs a referral (see chooseGoverningProtocol), or undefined when none does. */
export function governingProtocol(referral: Pick<Referral, 'received' | 'protocol'>, protocols: readonly Protocol[], timeZone?: string): Protocol | undefined {
  return chooseGoverningProtocol(referral, protocols, timeZone).protocol
}

/** Intake due date = received + the protocol's intake deadline (calendar days). */
export function intakeDueDate(referral: Referral, protocol: Protocol, timeZone?: string): IsoDate {
  return addDays(receivedDate(referral, timeZone), protocol.intake_deadline_days)
}
