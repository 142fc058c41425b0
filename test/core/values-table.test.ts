/**
 * The values file's table of where each value is (records/values-table.ts): a command reads the
 * values it needs through it, and a table or file that does not match costs a value parsed again,
 * never a wrong one. Real files; every value read is compared with the value its content parses to.
 */
import fs from 'node:fs'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {cacheFile, contentHash, ParseCache} from '../../src/core/records/parse-cache.js'
import {compactValues, readValues} from '../../src/core/records/values-file.js'
import {READ_WHOLE_AFTER} from '../../src/core/records/values-table.js'
import {cleanupTemp, git, tempDir} from '../support/cli.js'
import {indexLine} from '../support/index-line.js'

const text = (i: number) => `id: r-${i}\nnotes: ${'n'.repeat(200)}\n`
const valueOf = (i: number) => ({id: `r-${i}`, notes: 'n'.repeat(200), at: i})
const hashOf = (i: number) => contentHash(Buffer.from(text(i)))
const range = (from: number, to: number) => Array.from({length: to - from}, (_, k) => from + k)

afterAll(cleanupTemp)

describe('the values table', () => {
  let root: string
  const valuesPath = () => cacheFile(root)!.replace(/index-/, 'values-')
  const generation = () => (JSON.parse(indexLine(root)) as {values: {generation: string}}).values.generation

  function save(ids: number[]): void {
    const cache = ParseCache.open(root, {parseInstead: 0, journal: false})
    for (const i of ids) cache.set(hashOf(i), {data: valueOf(i), diagnostics: []})
    cache.save()
  }
  /** Read `ids` through a fresh cache (`between` runs after the first): every value must be right; returns those parsed again. */
  function readAll(ids: number[], between?: () => void): number[] {
    const cache = ParseCache.open(root, {parseInstead: 0, journal: false})
    const reparsed: number[] = []
    ids.forEach((i, n) => {
      if (n === 1) between?.()
      expect(cache.value(hashOf(i), () => (reparsed.push(i), valueOf(i)))).toEqual(valueOf(i))
    })
    return reparsed
  }
  /** The file's lines: header, table, values. */
  const fileLines = () => fs.readFileSync(valuesPath(), 'latin1').split('\n')

  beforeEach(() => {
    root = tempDir()
    git(root, ['init', '-q'])
  })

  it('lists every base value, sorted by hash, with where its line is', () => {
    save(range(0, 40))
    const [header, table, ...values] = fileLines()
    const head = JSON.parse(header!) as {count: number; table: number; values: number}
    expect(head).toMatchObject({count: 40, table: table!.length + 1})
    const entries = table!.match(/.{43}/g)!
    expect(entries).toHaveLength(40)
    const hashes = entries.map((e) => e.slice(0, 27))
    expect(hashes).toEqual([...hashes].sort())
    expect(new Set(hashes)).toEqual(new Set(range(0, 40).map(hashOf)))
    const body = values.filter(Boolean).map((l) => `${l}\n`).join('')
    expect(body.length).toBe(head.values)
    for (const e of entries) {
      const [offset, length] = [Number.parseInt(e.slice(27, 35), 16), Number.parseInt(e.slice(35), 16)]
      expect(body.slice(offset, offset + length)).toMatch(new RegExp(`^${e.slice(0, 27)} [0-9a-f]{8} \\{.*\\}\\n$`))
    }
  })

  it('a line where the table points that is not the value asked for is parsed again, never misread, and the next save rewrites the file', () => {
    save(range(0, 40))
    const [header, table, ...rest] = fileLines()
    // The entries of values 3 and 4 swapped their places: each now points at the other's line.
    const at = (i: number) => table!.indexOf(hashOf(i))
    const [a, b] = [at(3), at(4)]
    const swapped = table!.split('')
    for (let k = 27; k < 43; k++) [swapped[a + k], swapped[b + k]] = [table![b + k]!, table![a + k]!]
    fs.writeFileSync(valuesPath(), [header, swapped.join(''), ...rest].join('\n'), 'latin1')
    expect(readAll(range(0, 40)).sort()).toEqual([3, 4])
    const before = generation()
    const cache = ParseCache.open(root, {parseInstead: 0, journal: false})
    for (const h of cache.knownHashes()) cache.get(h) // every record seen, as a load does
    for (const i of [3, 4]) cache.value(hashOf(i), () => valueOf(i)) // parsed again this run: saved with the rest
    cache.set(hashOf(40), {data: valueOf(40), diagnostics: []})
    cache.save()
    expect(generation()).not.toBe(before)
    expect(readAll(range(0, 41))).toEqual([])
  })

  it(`past ${READ_WHOLE_AFTER} values the file is read whole; one replaced meanwhile gives no value, never a wrong one`, () => {
    const n = READ_WHOLE_AFTER + 60
    save(range(0, n))
    expect(readAll(range(0, n))).toEqual([])
    // Another process compacted between the table's read and the whole read: the header (its
    // generation) differs, so nothing is taken from the new file.
    const replace = () => {
      const bytes = fs.readFileSync(valuesPath(), 'latin1')
      const g = /"generation":"([^"]+)"/.exec(bytes)![1]!
      fs.writeFileSync(valuesPath(), bytes.replace(g, g.replace(/./, (c) => (c === 'A' ? 'B' : 'A'))), 'latin1')
    }
    const reparsed = readAll(range(0, n), replace)
    // The first READ_WHOLE_AFTER were read line by line (the lines hold the same values), the rest would be read whole.
    expect(reparsed).toEqual(range(READ_WHOLE_AFTER, n))
  })

  it('a base written without a table (keys that are not content hashes) is read whole, as before', () => {
    const file = `${root}/values.json`
    compactValues(file, 'v1', [['short-key', {a: 1}], [hashOf(1), valueOf(1)]])
    expect(fs.readFileSync(file, 'latin1').split('\n')[0]).not.toContain('"table"')
    const read = readValues(file, 'v1')!
    expect(read.damaged).toBe(false)
    expect(read.values.get('short-key')).toEqual({a: 1})
    expect(read.values.get(hashOf(1))).toEqual(valueOf(1))
    // And with a table, a version or generation the index does not expect is not read.
    compactValues(file, 'v1', [[hashOf(2), valueOf(2)]])
    expect(readValues(file, 'v1')!.values.get(hashOf(2))).toEqual(valueOf(2))
    expect(readValues(file, 'v2')).toBeUndefined()
    expect(readValues(file, 'v1', {generation: 'other', base: 0, length: 0, held: 1, segments: 0})).toBeUndefined()
  })
})

