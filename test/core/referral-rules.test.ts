import {afterAll, describe, expect, it} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {validateSite} from '../../src/core/validate/site-validation.js'
import {cleanupTemp, tempDir} from '../support/cli.js'
import {REFERRAL_SITE, writeReferralSite, type RuleCase, type SiteExtra} from '../support/referral-site.js'

afterAll(cleanupTemp)

type Extra = SiteExtra
type Case = RuleCase

async function findings(extra: Extra = {}, asOf = '2026-04-06') {
  const root = writeReferralSite(tempDir(), extra)
  const result = await validateSite(readSite(root), {asOf, cache: false})
  return result.diagnostics.map((d) => ({code: d.code, severity: d.severity, file: d.file, line: d.line, column: d.column, message: d.message}))
}

/** One base file with text replaced (fails loudly if the text is not there). */
function edit(file: string, ...pairs: Array<[string, string]>): Extra {
  let text = REFERRAL_SITE[file]
  if (text === undefined) throw new Error(`no fixture file ${file}`)
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`)
    text = text.replace(from, to)
  }
  return {[file]: text}
}

const RB = 'referrals/2026/r-2026-03-01-bbbbbb.yaml'
const RA = 'referrals/2026/r-2026-02-28-aaaaaa.yaml'
const RE = 'referrals/2026/r-2026-03-09-eeeeee.yaml'
const RD = 'referrals/2025/r-2025-11-02-dddddd.yaml'
const RF = 'referrals/2026/r-2026-03-10-ffffff.yaml'
const RH = 'referrals/2026/r-2026-03-08-hhhhhh.yaml'
const V1 = 'protocols/2025-v1.yaml'
const V2 = 'protocols/2026-v2.yaml'
const MOU = 'mous/2026-mou.yaml'
const CONSENT = 'consents/c-2026-03-01-aaaaaa.yaml'


const TRIGGERS: Case[] = [
  // protocol.ts
  {name: 'adopted protocol without a date', extra: edit(V2, ['adopted: {date: "2026-02-15", by: pcg}\n', '']), code: 'PROTOCOL_ADOPTION_DATE', severity: 'error', file: V2, at: 'status: adopted'},
  {name: 'protocol ending before it starts', extra: edit(V1, ['to: "2026-02-28"', 'to: "2024-12-31"']), code: 'PROTOCOL_RANGE', severity: 'error', file: V1, at: 'effective:'},
  {name: 'adopted after taking effect', extra: edit(V2, ['date: "2026-02-15"', 'date: "2026-03-05"']), code: 'PROTOCOL_ADOPTED_LATE', severity: 'warning', file: V2, at: 'adopted:'},
  {name: 'two protocols with one version number', extra: edit(V2, ['version: 2', 'version: 1']), code: 'PROTOCOL_DUPLICATE_VERSION', severity: 'error', file: V2, at: 'version:'},
  {name: 'a charge listed twice', extra: edit(V2, ['  - {code: RCW 3, label: Mischief, category: property}', '  - {code: RCW 3, label: Mischief, category: property}\n  - {code: RCW 3, label: Mischief again, category: property}']), code: 'DUPLICATE_CHARGE', severity: 'error', file: V2},
  {name: 'an exclusion listed twice', extra: edit(V2, ['  - {id: violent, text: Violent history., overridable: false}', '  - {id: violent, text: Violent history., overridable: false}\n  - {id: violent, text: Again., overridable: true}']), code: 'DUPLICATE_EXCLUSION', severity: 'error', file: V2},
  {name: 'v1 still in force when v2 starts (last day of v1 = first of v2)', extra: edit(V1, ['to: "2026-02-28"', 'to: "2026-03-01"']), code: 'PROTOCOL_OVERLAP', severity: 'error', file: V2, at: 'effective:'},
  {name: 'an open-ended old version', extra: edit(V1, ['effective: {from: "2025-01-01", to: "2026-02-28"}', 'effective: {from: "2025-01-01"}']), code: 'PROTOCOL_OVERLAP', severity: 'error', file: V2},
  // referral.ts: the protocol
  {name: 'naming a draft protocol', extra: {...edit(V2, ['status: adopted', 'status: draft']), ...edit(RB, ['pathway: arrest_diversion', 'pathway: arrest_diversion\nprotocol: "2026-v2"'])}, code: 'PROTOCOL_NOT_ADOPTED', severity: 'error', file: RB, at: 'protocol:'},
  {name: 'naming v2 for a referral on the last day of v1', extra: edit(RA, ['pathway: arrest_diversion', 'pathway: arrest_diversion\nprotocol: "2026-v2"']), code: 'PROTOCOL_NOT_IN_FORCE', severity: 'error', file: RA, at: 'protocol:'},
  {name: 'no protocol in force (v2 still a draft on its first day)', extra: edit(V2, ['status: adopted', 'status: draft']), code: 'NO_PROTOCOL_IN_FORCE', severity: 'error', file: RB, at: 'received:'},
  // referral.ts: pathways and referrers
  {name: 'a community referral before v2 enabled community referrals', extra: edit(RF, ['received: "2026-03-10T09:00:00-07:00"', 'received: "2026-02-10T09:00:00-08:00"'], ['r-2026-03-10-ffffff', 'r-2026-02-10-ffffff']), code: 'PATHWAY_NOT_ENABLED', severity: 'error', file: RF, at: 'pathway:'},
  {name: 'a community referral with a police referrer', extra: edit(RF, ['referrer: {partner: harbor-housing}', 'referrer: {agency: harbor-pd, badge: "0412"}']), code: 'COMMUNITY_POLICE_REFERRER', severity: 'error', file: RF, at: 'referrer:'},
  {name: 'an arrest diversion without an agency', extra: edit(RB, ['referrer: {agency: harbor-pd, badge: "0412"}', 'referrer: {partner: harbor-housing}']), code: 'REFERRER_MISSING', severity: 'error', file: RB, at: 'referrer:'},
  // screening
  {name: 'an enrolled referral without screening answers (one finding listing both)', extra: edit(RE, ['screening: {age_ok: true, exclusions_hit: []}\n', '']), code: 'SCREENING_INCOMPLETE', severity: 'error', file: RE, at: 'id:'},
  {name: 'an eligible referral whose exclusions were not screened', extra: edit(RF, ['screening: {age_ok: true, exclusions_hit: []}', 'screening: {age_ok: true}']), code: 'SCREENING_INCOMPLETE', severity: 'error', file: RF, at: 'screening:'},
  {name: 'no complainant, yet a complainant answer', extra: edit(RB, ['exclusions_hit: []', 'exclusions_hit: [], has_complainant: false, complainant_agrees: true']), code: 'SCREENING_CONTRADICTION', severity: 'error', file: RB, at: 'screening:'},
  {name: 'under the minimum age but enrolled', extra: edit(RB, ['age_ok: true', 'age_ok: false']), code: 'UNDER_MIN_AGE', severity: 'error', file: RB, at: 'screening:'},
  {name: 'criteria not met but enrolled', extra: edit(RB, ['criteria_met: true', 'criteria_met: false']), code: 'CRITERIA_NOT_MET', severity: 'error', file: RB, at: 'screening:'},
  {name: 'complainant disagrees where the protocol requires agreement', extra: {...edit(V2, ['intake_deadline_days: 30', 'intake_deadline_days: 30\ncomplainant_agreement_required: true']), ...edit(RB, ['exclusions_hit: []', 'exclusions_hit: [], complainant_agrees: false'])}, code: 'COMPLAINANT_DISAGREES', severity: 'error', file: RB, at: 'screening:'},
  // charges and quantities
  {name: 'an arrest diversion without charges', extra: edit(RB, ['charges: [RCW 3]\n', '']), code: 'CHARGES_MISSING', severity: 'error', file: RB, at: 'id:'},
  {name: 'a charge not divertible under v1 on v1\'s last day, marked enrolled', extra: edit(RA, ['status: ineligible', 'status: enrolled']), code: 'CHARGE_NOT_DIVERTIBLE', severity: 'error', file: RA, at: 'charges:'},
  {name: 'a non-divertible charge on a referral still received: a warning', extra: edit(RA, ['status: ineligible', 'status: received']), code: 'CHARGE_NOT_DIVERTIBLE', severity: 'warning', file: RA, at: 'charges:'},
  {name: 'a charge limited to other pathways', extra: edit(V2, ['  - {code: RCW 3, label: Mischief, category: property}', '  - {code: RCW 3, label: Mischief, category: property, pathways: [social_contact]}']), code: 'CHARGE_NOT_DIVERTIBLE', severity: 'error', file: RB, at: 'charges:'},
  {name: 'a threshold charge without a quantity, enrolled: an error', extra: edit(RE, ['quantity: {amount: 2.5, unit: g}\n', '']), code: 'QUANTITY_MISSING', severity: 'error', file: RE, at: 'charges:'},
  {name: 'a threshold charge without a quantity, still received: a warning', extra: edit(RE, ['quantity: {amount: 2.5, unit: g}\n', ''], ['status: enrolled', 'status: received']), code: 'QUANTITY_MISSING', severity: 'warning', file: RE, at: 'charges:'},
  {name: 'a quantity in a unit that does not compare, enrolled: an error', extra: edit(RE, ['unit: g}', 'unit: dosage_units}']), code: 'QUANTITY_UNIT_MISMATCH', severity: 'error', file: RE, at: 'quantity:'},
  {name: 'a quantity in a unit that does not compare, still received: a warning', extra: edit(RE, ['unit: g}', 'unit: dosage_units}'], ['status: enrolled', 'status: received']), code: 'QUANTITY_UNIT_MISMATCH', severity: 'warning', file: RE, at: 'quantity:'},
  {name: 'over the threshold, waived, but the protocol lists no over-threshold exclusion', extra: {...edit(V2, ['  - {id: over-threshold, text: Over the threshold., overridable: true}\n', '']), ...edit(RE, ['amount: 2.5', 'amount: 4'], ['exclusions_hit: []}', 'exclusions_hit: [], overrides: [{exclusion: over-threshold, reason: Approved.}]}'])}, code: 'OVER_THRESHOLD', severity: 'error', file: RE, at: 'quantity:'},
  {name: 'an override of an exclusion the protocol does not list (over-threshold too)', extra: {...edit(V2, ['  - {id: over-threshold, text: Over the threshold., overridable: true}\n', '']), ...edit(RE, ['exclusions_hit: []}', 'exclusions_hit: [], overrides: [{exclusion: over-threshold, reason: Approved.}]}'])}, code: 'UNKNOWN_EXCLUSION', severity: 'error', file: RE, at: 'screening:'},
  {name: 'an override whose reason is blank', extra: edit(RE, ['amount: 2.5', 'amount: 4'], ['exclusions_hit: []}', 'exclusions_hit: [], overrides: [{exclusion: over-threshold, reason: " "}]}']), code: 'OVERRIDE_REASON_BLANK', severity: 'error', file: RE, at: 'screening:'},
  {name: 'a blank override reason waives nothing', extra: edit(RE, ['amount: 2.5', 'amount: 4'], ['exclusions_hit: []}', 'exclusions_hit: [], overrides: [{exclusion: over-threshold, reason: " "}]}']), code: 'OVER_THRESHOLD', severity: 'error', file: RE, at: 'quantity:'},
  {name: 'the case manager arrived before the referral was received', extra: edit(RE, ['arrived: "2026-03-09T10:20:00-07:00"', 'arrived: "2026-03-09T09:20:00-07:00"']), code: 'HANDOFF_BEFORE_RECEIVED', severity: 'error', file: RE, at: 'handoff:'},
  {name: 'over the v2 threshold (3 g)', extra: edit(RE, ['amount: 2.5', 'amount: 3.5']), code: 'OVER_THRESHOLD', severity: 'error', file: RE, at: 'quantity:'},
  {name: '2.5 g under v1 (1 g) on v1\'s last day', extra: edit(RE, ['received: "2026-03-09T10:00:00-07:00"', 'received: "2026-02-28T10:00:00-08:00"'], ['r-2026-03-09-eeeeee', 'r-2026-02-28-eeeeee']), code: 'OVER_THRESHOLD', severity: 'error', file: RE, at: 'quantity:'},
  {name: 'mg converts to g: 3500 mg is over 3 g', extra: edit(RE, ['amount: 2.5, unit: g', 'amount: 3500, unit: mg']), code: 'OVER_THRESHOLD', severity: 'error', file: RE, at: 'quantity:'},
  // exclusions
  {name: 'an exclusion id the protocol does not have', extra: edit(RB, ['exclusions_hit: []', 'exclusions_hit: [dealing]']), code: 'UNKNOWN_EXCLUSION', severity: 'error', file: RB, at: 'screening:'},
  {name: 'an exclusion hit without override, enrolled', extra: edit(RB, ['exclusions_hit: []', 'exclusions_hit: [over-threshold]']), code: 'EXCLUSION_HIT', severity: 'error', file: RB, at: 'screening:'},
  {name: 'overriding a non-overridable exclusion', extra: edit(RB, ['exclusions_hit: []', 'exclusions_hit: [violent], overrides: [{exclusion: violent, reason: Old case.}]']), code: 'OVERRIDE_NOT_ALLOWED', severity: 'error', file: RB, at: 'screening:'},
  // social contact evidence
  {name: 'a social contact without evidence', extra: edit(RD, ['evidence: [{date: "2025-09-01", description: Shouting near the library.}]\n', '']), code: 'EVIDENCE_MISSING', severity: 'error', file: RD, at: 'id:'},
  {name: 'evidence dated after the referral', extra: edit(RD, ['date: "2025-09-01"', 'date: "2025-11-03"']), code: 'EVIDENCE_AFTER_RECEIVED', severity: 'error', file: RD, at: 'evidence:'},
  {name: 'evidence older than the 24-month look-back', extra: edit(RD, ['date: "2025-09-01"', 'date: "2023-11-01"']), code: 'EVIDENCE_STALE', severity: 'warning', file: RD, at: 'evidence:'},
  // catchment
  {name: 'a catchment the protocol does not have', extra: edit(RB, ['catchment: downtown', 'catchment: uptown']), code: 'UNKNOWN_CATCHMENT', severity: 'error', file: RB, at: 'catchment:'},
  {name: 'a district outside the named catchment', extra: edit(RB, ['district: D1', 'district: D9']), code: 'DISTRICT_NOT_IN_CATCHMENT', severity: 'warning', file: RB, at: 'district:'},
  {name: 'a district in no catchment', extra: edit(RE, ['district: D1', 'district: D9']), code: 'OUTSIDE_CATCHMENT', severity: 'warning', file: RE, at: 'district:'},
  // intake
  {name: 'intake overdue: rf is due 2026-04-09, judged on 2026-04-10', extra: {}, asOf: '2026-04-10', code: 'INTAKE_OVERDUE', severity: 'warning', file: RF, at: 'status:'},
  {name: 'intake completed before the referral', extra: edit(RB, ['completed: "2026-03-05"', 'completed: "2026-02-27"']), code: 'INTAKE_BEFORE_RECEIVED', severity: 'error', file: RB, at: 'intake:'},
  // daylight saving: a clock time that does not exist on the spring-forward night
  {name: '02:30 on 2026-03-08 does not exist in Los Angeles', extra: edit(RH, ['received: "2026-03-08T01:30:00-08:00"', 'received: "2026-03-08T02:30:00-08:00"']), code: 'TIME_OFFSET_MISMATCH', severity: 'warning', file: RH, at: 'received:'},
  {name: 'a winter offset typed for a summer arrival', extra: edit(RE, ['arrived: "2026-03-09T10:20:00-07:00"', 'arrived: "2026-03-09T10:20:00-08:00"']), code: 'TIME_OFFSET_MISMATCH', severity: 'warning', file: RE, at: 'handoff:'},
  // re-referrals
  {name: 'previous is another participant\'s referral', extra: edit(RH, ['participant: P-BBBBBB', 'participant: P-HHHHHH']), code: 'PREVIOUS_OTHER_PARTICIPANT', severity: 'error', file: RH, at: 'previous:'},
  {name: 'previous is a later referral', extra: {...edit(RH, ['previous: r-2026-03-01-bbbbbb', 'previous: r-2026-03-09-eeeeee']), ...edit(RE, ['participant: P-EEEEEE', 'participant: P-BBBBBB'])}, code: 'PREVIOUS_NOT_EARLIER', severity: 'error', file: RH, at: 'previous:'},
  // consent.ts
  {name: 'a consent expiring before it was signed', extra: edit(CONSENT, ['expires: "2027-03-01"', 'expires: "2026-02-01"']), code: 'CONSENT_EXPIRY_BEFORE_SIGNED', severity: 'error', file: CONSENT, at: 'expires:'},
  {name: 'a consent revoked before it was signed', extra: edit(CONSENT, ['expires: "2027-03-01"', 'expires: "2027-03-01"\nrevoked: "2026-01-01"']), code: 'CONSENT_REVOKED_BEFORE_SIGNED', severity: 'error', file: CONSENT, at: 'revoked:'},
  {name: 'a consent without an expiry', extra: edit(CONSENT, ['expires: "2027-03-01"\n', '']), code: 'CONSENT_NO_EXPIRY', severity: 'error', file: CONSENT, at: 'signed:'},
  {name: 'a referral naming another participant\'s consent', extra: edit(CONSENT, ['participant: P-BBBBBB', 'participant: P-ZZZZZZ']), code: 'CONSENT_OTHER_PARTICIPANT', severity: 'error', file: RB, at: 'consent:'},
  {name: 'a consent signed after the referral', extra: edit(CONSENT, ['signed: "2026-03-01"', 'signed: "2026-03-02"']), code: 'CONSENT_NOT_YET_SIGNED', severity: 'error', file: RB, at: 'consent:'},
  {name: 'a consent revoked on the referral date', extra: edit(CONSENT, ['expires: "2027-03-01"', 'expires: "2027-03-01"\nrevoked: "2026-03-01"']), code: 'CONSENT_REVOKED', severity: 'error', file: RB, at: 'consent:'},
  {name: 'a consent expired the day before', extra: edit(CONSENT, ['signed: "2026-03-01"\nexpires: "2027-03-01"', 'signed: "2025-02-28"\nexpires: "2026-02-28"']), code: 'CONSENT_EXPIRED', severity: 'error', file: RB, at: 'consent:'},
  // declared-places.ts: districts and catchments come from lead.yaml
  {name: 'a district lead.yaml does not declare', extra: edit(RB, ['district: D1', 'district: D3']), code: 'DISTRICT_NOT_DECLARED', severity: 'error', file: RB, at: 'district:'},
  {name: 'a catchment lead.yaml does not declare', extra: edit(RB, ['catchment: downtown', 'catchment: uptown']), code: 'CATCHMENT_NOT_DECLARED', severity: 'error', file: RB, at: 'catchment:'},
  {name: 'a protocol zone naming a district lead.yaml does not declare', extra: edit(V2, ['districts: [D1, D2]}]', 'districts: [D1, D2, D7]}]']), code: 'DISTRICT_NOT_DECLARED', severity: 'warning', file: V2, at: 'catchment:'},
  // privacy.ts
  {name: 'a name in a referral that cannot be read (a duplicate key)', extra: {[RB]: `${REFERRAL_SITE[RB]}status: enrolled\nnotes: Call Maria Lopez\n`}, code: 'PII_NAME', severity: 'error', file: RB, at: 'Call Maria Lopez'},
  {name: 'a name next to an allowed term', extra: {...edit('lead.yaml', ['allow_identifiers: []', 'allow_terms: [Logan Square], allow_identifiers: []']), ...edit(RB, ['status: enrolled', 'notes: Met Maria Lopez at Logan Square.\nstatus: enrolled'])}, code: 'PII_NAME', severity: 'error', file: RB, at: 'notes:'},
  {name: 'a field opted out of the scan: a warning on every run', extra: edit('lead.yaml', ['allow_identifiers: []', 'allow_identifiers: [referral.notes]']), code: 'PRIVACY_SCAN_OFF', severity: 'warning', file: 'lead.yaml', at: 'allow_identifiers'},
  // mou.ts
  {name: 'a party without a signatory row', extra: edit(MOU, ['  - {partner: harbor-housing, name: Gloria Reyes, title: Director, signed: "2026-02-20"}\n', '']), code: 'MOU_PARTY_UNSIGNED', severity: 'error', file: MOU, at: 'parties:'},
  {name: 'a signatory for a partner that is not a party', extra: edit(MOU, ['parties: [{partner: harbor-pd, contribution: Refers.}, ', 'parties: [']), code: 'MOU_SIGNATORY_NOT_PARTY', severity: 'warning', file: MOU, at: '- {partner: harbor-pd'},
  {name: 'a signed MOU with an undated signature', extra: edit(MOU, ['title: Director, signed: "2026-02-20"}\n  - {partner: evergreen-cm', 'title: Director}\n  - {partner: evergreen-cm']), code: 'MOU_SIGNATURE_MISSING', severity: 'warning', file: MOU, at: '- {partner: harbor-pd'},
  {name: 'an MOU ending before it starts', extra: edit(MOU, ['to: "2026-05-31"', 'to: "2026-02-01"']), code: 'MOU_RANGE', severity: 'error', file: MOU, at: 'effective:'},
  {name: 'a signed MOU past its end', extra: {}, asOf: '2026-06-01', code: 'MOU_EXPIRED', severity: 'warning', file: MOU, at: 'effective:'},
  {name: 'a signed MOU ending in exactly 60 days', extra: {}, asOf: '2026-04-01', code: 'MOU_EXPIRING', severity: 'warning', file: MOU, at: 'effective:'},
  {name: 'a PCG member that is party to no signed MOU', extra: edit(MOU, ['status: signed', 'status: draft']), code: 'PCG_NOT_IN_MOU', severity: 'warning', file: 'partners/harbor-pd.yaml', at: 'pcg_member:'},
]

describe('validate rules for protocols, referrals, consents and MOUs', () => {
  it('the small site has only the two expected warnings on 2026-04-06', async () => {
    const found = await findings()
    expect(found.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}`)).toEqual(['warning MOU_EXPIRING mous/2026-mou.yaml:4', 'warning INTAKE_OVERDUE referrals/2025/r-2025-11-02-dddddd.yaml:10'])
  })

  it.each(TRIGGERS)('$code: $name', async (c) => {
    const found = await findings(c.extra, c.asOf)
    const hit = found.filter((d) => d.code === c.code && d.file === c.file)
    expect(hit, JSON.stringify(found, null, 1)).toHaveLength(1)
    expect(hit[0]!.severity).toBe(c.severity)
    if (c.at !== undefined) {
      const text = (c.extra[c.file] ?? REFERRAL_SITE[c.file])!
      const line = text.split('\n').findIndex((l) => l.includes(c.at!)) + 1
      expect(line, `"${c.at}" in ${c.file}`).toBeGreaterThan(0)
      expect(hit[0]!.line).toBe(line)
    }
    expect(hit[0]!.message.length).toBeGreaterThan(10)
  })

  it('where the protocol requires complainant agreement, has_complainant: false completes an arrest diversion', async () => {
    const found = await findings({...edit(V2, ['intake_deadline_days: 30', 'intake_deadline_days: 30\ncomplainant_agreement_required: true']), ...edit(RB, ['exclusions_hit: []', 'exclusions_hit: [], has_complainant: false'])})
    // rb answers the question; re and rh (enrolled arrest diversions) do not.
    expect(found.filter((d) => d.code === 'SCREENING_INCOMPLETE').map((d) => [d.file, d.message.split(' (')[0]])).toEqual([
      [RH, 'screening is incomplete: complainant_agrees not recorded'],
      [RE, 'screening is incomplete: complainant_agrees not recorded'],
    ])
  })

  it('SCREENING_INCOMPLETE names every missing answer in one finding', async () => {
    const found = await findings(edit(RE, ['screening: {age_ok: true, exclusions_hit: []}\n', '']))
    expect(found.filter((d) => d.code === 'SCREENING_INCOMPLETE').map((d) => d.message)).toEqual([
      'screening is incomplete: age_ok, exclusions_hit not recorded (required by protocol 2026-v2 for arrest_diversion), yet the status is enrolled',
    ])
  })
})

