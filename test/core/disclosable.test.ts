import {describe, expect, it} from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import {concealed, DECLARED_FIELDS, disclosable, disclosableKey, MINTED_FIELDS, printableOr, shown, shownPath, UNDECLARED, type PathStep} from '../../src/core/privacy/disclosable.js'
import {secretsOf, guardFindings} from '../../src/core/privacy/disclosure-guard.js'
import {NO_VOCABULARY, staffKey, type SiteVocabulary} from '../../src/core/privacy/vocabulary.js'
import {siteVocabulary} from '../../src/core/privacy/site-vocabulary.js'
import {DECLARING_KINDS} from '../../src/core/records/kinds.js'
import {loadSchema, type JsonSchema} from '../../src/core/schemas/schema-registry.js'
import type {Diagnostic} from '../../src/core/errors.js'

const vocabulary: SiteVocabulary = {
  ...NO_VOCABULARY,
  districts: new Set(['D1', "O'Hare", 'Logan Square']),
  catchments: new Set(['downtown']),
  partners: new Set(['harbor-pd', 'evergreen-cm']),
  protocols: new Set(['2026-v2']),
  charges: new Set(['RCW 69.50.4013']),
  exclusions: new Set(['over-threshold']),
  badges: new Set(['0412']),
  staff: new Set([staffKey('Casey Ruiz')]),
}
const ok = (path: PathStep[], value: unknown) => disclosable('referral', path, value, vocabulary)

