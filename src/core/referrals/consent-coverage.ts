/**
 * Whether the consent a referral names covers it: the same participant's, signed on or before the
 * received date, not revoked and not expired on that date.
 */
import type {IsoDate} from '../clock/dates.js'
import type {Consent, Referral} from '../records/types.js'
import {shown} from '../privacy/disclosable.js'

export interface ConsentProblem {
  code: 'CONSENT_OTHER_PARTICIPANT' | 'CONSENT_NOT_YET_SIGNED' | 'CONSENT_REVOKED' | 'CONSENT_EXPIRED'
  message: string
  hint: string
}

export interface ConsentCoverage {
  id: string
  /** False when the consent record does not exist (the references rule reports it). */
  found: boolean
  covers: boolean
  signed?: IsoDate
  expires?: IsoDate
  expiresEvent?: string
  revoked?: IsoDate
  problems: ConsentProblem[]
}

export function consentCoverage(referral: Referral, consent: Consent | undefined, onDate: IsoDate): ConsentCoverage | undefined {
  if (!referral.consent) return undefined
  if (!consent) return {id: referral.consent, found: false, covers: false, problems: []}
  const problems: ConsentProblem[] = []
  // Ids, participant codes and dates of valid records: printable in their minted and dated forms only.
  const id = shown('referral', ['consent'], consent.id)
  const signed = shown('consent', ['signed'], consent.signed)
  if (consent.participant !== referral.participant) {
    problems.push({code: 'CONSENT_OTHER_PARTICIPANT', message: `consent ${id} is for participant ${shown('consent', ['participant'], consent.participant)}, not ${shown('referral', ['participant'], referral.participant)}`, hint: 'name a consent signed by this participant'})
  }
  if (consent.signed > onDate) {
    problems.push({code: 'CONSENT_NOT_YET_SIGNED', message: `consent ${id} was signed on ${signed}, after the referral date ${onDate}`, hint: 'a consent covers referrals from its signature date on'})
  }
  if (consent.revoked !== undefined && consent.revoked <= onDate) {
    problems.push({code: 'CONSENT_REVOKED', message: `consent ${id} was revoked on ${shown('consent', ['revoked'], consent.revoked)}, on or before the referral date ${onDate}`, hint: 'a revoked consent covers nothing after revocation; record a new consent if the participant signed one'})
  }
  if (consent.expires !== undefined && consent.expires < onDate) {
    problems.push({code: 'CONSENT_EXPIRED', message: `consent ${id} expired on ${shown('consent', ['expires'], consent.expires)}, before the referral date ${onDate}`, hint: 'record the new consent the participant signed, and name it here'})
  }
  return {
    id: consent.id,
    found: true,
    covers: problems.length === 0,
    signed: consent.signed,
    expires: consent.expires,
    expiresEvent: consent.expires_event,
    revoked: consent.revoked,
    problems,
  }
}
