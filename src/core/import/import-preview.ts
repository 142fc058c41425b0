/**
 * What an import may print about a referral or consent it creates or would create (the --dry-run table, the
 * JSON): the operational fields, each through the privacy gate (privacy/disclosable.ts) — a value
 * is shown only when it is one the site declared or lead defines, never a participant code, notes
 * or evidence, and never a value a row supplied that the site does not know (an undeclared
 * district, a charge on no protocol), which could be anything a person typed.
 */
import {printableOr, type PathStep} from '../privacy/disclosable.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'
import type {RecordData} from '../records/load.js'

export interface ImportPreview {
  received: string
  pathway: string
  /** Agency or partner, and badge. */
  referrer: string[]
  district: string
  charges: string[]
  status: string
}

/** The preview of a referral; every value shown is one the gate would print in any other output. */
export function previewOf(data: RecordData, vocabulary: SiteVocabulary): ImportPreview {
  const shown = (path: readonly PathStep[], v: unknown) => (typeof v === 'string' ? printableOr('referral', path, v, vocabulary) : '')
  const referrer = (data.referrer ?? {}) as Record<string, unknown>
  const by = referrer.agency !== undefined ? 'agency' : 'partner'
  return {
    received: shown(['received'], data.received),
    pathway: shown(['pathway'], data.pathway),
    referrer: [shown(['referrer', by], referrer[by]), shown(['referrer', 'badge'], referrer.badge)].filter(Boolean),
    district: shown(['district'], data.district),
    charges: Array.isArray(data.charges) ? data.charges.map((c, i) => shown(['charges', i], c)) : [],
    status: shown(['status'], data.status),
  }
}

export interface ConsentPreview {
  signed: string
  /** The date, or "on an event" when the consent ends on one (its wording is not shown). */
  expires: string
  revoked: string
  disclosers: string[]
  recipients: string[]
}

/** The preview of a consent: dates and partner ids (each through the gate), never the participant or the form's wording. */
export function consentPreviewOf(data: RecordData, vocabulary: SiteVocabulary): ConsentPreview {
  const shown = (path: readonly PathStep[], v: unknown) => (typeof v === 'string' ? printableOr('consent', path, v, vocabulary) : '')
  const partners = (field: 'disclosers' | 'recipients') => (Array.isArray(data[field]) ? (data[field] as unknown[]).map((p, i) => shown([field, i], p)) : [])
  return {
    signed: shown(['signed'], data.signed),
    expires: typeof data.expires === 'string' ? shown(['expires'], data.expires) : data.expires_event !== undefined ? 'on an event' : '',
    revoked: shown(['revoked'], data.revoked),
    disclosers: partners('disclosers'),
    recipients: partners('recipients'),
  }
}
