/**
 * The eligibility decision for one referral, step by step, under the protocol in force when it
 * was received. Pure: `lead referral check` prints the steps, the validate rules report the
 * failing ones at their positions. Every threshold comes from the protocol record.
 *
 * Each failing step has an effect:
 * - `ineligible`: a screen-out reason (non-divertible charge, exclusion hit without override...);
 *   validation reports it only when the status claims eligible/enrolled (warning while received);
 * - `invalid`: the record itself is wrong (no protocol, missing charges...): always an error,
 *   and no eligibility can be established;
 * - `warning`: worth a look, does not decide eligibility.
 * A step marked `undecided` (a quantity for a thresholded charge, a screening answer the protocol
 * requires: SCREENING_INCOMPLETE) is a fact the decision needs and the record lacks: unless
 * another step already makes the referral ineligible, the outcome is undetermined, and validation
 * reports it as an error when the status claims eligible/enrolled.
 */
import {addMonths, type IsoDate} from '../clock/dates.js'
import type {Consent, DivertibleCharge, Protocol, Referral} from '../records/types.js'
import type {DataPath} from '../records/yaml-source.js'
import {consentCoverage, type ConsentCoverage} from './consent-coverage.js'
import {intakeStatus, type IntakeStatus} from './deadlines.js'
import {isStaffed, localTime, responseMinutesOf} from './hours.js'
import {chooseGoverningProtocol, receivedDate} from './protocol-in-force.js'
import {shown} from '../privacy/disclosable.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'

export type StepEffect = 'ineligible' | 'invalid' | 'warning'

export interface Step {
  /** Which part of the decision: protocol, pathway, referrer, age, criteria, charge, quantity, exclusion, override, complainant, evidence, catchment, participation. */
  step: string
  /** true passed, false failed, null not recorded / not applicable. */
  ok: boolean | null
  message: string
  code?: string
  effect?: StepEffect
  hint?: string
  path?: DataPath
  /** Eligibility cannot be established until this is recorded (outcome: undetermined). */
  undecided?: boolean
}

export interface EligibilityDecision {
  referral: string
  pathway: Referral['pathway']
  status: Referral['status']
  received: {at: string; date: IsoDate; time: string; weekday: string; offset: string}
  protocol?: {id: string; version: number; status: Protocol['status']; effective: Protocol['effective']; why: string}
  /** eligible: no failing ineligible/invalid step; undetermined: no usable protocol, or a fact the decision needs is missing. */
  outcome: 'eligible' | 'ineligible' | 'undetermined'
  eligible: boolean
  steps: Step[]
  /** The failing steps that decide the outcome. */
  reasons: Step[]
  /** Screening answers the protocol and pathway require that are not recorded (e.g. `screening.age_ok`). */
  missing: string[]
  intake?: IntakeStatus
  consent?: ConsentCoverage
  handoff?: HandoffSummary
}

export interface HandoffSummary {
  method?: string
  caseManager?: string
  /** Received outside the governing protocol's staffed coverage hours. */
  offHours: boolean
  /** received → case manager arrived, when an arrival is recorded (and not before received: HANDOFF_BEFORE_RECEIVED). */
  responseMinutes?: number
  targetMinutes?: number
  withinTarget?: boolean
}

export interface EligibilityContext {
  protocols: readonly Protocol[]
  consents?: readonly Consent[]
  timeZone?: string
  /** For the intake's days left. */
  asOf: IsoDate
  /**
   * What the site declared (privacy/vocabulary.ts): the referral's values in step messages are
   * printed only when printable (privacy/disclosable.ts). Without it, declared fields are concealed.
   */
  vocabulary?: SiteVocabulary
}

/** A referral's value as a step message may repeat it. */
type Say = (path: DataPath, value: unknown) => string

/** The protocol exclusion id a quantity over a charge's threshold counts as (its override waives it). */
export const OVER_THRESHOLD_EXCLUSION = 'over-threshold'

