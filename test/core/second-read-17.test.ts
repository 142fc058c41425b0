/**
 * Second reader, session 17: four changes attacked with real files, real git and the machine's Intl.
 *  1. 76dbdc1 + 9150253: a change day kept as [before, after, at] (clock/dates.ts changeOn, clock/zone-days.ts isChange).
 *  2. 00b0bc5: the early `git status` with --no-optional-locks (the index is left stale). Backed out
 *     on this reader's measurement (every command paid git's refresh again); its cases now hold the
 *     status that writes the index back once.
 *  3. 55f2749: an early status taken more than 2 s after it started is asked again.
 *  4. 5c8885e: the stamps column and the values table checked by length, not by a pattern.
 * The full sweep of every zone's changes (1800–2041, ~1.8 M instants, ~60 s of one core) runs with
 * SECOND_READ_FULL=1; by default each zone's changes of 2024–2027 and a list of odd zones are checked.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, afterEach, describe, expect, it} from 'vitest'
import {localDate, zoneOffsetMinutes} from '../../src/core/clock/dates.js'
import {flushZoneFacts, keepZoneFactsIn, machineFingerprint} from '../../src/core/clock/zone-facts.js'
import {gitFileState, prefetchAnswered, prefetchGitStatus, PREFETCH_FRESH_MS} from '../../src/core/records/git-file-state.js'
import {packStamps, unpackStamps} from '../../src/core/records/index-file.js'
import {compactValues, readValues} from '../../src/core/records/values-file.js'
import {cleanupTemp, exampleSite, git, REPO_ROOT, tempDir, testEnv, useGitEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const DAY = 86_400_000
const formats = new Map<string, Intl.DateTimeFormat>()

/** The offset straight from Intl at one instant, in (possibly fractional) minutes: the obviously right way. */
function intlExact(ms: number, timeZone: string): number {
  let f = formats.get(timeZone)
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat('en-US', {timeZone, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'})))
  const p: Record<string, string> = {}
  for (const part of f.formatToParts(ms)) p[part.type] = part.value
  let year = Number(p.year)
  if (p.era === 'BC' || p.era === 'B') year = 1 - year
  const d = new Date(0)
  d.setUTCFullYear(year, Number(p.month) - 1, Number(p.day))
  d.setUTCHours(Number(p.hour) % 24, Number(p.minute), Number(p.second), 0)
  return (d.getTime() - Math.floor(ms / 1000) * 1000) / 60_000
}
/** As dates.ts rounds it (a zone's LMT of seconds, e.g. Monrovia's -0:44:30 until 1972, is rounded there and here alike). */
const intlOffset = (ms: number, timeZone: string) => Math.round(intlExact(ms, timeZone))

/** The transitions the system's tz database (TZif v2, /usr/share/zoneinfo) lists for a zone, in ms. */
function tzifTransitions(zone: string): number[] {
  let b: Buffer
  try {
    b = fs.readFileSync(path.join('/usr/share/zoneinfo', zone))
  } catch {
    return []
  }
  if (b.toString('latin1', 0, 4) !== 'TZif') return []
  const counts = (o: number) => [0, 1, 2, 3, 4, 5].map((i) => b.readUInt32BE(o + 20 + 4 * i)) as [number, number, number, number, number, number]
  let [isut, isstd, leap, time, type, chars] = counts(0)
  if (b[4]! < 0x32) return Array.from({length: time}, (_, i) => b.readInt32BE(44 + 4 * i) * 1000)
  const o = 44 + time * 5 + type * 6 + chars + leap * 8 + isstd + isut
  ;[isut, isstd, leap, time, type, chars] = counts(o)
  return Array.from({length: time}, (_, i) => Number(b.readBigInt64BE(o + 44 + 8 * i)) * 1000)
}

/** Every change of offset Intl knows for `zone` in [from, to): the tz database's, and any a weekly scan of Intl finds (bisected to the second). */
function changesOf(zone: string, from: number, to: number): number[] {
  const found = new Set(tzifTransitions(zone).filter((t) => t >= from && t < to))
  let before = intlExact(from, zone)
  for (let t = from + 7 * DAY; t < to + 7 * DAY; t += 7 * DAY) {
    const now = intlExact(Math.min(t, to - 1000), zone)
    if (now !== before) {
      let lo = t - 7 * DAY
      let hi = Math.min(t, to - 1000)
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000
        if (intlExact(mid, zone) === before) lo = mid
        else hi = mid
      }
      found.add(hi)
    }
    before = now
  }
  return [...found].sort((a, b) => a - b)
}

/** zoneOffsetMinutes against Intl on each day with a change: around each change, at its ends, and twice in every hour. */
function disagreements(zone: string, from: number, to: number, limit = 20): string[] {
  const bad: string[] = []
  const changes = changesOf(zone, from, to)
  for (const day of new Set(changes.map((t) => Math.floor(t / DAY)))) {
    const start = day * DAY
    const instants = [start, start + 1, start + 999, start + DAY - 1000, start + DAY - 1]
    for (let h = 0; h < 24; h++) instants.push(start + h * 3_600_000 + 1_800_000, start + h * 3_600_000 + 907_000)
    for (const t of changes) if (Math.floor(t / DAY) === day) for (const d of [-3_600_000, -60_000, -1001, -1000, -999, -1, 0, 1, 999, 1000, 60_000, 3_600_000]) instants.push(t + d)
    for (const ms of instants) {
      const got = zoneOffsetMinutes(ms, zone)
      const want = intlOffset(ms, zone)
      if (got !== want && bad.length < limit) bad.push(`${zone} ${new Date(ms).toISOString()}: ${got}, Intl ${want}`)
    }
  }
  return bad
}

const FULL = process.env.SECOND_READ_FULL === '1'
const ZONES = Intl.supportedValuesOf('timeZone')

describe('1. a change day kept with its second (dates.ts changeOn)', () => {
  it(`agrees with Intl around every change of every zone (${FULL ? '1800–2041' : '2024–2027'}), ${ZONES.length} zones`, () => {
    const from = Date.UTC(FULL ? 1800 : 2024, 0, 1)
    const to = Date.UTC(FULL ? 2041 : 2028, 0, 1)
    const bad = ZONES.flatMap((zone) => disagreements(zone, from, to, 3))
    expect(bad).toEqual([])
  }, 600_000)

  // Half-hour and 45-minute zones, a skipped day (Apia 2011-12-30, Kiritimati 1994-12-31), -12 to +12
  // (Kwajalein 1993), a 24-hour jump, Troll's two-hour summer, Dublin's negative summer, Casablanca's
  // Ramadan changes, Caracas's and Pyongyang's half-hour moves, Colombo 1996, Monrovia's -0:44:30 (1972).
  const odd = ['Australia/Lord_Howe', 'Pacific/Apia', 'Pacific/Kiritimati', 'Pacific/Kwajalein', 'Pacific/Chatham', 'Asia/Kathmandu', 'Australia/Eucla', 'America/St_Johns', 'Asia/Tehran', 'Antarctica/Troll', 'Europe/Dublin', 'Africa/Casablanca', 'America/Caracas', 'Asia/Pyongyang', 'Asia/Colombo', 'Africa/Monrovia', 'Asia/Gaza', 'America/Nuuk', 'Europe/Moscow', 'Pacific/Fakaofo', 'America/Santiago', 'Antarctica/Casey']
  it('agrees with Intl around every change 1970–2041 of zones with odd offsets and odd changes', () => {
    const bad = odd.flatMap((zone) => disagreements(zone, Date.UTC(1970, 0, 1), Date.UTC(2041, 0, 1)))
    expect(bad).toEqual([])
  }, 120_000)

  it("Samoa's skipped 2011-12-30: the change day (10:00 UTC on the 30th, -10 to +14) and the dates either side", () => {
    const at = Date.parse('2011-12-30T10:00:00Z')
    expect(zoneOffsetMinutes(at - 1, 'Pacific/Apia')).toBe(-600)
    expect(zoneOffsetMinutes(at, 'Pacific/Apia')).toBe(840)
    expect(localDate(new Date(at - 1), 'Pacific/Apia')).toBe('2011-12-29')
    expect(localDate(new Date(at), 'Pacific/Apia')).toBe('2011-12-31')
  })

  it('days with two changes in one UTC day (early years, odd seconds) agree with Intl, checked at every minute', () => {
    // From the tz database: pairs of transitions within one UTC day (LMT to a standard time and a summer time at once, and the like).
    const pairs: Array<[string, string]> = [
      ['Europe/Amsterdam', '1916-04-30'],
      ['Europe/Amsterdam', '1937-10-03'],
      ['Europe/Copenhagen', '1916-09-30'],
      ['Europe/Luxembourg', '1928-10-07'],
      ['Africa/Kampala', '1928-06-30'],
      ['Asia/Brunei', '1926-02-28'],
      ['Europe/Zagreb', '1883-12-31'],
      ['Pacific/Wallis', '1900-12-31'],
      ['Africa/Dakar', '1912-01-01'],
    ]
    const bad: string[] = []
    for (const [zone, day] of pairs) {
      const start = Date.parse(`${day}T00:00:00Z`)
      for (let ms = start; ms < start + DAY; ms += 60_000) {
        for (const t of [ms, ms + 28_000]) if (zoneOffsetMinutes(t, zone) !== intlOffset(t, zone)) bad.push(`${zone} ${new Date(t).toISOString()}`)
      }
    }
    expect(bad.slice(0, 10)).toEqual([])
  }, 60_000)

  it("the machine's own zone (no zone given) on its change days, TZ set before any such day is asked", () => {
    const tz = process.env.TZ
    try {
      for (const [zone, days] of [
        ['Australia/Lord_Howe', ['2030-04-07', '2030-10-06']],
        ['America/St_Johns', ['2030-03-10', '2030-11-03']],
      ] as const) {
        process.env.TZ = zone
        for (const day of days) {
          const start = Date.parse(`${day}T00:00:00Z`) - DAY
          for (let ms = start; ms < start + 3 * DAY; ms += 60_000) expect(zoneOffsetMinutes(ms), `${zone} ${new Date(ms).toISOString()}`).toBe(intlOffset(ms, zone))
        }
      }
    } finally {
      if (tz === undefined) delete process.env.TZ
      else process.env.TZ = tz
    }
  }, 60_000)

  it('the machine zone changed in the process (TZ): a change day remembered in memory is not the zone before\'s (was: a fault of 76dbdc1)', () => {
    // dates.ts keys offsetByIntl's formats by TZ, and zone-days.ts reads its file again when TZ changes,
    // but the in-memory dayOffsets is keyed `|day` alone. Before 76dbdc1 a change day was kept as null
    // and answered by Intl under the current TZ; now it is the kept [before, after, at] of the zone before.
    // (Days with no change were already answered for the zone before: the same key.) lead never sets TZ; tests do.
    const tz = process.env.TZ
    const at = Date.parse('2029-03-11T12:00:00Z') // New York's spring change day (07:00 UTC); London changes on 2029-03-25
    try {
      process.env.TZ = 'America/New_York'
      expect(zoneOffsetMinutes(at)).toBe(-240)
      process.env.TZ = 'Europe/London'
      expect(zoneOffsetMinutes(at)).toBe(intlOffset(at, 'Europe/London')) // 0
    } finally {
      if (tz === undefined) delete process.env.TZ
      else process.env.TZ = tz
    }
  })
})

describe('1. zone-days.json planted, damaged, and read by the lead before (d8de6e3)', () => {
  const LA = 'America/Los_Angeles'
  const dayOf = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY)
  const daysFile = (gitDir: string) => path.join(gitDir, 'lead', 'zone-days.json')
  const newRun = (gitDir: string | undefined) => {
    keepZoneFactsIn(undefined)
    keepZoneFactsIn(gitDir)
  }
  afterEach(() => keepZoneFactsIn(undefined))

  it('values of the wrong shape are not believed, none throws, and no prototype is touched', () => {
    const gitDir = tempDir('r17-days-')
    fs.mkdirSync(path.join(gitDir, 'lead'), {recursive: true})
    // Each key a day of LA's that this process has not asked (2034: spring 03-12 10:00 UTC, autumn 11-05 09:00 UTC).
    const spring = dayOf('2034-03-12')
    const springAt = Date.parse('2034-03-12T10:00:00Z')
    const cases: Array<[number, unknown]> = [
      [spring, [-480, -420]],
      [spring + 7, [-480, -420, springAt + 7 * DAY, 0]],
      [spring + 14, [-480.5, -420, springAt + 14 * DAY]],
      [spring + 21, ['-480', -420, springAt + 21 * DAY]],
      [spring + 28, [-480, -420, String(springAt + 28 * DAY)]],
      [spring + 35, [-480, -420, springAt + 35 * DAY + 500]], // not a whole second
      [spring + 42, [-480, -420, (spring + 42) * DAY]], // the day's first instant (kept changes are after it)
      [spring + 49, [-480, -420, (spring + 50) * DAY]], // the next day's first instant
      [spring + 56, [-480, -420, springAt - 3 * DAY]], // another day's
      [spring + 63, [-480, -420, 1e300]],
      [spring + 70, [-480, -420, -1e300]],
      [spring + 77, [1e21, -420, springAt + 77 * DAY]],
      [spring + 84, [-480, 1440, springAt + 84 * DAY]],
      [spring + 91, [[-480], -420, springAt + 91 * DAY]],
      [spring + 98, [null, -420, springAt + 98 * DAY]],
      [spring + 105, [true, -420, springAt + 105 * DAY]],
      [spring + 112, {0: -480, 1: -420, 2: springAt + 112 * DAY, length: 3}],
      [spring + 119, 1.5],
      [spring + 126, '-420'],
      [spring + 133, true],
      [spring + 140, {}],
      [spring + 147, []],
    ]
    const offsets: Record<string, unknown> = Object.fromEntries(cases.map(([day, value]) => [`${LA}|${day}`, value]))
    const text = JSON.stringify({fingerprint: machineFingerprint(), offsets}).replace('"offsets":{', '"offsets":{"__proto__":[-480,-420,1],"constructor":[0,60,1000],"|NaN":5,')
    fs.writeFileSync(daysFile(gitDir), text)
    newRun(gitDir)
    for (const [day] of cases) {
      for (const ms of [day * DAY, day * DAY + 9 * 3_600_000, day * DAY + 10 * 3_600_000, (day + 1) * DAY - 1]) {
        expect(zoneOffsetMinutes(ms, LA), `${day} ${new Date(ms).toISOString()}`).toBe(intlOffset(ms, LA))
      }
    }
    expect(({} as Record<string, unknown>).length).toBeUndefined()
    expect(Object.getPrototypeOf({})).toBe(Object.prototype)
    expect(Array.isArray(Object.prototype)).toBe(false)
  })

  it('offsets not an object of days (an array, null, a string, a huge file of garbage) only cost asking Intl', () => {
    const gitDir = tempDir('r17-days-')
    fs.mkdirSync(path.join(gitDir, 'lead'), {recursive: true})
    const t = Date.parse('2035-03-11T12:00:00Z')
    for (const body of [
      {fingerprint: machineFingerprint(), offsets: [[-480, -420, t]]},
      {fingerprint: machineFingerprint(), offsets: null},
      {fingerprint: machineFingerprint(), offsets: 'x'},
      {fingerprint: machineFingerprint()},
      [machineFingerprint()],
    ]) {
      fs.writeFileSync(daysFile(gitDir), JSON.stringify(body))
      newRun(gitDir)
      expect(zoneOffsetMinutes(t, LA)).toBe(intlOffset(t, LA))
    }
    fs.writeFileSync(daysFile(gitDir), `{"fingerprint":${JSON.stringify(machineFingerprint())},"offsets":{"${LA}|${dayOf('2035-11-04')}":[-420,-480,${'9'.repeat(400)}]}}`)
    newRun(gitDir)
    expect(zoneOffsetMinutes(Date.parse('2035-11-04T12:00:00Z'), LA)).toBe(-480)
  })

  it('a change of the right shape is believed, as a planted number always was (the file is trusted under its fingerprint)', () => {
    const gitDir = tempDir('r17-days-')
    fs.mkdirSync(path.join(gitDir, 'lead'), {recursive: true})
    const day = dayOf('2036-07-04')
    fs.writeFileSync(daysFile(gitDir), JSON.stringify({fingerprint: machineFingerprint(), offsets: {[`${LA}|${day}`]: [600, -600, day * DAY + 1000]}}))
    newRun(gitDir)
    expect(zoneOffsetMinutes(day * DAY + 999, LA)).toBe(600)
    expect(zoneOffsetMinutes(day * DAY + 1000, LA)).toBe(-600)
  })

  it('a file this lead wrote, read by the lead before it (d8de6e3): the change days are unknown to it (asked of Intl), never an offset', async () => {
    // The older modules as they were, in a folder of their own (zone-facts.ts is unchanged since).
    const old = fs.mkdtempSync(path.join(REPO_ROOT, 'test', 'core', '.r17-old-'))
    try {
      for (const file of ['dates.ts', 'zone-days.ts', 'zone-facts.ts']) fs.writeFileSync(path.join(old, file), execFileSync('git', ['show', `d8de6e3:src/core/clock/${file}`], {cwd: REPO_ROOT}))
      const gitDir = tempDir('r17-days-')
      newRun(gitDir)
      // This lead: LA's autumn 2037 change day (09:00 UTC), and a plain day.
      const change = Date.parse('2037-11-01T09:00:00Z')
      expect(zoneOffsetMinutes(change - 1, LA)).toBe(-420)
      expect(zoneOffsetMinutes(Date.parse('2037-11-10T12:00:00Z'), LA)).toBe(-480)
      await flushZoneFacts()
      const kept = JSON.parse(fs.readFileSync(daysFile(gitDir), 'utf8')) as {offsets: Record<string, unknown>}
      expect(kept.offsets[`${LA}|${dayOf('2037-11-01')}`]).toEqual([-420, -480, change])
      keepZoneFactsIn(undefined)
      const oldFacts = (await import(path.join(old, 'zone-facts.ts'))) as typeof import('../../src/core/clock/zone-facts.js')
      const oldDays = (await import(path.join(old, 'zone-days.ts'))) as {rememberedDayOffset(key: string): unknown}
      const oldDates = (await import(path.join(old, 'dates.ts'))) as typeof import('../../src/core/clock/dates.js')
      oldFacts.keepZoneFactsIn(gitDir)
      expect(oldFacts.machineFingerprint()).toBe(machineFingerprint())
      expect(oldDays.rememberedDayOffset(`${LA}|${dayOf('2037-11-10')}`)).toBe(-480) // it does read the file
      expect(oldDays.rememberedDayOffset(`${LA}|${dayOf('2037-11-01')}`)).toBeUndefined()
      for (const ms of [change - 1000, change - 1, change, change + 1000, change + 3_600_000]) expect(oldDates.zoneOffsetMinutes(ms, LA)).toBe(intlOffset(ms, LA))
      // What it writes back (null for that day) is read by this lead as "ask Intl".
      await oldFacts.flushZoneFacts()
      const rewritten = JSON.parse(fs.readFileSync(daysFile(gitDir), 'utf8')) as {offsets: Record<string, unknown>}
      expect(rewritten.offsets[`${LA}|${dayOf('2037-11-01')}`]).toBeNull()
      oldFacts.keepZoneFactsIn(undefined)
    } finally {
      fs.rmSync(old, {recursive: true, force: true})
    }
  })
})

