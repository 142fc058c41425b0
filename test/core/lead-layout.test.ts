/**
 * The lead-layout shortcut (records/lead-layout.ts) must read exactly what the yaml library reads,
 * or step aside. Rosters full of hostile text, as lead writes them and as people hand-edit them,
 * are read both ways and must give the same value and the same findings.
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {parse, stringify} from 'yaml'
import {parseRecordText} from '../../src/core/records/record-parse.js'
import {readLeadRecord, readPlainItems} from '../../src/core/records/lead-layout.js'
import {PARSE_OPTIONS} from '../../src/core/records/yaml-source.js'
import {renderRosterYaml} from '../../src/core/training/roster-yaml.js'
import type {Officer} from '../../src/core/records/types.js'
import {seededRandom} from '../support/seeded-random.js'

/** Text that trips YAML readers: keywords, numbers, dates, indicators, quotes, escapes, odd Unicode. */
const HOSTILE = [
  'yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'False', 'null', 'NULL', '~', '', ' ', 'a ', ' a', 'a  b',
  '0412', '1e3', '0x1F', '12:30', '1:20:30', '2026-11-30', '.inf', '-.5', '+1', '0o17', '017',
  'O\'Brien', "'quoted'", '"dq"', 'a: b', 'a:b', 'a #b', 'a#b', '#lead', '- x', '-x', '? k', '@x', '`x`', '%x', '!tag', '&anchor', '*alias',
  '[x]', '{x}', 'a, b', 'a,b', 'x]', 'x}', 'http://a.example/b', 'a:b:c', 'a:', 'a@b.example', 'snake_case', 'a+b', 'x: ', 'a #', 'a:#', '|', '>', 'back\\slash', 'tab\there', 'line\nbreak', 'cr\rhere',
  'nel\u0085x', 'ls\u2028x', 'bom\ufeffx', 'del\u007fx', 'ctl\u0001x', 'Zoë Ñúñez', 'İsmail Çelik', 'Nguyễn', '李雷', 'emoji 🙂', 'e\u0301', 'Ann (Retired)', 'Unit 3/B', 'A & B', 'St. James',
]
const FIELDS = ['unit', 'district', 'rank'] as const

/** `n` officers; `hostile` of their free-text values from HOSTILE (the shift, an enum, is written as is). */
function officers(n: number, rand: () => number, hostile = 0.3): Officer[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const word = () => (rand() < hostile ? pick(HOSTILE) : pick(['Ann Lee', 'POLICE OFFICER', 'Unit 4', 'North', 'day', 'Marikay O Brien', 'SERGEANT']))
  return Array.from({length: n}, (_, i) => {
    const o: Officer = {id: String(100_000 + i), badge: rand() < hostile / 3 ? pick(HOSTILE) : String(1000 + i), name: word(), status: pick(['active', 'leave', 'separated'] as const)}
    if (rand() < 0.7) o.family_name = word()
    if (rand() < 0.7) o.given_name = word()
    for (const f of FIELDS) if (rand() < 0.6) o[f] = word()
    if (rand() < 0.3) o.shift = pick(['day', 'swing', 'night'])
    if (rand() < 0.2) o.catchment = rand() < 0.5
    if (rand() < 0.8) o.since = `20${10 + Math.floor(rand() * 16)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`
    if (rand() < 0.4) {
      o.history = Array.from({length: 1 + Math.floor(rand() * 3)}, () => {
        const field = pick(['unit', 'badge', 'name', 'rank', 'status'] as const)
        return {date: '2026-01-02', field, ...(rand() < 0.8 ? {from: word()} : {}), to: word(), ...(rand() < 0.2 ? {note: word()} : {})}
      })
    }
    return o
  })
}