const MASS_IN_GRAMS: Record<string, number> = {g: 1, mg: 0.001, oz: 28.349523125}

/** `amount unit` expressed in `unit`, or undefined when the units cannot be compared. */
export function convertQuantity(amount: number, from: string | undefined, to: string | undefined): number | undefined {
  if (from === to || from === undefined || to === undefined) return from === to ? amount : undefined
  const a = MASS_IN_GRAMS[from]
  const b = MASS_IN_GRAMS[to]
  return a !== undefined && b !== undefined ? (amount * a) / b : undefined
}

/** An override counts only with a reason that says something. */
const hasReason = (o: {reason?: unknown}) => typeof o.reason === 'string' && o.reason.trim() !== ''

export function decideEligibility(referral: Referral, ctx: EligibilityContext): EligibilityDecision {
  const tz = ctx.timeZone
  const date = receivedDate(referral, tz)
  const local = localTime(referral.received, tz)
  const steps: Step[] = []
  const decision: EligibilityDecision = {
    referral: referral.id,
    pathway: referral.pathway,
    status: referral.status,
    received: {at: referral.received, date, time: `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`, weekday: local.weekday, offset: local.offset},
    outcome: 'undetermined',
    eligible: false,
    steps,
    reasons: [],
    missing: [],
  }

  const say: Say = (path, value) => shown('referral', path, value, ctx.vocabulary)
  const choice = chooseGoverningProtocol(referral, ctx.protocols, tz)
  const protocol = choice.protocol
  steps.push(protocol ? {step: 'protocol', ok: true, message: choice.message, path: choice.path} : {step: 'protocol', ok: false, effect: 'invalid', code: choice.code!, message: choice.message, ...(choice.hint ? {hint: choice.hint} : {}), path: choice.path})
  if (protocol) {
    decision.protocol = {id: protocol.id, version: protocol.version, status: protocol.status, effective: protocol.effective, why: steps[0]!.message}
    checkPathway(referral, protocol, steps, say)
    decision.missing = missingScreeningAnswers(referral, protocol).map((m) => `screening.${m.field}`)
    checkScreening(referral, protocol, steps)
    if (referral.pathway === 'arrest_diversion') checkCharges(referral, protocol, steps, say)
    checkExclusions(referral, protocol, steps, say)
    if (referral.pathway === 'social_contact') checkEvidence(referral, protocol, date, steps, say)
    checkCatchment(referral, protocol, steps, say)
    decision.intake = intakeStatus(referral, protocol, ctx.asOf, tz)
    const responseMinutes = responseMinutesOf(referral)
    const targetMinutes = protocol.coverage.response_target_minutes
    decision.handoff = {
      method: referral.handoff?.method,
      caseManager: referral.handoff?.case_manager === undefined ? undefined : say(['handoff', 'case_manager'], referral.handoff.case_manager),
      offHours: !isStaffed(protocol.coverage.hours, local.weekday, local.minuteOfDay),
      responseMinutes,
      targetMinutes,
      withinTarget: responseMinutes !== undefined && targetMinutes !== undefined ? responseMinutes <= targetMinutes : undefined,
    }
  }
  if (referral.screening?.consent_to_participate !== undefined) {
    steps.push({step: 'participation', ok: null, message: referral.screening.consent_to_participate ? 'the person agreed to take part' : 'the person did not agree to take part (participation is voluntary; this is not an eligibility reason)', path: ['screening', 'consent_to_participate']})
  }
  if (referral.consent) {
    const consent = ctx.consents?.find((c) => c.id === referral.consent)
    decision.consent = consentCoverage(referral, consent, date)
    if (decision.consent?.expiresEvent !== undefined) decision.consent.expiresEvent = shown('consent', ['expires_event'], decision.consent.expiresEvent, ctx.vocabulary)
  }

  decision.reasons = steps.filter((s) => s.ok === false && (s.effect === 'ineligible' || s.effect === 'invalid'))
  if (!protocol || steps.some((s) => s.ok === false && s.effect === 'invalid' && s.step === 'protocol')) decision.outcome = 'undetermined'
  else if (decision.reasons.length > 0) decision.outcome = 'ineligible'
  else decision.outcome = steps.some((s) => s.undecided) ? 'undetermined' : 'eligible'
  decision.eligible = decision.outcome === 'eligible'
  return decision
}

