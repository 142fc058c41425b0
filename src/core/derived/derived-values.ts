/**
 * Values computed from a record and the site, never stored: a referral's governing protocol,
 * intake due date and days left, handoff response minutes; a consent's or MOU's days to expiry;
 * a roster's officers by status; whether a protocol is the one in force.
 */
import {daysBetween, isIsoDate, type IsoDate} from '../clock/dates.js'
import {governingProtocol, intakeDueDate, protocolInForce, receivedDate} from '../referrals/protocol-in-force.js'
import type {Kind} from '../records/kinds.js'
import type {RecordData} from '../records/load.js'
import type {Consent, Mou, Protocol, Referral, Roster} from '../records/types.js'

export type Derived = Record<string, string | number | boolean | null | Record<string, number>>

/**
 * What a record's derived values read of the site besides the record: the protocols, for a
 * referral (the one governing it) and a protocol (the one in force). `lead show` loads nothing
 * else, and nothing at all for the other kinds.
 */
export function derivedReadsProtocols(kind: Kind): boolean {
  return kind === 'referral' || kind === 'protocol'
}

export interface DeriveContext {
  /** The site's readable protocols (only read when derivedReadsProtocols). */
  protocols: readonly Protocol[]
  timeZone?: string
  /** "Today" in the site's time zone. */
  asOf: IsoDate
}

export function deriveValues(kind: Kind, data: RecordData, ctx: DeriveContext): Derived {
  try {
    switch (kind) {
      case 'referral':
        return referralValues(data as unknown as Referral, ctx)
      case 'consent':
        return expiryValues((data as unknown as Consent).revoked ? undefined : (data as unknown as Consent).expires, ctx.asOf, {revoked: Boolean((data as unknown as Consent).revoked)})
      case 'mou':
        return expiryValues((data as unknown as Mou).effective?.to, ctx.asOf, {})
      case 'roster':
        return rosterValues(data as unknown as Roster)
      case 'protocol': {
        const inForce = protocolInForce(ctx.protocols, ctx.asOf)
        return {in_force: inForce?.id === data.id, protocol_in_force: inForce?.id ?? null}
      }
      default:
        return {}
    }
  } catch {
    // A record that does not match its schema yet has no trustworthy derived values.
    return {}
  }
}

function referralValues(r: Referral, ctx: DeriveContext): Derived {
  const out: Derived = {}
  if (typeof r.received !== 'string' || Number.isNaN(Date.parse(r.received))) return out
  const received = receivedDate(r, ctx.timeZone)
  out.received_date = received
  const protocol = governingProtocol(r, ctx.protocols, ctx.timeZone)
  out.protocol = protocol?.id ?? null
  if (protocol && typeof protocol.intake_deadline_days === 'number') {
    const due = intakeDueDate(r, protocol, ctx.timeZone)
    out.intake_due = due
    const completed = r.intake?.completed
    if (completed && isIsoDate(completed)) {
      out.intake_on_time = completed <= due
      out.intake_days_after_received = daysBetween(received, completed)
    } else {
      out.intake_days_left = daysBetween(ctx.asOf, due)
      out.intake_overdue = ctx.asOf > due
    }
    const target = protocol.coverage?.response_target_minutes
    if (typeof target === 'number') out.response_target_minutes = target
  }
  const arrived = r.handoff?.arrived
  if (arrived && !Number.isNaN(Date.parse(arrived))) {
    out.response_minutes = Math.round((Date.parse(arrived) - Date.parse(r.received)) / 60_000)
    if (typeof out.response_target_minutes === 'number') out.response_within_target = out.response_minutes <= out.response_target_minutes
  }
  return out
}

function expiryValues(expires: string | undefined, asOf: IsoDate, extra: Derived): Derived {
  const out: Derived = {...extra}
  if (expires && isIsoDate(expires)) {
    out.days_to_expiry = daysBetween(asOf, expires)
    out.expired = asOf > expires
  }
  return out
}

function rosterValues(r: Roster): Derived {
  const byStatus: Record<string, number> = {}
  for (const o of r.officers ?? []) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1
  return {officers: (r.officers ?? []).length, officers_by_status: byStatus, catchment_officers: (r.officers ?? []).filter((o) => o.catchment && o.status === 'active').length}
}
