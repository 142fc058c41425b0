/**
 * The writer of a new record without the yaml library (records/layout-writer.ts) must write exactly
 * what the library writes, byte for byte, or step aside: on every record of the example site and
 * on generated records full of strings at the edges of each quoting rule.
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {layoutText} from '../../src/core/records/layout-writer.js'
import {libraryText} from '../../src/core/records/record-edit.js'
import {EXAMPLE_SITE} from '../support/cli.js'
import {seededRandom} from '../support/seeded-random.js'

/** Strings at the edges: keywords in every case, numbers, dates, times, indicators, quotes, spacing, length, Unicode. */
const EDGES = [
  'yes', 'Yes', 'YES', 'yEs', 'No', 'ON', 'On', 'off', 'y', 'Y', 'N', 'n', 'true', 'True', 'FALSE', 'null', 'Null', 'NULL', 'nULL', '~', '', ' ', 'a ', ' a', 'a  b', 'a\tb',
  '0450', '0', '-1', '1e3', '0x1F', '0o17', '017', '0b101', '1_000', '12:30', '12:60', '1:20:30', '9:05', '2026-11-30', '2026-1-8', '2026-11-30T10:00:00-08:00', '2026-11-30T10:00-08:00',
  '2026-11-30T10:00:00Z', '2026-11-30 10:00:00', '+1-360-555-0100', '+1', '+1-2', '+12', '2026-v2', '2026-harbor-lead-mou', '2026-e5', '2026-0x1', '1-inf', '10-nan', '2026-bad', '7-t', '2026-11-30t10:00:00.5', '1-2', '.inf', '-.5', '+1', '1.5', '.5', 'NaN', 'Infinity', 'inf',
  "O'Brien", "'quoted'", '"dq"', 'say "hi"', 'a: b', 'a:b', 'a #b', 'a#b', '#lead', '- x', '-x', '? k', '?x', '@x', '`x`', '%x', '!tag', '&anchor', '*alias', '<<', '=',
  '[x]', '{x}', 'a, b', 'a,b', 'x]', 'x}', 'http://a.example/b', 'a:', 'a@b.example', 'snake_case', 'a+b', 'x: ', '|', '>', 'back\\slash', 'line\nbreak', 'cr\rhere',
  'nel\u0085x', 'bom\ufeffx', 'Zoë Ñúñez', 'Nguyễn', 'emoji 🙂', 'Ann (Retired)', 'Unit 3/B', 'A & B', 'St. James', 'Prefers afternoon check-ins.', 'RCW 69.50.4013', 'r-2026-11-20-abc123', 'P-7KQ2M9',
  'word '.repeat(15).trim(), 'word '.repeat(16).trim(), 'word '.repeat(19).trim(), 'word '.repeat(25).trim(), 'x'.repeat(75), 'x'.repeat(120), '---', '...', 'a --- b',
]
const KEYS = ['id', 'notes', 'n', 'y', 'yes', 'on', 'off', 'null', 'true', 'Key', 'a_b', '_x', 'x1', 'with space', 'a-b', '0', 'received']

function randomValue(rand: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const roll = rand()
  if (depth < 3 && roll < 0.15) return randomMap(rand, depth + 1)
  if (depth < 3 && roll < 0.3) return Array.from({length: Math.floor(rand() * 4)}, () => randomValue(rand, depth + 1))
  if (roll < 0.35) return rand() < 0.5
  if (roll < 0.42) return pick([0, 1, -2, 0.9, 12.5, 1e21, 1 / 3, -0, 123456789])
  if (roll < 0.44) return null
  return pick(EDGES)
}

function randomMap(rand: () => number, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const n = Math.floor(rand() * 5)
  for (let i = 0; i < n; i++) out[KEYS[Math.floor(rand() * KEYS.length)]!] = randomValue(rand, depth)
  return out
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((f) => f.endsWith('.yaml') && !f.startsWith('.')).map((f) => path.join(dir, f))
}

describe('a new record written without the yaml library', () => {
  it("is the library's text for every record of the example site it writes, and it writes a third of them (long text is left to the library's folding)", () => {
    let written = 0
    const files = yamlFiles(EXAMPLE_SITE)
    for (const file of files) {
      const value = parse(fs.readFileSync(file, 'utf8'), {version: '1.2'}) as Record<string, unknown>
      for (const header of [undefined, 'entered from a paper form\nby lead']) {
        const fast = layoutText(value, header)
        if (fast === undefined) continue
        written++
        expect({file, text: fast}).toEqual({file, text: libraryText(value, header)})
      }
    }
    expect(written / (files.length * 2)).toBeGreaterThan(0.33)
  })

  it("is the library's text for generated records full of edge strings, or nothing", () => {
    const rand = seededRandom(20261203)
    let written = 0
    for (let n = 0; n < 20000; n++) {
      const value = randomMap(rand, 0)
      const fast = layoutText(value)
      if (fast === undefined) continue
      written++
      expect({value, text: fast}).toEqual({value, text: libraryText(value)})
    }
    // Not a test of a writer that gives up on everything.
    expect(written).toBeGreaterThan(600)
  })

  it('writes each string the library writes plain or double-quoted, alone as a value, exactly as the library does', () => {
    let written = 0
    for (const s of EDGES) {
      for (const value of [{notes: s}, {list: [s]}, {items: [{note: s, other: s}]}]) {
        const fast = layoutText(value)
        if (fast === undefined) continue
        written++
        expect({s, text: fast}).toEqual({s, text: libraryText(value)})
      }
    }
    expect(written).toBeGreaterThan(60)
  })
})