function checkPathway(referral: Referral, protocol: Protocol, steps: Step[], say: Say): void {
  const pathway = say(['pathway'], referral.pathway)
  if (protocol.pathways.includes(referral.pathway)) {
    steps.push({step: 'pathway', ok: true, message: `pathway ${pathway} is enabled by ${protocol.id}`, path: ['pathway']})
  } else {
    steps.push({step: 'pathway', ok: false, effect: 'ineligible', code: 'PATHWAY_NOT_ENABLED', message: `pathway ${pathway} is not enabled by protocol ${protocol.id} (enabled: ${protocol.pathways.join(', ')})`, hint: 'check the pathway, or the protocol version in force on the received date', path: ['pathway']})
  }
  const police = referral.referrer.agency !== undefined || referral.referrer.badge !== undefined
  if (referral.pathway === 'community') {
    if (police) steps.push({step: 'referrer', ok: false, effect: 'invalid', code: 'COMMUNITY_POLICE_REFERRER', message: 'a community referral has no police referrer, but referrer names an agency or badge', hint: 'use referrer: {partner: ID} for a community referral, or change the pathway', path: ['referrer']})
    else if (!referral.referrer.partner) steps.push({step: 'referrer', ok: false, effect: 'invalid', code: 'REFERRER_MISSING', message: 'a community referral names the referring partner', hint: 'add referrer: {partner: ID}', path: ['referrer']})
    else steps.push({step: 'referrer', ok: true, message: `referred by community partner ${say(['referrer', 'partner'], referral.referrer.partner)}`, path: ['referrer']})
  } else if (!referral.referrer.agency) {
    steps.push({step: 'referrer', ok: false, effect: 'invalid', code: 'REFERRER_MISSING', message: `a ${pathway} referral names the referring agency and officer`, hint: 'add referrer: {agency: ID, badge: "NNNN"}', path: ['referrer']})
  } else {
    steps.push({step: 'referrer', ok: true, message: `referred by ${say(['referrer', 'agency'], referral.referrer.agency)}${referral.referrer.badge ? ` badge ${say(['referrer', 'badge'], referral.referrer.badge)}` : ''}`, path: ['referrer']})
  }
}

/**
 * The screening answers a referral's protocol and pathway require before it can be eligible. A
 * field left out is an answer not recorded (absence is never "no"): `exclusions_hit: []` records
 * that the exclusions were screened and none applies; `has_complainant: false` that there is no
 * complainant whose agreement the protocol could require.
 */
export function missingScreeningAnswers(referral: Referral, protocol: Protocol): Array<{field: string; what: string; hint: string}> {
  const s = referral.screening ?? {}
  const out: Array<{field: string; what: string; hint: string}> = []
  if (protocol.min_age !== undefined && s.age_ok === undefined) out.push({field: 'age_ok', what: `the minimum age (${protocol.min_age}+)`, hint: 'screening.age_ok: true|false'})
  if ((protocol.criteria?.length ?? 0) > 0 && s.criteria_met === undefined) out.push({field: 'criteria_met', what: `${protocol.id}'s eligibility criteria`, hint: 'screening.criteria_met: true|false'})
  if (complainantRequired(referral, protocol) && s.complainant_agrees === undefined && s.has_complainant !== false) {
    out.push({field: 'complainant_agrees', what: 'complainant agreement', hint: 'screening.complainant_agrees: true|false, or screening.has_complainant: false when there is no complainant'})
  }
  if (protocol.exclusions.length > 0 && s.exclusions_hit === undefined) out.push({field: 'exclusions_hit', what: `the exclusions (${protocol.exclusions.map((e) => e.id).join(', ')})`, hint: 'screening.exclusions_hit: [] when none applies, or the ids that apply'})
  return out
}

