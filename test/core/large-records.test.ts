/**
 * Large records within bounded memory, hostile ones refused before they are parsed: a roster of
 * thousands of officers is read in pieces (same data, same positions as a whole parse), and a
 * record with more values than any real one holds is refused from a count of its separators.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse, parseDocument} from 'yaml'
import {readCapped} from '../../src/core/records/bounded-read.js'
import {parseRecordText} from '../../src/core/records/record-parse.js'
import {estimateValues, planChunks, VALUE_BUDGET, type ValueBudget} from '../../src/core/records/yaml-chunks.js'
import {PARSE_OPTIONS, YamlSource} from '../../src/core/records/yaml-source.js'
import {cleanupTemp, REPO_ROOT, tempDir} from '../support/cli.js'

afterAll(cleanupTemp)

/** A roster the way lead writes one, `n` officers with a history each; `eol` for files saved on Windows. */
function roster(n: number, eol = '\n'): string {
  const lines = ['# Officer roster (generated for a test)', 'id: metro-pd', 'agency: metro-pd', 'as_of: "2026-11-27"', 'officers:']
  for (let i = 0; i < n; i++) {
    lines.push(`  - badge: "${String(i).padStart(6, '0')}"`, `    name: Officer ${i} Dana-Lee O'Brien`, '    rank: Officer', `    unit: ${i % 3 ? 'Patrol' : 'Community Policing'}`, `    district: D${i % 24}`, '    shift: day', '    status: active', `    catchment: ${i % 2 === 0}`, '    since: "2015-03-01"', '    history:', `      - {date: "2025-01-01", field: district, from: D1, to: D${i % 24}}`)
    if (i % 1000 === 0) lines.push('    # a trainer\'s comment between fields', '    notes: |', '      Transferred twice;', '      - see the 2025 memo', '')
    if (i % 997 === 0) lines.push('# a comment at the left margin between officers')
  }
  lines.push('source: HR export', '')
  return lines.join(eol)
}

// The real budget cuts only records of 200,000 values and more; a small one exercises the same cuts on a small roster.
const SMALL: ValueBudget = {record: 200_000, piece: 2_000, group: 300}
const N = 2_400

describe('a large roster', () => {
  const text = roster(N)

  it('is cut in pieces, and reads back exactly what a whole parse reads', () => {
    expect(estimateValues(text)).toBeGreaterThan(SMALL.piece)
    const planned = planChunks(text, SMALL)
    expect(planned && 'plan' in planned ? [planned.plan.count, planned.plan.groups.length > 100] : undefined).toEqual([N, true])
    const r = parseRecordText('rosters/metro-pd.yaml', text, {values: SMALL})
    expect(r.diagnostics).toEqual([])
    expect(r.data).toEqual(parse(text, {uniqueKeys: false}))
  })

  it('with Windows line ends too', () => {
    const crlf = roster(N, '\r\n')
    expect(parseRecordText('rosters/metro-pd.yaml', crlf, {values: SMALL}).data).toEqual(parse(crlf, {uniqueKeys: false}))
  })

  it('locates every field where a whole parse does', () => {
    const piecewise = new YamlSource('r.yaml', text, undefined, SMALL)
    const whole = new YamlSource('r.yaml', text, parseDocument(text, PARSE_OPTIONS))
    ;(whole as unknown as {planCache: null}).planCache = null // force the whole Document
    for (const i of [0, 1, 999, 1000, 1001, N - 1]) {
      for (const p of [['officers', i, 'name'], ['officers', i, 'history', 0, 'to'], ['officers', i], ['officers', i, 'missing']]) {
        expect(piecewise.locate(p), p.join('.')).toEqual(whole.locate(p))
      }
    }
    for (const p of [['officers'], ['officers', N], ['source'], ['as_of'], ['nothing']]) expect(piecewise.locate(p), p.join('.')).toEqual(whole.locate(p))
    expect(piecewise.locate(['officers', 7], 'key')).toEqual(whole.locate(['officers', 7], 'key'))
    expect(piecewise.sourceOf(['officers', 1234, 'badge'])).toBe('001234')
  })

  it('reports problems inside a piece at their line in the file', () => {
    const lines = text.split('\n')
    const at = lines.indexOf('    name: Officer 1700 Dana-Lee O\'Brien')
    lines.splice(at + 1, 0, '    rank: Sergeant') // a duplicate key in officer 1700
    const r = parseRecordText('rosters/metro-pd.yaml', lines.join('\n'), {values: SMALL})
    expect(r.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`)).toEqual([`DUPLICATE_KEY@${at + 3}:5`])
    const warned = parseRecordText('rosters/metro-pd.yaml', text.replace('    name: Officer 2000 Dana', '    nickname: no\n    name: Officer 2000 Dana'), {values: SMALL})
    const line = text.split('\n').indexOf('    name: Officer 2000 Dana-Lee O\'Brien') + 1
    expect(warned.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`)).toEqual([`YAML_AMBIGUOUS@${line}:15`])
  })

  it('of 12,000 officers loads in a process whose heap is capped at 96 MB (a whole parse needs over 200 MB)', () => {
    const file = path.join(tempDir(), 'metro-pd.yaml')
    fs.writeFileSync(file, roster(12_000))
    expect(estimateValues(fs.readFileSync(file, 'utf8'))).toBeGreaterThan(VALUE_BUDGET.piece)
    const script = `
      import fs from 'node:fs'
      const {parseRecordText} = await import(${JSON.stringify(path.join(REPO_ROOT, 'dist/core/records/record-parse.js'))})
      const r = parseRecordText('rosters/metro-pd.yaml', fs.readFileSync(${JSON.stringify(file)}, 'utf8'))
      console.log(JSON.stringify({officers: r.data.officers.length, diagnostics: r.diagnostics.length}))`
    const child = spawnSync(process.execPath, ['--max-old-space-size=96', '--input-type=module', '-e', script], {encoding: 'utf8'})
    expect(child.status, child.stderr.slice(-500)).toBe(0)
    expect(JSON.parse(child.stdout)).toEqual({officers: 12_000, diagnostics: 0})
  })
})