describe('2. the early status and an index whose times are stale', () => {
  const env = testEnv()
  useGitEnv(env)
  const FILE = 'partners/harbor-pd.yaml'

  it('files touched (bytes unchanged) stay clean with their blobs, every run; the index is written back once, not every run', async () => {
    const root = exampleSite(env)
    git(root, ['status', '--porcelain'], env)
    const later = new Date(Date.now() + 5000)
    const files = git(root, ['ls-files'], env).split('\n').filter(Boolean)
    for (const f of files) fs.utimesSync(path.join(root, f), later, later)
    const index = fs.readFileSync(path.join(root, '.git', 'index'))
    const blob = git(root, ['rev-parse', `:${FILE}`], env).trim()
    const indexes: Buffer[] = []
    for (let run = 0; run < 3; run++) {
      prefetchGitStatus(root)
      const state = (await gitFileState(root))!
      expect(state.listedByGit(FILE)).toBe(false)
      expect(state.differing()).toEqual([])
      expect(state.indexEntry(FILE)?.oid).toBeTruthy()
      indexes.push(fs.readFileSync(path.join(root, '.git', 'index')))
    }
    // The first run's status refreshed the index and wrote it back; the next runs find it fresh.
    expect(indexes[0]!.equals(index)).toBe(false)
    expect(indexes[1]!.equals(indexes[0]!)).toBe(true)
    expect(indexes[2]!.equals(indexes[0]!)).toBe(true)
    expect(blob).toHaveLength(40)
  })

  it('racily clean: a file changed (same size) in the second of the commit that wrote it is seen as changed, every run', async () => {
    const root = exampleSite(env)
    const abs = path.join(root, FILE)
    const text = fs.readFileSync(abs, 'utf8')
    // Commit, then change the bytes at once (same size, same second): only the content tells.
    fs.writeFileSync(abs, text.replace(/a/, 'b'))
    git(root, ['commit', '-qam', 'one'], env)
    const committed = fs.statSync(abs)
    fs.writeFileSync(abs, text.replace(/a/, 'c'))
    fs.utimesSync(abs, committed.atime, committed.mtime)
    for (let run = 0; run < 3; run++) {
      prefetchGitStatus(root)
      const state = (await gitFileState(root))!
      expect(state.listedByGit(FILE)).toBe(true)
    }
  })
})

