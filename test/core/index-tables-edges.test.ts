/**
 * The index tables' look-ups near a cursor, by scan, then by map (records/index-tables.ts), held to
 * a plain map on small tables, where the cursor's edges are met often: an empty table, the cursor
 * at the end and before the start, keys asked again, more misses than scans (the map built midway),
 * keys added since that shadow stored ones; and every answer the table gives about what it holds.
 */
import {describe, expect, it} from 'vitest'
import {EntryTable, FileTable} from '../../src/core/records/index-tables.js'
import type {FileEntry, IndexEntry} from '../../src/core/records/index-file.js'
import {seededRandom} from '../support/seeded-random.js'

const finding = {code: 'X', severity: 'error' as const, message: 'm', line: 1, column: 1}

describe('the index tables on small tables, asked in any order', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`answer as a map would (seed ${seed})`, () => {
      const random = seededRandom(seed)
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
      const n = seed % 13 // 0 to 12 stored keys
      const hashes = Array.from({length: n}, (_, i) => `h${i}`)
      const paths = Array.from({length: n}, (_, i) => `p/${i}.yaml`)
      const codes: Array<string | IndexEntry> = hashes.map((_, i) => (i % 3 === 0 ? {diagnostics: [finding]} : i % 3 === 1 ? {diagnostics: [finding], concealed: true} : `|f${i}`))
      const stamps = paths.flatMap((_, i) => [i, i, 1, 2, 3, 4])
      const entries = new EntryTable(hashes, codes)
      const files = new FileTable(paths, stamps, hashes)
      const model = new Map<string, IndexEntry>(hashes.map((h, i) => [h, typeof codes[i] === 'string' ? {diagnostics: [], facts: `f${i}`} : (codes[i] as IndexEntry)]))
      const fileModel = new Map<string, string>(paths.map((p, i) => [p, hashes[i]!]))
      // Added since: shadowing a stored key or new.
      for (let k = 0; k < 3; k++) {
        const h = random() < 0.5 && n > 0 ? pick(hashes) : `new${k}`
        const e: IndexEntry = {diagnostics: random() < 0.5 ? [finding] : [], facts: `added${k}`}
        entries.set(h, e)
        model.set(h, e)
        const p = random() < 0.5 && n > 0 ? pick(paths) : `p/new${k}.yaml`
        files.set(p, {hash: h, size: 9, mtimeMs: 9, ctimeMs: 9, ino: 9, dev: 9} as FileEntry)
        fileModel.set(p, h)
      }
      const keys = [...model.keys(), 'absent-a', 'absent-b']
      const fileKeys = [...fileModel.keys(), 'p/absent.yaml']
      let at = 0
      for (let step = 0; step < 80; step++) {
        const r = random()
        // In order, again, a jump, or the end of the table and past it.
        const i = r < 0.4 ? at++ : r < 0.55 ? at - 1 : r < 0.8 ? Math.floor(random() * keys.length) : n - 1 + Math.floor(random() * 3)
        const hash = keys[((i % keys.length) + keys.length) % keys.length]!
        const file = fileKeys[((i % fileKeys.length) + fileKeys.length) % fileKeys.length]!
        expect(entries.has(hash)).toBe(model.has(hash))
        expect(entries.get(hash)?.facts).toBe(model.get(hash)?.facts)
        expect(files.has(file)).toBe(fileModel.has(file))
        expect(files.hashOf(file)).toBe(fileModel.get(file))
        if (!fileModel.has(file) || paths.includes(file)) expect(files.position(file)).toBe(paths.includes(file) ? paths.indexOf(file) : undefined)
        if (step % 7 === 0) expect(entries.size).toBe(model.size)
      }
      expect(entries.size).toBe(model.size)
      expect(files.size).toBe(fileModel.size)
      expect([...entries.keys()].sort()).toEqual([...model.keys()].sort())
      expect([...files.keys()].sort()).toEqual([...fileModel.keys()].sort())
      // Content not read as a participant record's (its comments not looked for), findings or none.
      const unconcealed = [...model].filter(([, e]) => !e.concealed).map(([h]) => h)
      expect([...entries.unconcealed()].sort()).toEqual(unconcealed.sort())
      // Used entries: each once, whatever found them.
      for (const h of keys) entries.useCode(h)
      expect(entries.usedSize).toBe(model.size)
      expect([...entries.usedEntries()].map(([h]) => h).sort()).toEqual([...model.keys()].sort())
    })
  }

  it('an empty table answers nothing, and builds no map for a few misses', () => {
    const entries = new EntryTable([], [])
    const files = new FileTable([], [], [])
    for (let i = 0; i < 20; i++) {
      expect(entries.has(`x${i}`)).toBe(false)
      expect(files.position(`x${i}`)).toBeUndefined()
    }
    expect(entries.size).toBe(0)
    expect(files.size).toBe(0)
    expect(entries.unconcealed().size).toBe(0)
  })
})
