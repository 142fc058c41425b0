import {describe, expect, it} from 'vitest'
import {dateTimeInstant, formatInZone, instantsOfLocal, parseClockTime, parseDate, parseDateTime, problemText} from '../../src/core/clock/local-time.js'

const LA = 'America/Los_Angeles'
const now = new Date('2026-11-30T17:20:45Z') // 09:20:45 in Los Angeles
const ctx = {timeZone: LA, now}

describe('parseDateTime: the forms people type, stored with the site offset', () => {
  it.each([
    ['2026-11-30 09:15', '2026-11-30T09:15:00-08:00'],
    ['2026-11-30T09:15', '2026-11-30T09:15:00-08:00'],
    ['2026-11-30 09:15:30', '2026-11-30T09:15:30-08:00'],
    ['2026-11-30  9:15', '2026-11-30T09:15:00-08:00'],
    ['2026-07-04 21:00', '2026-07-04T21:00:00-07:00'],
    ['2026-11-30 5:00 PM', '2026-11-30T17:00:00-08:00'],
    ['2026-11-30 5 pm', '2026-11-30T17:00:00-08:00'],
    ['2026-11-30 5:30p.m.', '2026-11-30T17:30:00-08:00'],
    ['2026-11-30 12:05 AM', '2026-11-30T00:05:00-08:00'],
    ['2026-11-30 12:05 PM', '2026-11-30T12:05:00-08:00'],
    ['2026-11-30T09:15:00-08:00', '2026-11-30T09:15:00-08:00'],
    ['2026-11-30T17:15:00Z', '2026-11-30T09:15:00-08:00'],
    ['2026-11-30 12:15-05:00', '2026-11-30T09:15:00-08:00'],
    ['2026-11-30T09:15:00.250-08:00', '2026-11-30T09:15:00.250-08:00'],
    ['now', '2026-11-30T09:20:45-08:00'],
    ['today 07:00', '2026-11-30T07:00:00-08:00'],
    ['yesterday 11:40 PM', '2026-11-29T23:40:00-08:00'],
  ])('%s → %s', (typed, stored) => {
    expect(parseDateTime(typed, ctx)).toEqual({value: stored})
  })

  it('today is the site’s day, not UTC’s', () => {
    // 02:00 UTC on Dec 1 is still Nov 30 in Los Angeles.
    expect(parseDateTime('today 18:00', {timeZone: LA, now: new Date('2026-12-01T02:00:00Z')}).value).toBe('2026-11-30T18:00:00-08:00')
    expect(parseDateTime('today 18:00', {timeZone: 'Europe/Berlin', now: new Date('2026-12-01T02:00:00Z')}).value).toBe('2026-12-01T18:00:00+01:00')
  })

  it.each([
    ['2026-11-30', 'the time of day is missing'],
    ['today', 'the time of day is missing'],
    ['2026-02-30 09:00', 'not a calendar date'],
    ['2026-11-30 25:00', 'the time of day cannot be read'],
    ['2026-11-30 13:00 PM', 'the time of day cannot be read'],
    ['2026-11-30 0:30 AM', 'the time of day cannot be read'],
    ['2026-11-30 09:15+15:00', 'the UTC offset cannot be read'],
    ['11/30/2026 09:15', 'not a date and time'],
    ['soon', 'not a date and time'],
  ])('refuses %s (%s)', (typed, why) => {
    const r = parseDateTime(typed, ctx)
    expect(r.problem?.code).toBe('BAD_TIME')
    expect(r.problem?.message).toContain(why)
    // The message never repeats what was typed: it may be a referral's value.
    expect(r.problem?.message).not.toContain(typed)
    expect(r.problem?.hint).toMatch(/YYYY-MM-DD HH:MM \(e\.g\. 2026-11-30 09:20\)/)
  })

  it('refuses a time in the repeated fall-back hour, offering both readings, and takes one with fold', () => {
    const r = parseDateTime('2026-11-01 01:30', ctx)
    expect(r.problem).toMatchObject({code: 'AMBIGUOUS_TIME', candidates: ['2026-11-01T01:30:00-07:00', '2026-11-01T01:30:00-08:00']})
    expect(r.problem && problemText(r.problem, 'x')).toBe('2026-11-01 01:30 happened twice in America/Los_Angeles: clocks went back from 02:00 to 01:00')
    expect(r.problem?.hint).toContain('2026-11-01T01:30:00-07:00 (the first')
    expect(parseDateTime('2026-11-01 01:30', {...ctx, fold: 'earlier'}).value).toBe('2026-11-01T01:30:00-07:00')
    expect(parseDateTime('2026-11-01 1:30 AM', {...ctx, fold: 'later'}).value).toBe('2026-11-01T01:30:00-08:00')
    // With its offset the time is not ambiguous.
    expect(parseDateTime('2026-11-01T01:30:00-08:00', ctx).value).toBe('2026-11-01T01:30:00-08:00')
    // Just outside the repeated hour.
    expect(parseDateTime('2026-11-01 00:59', ctx).value).toBe('2026-11-01T00:59:00-07:00')
    expect(parseDateTime('2026-11-01 02:00', ctx).value).toBe('2026-11-01T02:00:00-08:00')
  })

  it('refuses a time skipped by the spring-forward change, even with fold', () => {
    for (const fold of [undefined, 'earlier', 'later'] as const) {
      const r = parseDateTime('2026-03-08 02:30', {...ctx, fold})
      expect(r.problem?.code).toBe('SKIPPED_TIME')
      expect(r.problem && problemText(r.problem, 'x')).toBe('2026-03-08 02:30 did not happen in America/Los_Angeles: clocks went forward from 02:00 to 03:00')
      expect(r.problem?.hint).toContain('2026-03-08T03:30:00-07:00')
    }
    expect(parseDateTime('2026-03-08 01:59', ctx).value).toBe('2026-03-08T01:59:00-08:00')
    expect(parseDateTime('2026-03-08 03:00', ctx).value).toBe('2026-03-08T03:00:00-07:00')
  })

  it('handles other zones: half-hour changes, southern hemisphere, no changes', () => {
    // Lord Howe moves its clocks by 30 minutes.
    expect(parseDateTime('2026-04-05 01:45', {timeZone: 'Australia/Lord_Howe'}).problem?.code).toBe('AMBIGUOUS_TIME')
    expect(parseDateTime('2026-10-04 02:15', {timeZone: 'Australia/Lord_Howe'}).problem?.code).toBe('SKIPPED_TIME')
    expect(parseDateTime('2026-03-29 02:30', {timeZone: 'Europe/Berlin'}).problem?.code).toBe('SKIPPED_TIME')
    expect(parseDateTime('2026-10-25 02:30', {timeZone: 'Europe/Berlin'}).problem?.candidates).toEqual(['2026-10-25T02:30:00+02:00', '2026-10-25T02:30:00+01:00'])
    expect(parseDateTime('2026-06-01 09:00', {timeZone: 'Asia/Kolkata'}).value).toBe('2026-06-01T09:00:00+05:30')
  })

  it('every local minute of a change day round-trips through the instant it names', () => {
    for (const zone of [LA, 'Europe/Berlin', 'Australia/Lord_Howe']) {
      for (const day of ['2026-03-08', '2026-11-01', '2026-03-29', '2026-10-25', '2026-04-05', '2026-10-04']) {
        for (let minute = 0; minute < 24 * 60; minute += 5) {
          const wall = Date.parse(`${day}T00:00:00Z`) + minute * 60_000
          for (const instant of instantsOfLocal(wall, zone)) {
            const written = formatInZone(instant, zone)
            expect(written.slice(0, 16), `${zone} ${written}`).toBe(new Date(wall).toISOString().slice(0, 16))
            expect(Date.parse(written)).toBe(instant)
          }
        }
      }
    }
  })

  it('dateTimeInstant gives the instant for comparisons', () => {
    expect(dateTimeInstant('2026-11-30 09:15', ctx).value).toBe(Date.parse('2026-11-30T17:15:00Z'))
    expect(dateTimeInstant('2026-11-30T09:15:00+01:00', ctx).value).toBe(Date.parse('2026-11-30T08:15:00Z'))
  })
})

