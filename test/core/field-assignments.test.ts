import {describe, expect, it} from 'vitest'
import {applyToData, parseAssignment, parseFieldPath} from '../../src/core/records/field-assignments.js'
import {formatInZone} from '../../src/core/clock/local-time.js'
import {LeadError} from '../../src/core/errors.js'
import {loadSchema} from '../../src/core/schemas/schema-registry.js'

const referral = loadSchema('referral')
const training = loadSchema('training')

const fails = (fn: () => unknown): LeadError => {
  try {
    fn()
  } catch (error) {
    return error as LeadError
  }
  throw new Error('expected an error')
}

describe('field paths', () => {
  it('parses dots, list positions and appends', () => {
    expect(parseFieldPath('referrer.badge')).toEqual([{key: 'referrer'}, {key: 'badge'}])
    expect(parseFieldPath('charges[0]')).toEqual([{key: 'charges'}, {index: 0}])
    expect(parseFieldPath('screening.overrides[].reason')).toEqual([{key: 'screening'}, {key: 'overrides'}, {append: true}, {key: 'reason'}])
  })
  it('rejects malformed paths with a usage error', () => {
    for (const bad of ['', 'a.', 'a[x]', 'a[1', '../etc', 'a..b']) {
      const e = fails(() => parseFieldPath(bad))
      expect(e.code, bad).toBe('BAD_FIELD_PATH')
      expect(e.exit).toBe(2)
    }
  })
})