describe('near misses pass', () => {
  const PASSES: Array<{name: string; extra: Extra; asOf?: string; absent: string[]}> = [
    {name: 'the last day of v1 and the first day of v2 each judged under their own version', extra: {}, absent: ['PROTOCOL_OVERLAP', 'NO_PROTOCOL_IN_FORCE', 'CHARGE_NOT_DIVERTIBLE']},
    {name: 'exactly at the threshold (3 g under v2)', extra: edit(RE, ['amount: 2.5', 'amount: 3']), absent: ['OVER_THRESHOLD']},
    {name: 'over the threshold with an override and its reason', extra: edit(RE, ['amount: 2.5', 'amount: 4'], ['exclusions_hit: []}', 'exclusions_hit: [], overrides: [{exclusion: over-threshold, reason: Liaison prosecutor approved.}]}']), absent: ['OVER_THRESHOLD', 'EXCLUSION_HIT']},
    {name: 'an overridable exclusion with an override', extra: edit(RB, ['exclusions_hit: []', 'exclusions_hit: [over-threshold], overrides: [{exclusion: over-threshold, reason: Split bags.}]']), absent: ['EXCLUSION_HIT', 'OVERRIDE_NOT_ALLOWED']},
    {name: 'an ineligible referral marked ineligible', extra: edit(RB, ['age_ok: true', 'age_ok: false'], ['status: enrolled', 'status: ineligible']), absent: ['UNDER_MIN_AGE']},
    {name: 'evidence exactly 24 months back', extra: edit(RD, ['date: "2025-09-01"', 'date: "2023-11-02"']), absent: ['EVIDENCE_STALE']},
    {name: 'intake due today is not overdue', extra: {}, asOf: '2026-04-09', absent: ['INTAKE_OVERDUE:referrals/2026/r-2026-03-10-ffffff.yaml']},
    {name: 'an overdue intake with status intake_missed', extra: edit(RD, ['status: received', 'status: intake_missed']), absent: ['INTAKE_OVERDUE']},
    {name: 'consent signed on the referral day and expiring on it', extra: edit(CONSENT, ['signed: "2026-03-01"\nexpires: "2027-03-01"', 'signed: "2025-03-01"\nexpires: "2026-03-01"']), absent: ['CONSENT_EXPIRED', 'CONSENT_NOT_YET_SIGNED']},
    {name: 'a consent revoked after the referral', extra: edit(CONSENT, ['expires: "2027-03-01"', 'expires: "2027-03-01"\nrevoked: "2026-03-02"']), absent: ['CONSENT_REVOKED']},
    {name: 'a received referral not screened yet is not incomplete (screening is under way)', extra: edit(RD, ['screening: {age_ok: true, exclusions_hit: []}\n', '']), absent: ['SCREENING_INCOMPLETE']},
    {name: 'an MOU ending in 61 days', extra: {}, asOf: '2026-03-31', absent: ['MOU_EXPIRING', 'MOU_EXPIRED']},
    {name: 'both 01:30s of the fall-back night carry the offset in force', extra: {}, absent: ['TIME_OFFSET_MISMATCH']},
    {name: 'a time written in UTC is not an offset mismatch', extra: edit(RH, ['received: "2026-03-08T01:30:00-08:00"', 'received: "2026-03-08T09:30:00Z"']), absent: ['TIME_OFFSET_MISMATCH']},
    {name: 'a declared district that reads like a name is not scanned', extra: {...edit('lead.yaml', ['districts: [D1, D2]', 'districts: [D1, D2, Logan Square]']), ...edit(RB, ['district: D1', 'district: Logan Square'])}, absent: ['PII_NAME', 'DISTRICT_NOT_DECLARED']},
    {name: "allowed terms pass in free text, apostrophes and all", extra: {...edit('lead.yaml', ['allow_identifiers: []', `allow_terms: [Logan Square, "O'Hare"], allow_identifiers: []`]), ...edit(RB, ['status: enrolled', "notes: Met at Logan Square, then at O'Hare.\nstatus: enrolled"])}, absent: ['PII_NAME']},
    {name: 'a site can turn INTAKE_OVERDUE off', extra: {'lead.yaml': `${REFERRAL_SITE['lead.yaml']}rules: {INTAKE_OVERDUE: "off"}\n`}, absent: ['INTAKE_OVERDUE']},
  ]
  it.each(PASSES)('$name', async (c) => {
    const found = await findings(c.extra, c.asOf)
    for (const code of c.absent) {
      const [want, file] = code.split(':')
      expect(found.filter((d) => d.code === want && (!file || d.file === file)), JSON.stringify(found, null, 1)).toEqual([])
    }
    expect(found.filter((d) => d.severity === 'error'), JSON.stringify(found, null, 1)).toEqual([])
  })
})

describe('staff names come from staff records only', () => {
  it('a case manager named in one referral does not whitelist that name in another', async () => {
    const extra = {
      ...edit(RB, ['status: enrolled', 'notes: Seen with Maria Lopez at the pier.\nstatus: enrolled']),
      ...edit(RE, ['case_manager: Casey Ruiz', 'case_manager: Maria Lopez']),
    }
    const found = await findings(extra)
    expect(found.filter((f) => f.code === 'PII_NAME').map((f) => f.file)).toEqual([RB])
  })
})
