/**
 * Every code `lead validate` can report, and which of them a site may re-grade in lead.yaml
 * (`rules: {CODE: error|warning|off}`). Checks that keep records readable, well-formed and safe
 * can never be switched off; privacy findings can be made warnings but never hidden.
 */

/** Reading, schema and identity checks: fixed, whatever lead.yaml says. */
export const FIXED_CODES: ReadonlySet<string> = new Set([
  'YAML_SYNTAX', 'DUPLICATE_KEY', 'YAML_ALIAS', 'YAML_ANCHOR', 'YAML_TAG', 'YAML_DIRECTIVE', 'RESERVED_KEY',
  'MERGE_CONFLICT', 'NOT_UTF8', 'BINARY_FILE', 'FILE_TOO_LARGE', 'NOT_A_RECORD', 'SYMLINK', 'FILE_NAME', 'IO_ERROR',
  'UNKNOWN_FIELD', 'MISSING_FIELD', 'WRONG_TYPE', 'NOT_ALLOWED', 'BAD_FORMAT', 'OUT_OF_RANGE', 'BAD_LENGTH', 'DUPLICATE_ITEM', 'SCHEMA',
  'BAD_ID', 'ID_MISMATCH', 'DUPLICATE_ID', 'EXAMPLE_PARTICIPANT', 'CASE_COLLISION', 'WRONG_FOLDER', 'UNKNOWN_FOLDER', 'BAD_TIMEZONE', 'UNKNOWN_RULE', 'SITE_NOT_COMMITTED',
  // the gate's own integrity: a change to the gate or the policy is always reported (a maintainer may accept one change)
  'GATE_CHANGED', 'POLICY_CHANGED', 'HISTORY_CUT_SHORT',
  // the site's closed vocabulary and the scan's opt-outs (privacy: not re-gradable by a change to lead.yaml)
  'DISTRICT_NOT_DECLARED', 'CATCHMENT_NOT_DECLARED', 'PRIVACY_SCAN_OFF',
])

/** Codes whose severity a site may change but which it may not turn off. */
export const NEVER_OFF_PREFIXES = ['PII_']
/** Privacy findings outside the identifier scan: sharing a participant's information with a partner no consent names. */
export const NEVER_OFF_CODES: ReadonlySet<string> = new Set(['CONSENT_DOES_NOT_COVER'])

