/**
 * A small referral site whose report figures are computed by hand in the tests (see the table in
 * test/core/referral-reports.test.ts). Two protocol versions (v1 ends 2026-02-28, v2 starts
 * 2026-03-01), eight referrals including both 01:30s of the 2025-11-02 fall-back night and the
 * 2026-03-08 spring-forward night, in America/Los_Angeles. Every referral but the first (screened
 * out by its charge) records the screening answers its protocol requires (age, exclusions).
 */
import fs from 'node:fs'
import path from 'node:path'
import {git, tempDir} from './cli.js'

export const REFERRAL_SITE: Record<string, string> = {
  'lead.yaml': `site: {name: Small Test LEAD, jurisdiction: Test County, timezone: America/Los_Angeles}
courses: [{id: lead-initial, name: LEAD initial training, valid_months: 24}]
privacy: {min_cell: 3, districts: [D1, D2], catchments: [downtown], allow_identifiers: []}
`,
  'partners/harbor-pd.yaml': `id: harbor-pd
name: Harbor Police Department
type: law_enforcement
pcg_member: true
contacts: [{name: Lt. Renee Alvarado, role: liaison}]
`,
  'partners/evergreen-cm.yaml': `id: evergreen-cm
name: Evergreen Case Management
type: case_management
pcg_member: true
contacts: [{name: Casey Ruiz, role: case manager}, {name: Jordan Lee, role: case manager}]
`,
  'partners/harbor-housing.yaml': `id: harbor-housing
name: Harbor Housing Coalition
type: community
pcg_member: true
`,
  'rosters/harbor-pd.yaml': `id: harbor-pd
agency: harbor-pd
as_of: "2026-01-01"
tracked_since: "2025-01-01"
officers:
  - {id: "lead-0412", badge: "0412", name: Dana Ortiz, status: active, catchment: true}
  - {id: "lead-0077", badge: "0077", name: Marcus Bell, status: active, catchment: true}
`,
  // Both referring officers are trained, so the training rules stay quiet in referral tests.
  'trainings/2025-01-15-initial.yaml': `id: "2025-01-15-initial"
course: lead-initial
date: "2025-01-15"
agency: harbor-pd
attendees: [{badge: "0412"}, {badge: "0077"}]
`,
  'protocols/2025-v1.yaml': `id: "2025-v1"
title: Test protocol
version: 1
status: superseded
adopted: {date: "2024-12-01", by: pcg}
effective: {from: "2025-01-01", to: "2026-02-28"}
catchment: [{id: downtown, name: Downtown, districts: [D1, D2]}]
pathways: [arrest_diversion, social_contact]
min_age: 18
divertible_charges:
  - {code: RCW 1, label: Possession, category: drug, max_quantity: 1, unit: g}
  - {code: RCW 2, label: Trespass, category: property}
exclusions:
  - {id: over-threshold, text: Over the threshold., overridable: true}
  - {id: violent, text: Violent history., overridable: false}
intake_deadline_days: 14
social_contact_lookback_months: 24
coverage:
  hours: [{days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00"}]
  response_target_minutes: 30
caseload: {target: 2, max: 3}
`,
  'protocols/2026-v2.yaml': `id: "2026-v2"
title: Test protocol
version: 2
status: adopted
adopted: {date: "2026-02-15", by: pcg}
effective: {from: "2026-03-01"}
supersedes: "2025-v1"
catchment: [{id: downtown, name: Downtown, districts: [D1, D2]}]
pathways: [arrest_diversion, social_contact, community]
min_age: 18
divertible_charges:
  - {code: RCW 1, label: Possession, category: drug, max_quantity: 3, unit: g}
  - {code: RCW 2, label: Trespass, category: property}
  - {code: RCW 3, label: Mischief, category: property}
exclusions:
  - {id: over-threshold, text: Over the threshold., overridable: true}
  - {id: violent, text: Violent history., overridable: false}
intake_deadline_days: 30
social_contact_lookback_months: 24
coverage:
  hours: [{days: [mon, tue, wed, thu, fri], from: "06:00", to: "22:00"}, {days: [sat, sun], from: "08:00", to: "20:00"}]
  response_target_minutes: 30
caseload: {target: 2, max: 3}
`,
  'mous/2026-mou.yaml': `id: 2026-mou
title: Test MOU
status: signed
effective: {from: "2026-03-01", to: "2026-05-31"}
protocol: "2026-v2"
parties: [{partner: harbor-pd, contribution: Refers.}, {partner: evergreen-cm, contribution: Case management.}, {partner: harbor-housing, contribution: Community referrals.}]
signatories:
  - {partner: harbor-pd, name: Marisol Vega, title: Director, signed: "2026-02-20"}
  - {partner: evergreen-cm, name: Lydia Fenwick, title: Director, signed: "2026-02-20"}
  - {partner: harbor-housing, name: Gloria Reyes, title: Director, signed: "2026-02-20"}
`,
  'consents/c-2026-03-01-aaaaaa.yaml': `id: c-2026-03-01-aaaaaa
participant: P-BBBBBB
signed: "2026-03-01"
expires: "2027-03-01"
disclosers: [evergreen-cm]
recipients: [harbor-pd]
information: Intake completion and enrolment status.
purpose: Coordinate case management.
witness: Casey Ruiz
`,
  // ra: last day of v1 (Saturday 23:30 local): RCW 3 is not divertible under v1.
  'referrals/2026/r-2026-02-28-aaaaaa.yaml': `id: r-2026-02-28-aaaaaa
pathway: arrest_diversion
received: "2026-02-28T23:30:00-08:00"
referrer: {agency: harbor-pd, badge: "0412"}
district: D1
participant: P-AAAAAA
charges: [RCW 3]
status: ineligible
`,
  // rb: first day of v2 (Sunday 00:10): RCW 3 divertible now; response 40 min.
  'referrals/2026/r-2026-03-01-bbbbbb.yaml': `id: r-2026-03-01-bbbbbb
pathway: arrest_diversion
received: "2026-03-01T00:10:00-08:00"
referrer: {agency: harbor-pd, badge: "0412"}
district: D1
catchment: downtown
participant: P-BBBBBB
charges: [RCW 3]
screening: {age_ok: true, criteria_met: true, exclusions_hit: []}
handoff: {method: warm, case_manager: Casey Ruiz, arrived: "2026-03-01T00:50:00-08:00"}
intake: {completed: "2026-03-05"}
status: enrolled
consent: c-2026-03-01-aaaaaa
`,
  // rc: the first 01:30 of the fall-back night (-07:00); case manager arrives at the second 01:30: 60 min.
  'referrals/2025/r-2025-11-02-cccccc.yaml': `id: r-2025-11-02-cccccc
pathway: social_contact
received: "2025-11-02T01:30:00-07:00"
referrer: {agency: harbor-pd, badge: "0077"}
district: D2
participant: P-CCCCCC
evidence: [{date: "2025-06-01", description: Sleeping in a doorway.}]
screening: {age_ok: true, exclusions_hit: []}
handoff: {method: warm, case_manager: Casey Ruiz, arrived: "2025-11-02T01:30:00-08:00"}
intake: {completed: "2025-11-10"}
status: closed
closed: "2026-01-15"
`,
  // rd: the second 01:30 (-08:00); no intake: due 2025-11-16.
  'referrals/2025/r-2025-11-02-dddddd.yaml': `id: r-2025-11-02-dddddd
pathway: social_contact
received: "2025-11-02T01:30:00-08:00"
referrer: {agency: harbor-pd, badge: "0077"}
district: D2
participant: P-DDDDDD
evidence: [{date: "2025-09-01", description: Shouting near the library.}]
screening: {age_ok: true, exclusions_hit: []}
handoff: {method: scheduled, case_manager: Jordan Lee}
status: received
`,
  // re: Monday after spring-forward; 2.5 g is within v2's 3 g; intake late (due 2026-04-08).
  'referrals/2026/r-2026-03-09-eeeeee.yaml': `id: r-2026-03-09-eeeeee
pathway: arrest_diversion
received: "2026-03-09T10:00:00-07:00"
referrer: {agency: harbor-pd, badge: "0412"}
district: D1
participant: P-EEEEEE
charges: [RCW 1]
quantity: {amount: 2.5, unit: g}
screening: {age_ok: true, exclusions_hit: []}
handoff: {method: warm, case_manager: Casey Ruiz, arrived: "2026-03-09T10:20:00-07:00"}
intake: {completed: "2026-04-20"}
status: enrolled
`,
  // rf: community referral, intake due 2026-04-09.
  'referrals/2026/r-2026-03-10-ffffff.yaml': `id: r-2026-03-10-ffffff
pathway: community
received: "2026-03-10T09:00:00-07:00"
referrer: {partner: harbor-housing}
district: D2
participant: P-FFFFFF
screening: {age_ok: true, exclusions_hit: []}
handoff: {method: warm, case_manager: Casey Ruiz, arrived: "2026-03-10T09:25:00-07:00"}
status: eligible
`,
  // rg: declined.
  'referrals/2026/r-2026-04-01-gggggg.yaml': `id: r-2026-04-01-gggggg
pathway: arrest_diversion
received: "2026-04-01T12:00:00-07:00"
referrer: {agency: harbor-pd, badge: "0077"}
district: D1
participant: P-GGGGGG
charges: [RCW 2]
screening: {age_ok: true, exclusions_hit: []}
handoff: {method: scheduled, case_manager: Jordan Lee}
status: declined
`,
  // rh: spring-forward night, 01:30 PST; the case manager arrives 03:10 PDT: 40 min. Re-referral of rb.
  'referrals/2026/r-2026-03-08-hhhhhh.yaml': `id: r-2026-03-08-hhhhhh
pathway: arrest_diversion
received: "2026-03-08T01:30:00-08:00"
referrer: {agency: harbor-pd, badge: "0412"}
district: D1
participant: P-BBBBBB
charges: [RCW 2]
screening: {age_ok: true, exclusions_hit: []}
handoff: {method: warm, case_manager: Casey Ruiz, arrived: "2026-03-08T03:10:00-07:00"}
intake: {completed: "2026-03-08"}
status: enrolled
previous: r-2026-03-01-bbbbbb
`,
}

