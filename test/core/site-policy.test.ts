import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {fails, judgePolicy, type PolicyChange} from '../../src/core/policy/site-policy.js'

const BASE = `
site: {name: Harbor County LEAD, jurisdiction: "Harbor County, WA", timezone: America/Los_Angeles}
referral_phone: "+1-360-555-0100"
courses:
  - {id: lead-initial, name: LEAD initial training, valid_months: 24}
  - {id: roll-call, name: Roll-call refresher, valid_months: 12}
privacy: {min_cell: 11, allow_identifiers: [consent.purpose]}
rules: {MOU_EXPIRING: "off", REFERRER_UNTRAINED: error}
schema_version: 1
`

const side = (text: string | undefined) => ({present: text !== undefined, data: text === undefined ? undefined : parse(text)})
const judge = (base: string | undefined, head: string | undefined) => judgePolicy(side(base), side(head))
const lines = (changes: PolicyChange[]) => changes.map((c) => `${c.direction}: ${c.text}`)
/** BASE with one line replaced. */
const headWith = (from: string, to: string) => {
  if (!BASE.includes(from)) throw new Error(`not in BASE: ${from}`)
  return BASE.replace(from, to)
}

describe('judgePolicy', () => {
  it('finds nothing when only site data changed, and judges by the change\'s own lead.yaml then', () => {
    const head = headWith('name: Harbor County LEAD', 'name: Harbor LEAD').replace('+1-360-555-0100', '+1-360-555-0199')
    const j = judge(BASE, head)
    expect(j.changes).toEqual([])
    expect(j.data).toEqual(parse(head))
  })

  it('names each loosening, and judges by the base value', () => {
    const head = headWith('privacy: {min_cell: 11, allow_identifiers: [consent.purpose]}', 'privacy: {min_cell: 1, allow_identifiers: [consent.purpose, referral.notes]}')
      .replace('rules: {MOU_EXPIRING: "off", REFERRER_UNTRAINED: error}', 'rules: {MOU_EXPIRING: "off", REFERRER_UNTRAINED: warning, PII_NAME: warning, ADOPTED_PROTOCOL_EDITED: "off"}')
    const j = judge(BASE, head)
    expect(lines(j.changes)).toEqual([
      'loosened: privacy.min_cell 11 → 1',
      'loosened: privacy.allow_identifiers gains referral.notes',
      'loosened: rules.ADOPTED_PROTOCOL_EDITED error (default) → off',
      'loosened: rules.PII_NAME error (default) → warning',
      'loosened: rules.REFERRER_UNTRAINED error → warning',
    ])
    expect(j.changes.every(fails)).toBe(true)
    expect(j.data.privacy).toEqual({min_cell: 11, allow_identifiers: ['consent.purpose']})
    expect(j.data.rules).toEqual({MOU_EXPIRING: 'off', REFERRER_UNTRAINED: 'error'})
    expect(j.changes.find((c) => c.setting === 'privacy.allow_identifiers')!.path).toEqual(['privacy', 'allow_identifiers', 1])
    expect(j.changes.find((c) => c.setting === 'rules.PII_NAME')!.path).toEqual(['rules', 'PII_NAME'])
  })

  it('names each tightening (not failing), and judges by the stricter value at once', () => {
    const head = headWith('privacy: {min_cell: 11, allow_identifiers: [consent.purpose]}', 'privacy: {min_cell: 20, allow_identifiers: []}')
      .replace('rules: {MOU_EXPIRING: "off", REFERRER_UNTRAINED: error}', 'rules: {REFERRER_UNTRAINED: error, INTAKE_OVERDUE: error}')
      .replace('valid_months: 24', 'valid_months: 18')
    const j = judge(BASE, head)
    expect(lines(j.changes)).toEqual([
      'tightened: courses.lead-initial.valid_months 24 → 18',
      'tightened: privacy.min_cell 11 → 20',
      'tightened: privacy.allow_identifiers loses consent.purpose',
      'tightened: rules.INTAKE_OVERDUE warning (default) → error',
      'tightened: rules.MOU_EXPIRING off → warning (default)',
    ])
    expect(j.changes.some(fails)).toBe(false)
    expect(j.data.privacy).toEqual({min_cell: 20, allow_identifiers: []})
    expect(j.data.rules).toEqual({REFERRER_UNTRAINED: 'error', INTAKE_OVERDUE: 'error'})
    expect((j.data.courses as Array<{valid_months: number}>).map((c) => c.valid_months)).toEqual([18, 12])
  })

  it('a longer course validity loosens; courses added or removed are the site\'s own list', () => {
    const head = headWith('valid_months: 12}', 'valid_months: 120}').replace('  - {id: lead-initial, name: LEAD initial training, valid_months: 24}\n', '  - {id: peer, name: Peer training, valid_months: 36}\n')
    const j = judge(BASE, head)
    expect(lines(j.changes)).toEqual(['loosened: courses.roll-call.valid_months 12 → 120'])
    expect(j.data.courses).toEqual([
      {id: 'peer', name: 'Peer training', valid_months: 36},
      {id: 'roll-call', name: 'Roll-call refresher', valid_months: 12},
    ])
  })

  it('an entry covering a field covers what is under it; the judged list keeps only what both allow', () => {
    const base = headWith('allow_identifiers: [consent.purpose]', 'allow_identifiers: [referral.evidence]')
    const narrower = judge(base, headWith('allow_identifiers: [consent.purpose]', 'allow_identifiers: [referral.evidence.description]'))
    expect(lines(narrower.changes)).toEqual(['tightened: privacy.allow_identifiers loses referral.evidence'])
    expect((narrower.data.privacy as {allow_identifiers: string[]}).allow_identifiers).toEqual(['referral.evidence.description'])
    const wider = judge(headWith('allow_identifiers: [consent.purpose]', 'allow_identifiers: [referral.evidence.description]'), base)
    expect(lines(wider.changes)).toEqual(['loosened: privacy.allow_identifiers gains referral.evidence'])
    expect((wider.data.privacy as {allow_identifiers: string[]}).allow_identifiers).toEqual(['referral.evidence.description'])
  })

  it('ignores rule entries lead never honours (a privacy finding cannot be turned off)', () => {
    const j = judge(BASE, headWith('REFERRER_UNTRAINED: error}', 'REFERRER_UNTRAINED: error, PII_NAME: "off", YAML_SYNTAX: warning}'))
    expect(j.changes).toEqual([])
  })

  it('covers settings it does not know yet: any change fails and the base value applies', () => {
    const head = headWith('privacy: {min_cell: 11, allow_identifiers: [consent.purpose]}', 'privacy: {min_cell: 11, allow_identifiers: [consent.purpose], districts: [D1, D2, "412 N Pine Street"]}')
      .replace('timezone: America/Los_Angeles', 'timezone: America/Chicago')
      .replace('schema_version: 1', 'schema_version: 1\nreview: {retroactive: allowed}')
    const j = judge(headWith('privacy: {min_cell: 11, allow_identifiers: [consent.purpose]}', 'privacy: {min_cell: 11, allow_identifiers: [consent.purpose], districts: [D1, D2]}'), head)
    expect(lines(j.changes)).toEqual([
      'changed: site.timezone America/Los_Angeles → America/Chicago',
      // Declared districts are an allow-list (privacy/vocabulary.ts): one more declared loosens.
      'loosened: privacy.districts gains 412 N Pine Street',
      'changed: review.retroactive (not set) → allowed',
    ])
    expect(j.changes.every(fails)).toBe(true)
    expect((j.data.site as {timezone: string}).timezone).toBe('America/Los_Angeles')
    expect((j.data.privacy as {districts: string[]}).districts).toEqual(['D1', 'D2'])
    expect(j.data.review).toBeUndefined()
  })

  it('a value it cannot read is reported, and the base value applies', () => {
    const j = judge(BASE, headWith('min_cell: 11', 'min_cell: "1"').replace('REFERRER_UNTRAINED: error}', 'REFERRER_UNTRAINED: never}'))
    expect(j.changes.map((c) => [c.direction, c.setting])).toEqual([
      ['unreadable', 'privacy.min_cell'],
      ['unreadable', 'rules'],
    ])
    expect((j.data.privacy as {min_cell: number}).min_cell).toBe(11)
    expect(j.data.rules).toEqual({MOU_EXPIRING: 'off', REFERRER_UNTRAINED: 'error'})
  })

  it('fails closed: a deleted or unreadable lead.yaml is judged by the base\'s, a missing base by lead\'s defaults', () => {
    expect(lines(judge(BASE, undefined).changes)).toEqual(['unreadable: lead.yaml was deleted'])
    expect(judge(BASE, undefined).data).toEqual(parse(BASE))
    const broken = judgePolicy(side(BASE), {present: true, data: undefined})
    expect(lines(broken.changes)).toEqual(['unreadable: lead.yaml is not valid YAML'])
    expect(broken.data).toEqual(parse(BASE))
    // No lead.yaml at the base: there was no site there, so no policy to bend.
    const head = headWith('min_cell: 11', 'min_cell: 5')
    expect(judge(undefined, head)).toEqual({data: parse(head), changes: []})
    // A base lead.yaml that cannot be read counts as lead's defaults.
    const fromDefaults = judgePolicy({present: true, data: undefined}, side(head))
    expect(lines(fromDefaults.changes)).toEqual([
      'changed: site.timezone (not set) → America/Los_Angeles',
      'loosened: privacy.min_cell 11 (default) → 5',
      'loosened: privacy.allow_identifiers gains consent.purpose',
      'loosened: rules.MOU_EXPIRING warning (default) → off',
      'tightened: rules.REFERRER_UNTRAINED warning (default) → error',
    ])
  })
})