describe('the one gate: what may be printed from a referral or consent', () => {
  it('prints every value of the other kinds', () => {
    expect(disclosable('partner', ['contacts', 0, 'name'], 'Casey Ruiz')).toBe(true)
    expect(disclosable('roster', ['officers', 0, 'name'], 'Dana Ortiz')).toBe(true)
  })

  it.each([
    [['status'], 'enrolled'],
    [['pathway'], 'social_contact'],
    [['quantity', 'unit'], 'g'],
    [['handoff', 'method'], 'warm'],
    [['received'], '2026-11-03T06:42:00-08:00'],
    [['intake', 'completed'], '2026-11-10'],
    [['evidence', 0, 'date'], '2026-05-14'],
    [['id'], 'r-2026-11-03-k3f9q2'],
    [['participant'], 'P-7K2D9Q'],
    [['previous'], 'r-2026-04-18-a8c2mx'],
    [['consent'], 'c-2026-11-03-p8m2wd'],
    [['quantity', 'amount'], 1.2],
    [['screening', 'age_ok'], true],
    [['district'], 'D1'],
    [['district'], "O'Hare"],
    [['catchment'], 'downtown'],
    [['referrer', 'agency'], 'harbor-pd'],
    [['referrer', 'badge'], '0412'],
    [['charges', 0], 'RCW 69.50.4013'],
    [['screening', 'exclusions_hit', null], 'over-threshold'],
    [['screening', 'overrides', 1, 'exclusion'], 'over-threshold'],
    [['handoff', 'case_manager'], 'Casey Ruiz'],
    [['handoff', 'case_manager'], 'casey  RUIZ'],
    [['protocol'], '2026-v2'],
  ])('prints %j = %j (a closed vocabulary)', (path, value) => {
    expect(ok(path as PathStep[], value)).toBe(true)
  })

  it.each([
    [['status'], 'John Smith'],
    [['received'], 'born 1990-03-04'],
    [['received'], '2026-02-30T06:42:00-08:00'],
    [['intake', 'completed'], '1990-3-4'],
    [['participant'], 'John Smith'],
    [['participant'], 'P-JOHNSMITH'],
    [['id'], 'john-smith'],
    [['district'], '412 N Pine Street'],
    [['district'], 'd1'],
    [['catchment'], 'john-smith'],
    [['referrer', 'agency'], 'john-smith'],
    [['referrer', 'badge'], '3605550199'],
    [['charges', 0], 'John Smith 360-555-0199'],
    [['screening', 'exclusions_hit', 0], 'maria-lopez'],
    [['handoff', 'case_manager'], 'Maria Lopez'],
    [['notes'], 'Prefers afternoon check-ins.'],
    [['evidence', 0, 'description'], 'Trespass warning'],
    [['screening', 'overrides', 0, 'reason'], 'approved'],
    [['quantity', 'amount'], 3605550199],
    [['district'], 4151234567],
    [['John Smith born 1990-03-04'], 'yes'],
    [['notes2'], 'x'],
  ])('conceals %j = %j', (path, value) => {
    expect(ok(path as PathStep[], value)).toBe(false)
  })

  it('without the site vocabulary, declared fields are never printed', () => {
    expect(disclosable('referral', ['district'], 'D1')).toBe(false)
    expect(disclosable('referral', ['referrer', 'agency'], 'harbor-pd')).toBe(false)
    expect(disclosable('referral', ['status'], 'enrolled')).toBe(true)
  })

  it("prints a clock time its field's pattern takes, and nothing else in a pattern field", () => {
    expect(disclosable('meeting', ['time', 'from'], '14:00')).toBe(true)
    expect(disclosable('meeting', ['time', 'to'], '24:00')).toBe(true)
    expect(disclosable('meeting', ['time', 'from'], '24:00')).toBe(false)
    expect(disclosable('meeting', ['time', 'from'], '25:61')).toBe(false)
    expect(disclosable('meeting', ['time', 'from'], 'Jo Smith')).toBe(false)
    // Four digits and a colon in a field whose pattern is no clock's (a referral's free text) stay concealed.
    expect(ok(['notes'], '14:00')).toBe(false)
  })

  it('judges lists and maps item by item, keys included', () => {
    expect(ok(['charges'], ['RCW 69.50.4013'])).toBe(true)
    expect(ok(['charges'], ['RCW 69.50.4013', 'John Smith'])).toBe(false)
    expect(ok(['quantity'], {amount: 2, unit: 'g'})).toBe(true)
    expect(ok(['quantity'], {amount: 2, unit: 'g', 'John Smith': 1})).toBe(false)
    expect(ok(['screening'], {overrides: [{exclusion: 'over-threshold', reason: 'split bags'}]})).toBe(false)
    expect(disclosableKey('referral', ['screening'], 'overrides')).toBe(true)
    expect(disclosableKey('referral', [], 'John Smith born 1990-03-04')).toBe(false)
    expect(disclosableKey('consent', [], 'witness')).toBe(true)
  })

  it('conceals whole, revealing only the shape', () => {
    expect(concealed('412 N Pine Street')).toBe('‹text of 17 characters, not shown›')
    expect(concealed('é')).toBe('‹text of 1 character, not shown›')
    expect(concealed(3605550199)).toBe('‹a number, not shown›')
    expect(shown('referral', ['district'], '412 N Pine Street', vocabulary)).toBe('‹text of 17 characters, not shown›')
    expect(shown('referral', ['district'], 'D1', vocabulary)).toBe('D1')
    expect(shownPath('referral', ['screening', 'overrides', 0, 'reason'])).toBe('screening.overrides[0].reason')
    expect(shownPath('referral', ['John Smith', 'x'])).toBe('‹a field name of 10 characters, not shown›.‹a field name of 1 character, not shown›')
    expect(printableOr('referral', ['district'], '412 N Pine Street', vocabulary)).toBe(UNDECLARED)
  })

  it('every string field of referrals and consents is classified: enum, date, minted, declared or free text (never printed)', () => {
    for (const kind of ['referral', 'consent'] as const) {
      const root = loadSchema(kind)
      const leaves: Array<{path: string; node: JsonSchema}> = []
      const walk = (node: JsonSchema, path: string[]) => {
        const n = typeof node.$ref === 'string' ? {...((root.$defs as Record<string, JsonSchema>)[node.$ref.split('/').pop()!]), ...node} : node
        if (n.type === 'object') for (const [k, v] of Object.entries((n.properties ?? {}) as Record<string, JsonSchema>)) walk(v, [...path, k])
        else if (n.type === 'array') walk(n.items as JsonSchema, path)
        else if (n.type === 'string') leaves.push({path: path.join('.'), node: n})
      }
      walk(root, [])
      for (const {path, node} of leaves) {
        const classified = Array.isArray(node.enum) || node.format === 'date' || node.format === 'date-time' || MINTED_FIELDS[kind].includes(path) || path in DECLARED_FIELDS[kind]
        // A pattern alone proves nothing ("412 N Pine Street" matches the district pattern): a
        // patterned field must be minted (its pattern is random codes) or declared by the site.
        if (typeof node.pattern === 'string') expect({path, classified}).toEqual({path, classified: true})
        if (!classified) expect(ok(path.split('.'), 'Maria Lopez')).toBe(false)
      }
      for (const path of Object.keys(DECLARED_FIELDS[kind])) expect(leaves.map((l) => l.path)).toContain(path)
      for (const path of MINTED_FIELDS[kind]) expect(leaves.map((l) => l.path)).toContain(path)
    }
  })
})