function complainantRequired(referral: Referral, protocol: Protocol): boolean {
  return protocol.complainant_agreement_required === true && referral.pathway === 'arrest_diversion'
}

function checkScreening(referral: Referral, protocol: Protocol, steps: Step[]): void {
  const s = referral.screening ?? {}
  const missing = new Map(missingScreeningAnswers(referral, protocol).map((m) => [m.field, m]))
  const notRecorded = (step: string, field: string, message: string): Step => {
    const m = missing.get(field)
    const path: DataPath = ['screening', field]
    return m ? {step, ok: null, undecided: true, code: 'SCREENING_INCOMPLETE', message, hint: `record ${m.hint}`, path} : {step, ok: null, message, path}
  }
  const minAge = protocol.min_age !== undefined ? ` (${protocol.min_age}+)` : ''
  if (s.age_ok === false) steps.push({step: 'age', ok: false, effect: 'ineligible', code: 'UNDER_MIN_AGE', message: `screening records the person as under the protocol's minimum age${minAge}`, hint: 'refer to juvenile diversion instead', path: ['screening', 'age_ok']})
  else if (s.age_ok) steps.push({step: 'age', ok: true, message: `meets the minimum age${minAge}`, path: ['screening', 'age_ok']})
  else steps.push(notRecorded('age', 'age_ok', `minimum age${minAge} not recorded yet`))
  if (s.criteria_met === false) steps.push({step: 'criteria', ok: false, effect: 'ineligible', code: 'CRITERIA_NOT_MET', message: `screening records that ${protocol.id}'s eligibility criteria are not met`, path: ['screening', 'criteria_met']})
  else if (s.criteria_met) steps.push({step: 'criteria', ok: true, message: 'eligibility criteria met', path: ['screening', 'criteria_met']})
  else steps.push(notRecorded('criteria', 'criteria_met', 'eligibility criteria not recorded yet'))
  if (s.has_complainant === false && s.complainant_agrees !== undefined) {
    steps.push({step: 'complainant', ok: false, effect: 'invalid', code: 'SCREENING_CONTRADICTION', message: 'screening says there is no complainant (has_complainant: false) and also records whether the complainant agreed', hint: 'remove one of screening.has_complainant and screening.complainant_agrees', path: ['screening', 'has_complainant']})
  } else if (complainantRequired(referral, protocol)) {
    if (s.complainant_agrees === false) steps.push({step: 'complainant', ok: false, effect: 'ineligible', code: 'COMPLAINANT_DISAGREES', message: `the complainant did not agree, and ${protocol.id} requires the complainant's agreement`, path: ['screening', 'complainant_agrees']})
    else if (s.complainant_agrees) steps.push({step: 'complainant', ok: true, message: 'the complainant agreed', path: ['screening', 'complainant_agrees']})
    else if (s.has_complainant === false) steps.push({step: 'complainant', ok: true, message: 'no complainant, so no agreement is needed', path: ['screening', 'has_complainant']})
    else steps.push(notRecorded('complainant', 'complainant_agrees', `complainant agreement not recorded (${protocol.id} requires it where there is a complainant)`))
  }
}

function chargeLabel(c: DivertibleCharge): string {
  const limit = c.max_quantity !== undefined ? `, up to ${c.max_quantity} ${c.unit ?? ''}`.trimEnd() : ''
  return `${c.label}${c.category ? ` (${c.category}${limit})` : limit ? ` (${limit.slice(2)})` : ''}`
}

