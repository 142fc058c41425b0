/**
 * The structure rule's whole-site part (case collisions, IDs defined twice) makes a list only for
 * a key two records share: compared here with a list per key, on random sites full of clashes,
 * for the same findings in the same order.
 */
import {describe, expect, it} from 'vitest'
import type {SiteRecord} from '../../src/core/records/load.js'
import type {RuleContext} from '../../src/core/validate/rule-context.js'
import {structureRule} from '../../src/core/validate/rules/structure.js'
import {seededRandom} from '../support/seeded-random.js'

type Report = [string, string[], string, string, string]

function reports(records: SiteRecord[], unreadable: Set<SiteRecord>): Report[] {
  const out: Report[] = []
  const ctx = {records: {records}, isReadable: (r: SiteRecord) => !unreadable.has(r), report: (r: SiteRecord, at: string[], code: string, message: string, hint: string) => out.push([r.file, at, code, message, hint])}
  structureRule.run!(ctx as unknown as RuleContext)
  return out
}

/** The rule as it was written first: a list per key. */
function reference(records: SiteRecord[], unreadable: Set<SiteRecord>): Report[] {
  const out: Report[] = []
  const add = (m: Map<string, SiteRecord[]>, k: string, r: SiteRecord) => (m.get(k)?.push(r) ?? m.set(k, [r]))
  const folded = new Map<string, SiteRecord[]>()
  const byId = new Map<string, SiteRecord[]>()
  for (const r of records) {
    add(folded, r.file.normalize('NFC').toLowerCase(), r)
    if (!unreadable.has(r)) add(byId, `${r.kind}:${r.id}`, r)
  }
  for (const same of folded.values()) if (same.length > 1) for (const r of same) out.push([r.file, [], 'CASE_COLLISION', `${r.file} and ${same.filter((c) => c !== r).map((c) => c.file).join(', ')} are the same file on macOS and Windows`, 'rename one of them; IDs are lowercase'])
  for (const same of byId.values()) if (same.length > 1) for (const r of same) out.push([r.file, ['id'], 'DUPLICATE_ID', `${r.kind} ${r.id} is also defined in ${same.filter((c) => c !== r).map((c) => c.file).join(', ')}`, 'each record has exactly one file: remove or rename one'])
  return out
}

describe('structure rule: clashes across files', () => {
  it('finds what a list per key finds, in the same order', () => {
    const rnd = seededRandom(1203)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
    let clashes = 0
    for (let round = 0; round < 300; round++) {
      const records: SiteRecord[] = []
      const n = 1 + Math.floor(rnd() * 40)
      for (let i = 0; i < n; i++) {
        const kind = pick(['partner', 'referral', 'consent'])
        const id = pick(['a', 'b', 'c', 'd', 'e', 'f'])
        const folder = pick(['partners', 'referrals/2026', 'consents', 'x'])
        const name = pick([id, id.toUpperCase(), `${id}\u0301`, `${id}-2`])
        records.push({kind, id, file: `${folder}/${name}.yaml`} as unknown as SiteRecord)
      }
      const unreadable = new Set(records.filter(() => rnd() < 0.1))
      const expected = reference(records, unreadable)
      clashes += expected.length
      expect(reports(records, unreadable)).toEqual(expected)
    }
    expect(clashes).toBeGreaterThan(1000)
  })
})
