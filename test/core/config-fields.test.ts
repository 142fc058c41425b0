import {describe, expect, it} from 'vitest'
import {configEntries, configValue, isPolicyPath, parseConfigAssignment} from '../../src/core/config/config-fields.js'
import {LeadError} from '../../src/core/errors.js'
import {parseFieldPath} from '../../src/core/records/field-assignments.js'

const config = {
  site: {name: 'Harbor County LEAD', timezone: 'America/Los_Angeles'},
  courses: [{id: 'lead-initial', name: 'LEAD initial training', valid_months: 24}],
  privacy: {min_cell: 11, allow_identifiers: []},
  rules: {MOU_EXPIRING: 'warning'},
}
const code = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    return `${(e as LeadError).code} ${(e as LeadError).exit}`
  }
  return 'no error'
}

describe('lead.yaml settings as fields', () => {
  it('lists every plain value under the path config get|set take', () => {
    expect(configEntries(config)).toEqual([
      {path: 'site.name', value: 'Harbor County LEAD'},
      {path: 'site.timezone', value: 'America/Los_Angeles'},
      {path: 'courses[0].id', value: 'lead-initial'},
      {path: 'courses[0].name', value: 'LEAD initial training'},
      {path: 'courses[0].valid_months', value: 24},
      {path: 'privacy.min_cell', value: 11},
      {path: 'privacy.allow_identifiers', value: '[]'},
      {path: 'rules.MOU_EXPIRING', value: 'warning'},
    ])
  })
  it('reads a value by path; an unknown path is a usage error, a missing one undefined', () => {
    expect(configValue(config, 'courses[0].valid_months')).toBe(24)
    expect(configValue(config, 'site')).toEqual(config.site)
    expect(configValue(config, 'referral_phone')).toBeUndefined()
    expect(configValue(config, 'rules.PII_NAME')).toBeUndefined()
    expect(code(() => configValue(config, 'site.zone'))).toBe('UNKNOWN_FIELD 2')
  })
  it('types new values, checks time zones and rule codes', () => {
    expect(parseConfigAssignment('referral_phone=360.555.0100').value).toBe('+1-360-555-0100')
    expect(parseConfigAssignment('courses[]={id: peer, name: Peer to peer, valid_months: 12}').value).toEqual({id: 'peer', name: 'Peer to peer', valid_months: 12})
    expect(parseConfigAssignment('site.timezone=Europe/Berlin').value).toBe('Europe/Berlin')
    expect(code(() => parseConfigAssignment('site.timezone=Pacific Time'))).toBe('BAD_TIMEZONE 2')
    expect(parseConfigAssignment('rules.MOU_EXPIRING=off').value).toBe('off')
    expect(code(() => parseConfigAssignment('rules.MOU_EXPIRING=loud'))).toBe('BAD_VALUE 2')
    expect(code(() => parseConfigAssignment('rules.NOT_A_CODE=off'))).toBe('UNKNOWN_RULE 2')
  })
  it('everything but what only describes the site is policy', () => {
    expect(isPolicyPath(parseFieldPath('privacy.min_cell'))).toBe(true)
    expect(isPolicyPath(parseFieldPath('rules.MOU_EXPIRING'))).toBe(true)
    expect(isPolicyPath(parseFieldPath('site.timezone'))).toBe(true)
    expect(isPolicyPath(parseFieldPath('courses[0].valid_months'))).toBe(true)
    expect(isPolicyPath(parseFieldPath('site.name'))).toBe(false)
    expect(isPolicyPath(parseFieldPath('referral_phone'))).toBe(false)
  })
})
