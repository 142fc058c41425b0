/** The parse cache's index in columns (records/index-file.ts): what is written is what is read. */
import {describe, expect, it} from 'vitest'
import {isAscii} from 'node:buffer'
import {decodeIndex, encodeIndex, EntryTable, FileTable, indexBytes, packStamps, unpackStamps, type CacheFile, type FileEntry, type IndexEntry} from '../../src/core/records/index-file.js'
import {RuleColumn} from '../../src/core/records/rule-column.js'
import {seededRandom} from '../support/seeded-random.js'

const V = 'parse-test/1'

/** The index with its rule columns as plain lists, to compare. */
const plain = (c: CacheFile) => ({...c, entries: Object.fromEntries(c.entries), files: Object.fromEntries(c.files), rules: Object.fromEntries(Object.entries(c.rules ?? {}).map(([k, column]) => [k, [...column].sort()]))})

function randomIndex(rand: () => number, n: number): CacheFile {
  const hash = (i: number) => `h${i.toString(36)}${'x'.repeat(20)}`
  const entries: Record<string, IndexEntry> = {}
  const diag = {code: 'SCHEMA', severity: 'error' as const, message: 'm', line: 2, column: 3}
  for (let i = 0; i < n; i++) {
    const r = rand()
    entries[hash(i)] =
      r < 0.2 ? {diagnostics: [], concealed: true, schema: {kind: 'referral', diagnostics: []}, facts: r < 0.1 ? `r-${Math.floor(r * 1000)}|P-7KQ2M9|c-2026-01-02-abc123|` : ''}
      : r < 0.25 ? {diagnostics: [diag], concealed: true, facts: '|P-7KQ2M9||'}
      : r < 0.3 ? {diagnostics: [], concealed: true, schema: {kind: 'referral', diagnostics: []}}
      : r < 0.5 ? {diagnostics: [], schema: {kind: 'partner', diagnostics: []}}
      : r < 0.6 ? {diagnostics: []}
      : r < 0.65 ? {diagnostics: [], concealed: true}
      : r < 0.7 ? {diagnostics: [], concealed: false, schema: {kind: 'consent', diagnostics: []}}
      : r < 0.8 ? {diagnostics: [], schema: {kind: 'roster', diagnostics: [diag]}}
      : r < 0.9 ? {diagnostics: [diag], concealed: true}
      : {diagnostics: [], schema: {kind: '!odd', diagnostics: []}}
  }
  const files: Record<string, FileEntry> = {}
  for (let i = 0; i < n; i++) files[`referrals/2026/r-${i}.yaml`] = {size: 700 + i, mtimeMs: 1796084342478.5989 + i, ctimeMs: 1796096798337.871, ino: 6441972 + i, dev: 65024, hash: hash(Math.floor(rand() * n))}
  // The rule memo: per file, a content hash the index knows, one it no longer does, or a digest of several.
  const rules = {'referral:abc': RuleColumn.of([]), 'training:def': RuleColumn.of([])}
  for (const file of Object.keys(files)) {
    if (rand() < 0.3) continue
    const r = rand()
    const key = r < 0.6 ? files[file]!.hash : r < 0.8 ? `gone${Math.floor(r * 1000)}` : `+digest${Math.floor(r * 1000)}`
    rules[rand() < 0.5 ? 'referral:abc' : 'training:def']!.set(file, {key, found: rand() < 0.2 ? [diag, {...diag, path: ['status'], related: ['consents/c.yaml']}] : []})
  }
  return {version: V, generation: 'gen', values: {generation: 'g', base: 10, length: 20, held: 3, segments: 1}, entries: EntryTable.of(Object.entries(entries)), files: FileTable.of(Object.entries(files)), rules}
}

