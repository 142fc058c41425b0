/**
 * TypeScript shapes of the records, mirroring schemas/*.schema.json (the schemas are the contract;
 * these types describe data that has passed them).
 */
export type Pathway = 'arrest_diversion' | 'social_contact' | 'community'
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'

export interface Contact {
  name?: string
  role?: string
  phone?: string
  email?: string
}

export interface Partner {
  id: string
  name: string
  type: string
  pcg_member?: boolean
  owg_member?: boolean
  contacts?: Contact[]
  phone?: string
  website?: string
  notes?: string
}

export interface DivertibleCharge {
  code: string
  label: string
  category?: string
  max_quantity?: number
  unit?: string
  pathways?: Pathway[]
}

export interface Exclusion {
  id: string
  text: string
  overridable?: boolean
}

export interface CoverageHours {
  days: Weekday[]
  from: string
  to: string
}

export interface Protocol {
  id: string
  title: string
  version: number
  status: 'draft' | 'adopted' | 'superseded'
  adopted?: {date?: string; by?: string; decision?: string; note?: string}
  effective: {from: string; to?: string}
  supersedes?: string
  catchment?: Array<{id: string; name: string; districts?: string[]}>
  pathways: Pathway[]
  min_age?: number
  criteria?: string[]
  divertible_charges: DivertibleCharge[]
  exclusions: Exclusion[]
  complainant_agreement_required?: boolean
  intake_deadline_days: number
  social_contact_lookback_months?: number
  coverage: {hours?: CoverageHours[]; off_hours_phone?: string; response_target_minutes?: number}
  referral_methods?: string[]
  prioritization?: string[]
  documentation?: string[]
  duties?: Array<{partner: string; items: string[]}>
  caseload?: {target?: number; max?: number}
}

export interface Mou {
  id: string
  title: string
  status: 'draft' | 'signed' | 'expired' | 'withdrawn'
  effective: {from: string; to?: string}
  review_by?: string
  protocol?: string
  purpose?: string
  parties: Array<{partner: string; contribution?: string}>
  governance?: {decision?: string; votes_per_member?: number; quorum?: {members?: number; required?: string[]}; withdrawal?: string}
  signatories: Array<{partner: string; name: string; title?: string; signed?: string}>
  terms?: string[]
  appendix?: Array<{title: string; text: string}>
}

export interface OfficerChange {
  date: string
  field: 'unit' | 'district' | 'shift' | 'status' | 'catchment' | 'rank' | 'badge' | 'name'
  from?: string
  to?: string
  note?: string
}

export interface Officer {
  /** The stable key of the person: the HR employee number, or `lead-<badge>` minted by lead. */
  id?: string
  badge: string
  name: string
  family_name?: string
  given_name?: string
  rank?: string
  unit?: string
  district?: string
  shift?: string
  status: 'active' | 'leave' | 'transferred' | 'separated'
  catchment?: boolean
  since?: string
  history?: OfficerChange[]
}

export interface Roster {
  id: string
  agency: string
  as_of: string
  /** The date of the first export imported: before it the roster does not say who served. */
  tracked_since?: string
  officers: Officer[]
}

export interface Training {
  id: string
  course: string
  date: string
  agency: string
  protocol?: string
  trainers?: string[]
  location?: string
  duration_hours?: number
  notes?: string
  attendees?: Array<{badge: string; agency?: string}>
}

export interface Referral {
  id: string
  pathway: Pathway
  received: string
  protocol?: string
  referrer: {agency?: string; badge?: string; partner?: string}
  district?: string
  catchment?: string
  participant: string
  charges?: string[]
  quantity?: {amount: number; unit?: string}
  evidence?: Array<{date: string; description?: string}>
  screening?: {
    age_ok?: boolean
    criteria_met?: boolean
    exclusions_hit?: string[]
    overrides?: Array<{exclusion: string; reason: string}>
    has_complainant?: boolean
    complainant_agrees?: boolean
    consent_to_participate?: boolean
  }
  handoff?: {method?: string; case_manager?: string; arrived?: string}
  intake?: {completed?: string}
  prosecutor_review?: {decision?: string; date?: string}
  status: 'received' | 'eligible' | 'ineligible' | 'enrolled' | 'declined' | 'intake_missed' | 'closed'
  closed?: string
  previous?: string
  consent?: string
  notes?: string
  /** Set by lead import referrals: a keyed hash of the source row (never the row itself). */
  import_key?: string
}

export interface Consent {
  id: string
  participant: string
  signed: string
  expires?: string
  expires_event?: string
  disclosers: string[]
  recipients: string[]
  information: string
  purpose: string
  revoked?: string
  revocation_method?: string
  witness?: string
  /** Set by lead import consents: a keyed hash of the source row (never the row itself). */
  import_key?: string
}

export type MeetingBody = 'pcg' | 'owg'
export type DecisionKind = 'adopt_protocol' | 'amend_mou' | 'approve_report' | 'select_provider' | 'other'
export type DecisionOutcome = 'consensus' | 'no_consensus' | 'deferred'

export interface Decision {
  kind: DecisionKind
  text: string
  concerns?: Array<{kind: 'protocol' | 'mou' | 'partner' | 'meeting'; id: string}>
  outcome: DecisionOutcome
}

export interface CaseConference {
  participant: string
  topics?: string[]
  last_contact?: string
  excused?: string[]
  next_steps?: string[]
  notes?: string
}

export interface ActionItem {
  text: string
  owner: string
  due: string
  done?: string
}

export interface Meeting {
  id: string
  body: MeetingBody
  date: string
  status: 'planned' | 'held' | 'cancelled'
  time?: {from: string; to?: string}
  location?: string
  chair?: {partner: string; name?: string}
  attendees?: Array<{partner: string; name?: string}>
  agenda?: Array<{title: string; presenter?: string}>
  decisions?: Decision[]
  case_conferences?: CaseConference[]
  actions?: ActionItem[]
  notes?: string
}
