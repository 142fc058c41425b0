/**
 * The parse cache's values file is append-only between compactions (records/values-file.ts).
 * Real files in a real git directory; every value read is compared with the value its content
 * parses to, so a value read for the wrong hash fails whatever the scenario.
 */
import {spawn} from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {cacheFile, contentHash, ParseCache} from '../../src/core/records/parse-cache.js'
import {COMPACTION, needsCompaction, segmentLine} from '../../src/core/records/values-file.js'
import {cleanupTemp, git, REPO_ROOT, tempDir} from '../support/cli.js'
import {indexLine} from '../support/index-line.js'

/** Record i: its text (what the hash is of) and the value it parses to, ~1 KB each. */
const text = (i: number) => `id: r-${i}\nnotes: ${'n'.repeat(900)}\n`
const valueOf = (i: number) => ({id: `r-${i}`, notes: 'n'.repeat(900), at: i})
const hashOf = (i: number) => contentHash(Buffer.from(text(i)))
const range = (from: number, to: number) => Array.from({length: to - from}, (_, k) => from + k)

interface Index {
  values: {generation: string; base: number; length: number; held: number; segments: number}
  entries: Record<string, unknown>
}

describe('the values file', () => {
  let root: string
  const valuesPath = () => cacheFile(root)!.replace(/index-/, 'values-')
  const index = () => JSON.parse(indexLine(root)) as Index
  const fileLines = () => fs.readFileSync(valuesPath(), 'utf8').split('\n').filter(Boolean)
  const count = () => (JSON.parse(fileLines()[0]!) as {count: number}).count
  /** The base (a header, the table of where each value is, and a line per value) as one, then each segment. */
  const lines = () => [fileLines().slice(0, count() + 2).join('\n'), ...fileLines().slice(count() + 2)]
  const baseKeys = () => fileLines().slice(2, count() + 2).map((l) => l.slice(0, l.indexOf(' '))).sort()
  const stat = () => fs.statSync(valuesPath())

  /** One lead run: sees the records `keep` (all it had, by default) and adds `add`; saved by the caller. */
  function run(add: number[], keep?: number[]): ParseCache {
    const cache = ParseCache.open(root, {parseInstead: 0, journal: false})
    for (const h of keep ? keep.map(hashOf) : cache.knownHashes()) cache.get(h)
    for (const i of add) cache.set(hashOf(i), {data: valueOf(i), diagnostics: []})
    return cache
  }
  const save = (add: number[], keep?: number[]) => run(add, keep).save()

  /** Read records `ids` through a fresh cache: every value must be right; returns those parsed again. */
  function readAll(ids: number[]): number[] {
    const cache = ParseCache.open(root, {parseInstead: 0, journal: false})
    const reparsed: number[] = []
    for (const i of ids) {
      const value = cache.value(hashOf(i), () => (reparsed.push(i), valueOf(i)))
      expect(value).toEqual(valueOf(i))
    }
    return reparsed
  }

  beforeEach(() => {
    root = tempDir()
    git(root, ['init', '-q'])
  })
  afterAll(cleanupTemp)

  it('a run that needs a few values parses those records instead of reading the values file', () => {
    save(range(0, 100))
    const cache = ParseCache.open(root)
    for (const h of cache.knownHashes()) cache.get(h) // every record seen, as a load does
    fs.writeFileSync(valuesPath(), 'not the values file any more')
    const reparsed: number[] = []
    for (const i of range(0, 12)) expect(cache.value(hashOf(i), () => (reparsed.push(i), valueOf(i)))).toEqual(valueOf(i))
    expect(reparsed).toEqual(range(0, 12))
    // The thirteenth reads the file (here unreadable: parsed again, and the save writes a new one
    // with the values at hand).
    cache.value(hashOf(12), () => (reparsed.push(12), valueOf(12)))
    expect(reparsed).toEqual(range(0, 13))
    cache.save()
    expect(readAll(range(0, 13))).toEqual([])
  })

  it('a save that adds one value to a big cache appends one line; reopened, every value is read', () => {
    save(range(0, 2000))
    const before = stat()
    const head = fs.readFileSync(valuesPath()).subarray(0, 4096)
    save([2000])
    const after = stat()
    expect(after.ino).toBe(before.ino) // not replaced
    expect(after.size - before.size).toBeLessThan(1200) // one ~1 KB value, not 2 MB
    expect(fs.readFileSync(valuesPath()).subarray(0, 4096).equals(head)).toBe(true)
    expect(lines()).toHaveLength(2)
    save([2001, 2002])
    expect(lines()).toHaveLength(3)
    expect(index().values).toMatchObject({length: stat().size, held: 2003, segments: 2})
    expect(readAll(range(0, 2003))).toEqual([])
    // Private, and only in the git directory.
    expect(stat().mode & 0o777).toBe(0o600)
    expect(fs.statSync(cacheFile(root)!).mode & 0o777).toBe(0o600)
    expect(valuesPath().startsWith(`${root}/.git/lead/`)).toBe(true)
    // Made readable by others: the next save rewrites it private rather than adding to it.
    fs.chmodSync(valuesPath(), 0o644)
    save([2003])
    expect(stat().mode & 0o777).toBe(0o600)
    expect(lines()).toHaveLength(1)
    expect(readAll(range(0, 2004))).toEqual([])
  })

  it('a garbled segment is skipped and its values parsed again; the next save compacts', () => {
    save(range(0, 50))
    save([50])
    save([51])
    // Flip one byte inside the first segment's payload: same length, wrong checksum.
    const bytes = fs.readFileSync(valuesPath())
    const at = bytes.indexOf('r-50')
    bytes[at + 2] = '9'.charCodeAt(0)
    fs.writeFileSync(valuesPath(), bytes)
    expect(readAll(range(0, 52))).toEqual([50]) // the segment after it still counts
    const generation = index().values.generation
    // A run that read the damage rewrites the file; nothing is lost.
    const cache = run([52])
    cache.value(hashOf(50), () => valueOf(50))
    cache.save()
    expect(index().values.generation).not.toBe(generation)
    expect(lines()).toHaveLength(1)
    expect(readAll(range(0, 53))).toEqual([])
  })

  it('the base values are read one by one: a garbled one is parsed again, the rest stand, and the next save rewrites the file', () => {
    save(range(0, 50))
    const text = fs.readFileSync(valuesPath(), 'latin1')
    const at = text.indexOf(`${hashOf(7)} `)
    expect(at).toBeGreaterThan(0)
    // Same length, no longer JSON: only this value is lost.
    fs.writeFileSync(valuesPath(), `${text.slice(0, at + 28)}#${text.slice(at + 29)}`, 'latin1')
    expect(readAll(range(0, 50))).toEqual([7])
    const generation = index().values.generation
    const cache = run([50])
    cache.value(hashOf(7), () => valueOf(7))
    cache.save()
    expect(index().values.generation).not.toBe(generation)
    expect(readAll(range(0, 51))).toEqual([])
  })

  it('a torn append (the file cut inside a segment) loses that segment only', () => {
    save(range(0, 50))
    save([50])
    save([51, 52])
    fs.truncateSync(valuesPath(), stat().size - 40)
    expect(readAll(range(0, 53))).toEqual([51, 52])
    // A segment line that is not JSON, though its checksum is right, is skipped the same way.
    save(range(0, 10), range(0, 10)) // compacts: many values dropped
    const payload = Buffer.from('{"truncated":')
    const sum = crypto.createHash('sha1').update(payload).digest('base64url')
    fs.appendFileSync(valuesPath(), Buffer.concat([Buffer.from(`${sum} `), payload, Buffer.from('\n')]))
    save([60]) // appended after it: the bad line is now inside what the index trusts
    expect(index().values.length).toBe(stat().size)
    expect(lines()).toHaveLength(3)
    expect(readAll([...range(0, 10), 60])).toEqual([])
  })

  it('bytes past the trusted length are not read', () => {
    save(range(0, 50))
    const trusted = index().values.length
    // Another process (or a hand) appends a well-formed segment holding a wrong value for a known hash.
    fs.appendFileSync(valuesPath(), segmentLine([[hashOf(7), {id: 'someone-else'}]]))
    expect(index().values.length).toBe(trusted)
    expect(readAll(range(0, 50))).toEqual([])
  })

  it('compacts when a quarter of the values are dropped, keeping only the values still used', () => {
    save(range(0, 100))
    const ino = stat().ino
    // 20 dropped (deleted or changed records): below the threshold, the file stays as it is.
    save([], range(20, 100))
    expect(stat().ino).toBe(ino)
    expect(index().values.held).toBe(100)
    // 10 more: 30 of 100 held are dead, past a quarter.
    save([], range(30, 100))
    expect(stat().ino).not.toBe(ino)
    expect(baseKeys()).toEqual(range(30, 100).map(hashOf).sort())
    expect(index().values).toMatchObject({held: 70, segments: 0})
    expect(readAll(range(30, 100))).toEqual([])
  })

  it('compacts when the appended bytes pass a quarter of the base, dropping replaced values', () => {
    save(range(0, 400)) // ~400 KB base: a quarter is ~100 KB, past the 64 KiB floor
    const {base, generation} = index().values
    const limit = Math.max(base * COMPACTION.appendedShare, COMPACTION.appendedFloor)
    // Each save changes 10 records: 10 new values, 10 old ones dead (below a quarter of 400 for a while).
    let live = range(0, 400)
    let saves = 0
    while (index().values.generation === generation) {
      const changed = live.slice(0, 10)
      const added = changed.map((i) => i + 10_000)
      live = [...live.slice(10), ...added]
      const appendedBefore = index().values.length - base
      const segment = segmentLine(added.map((i) => [hashOf(i), valueOf(i)])).length
      save(added, live)
      saves++
      // Appends while they stay within the limit; the save whose segment would cross it compacts.
      if (index().values.generation === generation) expect(appendedBefore + segment).toBeLessThanOrEqual(limit)
      else expect(appendedBefore + segment).toBeGreaterThan(limit)
    }
    expect(saves).toBeGreaterThan(5)
    expect(lines()).toHaveLength(1)
    expect(baseKeys()).toEqual(live.map(hashOf).sort())
    expect(readAll(live)).toEqual([])
  })

  it('judges dead values between bounds as on the exact count, counting only when the bounds leave it open', () => {
    const held = 1000
    const state = {generation: 'g', base: 10_000_000, length: 10_000_010, held, segments: 3}
    for (let least = 600; least <= 900; least += 10) {
      for (const width of [0, 5, 40, 200]) {
        for (const at of [0, 0.5, 1]) {
          const exact = least + Math.round(width * at)
          let asked = 0
          const bounds = {least, most: least + width, exact: () => (asked++, exact)}
          expect(needsCompaction(state, bounds)).toBe(needsCompaction(state, exact))
          // Counted only when the threshold lies between the bounds.
          const open = needsCompaction(state, least) !== needsCompaction(state, least + width)
          expect(asked).toBe(open ? 1 : 0)
        }
      }
    }
  })

  it('compacts past 1,000 segments however small they are', () => {
    const state = {generation: 'g', base: 10_000_000, length: 10_000_000 + 999 * 60, held: 1999, segments: 999}
    expect(needsCompaction(state, 1999)).toBe(false)
    expect(needsCompaction({...state, segments: COMPACTION.segments}, 1999)).toBe(true)
  })

  it('two runs saving at once: each appends; the later trusts both segments', () => {
    save(range(0, 50))
    const a = run([100])
    const b = run([200])
    a.save()
    b.save()
    expect(lines()).toHaveLength(3)
    // The index is b's; a's segment lies before b's, inside what b trusts, and is checked like any.
    expect(readAll([...range(0, 50), 100, 200])).toEqual([])
  })

  it('a run appending after another compacted sees the new generation and compacts instead', () => {
    save(range(0, 100))
    const a = run([], range(50, 100)) // drops half: compacts
    const b = run([300])
    a.save()
    const generationA = index().values.generation
    b.save()
    expect(index().values.generation).not.toBe(generationA)
    expect(lines()).toHaveLength(1)
    // b kept what a's file holds (without that, all 100 would be parsed again); the values a
    // dropped and b's old file held are gone with it, so those are parsed again.
    expect(readAll([...range(0, 100), 300])).toEqual(range(0, 50))
  })

  it('an append that lands in a file already replaced is lost, never misread', () => {
    save(range(0, 100))
    const old = `${valuesPath()}.old-inode`
    fs.linkSync(valuesPath(), old) // b opened the file before a replaced it
    const a = run([400], range(50, 100)) // a compacts, with a value b does not know
    const b = run([300])
    a.save()
    const replaced = `${valuesPath()}.a`
    fs.renameSync(valuesPath(), replaced)
    fs.renameSync(old, valuesPath())
    b.save() // appends to the old generation's file and saves an index naming it
    fs.renameSync(replaced, valuesPath()) // …but a's rename is what the path shows
    // The index names a generation the file is not: nothing is taken from it, everything parsed again.
    expect(readAll([...range(0, 100), 300, 400])).toHaveLength(102)
    // The next run that reads values finds them missing and rewrites the file.
    const c = run([])
    for (const i of range(0, 100)) c.value(hashOf(i), () => valueOf(i))
    c.save()
    expect(readAll(range(0, 100))).toEqual([])
  })

  // With the index journal (index-journal.ts) and without it (every save rewrites the index).
  for (const journal of [false, true]) it(`two processes saving over and over at once never read a wrong value${journal ? ' (index journal)' : ''}`, async () => {
    save(range(0, 200))
    // Each process, 40 times: open the cache, read some values (checked against the truth), add
    // three values, sometimes drop half (a compaction), save. Any wrong value exits 1.
    const script = `
      const {ParseCache, contentHash} = await import(${JSON.stringify(pathToDist('core/records/parse-cache.js'))})
      const [root, who] = process.argv.slice(1)
      const text = (i) => 'id: r-' + i + '\\nnotes: ' + 'n'.repeat(900) + '\\n'
      const valueOf = (i) => ({id: 'r-' + i, notes: 'n'.repeat(900), at: i})
      const truth = new Map()
      const ids = [...Array(200).keys()]
      for (const w of [1, 2]) for (let r = 0; r < 40; r++) for (let k = 0; k < 3; k++) ids.push(w * 100000 + r * 10 + k)
      for (const i of ids) truth.set(contentHash(Buffer.from(text(i))), i)
      let reparsed = 0
      for (let r = 0; r < 40; r++) {
        const cache = ParseCache.open(root, {parseInstead: 0, journal: ${journal}})
        const known = [...cache.knownHashes()]
        const keep = r % 13 === 12 ? known.filter((_, n) => n % 2 === 0) : known
        for (const h of keep) cache.get(h)
        for (const h of keep.filter((_, n) => n % 7 === r % 7)) {
          const v = cache.value(h, () => (reparsed++, valueOf(truth.get(h))))
          if (JSON.stringify(v) !== JSON.stringify(valueOf(truth.get(h)))) { console.log('WRONG', h); process.exit(1) }
        }
        for (let k = 0; k < 3; k++) { const i = Number(who) * 100000 + r * 10 + k; cache.set(contentHash(Buffer.from(text(i))), {data: valueOf(i), diagnostics: []}) }
        cache.save()
      }
      console.log('ok', reparsed)
    `
    const runOne = (who: number) =>
      new Promise<{code: number | null; out: string}>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, root, String(who)], {stdio: ['ignore', 'pipe', 'inherit']})
        let out = ''
        child.stdout.on('data', (d: Buffer) => (out += d.toString()))
        child.on('close', (code) => resolve({code, out}))
      })
    const results = await Promise.all([runOne(1), runOne(2)])
    for (const r of results) expect(r, r.out).toMatchObject({code: 0, out: expect.stringMatching(/^ok \d+/)})
    // Whatever the interleaving, what the last index names reads right.
    const all = [...range(0, 200), ...[1, 2].flatMap((w) => range(0, 400).map((n) => w * 100000 + Math.floor(n / 10) * 10 + (n % 10)).filter((i) => i % 10 < 3))]
    const known = ParseCache.open(root, {parseInstead: 0}).knownHashes()
    const inIndex = all.filter((i) => known.has(hashOf(i)))
    expect(inIndex.filter((i) => i >= 100000).length).toBeGreaterThan(0)
    readAll(inIndex)
  }, 60_000)
})

const pathToDist = (rel: string) => path.join(REPO_ROOT, 'dist', rel)
