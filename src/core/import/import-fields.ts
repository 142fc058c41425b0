/**
 * The columns `lead import referrals` and `lead import consents` understand: each import field,
 * the header spellings it is recognised by (reduced by headerKey, best first), what kind of value
 * it holds, and the record field it fills (where a validation finding points back to). `--map
 * FIELD=Header` names any other column.
 */
import type {FieldSpec} from '../tabular/index.js'

export type ImportValueKind = 'text' | 'code' | 'date' | 'datetime' | 'clock' | 'boolean' | 'number' | 'list'

export interface ImportField extends FieldSpec {
  kind: ImportValueKind
  /** What it fills, for --help and the docs. */
  fills: string
}

const field = (name: string, kind: ImportValueKind, fills: string, headers: ImportField['headers'], extra: Partial<FieldSpec> = {}): ImportField => ({name, kind, fills, headers, ...extra})

export const REFERRAL_IMPORT_FIELDS: readonly ImportField[] = [
  field('received', 'datetime', 'received (date and time in one cell)', ['received', 'receivedat', 'datetimereceived', 'referraldatetime', 'arrestdatetime', 'incidentdatetime', 'datetime']),
  field('received_date', 'date', 'received (the date, with received_time)', ['receiveddate', 'referraldate', 'arrestdate', 'incidentdate', 'date']),
  field('received_time', 'clock', 'received (the time of day, with received_date)', ['receivedtime', 'referraltime', 'arresttime', 'incidenttime', 'time']),
  field('pathway', 'code', 'pathway', ['pathway', 'referralpathway', 'referraltype']),
  field('agency', 'code', 'referrer.agency', ['agency', 'referringagency', 'department']),
  field('badge', 'code', 'referrer.badge', ['badge', 'badgenumber', 'badgeno', 'officerbadge', 'star', 'starnumber', 'serial'], {wholeNumber: true}),
  field('partner', 'code', 'referrer.partner (community referrals)', ['partner', 'communitypartner', 'referringpartner']),
  field('district', 'code', 'district', ['district', 'beat', 'precinct', 'sector', 'communityarea']),
  field('catchment', 'code', 'catchment', ['catchment', 'catchmentzone']),
  field('participant', 'code', 'participant (a pseudonymous code P-XXXXXX; minted when there is no such column)', ['participant', 'participantcode', 'pseudonym']),
  field('charges', 'list', 'charges (codes separated by ; , or |)', ['charges', 'charge', 'chargecode', 'chargecodes', 'statute', 'offensecode', 'offense', 'offence']),
  field('evidence_date', 'date', 'evidence[0].date (a social contact: when the conduct it rests on happened)', ['evidencedate', 'priorcontactdate', 'conductdate']),
  field('evidence', 'text', 'evidence[0].description (what happened, in operational terms; scanned like notes)', ['evidence', 'priorcontact', 'conduct']),
  field('quantity', 'number', 'quantity.amount', ['quantity', 'qty', 'qtyg', 'amount', 'weight', 'grams']),
  field('unit', 'code', 'quantity.unit', ['unit', 'quantityunit']),
  field('age_ok', 'boolean', 'screening.age_ok', ['ageok', 'meetsminimumage', 'adult']),
  field('criteria_met', 'boolean', 'screening.criteria_met', ['criteriamet', 'meetscriteria']),
  field('has_complainant', 'boolean', 'screening.has_complainant', ['hascomplainant', 'complainant']),
  field('complainant_agrees', 'boolean', 'screening.complainant_agrees', ['complainantagrees', 'complainantagreed']),
  field('exclusions_hit', 'list', 'screening.exclusions_hit (exclusion ids; "none" records that none applies)', ['exclusionshit', 'exclusions']),
  field('consent_to_participate', 'boolean', 'screening.consent_to_participate', ['consenttoparticipate', 'agreedtoparticipate', 'optedin']),
  field('handoff_method', 'code', 'handoff.method', ['handoffmethod', 'handoff']),
  field('case_manager', 'text', 'handoff.case_manager (staff)', ['casemanager']),
  field('arrived', 'datetime', 'handoff.arrived', ['arrived', 'casemanagerarrived', 'arrivaltime']),
  field('intake_completed', 'date', 'intake.completed', ['intakecompleted', 'intakedate', 'intake']),
  field('prosecutor_decision', 'code', 'prosecutor_review.decision', ['prosecutordecision', 'prosecutorreview']),
  field('prosecutor_date', 'date', 'prosecutor_review.date', ['prosecutordecisiondate', 'prosecutordate']),
  field('status', 'code', 'status', ['status', 'referralstatus', 'outcome']),
  field('closed', 'date', 'closed', ['closed', 'closeddate', 'dateclosed']),
  field('notes', 'text', 'notes (scanned for names and other identifiers like every referral)', ['notes', 'note', 'comments']),
  field('source_key', 'text', 'import_key: the row\'s key in the source (a case or report number), kept only as a keyed hash', ['casenumber', 'caseno', 'reportnumber', 'reportno', 'rdnumber', 'incidentnumber', 'recordid', 'sourceid']),
]