describe('the cache index in columns', () => {
  it('reads back exactly what was written, whatever its entries hold', () => {
    const rand = seededRandom(7)
    for (const n of [0, 1, 50, 500]) {
      const body = randomIndex(rand, n)
      const read = decodeIndex(encodeIndex(body), V)!
      expect(plain(read), `n=${n}`).toEqual(plain(body))
      // Looked up in place: each file's findings under its key, none under another.
      for (const [context, column] of Object.entries(body.rules!)) {
        for (const [file, memo] of column) {
          expect(read.rules![context]!.findings(file, memo.key)).toEqual(memo.found)
          expect(read.rules![context]!.findings(file, `${memo.key}!`)).toBeUndefined()
        }
      }
    }
  })

  it('is smaller than the same index as objects', () => {
    const body = randomIndex(seededRandom(8), 2000)
    expect(encodeIndex(body).length).toBeLessThan(JSON.stringify(plain(body)).length * 0.75)
  })

  it('gives another version nothing, and refuses a damaged index rather than read it wrong', () => {
    const bytes = encodeIndex(randomIndex(seededRandom(9), 20))
    expect(decodeIndex(bytes, 'parse-test/2')).toBeUndefined()
    const end = bytes.indexOf(0x0a)
    const c = JSON.parse(bytes.subarray(0, end).toString('latin1')) as Record<string, any>
    const stamps = [...unpackStamps(bytes.subarray(end + 1))!]
    // Each edit: of the line, or of the stamps column after it.
    const broken: Array<(c: Record<string, any>, s: number[]) => number[] | Buffer | void> = [
      (_, s) => s.slice(0, -1),
      (_, s) => [999, ...s.slice(1)],
      (_, s) => s.map((n, i) => (i === 6 ? -1 : n)),
      (_, s) => s.map((n, i) => (i === 12 ? 0.5 : n)),
      (_, s) => Buffer.concat([packStamps(s), Buffer.from([1, 2, 3])]),
      (_, s) => packStamps(s).subarray(0, 12),
      (c) => (c.stamps = c.stamps + 6),
      (c) => (c.stamps = String(c.stamps)),
      (c) => c.entries.pop(),
      (c) => (c.entries[0] = 7),
      (c) => (c.hashes[0] = null),
      (c) => (c.generation = 7),
      (c) => (c.values = {generation: 1}),
      (c) => delete c.paths,
      (c) => delete c.rules,
      (c) => c.rules['referral:abc'].keys.pop(),
      (c) => (c.rules['referral:abc'].files[0] = 1e6),
      (c) => (c.rules['referral:abc'].keys[0] = 1e6),
      (c) => (c.rules['referral:abc'].found = {0: 'none'}),
    ]
    for (const [i, breakIt] of broken.entries()) {
      const copy = structuredClone(c)
      const column = breakIt(copy, [...stamps]) ?? stamps
      expect(() => decodeIndex(indexBytes(JSON.stringify(copy), Buffer.isBuffer(column) ? column : packStamps(column as number[])), V), `edit ${i}`).toThrow()
    }
    // No line at all (an index of cache format v14: JSON with its stamps in base64) is no index.
    expect(() => decodeIndex(Buffer.from(JSON.stringify({...c, stamps: packStamps(stamps).toString('base64')})), V)).toThrow()
  })

  it('keeps the line ASCII: a name with accents in a path is escaped, and read back', () => {
    const entries = EntryTable.of([['a', {diagnostics: []}]])
    const files = FileTable.of([['partners/zoë-ñúñez.yaml', {hash: 'a', size: 1, mtimeMs: 2.5, ctimeMs: 3, ino: 4, dev: 5}]])
    const bytes = encodeIndex({version: V, entries, files, rules: {}})
    const end = bytes.indexOf(0x0a)
    expect(isAscii(bytes.subarray(0, end))).toBe(true)
    expect(decodeIndex(bytes, V)!.files.hashOf('partners/zoë-ñúñez.yaml')).toBe('a')
  })
})

