import {describe, expect, it} from 'vitest'
import {localDate, zoneOffsetMinutes} from '../../src/core/clock/dates.js'

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