describe('3. an early status taken late is not used', () => {
  const env = testEnv()
  it('an edit made after the early status answered, taken once it is older than it stands for (2 s), is seen', async () => {
    const root = exampleSite(env)
    const FILE = 'partners/harbor-pd.yaml'
    prefetchGitStatus(root)
    // Read after the status started: its age is at least the time since then, on the clock it is judged by.
    const started = performance.now()
    // git has answered (however long that took): its answer cannot hold the edit below.
    await prefetchAnswered(root)
    const abs = path.join(root, FILE)
    const st = fs.statSync(abs)
    fs.writeFileSync(abs, fs.readFileSync(abs, 'utf8').replace(/a/, 'e'))
    fs.utimesSync(abs, st.atime, st.mtime)
    // Taken once the early status is past what it stands for, whatever the machine's speed.
    while (performance.now() - started <= PREFETCH_FRESH_MS) await new Promise((r) => setTimeout(r, 20))
    const state = (await gitFileState(root))!
    expect(state.listedByGit(FILE)).toBe(true)
  })
})

describe('4. the stamps column and the values table checked by length', () => {
  // The stamps column is raw bytes now (index-file.ts, cache format v15): no text to take wrongly.
  // What stays checked is the length: whole float64s, exactly as written, or none.
  it('the stamps column: any bytes of a whole number of float64s give exactly those numbers; any other length none', () => {
    const numbers = [1796120718240.1196, 5377019, 65024, 7, 8, 9]
    const bytes = packStamps(numbers)
    expect([...unpackStamps(bytes)!]).toEqual(numbers)
    for (let cut = 1; cut < 8; cut++) expect(unpackStamps(bytes.subarray(0, bytes.length - cut))).toBeUndefined()
    expect(unpackStamps(Buffer.concat([bytes, Buffer.from([0])]))).toBeUndefined()
    // At any offset of a larger buffer (a file's bytes after its line).
    const within = Buffer.concat([Buffer.from('x\n'), bytes]).subarray(2)
    expect([...unpackStamps(within)!]).toEqual(numbers)
  })

  it('a values table damaged anywhere (any ASCII character at any place, or a non-ASCII one) gives the right value or none, never a wrong one, never a throw', () => {
    const dir = tempDir('r17-values-')
    const file = path.join(dir, 'values.txt')
    const hash = (i: number) => `${String(i).padStart(4, '0')}${'h'.repeat(23)}` // 27 characters, as content hashes
    const hashes = Array.from({length: 40}, (_, i) => hash(i))
    const valueOf = (i: number) => ({n: i, name: `v${i}`})
    compactValues(file, 'v1', hashes.map((h, i) => [h, valueOf(i)]))
    const whole = fs.readFileSync(file)
    const headerEnd = whole.indexOf(10)
    const tableEnd = whole.indexOf(10, headerEnd + 1)
    const wrong: string[] = []
    const ascii = Array.from({length: 128}, (_, c) => c).filter((c) => c !== 10)
    let served = 0
    for (let at = headerEnd + 1; at < tableEnd; at += 11) {
      for (const c of [...ascii.filter((_, i) => i % 9 === at % 9), 0xc3]) {
        const damaged = Buffer.from(whole)
        damaged[at] = c
        fs.writeFileSync(file, damaged)
        let read: ReturnType<typeof readValues>
        try {
          read = readValues(file, 'v1')
        } catch (error) {
          wrong.push(`${at} ${c}: threw ${(error as Error).message}`)
          continue
        }
        if (!read) continue
        for (let i = 0; i < hashes.length; i++) {
          let v: unknown
          try {
            v = read.values.get(hashes[i]!)
          } catch (error) {
            wrong.push(`${at} ${c}: get threw ${(error as Error).message}`)
            continue
          }
          if (v !== undefined) served++
          if (v !== undefined && JSON.stringify(v) !== JSON.stringify(valueOf(i))) wrong.push(`${at} ${c}: ${hashes[i]} → ${JSON.stringify(v)}`)
        }
      }
    }
    expect(served).toBeGreaterThan(1000) // damaged tables were read through, not only refused
    expect(wrong.slice(0, 10)).toEqual([])
  })
})