export const REFERRAL_FIELD_NAMES: readonly string[] = REFERRAL_IMPORT_FIELDS.map((f) => f.name)

/** The referral field (top level, or screening/quantity/… child) an import field fills: where a finding in the record points back to. */
export const REFERRAL_FIELD_TARGETS: Readonly<Record<string, string>> = {
  received: 'received', received_date: 'received', received_time: 'received', pathway: 'pathway', agency: 'referrer.agency', badge: 'referrer.badge', partner: 'referrer.partner',
  district: 'district', catchment: 'catchment', participant: 'participant', charges: 'charges', evidence_date: 'evidence', evidence: 'evidence', quantity: 'quantity', unit: 'quantity',
  age_ok: 'screening.age_ok', criteria_met: 'screening.criteria_met', has_complainant: 'screening.has_complainant', complainant_agrees: 'screening.complainant_agrees',
  exclusions_hit: 'screening.exclusions_hit', consent_to_participate: 'screening.consent_to_participate', handoff_method: 'handoff', case_manager: 'handoff', arrived: 'handoff.arrived',
  intake_completed: 'intake', prosecutor_decision: 'prosecutor_review', prosecutor_date: 'prosecutor_review', status: 'status', closed: 'closed', notes: 'notes',
}

/**
 * The value each referral import field's cell is written to, where it shares its record field with
 * another column's (a quantity and its unit, a prosecutor's decision and its date): whether a refused
 * row read the cell (refused-rows.ts unreadCells). The received date and time, and the evidence's
 * date and description, are written together or not at all.
 */
export const REFERRAL_FIELD_VALUES: Readonly<Record<string, string>> = {
  ...REFERRAL_FIELD_TARGETS,
  quantity: 'quantity.amount',
  unit: 'quantity.unit',
  handoff_method: 'handoff.method',
  case_manager: 'handoff.case_manager',
  intake_completed: 'intake.completed',
  prosecutor_decision: 'prosecutor_review.decision',
  prosecutor_date: 'prosecutor_review.date',
}

/** Consents: a provider's release-of-information log, one signed form per row. */
export const CONSENT_IMPORT_FIELDS: readonly ImportField[] = [
  field('participant', 'code', 'participant (the pseudonymous code P-XXXXXX of a participant the site already has)', ['participant', 'participantcode', 'pseudonym', 'leadcode', 'clientcode']),
  field('signed', 'date', 'signed', ['signed', 'datesigned', 'signeddate', 'signaturedate', 'consentdate', 'roidate', 'date']),
  field('expires', 'date', 'expires', ['expires', 'expirydate', 'expirationdate', 'expiresdate', 'dateexpires', 'enddate']),
  field('expires_event', 'text', 'expires_event (the event that ends it, e.g. End of LEAD participation)', ['expiresevent', 'expirationevent', 'expiryevent']),
  field('disclosers', 'list', 'disclosers (partner ids separated by ; , or |)', ['disclosers', 'discloser', 'maydisclose', 'disclosingparties']),
  field('recipients', 'list', 'recipients (partner ids separated by ; , or |)', ['recipients', 'recipient', 'mayreceive', 'receivingparties']),
  field('information', 'text', 'information (what may be disclosed, as on the form)', ['information', 'informationdisclosed', 'infotobedisclosed', 'scope']),
  field('purpose', 'text', 'purpose (why, as on the form)', ['purpose', 'purposeofdisclosure']),
  field('revoked', 'date', 'revoked (the date the participant revoked it)', ['revoked', 'revokeddate', 'daterevoked', 'revocationdate']),
  field('revocation_method', 'text', 'revocation_method', ['revocationmethod', 'howrevoked']),
  field('witness', 'text', 'witness (the staff member who witnessed the signature)', ['witness', 'witnessedby', 'staffwitness']),
  field('source_key', 'text', 'import_key: the row\'s key in the source (a form or record number), kept only as a keyed hash', ['formnumber', 'formno', 'roiform', 'roinumber', 'roino', 'consentnumber', 'consentid', 'recordid', 'sourceid']),
]

export const CONSENT_FIELD_NAMES: readonly string[] = CONSENT_IMPORT_FIELDS.map((f) => f.name)

/** Each consent import field fills the consent field of its own name. */
export const CONSENT_FIELD_TARGETS: Readonly<Record<string, string>> = Object.fromEntries(CONSENT_FIELD_NAMES.filter((f) => f !== 'source_key').map((f) => [f, f]))
