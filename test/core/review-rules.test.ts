import {describe, expect, it} from 'vitest'
import type {Kind} from '../../src/core/records/kinds.js'
import {SiteRecords, type SiteRecord} from '../../src/core/records/load.js'
import {contentHash} from '../../src/core/records/parse-cache.js'
import {parseRecordText} from '../../src/core/records/record-parse.js'
import {YamlSource} from '../../src/core/records/yaml-source.js'
import {compareProtocols, formatHours, summarizeProtocols} from '../../src/core/review/protocol-summary.js'
import {nextVersionId, reviewDiagnostics} from '../../src/core/review/review-rules.js'
import {diffSites, type SiteState} from '../../src/core/review/site-diff.js'

/** A site state from inline YAML files. */
function state(files: Record<string, string>): SiteState {
  const records: SiteRecord[] = []
  const hashes = new Map<string, string>()
  for (const [file, text] of Object.entries(files)) {
    const kind = ({protocols: 'protocol', partners: 'partner', trainings: 'training', referrals: 'referral'} as Record<string, Kind>)[file.split('/')[0]!]!
    const id = file.split('/').pop()!.replace(/\.yaml$/, '')
    const parsed = parseRecordText(file, text)
    records.push({kind, id, file, data: parsed.data as SiteRecord['data'], source: new YamlSource(file, text)})
    hashes.set(file, contentHash(new TextEncoder().encode(text)))
  }
  return {records: new SiteRecords(records, []), hashes}
}

const V2 = `id: p2
version: 2
status: adopted
effective: {from: "2026-03-01"}
pathways: [arrest_diversion, social_contact]
divertible_charges:
  - {code: "RCW 1", label: Possession, max_quantity: 3, unit: g}
  - {code: "RCW 2", label: Trespass}
exclusions:
  - {id: minors, text: Exploits minors, overridable: false}
intake_deadline_days: 30
coverage:
  hours: [{days: [mon, tue, wed, thu, fri], from: "07:00", to: "19:00"}]
  off_hours_phone: "+1-360-555-0100"
`

describe('review rules', () => {
  it('an adopted protocol edited in place is an error at the changed value', () => {
    const edited = V2.replace('max_quantity: 3', 'max_quantity: 5')
    const diff = diffSites(state({'protocols/p2.yaml': V2}), state({'protocols/p2.yaml': edited}))
    expect(reviewDiagnostics(diff)).toEqual([
      expect.objectContaining({code: 'ADOPTED_PROTOCOL_EDITED', severity: 'error', file: 'protocols/p2.yaml', line: 7, column: edited.split('\n')[6]!.indexOf('5') + 1, message: 'adopted protocol p2 changed without a new version: divertible_charges[RCW 1].max_quantity: 3 → 5'}),
    ])
  })

  it('a removed exclusion points at the list; closing the version and coverage edits are allowed', () => {
    const edited = V2.replace('  - {id: minors, text: Exploits minors, overridable: false}\n', '  []\n').replace('exclusions:\n  []', 'exclusions: []').replace('{from: "2026-03-01"}', '{from: "2026-03-01", to: "2026-12-31"}').replace('"07:00"', '"06:00"')
    const found = reviewDiagnostics(diffSites(state({'protocols/p2.yaml': V2}), state({'protocols/p2.yaml': edited})))
    expect(found.map((d) => [d.code, d.line, d.column, d.message])).toEqual([['ADOPTED_PROTOCOL_EDITED', 9, 1, 'adopted protocol p2 changed without a new version: exclusions[minors] removed']])
  })

  it('a superseded protocol must not change; a draft may', () => {
    const superseded = V2.replace('status: adopted', 'status: superseded')
    const found = reviewDiagnostics(diffSites(state({'protocols/p2.yaml': superseded}), state({'protocols/p2.yaml': superseded.replace('"07:00"', '"06:00"')})))
    expect(found.map((d) => [d.code, d.line])).toEqual([['SUPERSEDED_PROTOCOL_CHANGED', 13]])
    const draft = V2.replace('status: adopted', 'status: draft')
    expect(reviewDiagnostics(diffSites(state({'protocols/p2.yaml': draft}), state({'protocols/p2.yaml': draft.replace('max_quantity: 3', 'max_quantity: 5')})))).toEqual([])
  })

  it.each([
    ['min_age', (t: string) => t.replace('intake_deadline_days: 30', 'intake_deadline_days: 30\nmin_age: 18'), (t: string) => t.replace('min_age: 18', 'min_age: 21'), 'min_age: 18 → 21'],
    ['complainant agreement', (t: string) => `${t}complainant_agreement_required: true\n`, (t: string) => t.replace('complainant_agreement_required: true', 'complainant_agreement_required: false'), 'complainant_agreement_required: true → false'],
    ['pathways', (t: string) => t, (t: string) => t.replace('[arrest_diversion, social_contact]', '[arrest_diversion]'), 'pathways'],
    ['catchment', (t: string) => `${t}catchment: [{id: downtown, name: Downtown}]\n`, (t: string) => t.replace('catchment: [{id: downtown, name: Downtown}]', 'catchment: [{id: downtown, name: Downtown}, {id: port, name: Port}]'), 'catchment'],
    ['effective.from', (t: string) => t, (t: string) => t.replace('{from: "2026-03-01"}', '{from: "2026-02-01"}'), 'effective.from: 2026-03-01 → 2026-02-01'],
  ])('an adopted protocol\'s %s changed in place is an error', (_name, base, edit, said) => {
    const before = base(V2)
    const found = reviewDiagnostics(diffSites(state({'protocols/p2.yaml': before}), state({'protocols/p2.yaml': edit(before)})))
    expect(found.map((d) => d.code)).toEqual(['ADOPTED_PROTOCOL_EDITED'])
    expect(found[0]!.message).toContain(said)
  })

  it('severities follow the site\'s rules overrides', () => {
    const diff = diffSites(state({'protocols/p2.yaml': V2}), state({'protocols/p2.yaml': V2.replace('intake_deadline_days: 30', 'intake_deadline_days: 14')}))
    expect(reviewDiagnostics(diff, {ADOPTED_PROTOCOL_EDITED: 'warning'}).map((d) => d.severity)).toEqual(['warning'])
    expect(reviewDiagnostics(diff, {ADOPTED_PROTOCOL_EDITED: 'off'})).toEqual([])
  })
})

