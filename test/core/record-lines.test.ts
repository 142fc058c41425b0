/**
 * The basis lines a write carries (records/load.ts RecordLines, write/judged-change.ts
 * applyInMemory): after changes and additions they are the lines worked out from the records
 * themselves, and they name exactly the positions changed and added, so a validation that visits
 * only those (delta-basis.ts carried) reads the same site as one that looks at every record.
 */
import {describe, expect, it} from 'vitest'
import {SiteRecords, type SiteRecord} from '../../src/core/records/load.js'
import {contentHash} from '../../src/core/records/cache-files.js'
import {YamlSource} from '../../src/core/records/yaml-source.js'
import {walkOrder} from '../../src/core/records/site-files.js'
import {applyInMemory} from '../../src/core/write/judged-change.js'
import {basisLines, basisPosition, positionsNow} from '../../src/core/validate/delta-basis.js'
import {seededRandom} from '../support/seeded-random.js'

const text = (id: string, n: number) => `id: ${id}\nnotes: version ${n}\n`
const hashOf = (t: string) => contentHash(Buffer.from(t))

function site(n: number): SiteRecords {
  const files = Array.from({length: n}, (_, i) => `referrals/${2024 + (i % 3)}/r-2026-01-0${i % 9}-${String(i).padStart(6, 'a')}.yaml`).sort(walkOrder)
  const records: SiteRecord[] = files.map((file) => {
    const id = file.slice(file.lastIndexOf('/') + 1, -5)
    return {kind: 'referral', id, file, data: {id}, source: new YamlSource(file, text(id, 0)), hash: hashOf(text(id, 0))}
  })
  return new SiteRecords(records, [], undefined, false, [], {files: files.join('\0'), hashes: records.map((r) => r.hash).join(''), token: 't', changed: [], added: []})
}

describe('the basis lines a write carries', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`are the records' own lines after changes and additions (seed ${seed})`, () => {
      const random = seededRandom(seed)
      const before = site(Math.floor(random() * 30))
      const changes = []
      const seen = new Set<string>()
      for (let k = Math.floor(random() * 5); k > 0; k--) {
        const edit = before.records.length > 0 && random() < 0.5
        const file = edit ? before.records[Math.floor(random() * before.records.length)]!.file : `referrals/${2023 + Math.floor(random() * 5)}/r-2026-02-0${Math.floor(random() * 9)}-new${k}${Math.floor(random() * 99)}.yaml`
        if (seen.has(file)) continue
        seen.add(file)
        const id = file.slice(file.lastIndexOf('/') + 1, -5)
        changes.push({kind: 'referral' as const, id, file, text: text(id, k), base: edit ? text(id, 0) : null})
      }
      const after = applyInMemory(before, changes)
      const lines = after.lines!
      expect(lines, `seed ${seed}`).toBeDefined()
      const own = basisLines(new SiteRecords(after.records, []))
      expect([lines.files, lines.hashes]).toEqual([own.files, own.hashes])
      const wasFile = new Set(before.records.map((r) => r.file))
      expect(lines.added).toEqual(after.records.flatMap((r, i) => (wasFile.has(r.file) ? [] : [i])))
      expect(lines.changed).toEqual(after.records.flatMap((r, i) => (seen.has(r.file) ? [i] : [])))
      // Every other record is where the basis lists it, moved on by the added ones before it.
      after.records.forEach((r, i) => {
        const old = basisPosition(lines.added, i)
        expect(old < 0 ? undefined : before.records[old]!.file).toBe(old < 0 ? undefined : r.file)
      })
      const olds = before.records.map((_, i) => i)
      expect(positionsNow(olds, lines.added).map((i) => after.records[i]!.file)).toEqual(before.records.map((r) => r.file))
    })
  }
})
