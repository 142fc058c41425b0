/**
 * The index's tables found by position near a cursor, by a scan while few look-ups miss, else by a
 * map (records/index-tables.ts): every look-up answers as a map of the stored keys would, whatever
 * order a run asks in (the site's order with records skipped or asked twice, jumps, absent keys,
 * keys added since).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {codeFacts, codeKindIs, codeParts, entryCode, EntryTable, FileTable} from '../../src/core/records/index-tables.js'
import type {FileEntry, IndexEntry} from '../../src/core/records/index-file.js'
import {ParseCache, readCacheIndex} from '../../src/core/records/parse-cache.js'
import {walkOrder} from '../../src/core/records/site-files.js'
import {loadRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'
import {validateSite} from '../../src/core/validate/site-validation.js'
import {cleanupTemp, exampleSite, git, tempDir, testEnv} from '../support/cli.js'
import {seededRandom} from '../support/seeded-random.js'

const N = 300

function askOrder(random: () => number, n: number): number[] {
  const out: number[] = []
  let at = 0
  while (out.length < n * 2) {
    const r = random()
    if (r < 0.55) out.push(at++ % n) // the next in order
    else if (r < 0.7) out.push(Math.max(0, at - 1) % n) // asked again
    else if (r < 0.8) out.push((at += 1 + Math.floor(random() * 6)) % n) // a few skipped
    else if (r < 0.9) out.push((at = Math.floor(random() * n))) // a jump
    else out.push(-1) // not there
  }
  return out
}

describe('the index tables look-ups', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`answer as a map of the stored keys would (seed ${seed})`, () => {
      const random = seededRandom(seed)
      const hashes = Array.from({length: N}, (_, i) => `h${i}-${Math.floor(random() * 1e6)}`)
      const paths = Array.from({length: N}, (_, i) => `referrals/2026/r-${String(i).padStart(4, '0')}.yaml`)
      const stamps = paths.flatMap((_, i) => [i, 100 + i, 1.5 + i, 2.5 + i, 1000 + i, 7])
      const codes = hashes.map((_, i) => (i % 7 === 0 ? {diagnostics: [{code: 'X', severity: 'error' as const, message: 'm', line: 1, column: 1}]} : `!referral|id${i}|||`))
      const entries = new EntryTable(hashes, codes)
      const files = new FileTable(paths, stamps, hashes)
      // Some keys added since (a journal line, this run): they win, and count once.
      const addedHash = `new-${seed}`
      entries.set(addedHash, {diagnostics: []} as IndexEntry)
      entries.set(hashes[5]!, {diagnostics: [], facts: 'changed'} as IndexEntry)
      files.set(paths[9]!, {hash: addedHash, size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, dev: 1} as FileEntry)
      for (const i of askOrder(random, N)) {
        const hash = i < 0 ? `absent-${random()}` : hashes[i]!
        const path = i < 0 ? `referrals/absent-${random()}.yaml` : paths[i]!
        expect(entries.has(hash)).toBe(i >= 0)
        const entry = entries.get(hash)
        if (i < 0) expect(entry).toBeUndefined()
        else if (i === 5) expect(entry!.facts).toBe('changed')
        else expect(entry!.facts ?? entry!.diagnostics.length).toBe(i % 7 === 0 ? 1 : `id${i}|||`)
        expect(files.position(path)).toBe(i < 0 ? undefined : i)
        expect(files.hashOf(path)).toBe(i < 0 ? undefined : i === 9 ? addedHash : hashes[i])
        expect(files.get(path)?.size).toBe(i < 0 ? undefined : i === 9 ? 1 : 100 + i)
      }
      expect(entries.size).toBe(N + 1)
      // Not read as a participant record's: its comments were not looked for (the two added since are not).
      expect([...entries.unconcealed()].sort()).toEqual([...hashes.filter((_, i) => i % 7 === 0 || i === 5), addedHash].sort())
    })
  }

  it('build no map for a run over the site in order with a few misses', () => {
    const hashes = Array.from({length: N}, (_, i) => `h${i}`)
    const entries = new EntryTable(hashes, hashes.map(() => '!referral'))
    entries.get('lead-yaml-absent')
    for (const hash of hashes) if (hash !== 'h17') entries.has(hash) && entries.useCode(hash)
    expect(entries.size).toBe(N)
    expect((entries as unknown as {atMap?: Map<string, number>}).atMap).toBeUndefined()
  })

  it("bounds its size without a map of the stored hashes when many were added (a journal's)", () => {
    const hashes = Array.from({length: N}, (_, i) => `h${i}`)
    const entries = new EntryTable(hashes, hashes.map(() => '!referral'))
    // Added hashes miss the cursor: telling which are stored is what builds the map.
    for (let i = 0; i < 40; i++) entries.set(i % 4 === 0 ? hashes[(i * 37) % N]! : `new-${i}`, {diagnostics: []} as IndexEntry)
    const {least, most} = entries.sizeBounds()
    expect((entries as unknown as {atMap?: Map<string, number>}).atMap).toBeUndefined()
    expect([least, most]).toEqual([N, N + 40])
    expect(entries.size).toBe(N + 30)
    // Once the map is built the bounds are the size itself.
    expect(entries.sizeBounds()).toEqual({least: N + 30, most: N + 30})
  })
})

describe('an index written whole', () => {
  afterAll(cleanupTemp)
  it("lists files in the walk's order and entries in the order of the files holding them, whatever order the run learnt them in", () => {
    const root = tempDir()
    git(root, ['init', '-q'])
    const random = seededRandom(7)
    const files = ['consents/c-1.yaml', 'partners/a-b.yaml', 'partners/a/c.yaml', 'referrals/2025/r-2.yaml', 'referrals/2026/r-1.yaml', 'referrals/2026/r-3.yaml', 'rosters/x.yaml']
    const shuffled = [...files].sort(() => random() - 0.5)
    const cache = ParseCache.open(root, {journal: false})
    cache.set('lead-yaml-hash', {data: {}, diagnostics: []})
    shuffled.forEach((file, i) => {
      const hash = `h-${file}`
      cache.set(hash, {data: {i}, diagnostics: []})
      cache.remember(file, {size: i, mtimeMs: 1, ctimeMs: 1, ino: i, dev: 1}, hash)
    })
    cache.save()
    const body = readCacheIndex(root)!
    expect([...body.files.keys()]).toEqual([...files].sort(walkOrder))
    expect([...body.files.keys()]).toEqual(['consents/c-1.yaml', 'partners/a/c.yaml', 'partners/a-b.yaml', 'referrals/2025/r-2.yaml', 'referrals/2026/r-1.yaml', 'referrals/2026/r-3.yaml', 'rosters/x.yaml'])
    expect([...body.entries.keys()]).toEqual([...[...files].sort(walkOrder).map((f) => `h-${f}`), 'lead-yaml-hash'])
  })
})

describe('a record read from the index', () => {
  afterAll(cleanupTemp)
  it("takes a schema result only from an entry of its own kind (the same content as a partner and as an MOU)", async () => {
    const root = exampleSite(testEnv())
    const partner = fs.readdirSync(path.join(root, 'partners')).find((f) => f.endsWith('.yaml'))!
    fs.copyFileSync(path.join(root, 'partners', partner), path.join(root, 'mous', partner))
    for (let run = 0; run < 2; run++) {
      await validateSite(readSite(root), {asOf: '2026-11-27'})
      const records = await loadRecords(readSite(root), {saveCache: false})
      const twins = records.records.filter((r) => r.file === `partners/${partner}` || r.file === `mous/${partner}`)
      expect(twins.map((r) => r.hash)).toEqual([twins[0]!.hash, twins[0]!.hash])
      const judged = twins.filter((r) => r.schemaResult !== undefined)
      expect(judged.length).toBe(1)
      expect(judged[0]!.kind).toBe(records.cache!.get(judged[0]!.hash!)!.schema!.kind)
    }
  })
})

describe("an entry's code read in place", () => {
  it('codeKindIs and codeFacts answer as codeParts does, for every shape entryCode writes', () => {
    const kinds = ['referral', 'consent', 'partner', 'roster', 'ref']
    let checked = 0
    for (const concealed of [undefined, true] as const) {
      for (const kind of [undefined, ...kinds]) {
        for (const facts of [undefined, '', 'c-2026-a|p-1', '|', 'referral']) {
          const code = entryCode({diagnostics: [], ...(concealed ? {concealed} : {}), ...(kind ? {schema: {kind, diagnostics: []}} : {}), ...(facts === undefined ? {} : {facts})})!
          expect(code).toBeTypeOf('string')
          const parts = codeParts(code)
          expect(codeFacts(code), code).toBe(parts.facts)
          for (const asked of ['', ...kinds, 'referrals', 'refer']) expect(codeKindIs(code, asked), `${code} ${asked}`).toBe(parts.kind === asked)
          checked++
        }
      }
    }
    expect(checked).toBe(60)
  })
})