describe('a base written in parts', () => {
  it('holds every value of a base of several parts, text past ASCII and past Latin-1 among them, and is as long as the state says', () => {
    const root = tempDir()
    const file = `${root}/values.json`
    const odd = ['Zoë — café', 'Łódź ‹not shown›', '𝔘nicode', '\u007f\u0080']
    const values = range(0, 333).map((i): [string, unknown] => [hashOf(i), {...valueOf(i), odd: odd[i % odd.length]}])
    const state = compactValues(file, 'v1', values)
    const bytes = fs.readFileSync(file)
    expect(bytes.every((b) => b < 0x80)).toBe(true)
    expect(state).toMatchObject({base: bytes.length, length: bytes.length, held: 333})
    const read = readValues(file, 'v1', state)!
    expect(read.damaged).toBe(false)
    for (const [hash, value] of values) expect(read.values.get(hash)).toEqual(value)
  })
})

describe("a value's check", () => {
  it('is the CRC-32 zlib gives, short values worked out without node:zlib, long ones with it', async () => {
    const zlib = await import('node:zlib')
    const {crc32, checkOf} = await import('../../src/core/records/values-table.js')
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926) // the standard check value
    expect(crc32(new Uint8Array())).toBe(0)
    let seed = 7
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let n = 0; n < 200; n++) {
      const chars = Array.from({length: Math.floor(rand() * 300)}, () => String.fromCodePoint(rand() < 0.8 ? 32 + Math.floor(rand() * 95) : 0xa0 + Math.floor(rand() * 0x2000)))
      const text = JSON.stringify({notes: chars.join(''), n})
      const expected = (zlib.crc32 ? zlib.crc32(text) : crc32(Buffer.from(text))).toString(16).padStart(8, '0')
      expect(checkOf(text)).toBe(expected)
      expect(crc32(Buffer.from(text)).toString(16).padStart(8, '0')).toBe(expected)
    }
    const long = JSON.stringify({roster: 'ö'.repeat(40_000)})
    expect(checkOf(long)).toBe(crc32(Buffer.from(long)).toString(16).padStart(8, '0'))
  })
})
