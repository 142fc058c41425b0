import {describe, expect, it} from 'vitest'
import {LeadError} from '../../src/core/errors.js'
import {checkFields, compileWhere, parseCondition, sortBy, type QueryScope} from '../../src/core/records/record-query.js'
import {loadSchema} from '../../src/core/schemas/schema-registry.js'

const scope: QueryScope = {schema: loadSchema('referral'), kind: 'referral', clock: {timeZone: 'America/Los_Angeles', now: new Date('2026-11-30T20:00:00Z')}}
const roster: QueryScope = {schema: loadSchema('roster'), kind: 'roster'}

const refs = [
  {id: 'a', status: 'enrolled', received: '2026-11-01T07:30:00Z', quantity: {amount: 3, unit: 'g'}, intake: {completed: '2026-11-09'}, charges: ['RCW 69.50.4013']},
  // 23:30 on Oct 31 in Los Angeles, but Nov 1 in UTC: text comparison gets this one wrong.
  {id: 'b', status: 'received', received: '2026-11-01T06:30:00Z', quantity: {amount: 10, unit: 'g'}},
  {id: 'c', status: 'closed', received: '2026-10-31T23:45:00-07:00', charges: ['RCW 9A.52.080', 'RCW 69.50.4013']},
  {id: 'd', status: 'enrolled', received: '2026-11-30T09:15:00-08:00', screening: {consent_to_participate: true}},
]
const pick = (...where: string[]) => refs.filter(compileWhere(where.map(parseCondition), scope)).map((r) => r.id)
const error = (fn: () => unknown): LeadError => {
  try {
    fn()
  } catch (e) {
    return e as LeadError
  }
  throw new Error('expected a usage error')
}

describe('typed --where', () => {
  it('compares timestamps as instants, whatever offset they were written with', () => {
    expect(pick('received>=2026-11-01T00:00:00-07:00')).toEqual(['a', 'd'])
    expect(pick('received<2026-11-01 00:00')).toEqual(['b', 'c'])
    expect(pick('received>2026-11-30 9:00 AM')).toEqual(['d'])
    expect(pick('received=2026-11-30T17:15:00Z')).toEqual(['d'])
  })
  it('compares a timestamp with a date by its local day in the site zone', () => {
    expect(pick('received>=2026-11-01')).toEqual(['a', 'd'])
    expect(pick('received=2026-10-31')).toEqual(['b', 'c'])
    expect(pick('received=today')).toEqual(['d'])
    expect(pick('received<=2026-10-31')).toEqual(['b', 'c'])
  })
  it('compares dates as dates, numbers as numbers, booleans as booleans', () => {
    expect(pick('intake.completed>=2026-11-01')).toEqual(['a'])
    expect(pick('quantity.amount>4')).toEqual(['b'])
    expect(pick('quantity.amount<10')).toEqual(['a'])
    expect(pick('screening.consent_to_participate=yes')).toEqual(['d'])
    expect(pick('status!=enrolled', 'status!=closed')).toEqual(['b'])
    expect(pick('charges=RCW 69.50.4013')).toEqual(['a', 'c'])
    expect(pick('charges!=RCW 69.50.4013')).toEqual(['b', 'd'])
    expect(pick('previous=')).toEqual(['a', 'b', 'c', 'd'])
    expect(pick('status~ROLL')).toEqual(['a', 'd'])
  })
  it('refuses an unknown field with the closest one (exit 2), never an empty result', () => {
    const e = error(() => pick('stauts=enrolled'))
    expect(e.exit).toBe(2)
    expect(e.code).toBe('UNKNOWN_FIELD')
    expect(e.message).toBe(`--where 'stauts=enrolled': a referral has no field "stauts" (did you mean "status"?)`)
    expect(e.hint).toMatch(/^fields of a referral: id, .*status/)
    expect(error(() => pick('referer.agency=harbor-pd')).message).toContain('(did you mean "referrer"?)')
    expect(error(() => pick('referrer.agncy=harbor-pd')).message).toContain('referrer has no field "agncy" (did you mean "referrer.agency"?)')
    expect(error(() => pick('agency=harbor-pd')).message).toContain('(did you mean "referrer.agency"?)')
  })
  it('refuses values the field can never hold', () => {
    expect(error(() => pick('status=enroled')).message).toContain('never "enroled" (did you mean "enrolled"?)')
    expect(error(() => pick('quantity.amount>lots')).code).toBe('BAD_WHERE')
    expect(error(() => pick('intake.completed>=November')).hint).toContain('YYYY-MM-DD')
    expect(error(() => pick('received>=2026-11-01 25:00')).code).toBe('BAD_WHERE')
    expect(error(() => pick('received>=2026-11-01 01:30')).message).toBe(`--where 'received>=2026-11-01 01:30': 2026-11-01 01:30 happened twice in America/Los_Angeles: clocks went back from 02:00 to 01:00`)
    expect(error(() => pick('referrer=harbor-pd')).hint).toContain("--where 'referrer.agency=harbor-pd'")
    expect(error(() => pick('screening.consent_to_participate>yes')).code).toBe('BAD_WHERE')
  })
  it('reaches into lists of maps', () => {
    const rosters = [{id: 'x', officers: [{badge: '0412', status: 'active'}, {badge: '0577', status: 'leave'}]}]
    expect(rosters.filter(compileWhere([parseCondition('officers.status=leave')], roster)).length).toBe(1)
    expect(rosters.filter(compileWhere([parseCondition('officers.0.badge=0577')], roster)).length).toBe(0)
    expect(error(() => compileWhere([parseCondition('officers.bdge=0412')], roster)).message).toContain('did you mean "officers.badge"')
  })
})

describe('--fields and --sort', () => {
  it('checks field names', () => {
    expect(checkFields(scope, ['id', 'referrer.agency', 'charges[0]'], '--fields')).toEqual(['id', 'referrer.agency', 'charges.0'])
    const e = error(() => checkFields(scope, ['id', 'recieved'], '--fields'))
    expect(e.message).toBe('--fields recieved: a referral has no field "recieved" (did you mean "received"?)')
    expect(error(() => sortBy([...refs], '-recieved', (r) => r, scope)).message).toContain('--sort -recieved')
  })
  it('sorts timestamps by instant', () => {
    expect(sortBy([...refs], 'received', (r) => r, scope).map((r) => r.id)).toEqual(['b', 'c', 'a', 'd']) // as text: c, b, a, d
    expect(sortBy([...refs], '-quantity.amount', (r) => r, scope).map((r) => r.id)).toEqual(['b', 'a', 'c', 'd'])
  })
})
