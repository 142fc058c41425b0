import {describe, expect, it} from 'vitest'
import {scanText} from '../../src/core/privacy/identifiers.js'
import {scanRecord} from '../../src/core/privacy/record-scan.js'

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

describe('names the first detectors missed (review)', () => {
  it.each([
    ['Saw John Smith today', 'John Smith'],
    ['Client John Smith', 'John Smith'],
    ['Mother Maria Lopez called.', 'Maria Lopez'],
    ['met john smith at the pier', 'john smith'],
    ['JOHN SMITH AT PIER', 'JOHN SMITH'],
    ['Listed as Smith, John on the booking sheet', 'Smith, John'],
    ['Tyrone Jackson was there', 'Tyrone Jackson'],
    ['with DeShawn Williams', 'DeShawn Williams'],
    ['Gia đình: Nguyễn Văn An', 'Nguyễn Văn'],
    ['Sister Imani Okafor came', 'Imani Okafor'],
    ['Guadalupe Reyes, neighbour', 'Guadalupe Reyes'],
  ])('PII_NAME in %j', (text, name) => {
    const names = scanText(text).filter((m) => m.code === 'PII_NAME').map((m) => text.slice(m.index, m.index + m.length))
    expect(names).toContain(name)
  })

  it('"Nguyen" is a surname, not a given name', () => {
    expect(codes('Nguyen Street shelter')).toEqual(['PII_NAME']) // surname-first form: reported
    expect(codes('tran office')).toEqual([])
  })

  it.each([
    ['PII_PHONE', 'call back 5551234567'],
    ['PII_PHONE', 'number 15551234567 works'],
    ['PII_ADDRESS', 'sleeps at 123 main st'],
    ['PII_ADDRESS', 'near 40 n oak ave'],
  ])('%s in %j', (code, text) => {
    expect(codes(text)).toContain(code)
  })

  it.each([
    'Charged under RCW 69.50.4013 and RCW 9A.52.080 (SMC 12A.08.040).',
    'Arrest diversion under protocol 2026-v2, adopted by the PCG in February; exclusions: violent-history, sex-offense.',
    'Referred by Harbor Police Department to Harbor Housing Coalition.',
    'Intake within 30 days at the court; 2 officers on the way.',
    'Yesterday, participant P-7K2D9Q kept the appointment.',
    'case r-2026-11-26-v3l3ie, badge 4417, 3 g, 1200 mg',
    'Will call Monday. Mark the file. Grace period ends.',
  ])('nothing in %j', (text) => {
    expect(codes(text, {staffNames: new Set(['harbor police department', 'harbor housing coalition'])})).toEqual([])
  })

  it('dates in date fields stay quiet', () => {
    expect(codes('2026-11-26T15:30:00-08:00', {dateField: true})).toEqual([])
  })

  it('known staff and partner names are skipped even when longer than two words', () => {
    const staff = new Set(['mary ann jones', 'virginia mason medical center'])
    expect(codes('Dr. Mary Ann Jones and Virginia Mason Medical Center', {staffNames: staff})).toEqual([])
    expect(codes('Mary Ann Jones and Maria Lopez', {staffNames: staff})).toEqual(['PII_NAME'])
  })
})