function checkCharges(referral: Referral, protocol: Protocol, steps: Step[], say: Say): void {
  const charges = referral.charges ?? []
  if (charges.length === 0) {
    steps.push({step: 'charge', ok: false, effect: 'invalid', code: 'CHARGES_MISSING', message: 'an arrest diversion lists its charges', hint: 'add charges: ["RCW ..."] with the statute codes', path: referral.charges ? ['charges'] : []})
    return
  }
  const overrides = new Set((referral.screening?.overrides ?? []).filter(hasReason).map((o) => o.exclusion))
  // A quantity over a threshold is waivable only where the protocol lists the exclusion (and lets it be overridden).
  const overExclusion = protocol.exclusions.find((e) => e.id === OVER_THRESHOLD_EXCLUSION)
  const waivable = overExclusion !== undefined && overExclusion.overridable !== false
  charges.forEach((charge, i) => {
    const entry = protocol.divertible_charges.find((c) => c.code === charge)
    // A charge on the protocol's list is the protocol's own code; anything else may be anything.
    const code = entry ? entry.code : say(['charges', i], charge)
    if (!entry) {
      steps.push({step: 'charge', ok: false, effect: 'ineligible', code: 'CHARGE_NOT_DIVERTIBLE', message: `charge ${code} is not on ${protocol.id}'s divertible list`, hint: `see \`lead referral check ${say(['id'], referral.id)}\` and the protocol's divertible_charges`, path: ['charges', i]})
      return
    }
    if (entry.pathways && !entry.pathways.includes(referral.pathway)) {
      steps.push({step: 'charge', ok: false, effect: 'ineligible', code: 'CHARGE_NOT_DIVERTIBLE', message: `charge ${code} (${entry.label}) is divertible under ${protocol.id} only for ${entry.pathways.join(', ')}`, path: ['charges', i]})
      return
    }
    steps.push({step: 'charge', ok: true, message: `charge ${code}: ${chargeLabel(entry)} is divertible under ${protocol.id}`, path: ['charges', i]})
    if (entry.max_quantity === undefined) return
    const q = referral.quantity
    if (!q) {
      steps.push({step: 'quantity', ok: null, effect: 'warning', undecided: true, code: 'QUANTITY_MISSING', message: `charge ${code} has a threshold of ${entry.max_quantity} ${entry.unit ?? ''} under ${protocol.id}, but no quantity is recorded`.trimEnd(), hint: 'add quantity: {amount: N, unit: g}', path: ['charges', i]})
      return
    }
    const amount = convertQuantity(q.amount, q.unit, entry.unit)
    if (amount === undefined) {
      steps.push({step: 'quantity', ok: null, effect: 'warning', undecided: true, code: 'QUANTITY_UNIT_MISMATCH', message: `quantity is in ${q.unit === undefined ? 'no unit' : say(['quantity', 'unit'], q.unit)}, but charge ${code}'s threshold is in ${entry.unit ?? 'no unit'}`, hint: `record the quantity in ${entry.unit ?? 'the threshold\'s unit'}`, path: ['quantity', 'unit']})
      return
    }
    const shown = `${say(['quantity', 'amount'], q.amount)} ${q.unit === undefined ? '' : say(['quantity', 'unit'], q.unit)}`.trimEnd()
    if (amount <= entry.max_quantity) {
      steps.push({step: 'quantity', ok: true, message: `quantity ${shown} is within ${code}'s threshold of ${entry.max_quantity} ${entry.unit ?? ''}`.trimEnd(), path: ['quantity', 'amount']})
    } else if (overrides.has(OVER_THRESHOLD_EXCLUSION) && waivable) {
      steps.push({step: 'quantity', ok: true, message: `quantity ${shown} is over ${code}'s threshold of ${entry.max_quantity} ${entry.unit ?? ''}, waived by an override of ${OVER_THRESHOLD_EXCLUSION}`, path: ['quantity', 'amount']})
    } else {
      steps.push({step: 'quantity', ok: false, effect: 'ineligible', code: 'OVER_THRESHOLD', message: `quantity ${shown} is over ${code}'s threshold of ${entry.max_quantity} ${entry.unit ?? ''} under ${protocol.id}`, hint: !overExclusion ? `${protocol.id} lists no ${OVER_THRESHOLD_EXCLUSION} exclusion, so the threshold cannot be waived` : overExclusion.overridable === false ? `${protocol.id} does not allow overriding ${OVER_THRESHOLD_EXCLUSION}` : `if waived, record screening.overrides: [{exclusion: ${OVER_THRESHOLD_EXCLUSION}, reason: "..."}]`, path: ['quantity', 'amount']})
    }
  })
}