/** Not run by default: what item 2 measured, for the record (a generated 10,000-referral site): why the early status writes the index back. */
describe.skipIf(!FULL)('2. measured: a stale index left stale', () => {
  it('git status with --no-optional-locks re-hashes touched files every run', () => {
    const root = path.join(os.tmpdir(), 'r17site')
    if (!fs.existsSync(path.join(root, '.git'))) return
    const time = (args: string[]) => {
      const t = performance.now()
      execFileSync('git', args, {cwd: root, stdio: 'ignore'})
      return performance.now() - t
    }
    execFileSync('git', ['status', '--porcelain'], {cwd: root})
    const fresh = time(['--no-optional-locks', 'status', '--porcelain=v2', '-z', '--untracked-files=all'])
    const files = execFileSync('git', ['ls-files', '-z'], {cwd: root, encoding: 'utf8'}).split('\0').filter(Boolean)
    const later = new Date(Date.now() + 5000)
    for (const f of files) fs.utimesSync(path.join(root, f), later, later)
    const stale = [0, 1, 2].map(() => time(['--no-optional-locks', 'status', '--porcelain=v2', '-z', '--untracked-files=all']))
    expect(Math.min(...stale)).toBeGreaterThan(fresh)
    execFileSync('git', ['status', '--porcelain'], {cwd: root})
  })
})
