/**
 * The columns `lead import referrals` understands: each import field, the header spellings it is
 * recognised by (reduced by headerKey, best first), and what kind of value it holds. `--map
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

export const IMPORT_FIELDS: readonly ImportField[] = [
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

export const IMPORT_FIELD_NAMES: readonly string[] = IMPORT_FIELDS.map((f) => f.name)

/** The referral field (top level, or screening/quantity/… child) an import field fills: where a finding in the record points back to. */
export const FIELD_TARGETS: Readonly<Record<string, string>> = {
  received: 'received', received_date: 'received', received_time: 'received', pathway: 'pathway', agency: 'referrer.agency', badge: 'referrer.badge', partner: 'referrer.partner',
  district: 'district', catchment: 'catchment', participant: 'participant', charges: 'charges', evidence_date: 'evidence', evidence: 'evidence', quantity: 'quantity', unit: 'quantity',
  age_ok: 'screening.age_ok', criteria_met: 'screening.criteria_met', has_complainant: 'screening.has_complainant', complainant_agrees: 'screening.complainant_agrees',
  exclusions_hit: 'screening.exclusions_hit', consent_to_participate: 'screening.consent_to_participate', handoff_method: 'handoff', case_manager: 'handoff', arrived: 'handoff.arrived',
  intake_completed: 'intake', prosecutor_decision: 'prosecutor_review', prosecutor_date: 'prosecutor_review', status: 'status', closed: 'closed', notes: 'notes',
}
