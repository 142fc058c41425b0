import fs from 'node:fs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv} from '../support/cli.js'
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

describe('lead report referrals', () => {
  it('--by hour as a table with bars, coverage marks and the summary (hand-computed)', () => {
    const r = lead(['report', 'referrals', '--by', 'hour'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Referrals by hour from 2025-11-02 to 2026-04-01 (times in America/Los_Angeles): 8')
    expect(r.stdout).toMatch(/^01 +3 +37\.5% +█+ +3 +off-hours$/m)
    expect(r.stdout).toMatch(/^06 +0 +0% +0 +partly \(5 of 7 days\)$/m)
    expect(r.stdout).toMatch(/^08 +0 +0% +0 +staffed$/m)
    expect(r.stdout).toContain('off-hours: 5 of 8 referrals (62.5%) arrived outside the staffed hours of their protocol')
    expect(r.stdout).toContain('handoff response: median 40 min, 90th percentile 60 min over 5 handoffs; 2 (40%) within the target of 30 min')
    expect(r.stdout).not.toMatch(/\u001b\[/)
  })

  it('--json with --from/--to', () => {
    const j = lead(['report', 'referrals', '--by', 'weekday', '--from', '2026-02-28', '--to', '2026-03-08', '--json']).json()
    expect(j).toMatchObject({by: 'weekday', from: '2026-02-28', to: '2026-03-08', total: 3, offHours: {count: 3, judged: 3}, skippedFiles: []})
    expect(j.buckets.map((b: {key: string; count: number}) => `${b.key}:${b.count}`).join(' ')).toBe('mon:0 tue:0 wed:0 thu:0 fri:0 sat:1 sun:2')
    expect(j.response).toMatchObject({count: 2, medianMinutes: 40, p90Minutes: 40, withinTarget: 0})
  })

  it('every month of the range, empty ones as 0, in text, JSON and CSV (issue 12)', () => {
    const args = ['report', 'referrals', '--by', 'month', '--from', '2025-10-15', '--to', '2026-05-31']
    const text = lead(args)
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('Referrals by month from 2025-10-15 to 2026-05-31 (times in America/Los_Angeles): 8')
    expect(text.stdout).toMatch(/^2025-10 \* +0 +0% +0$/m)
    expect(text.stdout).toMatch(/^2025-12 +0 +0% +0$/m)
    expect(text.stdout).toMatch(/^2026-05 +0 +0% +0$/m)
    expect(text.stdout).toContain('* the range covers only part of this month')
    const json = lead([...args, '--json']).json()
    expect(json.buckets.map((b: {key: string; count: number}) => `${b.key}:${b.count}`).join(' ')).toBe('2025-10:0 2025-11:2 2025-12:0 2026-01:0 2026-02:1 2026-03:4 2026-04:1 2026-05:0')
    const csv = lead([...args, '--format', 'csv'])
    expect(csv.code).toBe(0)
    expect(csv.stdout.split('\r\n').slice(0, 4)).toEqual(['month,referrals,share,off_hours,partial', '2025-10,0,0,0,true', '2025-11,2,0.25,2,false', '2025-12,0,0,0,false'])
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(9)
  })

  it('usage errors: unknown grouping, bad or reversed dates', () => {
    expect(lead(['report', 'referrals', '--by', 'color']).code).toBe(2)
    const bad = lead(['report', 'referrals', '--from', '2026-02-30'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('BAD_DATE --from 2026-02-30 is not a date')
    const reversed = lead(['report', 'referrals', '--from', '2026-03-01', '--to', '2026-02-01', '--json'])
    expect(reversed.code).toBe(2)
    expect(reversed.json().error.code).toBe('BAD_RANGE')
  })

  it('on the example site, every grouping', () => {
    for (const by of ['hour', 'weekday', 'week', 'month', 'pathway', 'agency', 'district', 'officer']) {
      const r = lead(['report', 'referrals', '--by', by, '--json'], example)
      expect(r.code, by).toBe(0)
      const j = r.json()
      expect(j.total).toBe(59)
      expect(j.buckets.reduce((s: number, b: {count: number}) => s + b.count, 0)).toBe(59)
    }
    const hour = lead(['report', 'referrals', '--by', 'hour', '--json'], example).json()
    // Both 01:30s of 2025-11-02 (and other night referrals) are in hour 01.
    expect(hour.buckets[1].count).toBeGreaterThanOrEqual(2)
  })
})

describe('lead report funnel', () => {
  it('counts and rates, overall and by pathway (hand-computed)', () => {
    const r = lead(['report', 'funnel', '--by', 'pathway'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^referred +8 +100% +█+$/m)
    expect(r.stdout).toMatch(/^ {2}screening incomplete +0 +0% *$/m)
    expect(r.stdout).toMatch(/^eligible +7 +87\.5% +87\.5% +█+/m)
    expect(r.stdout).toMatch(/^intake on time +3 +37\.5% +42\.9% +█+/m)
    expect(r.stdout).toMatch(/^enrolled +3 +37\.5% +100% +█+/m)
    expect(r.stdout).toContain('community:')
    const j = lead(['report', 'funnel', '--by', 'pathway', '--json']).json()
    expect(j.total.stages.map((s: {count: number}) => s.count)).toEqual([8, 0, 7, 3, 3])
    expect(j.byPathway.map((g: {stages: Array<{count: number}>}) => g.stages.map((s) => s.count))).toEqual([[5, 0, 4, 2, 2], [2, 0, 2, 1, 1], [1, 0, 1, 0, 0]])
    const csv = lead(['report', 'funnel', '--by', 'pathway', '--format', 'csv']).stdout.split('\r\n')
    expect(csv[0]).toBe('group,stage,count,of_referred,of_previous')
    expect(csv).toContain('community,intake_on_time,0,0,0')
    expect(csv.filter(Boolean)).toHaveLength(1 + 4 * 5)
  })
  it('runs on the example site', () => {
    const j = lead(['report', 'funnel', '--json'], example).json()
    expect(j.total.stages[0].count).toBe(59)
    const counts = j.total.stages.filter((s: {stage: string}) => s.stage !== 'screening_incomplete').map((s: {count: number}) => s.count)
    expect([...counts].sort((a: number, b: number) => b - a)).toEqual(counts)
  })
})

describe('lead report capacity', () => {
  it('counts people, not referrals, and flags a case manager over target (hand-computed)', () => {
    const r = lead(['report', 'capacity', '--as-of', '2026-04-15'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Open cases per case manager on 2026-04-15 (protocol 2026-v2: target 2, maximum 3): 4 people (5 open referrals)')
    // P-BBBBBB's re-referral (r-2026-03-08-hhhhhh) is the same person as r-2026-03-01-bbbbbb
    expect(r.stdout).toMatch(/^Casey Ruiz +3 +█+ +4 +over target$/m)
    expect(r.stdout).toMatch(/^Jordan Lee +1 +[█▏▎▍▌▋▊▉]+ +1$/m)
    expect(r.stdout).toContain('no case manager is over the maximum')
    const j = lead(['report', 'capacity', '--as-of', '2026-04-15', '--json']).json()
    expect(j).toMatchObject({asOf: '2026-04-15', target: 2, max: 3, totalOpen: 4, overMax: 0})
    expect(j.caseManagers[0]).toMatchObject({caseManager: 'Casey Ruiz', open: 3, openReferrals: 4, overTarget: true, overMax: false})
  })
  it('runs on the example site against its caseload limits', () => {
    const j = lead(['report', 'capacity', '--as-of', '2026-11-27', '--json'], example).json()
    expect(j).toMatchObject({protocol: {id: '2026-v2'}, target: 20, max: 25, overMax: 0})
    expect(j.totalOpen).toBeLessThanOrEqual(j.caseManagers.reduce((s: number, c: {open: number}) => s + c.open, 0))
    for (const c of j.caseManagers) expect(c.open).toBeLessThanOrEqual(c.openReferrals)
  })
})

describe('lead status', () => {
  it('one screen, each line naming its command (hand-computed)', () => {
    const r = lead(['status', '--as-of', '2026-04-06'])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('Small Test LEAD — status on 2026-04-06')
    expect(r.stdout).toMatch(/^protocol +2026-v2 \(version 2\) in force since 2026-03-01 +→ lead referral check ID$/m)
    expect(r.stdout).toMatch(/^open referrals +5 \(1 received, 1 eligible, 1 awaiting intake, 2 enrolled\); 1 more ended on a day their records do not give \(no closed date\): not counted +→ lead report capacity$/m)
    expect(r.stdout).toMatch(/^intakes +1 overdue \(r-2025-11-02-dddddd\); 2 due this week \(r-2026-03-09-eeeeee on 2026-04-08, r-2026-03-10-ffffff on 2026-04-09\)/m)
    expect(r.stdout).toMatch(/^MOUs +2026-mou ends 2026-05-31 \(55 days\)/m)
    expect(r.stdout).toMatch(/^training +100% of catchment officers trained \(2 of 2\) +→ lead training coverage --catchment$/m)
    expect(r.stdout).toMatch(/^validation +0 errors, 2 warnings +→ lead validate$/m)
    expect(r.stdout.split('\n').map((l) => l.split(' ')[0]).filter(Boolean).slice(1)).toEqual(['set', 'protocol', 'open', 'intakes', 'MOUs', 'training', 'next', 'action', 'validation'])
  })
  it('counts one finding in the singular: 1 error, 1 warning', () => {
    const root = exampleSite(env)
    const referral = `${root}/referrals/2026/${fs.readdirSync(`${root}/referrals/2026`).sort()[0]}`
    fs.writeFileSync(referral, fs.readFileSync(referral, 'utf8').replace(/^status: .*$/m, 'status: enroled')) // NOT_ALLOWED, an error
    const r = runLead(['status'], {cwd: root, env: {...env, NO_COLOR: '1'}})
    expect(r.stdout).toMatch(/^validation +1 error, (1 warning|[02-9]\d* warnings) +→ lead validate$/m)
    expect(r.stdout).not.toMatch(/\b1 (error|warning)s\b/)
  })
  it('training coverage of catchment officers on the status date (hand-computed)', () => {
    // Three catchment officers (0412 and 0077 trained 2025-01-15, 24 months; 0990 never) and one
    // trained officer outside the catchment (0500), who does not count.
    const dir = writeReferralSite(tempDir(), {
      'rosters/harbor-pd.yaml': `id: harbor-pd
agency: harbor-pd
as_of: "2026-01-01"
officers:
  - {badge: "0412", name: Dana Ortiz, status: active, catchment: true}
  - {badge: "0077", name: Marcus Bell, status: active, catchment: true}
  - {badge: "0990", name: Lena Fox, status: active, catchment: true}
  - {badge: "0500", name: Kim Park, status: active, catchment: false}
`,
      'trainings/2025-01-15-initial.yaml': `id: "2025-01-15-initial"
course: lead-initial
date: "2025-01-15"
agency: harbor-pd
attendees: [{badge: "0412"}, {badge: "0077"}, {badge: "0500"}]
`,
    })
    const j = lead(['status', '--as-of', '2026-04-06', '--json'], dir).json()
    expect(j.training).toEqual({trained: 2, total: 3, percent: 66.7, command: 'lead training coverage --catchment'})
    expect(lead(['status', '--as-of', '2026-04-06'], dir).stdout).toMatch(/^training +66\.7% of catchment officers trained \(2 of 3\)/m)
    // The same figure as the detail command.
    const detail = lead(['training', 'coverage', '--catchment', '--as-of', '2026-04-06', '--json'], dir).json()
    expect(detail.catchment).toEqual({trained: 2, total: 3, percent: 66.7})
    // Two years after the session every training has lapsed.
    expect(lead(['status', '--as-of', '2027-03-01', '--json'], dir).json().training).toMatchObject({trained: 0, total: 3, percent: 0})
    // No rosters: nothing to cover.
    const empty = writeReferralSite(tempDir(), {'rosters/harbor-pd.yaml': null})
    const e = lead(['status', '--as-of', '2026-04-06'], empty)
    expect(e.code).toBe(0)
    expect(e.stdout).toMatch(/^training +no active catchment officers on the rosters +→ lead training coverage --catchment$/m)
  })
  it('--json, and a draft waiting for adoption', () => {
    const dir = writeReferralSite(tempDir(), {'protocols/2027-v3.yaml': '' })
    const v2 = fs.readFileSync(`${dir}/protocols/2026-v2.yaml`, 'utf8')
    fs.writeFileSync(`${dir}/protocols/2027-v3.yaml`, v2.replace('id: "2026-v2"', 'id: "2027-v3"').replace('version: 2', 'version: 3').replace('status: adopted', 'status: draft').replace('adopted: {date: "2026-02-15", by: pcg}\n', '').replace('effective: {from: "2026-03-01"}', 'effective: {from: "2027-01-01"}'))
    const j = lead(['status', '--as-of', '2026-04-06', '--json'], dir).json()
    expect(j.protocol.drafts).toEqual([{id: '2027-v3', version: 3, effectiveFrom: '2027-01-01'}])
    expect(j.intakes.overdue).toEqual([{referral: 'r-2025-11-02-dddddd', due: '2025-11-16', daysOverdue: 141}])
    expect(j.validation).toMatchObject({errors: 0, warnings: 2})
    expect(lead(['status', '--as-of', '2026-04-06'], dir).stdout).toContain('draft waiting for adoption: 2027-v3')
  })
  it('runs on the example site and leaves it untouched', () => {
    const j = lead(['status', '--as-of', '2026-11-27', '--json'], example).json()
    expect(j).toMatchObject({site: 'Harbor County LEAD', protocol: {inForce: {id: '2026-v2'}}, validation: {errors: 0, warnings: 0}})
    const coverage = lead(['training', 'coverage', '--catchment', '--as-of', '2026-11-27', '--json'], example).json()
    expect(j.training).toEqual({...coverage.catchment, command: 'lead training coverage --catchment'})
    expect(j.training.total).toBeGreaterThan(0)
    expect(j.referrals.open).toBeGreaterThan(0)
    const later = lead(['status', '--as-of', '2027-01-15', '--json'], example).json()
    expect(later.intakes.overdue.length).toBeGreaterThan(0)
    expect(later.validation.warnings).toBeGreaterThan(0)
    expect(git(example, ['status', '--porcelain'], env)).toBe('')
  })
})

describe('a time zone lead.yaml does not know', () => {
  let root: string
  beforeAll(() => {
    root = exampleSite(env, {warm: true})
    const file = `${root}/lead.yaml`
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('timezone: America/Los_Angeles', 'timezone: America/Los_Angles'))
    git(root, ['commit', '-q', '-am', 'typo in the time zone'], env)
  })

  it.each([
    [['report', 'referrals']],
    [['report', 'capacity']],
    [['report', 'funnel']],
    [['referral', 'check', 'r-2026-11-25-v3l3ie']],
    [['status']],
  ])('%j stops with exit 1 and points at site.timezone', (args) => {
    const r = runLead(args, {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/lead\.yaml:8:\d+/)
    expect(r.stderr).toContain('BAD_TIMEZONE')
    expect(r.stderr).toContain('site.timezone "America/Los_Angles" is not a time zone')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('--json: one error document', () => {
    const r = runLead(['report', 'capacity', '--json'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(JSON.stringify(r.json())).toContain('BAD_TIMEZONE')
  })

  it('validate still reports it as a finding', () => {
    const r = runLead(['validate', '--as-of', '2026-11-27'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stdout + r.stderr).toContain('BAD_TIMEZONE')
  })
})
