/**
 * `lead init --example` moves the example's dates to today's week (src/core/example-dates.ts):
 * on any later day a newcomer's first `lead validate` and `lead status` read as they read in the
 * week the example was written, with no warning that is only the calendar's fault.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {addDays, type IsoDate} from '../../src/core/clock/dates.js'
import {EXAMPLE_AS_WRITTEN, shiftDatesInText} from '../../src/core/example-dates.js'
import {cleanupTemp, runLead, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv({NO_COLOR: '1'})
const ZONE = 'America/Los_Angeles'
/** A day more than a year after the example was written, in another season (offsets -07:00). */
const LATER = '2028-06-07'

function init(dir: string, ...args: string[]) {
  const r = runLead(['init', dir, '--example', '--lead-source', '0.1.0', '--json', ...args], {env})
  expect(r.code, r.stderr).toBe(0)
  return r.json() as {exampleDates: {asOf: string; asWritten: string; weeks: number}; files: string[]}
}

const codes = (v: {diagnostics: Array<{code: string; severity: string}>}) => v.diagnostics.map((d) => `${d.severity} ${d.code}`).sort()

describe('lead init --example on a later day', () => {
  let asWritten: string
  let moved: string
  let written: ReturnType<typeof init>
  let later: ReturnType<typeof init>
  let weeks: number
  /** The day of the week as written that LATER reads as. */
  let relative: string
  beforeAll(() => {
    const root = tempDir('lead-exdates-')
    asWritten = path.join(root, 'as-written')
    moved = path.join(root, 'moved')
    written = init(asWritten, '--as-of', '2026-11-27')
    later = init(moved, '--as-of', LATER)
    weeks = later.exampleDates.weeks
    relative = addDays(LATER, -7 * weeks)
  }, 60_000)

  it('moves by whole weeks to the week of the day asked for; as written on a day of its own week', () => {
    expect(written.exampleDates).toEqual({asOf: '2026-11-27', asWritten: EXAMPLE_AS_WRITTEN, weeks: 0})
    expect(later.exampleDates).toMatchObject({asOf: LATER, asWritten: EXAMPLE_AS_WRITTEN})
    expect(weeks).toBeGreaterThan(52)
    expect(relative >= EXAMPLE_AS_WRITTEN && relative <= addDays(EXAMPLE_AS_WRITTEN, 6)).toBe(true)
    // File names and year folders moved with their IDs.
    expect(written.files).toContain('meetings/2026/owg-2026-12-01.yaml')
    expect(later.files).toContain(`meetings/${shiftDatesInText('2026-12-01', 7 * weeks, ZONE).slice(0, 4)}/owg-${shiftDatesInText('2026-12-01', 7 * weeks, ZONE)}.yaml`)
    const dated = written.files.filter((f) => /^(referrals|consents|meetings|trainings)\/.*\.yaml$/.test(f))
    expect(dated.length).toBeGreaterThan(100)
    expect(dated.filter((f) => later.files.includes(f))).toEqual([])
    expect(later.files.length).toBe(written.files.length)
  })

  it('validate finds on that day what the example finds as written (nothing), where the example unmoved warns', () => {
    const v = runLead(['validate', '--json', '--as-of', LATER], {cwd: moved, env})
    expect(v.code, v.stdout).toBe(0)
    const base = runLead(['validate', '--json', '--as-of', relative], {cwd: asWritten, env})
    expect(codes(v.json())).toEqual(codes(base.json()))
    expect(v.json()).toMatchObject({ok: true, errors: 0, warnings: 0})
    expect(v.json().records).toEqual(base.json().records)
    // The check has teeth: the example as written, judged on the later day, is full of calendar warnings.
    const stale = codes(runLead(['validate', '--json', '--as-of', LATER], {cwd: asWritten, env}).json())
    expect(stale).toEqual(expect.arrayContaining(['warning MEETING_NOT_RECORDED', 'warning INTAKE_OVERDUE', 'warning ACTION_OVERDUE', 'warning MOU_EXPIRED']))
  })

  it('status reads the same, its dates moved', () => {
    const now = runLead(['status', '--json', '--as-of', LATER], {cwd: moved, env})
    const then = runLead(['status', '--json', '--as-of', relative], {cwd: asWritten, env})
    expect(now.code, now.stderr).toBe(0)
    expect(now.json()).toEqual(JSON.parse(shiftDatesInText(then.stdout, 7 * weeks, ZONE)))
    expect(now.json().referrals.open).toBeGreaterThan(20)
  })

  it('keeps the rest of each file: a record outside the dates is the example byte for byte', () => {
    for (const rel of ['lead.yaml', 'rosters/harbor-pd.yaml', 'partners/harbor-pd.yaml', 'protocols/2026-v2.yaml']) {
      const blank = (s: string) => s.replace(/[0-9]{4}-[0-9]{2}-[0-9]{2}/g, 'DATE')
      expect(blank(fs.readFileSync(path.join(moved, rel), 'utf8')), rel).toBe(blank(fs.readFileSync(path.join(asWritten, rel), 'utf8')))
    }
    // badges are not dates
    expect(fs.readFileSync(path.join(moved, 'rosters/harbor-county-sheriff.yaml'), 'utf8')).toContain('badge: "2049"')
  })
})

/** Keys whose date may lie ahead on any day: what is due, expires or is up for review. */
const AHEAD = new Set(['due', 'expires', 'review_by', 'to'])
const DATE = /(?<![0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])/g

