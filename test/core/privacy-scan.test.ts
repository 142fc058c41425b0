import {describe, expect, it} from 'vitest'
import {scanText} from '../../src/core/privacy/identifiers.js'
import {scanRecord} from '../../src/core/privacy/record-scan.js'
import {mask} from '../../src/core/validate/rules/privacy.js'

const codes = (text: string, opts = {}) => scanText(text, opts).map((m) => m.code)

describe('identifier detectors', () => {
  it.each([
    ['PII_NAME', 'Spoke with Mr. Jones about housing.'],
    ['PII_NAME', 'Mother, Maria Lopez, called the case manager.'],
    ['PII_NAME', 'Goes by Tiny; name: Robert.'],
    ['PII_DOB', 'DOB 3/4/1990'],
    ['PII_DOB', 'born March 4, 1990'],
    ['PII_DOB', 'Date of birth: 1990-03-04'],
    ['PII_DOB', 'A 34-year-old man'],
    ['PII_DOB', 'Seen on 2026-03-04 at the park'],
    ['PII_SSN', 'SSN 123-45-6789'],
    ['PII_SSN', 'social security number 123456789'],
    ['PII_PHONE', 'Call (360) 555-0199 after 5'],
    ['PII_PHONE', 'cell 360.555.0199'],
    ['PII_PHONE', 'Reach at +1 360 555 0199'],
    ['PII_EMAIL', 'wrote to jdoe@example.org'],
    ['PII_ADDRESS', 'Stays at 412 N Pine Street'],
    ['PII_ADDRESS', 'Sleeps near 1500 3rd Ave'],
    ['PII_ADDRESS', 'Mail to PO Box 77'],
  ])('%s in %j', (code, text) => {
    expect(codes(text)).toContain(code)
  })

  it.each([
    'Repeated trespass warnings at the downtown transit center.',
    'Received during the first 01:30 of the night daylight saving time ended (-07:00).',
    'Quantity divertible under version 2 (up to 3 g); version 1 allowed 1 g.',
    'Charged under RCW 69.50.4013 and RCW 9A.52.080.',
    'Several calls from businesses about panhandling near the ferry terminal.',
    'Referred from D1; participant P-7K2D9Q; case manager arrived in 20 minutes.',
    'Will call back. Grace period agreed. Mark the report LEAD.',
    'Met at the Harbor County courthouse on a Tuesday.',
  ])('nothing in %j', (text) => {
    expect(codes(text)).toEqual([])
  })

  it('reports where in the text it found something', () => {
    const [m] = scanText('ok then call 360-555-0199')
    expect(m).toMatchObject({code: 'PII_PHONE', index: 13, length: 12})
  })

  it('does not report known staff names, with or without a title', () => {
    const staff = new Set(['casey ruiz', 'ines carvalho'])
    expect(codes('Casey Ruiz met them; Dr. Ines Carvalho will assess.', {staffNames: staff})).toEqual([])
    expect(codes('Kevin Smith met them.', {staffNames: staff})).toEqual(['PII_NAME'])
  })

  it('accepts a bare date in a date field but still a labelled birth date', () => {
    expect(codes('2026-03-04', {dateField: true})).toEqual([])
    expect(codes('DOB 2026-03-04', {dateField: true})).toEqual(['PII_DOB'])
  })

  it('masks what it found when quoting it', () => {
    expect(mask('Maria Lopez, 360-555-0199')).toBe('M•••• L••••, 3••-5••-0•••')
  })
})

describe('scanning a record', () => {
  const referral = {
    id: 'r-2026-03-04-abcdef',
    received: '2026-03-04T10:00:00-08:00',
    participant: 'P-ABCDEF',
    evidence: [{date: '2026-01-02', description: 'Seen with John Carter near the pier.'}],
    handoff: {method: 'warm', case_manager: 'Jordan Lee'},
    notes: 'Phone 360-555-0101.',
  }

  it('scans every string field except staff names and typed dates, with paths', () => {
    const found = scanRecord('referral', referral)
    expect(found.map((f) => [f.code, f.path, f.field])).toEqual([
      ['PII_NAME', ['evidence', 0, 'description'], 'referral.evidence.description'],
      ['PII_PHONE', ['notes'], 'referral.notes'],
    ])
  })

  it('lets lead.yaml privacy.allow_identifiers opt a field (and what is under it) out', () => {
    expect(scanRecord('referral', referral, {allow: ['referral.notes']}).map((f) => f.field)).toEqual(['referral.evidence.description'])
    expect(scanRecord('referral', referral, {allow: ['referral.evidence']}).map((f) => f.field)).toEqual(['referral.notes'])
  })

  it('reports a phone number in a staff field (only names are expected there)', () => {
    expect(scanRecord('consent', {witness: 'Casey Ruiz 360-555-0100'}).map((f) => f.code)).toEqual(['PII_PHONE'])
  })
})
