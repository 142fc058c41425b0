import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {parseDocument} from 'yaml'
import {parseRecordBytes, parseRecordText} from '../../src/core/records/record-parse.js'
import {PARSE_OPTIONS, YamlSource} from '../../src/core/records/yaml-source.js'
import {cpuMs} from '../support/cpu-time.js'

const MiB = 1024 * 1024
const parse = (text: string) => parseRecordText('x.yaml', text)
const codes = (text: string) => parse(text).diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`)

describe('parseRecordText', () => {
  it('reads a plain record and keeps strings as written', () => {
    const r = parse('id: harbor-pd\nbadge: "0412"\nsince: "2024-01-15"\n')
    expect(r.diagnostics).toEqual([])
    expect(r.data).toEqual({id: 'harbor-pd', badge: '0412', since: '2024-01-15'})
  })

  it('reports a syntax error at its line and column', () => {
    expect(codes('id: x\nlist: [a, b\nname: y\n')[0]).toMatch(/^YAML_SYNTAX@/)
  })

  it('reports duplicate keys at the second key', () => {
    expect(codes('id: a\nname: b\nid: c\n')).toEqual(['DUPLICATE_KEY@3:1'])
  })

  it('repeats nothing of a participant file in its messages: keys, anchors, tags, values, the parser\'s own words', () => {
    const secret = ['Maria Lopez', 'lopez', '1990', 'shanice', 'q']
    const texts = [
      'Maria Lopez born 1990: a\nMaria Lopez born 1990: b\n',
      'a: &shanice x\nb: *shanice\n',
      'a: !lopez x\n',
      'a: 1990:30\n',
      'a: "Maria\\q Lopez 1990"\n',
      'a: @Lopez1990\n',
    ]
    let plainRepeats = 0
    for (const text of texts) {
      const plain = parseRecordText('partners/x.yaml', text).diagnostics
      plainRepeats += plain.filter((d) => secret.some((w) => `${d.message} ${d.hint}`.toLowerCase().includes(w))).length
      const concealed = parseRecordText('referrals/2026/x.yaml', text, {conceal: true}).diagnostics
      expect(concealed.map((d) => [d.code, d.line, d.column])).toEqual(plain.map((d) => [d.code, d.line, d.column]))
      expect(concealed.length).toBeGreaterThan(0)
      for (const d of concealed) for (const word of secret) expect(`${d.message} ${d.hint}`.toLowerCase()).not.toMatch(new RegExp(`\\b${word}\\b`))
    }
    // Other kinds keep quoting what they found: it helps, and partners and protocols are not about participants.
    expect(plainRepeats).toBeGreaterThanOrEqual(4)
  })

  it('treats true and "true" as the same key', () => {
    expect(codes('true: a\n"true": b\n')).toEqual(['DUPLICATE_KEY@2:1'])
  })

  it('rejects __proto__ and constructor keys', () => {
    expect(codes('__proto__: {admin: true}\n')).toEqual(['RESERVED_KEY@1:1'])
    expect(codes('a:\n  constructor: 1\n')).toEqual(['RESERVED_KEY@2:3'])
  })

  it('rejects anchors and aliases, so alias bombs never expand', () => {
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`)
    let r!: ReturnType<typeof parseRecordBytes>
    expect(cpuMs(() => { r = parse(bomb.join('\n') + '\n') })).toBeLessThan(1000)
    expect(r.data).toBeUndefined()
    expect(r.diagnostics.map((d) => d.code)).toContain('YAML_ALIAS')
    expect(r.diagnostics.map((d) => d.code)).toContain('YAML_ANCHOR')
  })

  it('reports an alias to an undefined anchor instead of throwing', () => {
    expect(codes('a: *nope\n')).toEqual(['YAML_ALIAS@1:4'])
  })

  it('rejects explicit tags, including unknown ones', () => {
    expect(codes('a: !!binary aGVsbG8=\n')).toEqual(['YAML_TAG@1:4'])
    expect(codes('a: !!python/object/apply:os.system ["ls"]\n').every((c) => c.startsWith('YAML_TAG'))).toBe(true)
  })

  it('rejects %YAML directives that would switch the file to YAML 1.1', () => {
    const r = parse('%YAML 1.1\n---\ncountry: NO\n')
    expect(r.diagnostics.map((d) => d.code)).toContain('YAML_DIRECTIVE')
  })

  it('warns about plain values a YAML 1.1 reader would read differently', () => {
    const r = parse('country: NO\nat: 12:30\nbadge: 010\nday: 2026-01-05\n')
    expect(r.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}:${d.severity}`)).toEqual([
      'YAML_AMBIGUOUS@1:10:warning',
      'YAML_AMBIGUOUS@2:5:warning',
      'YAML_AMBIGUOUS@3:8:warning',
      'YAML_AMBIGUOUS@4:6:warning',
    ])
    // Read as YAML 1.2: text stays text.
    expect(r.data).toEqual({country: 'NO', at: '12:30', badge: 10, day: '2026-01-05'})
  })

  it('survives 10,000-deep nesting with a diagnostic', () => {
    const r = parse('a: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n')
    expect(r.data).toBeUndefined()
    expect(r.diagnostics[0]!.code).toBe('YAML_SYNTAX')
  })

  it('checks duplicate keys in linear time (40,000 keys)', () => {
    const lines = Array.from({length: 40_000}, (_, i) => `k${i}: ${i}`)
    let r!: ReturnType<typeof parseRecordBytes>
    expect(cpuMs(() => { r = parse(lines.join('\n') + '\nk7: again\n') })).toBeLessThan(5000)
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DUPLICATE_KEY'])
  })

  it('reports merge-conflict markers at their line', () => {
    expect(codes('id: a\n<<<<<<< HEAD\nname: b\n=======\nname: c\n>>>>>>> theirs\n')).toEqual(['MERGE_CONFLICT@2:1'])
  })

  it('reports several documents in one file', () => {
    expect(codes('a: 1\n---\nb: 2\n')[0]).toMatch(/^YAML_SYNTAX@/)
  })
})

describe('the value built while checking', () => {
  it('equals what the yaml library itself builds, for every example-site file', () => {
    const root = new URL('../../fixtures/example-site/', import.meta.url).pathname
    const files: string[] = []
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
        if (e.isDirectory()) walk(path.join(dir, e.name))
        else if (e.name.endsWith('.yaml')) files.push(path.join(dir, e.name))
      }
    }
    walk(root)
    expect(files.length).toBeGreaterThan(90)
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8')
      expect(parse(text).data, f).toEqual(parseDocument(text, PARSE_OPTIONS).toJS())
    }
  })

  it('keeps nulls, empty values, nested lists and numbers', () => {
    expect(parse('a:\nb: ~\nc: [1, [2, {d: 3.5}]]\ne: {}\n').data).toEqual({a: null, b: null, c: [1, [2, {d: 3.5}]], e: {}})
  })
})

describe('parseRecordBytes', () => {
  const bytes = (s: string) => new TextEncoder().encode(s)

  it('refuses files over the size limit before parsing', () => {
    const r = parseRecordBytes('x.yaml', new Uint8Array(2 * MiB).fill(0x61), {maxBytes: MiB})
    expect(r.diagnostics.map((d) => d.code)).toEqual(['FILE_TOO_LARGE'])
  })

  it('refuses a 50 MB file quickly', () => {
    const big = new Uint8Array(50 * MiB).fill(0x20)
    let r!: ReturnType<typeof parseRecordBytes>
    expect(cpuMs(() => { r = parseRecordBytes('x.yaml', big, {maxBytes: MiB}) })).toBeLessThan(500)
    expect(r.diagnostics[0]!.code).toBe('FILE_TOO_LARGE')
  })

  it('reports Latin-1 text as not UTF-8, at the bad byte', () => {
    const latin1 = Uint8Array.from([...bytes('id: a\nname: Jos'), 0xe9, 0x0a])
    const r = parseRecordBytes('x.yaml', latin1, {maxBytes: MiB})
    expect(r.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`)).toEqual(['NOT_UTF8@2:10'])
  })

  it('reports UTF-16 files', () => {
    const r = parseRecordBytes('x.yaml', Uint8Array.from([0xff, 0xfe, 0x61, 0x00]), {maxBytes: MiB})
    expect(r.diagnostics[0]!.message).toMatch(/UTF-16/)
  })

  it('reports binary garbage', () => {
    const garbage = Uint8Array.from({length: 4096}, (_, i) => (i * 7919) % 256)
    const r = parseRecordBytes('x.yaml', garbage, {maxBytes: MiB})
    expect(r.data).toBeUndefined()
    expect(['BINARY_FILE', 'NOT_UTF8']).toContain(r.diagnostics[0]!.code)
  })

  it('accepts a leading byte-order mark', () => {
    const r = parseRecordBytes('x.yaml', Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes('id: a\n')]), {maxBytes: MiB})
    expect(r.diagnostics).toEqual([])
    expect(r.data).toEqual({id: 'a'})
  })
})