/** Policy and cross-record checks a site may re-grade. */
export const ADJUSTABLE_CODES: ReadonlySet<string> = new Set([
  // references and rosters
  'UNKNOWN_PARTNER', 'UNKNOWN_PROTOCOL', 'UNKNOWN_REFERRAL', 'UNKNOWN_CONSENT', 'UNKNOWN_COURSE', 'UNKNOWN_BADGE', 'NO_ROSTER', 'ROSTER_AGENCY', 'DUPLICATE_BADGE', 'DUPLICATE_OFFICER_ID', 'ROSTER_NOT_MIGRATED',
  'YAML_AMBIGUOUS', 'SCHEMAS_OUTDATED', 'STRAY_YAML',
  // training
  'ATTENDEE_NOT_ACTIVE', 'ATTENDEE_ON_LEAVE', 'DUPLICATE_ATTENDEE', 'REFERRER_UNTRAINED',
  // protocols and review
  'PROTOCOL_OVERLAP', 'PROTOCOL_RANGE', 'PROTOCOL_ADOPTION_DATE', 'PROTOCOL_ADOPTED_LATE', 'PROTOCOL_DUPLICATE_VERSION', 'DUPLICATE_CHARGE', 'DUPLICATE_EXCLUSION',
  'ADOPTED_PROTOCOL_EDITED', 'SUPERSEDED_PROTOCOL_CHANGED', 'PROTOCOL_HISTORY_REMOVED', 'PROTOCOL_HISTORY_RENAMED',
  'PROTOCOL_ADOPTED', 'PROTOCOL_RANGE_MOVED', 'PROTOCOL_RETROACTIVE',
  // referrals
  'PROTOCOL_NOT_IN_FORCE', 'NO_PROTOCOL_IN_FORCE', 'PROTOCOL_NOT_ADOPTED', 'PATHWAY_NOT_ENABLED', 'CHARGES_MISSING', 'CHARGE_NOT_DIVERTIBLE', 'QUANTITY_MISSING', 'QUANTITY_UNIT_MISMATCH',
  'OVER_THRESHOLD', 'EXCLUSION_HIT', 'UNKNOWN_EXCLUSION', 'OVERRIDE_NOT_ALLOWED', 'UNDER_MIN_AGE', 'CRITERIA_NOT_MET', 'COMPLAINANT_DISAGREES', 'EVIDENCE_MISSING',
  'SCREENING_INCOMPLETE', 'SCREENING_CONTRADICTION',
  'EVIDENCE_STALE', 'EVIDENCE_AFTER_RECEIVED', 'COMMUNITY_POLICE_REFERRER', 'REFERRER_MISSING', 'UNKNOWN_CATCHMENT', 'OUTSIDE_CATCHMENT', 'DISTRICT_NOT_IN_CATCHMENT',
  'INTAKE_OVERDUE', 'INTAKE_BEFORE_RECEIVED', 'HANDOFF_BEFORE_RECEIVED', 'OVERRIDE_REASON_BLANK', 'PREVIOUS_NOT_EARLIER', 'PREVIOUS_OTHER_PARTICIPANT', 'TIME_OFFSET_MISMATCH',
  // consents and MOUs
  'CONSENT_REVOKED', 'CONSENT_OTHER_PARTICIPANT', 'CONSENT_NOT_YET_SIGNED', 'CONSENT_EXPIRED', 'CONSENT_REVOKED_BEFORE_SIGNED', 'CONSENT_NO_EXPIRY', 'CONSENT_EXPIRY_BEFORE_SIGNED',
  'MOU_RANGE', 'MOU_EXPIRING', 'MOU_EXPIRED', 'MOU_PARTY_UNSIGNED', 'MOU_SIGNATORY_NOT_PARTY', 'MOU_SIGNATURE_MISSING', 'PCG_NOT_IN_MOU',
  // meetings and governance
  'UNKNOWN_MOU', 'UNKNOWN_MEETING', 'MEETING_ID_DATE', 'ATTENDEE_NOT_A_CONTACT', 'MEETING_NOT_YET_HELD', 'MEETING_NO_ATTENDEES', 'MEETING_NOT_RECORDED', 'MEETING_NOT_HELD',
  'DECISION_NOT_PCG', 'DECISION_CONCERNS', 'PCG_NO_QUORUM', 'DECISION_NOT_APPLIED', 'ACTION_OVERDUE',
  'CASE_CONFERENCE_AT_PCG', 'CONFERENCE_DUPLICATE', 'LAST_CONTACT_AFTER_MEETING', 'CONFERENCE_NOT_OPEN', 'CONSENT_DOES_NOT_COVER',
  'PROTOCOL_DECISION_MISSING', 'PROTOCOL_DECISION_MISMATCH', 'PROTOCOL_DECISION_DATE',
  // privacy (severity only)
  'PII_NAME', 'PII_DOB', 'PII_SSN', 'PII_PHONE', 'PII_EMAIL', 'PII_ADDRESS', 'PII_UNCHECKED_FILE', 'PII_COMMIT_MESSAGE', 'PII_COMMIT_CONTENT',
])

/** Codes lead reports as warnings unless lead.yaml says otherwise (every other code defaults to error). */
export const DEFAULT_WARNING_CODES: ReadonlySet<string> = new Set([
  'ATTENDEE_ON_LEAVE', 'DUPLICATE_ATTENDEE', 'INTAKE_OVERDUE', 'MOU_EXPIRED', 'MOU_EXPIRING', 'MOU_RANGE', 'MOU_SIGNATORY_NOT_PARTY',
  'MOU_SIGNATURE_MISSING', 'PCG_NOT_IN_MOU', 'PROTOCOL_ADOPTED_LATE', 'REFERRER_UNTRAINED', 'SCHEMAS_OUTDATED', 'STRAY_YAML',
  'TIME_OFFSET_MISMATCH', 'UNKNOWN_RULE', 'PROTOCOL_ADOPTED', 'PROTOCOL_RANGE_MOVED', 'PRIVACY_SCAN_OFF', 'ROSTER_NOT_MIGRATED',
  'MEETING_ID_DATE', 'MEETING_NOT_RECORDED', 'DECISION_NOT_APPLIED', 'ACTION_OVERDUE',
])

export const KNOWN_CODES: ReadonlySet<string> = new Set([...FIXED_CODES, ...ADJUSTABLE_CODES])

export type OverrideProblem = {kind: 'unknown' | 'fixed' | 'never-off'; code: string}

/** Why a `rules:` entry of lead.yaml cannot be honoured, if it cannot. */
export function overrideProblem(code: string, severity: string): OverrideProblem | undefined {
  if (!KNOWN_CODES.has(code)) return {kind: 'unknown', code}
  if (FIXED_CODES.has(code)) return {kind: 'fixed', code}
  if (severity === 'off' && (NEVER_OFF_PREFIXES.some((p) => code.startsWith(p)) || NEVER_OFF_CODES.has(code))) return {kind: 'never-off', code}
  return undefined
}
