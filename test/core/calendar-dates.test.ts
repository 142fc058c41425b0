/**
 * isIsoDate works the calendar out by arithmetic: held here to what a Date made from the string
 * and printed back says, over every day of four centuries' edge years and random strings.
 */
import {describe, expect, it} from 'vitest'
import {isDateTimeWithOffset, isIsoDate} from '../../src/core/clock/dates.js'

/** The rule as it was: a real calendar day is one a Date prints back as it was written. */
function byDate(value: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

describe('isIsoDate', () => {
  it('agrees with the Date round trip on every month and day number of leap, century and ordinary years', () => {
    for (const year of [0, 1, 4, 100, 400, 1582, 1900, 1999, 2000, 2023, 2024, 2026, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
          expect([value, isIsoDate(value)]).toEqual([value, byDate(value)])
        }
      }
    }
  })

  it('agrees with it on random strings of the shape and near it', () => {
    let seed = 11
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    const chars = '0123456789-/T '
    for (let i = 0; i < 20_000; i++) {
      const value = i % 2 === 0 ? `${pad(rand(10_000), 4)}-${pad(rand(100), 2)}-${pad(rand(100), 2)}` : Array.from({length: 8 + rand(4)}, () => chars[rand(chars.length)]).join('')
      expect([value, isIsoDate(value)]).toEqual([value, byDate(value)])
    }
  })

  it('refuses what is not a string, and date-times keep their own check', () => {
    expect(isIsoDate(20260101)).toBe(false)
    expect(isIsoDate(undefined)).toBe(false)
    expect(isIsoDate('2026-02-29')).toBe(false)
    expect(isIsoDate('2028-02-29')).toBe(true)
    expect(isDateTimeWithOffset('2028-02-29T10:00:00-08:00')).toBe(true)
    expect(isDateTimeWithOffset('2026-02-29T10:00:00-08:00')).toBe(false)
  })
})
