/**
 * A site's time zone is an IANA name. ICU (and so Intl) also accepts old three-letter IDs that
 * the tz database does not have, each read as one country's zone: BST is Asia/Dhaka (not British
 * Summer Time), IST Asia/Calcutta (not Irish time), CST America/Chicago (not China), AST
 * America/Anchorage (not Atlantic), ART Africa/Cairo. A site set to one would compute every
 * referral time, deadline and report in a zone nobody meant, so they are refused.
 */
import {describe, expect, it} from 'vitest'
import {isTimeZone} from '../../src/core/clock/dates.js'
import {parseConfigAssignment} from '../../src/core/config/config-fields.js'

describe('time zone names', () => {
  it.each(['PST', 'BST', 'IST', 'CST', 'AST', 'ART', 'JST', 'pst', 'SystemV/PST8'])('%s is not an IANA name', (tz) => {
    expect(isTimeZone(tz)).toBe(false)
  })
  it.each(['America/Los_Angeles', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'US/Pacific', 'UTC', 'Etc/GMT+5', 'EST', 'EST5EDT', 'CET', 'GB'])('%s is a time zone', (tz) => {
    expect(isTimeZone(tz)).toBe(true)
  })
  it('lead config set site.timezone refuses an abbreviation, saying so', () => {
    let error: unknown
    try {
      parseConfigAssignment('site.timezone=BST')
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({code: 'BAD_TIMEZONE'})
    expect((error as Error).message).toContain('abbreviation')
  })
})
