/**
 * `lead import consents FILE`: a case-management provider's release-of-information log → new
 * consents (record-import.ts does the import). What is the consent's own: its participant must be
 * one the site already has — a consent is about a person referred into LEAD, so a code no referral
 * carries is almost always mistyped and refuses the row — and its ID carries the date signed.
 */
import type {Site} from '../site.js'
import {CONSENT_FIELD_TARGETS, CONSENT_IMPORT_FIELDS} from './import-fields.js'
import {consentPreviewOf, type ConsentPreview} from './import-preview.js'
import {CONSENT_REQUIRED, parseConsentRow} from './consent-row.js'
import {unknownStaff} from './import-findings.js'
import {importRecords, type ImportKind, type RecordImportOptions, type RecordImportResult} from './record-import.js'

export type ConsentImportResult = RecordImportResult<ConsentPreview>

export const CONSENT_IMPORT: ImportKind<ConsentPreview> = {
  kind: 'consent',
  fields: CONSENT_IMPORT_FIELDS,
  targets: CONSENT_FIELD_TARGETS,
  parseRow: parseConsentRow,
  headerExample: 'Form No,Participant,Date Signed,Expires,Disclosers,Recipients',
  participantHint: 'read the participant from a column of their P- codes (--map participant=COLUMN) and keep identities in the case-management system',
  setExample: '--set "purpose=Coordinating LEAD case management" --set "expires_event=End of LEAD participation"',
  identity: 'participant, date signed, disclosers and recipients',
  required: CONSENT_REQUIRED,
  prepare(records, vocabulary) {
    const referred = new Set<string>()
    for (const d of records.dataOf('referral')) if (typeof d.participant === 'string') referred.add(d.participant)
    return (data) => {
      if (!referred.has(data.participant as string)) {
        return {field: 'participant', code: 'UNKNOWN_PARTICIPANT', message: 'no referral in the site has this participant code (the code is not shown)', hint: 'a consent is about a participant already referred: check the code against the case-management system, or import their referral first (lead import referrals)'}
      }
      return unknownStaff('consent', ['witness'], 'witness', data.witness, vocabulary)
    }
  },
  // A revocation, or a new end, recorded by the provider after the consent was imported.
  changedSince: (record, row) => ['revoked', 'expires'].filter((f) => row[f] !== undefined && row[f] !== record[f]),
  idDate: (data) => (typeof data.signed === 'string' ? data.signed : undefined),
  preview: consentPreviewOf,
}

export function importConsents(site: Site, options: RecordImportOptions): Promise<ConsentImportResult> {
  return importRecords(site, CONSENT_IMPORT, options)
}
