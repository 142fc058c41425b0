/**
 * `lead import referrals FILE`: a spreadsheet or police export → new referrals (record-import.ts
 * does the import). What is the referral's own: charges read as the protocol's codes (a charge no
 * protocol lists refuses the row), participant codes minted when the file has none, the ID from
 * the local received date.
 */
import {mintParticipantCode} from '../records/id-minting.js'
import type {RecordData} from '../records/load.js'
import type {Site} from '../site.js'
import {scanText} from '../privacy/identifiers.js'
import {receivedDate} from '../referrals/protocol-in-force.js'
import {REFERRAL_FIELD_TARGETS, REFERRAL_FIELD_VALUES, REFERRAL_IMPORT_FIELDS} from './import-fields.js'
import {previewOf, type ImportPreview} from './import-preview.js'
import {parseReferralRow} from './referral-row.js'
import {unknownStaff} from './import-findings.js'
import {importRecords, type ImportKind, type ImportedRow, type RecordImportOptions, type RecordImportResult} from './record-import.js'

export type ReferralImportOptions = RecordImportOptions
export type ReferralImportResult = RecordImportResult<ImportPreview>
export type {ImportedRow}

export const REFERRAL_IMPORT: ImportKind<ImportPreview> = {
  kind: 'referral',
  fields: REFERRAL_IMPORT_FIELDS,
  targets: REFERRAL_FIELD_TARGETS,
  written: REFERRAL_FIELD_VALUES,
  parseRow: parseReferralRow,
  headerExample: 'Report No,Arrest Date,Arrest Time,Offense,Beat,Badge',
  participantHint: 'leave this column out (--map participant= a column of P- codes, or none: lead mints a new code per row) and keep identities in the case-management system',
  setExample: '--set pathway=arrest_diversion --set referrer.agency=harbor-pd',
  identity: 'time, referrer, district, charges and participant',
  // Every referral needs a time received, but from one cell or two: the row parser says which is empty.
  required: [],
  prepare(records, vocabulary) {
    const usedCodes = new Set<string>()
    for (const k of ['referral', 'consent'] as const) for (const d of records.dataOf(k)) if (typeof d.participant === 'string') usedCodes.add(d.participant)
    // A charge no protocol lists is almost always an export's own code that needs a --value map.
    const knownCharges = vocabulary.charges
    const chargeCode = statuteReader(knownCharges)
    return (data: RecordData) => {
      if (Array.isArray(data.charges)) data.charges = [...new Set((data.charges as string[]).map(chargeCode))]
      const unknown = ((data.charges as string[] | undefined) ?? []).filter((c) => !knownCharges.has(c))
      // Every status: a charge is printed and committed only as a declared code, so an ineligible row's too.
      if (unknown.length > 0) {
        return {field: 'charges', code: 'UNKNOWN_CHARGE', message: `${unknown.length === 1 ? 'a charge' : `${unknown.length} charges`} in this cell ${unknown.length === 1 ? 'is' : 'are'} on no protocol's divertible list (the cell is not shown: it is not a code the site declared)`, hint: 'map the export\'s code to the statute the protocol lists (--value "charges:EXPORT CODE=RCW …"); a charge no protocol lists is not a code the site declared, so it cannot be recorded: add it to a protocol first'}
      }
      const staff = unknownStaff('referral', ['handoff', 'case_manager'], 'case_manager', (data.handoff as RecordData | undefined)?.case_manager, vocabulary)
      if (staff) return staff
      if (typeof data.participant !== 'string') {
        // A random code can spell what the privacy scan reads as a name label ("P-AKAMW4": "AKA MW");
        // about one in 20,000 does, which an import of thousands would hit: such codes are passed over.
        data.participant = mintParticipantCode((c) => usedCodes.has(c) || scanText(c).length > 0)
        usedCodes.add(data.participant as string)
      }
      return undefined
    }
  },
  idDate: (data, timeZone) => (typeof data.received === 'string' ? receivedDate({received: data.received}, timeZone) : undefined),
  preview: previewOf,
}

export function importReferrals(site: Site, options: ReferralImportOptions): Promise<ReferralImportResult> {
  return importRecords(site, REFERRAL_IMPORT, options)
}

/**
 * Exports often write a charge as its statute followed by text ("RCW 9A.56.050 THEFT 3RD DEGREE"):
 * such an item is read as the declared code it starts with (the longest, ending at a space or
 * punctuation, so RCW 69.50.401 never takes RCW 69.50.4013). Anything else is left as it is.
 */
export function statuteReader(known: ReadonlySet<string>): (item: string) => string {
  const codes = [...known].sort((a, b) => b.length - a.length).map((code) => ({code, upper: code.toUpperCase()}))
  return (item) => {
    if (known.has(item)) return item
    const upper = item.toUpperCase()
    const hit = codes.find((c) => upper.startsWith(c.upper) && (upper.length === c.upper.length || /[\s,:;()–—-]/.test(upper[c.upper.length]!)))
    return hit?.code ?? item
  }
}
