/**
 * A second reader's attacks on the values file's table (records/values-table.ts): whatever the
 * file or its table holds, and whatever happens to the file between the table's read and a
 * line's, a value read is the one its content parses to, or none (parsed again): never a wrong
 * one, never an exception out of a read. Real files; the concurrent case runs a second process.
 */
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {cacheFile, cacheVersion, contentHash, ParseCache} from '../../src/core/records/parse-cache.js'
import {compactValues, readValues} from '../../src/core/records/values-file.js'
import {cleanupTemp, git, REPO_ROOT, tempDir} from '../support/cli.js'

const text = (i: number) => `id: r-${i}\nnotes: ${'n'.repeat(200)}\n`
const valueOf = (i: number) => ({id: `r-${i}`, notes: 'n'.repeat(200), at: i})
const hashOf = (i: number) => contentHash(Buffer.from(text(i)))
const range = (from: number, to: number) => Array.from({length: to - from}, (_, k) => from + k)

afterAll(cleanupTemp)

describe('the values table, attacked', () => {
  let root: string
  const valuesPath = () => cacheFile(root)!.replace(/index-/, 'values-')

  function save(ids: number[]): void {
    const cache = ParseCache.open(root, {parseInstead: 0, journal: false})
    for (const i of ids) cache.set(hashOf(i), {data: valueOf(i), diagnostics: []})
    cache.save()
  }
  /** A fresh cache; `value(i)` must give valueOf(i) (taken from the file or parsed again), never throw. */
  function reader() {
    const cache = ParseCache.open(root, {parseInstead: 0, journal: false})
    const reparsed: number[] = []
    const value = (i: number) => cache.value(hashOf(i), () => (reparsed.push(i), valueOf(i)))
    return {cache, reparsed, value}
  }
  /** Rewrite the table entry of value `i` with `edit` (43 characters: hash, offset, length). */
  function editEntry(i: number, edit: (entry: string) => string): void {
    const [header, table, ...rest] = fs.readFileSync(valuesPath(), 'latin1').split('\n')
    const at = table!.indexOf(hashOf(i))
    const entry = edit(table!.slice(at, at + 43))
    expect(entry).toHaveLength(43)
    fs.writeFileSync(valuesPath(), [header, table!.slice(0, at) + entry + table!.slice(at + 43), ...rest].join('\n'), 'latin1')
  }

  beforeEach(() => {
    root = tempDir()
    git(root, ['init', '-q'])
  })

  it('a digit changed inside a stored value (a flipped bit, a stray edit) costs a reparse, never the changed value: read by its line or with the whole file', () => {
    save(range(0, 300))
    // One character of value 7's line and of value 250's, each still valid JSON of another value.
    let body = fs.readFileSync(valuesPath(), 'latin1')
    for (const i of [7, 250]) {
      const at = body.indexOf(`"at":${i}}`, body.indexOf(`${hashOf(i)} `))
      body = `${body.slice(0, at)}"at":${i + 1}${body.slice(at + `"at":${i}`.length)}`
    }
    fs.writeFileSync(valuesPath(), body, 'latin1')
    // A few values: each read by its line.
    const few = reader()
    for (const i of [7, 8, 250]) expect(few.value(i)).toEqual(valueOf(i))
    expect(few.reparsed.sort((a, b) => a - b)).toEqual([7, 250])
    // Every value: past an eighth of them the file is read whole.
    const all = reader()
    for (const i of range(0, 300)) expect(all.value(i)).toEqual(valueOf(i))
    expect(all.reparsed.sort((a, b) => a - b)).toEqual([7, 250])
    // Without a table (a file lead wrote before it had one), the same.
    const [header, , ...rest] = fs.readFileSync(valuesPath(), 'latin1').split('\n')
    const plain = JSON.parse(header!) as Record<string, unknown>
    delete plain.table
    delete plain.values
    fs.writeFileSync(valuesPath(), [JSON.stringify(plain), ...rest].join('\n'), 'latin1')
    const values = readValues(valuesPath(), cacheVersion())!.values
    expect(values.get(hashOf(7))).toBeUndefined()
    expect(values.get(hashOf(8))).toEqual(valueOf(8))
  })

  it('a table entry whose numbers are not hexadecimal (the table check lets them through) costs a reparse, not an exception', () => {
    save(range(0, 10))
    editEntry(3, (e) => `${e.slice(0, 27)}zzzzzzzz${e.slice(35)}`) // offset NaN
    editEntry(4, (e) => `${e.slice(0, 35)}zzzzzzzz`) // length NaN
    const {value, reparsed} = reader()
    for (const i of range(0, 10)) expect(value(i)).toEqual(valueOf(i))
    expect(reparsed.sort()).toEqual([3, 4])
  })

  it('a table entry with a length past what a read can take costs a reparse, not an exception (nor a 4 GiB buffer)', () => {
    save(range(0, 10))
    editEntry(5, (e) => `${e.slice(0, 35)}ffffffff`)
    editEntry(6, (e) => `${e.slice(0, 27)}ffffffff${e.slice(35)}`) // an offset past the file
    const {value, reparsed} = reader()
    for (const i of range(0, 10)) expect(value(i)).toEqual(valueOf(i))
    expect(reparsed.sort()).toEqual([5, 6])
  })

  for (const [what, replace] of [
    ['removed', (file: string) => fs.rmSync(file)],
    ['replaced by a symbolic link', (file: string) => (fs.renameSync(file, `${file}.moved`), fs.symlinkSync(`${file}.moved`, file))],
    ['replaced by a folder', (file: string) => (fs.rmSync(file), fs.mkdirSync(file))],
  ] as const) {
    it(`the file ${what} after its table was read: values are parsed again, no exception`, async () => {
      save(range(0, 10))
      const {value, reparsed} = reader()
      expect(value(0)).toEqual(valueOf(0)) // the table is read
      expect(reparsed).toEqual([])
      replace(valuesPath())
      // The descriptor of the first read is closed once this turn is done: the next read opens the file again.
      await new Promise((resolve) => setImmediate(resolve))
      for (const i of range(1, 10)) expect(value(i)).toEqual(valueOf(i))
      expect(reparsed).toEqual(range(1, 10))
    })
  }

  it("a file another build compacted (another version: its values need not be this build's) after the table was read gives none of its values", async () => {
    const file = path.join(root, 'values.json')
    const hashes = range(0, 10).map(hashOf)
    compactValues(file, 'build-1', hashes.map((h, i) => [h, valueOf(i)]))
    const read = readValues(file, 'build-1')!
    expect(read.values.get(hashes[0]!)).toEqual(valueOf(0))
    await new Promise((resolve) => setImmediate(resolve))
    // Same content hashes, values in another build's shape, lines of the same lengths at the same places.
    const other = (i: number) => ({...valueOf(i), notes: 'm'.repeat(200)})
    compactValues(file, 'build-2', hashes.map((h, i) => [h, other(i)]))
    expect(readValues(file, 'build-1')).toBeUndefined() // what a fresh read says of it
    for (const [i, h] of hashes.entries()) {
      const got = read.values.get(h)
      if (got !== undefined) expect(got, `value ${i}`).toEqual(valueOf(i))
    }
  })

  it('a value line with bytes lead never writes (not ASCII) is not decoded as Latin-1 into another value', () => {
    const file = path.join(root, 'values.json')
    const h = hashOf(1)
    compactValues(file, 'v1', [[h, {name: 'Zoe'}]])
    // 'Zoé' in UTF-8 is one byte longer: the table's length, and the header's values, follow it.
    const [header, table, line] = fs.readFileSync(file, 'latin1').split('\n')
    const planted = Buffer.concat([Buffer.from(`${h} {"name":"Zo`), Buffer.from('é', 'utf8'), Buffer.from('"}\n')])
    const entry = `${table!.slice(0, 35)}${planted.length.toString(16).padStart(8, '0')}`
    const head = JSON.parse(header!) as {values: number}
    expect(line!.length + 1).toBe(head.values)
    const newHeader = JSON.stringify({...head, values: planted.length})
    fs.writeFileSync(file, Buffer.concat([Buffer.from(`${newHeader}\n${entry}\n`), planted]))
    const read = readValues(file, 'v1')
    const got = read?.values.get(h)
    // Before the table, a file with such a byte was not read at all; the table must not decode it as 'ZoÃ©'.
    expect(got === undefined || (got as {name: string}).name === 'Zoé').toBe(true)
  })

  it('a header whose numbers lie (count, table, values: huge, negative, fractional, inconsistent) gives no value or a right one, never an exception', () => {
    const file = path.join(root, 'values.json')
    const hashes = range(0, 5).map(hashOf)
    compactValues(file, 'v1', hashes.map((h, i) => [h, valueOf(i)]))
    const original = fs.readFileSync(file, 'latin1')
    const [header, ...rest] = original.split('\n')
    const head = JSON.parse(header!) as {count: number; table: number; values: number}
    const lies: Array<Record<string, unknown>> = [
      {count: head.count + 1}, {count: head.count - 1}, {count: -1}, {count: 2 ** 53}, {count: 1e300}, {count: 2.5},
      {table: head.table - 1}, {table: head.table + 43}, {table: 0}, {table: -43}, {table: 2 ** 60},
      {values: head.values - 1}, {values: head.values + 1}, {values: 0}, {values: Number.MAX_SAFE_INTEGER}, {values: -1},
      {table: '86'}, {table: null}, {count: head.count + 1, table: head.table + 43},
    ]
    for (const lie of lies) {
      fs.writeFileSync(file, [JSON.stringify({...head, ...lie}), ...rest].join('\n'), 'latin1')
      const read = readValues(file, 'v1')
      for (const [i, h] of hashes.entries()) {
        const got = read?.values.get(h)
        if (got !== undefined) expect(got, JSON.stringify(lie)).toEqual(valueOf(i))
      }
    }
  })

  it('a table cut short or garbled anywhere gives no value or a right one, never an exception', () => {
    const file = path.join(root, 'values.json')
    const hashes = range(0, 6).map(hashOf)
    compactValues(file, 'v1', hashes.map((h, i) => [h, valueOf(i)]))
    const original = fs.readFileSync(file)
    const tableStart = original.indexOf(10) + 1
    const tableEnd = original.indexOf(10, tableStart)
    for (let at = tableStart; at <= tableEnd; at += 5) {
      for (const byte of [0x30, 0x66, 0x7a, 0x2d, 0x0a, 0x20, 0xc3]) {
        const bytes = Buffer.from(original)
        bytes[at] = byte
        fs.writeFileSync(file, bytes)
        const read = readValues(file, 'v1')
        for (const [i, h] of hashes.entries()) {
          const got = read?.values.get(h)
          if (got !== undefined) expect(got, `byte ${at} = ${byte}`).toEqual(valueOf(i))
        }
      }
    }
    // Cut anywhere.
    for (let cut = 0; cut < original.length; cut += 97) {
      fs.writeFileSync(file, original.subarray(0, cut))
      const read = readValues(file, 'v1')
      for (const [i, h] of hashes.entries()) {
        const got = read?.values.get(h)
        if (got !== undefined) expect(got, `cut at ${cut}`).toEqual(valueOf(i))
      }
    }
  })

  it('another process compacting over and over (same build and another) while this one reads through the table never gives a wrong value', async () => {
    const file = path.join(root, 'values.json')
    const n = 400
    const hashes = range(0, n).map(hashOf)
    const version = cacheVersion()
    compactValues(file, version, hashes.map((h, i) => [h, valueOf(i)]))
    // The other process: rewrites the file 150 times, alternately this build's values (in
    // another order, so lines move) and another build's (same hashes, other values).
    const script = `
      const {compactValues} = await import(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'core', 'records', 'values-file.js'))})
      const [file, version, hashes] = [process.argv[1], process.argv[2], JSON.parse(process.argv[3])]
      const valueOf = (i) => ({id: 'r-' + i, notes: 'n'.repeat(200), at: i})
      for (let r = 0; r < 150; r++) {
        const order = hashes.map((h, i) => [h, i]).sort((a, b) => ((a[1] * 7919 + r * 31) % 997) - ((b[1] * 7919 + r * 31) % 997))
        if (r % 2) compactValues(file, 'another-build', order.map(([h, i]) => [h, {...valueOf(i), notes: 'm'.repeat(200)}]))
        else compactValues(file, version, order.map(([h, i]) => [h, valueOf(i)]))
      }
      console.log('ok')
    `
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, file, version, JSON.stringify(hashes)], {stdio: ['ignore', 'pipe', 'inherit']})
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const done = new Promise<number | null>((resolve) => child.on('close', resolve))
    let finished = false
    void done.then(() => (finished = true))
    let reads = 0
    let got = 0
    while (!finished) {
      const read = (() => {
        try {
          return readValues(file, version)
        } catch {
          return undefined // the file between its removal and rename: none
        }
      })()
      if (read) {
        // A few values per turn (so each turn opens the file anew), some turns past the whole-file read.
        for (let k = 0; k < 40; k++) {
          const i = (reads * 37 + k * 11) % n
          const v = read.values.get(hashes[i]!)
          if (v !== undefined) {
            got++
            expect(v, `value ${i}`).toEqual(valueOf(i))
          }
          if (k % 10 === 9) await new Promise((resolve) => setImmediate(resolve))
        }
      }
      reads++
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(await done).toBe(0)
    expect(out).toMatch(/^ok/)
    expect(got).toBeGreaterThan(0)
  }, 60_000)
})