describe('the site vocabulary', () => {
  it('collects what lead.yaml and the records declare', () => {
    const records = {
      ofKind: (kind: string) =>
        ({
          partner: [{id: 'harbor-pd', data: {name: 'Harbor Police Department', contacts: [{name: 'Sgt. Marcus Bell'}]}}],
          protocol: [{id: '2026-v2', data: {divertible_charges: [{code: 'RCW 1'}], exclusions: [{id: 'violent'}]}}],
          roster: [{id: 'harbor-pd', data: {officers: [{badge: '0412', name: 'Dana Ortiz'}]}}],
          training: [{id: 't', data: {trainers: ['Morgan Tate']}}],
          mou: [{id: 'm', data: {signatories: [{name: 'Nora Eastman'}]}}],
        })[kind] ?? [],
    }
    const v = siteVocabulary({privacy: {districts: ['D1'], catchments: ['downtown']}}, records)
    expect(v).toMatchObject({districts: new Set(['D1']), catchments: new Set(['downtown']), partners: new Set(['harbor-pd']), protocols: new Set(['2026-v2']), charges: new Set(['RCW 1']), exclusions: new Set(['violent']), badges: new Set(['0412'])})
    expect([...v.staff].sort()).toEqual(['dana ortiz', 'harbor police department', 'marcus bell', 'morgan tate', 'nora eastman'])
    expect(v).toMatchObject({mous: new Set(['m']), meetings: new Set()})
  })

  it('is read from exactly the declaring kinds, the one list a comparison, the memo and the message checks load by', () => {
    // The type lets siteVocabulary ask for no other kind; this holds the list to what it asks for.
    const asked = new Set<string>()
    siteVocabulary({}, {ofKind: (kind) => (asked.add(kind), [])})
    expect([...asked].sort()).toEqual([...DECLARING_KINDS].sort())
    for (const file of ['git/site-snapshot.ts', 'privacy/vocabulary-memo.ts', 'privacy/site-staff.ts', 'referrals/volume-facts.ts']) {
      const text = fs.readFileSync(path.join(import.meta.dirname, '../../src/core', file), 'utf8')
      expect(text, file).toContain('DECLARING_KINDS')
      expect(text, file).not.toMatch(/'training', '(protocol|meeting)'|'meeting', 'protocol'/)
    }
  })

  it('prints the existing MOU or meeting a decision concerns, and conceals an id no record declares', () => {
    const declared = {...vocabulary, mous: new Set(['2025-harbor-evergreen']), meetings: new Set(['2026-10-14-pcg'])}
    const data = {decisions: [{concerns: [{kind: 'mou', id: '2025-harbor-evergreen'}, {kind: 'meeting', id: '2026-10-14-pcg'}, {kind: 'mou', id: 'Maria Lopez mou'}]}]}
    const file = 'meetings/2026/2026-11-10-pcg.yaml'
    const d: Diagnostic = {code: 'X', severity: 'error', file, line: 1, column: 1, message: 'the decision amends MOU 2025-harbor-evergreen after meeting 2026-10-14-pcg; also Maria Lopez mou', hint: ''}
    guardFindings([d], [{kind: 'meeting', file, data}], declared)
    expect(d.message).toBe('the decision amends MOU 2025-harbor-evergreen after meeting 2026-10-14-pcg; also ‹text of 15 characters, not shown›')
    // Without the MOU on record, its id is as concealed as any other typed text.
    const undeclared: Diagnostic = {...d, message: 'the decision amends MOU 2025-harbor-evergreen'}
    guardFindings([undeclared], [{kind: 'meeting', file, data}], vocabulary)
    expect(undeclared.message).toBe('the decision amends MOU ‹text of 21 characters, not shown›')
    // An MOU id is the site's own only where a decision names the MOU: typed as a referral's district it stays concealed.
    expect(disclosable('referral', ['district'], '2025-harbor-evergreen', declared)).toBe(false)
  })
})

describe('the guard behind every validation message', () => {
  it('conceals any value or key of the record that a message repeats, and nothing printable', () => {
    const data = {district: '412 N Pine Street', status: 'enrolled', 'John Smith born 1990-03-04': 'yes', notes: 'Maria Lopez'}
    expect(secretsOf('referral', data, vocabulary).map((s) => s.text)).toEqual(['John Smith born 1990-03-04', '412 N Pine Street', 'Maria Lopez'])
    const d: Diagnostic = {code: 'X', severity: 'error', file: 'referrals/2026/r.yaml', line: 1, column: 1, message: 'district 412 N Pine Street is enrolled; John Smith born 1990-03-04', hint: 'see Maria Lopez'}
    const other: Diagnostic = {...d, file: 'partners/p.yaml'}
    // A partner's values print (one shaped like a referral, district and status, is read as one: second-read-98).
    const partner = {id: 'p', name: 'Harbor PD', notes: '412 N Pine Street'}
    guardFindings([d, other], [{kind: 'referral', file: d.file, data}, {kind: 'partner', file: other.file, data: partner}], vocabulary)
    expect(d.message).toBe('district ‹text of 17 characters, not shown› is enrolled; ‹a field name of 26 characters, not shown›')
    expect(d.hint).toBe('see ‹text of 11 characters, not shown›')
    expect(other.message).toContain('412 N Pine Street')
  })
})