/** Write the small site (plus `extra` files; a null value deletes a file) into `root`. */
export function writeReferralSite(root: string, extra: Record<string, string | null> = {}): string {
  return writeSiteFiles(root, {...REFERRAL_SITE, ...extra})
}

/** Write site files by relative path into `root`; a null content deletes the file. */
export function writeSiteFiles(root: string, files: Record<string, string | null>): string {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel)
    if (content === null) {
      fs.rmSync(abs, {force: true})
      continue
    }
    fs.mkdirSync(path.dirname(abs), {recursive: true})
    fs.writeFileSync(abs, content)
  }
  return root
}

/** The small referral site as a committed git repository in a new temporary folder. */
export function committedReferralSite(env: NodeJS.ProcessEnv): string {
  const root = writeReferralSite(tempDir())
  git(root, ['init', '-q'], env)
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-qm', 'small site'], env)
  return root
}

/** Files to add to or change in a test site (a null value deletes a file). */
export type SiteExtra = Record<string, string | null>

/** One rule case run against a test site: the edit, the finding it must raise, and where. */
export interface RuleCase {
  name: string
  extra: SiteExtra
  asOf?: string
  code: string
  severity: 'error' | 'warning'
  file: string
  /** Text on the line the finding points at, in the (edited) file. */
  at?: string
  /** Words the message must hold, and words it must not (a participant's code). */
  says?: string[]
  never?: string[]
}