describe('site diff', () => {
  const partner = (id: string, name: string) => `id: ${id}\nname: ${name}\ntype: community\npcg_member: true\nowg_member: true\nphone: "+1-360-555-0101"\nwebsite: https://example.org\n`
  it('pairs a renamed and edited record by similar content, and keeps unrelated ones apart', () => {
    const diff = diffSites(
      state({'partners/a.yaml': partner('a', 'Alpha'), 'partners/z.yaml': 'id: z\nname: Zed\ntype: court\n'}),
      state({'partners/b.yaml': partner('b', 'Alpha Group'), 'partners/y.yaml': 'id: y\nname: Why\ntype: housing\n'}),
    )
    expect(diff.records.map((r) => [r.status, r.oldFile ?? null, r.file, r.changes.map((c) => c.path)])).toEqual([
      ['renamed', 'partners/a.yaml', 'partners/b.yaml', ['id', 'name']],
      ['added', null, 'partners/y.yaml', []],
      ['removed', null, 'partners/z.yaml', []],
    ])
    expect(diff.counts).toEqual({added: 1, removed: 1, changed: 0, renamed: 1})
  })

  it('never pairs two different referrals, however alike', () => {
    const referral = (id: string) => `id: ${id}\npathway: community\nstatus: received\ndistrict: D1\n`
    const diff = diffSites(state({'referrals/2026/r-2026-01-01-aaaaaa.yaml': referral('r-2026-01-01-aaaaaa')}), state({'referrals/2026/r-2026-01-02-bbbbbb.yaml': referral('r-2026-01-02-bbbbbb')}))
    expect(diff.counts).toEqual({added: 1, removed: 1, changed: 0, renamed: 0})
    // the same referral moved to another folder (and edited) is one record renamed
    const moved = diffSites(state({'referrals/2025/r-2026-01-01-aaaaaa.yaml': referral('r-2026-01-01-aaaaaa')}), state({'referrals/2026/r-2026-01-01-aaaaaa.yaml': referral('r-2026-01-01-aaaaaa').replace('received', 'eligible')}))
    expect(moved.records.map((r) => [r.status, r.oldFile, r.file, r.changes.map((c) => c.path)])).toEqual([['renamed', 'referrals/2025/r-2026-01-01-aaaaaa.yaml', 'referrals/2026/r-2026-01-01-aaaaaa.yaml', ['status']]])
  })

  it('skips files whose bytes are equal and marks comment-only edits', () => {
    const diff = diffSites(state({'partners/a.yaml': partner('a', 'A'), 'partners/c.yaml': partner('c', 'C')}), state({'partners/a.yaml': `# note\n${partner('a', 'A')}`, 'partners/c.yaml': partner('c', 'C')}))
    expect(diff.records).toEqual([expect.objectContaining({status: 'changed', file: 'partners/a.yaml', changes: [], formattingOnly: true})])
  })
})

