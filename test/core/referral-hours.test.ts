import {describe, expect, it} from 'vitest'
import {clockMinutes, isStaffed, localTime, minutesBetween, staffedMinutes} from '../../src/core/referrals/hours.js'
import {median, percentile, share} from '../../src/core/referrals/stats.js'

const LA = 'America/Los_Angeles'

describe('local time in the site zone', () => {
  it('tells the two 01:30s of the 2025-11-02 fall-back night apart by offset, same wall clock', () => {
    const first = localTime('2025-11-02T01:30:00-07:00', LA)
    const second = localTime('2025-11-02T01:30:00-08:00', LA)
    expect(first).toMatchObject({date: '2025-11-02', weekday: 'sun', hour: 1, minute: 30, minuteOfDay: 90, offset: '-07:00'})
    expect(second).toMatchObject({date: '2025-11-02', weekday: 'sun', hour: 1, minute: 30, offset: '-08:00'})
    expect(minutesBetween('2025-11-02T01:30:00-07:00', '2025-11-02T01:30:00-08:00')).toBe(60)
  })

  it('skips 02:00-02:59 on the 2026-03-08 spring-forward night', () => {
    expect(localTime('2026-03-08T01:59:00-08:00', LA)).toMatchObject({hour: 1, minute: 59, offset: '-08:00'})
    // One minute later the clock reads 03:00 daylight time.
    expect(localTime('2026-03-08T10:00:00Z', LA)).toMatchObject({date: '2026-03-08', hour: 3, minute: 0, offset: '-07:00'})
    expect(minutesBetween('2026-03-08T01:30:00-08:00', '2026-03-08T03:10:00-07:00')).toBe(40)
  })

  it('reads an instant written in UTC as the local date (late evening is still the day before)', () => {
    expect(localTime('2026-03-01T07:30:00Z', LA)).toMatchObject({date: '2026-02-28', weekday: 'sat', hour: 23, minute: 30})
    expect(localTime('2026-03-01T07:30:00Z', 'UTC')).toMatchObject({date: '2026-03-01', weekday: 'sun', hour: 7})
  })
})

describe('coverage hours', () => {
  const hours = [
    {days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, from: '06:00', to: '22:00'},
    {days: ['sat'] as const, from: '20:00', to: '02:00'},
  ].map((h) => ({...h, days: [...h.days]}))

  it('includes the start minute and excludes the end minute', () => {
    expect(clockMinutes('24:00')).toBe(1440)
    expect(isStaffed(hours, 'mon', clockMinutes('06:00'))).toBe(true)
    expect(isStaffed(hours, 'mon', clockMinutes('05:59'))).toBe(false)
    expect(isStaffed(hours, 'mon', clockMinutes('21:59'))).toBe(true)
    expect(isStaffed(hours, 'mon', clockMinutes('22:00'))).toBe(false)
  })

  it('runs a period that ends before it starts past midnight into the next day', () => {
    expect(isStaffed(hours, 'sat', clockMinutes('23:00'))).toBe(true)
    expect(isStaffed(hours, 'sun', clockMinutes('01:30'))).toBe(true)
    expect(isStaffed(hours, 'sun', clockMinutes('02:00'))).toBe(false)
    expect(isStaffed(hours, 'sat', clockMinutes('01:30'))).toBe(false)
  })

  it('counts staffed minutes in a window without double counting', () => {
    expect(staffedMinutes(hours, 'mon')).toBe(16 * 60)
    expect(staffedMinutes(hours, 'sat')).toBe(4 * 60)
    expect(staffedMinutes(hours, 'sun')).toBe(2 * 60)
    expect(staffedMinutes(hours, 'mon', 5 * 60, 7 * 60)).toBe(60)
    expect(staffedMinutes([...hours, {days: ['mon'], from: '08:00', to: '12:00'}], 'mon')).toBe(16 * 60)
  })
})

describe('stats', () => {
  it('median averages the two middle values; p90 is nearest-rank', () => {
    expect(median([40, 60, 20, 25, 40])).toBe(40)
    expect(median([1, 2, 3, 10])).toBe(2.5)
    expect(median([])).toBeUndefined()
    expect(percentile([20, 25, 40, 40, 60], 90)).toBe(60)
    expect(percentile(Array.from({length: 10}, (_, i) => i + 1), 90)).toBe(9)
    expect(percentile([7], 90)).toBe(7)
    expect(share(1, 4)).toBe(0.25)
    expect(share(0, 0)).toBeUndefined()
  })
})