describe('YamlSource.locate', () => {
  const text = 'id: harbor-pd\nofficers:\n  - badge: "0412"\n    name: Dana\n  - badge: 77\n'
  const source = new YamlSource('r.yaml', text)

  it('points at a value', () => expect(source.locate(['officers', 1, 'badge'])).toEqual({line: 5, column: 12}))
  it('points at a key', () => expect(source.locate(['officers', 0, 'name'], 'key')).toEqual({line: 4, column: 5}))
  it('falls back to the deepest existing node for a missing path', () => expect(source.locate(['officers', 0, 'rank'])).toEqual({line: 3, column: 5}))
  it('gives the source text of a scalar', () => expect(source.sourceOf(['officers', 1, 'badge'])).toBe('77'))
})

describe('the official YAML test suite as records', () => {
  const dir = fileURLToPath(new URL('../../fixtures/yaml-test-suite/', import.meta.url))
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))

  it(`gets a diagnostic or a value for every case, never a throw (${files.length} cases)`, () => {
    expect(files).toHaveLength(402)
    let slowest = 0
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(dir, f))
      let r!: ReturnType<typeof parseRecordBytes>
      slowest = Math.max(slowest, cpuMs(() => { r = parseRecordBytes(f, bytes, {maxBytes: MiB}) }))
      for (const d of r.diagnostics) {
        expect(d.line).toBeGreaterThan(0)
        expect(d.column).toBeGreaterThan(0)
        expect(d.message).not.toMatch(/\n/)
      }
      if (r.diagnostics.some((d) => d.severity === 'error')) expect(r.data).toBeUndefined()
    }
    expect(slowest).toBeLessThan(1000)
  })
})