describe('protocol summary', () => {
  it('compares a new version with the one it supersedes', () => {
    const v3 = V2.replace('id: p2', 'id: p3').replace('version: 2', 'version: 3').replace('status: adopted', 'status: draft\nsupersedes: p2')
      .replace('  - {code: "RCW 2", label: Trespass}\n', '  - {code: "RCW 3", label: Disorderly conduct, category: public_order}\n')
      .replace('max_quantity: 3', 'max_quantity: 5').replace('intake_deadline_days: 30', 'intake_deadline_days: 14')
      .replace('[arrest_diversion, social_contact]', '[arrest_diversion, social_contact, community]')
      .replace('"+1-360-555-0100"', '"+1-360-555-0199"').replace('[mon, tue, wed, thu, fri], from: "07:00"', '[mon, tue, wed, thu, fri, sat], from: "06:00"')
    const base = state({'protocols/p2.yaml': V2})
    const head = state({'protocols/p2.yaml': V2, 'protocols/p3.yaml': v3})
    const [summary] = summarizeProtocols(diffSites(base, head), base.records.dataOf('protocol'), head.records.dataOf('protocol'))
    expect(summary).toMatchObject({id: 'p3', change: 'new_version', version: 3, comparedTo: {id: 'p2', version: 2}})
    expect(summary!.items.map((i) => i.text)).toEqual([
      'divertible charge added: RCW 3 Disorderly conduct (public_order)',
      'divertible charge removed: RCW 2 Trespass',
      'divertible charge RCW 1: threshold 3 g or less → 5 g or less',
      'intake deadline: 30 days → 14 days',
      'coverage hours: Mon–Fri 07:00–19:00 → Mon–Sat 06:00–19:00',
      'off-hours phone: +1-360-555-0100 → +1-360-555-0199',
      'pathway added: community',
      'status: adopted → draft',
    ])
  })

  it('does not read an unparsable version as everything removed', () => {
    const base = state({'protocols/p2.yaml': V2})
    const head = state({'protocols/p2.yaml': `${V2}  - [broken\n`})
    const diff = diffSites(base, head)
    expect(diff.records[0]).toMatchObject({status: 'changed', unreadable: 'new', changes: []})
    expect(summarizeProtocols(diff, base.records.dataOf('protocol'), head.records.dataOf('protocol'))).toEqual([expect.objectContaining({id: 'p2', change: 'changed', items: [], unreadable: true})])
    expect(reviewDiagnostics(diff)).toEqual([])
  })

  it('formats coverage hours by day runs', () => {
    expect(formatHours([{days: ['mon', 'tue', 'wed', 'fri'], from: '08:00', to: '17:00'}, {days: ['sat', 'sun'], from: '10:00', to: '14:00'}])).toBe('Mon–Wed, Fri 08:00–17:00; Sat, Sun 10:00–14:00')
    expect(compareProtocols({exclusions: [{id: 'x', text: 't', overridable: false}]}, {exclusions: [{id: 'x', text: 't', overridable: true}]}).map((i) => i.text)).toEqual(['exclusion x: now overridable'])
  })
})

describe('nextVersionId: the file an amended adopted protocol goes into', () => {
  it('numbers a versioned ID on, and adds a version to any other', () => {
    expect(nextVersionId('2026-v2', 3)).toBe('2026-v3')
    expect(nextVersionId('harbor-2026', 2)).toBe('harbor-2026-v2')
    expect(nextVersionId('v9-2026', 10)).toBe('v9-2026-v10')
  })
})