describe('values typed by the schema', () => {
  it('keeps badges as text and makes amounts numbers', () => {
    expect(parseAssignment(referral, 'referrer.badge=0412').value).toBe('0412')
    expect(parseAssignment(referral, 'quantity.amount=3').value).toBe(3)
    expect(parseAssignment(referral, 'quantity.amount=1.25').value).toBe(1.25)
    expect(parseAssignment(training, 'duration_hours=4').value).toBe(4)
  })
  it('types booleans, dates and date-times, with today and now', () => {
    expect(parseAssignment(referral, 'screening.age_ok=yes').value).toBe(true)
    expect(parseAssignment(referral, 'screening.age_ok=false').value).toBe(false)
    expect(parseAssignment(referral, 'intake.completed=2026-11-03').value).toBe('2026-11-03')
    expect(parseAssignment(referral, 'intake.completed=today').value).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const now = parseAssignment(referral, 'received=now', {timeZone: 'America/Los_Angeles', now: new Date('2026-11-27T03:00:00Z')}).value
    expect(now).toBe('2026-11-26T19:00:00-08:00')
    expect(fails(() => parseAssignment(referral, 'intake.completed=2026-02-30')).code).toBe('BAD_VALUE')
    expect(fails(() => parseAssignment(referral, 'received=2026-11-03')).message).toMatch(/the time of day is missing/)
  })
  it('reads local times in the site zone, 12-hour times, and refuses the repeated and skipped hours', () => {
    const la = {timeZone: 'America/Los_Angeles', now: new Date('2026-11-30T17:00:00Z')}
    expect(parseAssignment(referral, 'received=2026-11-30 09:15', la).value).toBe('2026-11-30T09:15:00-08:00')
    expect(parseAssignment(referral, 'received=2026-11-03T06:42:00', la).value).toBe('2026-11-03T06:42:00-08:00')
    expect(parseAssignment(referral, 'handoff.arrived=2026-11-30 5:00 PM', la).value).toBe('2026-11-30T17:00:00-08:00')
    const twice = fails(() => parseAssignment(referral, 'received=2026-11-01 01:30', la))
    expect(twice.code).toBe('AMBIGUOUS_TIME')
    expect(twice.exit).toBe(2)
    expect(twice.message).toBe('received: 2026-11-01 01:30 happened twice in America/Los_Angeles: clocks went back from 02:00 to 01:00')
    expect(twice.hint).toContain('2026-11-01T01:30:00-08:00')
    expect(parseAssignment(referral, 'received=2026-11-01 01:30', {...la, fold: 'later'}).value).toBe('2026-11-01T01:30:00-08:00')
    expect(fails(() => parseAssignment(referral, 'received=2026-03-08 02:15', la)).code).toBe('SKIPPED_TIME')
  })
  it("a referral's unreadable date or time is refused without repeating any of it", () => {
    const la = {timeZone: 'America/Los_Angeles', kind: 'referral'}
    for (const typed of ['2026-11-30 John Smith', '2026-13-45 09:00', 'John Smith 360-555-0199', '2026-11-30 09:15+Smith']) {
      const e = fails(() => parseAssignment(referral, `received=${typed}`, la))
      expect(e.code).toBe('BAD_VALUE')
      expect(e.message).toMatch(/^received: ‹text of \d+ characters, not shown› is not a date and time/)
      for (const word of ['John', 'Smith', '555', '13-45']) expect(e.message).not.toContain(word)
    }
    // A partner's is quoted: nothing there is a participant's.
    expect(fails(() => parseAssignment(loadSchema('mou'), 'effective.from=soon', {kind: 'mou'})).message).toContain('"soon" is not a date')
  })
  it('normalises phone numbers and reads 12-hour clock times where the schema wants them', () => {
    expect(parseAssignment(loadSchema('partner'), 'phone=(360) 555-0100').value).toBe('+1-360-555-0100')
    expect(parseAssignment(loadSchema('partner'), 'contacts[0].phone=360.555.0142').value).toBe('+1-360-555-0142')
    expect(parseAssignment(loadSchema('lead'), 'referral_phone=(360) 555-0100').value).toBe('+1-360-555-0100')
    const protocol = loadSchema('protocol')
    expect(parseAssignment(protocol, 'coverage.off_hours_phone=360 555 0100').value).toBe('+1-360-555-0100')
    expect(parseAssignment(protocol, 'coverage.hours[0].from=7:00 AM').value).toBe('07:00')
    expect(parseAssignment(protocol, 'coverage.hours[0].to=midnight').value).toBe('24:00')
    expect(parseAssignment(protocol, 'coverage.hours=[{days: [mon], from: 6 am, to: 10:00 PM}]').value).toEqual([{days: ['mon'], from: '06:00', to: '22:00'}])
    expect(fails(() => parseAssignment(protocol, 'coverage.hours[0].from=25:00')).code).toBe('BAD_VALUE')
    // A badge or a statute code is never taken for a phone number or a time.
    expect(parseAssignment(referral, 'referrer.badge=3605550100').value).toBe('3605550100')
  })
  it('types lists: [] appends one item, [n] one position, a flow list the whole list', () => {
    const a = parseAssignment(referral, 'charges[]=RCW 69.50.4013')
    expect(a.steps).toEqual([{key: 'charges'}, {append: true}])
    expect(a.value).toBe('RCW 69.50.4013')
    expect(parseAssignment(referral, 'charges=[RCW 69.50.4013, RCW 9A.52.080]').value).toEqual(['RCW 69.50.4013', 'RCW 9A.52.080'])
    expect(parseAssignment(training, 'attendees=[{badge: 0412}, {badge: 0577}]').value).toEqual([{badge: '0412'}, {badge: '0577'}])
    expect(parseAssignment(referral, 'quantity={amount: 2, unit: g}').value).toEqual({amount: 2, unit: 'g'})
  })
  it('refuses unknown fields with the closest name, and values outside an enum', () => {
    const e = fails(() => parseAssignment(referral, 'referer.agency=harbor-pd'))
    expect(e.code).toBe('UNKNOWN_FIELD')
    expect(e.message).toContain('did you mean "referrer"')
    expect(fails(() => parseAssignment(referral, 'status=enroled')).message).toMatch(/one of .*enrolled/)
    expect(fails(() => parseAssignment(referral, 'quantity.amount=lots')).code).toBe('BAD_VALUE')
    expect(fails(() => parseAssignment(referral, 'referrer=harbor-pd')).code).toBe('BAD_VALUE')
    expect(fails(() => parseAssignment(referral, 'no-equals-sign')).code).toBe('BAD_ASSIGNMENT')
    // A field inside a value: the value's name once, and a referral's typed field name not at all.
    const inValue = fails(() => parseAssignment(referral, 'status.jane_doe=1', {kind: 'referral'}))
    expect(inValue.code).toBe('UNKNOWN_FIELD')
    expect(inValue.message).toMatch(/^status is not a map, so it has no field /)
    expect(inValue.message).not.toContain('jane')
    const inMap = fails(() => parseAssignment(referral, 'referrer.jane_doe=1', {kind: 'referral'}))
    expect(inMap.message).toMatch(/^referrer has no field /)
    expect(inMap.message).not.toContain('jane')
  })
  it('builds nested data for a new record', () => {
    const data = applyToData({}, ['referrer.agency=harbor-pd', 'referrer.badge=0412', 'charges[]=A 1', 'charges[]=B 2', 'screening.overrides[0].exclusion=x'].map((s) => parseAssignment(referral, s)))
    expect(data).toEqual({referrer: {agency: 'harbor-pd', badge: '0412'}, charges: ['A 1', 'B 2'], screening: {overrides: [{exclusion: 'x'}]}})
    expect(fails(() => applyToData({}, [parseAssignment(referral, 'charges[3]=A 1')])).code).toBe('BAD_INDEX')
  })
  it('writes local times with the zone offset in summer and winter', () => {
    expect(formatInZone(new Date('2026-07-01T12:00:00Z'), 'America/Los_Angeles')).toBe('2026-07-01T05:00:00-07:00')
    expect(formatInZone(new Date('2026-01-01T12:00:00Z'), 'Asia/Kolkata')).toBe('2026-01-01T17:30:00+05:30')
  })
})