type Edit = (lines: string[], i: number) => void
/** Edits a person might make to line i: comments, blank lines, spacing, quotes, a hostile value, a copied or shifted line, a tab, a CR. */
const handEdits = (indent: string, hostile: () => string): Edit[] => [
  (l, i) => l.splice(i, 0, `${indent}# a comment`),
  (l, i) => l.splice(i, 0, ''),
  (l, i) => (l[i] = `${l[i]} # trailing`),
  (l, i) => (l[i] = `${l[i]} `),
  (l, i) => (l[i] = l[i]!.replace(': ', ':  ')),
  (l, i) => (l[i] = l[i]!.replace(': ', ':')),
  (l, i) => (l[i] = l[i]!.replace(/"/g, "'")),
  (l, i) => (l[i] = l[i]!.replace(/: .*$/, `: ${hostile()}`)),
  (l, i) => l.splice(i, 0, l[i]!),
  (l, i) => (l[i] = ` ${l[i]}`),
  (l, i) => (l[i] = l[i]!.replace(/^ {2}/, '\t')),
  (l, i) => (l[i] = `${l[i]}\r`),
]

const roster = (os: Officer[]) => renderRosterYaml({id: 'metro-pd', agency: 'metro-pd', as_of: '2026-07-01', officers: os})
const read = (text: string, fastRead: boolean) => parseRecordText('rosters/metro-pd.yaml', text, {shortcuts: fastRead ? 'always' : 'never'})
/** Findings without the source object, for comparison. */
const outcome = (text: string, fastRead: boolean, file = 'rosters/metro-pd.yaml') => {
  const r = parseRecordText(file, text, {shortcuts: fastRead ? 'always' : 'never'})
  return {data: r.data, diagnostics: r.diagnostics}
}

describe('the lead-layout shortcut for long lists', () => {
  it('reads a roster as lead writes it without the yaml library, to the same value', () => {
    const rand = seededRandom(11)
    const text = roster(officers(150, rand, 0))
    expect(text.length).toBeGreaterThan(16 * 1024)
    const fast = read(text, true)
    expect(fast.diagnostics).toEqual([])
    expect(fast.data).toEqual(parse(text, PARSE_OPTIONS))
    // Not a shortcut in name only: the items it read are all of them.
    const start = text.indexOf('  - ')
    expect(readPlainItems(text, start, text.length, {left: 1e9})).toHaveLength(150)
  })

  it('gives the same value and findings as the yaml library on hostile text, written by lead or hand-edited', () => {
    const rand = seededRandom(20261130)
    const edits: Edit[] = [
      ...handEdits('    ', () => HOSTILE[Math.floor(rand() * HOSTILE.length)]!),
      (l, i) => (l[i] = l[i]!.replace('}', ', }')),
      (l, i) => (l[i] = l[i]!.replace(/^(\s*)(- )?\w+:/, '$1$2__proto__:')),
      (l, i) => (l[i] = l[i]!.replace(/^(\s*- )\{/, '$1[').replace(/\}$/, ']')),
      (l, i) => (l[i] = l[i]!.replace(/^ {6}- /, '    - ')),
      (l, i) => (l[i] = l[i]!.replace('history:', 'history: []')),
      (l, i) => l.splice(i, 1),
    ]
    let fastTaken = 0
    for (let round = 0; round < 40; round++) {
      // A third of the rosters hold only ordinary text, so the shortcut is taken and then edited.
      const text = roster(officers(60, rand, round % 3 === 0 ? 0 : 0.3))
      const lines = text.split('\n')
      const n = round % 2 === 0 ? 0 : 1 + Math.floor(rand() * 3)
      for (let k = 0; k < n; k++) {
        const i = lines.indexOf('officers:') + 1 + Math.floor(rand() * (lines.length - lines.indexOf('officers:') - 2))
        edits[Math.floor(rand() * edits.length)]!(lines, i)
      }
      const edited = lines.join('\n')
      const slow = outcome(edited, false)
      expect(outcome(edited, true), `round ${round}`).toEqual(slow)
      if (slow.diagnostics.length === 0) expect(slow.data, `round ${round}`).toEqual(parse(edited, PARSE_OPTIONS))
      const start = edited.indexOf('\n  - ') + 1
      if (readPlainItems(edited, start, edited.length, {left: 1e9})) fastTaken++
    }
    // Both branches were exercised: some rosters read by the shortcut, some left to the library.
    expect(fastTaken).toBeGreaterThan(5)
    expect(fastTaken).toBeLessThan(40)
  })

  it('reads each hostile value written by hand, in a field or a history entry, as the yaml library does, findings included', () => {
    const base = roster(officers(12, seededRandom(5), 0)).split('\n')
    const at = base.findIndex((l) => l.startsWith('    name: '))
    const flowAt = base.findIndex((l) => l.startsWith('      - {'))
    expect(at).toBeGreaterThan(0)
    expect(flowAt).toBeGreaterThan(0)
    for (const value of HOSTILE) {
      if (/[\n\r]/.test(value)) continue
      for (const edited of [base.with(at, `    name: ${value}`), base.with(at, `    name:${value}`), base.with(flowAt, `      - {date: "2026-01-02", field: unit, from: ${value}, to: North}`)]) {
        const text = edited.join('\n')
        expect(outcome(text, true), JSON.stringify(value)).toEqual(outcome(text, false))
      }
    }
  })

  it('steps aside for every value it cannot read exactly as YAML does', () => {
    for (const value of HOSTILE) {
      const block = `  - id: "1"\n    name: ${value}\n`
      const fast = readPlainItems(block, 0, block.length, {left: 1e9})
      if (fast === undefined) continue
      expect(fast, JSON.stringify(value)).toEqual(parse(`officers:\n${block}`, PARSE_OPTIONS).officers)
    }
    // Words YAML 1.1 reads as booleans, numbers and dates are never read as text here.
    for (const value of ['yes', 'No', 'off', 'y', '0412', '12:30', '2026-11-30', 'null', '~', 'True']) {
      const block = `  - name: ${value}\n`
      expect(readPlainItems(block, 0, block.length, {left: 1e9}), value).toBeUndefined()
    }
  })

  it('counts values against the record budget as the library path does', () => {
    const block = '  - a: x\n    b: "y"\n    h:\n      - {date: "2026-01-01", field: unit}\n'
    // item map 1, keys 3, values 2, list 1, flow map 1 + 2 pairs × 2 = 12
    expect(readPlainItems(block, 0, block.length, {left: 12})).toBeDefined()
    expect(readPlainItems(block, 0, block.length, {left: 11})).toBeUndefined()
  })
})

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url))
const yamlFiles = (dir: string): string[] => fs.readdirSync(dir, {recursive: true}).map(String).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f))

