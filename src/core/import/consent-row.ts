/**
 * One spreadsheet row → the data of one new consent (a release of information). Partner lists
 * ("harbor-pd; evergreen-case-management") become lists mapped item by item (--value
 * "disclosers:Harbor PD=harbor-pd"); what the schema and the consent rules judge (partner ids,
 * dates in order, an expiry stated) is left to validation of the whole batch.
 */
import type {RecordData} from '../records/load.js'
import type {RowReader} from '../tabular/index.js'
import {keyMaterialOf, rowValues, refusedRow, type ParsedRow, type RowContext} from './row-values.js'

/** What every consent states (consent.schema.json `required`, the ID aside): each from a column or --set. */
export const CONSENT_REQUIRED = ['participant', 'signed', 'disclosers', 'recipients', 'information', 'purpose'] as const

const MISSING_HINTS: Record<(typeof CONSENT_REQUIRED)[number], string> = {
  participant: 'a consent is about one participant: give their code (P-XXXXXX)',
  signed: 'every consent records the date the participant signed (YYYY-MM-DD)',
  disclosers: 'name the partners allowed to disclose (partner ids separated by ;)',
  recipients: 'name the partners allowed to receive (partner ids separated by ;)',
  information: 'write what may be disclosed as on the form, or give every row the same wording with --set "information=…"',
  purpose: 'write why it may be disclosed as on the form, or give every row the same wording with --set "purpose=…"',
}

/** Parse one row onto a copy of `constants` (the --set values every row shares). */
export function parseConsentRow(r: RowReader, constants: RecordData, ctx: RowContext): ParsedRow {
  const data = structuredClone(constants)
  const row = rowValues(r, data, ctx)
  for (const field of ['participant', 'expires_event', 'information', 'purpose', 'revocation_method', 'witness']) row.put(field, field)
  for (const field of ['signed', 'expires', 'revoked']) row.date(field, field)
  row.list('disclosers', 'disclosers')
  row.list('recipients', 'recipients')
  // A cell that is filled but unreadable (a date as 3/2/2026) has had its own error: it is not also empty.
  for (const field of CONSENT_REQUIRED) if (data[field] === undefined && row.text(field) === undefined) row.fail(field, 'MISSING_VALUE', `${field} is empty`, MISSING_HINTS[field])
  if (!row.ok) return refusedRow(data)
  const sorted = (v: unknown) => (Array.isArray(v) ? [...(v as string[])].sort().join(';') : '')
  return {data, keyMaterial: keyMaterialOf('consent\u0000', row.text('source_key'), [data.participant, data.signed, sorted(data.disclosers), sorted(data.recipients)])}
}
