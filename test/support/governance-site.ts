/**
 * A small site for the meeting rules, the agenda and the meeting forms, whose figures the tests
 * work out by hand. Five PCG member agencies (pd, prosecutor, defender, cm, pm) and a shelter that
 * sits on the OWG only; an MOU in effect from 2026-01-01 with a quorum of 4 including the
 * prosecutor (before it, every member must be represented). Protocol v1 was adopted before the
 * first recorded PCG meeting (2025-12-10), v2 by decision pcg-2026-02-11#1, v3 is a draft.
 *
 * Participants: A enrolled (consent names everyone but the shelter), B received with its intake
 * overdue and a consent that names only the pd and the cm, expiring 2026-05-20; C re-referred on
 * 2026-05-01 after a closed referral; D declined; E closed on 2026-04-30.
 */
import {git, tempDir} from './cli.js'
import {writeSiteFiles} from './referral-site.js'

export const GOVERNANCE_SITE: Record<string, string> = {
  'lead.yaml': `site: {name: Governance Test LEAD, timezone: America/Los_Angeles}
courses: [{id: lead-initial, name: LEAD initial training, valid_months: 24}]
privacy: {min_cell: 3, allow_identifiers: []}
`,
  'partners/pd.yaml': `id: pd
name: City Police
type: law_enforcement
pcg_member: true
owg_member: true
contacts: [{name: Chief Dana Cole, role: Chief}, {name: Sgt. Lee Park, role: OWG}]
`,
  'partners/prosecutor.yaml': `id: prosecutor
name: County Prosecutor
type: prosecutor
pcg_member: true
owg_member: true
contacts: [{name: Ray Ortiz, role: Liaison prosecutor}]
`,
  'partners/defender.yaml': `id: defender
name: Public Defender
type: public_defender
pcg_member: true
owg_member: true
contacts: [{name: Mia Chen, role: Supervising attorney}]
`,
  'partners/cm.yaml': `id: cm
name: Case Management Agency
type: case_management
pcg_member: true
owg_member: true
contacts: [{name: Casey Ruiz, role: Case manager}, {name: Jordan Lee, role: Case manager}, {name: Pat Quinn, role: Director}]
`,
  'partners/pm.yaml': `id: pm
name: Project Management
type: project_management
pcg_member: true
owg_member: true
contacts: [{name: Morgan Tate, role: Project manager}]
`,
  'partners/shelter.yaml': `id: shelter
name: Harbor Shelter
type: community
pcg_member: false
owg_member: true
contacts: [{name: Deb Okonkwo, role: Outreach}]
`,
  'mous/2026-mou.yaml': `id: 2026-mou
title: Test MOU
status: signed
effective: {from: "2026-01-01", to: "2027-12-31"}
review_by: "2026-07-01"
parties:
  - {partner: pd, contribution: Refers.}
  - {partner: prosecutor, contribution: Holds cases.}
  - {partner: defender, contribution: Advises.}
  - {partner: cm, contribution: Case management.}
  - {partner: pm, contribution: Convenes.}
  - {partner: shelter, contribution: Outreach.}
governance: {decision: consensus, votes_per_member: 1, quorum: {members: 4, required: [prosecutor]}}
signatories:
  - {partner: pd, name: Chief Dana Cole, title: Chief, signed: "2025-12-15"}
  - {partner: prosecutor, name: Ray Ortiz, title: Prosecutor, signed: "2025-12-15"}
  - {partner: defender, name: Mia Chen, title: Defender, signed: "2025-12-15"}
  - {partner: cm, name: Pat Quinn, title: Director, signed: "2025-12-15"}
  - {partner: pm, name: Morgan Tate, title: Manager, signed: "2025-12-15"}
  - {partner: shelter, name: Deb Okonkwo, title: Outreach, signed: "2025-12-15"}
`,
  'protocols/2025-v1.yaml': protocol({id: '2025-v1', version: 1, status: 'superseded', adopted: '{date: "2024-11-01", by: pcg}', effective: '{from: "2025-01-01", to: "2026-02-28"}'}),
  'protocols/2026-v2.yaml': protocol({id: '2026-v2', version: 2, status: 'adopted', adopted: '{date: "2026-02-11", by: pcg, decision: "pcg-2026-02-11#1"}', effective: '{from: "2026-03-01"}'}),
  'protocols/2027-v3.yaml': protocol({id: '2027-v3', version: 3, status: 'draft', effective: '{from: "2027-01-01"}'}),
  'referrals/2026/r-2026-03-02-aaaaaa.yaml': `id: r-2026-03-02-aaaaaa
pathway: community
received: "2026-03-02T10:00:00-08:00"
referrer: {partner: shelter}
participant: P-AAAAAA
handoff: {method: warm, case_manager: Casey Ruiz, arrived: "2026-03-02T10:20:00-08:00"}
intake: {completed: "2026-03-05"}
screening: {age_ok: true, criteria_met: true, exclusions_hit: []}
status: enrolled
consent: c-2026-03-02-aaaaaa
`,
  'consents/c-2026-03-02-aaaaaa.yaml': consent('c-2026-03-02-aaaaaa', 'P-AAAAAA', '2026-03-02', '2027-03-02', '[cm]', '[pd, prosecutor, defender, pm]'),
  'referrals/2026/r-2026-04-10-bbbbbb.yaml': `id: r-2026-04-10-bbbbbb
pathway: community
received: "2026-04-10T09:00:00-07:00"
referrer: {partner: shelter}
participant: P-BBBBBB
handoff: {method: scheduled, case_manager: Jordan Lee}
status: received
`,
  'consents/c-2026-04-10-bbbbbb.yaml': consent('c-2026-04-10-bbbbbb', 'P-BBBBBB', '2026-04-10', '2026-05-20', '[cm]', '[pd]'),
  'referrals/2025/r-2025-10-01-cccccc.yaml': `id: r-2025-10-01-cccccc
pathway: community
received: "2025-10-01T09:00:00-07:00"
referrer: {partner: shelter}
participant: P-CCCCCC
handoff: {method: scheduled, case_manager: Casey Ruiz}
intake: {completed: "2025-10-03"}
screening: {age_ok: true, criteria_met: true, exclusions_hit: []}
status: closed
closed: "2026-01-31"
`,
  'referrals/2026/r-2026-05-01-cccccc.yaml': `id: r-2026-05-01-cccccc
pathway: community
received: "2026-05-01T09:00:00-07:00"
referrer: {partner: shelter}
participant: P-CCCCCC
handoff: {method: scheduled, case_manager: Casey Ruiz}
intake: {completed: "2026-05-03"}
screening: {age_ok: true, criteria_met: true, exclusions_hit: []}
status: enrolled
previous: r-2025-10-01-cccccc
`,
  'consents/c-2025-10-01-cccccc.yaml': consent('c-2025-10-01-cccccc', 'P-CCCCCC', '2025-10-01', '2026-10-01', '[cm]', '[pd, prosecutor, defender, pm, shelter]'),
  'referrals/2026/r-2026-01-15-dddddd.yaml': `id: r-2026-01-15-dddddd
pathway: community
received: "2026-01-15T09:00:00-08:00"
referrer: {partner: shelter}
participant: P-DDDDDD
status: declined
`,
  'referrals/2026/r-2026-02-01-eeeeee.yaml': `id: r-2026-02-01-eeeeee
pathway: community
received: "2026-02-01T09:00:00-08:00"
referrer: {partner: shelter}
participant: P-EEEEEE
handoff: {method: scheduled, case_manager: Jordan Lee}
intake: {completed: "2026-02-04"}
screening: {age_ok: true, criteria_met: true, exclusions_hit: []}
status: closed
closed: "2026-04-30"
`,
  // Before the MOU: every one of the five members must be represented.
  'meetings/2025/pcg-2025-12-10.yaml': `id: pcg-2025-12-10
body: pcg
date: "2025-12-10"
status: held
attendees:
  - {partner: pd, name: Chief Dana Cole}
  - {partner: prosecutor, name: Ray Ortiz}
  - {partner: defender, name: Mia Chen}
  - {partner: cm, name: Pat Quinn}
  - {partner: pm, name: Morgan Tate}
decisions:
  - {kind: amend_mou, text: Send the 2026 MOU for signature., concerns: [{kind: mou, id: 2026-mou}], outcome: consensus}
`,
  // Under the MOU: four of five, with the prosecutor.
  'meetings/2026/pcg-2026-02-11.yaml': `id: pcg-2026-02-11
body: pcg
date: "2026-02-11"
status: held
attendees:
  - {partner: pd, name: Chief Dana Cole}
  - {partner: prosecutor, name: Ray Ortiz}
  - {partner: cm, name: Pat Quinn}
  - {partner: pm, name: Morgan Tate}
decisions:
  - {kind: adopt_protocol, text: Adopt protocol version 2., concerns: [{kind: protocol, id: 2026-v2}], outcome: consensus}
actions:
  - {text: Print the new pocket cards., owner: pd, due: "2026-02-25", done: "2026-02-24"}
`,
  'meetings/2026/pcg-2026-04-08.yaml': `id: pcg-2026-04-08
body: pcg
date: "2026-04-08"
status: held
attendees:
  - {partner: pd, name: Chief Dana Cole}
  - {partner: prosecutor, name: Ray Ortiz}
  - {partner: defender, name: Mia Chen}
  - {partner: pm, name: Morgan Tate}
decisions:
  - {kind: approve_report, text: Approve the first-quarter report., outcome: consensus}
  - {kind: other, text: Weekend case-manager coverage., outcome: deferred}
actions:
  - {text: Cost out weekend coverage., owner: cm, due: "2026-05-01"}
  - {text: Circulate the minutes., owner: pm, due: "2026-04-15", done: "2026-04-14"}
`,
  'meetings/2026/pcg-2026-06-10.yaml': `id: pcg-2026-06-10
body: pcg
date: "2026-06-10"
status: planned
agenda: [{title: Protocol version 3, presenter: cm}]
`,
  'meetings/2026/owg-2026-04-28.yaml': `id: owg-2026-04-28
body: owg
date: "2026-04-28"
status: held
attendees:
  - {partner: cm, name: Casey Ruiz}
  - {partner: pd, name: Sgt. Lee Park}
  - {partner: prosecutor, name: Ray Ortiz}
  - {partner: pm, name: Morgan Tate}
  - {partner: shelter, name: Deb Okonkwo}
case_conferences:
  - {participant: P-AAAAAA, topics: [housing], last_contact: "2026-04-27", excused: [shelter], next_steps: [Case manager to accompany to the housing intake.]}
actions:
  - {text: Update the on-call list., owner: pd, due: "2026-05-20"}
`,
  'meetings/2026/owg-2026-05-12.yaml': `id: owg-2026-05-12
body: owg
date: "2026-05-12"
status: planned
`,
}

