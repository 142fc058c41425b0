import fs from 'node:fs'
import path from 'node:path'
import {afterAll, afterEach, describe, expect, it, vi} from 'vitest'
import {isTimeZone, localDate, machineClock, today, zoneOffsetMinutes} from '../../src/core/clock/dates.js'
import {flushZoneFacts, keepZoneFactsIn, machineFingerprint} from '../../src/core/clock/zone-facts.js'
import {DAYS_KEPT, rememberDayOffset} from '../../src/core/clock/zone-days.js'
import {cleanupTemp, tempDir} from '../support/cli.js'

afterAll(cleanupTemp)

/** The offset straight from Intl, for one instant (the slow, obviously right way). */
function intlOffset(ms: number, timeZone: string): number {
  const p: Record<string, number> = {}
  for (const part of new Intl.DateTimeFormat('en-US', {timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'}).formatToParts(ms)) p[part.type] = Number(part.value)
  return Math.round((Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) - Math.floor(ms / 1000) * 1000) / 60_000)
}

describe('zoneOffsetMinutes (cached per UTC day)', () => {
  for (const [zone, days] of [
    ['America/Los_Angeles', ['2025-11-01', '2025-11-02', '2025-11-03', '2026-03-07', '2026-03-08', '2026-03-09']],
    ['Europe/Berlin', ['2026-03-29', '2026-10-25']],
    ['Australia/Lord_Howe', ['2026-04-05', '2026-10-04']],
    ['Asia/Kolkata', ['2026-06-01']],
  ] as const) {
    it(`agrees with Intl every 5 minutes around ${zone}'s changes`, () => {
      for (const day of days) {
        const start = Date.parse(`${day}T00:00:00Z`) - 12 * 3_600_000
        for (let ms = start; ms < start + 48 * 3_600_000; ms += 5 * 60_000) expect(zoneOffsetMinutes(ms, zone), new Date(ms).toISOString()).toBe(intlOffset(ms, zone))
      }
    })
  }

  it('gives the local calendar day', () => {
    expect(localDate(new Date('2026-03-01T07:59:00Z'), 'America/Los_Angeles')).toBe('2026-02-28')
    expect(localDate(new Date('2026-03-01T08:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-01')
  })
})

describe("what Intl said, kept between runs (clock/zone-facts.ts)", () => {
  const LA = 'America/Los_Angeles'
  const facts = (gitDir: string) => path.join(gitDir, 'lead', 'zone-facts.json')
  const read = (gitDir: string) => JSON.parse(fs.readFileSync(facts(gitDir), 'utf8')) as {fingerprint: string; zones: Record<string, boolean>; offsets: Record<string, number>; machine?: {timeZone: string; locale: string}}
  /** A run that starts afresh: its facts read from the file again. */
  const newRun = (gitDir: string | undefined) => {
    keepZoneFactsIn(undefined)
    keepZoneFactsIn(gitDir)
  }
  afterEach(() => {
    vi.useRealTimers()
    keepZoneFactsIn(undefined)
  })

  it('keeps the zone, the day offset and the machine, privately, and the next run uses them', async () => {
    const gitDir = tempDir('lead-zone-facts-')
    vi.useFakeTimers({now: Date.parse('2026-11-27T07:30:00Z'), toFake: ['Date']})
    newRun(gitDir)
    expect(today(LA)).toBe('2026-11-26')
    expect(isTimeZone(LA)).toBe(true)
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false)
    expect(machineClock()).toEqual({timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, locale: Intl.DateTimeFormat().resolvedOptions().locale})
    await flushZoneFacts()
    const kept = read(gitDir)
    expect(fs.statSync(facts(gitDir)).mode & 0o777).toBe(0o600)
    expect(kept.zones).toEqual({[LA]: true, 'Mars/Olympus_Mons': false})
    const day = Math.floor(Date.now() / 86_400_000)
    expect(kept.offsets).toEqual({[`${LA}|${day}`]: -480})
    // The next run takes them from the file, not from Intl: a planted answer shows it.
    fs.writeFileSync(facts(gitDir), JSON.stringify({...kept, zones: {[LA]: false}, offsets: {[`${LA}|${day}`]: 600}, machine: {timeZone: 'Planted/Zone', locale: 'xx'}}))
    newRun(gitDir)
    expect(isTimeZone(LA)).toBe(false)
    expect(today(LA)).toBe('2026-11-27')
    expect(machineClock().timeZone).toBe('Planted/Zone')
    // Another UTC day: asked afresh.
    vi.setSystemTime(Date.parse('2026-11-28T07:30:00Z'))
    expect(today(LA)).toBe('2026-11-27')
  })

  it('starts afresh when what Intl depends on changed, and keeps no offset for a day the offset changes', async () => {
    const gitDir = tempDir('lead-zone-facts-')
    vi.useFakeTimers({now: Date.parse('2026-11-27T07:30:00Z'), toFake: ['Date']})
    newRun(gitDir)
    expect(today(LA)).toBe('2026-11-26')
    await flushZoneFacts()
    const day = Math.floor(Date.now() / 86_400_000)
    fs.writeFileSync(facts(gitDir), JSON.stringify({...read(gitDir), offsets: {[`${LA}|${day}`]: 600}}))
    const tz = process.env.TZ
    process.env.TZ = 'Asia/Kolkata' // the machine's zone as ICU reads it
    try {
      expect(machineFingerprint()).not.toBe(read(gitDir).fingerprint)
      newRun(gitDir)
      expect(today(LA)).toBe('2026-11-26')
    } finally {
      if (tz === undefined) delete process.env.TZ
      else process.env.TZ = tz
    }
    // 2026-03-08: Los Angeles springs forward at 10:00 UTC.
    vi.setSystemTime(Date.parse('2026-03-08T07:30:00Z'))
    newRun(gitDir)
    expect(today(LA)).toBe('2026-03-07')
    vi.setSystemTime(Date.parse('2026-03-08T12:00:00Z'))
    expect(today(LA)).toBe('2026-03-08')
    await flushZoneFacts()
    expect(Object.keys(read(gitDir).offsets).filter((k) => k.endsWith(`|${Math.floor(Date.parse('2026-03-08T12:00:00Z') / 86_400_000)}`))).toEqual([])
  })

  it('keeps nothing outside git', () => {
    newRun(undefined)
    expect(today(LA)).toBe(localDate(new Date(), LA))
  })
})

describe("each day's offset, kept between runs (clock/zone-days.ts)", () => {
  const LA = 'America/Los_Angeles'
  const daysFile = (gitDir: string) => path.join(gitDir, 'lead', 'zone-days.json')
  const read = (gitDir: string) => JSON.parse(fs.readFileSync(daysFile(gitDir), 'utf8')) as {fingerprint: string; offsets: Record<string, unknown>}
  const newRun = (gitDir: string | undefined) => {
    keepZoneFactsIn(undefined)
    keepZoneFactsIn(gitDir)
  }
  const dayOf = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000)
  afterEach(() => keepZoneFactsIn(undefined))

  it("keeps what Intl said for each day asked, privately, with the second a day's offset changes; the next run takes it from there", async () => {
    const gitDir = tempDir('lead-zone-days-')
    newRun(gitDir)
    // Days no other test asks (the offsets of this process are also kept in memory).
    expect(zoneOffsetMinutes(Date.parse('2031-07-01T12:00:00Z'), LA)).toBe(-420)
    expect(zoneOffsetMinutes(Date.parse('2031-03-09T12:00:00Z'), LA)).toBe(-420) // springs forward at 10:00 UTC
    await flushZoneFacts()
    expect(fs.statSync(daysFile(gitDir)).mode & 0o777).toBe(0o600)
    const kept = read(gitDir)
    expect(kept.fingerprint).toBe(machineFingerprint())
    expect(kept.offsets).toEqual({[`${LA}|${dayOf('2031-07-01')}`]: -420, [`${LA}|${dayOf('2031-03-09')}`]: [-480, -420, Date.parse('2031-03-09T10:00:00Z')]})
    // A planted answer for a day this process never asked shows that a run reads the file first.
    const planted = `${LA}|${dayOf('2031-08-01')}`
    fs.writeFileSync(daysFile(gitDir), JSON.stringify({...kept, offsets: {...kept.offsets, [planted]: 123}}))
    newRun(gitDir)
    expect(zoneOffsetMinutes(Date.parse('2031-08-01T12:00:00Z'), LA)).toBe(123)
    // A change day's kept second is what the next run answers by (a planted one, an hour late, shows it: no Intl).
    const change = `${LA}|${dayOf('2031-11-02')}`
    const at = Date.parse('2031-11-02T09:00:00Z')
    fs.writeFileSync(daysFile(gitDir), JSON.stringify({...kept, offsets: {...kept.offsets, [change]: [-420, -480, at + 3_600_000]}}))
    newRun(gitDir)
    expect(zoneOffsetMinutes(at + 1000, LA)).toBe(-420)
    expect(zoneOffsetMinutes(at + 3_600_000 - 1, LA)).toBe(-420)
    expect(zoneOffsetMinutes(at + 3_600_000, LA)).toBe(-480)
    // One kept as null (by a lead before this one) is still answered instant by instant.
    const older = `${LA}|${dayOf('2032-03-14')}`
    fs.writeFileSync(daysFile(gitDir), JSON.stringify({...kept, offsets: {...kept.offsets, [older]: null}}))
    newRun(gitDir)
    expect(zoneOffsetMinutes(Date.parse('2032-03-14T09:59:59Z'), LA)).toBe(-480)
    expect(zoneOffsetMinutes(Date.parse('2032-03-14T10:00:00Z'), LA)).toBe(-420)
  })

  it('finds the second of a change to the second, also of half an hour (Lord Howe), and keeps nothing it cannot check', async () => {
    const gitDir = tempDir('lead-zone-days-')
    newRun(gitDir)
    // Australia/Lord_Howe: +10:30 to +11:00 at 02:00 local on the first Sunday of October (15:30 UTC the day before).
    const at = Date.parse('2033-10-01T15:30:00Z')
    expect(zoneOffsetMinutes(at - 1, 'Australia/Lord_Howe')).toBe(intlOffset(at - 1, 'Australia/Lord_Howe'))
    expect(zoneOffsetMinutes(at, 'Australia/Lord_Howe')).toBe(intlOffset(at, 'Australia/Lord_Howe'))
    expect(intlOffset(at - 1, 'Australia/Lord_Howe')).not.toBe(intlOffset(at, 'Australia/Lord_Howe'))
    await flushZoneFacts()
    expect(read(gitDir).offsets[`Australia/Lord_Howe|${dayOf('2033-10-01')}`]).toEqual([630, 660, at])
    // Kept changes that do not fit their day, or with equal offsets, are not believed.
    const bad = {[`${LA}|${dayOf('2033-03-13')}`]: [-480, -420, Date.parse('2033-03-14T10:00:00Z')], [`${LA}|${dayOf('2033-11-06')}`]: [-420, -420, Date.parse('2033-11-06T09:00:00Z')], [`${LA}|${dayOf('2033-11-07')}`]: [-420, -480, 'x']}
    fs.writeFileSync(daysFile(gitDir), JSON.stringify({fingerprint: machineFingerprint(), offsets: bad}))
    newRun(gitDir)
    for (const iso of ['2033-03-13T09:59:59Z', '2033-03-13T10:00:00Z', '2033-11-06T08:59:59Z', '2033-11-06T09:00:00Z']) expect(zoneOffsetMinutes(Date.parse(iso), LA), iso).toBe(intlOffset(Date.parse(iso), LA))
  })

  it('ignores a file of another machine or a damaged one, and keeps the most recent days only', async () => {
    const gitDir = tempDir('lead-zone-days-')
    fs.mkdirSync(path.join(gitDir, 'lead'), {recursive: true})
    fs.writeFileSync(daysFile(gitDir), JSON.stringify({fingerprint: 'another machine', offsets: {[`${LA}|${dayOf('2032-07-01')}`]: 600}}))
    newRun(gitDir)
    expect(zoneOffsetMinutes(Date.parse('2032-07-01T12:00:00Z'), LA)).toBe(-420)
    fs.writeFileSync(daysFile(gitDir), JSON.stringify({fingerprint: machineFingerprint(), offsets: {[`${LA}|${dayOf('2032-07-02')}`]: 'x', [`${LA}|${dayOf('2032-07-03')}`]: 100_000}}))
    newRun(gitDir)
    expect(zoneOffsetMinutes(Date.parse('2032-07-02T12:00:00Z'), LA)).toBe(-420)
    expect(zoneOffsetMinutes(Date.parse('2032-07-03T12:00:00Z'), LA)).toBe(-420)
    fs.writeFileSync(daysFile(gitDir), '{"fingerprint":')
    newRun(gitDir)
    expect(zoneOffsetMinutes(Date.parse('2032-07-04T12:00:00Z'), LA)).toBe(-420)
    for (let i = 0; i <= DAYS_KEPT; i++) rememberDayOffset(`Test/Zone|${i}`, 0)
    await flushZoneFacts()
    const offsets = Object.keys(read(gitDir).offsets)
    expect(offsets).toHaveLength(DAYS_KEPT)
    expect(offsets).not.toContain(`${LA}|${dayOf('2032-07-04')}`)
    expect(offsets).toContain(`Test/Zone|${DAYS_KEPT}`)
  })
})
