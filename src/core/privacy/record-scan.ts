/**
 * Scan a referral or consent record for participant identifiers: every string value, in any field,
 * including free text, except staff fields (names of staff are expected there) and the site's
 * opt-ins from lead.yaml `privacy.allow_identifiers`.
 */
import type {DataPath} from '../records/yaml-source.js'
import {scanText, type IdentifierMatch} from './identifiers.js'

export type ScannedKind = 'referral' | 'consent' | 'meeting'

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

export interface RecordFinding extends IdentifierMatch {
  path: DataPath
  /** The field path without indices, as lead.yaml allow_identifiers names it (e.g. referral.notes). */
  field: string
}

export interface RecordScanOptions {
  /** lead.yaml privacy.allow_identifiers: "referral.notes", "consent.information"... (a field and everything under it). */
  allow?: readonly string[]
  staffNames?: ReadonlySet<string>
}

function fieldName(path: DataPath): string {
  return path.filter((p) => typeof p === 'string').join('.')
}

function allowed(field: string, allow: readonly string[]): boolean {
  return allow.some((a) => field === a || field.startsWith(`${a}.`))
}

export function scanRecord(kind: ScannedKind, data: unknown, options: RecordScanOptions = {}): RecordFinding[] {
  const out: RecordFinding[] = []
  const allow = options.allow ?? []
  const staff = new Set(STAFF_FIELDS[kind])
  const dates = new Set(DATE_FIELDS[kind])
  const walk = (value: unknown, path: DataPath) => {
    if (typeof value === 'string') {
      const field = fieldName(path)
      if (allowed(`${kind}.${field}`, allow)) return
      const dateField = dates.has(field)
      for (const m of scanText(value, {dateField, staffNames: options.staffNames})) {
        if (m.code === 'PII_NAME' && staff.has(field)) continue
        out.push({...m, path, field: `${kind}.${field}`})
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, i]))
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k])
    }
  }
  walk(data, [])
  return out
}