function protocol(p: {id: string; version: number; status: string; adopted?: string; effective: string}): string {
  return `id: "${p.id}"
title: Test protocol
version: ${p.version}
status: ${p.status}
${p.adopted ? `adopted: ${p.adopted}\n` : ''}effective: ${p.effective}
pathways: [arrest_diversion, community]
min_age: 18
divertible_charges: [{code: RCW 1, label: Possession, category: drug}]
exclusions: [{id: violent, text: Violent history., overridable: false}]
intake_deadline_days: 14
coverage:
  hours: [{days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00"}]
  response_target_minutes: 30
`
}

function consent(id: string, participant: string, signed: string, expires: string, disclosers: string, recipients: string): string {
  return `id: ${id}
participant: ${participant}
signed: "${signed}"
expires: "${expires}"
disclosers: ${disclosers}
recipients: ${recipients}
information: Enrolment status and attendance.
purpose: Coordinate case management.
`
}

/** Write the site (plus `extra` files; a null value deletes a file) into `root`. */
export function writeGovernanceSite(root: string, extra: Record<string, string | null> = {}): string {
  return writeSiteFiles(root, {...GOVERNANCE_SITE, ...extra})
}

/** One fixture file with text replaced (fails loudly when the text is not there). */
export function editGovernance(file: string, ...pairs: Array<[string, string]>): Record<string, string> {
  let text = GOVERNANCE_SITE[file]
  if (text === undefined) throw new Error(`no fixture file ${file}`)
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`)
    text = text.replace(from, to)
  }
  return {[file]: text}
}

/** The governance site in a new git repository, committed. */
export function committedGovernanceSite(env: NodeJS.ProcessEnv, extra: Record<string, string | null> = {}): string {
  const root = writeGovernanceSite(tempDir(), extra)
  git(root, ['init', '-q'], env)
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-qm', 'governance site'], env)
  return root
}
