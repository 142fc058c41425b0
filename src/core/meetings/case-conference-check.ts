/**
 * Whether the OWG may discuss a participant at a meeting: only while they have an open referral,
 * and only with partners a release of information in effect that day names (as a discloser or a
 * recipient). Every partner at the table is checked; one the consents do not name must step out
 * (`excused`) while the participant is discussed. Results name partners and consents, which the
 * site declared; a caller decides whether to repeat the participant's code.
 */
import type {IsoDate} from '../clock/dates.js'
import type {Consent, Protocol, Referral} from '../records/types.js'
import {stateOnDate} from '../referrals/state-on-date.js'

export type TableStatus = 'covered' | 'not_covered' | 'excused'

export interface PartnerCoverage {
  partner: string
  status: TableStatus
  /** The consent that names the partner (the one in effect longest, when several do). */
  consent?: string
  /** That consent's expiry date (absent when an event ends it instead: its text is not repeated). */
  until?: IsoDate
}

export interface ConferenceCheck {
  participant: string
  /** Referrals of the participant open on the date, oldest first. */
  openReferrals: string[]
  /** Consents of the participant in effect on the date. */
  consents: string[]
  partners: PartnerCoverage[]
  /** An open referral, and every partner at the table covered or excused. */
  ok: boolean
}

/** Signed on or before the date, not revoked on or before it, not expired before it. */
export function consentInEffect(c: Consent, date: IsoDate): boolean {
  return c.signed <= date && (c.revoked === undefined || c.revoked > date) && (c.expires === undefined || c.expires >= date)
}

/** Is the referral open on the date? The one rule capacity and status use (state-on-date.ts). */
export function referralOpenOn(r: Referral, date: IsoDate, protocols: readonly Protocol[], timeZone?: string): boolean {
  return stateOnDate(r, date, protocols, timeZone).open
}

export interface ConferenceInput {
  participant: string
  date: IsoDate
  /** Partner ids at the table (attendees'). */
  table: readonly string[]
  excused?: readonly string[]
  referrals: readonly Referral[]
  consents: readonly Consent[]
  protocols: readonly Protocol[]
  timeZone?: string
}

export function checkConference(input: ConferenceInput): ConferenceCheck {
  const {participant, date} = input
  const openReferrals = input.referrals
    .filter((r) => r.participant === participant && referralOpenOn(r, date, input.protocols, input.timeZone))
    .map((r) => r.id)
    .sort()
  const consents = input.consents.filter((c) => c.participant === participant && consentInEffect(c, date)).sort((a, b) => untilKey(b).localeCompare(untilKey(a)))
  const excused = new Set(input.excused ?? [])
  const partners: PartnerCoverage[] = input.table.map((partner) => {
    const named = consents.find((c) => c.disclosers.includes(partner) || c.recipients.includes(partner))
    const status: TableStatus = excused.has(partner) ? 'excused' : named ? 'covered' : 'not_covered'
    return {partner, status, ...(named ? {consent: named.id} : {}), ...(named?.expires ? {until: named.expires} : {})}
  })
  return {participant, openReferrals, consents: consents.map((c) => c.id), partners, ok: openReferrals.length > 0 && partners.every((p) => p.status !== 'not_covered')}
}

/** Consents that run longest first: no expiry date (an event ends them) before the latest date. */
function untilKey(c: Consent): string {
  return c.expires ?? '9999-12-31'
}