describe('hostile records are refused before they are parsed', () => {
  const refused = (text: string) => parseRecordText('rosters/x.yaml', text).diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`)

  it('more values than any record holds (3 million)', () => {
    const items = 'officers:\n' + '  - a\n'.repeat(VALUE_BUDGET.record / 2 + 10)
    expect(refused(`id: x\n${items}`)).toEqual(['RECORD_TOO_COMPLEX@1:1'])
  })

  it('too many values for one piece in a layout that cannot be cut (one line of JSON)', () => {
    expect(refused(`{"officers": [${'"a",'.repeat(VALUE_BUDGET.piece)}"a"]}`)).toEqual(['RECORD_TOO_COMPLEX@1:1'])
  })

  it('one list item with more values than a piece may hold, at its line', () => {
    const big = `  - [${'a,'.repeat(VALUE_BUDGET.piece)}a]\n`
    expect(refused(`id: x\nofficers:\n  - {badge: "1"}\n${big}  - {badge: "2"}\n`)).toEqual(['RECORD_TOO_COMPLEX@4:3'])
  })

  it('a 60 MiB roster is refused from its size: nothing is read', () => {
    const file = path.join(tempDir(), 'big.yaml')
    fs.writeFileSync(file, 'id: x\n')
    fs.truncateSync(file, 60 * 1024 * 1024) // sparse: reading it would take 60 MiB
    expect(readCapped(file, 32 * 1024 * 1024)).toEqual({size: 60 * 1024 * 1024})
  })

  it('endless input stops one byte past the cap', () => {
    const read = readCapped('/dev/zero', 1024 * 1024)
    expect(read).toEqual({size: 1024 * 1024 + 1})
  })

  it('a file read into one buffer of its size: exactly at the cap read, a byte over refused', () => {
    const dir = tempDir()
    const at = path.join(dir, 'at.yaml'), over = path.join(dir, 'over.yaml')
    fs.writeFileSync(at, 'x'.repeat(100_000))
    fs.writeFileSync(over, 'x'.repeat(100_001))
    expect(readCapped(at, 100_000).bytes?.equals(fs.readFileSync(at))).toBe(true)
    expect(readCapped(over, 100_000)).toEqual({size: 100_001})
  })

  it('a file that holds more than its size said (it grew as it was read) is read to its end, within the cap', () => {
    // /proc files say they are empty and are not: the case of a file that grew after its fstat.
    const whole = fs.readFileSync('/proc/self/cmdline')
    expect(whole.length).toBeGreaterThan(10)
    expect(readCapped('/proc/self/cmdline', 1024 * 1024).bytes?.equals(whole)).toBe(true)
    expect(readCapped('/proc/self/cmdline', 5)).toEqual({size: 6})
  })
})

describe('where a large record cannot be cut, it is parsed whole', () => {
  it('a list whose items sit at mixed indentation is not cut', () => {
    expect(planChunks('id: x\nofficers:\n  - a\n - b\n')).toBeUndefined()
  })

  it('a file with a document marker or directive is not cut', () => {
    expect(planChunks('%YAML 1.2\n---\nofficers:\n  - a\n  - b\n')).toBeUndefined()
  })

  it('items at the left margin are cut like indented ones', () => {
    const planned = planChunks('id: x\nofficers:\n- a\n- b\nnext: 1\n')
    expect(planned && 'plan' in planned ? [planned.plan.count, planned.plan.start, planned.plan.end] : undefined).toEqual([2, 16, 24])
  })
})