describe('parseDate and parseClockTime', () => {
  it('dates: ISO, today and yesterday in the site zone', () => {
    expect(parseDate('2026-02-28', ctx)).toEqual({value: '2026-02-28'})
    expect(parseDate('today', ctx)).toEqual({value: '2026-11-30'})
    expect(parseDate('Yesterday', ctx)).toEqual({value: '2026-11-29'})
    expect(parseDate('2026-02-29', ctx).problem?.code).toBe('BAD_DATE')
    expect(parseDate('30/11/2026', ctx).problem?.hint).toContain('2026-11-30')
  })

  it('clock times: 24-hour, 12-hour, noon and midnight', () => {
    expect(parseClockTime('17:00').value).toBe('17:00')
    expect(parseClockTime('7:05').value).toBe('07:05')
    expect(parseClockTime('5:00 PM').value).toBe('17:00')
    expect(parseClockTime('5pm').value).toBe('17:00')
    expect(parseClockTime('12 AM').value).toBe('00:00')
    expect(parseClockTime('noon').value).toBe('12:00')
    expect(parseClockTime('midnight').value).toBe('00:00')
    expect(parseClockTime('midnight', {allowMidnightEnd: true}).value).toBe('24:00')
    expect(parseClockTime('24:00', {allowMidnightEnd: true}).value).toBe('24:00')
    expect(parseClockTime('24:00').problem?.code).toBe('BAD_TIME')
    expect(parseClockTime('17:00:30').problem?.code).toBe('BAD_TIME')
    expect(parseClockTime('17h').problem?.hint).toContain('5:00 PM')
  })
})
