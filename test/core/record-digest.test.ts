/**
 * records/record-digest.ts feeds every record to a digest in one update: the digest must be the
 * one a record-by-record feed gives (the memos' keys must not change with how they are computed).
 */
import {createHash} from 'node:crypto'
import {describe, expect, it} from 'vitest'
import {hashRecords} from '../../src/core/records/record-digest.js'

const oneByOne = (records: Array<{file: string; kind: string; id: string; hash?: string}>, kinds?: ReadonlySet<string>) => {
  const h = createHash('sha1').update('prefix')
  for (const r of records) {
    if (kinds && !kinds.has(r.kind)) continue
    if (r.hash === undefined) return undefined
    h.update(`\0${r.file}\0${r.kind}\0${r.id}\0${r.hash}`)
  }
  return h.digest('base64url')
}
const together = (records: Array<{file: string; kind: string; id: string; hash?: string}>, kinds?: ReadonlySet<string>) => {
  const h = createHash('sha1').update('prefix')
  return hashRecords(h, records, kinds) ? h.digest('base64url') : undefined
}

describe('hashRecords', () => {
  it('gives the digest a record-by-record feed gives, with and without a kind filter, and none when a hash is unknown', () => {
    const records = Array.from({length: 50}, (_, i) => ({file: `referrals/2026/r-${i}.yaml`, kind: i % 3 === 0 ? 'partner' : 'referral', id: `r-${i}`, hash: `h${i}`}))
    for (const list of [[], records.slice(0, 1), records]) {
      expect(together(list)).toBe(oneByOne(list))
      expect(together(list, new Set(['partner']))).toBe(oneByOne(list, new Set(['partner'])))
    }
    expect(together([])).toBe(createHash('sha1').update('prefix').digest('base64url'))
    const unknown = [...records, {file: 'x.yaml', kind: 'referral', id: 'x'}]
    expect(together(unknown)).toBeUndefined()
    expect(together(unknown, new Set(['partner']))).toBe(oneByOne(unknown, new Set(['partner'])))
    // Record boundaries count: moving a character from one field to the next changes the digest.
    expect(together([{file: 'ab', kind: 'c', id: 'd', hash: 'e'}])).not.toBe(together([{file: 'a', kind: 'bc', id: 'd', hash: 'e'}]))
  })
})
