import fs from 'node:fs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv, writeSiteFile} from '../support/cli.js'
import {committedReferralSite, writeReferralSite} from '../support/referral-site.js'

let small: string
let example: string
const env = testEnv()

beforeAll(() => {
  small = committedReferralSite(env)
  example = exampleSite(env, {warm: true})
})
afterAll(cleanupTemp)

const lead = (args: string[], cwd = small) => runLead(args, {cwd, env})

describe('lead referral check', () => {
  it('explains an eligible referral step by step and exits 0', () => {
    const r = lead(['referral', 'check', 'r-2026-03-01-bbbbbb', '--as-of', '2026-03-10'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('r-2026-03-01-bbbbbb: ELIGIBLE under protocol 2026-v2 (version 2)')
    expect(r.stdout).toContain('received 2026-03-01 00:10 sun (UTC-08:00) · arrest_diversion · status enrolled')
    expect(r.stdout).toMatch(/✓ protocol +2026-v2 \(version 2\) was in force on 2026-03-01, the date received/)
    expect(r.stdout).toMatch(/✓ charge +charge RCW 3: Mischief \(property\) is divertible under 2026-v2/)
    expect(r.stdout).toContain('intake: due 2026-03-31 (30 days after 2026-03-01); completed 2026-03-05, on time')
    expect(r.stdout).toContain('consent: c-2026-03-01-aaaaaa covers it (signed 2026-03-01, expires 2027-03-01)')
    expect(r.stdout).toContain('handoff: warm with Casey Ruiz; case manager arrived after 40 min (target 30: over); received outside staffed coverage hours')
    expect(r.stdout).not.toMatch(/\u001b\[/)
    expect(r.stderr).toBe('')
  })

  it('exits 1 for an ineligible referral, with the reasoning as JSON', () => {
    const r = lead(['referral', 'check', 'r-2026-02-28-aaaaaa', '--json', '--as-of', '2026-03-10'])
    expect(r.code).toBe(1)
    const j = r.json()
    expect(j).toMatchObject({ok: false, eligible: false, outcome: 'ineligible', referral: 'r-2026-02-28-aaaaaa', protocol: {id: '2025-v1', version: 1}})
    expect(j.received).toEqual({at: '2026-02-28T23:30:00-08:00', date: '2026-02-28', time: '23:30', weekday: 'sat', offset: '-08:00'})
    expect(j.reasons).toEqual([expect.objectContaining({step: 'charge', ok: false, code: 'CHARGE_NOT_DIVERTIBLE', effect: 'ineligible', path: ['charges', 0]})])
    expect(j.intake).toMatchObject({due: '2026-03-14', deadlineDays: 14})
    expect(j.handoff).toEqual({offHours: true, targetMinutes: 30})
    const text = lead(['referral', 'check', 'r-2026-02-28-aaaaaa'])
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(/✗ charge +charge RCW 3 is not on 2025-v1's divertible list {2}\[CHARGE_NOT_DIVERTIBLE\]/)
  })

  it('shows days left for a pending intake', () => {
    const r = lead(['referral', 'check', 'r-2026-03-10-ffffff', '--as-of', '2026-04-06'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('intake: due 2026-04-09 (30 days after 2026-03-10); 3 days left')
    const late = lead(['referral', 'check', 'r-2026-03-10-ffffff', '--as-of', '2026-04-12', '--json']).json()
    expect(late.intake).toMatchObject({overdue: true, daysLeft: -3})
  })

  it('unknown id: exit 2 with a suggestion; bad --as-of: exit 2', () => {
    const r = lead(['referral', 'check', 'r-2026-03-01-bbbbbc'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error UNKNOWN_REFERRAL no referral "r-2026-03-01-bbbbbc" (did you mean "r-2026-03-01-bbbbbb"?)')
    const j = lead(['referral', 'check', 'nope', '--json'])
    expect(j.code).toBe(2)
    expect(j.json()).toMatchObject({ok: false, error: {code: 'UNKNOWN_REFERRAL'}})
    const d = lead(['referral', 'check', 'r-2026-03-01-bbbbbb', '--as-of', '2026-13-01'])
    expect(d.code).toBe(2)
    expect(d.stderr).toContain('BAD_DATE')
  })

  it('a referral that fails its schema: exit 1 pointing at the problem', () => {
    const dir = writeReferralSite(tempDir(), {'referrals/2026/r-2026-03-01-bbbbbb.yaml': 'id: r-2026-03-01-bbbbbb\npathway: arrest_diversion\n'})
    const r = lead(['referral', 'check', 'r-2026-03-01-bbbbbb'], dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^referrals\/2026\/r-2026-03-01-bbbbbb\.yaml:1:1: error INVALID_RECORD/)
  })

  it('on the example site: the last day of protocol 1 and the first day of protocol 2, and both 01:30s of the fall-back night', () => {
    const last = lead(['referral', 'check', 'r-2026-02-28-omlk3f', '--json', '--as-of', '2026-11-27'], example)
    expect(last.code).toBe(0)
    expect(last.json()).toMatchObject({eligible: true, protocol: {id: '2025-v1'}, intake: {due: '2026-03-14'}})
    const first = lead(['referral', 'check', 'r-2026-03-01-1gykb3', '--json', '--as-of', '2026-11-27'], example)
    expect(first.json()).toMatchObject({eligible: true, protocol: {id: '2026-v2'}, intake: {due: '2026-03-31'}})
    const a = lead(['referral', 'check', 'r-2025-11-02-42j88u', '--json'], example).json()
    const b = lead(['referral', 'check', 'r-2025-11-02-89tflr', '--json'], example).json()
    expect([a.received.time, a.received.offset, b.received.time, b.received.offset]).toEqual(['01:30', '-07:00', '01:30', '-08:00'])
    expect(git(example, ['status', '--porcelain'], env)).toBe('')
  })
})

describe('an unscreened referral is never eligible (issue 12)', () => {
  it('a retail-theft referral marked enrolled without screening answers: UNDECIDED (exit 1), SCREENING_INCOMPLETE, its own funnel stage', () => {
    const dir = exampleSite(env, {warm: true})
    const file = 'referrals/2026/r-2026-11-20-theft1.yaml'
    writeSiteFile(dir, file, `id: r-2026-11-20-theft1
pathway: arrest_diversion
received: "2026-11-20T14:05:00-08:00"
referrer: {agency: harbor-pd, badge: "0412"}
district: D1
participant: P-TH3FT2
charges: [RCW 9A.56.050]
handoff: {method: warm, case_manager: Jordan Lee, arrived: "2026-11-20T14:30:00-08:00"}
intake: {completed: "2026-11-21"}
status: enrolled
`)
    const check = lead(['referral', 'check', 'r-2026-11-20-theft1', '--as-of', '2026-11-27'], dir)
    expect(check.code).toBe(1)
    expect(check.stdout).toContain('r-2026-11-20-theft1: UNDECIDED under protocol 2026-v2 (version 2)')
    expect(check.stdout).toContain('screening incomplete: screening.age_ok, screening.criteria_met, screening.complainant_agrees, screening.exclusions_hit not recorded')
    expect(check.stdout).toMatch(/\? age +minimum age \(18\+\) not recorded yet {2}\[SCREENING_INCOMPLETE\]/)
    const json = lead(['referral', 'check', 'r-2026-11-20-theft1', '--json', '--as-of', '2026-11-27'], dir)
    expect(json.json()).toMatchObject({ok: false, eligible: false, outcome: 'undetermined', reasons: [], missing: ['screening.age_ok', 'screening.criteria_met', 'screening.complainant_agrees', 'screening.exclusions_hit']})

    const validate = lead(['validate', '--json', '--as-of', '2026-11-27'], dir)
    expect(validate.code).toBe(1)
    expect(validate.json().diagnostics).toEqual([expect.objectContaining({code: 'SCREENING_INCOMPLETE', severity: 'error', file, line: 1})])

    const funnel = lead(['report', 'funnel', '--json'], dir).json()
    expect(funnel.total.stages.slice(0, 3).map((s: {stage: string; count: number}) => [s.stage, s.count])).toEqual([['referred', 60], ['screening_incomplete', 4], ['eligible', 51]])
  })
})

describe('validate with the referral rules', () => {
  it('keeps the example site free of errors and warnings on 2026-11-27', () => {
    const r = lead(['validate', '--json', '--as-of', '2026-11-27'], example)
    expect(r.code).toBe(0)
    expect(r.json()).toMatchObject({ok: true, errors: 0, warnings: 0})
  })

  it('flags an identifier in a note (error, exit 1) without repeating it; a site opt-in silences that field, with a warning on every run', () => {
    const dir = exampleSite(env, {warm: true})
    const file = 'referrals/2026/r-2026-11-25-v3l3ie.yaml'
    writeSiteFile(dir, file, `${fs.readFileSync(`${dir}/${file}`, 'utf8')}notes: "Call her sister at 360-555-0199."\n`)
    const r = lead(['validate', '--json', '--as-of', '2026-11-27'], dir)
    expect(r.code).toBe(1)
    const d = r.json().diagnostics
    expect(d).toEqual([expect.objectContaining({code: 'PII_PHONE', severity: 'error', file, line: 16, column: 28})])
    expect(d[0].message).toContain('notes looks like it holds a phone number (12 characters from character 20)')
    expect(JSON.stringify(r.json())).not.toContain('360-555-0199')
    const text = lead(['validate', '--as-of', '2026-11-27'], dir)
    expect(text.code).toBe(1)
    expect(text.stdout).toContain(`${file}:16:28: error PII_PHONE`)
    expect(text.stdout + text.stderr).not.toContain('360-555-0199')
    const config = fs.readFileSync(`${dir}/lead.yaml`, 'utf8').replace('allow_identifiers: []', 'allow_identifiers: [referral.notes]')
    writeSiteFile(dir, 'lead.yaml', config)
    const optedOut = lead(['validate', '--as-of', '2026-11-27'], dir)
    expect(optedOut.code).toBe(0)
    expect(optedOut.stdout).toMatch(/^lead\.yaml:\d+:\d+: warning PRIVACY_SCAN_OFF privacy\.allow_identifiers turns the identifier scan off for referral\.notes/m)
  })
})