function checkExclusions(referral: Referral, protocol: Protocol, steps: Step[], say: Say): void {
  const hit = referral.screening?.exclusions_hit ?? []
  const overrides = referral.screening?.overrides ?? []
  const known = new Map(protocol.exclusions.map((e) => [e.id, e]))
  hit.forEach((id, i) => {
    const exclusion = known.get(id)
    const path: DataPath = ['screening', 'exclusions_hit', i]
    if (!exclusion) {
      steps.push({step: 'exclusion', ok: false, effect: 'invalid', code: 'UNKNOWN_EXCLUSION', message: `exclusion ${say(path, id)} is not one of ${protocol.id}'s exclusions (${[...known.keys()].join(', ')})`, hint: 'use an exclusion id from the protocol in force', path})
      return
    }
    const override = overrides.find((o) => o.exclusion === id && hasReason(o))
    if (!override) {
      steps.push({step: 'exclusion', ok: false, effect: 'ineligible', code: 'EXCLUSION_HIT', message: `exclusion ${id} applies: ${exclusion.text}`, hint: exclusion.overridable === false ? 'this exclusion cannot be overridden' : 'if it was waived, record screening.overrides with the reason', path})
    } else if (exclusion.overridable === false) {
      const j = overrides.indexOf(override)
      steps.push({step: 'exclusion', ok: false, effect: 'invalid', code: 'OVERRIDE_NOT_ALLOWED', message: `exclusion ${id} cannot be overridden under ${protocol.id}`, hint: 'remove the override; the referral is ineligible', path: ['screening', 'overrides', j, 'exclusion']})
    } else {
      const j = overrides.indexOf(override)
      steps.push({step: 'exclusion', ok: true, message: `exclusion ${id} applies but was overridden: ${say(['screening', 'overrides', j, 'reason'], override.reason)}`, path})
    }
  })
  overrides.forEach((o, j) => {
    if (!hasReason(o)) {
      steps.push({step: 'override', ok: false, effect: 'invalid', code: 'OVERRIDE_REASON_BLANK', message: `the override of ${say(['screening', 'overrides', j, 'exclusion'], o.exclusion)} gives no reason`, hint: 'write why the exclusion was waived (who decided, on what grounds); without a reason it waives nothing', path: ['screening', 'overrides', j, 'reason']})
    }
    if (hit.includes(o.exclusion)) return
    const exclusion = known.get(o.exclusion)
    const path: DataPath = ['screening', 'overrides', j, 'exclusion']
    if (!exclusion) {
      steps.push({step: 'override', ok: false, effect: 'invalid', code: 'UNKNOWN_EXCLUSION', message: `override of ${say(path, o.exclusion)}, which is not one of ${protocol.id}'s exclusions`, hint: 'use an exclusion id from the protocol in force', path})
    } else if (exclusion?.overridable === false) {
      steps.push({step: 'override', ok: false, effect: 'invalid', code: 'OVERRIDE_NOT_ALLOWED', message: `exclusion ${o.exclusion} cannot be overridden under ${protocol.id}`, path})
    }
  })
  if (hit.length === 0 && referral.screening?.exclusions_hit) steps.push({step: 'exclusion', ok: true, message: 'no exclusion applies', path: ['screening', 'exclusions_hit']})
  else if (!referral.screening?.exclusions_hit && protocol.exclusions.length > 0) {
    steps.push({step: 'exclusion', ok: null, undecided: true, code: 'SCREENING_INCOMPLETE', message: `exclusions not screened yet (${protocol.id} lists ${protocol.exclusions.map((e) => e.id).join(', ')})`, hint: 'record screening.exclusions_hit: [] when none applies, or the ids that apply', path: ['screening', 'exclusions_hit']})
  }
}