describe('the index tables, read in place', () => {
  const diag = {code: 'YAML', severity: 'error' as const, message: 'm', line: 1, column: 1}
  const read = () => {
    const entries = EntryTable.of([['a', {diagnostics: [], schema: {kind: 'partner', diagnostics: []}}], ['b', {diagnostics: [diag]}], ['c', {diagnostics: [diag], concealed: true}]])
    const files = FileTable.of([['partners/x.yaml', {hash: 'a', size: 1, mtimeMs: 2.5, ctimeMs: 3, ino: 4, dev: 5}]])
    return decodeIndex(encodeIndex({version: V, entries, files, rules: {}}), V)!
  }

  it('builds what is asked for, and what is added since wins', () => {
    const body = read()
    expect(body.entries.get('a')).toEqual({diagnostics: [], schema: {kind: 'partner', diagnostics: []}})
    expect(body.entries.get('zz')).toBeUndefined()
    expect(body.files.hashOf('partners/x.yaml')).toBe('a')
    expect(body.files.get('partners/x.yaml')).toEqual({hash: 'a', size: 1, mtimeMs: 2.5, ctimeMs: 3, ino: 4, dev: 5})
    body.entries.set('a', {diagnostics: [diag]})
    body.entries.set('d', {diagnostics: []})
    body.files.set('partners/x.yaml', {hash: 'd', size: 9, mtimeMs: 9, ctimeMs: 9, ino: 9, dev: 9})
    body.files.set('partners/y.yaml', {hash: 'a', size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, dev: 1})
    expect(body.entries.get('a')!.diagnostics).toEqual([diag])
    expect([body.entries.size, [...body.entries.keys()].sort()]).toEqual([4, ['a', 'b', 'c', 'd']])
    expect([body.files.size, body.files.hashOf('partners/x.yaml'), body.files.has('partners/y.yaml')]).toEqual([2, 'd', true])
    // Not parsed as a participant's (findings that may repeat its text, comments not looked for): all but c.
    expect([...body.entries.unconcealed()].sort()).toEqual(['a', 'b', 'd'])
  })

  it('shares one frozen empty list among entries with no findings: a change to it throws rather than reach every entry', () => {
    const entry = read().entries.get('a')!
    expect(() => entry.diagnostics.push(diag)).toThrow()
    expect(() => entry.schema!.diagnostics.push(diag)).toThrow()
  })
})

describe('what a run used, for a rewrite of the index', () => {
  const stamp = (hash: string) => ({hash, size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, dev: 1})
  const read = () => {
    const entries = EntryTable.of(['a', 'b', 'c'].map((h) => [h, {diagnostics: []}] as [string, IndexEntry]))
    const files = FileTable.of([['x.yaml', stamp('a')], ['y.yaml', stamp('b')], ['z.yaml', stamp('c')]])
    return decodeIndex(encodeIndex({version: V, entries, files, rules: {}}), V)!
  }

  it('keeps each entry used and each stamp kept once, a later one (a journal line) counted as itself', () => {
    const body = read()
    body.entries.set('d', {diagnostics: [], concealed: true})
    body.files.set('w.yaml', stamp('d'))
    for (const h of ['a', 'a', 'd', 'zz']) body.entries.use(h)
    expect([body.entries.usedSize, body.entries.isUsed('a'), body.entries.isUsed('b'), body.entries.isUsed('d')]).toEqual([2, true, false, true])
    expect([...body.entries.usedEntries()].map(([h]) => h)).toEqual(['a', 'd'])
    // A stamp is kept only for the content it was taken of.
    expect([body.files.keep('x.yaml', 'a'), body.files.keep('x.yaml', 'a'), body.files.keep('y.yaml', 'c'), body.files.keep('w.yaml', 'd'), body.files.keep('q.yaml', 'a')]).toEqual([true, true, false, true, false])
    expect([body.files.keptSize, body.files.isKept('y.yaml')]).toEqual([2, false])
    expect([...body.files.keptEntries()]).toEqual([['x.yaml', stamp('a')], ['w.yaml', stamp('d')]])
  })
})

describe('the stamps column', () => {
  it('gives back every number as written: times with fractions of a millisecond, big inodes, small tables in a shared pool', () => {
    const numbers = [0, 733, 1796120718240.1196, 1796174459494.1785, 5377019, 65024, 2 ** 53 - 1, 1e-300, -0]
    expect([...unpackStamps(packStamps(numbers))!]).toEqual(numbers)
    for (const n of [0, 1, 6, 600]) {
      const many = Array.from({length: n}, (_, i) => i * 1.25 + 1796120718240.1196)
      expect([...unpackStamps(packStamps(many))!]).toEqual(many)
    }
    expect(unpackStamps(Buffer.alloc(12))).toBeUndefined()
    expect(unpackStamps(Buffer.alloc(7))).toBeUndefined()
  })
})
