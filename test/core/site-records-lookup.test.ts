/**
 * SiteRecords.get and has: the first record of a kind and ID, whether answered by a scan (the first
 * few look-ups of a kind) or by the kind's map (built after them).
 */
import {describe, expect, it} from 'vitest'
import {SiteRecords, type SiteRecord} from '../../src/core/records/load.js'
import {YamlSource} from '../../src/core/records/yaml-source.js'
import type {Kind} from '../../src/core/records/kinds.js'

const record = (kind: Kind, id: string, file: string): SiteRecord => ({kind, id, file, data: {id}, source: new YamlSource(file, `id: ${id}\n`)})

describe('SiteRecords look-ups', () => {
  const records = [
    record('partner', 'harbor-pd', 'partners/harbor-pd.yaml'),
    record('referral', 'r-2026-01-02-aaaaaa', 'referrals/2026/r-2026-01-02-aaaaaa.yaml'),
    // The same ID again, misfiled: the first one found is the one in site order.
    record('referral', 'r-2026-01-02-aaaaaa', 'referrals/2025/r-2026-01-02-aaaaaa.yaml'),
    // Another kind with an ID of the same text is never taken for it.
    record('consent', 'r-2026-01-02-bbbbbb', 'consents/r-2026-01-02-bbbbbb.yaml'),
  ]

  it('answers the same before and after the map of a kind is built, the first in site order, never another kind\'s', () => {
    const site = new SiteRecords(records, [])
    const answers = () => [site.get('referral', 'r-2026-01-02-aaaaaa')?.file, site.has('referral', 'r-2026-01-02-bbbbbb'), site.has('consent', 'r-2026-01-02-bbbbbb'), site.get('referral', 'nope'), site.get('partner', 'harbor-pd')?.file]
    const expected = ['referrals/2026/r-2026-01-02-aaaaaa.yaml', false, true, undefined, 'partners/harbor-pd.yaml']
    // Scanned, then mapped (the fifth look-up of a kind builds its map), then after ofKind grouped the kinds.
    for (let round = 0; round < 4; round++) expect(answers()).toEqual(expected)
    expect(site.ofKind('referral')).toHaveLength(2)
    expect(answers()).toEqual(expected)
    const grouped = new SiteRecords(records, [])
    grouped.ofKind('consent')
    expect([grouped.get('referral', 'r-2026-01-02-aaaaaa')?.file, grouped.has('consent', 'r-2026-01-02-bbbbbb')]).toEqual(['referrals/2026/r-2026-01-02-aaaaaa.yaml', true])
  })

  it('answers the same when its records carry a basis\'s lines (an ID not in the files line is no record\'s, found without a scan)', () => {
    const lines = {files: records.map((r) => r.file).join('\0'), hashes: '', token: 't', changed: [], added: []}
    const site = new SiteRecords(records, [], undefined, false, [], lines)
    const plain = new SiteRecords(records, [])
    const ask = (s: SiteRecords) => [s.get('referral', 'r-2026-01-02-aaaaaa')?.file, s.has('referral', 'r-2026-01-02-bbbbbb'), s.has('consent', 'r-2026-01-02-bbbbbb'), s.has('referral', 'nope'), s.has('referral', 'aaaaaa'), s.get('partner', 'harbor-pd')?.file]
    expect(ask(site)).toEqual(ask(plain))
    // Not in the files line: no scan of the records (a record list that throws on reading shows it).
    const untouchable = new SiteRecords(new Proxy([] as SiteRecord[], {get: (t, k) => (k === 'length' ? 13400 : Reflect.get(t, k))}), [], undefined, false, [], lines)
    expect(untouchable.has('referral', 'r-2026-01-02-zzzzzz')).toBe(false)
  })
})