describe('the lead-layout shortcut for whole records', () => {
  it('reads the example site as the yaml library does, and most of it without the library', () => {
    let read = 0
    const files = yamlFiles(path.join(fixtures, 'example-site'))
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8')
      expect(outcome(text, true, file), file).toEqual(outcome(text, false, file))
      if (readLeadRecord(text, {left: 1e9})) read++
    }
    // Records lead wrote (referrals, consents, partners, trainings…): the shortcut is not inert.
    expect(read).toBeGreaterThan(files.length / 2)
  })

  it('gives the same value and findings as the library on the YAML test suite and the invalid fixtures', () => {
    for (const file of [...yamlFiles(path.join(fixtures, 'yaml-test-suite')), ...yamlFiles(path.join(fixtures, 'invalid'))]) {
      // Where the library runs out of stack depends on the stack: not a question for the shortcut.
      if (file.endsWith('deep-nesting.yaml')) continue
      const text = fs.readFileSync(file, 'utf8')
      for (const file2 of ['referrals/2026/r-2026-11-03-k3f9q2.yaml', 'partners/x.yaml']) {
        expect(outcome(text, true, file2), file).toEqual(outcome(text, false, file2))
      }
    }
  })

  it('gives the same value and findings as the library on hand-edited records full of hostile text', () => {
    const rand = seededRandom(424242)
    const texts = yamlFiles(path.join(fixtures, 'example-site')).map((f) => fs.readFileSync(f, 'utf8'))
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
    const edits: Edit[] = [
      ...handEdits('  ', () => pick(HOSTILE)),
      (l, i) => (l[i] = l[i]!.replace(/- .*$/, `- ${pick(HOSTILE)}`)),
      (l, i) => (l[i] = l[i]!.replace(/: .*$/, `: ${pick(['12', '012', '1.5', '0.25', '1.', '.5', '1.5e3', '2025-v1', '2025-01-01', '2025-1-1', '2025-v1:', '2025-01-22-bench-0', '2025-01-22-a', '2025-01-22T10', '2025-01-22-', '1-2-3-x:', '12-1e3', '0-x', '1-2', '-3', '0', '1_000', '0x1F', '[a]', '[]', '{}', '{a: 1}', '&a x', '*a', '!!str x', '|', '>-', '"a" "b"', '-', 'null', '2026-11-30'])}`)),
      (l, i) => (l[i] = `  ${l[i]}`),
      (l, i) => (l[i] = l[i]!.replace(/^ {2}/, '')),
      (l, i) => (l[i] = l[i]!.replace(/^(\s*)(- )?\w+:/, '$1$2__proto__:')),
      (l, i) => (l[i] = l[i]!.replace(/^(\s*)(- )?\w+:/, '$1$2<<:')),
      (l, i) => (l[i] = l[i]!.replace(/^(\s*)- /, '$1-')),
      (l, i) => (l[i] = l[i]!.replace(/: (.+)$/, ':\n    $1')),
      (l, i) => (l[i] = l[i]!.replace(/: (.+)$/, ': $1\n  continued')),
      (l, i) => l.splice(i, 0, '---'),
      (l, i) => l.splice(i, 1),
    ]
    let fast = 0
    for (let round = 0; round < 400; round++) {
      const lines = pick(texts).split('\n')
      const n = round % 5 === 0 ? 0 : 1 + Math.floor(rand() * 2)
      for (let k = 0; k < n; k++) edits[Math.floor(rand() * edits.length)]!(lines, Math.floor(rand() * lines.length))
      const text = lines.join('\n')
      const file = round % 2 === 0 ? 'referrals/2026/r-2026-11-03-k3f9q2.yaml' : 'partners/x.yaml'
      const slow = outcome(text, false, file)
      expect(outcome(text, true, file), `round ${round}: ${JSON.stringify(text)}`).toEqual(slow)
      if (readLeadRecord(text, {left: 1e9})) fast++
    }
    expect(fast).toBeGreaterThan(40)
  })

  it('reads colons inside one-line flow values as the library does, and steps aside where one opens a pair', () => {
    const cases = ['[a:b, c]', '{k: a:b}', '[http://a.example/b]', '{k: x:}', '[a: b]', '{k: a: b}', '[x:, y]', '{a: "x", b: a:b:c}']
    let read = 0
    for (const value of cases) {
      const text = `id: x\nname: ${value}\n`
      expect(outcome(text, true, 'partners/x.yaml'), value).toEqual(outcome(text, false, 'partners/x.yaml'))
      if (readLeadRecord(text, {left: 1e9})) read++
    }
    expect(read).toBe(4)
  })

  it('leaves a record with a line indented deeper than the key above it to the library', () => {
    for (const text of ['a: 1\n  b: 2\n', 'a:\n  b: 1\n    c: 2\nd: 3\n', 'a:\n  - x\n    y: 1\n', 'a:\n  - k: 1\n      j: 2\n', 'a: x\n  y: 1\n']) {
      expect(readLeadRecord(text, {left: 1e9}), text).toBeUndefined()
      expect(outcome(text, true, 'partners/x.yaml'), text).toEqual(outcome(text, false, 'partners/x.yaml'))
    }
  })

  it('reads plain text the yaml library wrapped over several lines as the library does', () => {
    const rand = seededRandom(77)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
    const words = ['Found', 'sleeping', 'in', 'a', 'doorway', 'after', 'closing;', 'moved', 'along', 'without', 'incident.', '(2nd', 'time)', 'e.g.', 'St.', 'James', 'a:b', '50%', 'O\'Brien', 'Zoë', '2026-11-30', '12', 'yes', 'http://a.example/b', '&', '-', 'x-ray', '3rd', 'call:', 'note: a', '#3', 'say "hi"', 'back\\slash', 'é']
    const sentence = () => Array.from({length: 5 + Math.floor(rand() * 30)}, () => pick(words)).join(' ')
    let wrapped = 0
    let quotedWrapped = 0
    for (let round = 0; round < 300; round++) {
      // As lead writes a record: the library's own output, long values folded at 80 columns.
      const record = {id: 'r-2026-11-03-k3f9q2', notes: sentence(), evidence: [{description: sentence(), kind: 'note'}], exclusions_hit: [sentence(), 'none']}
      const text = stringify(record)
      expect(outcome(text, true, 'referrals/2026/r-2026-11-03-k3f9q2.yaml'), text).toEqual(outcome(text, false, 'referrals/2026/r-2026-11-03-k3f9q2.yaml'))
      if (text.split('\n').some((l) => /^ +[^ -]/.test(l) && !/^ *[\w]+:/.test(l)) && readLeadRecord(text, {left: 1e9})) {
        wrapped++
        if (/: "[^"\n]*\n/.test(text)) quotedWrapped++
      }
    }
    // Most of them were wrapped (some in quotes), and read without the library.
    expect(wrapped).toBeGreaterThan(60)
    expect(quotedWrapped).toBeGreaterThan(30)
    // By hand: what may follow a wrapped line, and what ends or breaks it.
    const tails = ['  continued', '    deeper', '  - dash', '  # comment', '\n  after a blank', '  # c\n  after a comment', '  k: v', '  ends:', '  a #b', '  two  spaces', '  "quoted"', '  [x]', '  ? q', '  tab\there', ...HOSTILE.map((h) => `  ${h}`)]
    tails.push('  end"', '  mid \\"quote\\" end"', '  ends in a backslash\\', '  \\x41"', '  \\u00e9 \\/ \\t"', '  end" # c', '  end"\n  more', '  end" tail', '  a: b"')
    for (const head of ['notes: first line', 'notes: "quoted first"', 'notes: "open quote', 'notes: "open \\"', 'notes: 12', 'notes: true', 'list:\n  - first item', 'list:\n  - "open item', 'list:\n  - k: first value', 'list:\n  - k: "open value', 'notes: first:']) {
      for (const tail of tails) {
        const text = `id: x\n${head}\n${tail.replace(/^ {2}/, head.startsWith('list') ? '    ' : '  ')}\nlast: 1\n`
        expect(outcome(text, true, 'partners/x.yaml'), JSON.stringify(text)).toEqual(outcome(text, false, 'partners/x.yaml'))
      }
    }
  })

  it('reads block scalars (|, |-, >, >-) as the library does, and steps aside for every other form', () => {
    const rand = seededRandom(99)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
    const lines = ['Met at the shelter.', '# not a comment', 'key: value', '- not a list', '  indented', '', 'trailing ', '"quoted"', 'O\'Brien', 'ends with colon:', 'Zoë', '2026-11-30', '|', '>']
    let read = 0
    for (let round = 0; round < 300; round++) {
      const text = Array.from({length: 1 + Math.floor(rand() * 4)}, () => pick(lines)).join('\n') + (rand() < 0.5 ? '\n' : '')
      // As lead writes a record with line breaks in a value.
      const written = stringify({id: 'r-2026-11-03-k3f9q2', notes: text, evidence: [{description: text, kind: 'note'}], after: 'x'})
      expect(outcome(written, true, 'referrals/2026/r-2026-11-03-k3f9q2.yaml'), written).toEqual(outcome(written, false, 'referrals/2026/r-2026-11-03-k3f9q2.yaml'))
      if (readLeadRecord(written, {left: 1e9})) read++
    }
    expect(read).toBeGreaterThan(60)
    // By hand: headers, indentation, comments and blank lines around and inside the block.
    const headers = ['|', '|-', '>', '>-', '|+', '>+', '|2', '>-2', '| # c', '|-  ', '>1-']
    const bodies = ['  one\n  two', '  one', '    one\n    two', '  one\n    deeper\n  back', '  one\n\n  two', '\n  one', '  one\n  # hash', '  one\n# comment\n', '  one\n  # hash\n# comment', '  one\n\n', '  one\n \n  two', '  one\n\n   ', '  one\n   \n', '  one\n  \n', '  one\n \n     \n', '  one\n   # c', ' one\n  two', '  one:\n  - two', '  "q"\n  \'s\'']
    for (const header of headers) {
      for (const body of bodies) {
        for (const [before, after] of [['notes: ', 'last: 1'], ['list:\n  - ', '  - x\nlast: 1'], ['list:\n  - k: ', '    j: 2\nlast: 1'], ['notes: ', '  deeper: 1']]) {
          const indented = before.includes('- k') ? body.replace(/^ {2}/gm, '      ') : before.includes('- ') ? body.replace(/^ {2}/gm, '    ') : body
          const text = `id: x\n${before}${header}\n${indented}\n${after}\n`
          expect(outcome(text, true, 'partners/x.yaml'), JSON.stringify(text)).toEqual(outcome(text, false, 'partners/x.yaml'))
        }
      }
    }
  })

  it('leaves keys longer than lead writes to the library (YAML limits a key to 1,024 characters)', () => {
    for (const n of [100, 128, 129, 1024, 1030]) {
      const key = 'k'.repeat(n)
      for (const text of [`id: x\n${key}: v\n`, `id: x\nmap:\n  ${key}: v\n`, `id: x\nmap: {${key}: v}\n`]) {
        expect(outcome(text, true, 'partners/x.yaml'), `${n}: ${text.slice(0, 20)}`).toEqual(outcome(text, false, 'partners/x.yaml'))
      }
    }
  })

  it('gives up, without a stack overflow, on deeply nested text', () => {
    const deep = Array.from({length: 5000}, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n') + ' x\n'
    expect(readLeadRecord(deep, {left: 1e9})).toBeUndefined()
    const r = parseRecordText('partners/x.yaml', deep)
    expect(r.diagnostics.length).toBeGreaterThan(0)
  })
})