function checkEvidence(referral: Referral, protocol: Protocol, received: IsoDate, steps: Step[], say: Say): void {
  const evidence = referral.evidence ?? []
  if (evidence.length === 0) {
    steps.push({step: 'evidence', ok: false, effect: 'invalid', code: 'EVIDENCE_MISSING', message: 'a social contact referral records the dated conduct it rests on', hint: 'add evidence: [{date: YYYY-MM-DD, description: ...}]', path: []})
    return
  }
  const months = protocol.social_contact_lookback_months
  const since = months === undefined ? undefined : addMonths(received, -months)
  let recent = 0
  evidence.forEach((e, i) => {
    const dated = say(['evidence', i, 'date'], e.date)
    if (e.date > received) {
      steps.push({step: 'evidence', ok: false, effect: 'invalid', code: 'EVIDENCE_AFTER_RECEIVED', message: `evidence dated ${dated} is after the referral was received (${received})`, hint: 'check the date', path: ['evidence', i, 'date']})
    } else if (since !== undefined && e.date < since) {
      steps.push({step: 'evidence', ok: null, message: `evidence dated ${dated} is older than ${protocol.id}'s ${months}-month look-back (since ${since}) and does not count`, path: ['evidence', i, 'date']})
    } else {
      recent++
      steps.push({step: 'evidence', ok: true, message: `evidence dated ${dated} is within ${since ? `the ${months}-month look-back (since ${since})` : 'the record (the protocol sets no look-back)'}`, path: ['evidence', i, 'date']})
    }
  })
  if (recent === 0 && since !== undefined && !steps.some((s) => s.code === 'EVIDENCE_AFTER_RECEIVED')) {
    steps.push({step: 'evidence', ok: false, effect: 'ineligible', code: 'EVIDENCE_STALE', message: `no evidence within ${protocol.id}'s ${months}-month look-back window (since ${since})`, hint: 'social contact referrals rest on recent conduct', path: ['evidence']})
  }
}

function checkCatchment(referral: Referral, protocol: Protocol, steps: Step[], say: Say): void {
  const zones = protocol.catchment ?? []
  if (zones.length === 0) return
  const district = say(['district'], referral.district)
  if (referral.catchment) {
    const zone = zones.find((z) => z.id === referral.catchment)
    if (!zone) {
      steps.push({step: 'catchment', ok: false, effect: 'invalid', code: 'UNKNOWN_CATCHMENT', message: `catchment ${say(['catchment'], referral.catchment)} is not one of ${protocol.id}'s zones (${zones.map((z) => z.id).join(', ')})`, hint: 'use a catchment id from the protocol in force', path: ['catchment']})
      return
    }
    if (referral.district && zone.districts && !zone.districts.includes(referral.district)) {
      steps.push({step: 'catchment', ok: false, effect: 'warning', code: 'DISTRICT_NOT_IN_CATCHMENT', message: `district ${district} is not in catchment ${zone.id} (${zone.districts.join(', ')})`, hint: 'check the district and the catchment', path: ['district']})
      return
    }
    steps.push({step: 'catchment', ok: true, message: `in catchment ${zone.id} (${zone.name})`, path: ['catchment']})
  } else if (referral.district) {
    const zone = zones.find((z) => z.districts?.includes(referral.district!))
    // A district a zone lists is the protocol's own word for it.
    if (zone) steps.push({step: 'catchment', ok: true, message: `district ${zone.districts!.find((d) => d === referral.district)} is in catchment ${zone.id}`, path: ['district']})
    else steps.push({step: 'catchment', ok: false, effect: 'warning', code: 'OUTSIDE_CATCHMENT', message: `district ${district} is in none of ${protocol.id}'s catchment zones`, hint: 'LEAD takes people who live in or frequent the catchment area; note why in the screening', path: ['district']})
  }
}