/**
 * What in the site is dated after `asOf` though it should have happened by then: a file name or
 * any date in a record, but for a planned meeting (planned ahead) and the dates under AHEAD.
 */
function datedAfter(root: string, files: readonly string[], asOf: IsoDate): string[] {
  const out: string[] = []
  for (const rel of files.filter((f) => f.endsWith('.yaml'))) {
    const text = fs.readFileSync(path.join(root, rel), 'utf8')
    if (/^status: planned$/m.test(text)) continue
    for (const date of rel.match(DATE) ?? []) if (date > asOf) out.push(`${rel} (file name)`)
    for (const line of text.split('\n')) {
      if (line.trimStart().startsWith('#')) continue
      for (const m of line.matchAll(DATE)) {
        const key = /([a-z_]+): "?[^,:{}]*$/.exec(line.slice(0, m.index))?.[1]
        if (m[0] > asOf && !AHEAD.has(key ?? '')) out.push(`${rel}: ${line.trim()}`)
      }
    }
  }
  return out
}

describe('lead init --example on every day of the week', () => {
  // Weeks as the example's runs (Wednesday to Tuesday): this one, whose Wednesday once had a
  // referral "from tomorrow", and one across the change to daylight saving time (Sunday 2027-03-14
  // in Los Angeles). Each day of a week is moved by the same whole weeks (exampleShiftWeeks), so
  // one site serves its seven days.
  const weeks = ['2026-12-02', '2027-03-10'].map((first) => ({first, days: [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(first, i))}))
  const sites = new Map<string, {dir: string; files: string[]}>()
  beforeAll(() => {
    for (const {first, days} of weeks) {
      const dir = path.join(tempDir('lead-exweek-'), 'site')
      const made = init(dir, '--as-of', first)
      // The same site on the week's last day: the move is by the week, not the day.
      const last = path.join(tempDir('lead-exweek-'), 'site')
      expect(init(last, '--as-of', days.at(-1)!).files).toEqual(made.files)
      sites.set(first, {dir, files: made.files})
    }
  }, 120_000)
  it.each(weeks.flatMap(({first, days}) => days.map((day) => [day, first])))('on %s: nothing dated after the day, nothing planned already past, validate and status clean', (asOf, first) => {
    const {dir, files} = sites.get(first)!
    expect(datedAfter(dir, files, asOf)).toEqual([])
    const v = runLead(['validate', '--json', '--as-of', asOf], {cwd: dir, env})
    expect(v.code, v.stdout).toBe(0)
    expect(v.json()).toMatchObject({ok: true, errors: 0, warnings: 0})
    const s = runLead(['status', '--as-of', asOf], {cwd: dir, env})
    expect(s.code, s.stderr).toBe(0)
    expect(s.stdout).not.toMatch(/in -[0-9]+ days?/)
    expect(s.stdout).toMatch(/^next meetings +owg-\S+ \([A-Z][a-z]+day \S+ 14:00, (today|tomorrow|in [0-9]+ days)\)/m)
    expect(s.stdout).toMatch(/^intakes +0 overdue/m)
    expect(s.stdout).toMatch(/^action items +0 overdue/m)
    expect(s.stdout).toMatch(/^validation +no errors or warnings/m)
  }, 60_000)

  it('the date check has teeth: a referral received after the day is found, by its file name and its date', () => {
    const dir = path.join(tempDir('lead-exteeth-'), 'site')
    const made = init(dir, '--as-of', '2026-11-27')
    expect(datedAfter(dir, made.files, '2026-11-24')).toEqual(expect.arrayContaining(['referrals/2026/r-2026-11-25-ur72af.yaml (file name)', 'referrals/2026/r-2026-11-25-ur72af.yaml: received: "2026-11-25T11:05:00-08:00"']))
    expect(datedAfter(dir, made.files, '2026-11-27')).toEqual([])
  })
})

describe('lead init --example and lead demo today', () => {
  it('validate on today finds no warning: the calendar moved the example along', () => {
    const dir = path.join(tempDir('lead-extoday-'), 'site')
    const r = runLead(['init', dir, '--example', '--lead-source', '0.1.0'], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/The example's dates (are as written|\(and the IDs and file names that carry them\) are moved forward \d+ weeks?)/)
    const v = runLead(['validate', '--json'], {cwd: dir, env})
    expect(v.json()).toMatchObject({ok: true, errors: 0, warnings: 0})
    const demo = runLead(['demo', path.join(tempDir('lead-exdemo-'), 'demo'), '--json'], {env})
    expect(demo.code, demo.stderr).toBe(0)
    expect(demo.json().validation).toMatchObject({ok: true, errors: 0, warnings: 0})
  })

  it('--as-of needs --example and a date', () => {
    const dir = path.join(tempDir('lead-exflag-'), 'site')
    const plain = runLead(['init', dir, '--as-of', '2027-01-01'], {env})
    expect(plain.code).toBe(2)
    expect(plain.stderr).toMatch(/AS_OF_WITHOUT_EXAMPLE .*needs --example/)
    expect(fs.existsSync(dir)).toBe(false)
    const bad = runLead(['init', dir, '--example', '--as-of', '2027-13-01'], {env})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/BAD_DATE/)
    expect(fs.existsSync(dir)).toBe(false)
  })
})
