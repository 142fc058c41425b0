/**
 * Scan a referral or consent record for participant identifiers: every value and every key the
 * schema does not know, in any field, free text included — except values the site declared (a
 * declared district, a partner id, a staff name…: see disclosable.ts), names in staff fields, and
 * the fields lead.yaml `privacy.allow_identifiers` opts out (a warning on every run).
 */
import type {DataPath} from '../records/yaml-source.js'
import {disclosable, disclosableKey, fieldAt, type ParticipantKind} from './disclosable.js'
import {scanText, type IdentifierMatch} from './identifiers.js'
import type {SiteVocabulary} from './vocabulary.js'

export type ScannedKind = ParticipantKind

/** Fields that hold staff names (case managers, witnesses): not scanned for names. Paths without array indices. */
export const STAFF_FIELDS: Readonly<Record<ScannedKind, readonly string[]>> = {
  referral: ['handoff.case_manager'],
  consent: ['witness'],
  meeting: ['attendees.name', 'chair.name'],
}

/** Fields typed as dates or IDs by the schema: a date there is expected, not an identifier. */
export const DATE_FIELDS: Readonly<Record<ScannedKind, readonly string[]>> = {
  referral: ['id', 'received', 'evidence.date', 'handoff.arrived', 'intake.completed', 'prosecutor_review.date', 'closed', 'previous', 'consent'],
  consent: ['id', 'signed', 'expires', 'revoked'],
  // A meeting's business (decisions, agenda, actions, minutes) names dates as a matter of course;
  // a labelled birth date is still reported there. Case-conference notes get the full scan.
  meeting: ['id', 'date', 'case_conferences.last_contact', 'actions.due', 'actions.done', 'agenda.title', 'decisions.text', 'actions.text', 'notes'],
}

const setsOf = (lists: Readonly<Record<ScannedKind, readonly string[]>>): Record<ScannedKind, ReadonlySet<string>> => ({referral: new Set(lists.referral), consent: new Set(lists.consent), meeting: new Set(lists.meeting)})
const STAFF_SETS = setsOf(STAFF_FIELDS)
const DATE_SETS = setsOf(DATE_FIELDS)

export interface RecordFinding extends IdentifierMatch {
  path: DataPath
  /** The finding is in a key (the last step of path), not in a value. */
  inKey: boolean
  /** The field path without indices, as lead.yaml allow_identifiers names it (e.g. referral.notes). */
  field: string
}

export interface RecordScanOptions {
  /** lead.yaml privacy.allow_identifiers: "referral.notes", "consent.information"... (a field and everything under it). */
  allow?: readonly string[]
  staffNames?: ReadonlySet<string>
  /** Terms never reported (lead.yaml privacy.allow_terms, declared districts and catchments). */
  allowedTerms?: ReadonlySet<string>
  /** What the site declared: a declared value is never scanned. */
  vocabulary?: SiteVocabulary
}

function allowed(field: string, allow: readonly string[]): boolean {
  return allow.some((a) => field === a || field.startsWith(`${a}.`))
}

export function scanRecord(kind: ScannedKind, data: unknown, options: RecordScanOptions = {}): RecordFinding[] {
  const out: RecordFinding[] = []
  const allow = options.allow ?? []
  const staff = STAFF_SETS[kind]
  const dates = DATE_SETS[kind]
  const scan = (text: string, path: DataPath, inKey: boolean) => {
    const field = fieldAt(kind, path)
    if (allow.length > 0 && allowed(`${kind}.${field}`, allow)) return
    const dateField = !inKey && dates.has(field)
    for (const m of scanText(text, {dateField, staffNames: options.staffNames, allowedTerms: options.allowedTerms})) {
      if (m.code === 'PII_NAME' && !inKey && staff.has(field)) continue
      out.push({...m, path, inKey, field: `${kind}.${field}`})
    }
  }
  const walk = (value: unknown, path: DataPath) => {
    if (typeof value === 'string' || typeof value === 'number') {
      // A value of the site's closed vocabulary is not an identifier; anything else is read.
      if (!disclosable(kind, path, value, options.vocabulary)) scan(String(value), path, false)
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, i]))
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (!disclosableKey(kind, path, k)) scan(k, [...path, k], true)
        walk(v, [...path, k])
      }
    }
  }
  walk(data, [])
  return out
}
