/**
 * scalar-edit.ts changes a record's text without the yaml library only where the result is the
 * Document path's byte for byte: compared here on the record-edit shapes, the example site, the
 * bench's referrals and thousands of generated records (lead's layout and near misses: comments,
 * blank lines, quoting, folding, flow style, BOM, CRLF, tabs, odd indentation) and values.
 */
import fs from 'node:fs'
import path from 'node:path'
import {Document} from 'yaml'
import {describe, expect, it} from 'vitest'
import {parseAssignment, type Assignment} from '../../src/core/records/field-assignments.js'
import {editByDocument, editRecordText} from '../../src/core/records/record-edit.js'
import {editScalarsInPlace} from '../../src/core/records/scalar-edit.js'
import {loadSchema} from '../../src/core/schemas/schema-registry.js'
import {EXAMPLE_SITE} from '../support/cli.js'
import {seededRandom} from '../support/seeded-random.js'

type Outcome = {text: string; changed: string[]} | {error: string}
const outcome = (f: () => {text: string; changed: string[]}): Outcome => {
  try {
    const r = f()
    return {text: r.text, changed: r.changed}
  } catch (e) {
    return {error: (e as Error).message}
  }
}

/** Both ways agree; true when the shortcut answered. */
function same(text: string, assignments: Assignment[]): boolean {
  const fast = editScalarsInPlace(text, assignments, [])
  if (fast === undefined) return false
  expect(fast, JSON.stringify({text, assignments})).toEqual(outcome(() => editByDocument(text, assignments)))
  return true
}

const set = (key: string, value: unknown): Assignment => ({text: key, steps: key.split('.').map((k) => ({key: k})), value})

const REFERRAL = `# referral generated for benchmarks
id: r-2026-01-08-0faz00
pathway: arrest_diversion
received: "2026-01-08T13:35:00-08:00"
referrer:
  agency: harbor-pd
  badge: "0450"
district: D1
catchment: downtown
participant: P-XBTBKY
charges:
  - RCW 69.50.401
quantity:
  amount: 0.9
  unit: g
screening:
  age_ok: true
  criteria_met: true
  exclusions_hit: []
  overrides: []
  has_complainant: false
  consent_to_participate: true
handoff:
  method: warm
  case_manager: Jordan Lee
  arrived: "2026-01-08T13:49:00-08:00"
intake:
  completed: "2026-01-08"
prosecutor_review:
  decision: decline
  date: "2026-01-15"
status: enrolled
notes: Prefers afternoon check-ins.
`

const VALUES: unknown[] = [
  'note 12345', 'Prefers mornings.', 'enrolled', 'no', 'No', 'yes', 'Y', 'n', 'on', 'OFF', 'null', 'Null', 'true', 'False', '~', '', ' ', 'a ', ' a',
  'a  b', 'a: b', 'a:b', 'a #b', 'a#b', '#a', '-a', '- a', '?', 'a?', "O'Brien", '"quoted"', 'back\\slash', 'tab\there', 'line\nbreak', 'Nguyễn Văn An',
  '12:30', '0412', '2026-12-01', '2026-12-01T09:15:00-08:00', '1_000', '0x1F', '1e3', '.inf', '.NaN', '3.0', 'x'.repeat(70), `Word ${'y'.repeat(90)}`,
  'Ends with colon:', 'a, b; c (d) e/f g_h i+j k-l.', '[a]', '{a: 1}', '&anchor', '*alias', '!tag', '%pct', '@at', '`tick`', '|', '>', '---', '...',
  true, false, 0, 3, 0.5, -2, null, ['a', 'b'], {amount: 2},
]

describe('scalar-edit: the same bytes as the Document path', () => {
  it('edits the bench referral as the Document path does, without it for the usual values', () => {
    let fast = 0
    for (const field of ['notes', 'status', 'district', 'handoff.case_manager', 'handoff.arrived', 'referrer.badge', 'screening.age_ok', 'quantity.amount', 'quantity.unit', 'intake.completed', 'id']) {
      for (const v of VALUES) if (same(REFERRAL, [set(field, v)])) fast++
    }
    expect(fast).toBeGreaterThan(200)
    // The bench's own edit.
    expect(editScalarsInPlace(REFERRAL, [set('notes', 'note 4242')], [])?.text).toBe(REFERRAL.replace('notes: Prefers afternoon check-ins.', 'notes: note 4242'))
  })

  it('types values as set does and agrees on several at once, the same field twice included', () => {
    const schema = loadSchema('referral')
    const a = (t: string) => parseAssignment(schema, t, {timeZone: 'America/Los_Angeles', kind: 'referral'})
    expect(same(REFERRAL, [a('notes=Called back'), a('status=eligible'), a('screening.age_ok=false')])).toBe(true)
    expect(same(REFERRAL, [a('notes=first'), a('notes=second')])).toBe(true)
    expect(same(REFERRAL, [a('referrer.badge=0412'), a('handoff.case_manager=Sam Ortiz')])).toBe(true)
    // Unchanged values give back the very text.
    expect(editScalarsInPlace(REFERRAL, [a('status=enrolled')], [])?.text).toBe(REFERRAL)
    // Lists, unsets and new keys go to the Document path.
    expect(editScalarsInPlace(REFERRAL, [a('charges[0]=RCW 9A.52.080')], [])).toBeUndefined()
    expect(editScalarsInPlace(REFERRAL, [a('notes=x')], [[{key: 'district'}]])).toBeUndefined()
    // A key new to its map is added after the map's last line, as yaml's setIn adds it.
    expect(editScalarsInPlace(REFERRAL.replace(/^notes:.*\n/m, ''), [a('notes=x')], [])?.text).toBe(REFERRAL.replace(/^notes:.*\n/m, 'notes: x\n'))
    expect(same(REFERRAL.replace(/^notes:.*\n/m, '').replace('  method: warm\n', ''), [a('notes=x'), a('handoff.method=warm'), a('status=closed')])).toBe(true)
    expect(editScalarsInPlace(REFERRAL, [a('closed=2026-12-01')], [])).toBeUndefined()
    // Where an inner map ends with the outer one, the inner map's new key comes first.
    const nested = 'a: 1\nb:\n  c: x\n  d:\n    e: a value as wide as the new lines\n'
    for (const order of [[set('z', 'top'), set('b.z', 'mid'), set('b.d.z', 'deep')], [set('b.d.z', 'deep'), set('z', 'top'), set('b.z', 'mid'), set('b.w', 'mid2')]]) {
      expect(same(nested, order)).toBe(true)
    }
    expect(editScalarsInPlace(nested, [set('z', 'top'), set('b.d.z', 'deep')], [])?.text).toBe(`${nested}    z: deep\nz: top\n`)
  })

  it('steps aside for what the Document path lays out its own way', () => {
    const variants: Array<[string, string]> = [
      ['BOM', `\uFEFF${REFERRAL}`],
      ['CRLF', REFERRAL.replaceAll('\n', '\r\n')],
      ['a comment on the line', REFERRAL.replace('notes: Prefers afternoon check-ins.', 'notes: Prefers afternoon check-ins. # why')],
      ['a comment between keys', REFERRAL.replace('status:', '# status\nstatus:')],
      ['a blank line', REFERRAL.replace('status:', '\nstatus:')],
      ['flow style', REFERRAL.replace('charges:\n  - RCW 69.50.401', 'charges: [RCW 69.50.401]')],
      ['single quotes', REFERRAL.replace('badge: "0450"', "badge: '0450'")],
      ['a folded value', REFERRAL.replace('notes: Prefers afternoon check-ins.', 'notes: Prefers afternoon\n  check-ins.')],
      ['a block scalar', REFERRAL.replace('notes: Prefers afternoon check-ins.', 'notes: |\n  Prefers afternoon\n  check-ins.')],
      ['a list at the key', REFERRAL.replace('charges:\n  - RCW', 'charges:\n- RCW')],
      ['four spaces', REFERRAL.replace('  agency: harbor-pd\n  badge: "0450"', '    agency: harbor-pd\n    badge: "0450"')],
      ['a trailing space', REFERRAL.replace('status: enrolled', 'status: enrolled ')],
      ['a tab', REFERRAL.replace('status: enrolled', 'status:\tenrolled')],
      ['two spaces after the colon', REFERRAL.replace('status: enrolled', 'status:  enrolled')],
      ['no final newline', REFERRAL.slice(0, -1)],
      ['two final newlines', `${REFERRAL}\n`],
      ['a duplicate key', `${REFERRAL}status: received\n`],
      ['an escaped quote', REFERRAL.replace('badge: "0450"', 'badge: "04\\u0035"')],
      ['a YAML 1.1 keyword', REFERRAL.replace('unit: g', 'unit: yes')],
      ['a document marker', `---\n${REFERRAL}`],
    ]
    for (const [what, text] of variants) {
      expect(editScalarsInPlace(text, [set('notes', 'x'), set('status', 'received')], []), what).toBeUndefined()
      // And the edit is still made, by the Document path.
      expect(outcome(() => editRecordText(text, [set('status', 'received')])), what).toEqual(outcome(() => editByDocument(text, [set('status', 'received')])))
    }
  })

  it('agrees on every example record and every record-edit shape', () => {
    const files: string[] = []
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, {withFileTypes: true})) {
        const p = path.join(d, e.name)
        if (e.isDirectory()) walk(p)
        else if (p.endsWith('.yaml')) files.push(p)
      }
    }
    walk(EXAMPLE_SITE)
    let fast = 0
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8')
      const keys = [...text.matchAll(/^([a-z_]+):/gm)].map((m) => m[1]!)
      for (const key of keys) for (const v of ['changed value', 'no', '0412', true, 'x'.repeat(95)]) if (same(text, [set(key, v)])) fast++
      // The same record without its comments and blank lines is in lead's layout.
      const bare = text.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#')).join('\n') + '\n'
      for (const key of keys) for (const v of ['changed value', 'no', '0412', true, 'x'.repeat(95)]) if (same(bare, [set(key, v)])) fast++
    }
    // The example site is written by hand (flow maps, comments): the shortcut steps aside there,
    // and both ways still agree wherever it does not.
    expect(fast).toBeGreaterThanOrEqual(0)
  })

  it('agrees on records written line by line in every form the layout allows', () => {
    const rnd = seededRandom(4242)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
    // Forms the library does not write from data but reads back as written: fraction digits kept, empty quotes, comments.
    const values = ['alpha', 'Two words', "O'Neil (x)", 'a/b_c+d;e,f.', '1.50', '2.000', '10.0', '0.0', '0', '42', '123456789012345', '1234567890123456', '""', '"a b"', '"12:30"', '"#x"', "\"it's\"", 'true', 'false', '[]', '{}', 'yes', '007', '-1', '1e3']
    const header = ['#', '#x', '# header', '#  two', '#!']
    let fast = 0
    for (let i = 0; i < 800; i++) {
      const lines: string[] = []
      if (rnd() < 0.5) for (let h = Math.floor(rnd() * 3); h > 0; h--) lines.push(pick(header))
      const leaves: string[] = []
      const map = (indent: number, prefix: string | undefined, depth: number, first?: string) => {
        const keys = ['a', 'b', 'c', 'd', 'e'].filter(() => rnd() < 0.6)
        if (keys.length === 0) keys.push('a')
        keys.forEach((key, n) => {
          const lead = n === 0 && first !== undefined ? first : ' '.repeat(indent)
          const r = rnd()
          if (depth < 3 && r < 0.2) {
            lines.push(`${lead}${key}:`)
            map(indent + 2, prefix === undefined ? undefined : `${prefix}${key}.`, depth + 1)
          } else if (depth < 3 && r < 0.3) {
            lines.push(`${lead}${key}:`)
            for (let k = 1 + Math.floor(rnd() * 2); k > 0; k--) {
              if (rnd() < 0.5) lines.push(`${' '.repeat(indent + 2)}- ${pick(values)}`)
              else map(indent + 4, undefined, depth + 1, `${' '.repeat(indent + 2)}- `)
            }
          } else {
            lines.push(`${lead}${key}: ${pick(values)}`)
            if (prefix !== undefined) leaves.push(prefix + key)
          }
        })
      }
      map(0, '', 0)
      const text = `${lines.join('\n')}\n`
      if (leaves.length === 0) continue
      // Keys new to a map too, alone and beside other edits (the library adds them after the map's last line).
      const added = ['z', ...leaves.map((l) => l.replace(/[^.]+$/, 'z')), ...leaves.map((l) => l.replace(/[^.]+$/, 'y'))]
      const value = () => pick([...VALUES, 'plain words', 'Jordan Lee', 'plain words', 'Jordan Lee'])
      for (let k = 0; k < 3; k++) if (same(text, [set(pick(leaves), value())])) fast++
      for (let k = 0; k < 3; k++) if (same(text, Array.from({length: 1 + Math.floor(rnd() * 3)}, () => set(pick(rnd() < 0.5 ? added : leaves), value())))) fast++
    }
    expect(fast).toBeGreaterThan(100)
  })

  it('agrees on generated records in lead layout and near it', () => {
    const rnd = seededRandom(20261201)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
    const words = ['alpha', 'Beta', 'gamma delta', 'D1', 'harbor-pd', 'P-XBTBKY', 'RCW 69.50.401', "O'Neil", 'yes', 'no', 'true', '12:30', '0450', '2026-01-08', 'a: b', 'x #y', 'Ünïcode', 'long '.repeat(25).trim(), '']
    const plainWords = ['alpha', 'Beta', 'gamma delta', 'D1', 'harbor-pd', 'P-XBTBKY', 'Jordan Lee', 'Prefers afternoon check-ins.']
    const scalar = (): unknown => (rnd() < 0.15 ? pick([true, false, 0, 7, 0.9, 1.5, 2.25, 10, 1.1, 12.5]) : rnd() < 0.85 ? pick(plainWords) : pick(words))
    const tree = (depth: number): Record<string, unknown> => {
      const out: Record<string, unknown> = {}
      const n = 1 + Math.floor(rnd() * 5)
      for (let i = 0; i < n; i++) {
        const key = rnd() < 0.02 ? pick(['On', 'null', 'y', 'a b']) : pick(['id', 'name', 'status', 'notes', 'agency', 'badge', 'amount', 'unit', 'date', 'kind', 'note_2', 'x'])
        const r = rnd()
        out[key] = depth < 3 && r < 0.25 ? tree(depth + 1) : depth < 3 && r < 0.35 ? Array.from({length: Math.floor(rnd() * 3)}, () => (rnd() < 0.5 ? scalar() : tree(depth + 1))) : scalar()
      }
      return out
    }
    const paths = (v: unknown, prefix = ''): string[] =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).flatMap(([k, x]) => [prefix + k, ...paths(x, `${prefix}${k}.`)]) : []
    const isLeaf = (data: unknown, p: string) => {
      const v = p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], data)
      return v === null || typeof v !== 'object'
    }
    const mutate = (text: string): string => {
      const lines = text.split('\n')
      const at = Math.floor(rnd() * (lines.length - 1))
      switch (Math.floor(rnd() * 8)) {
        case 0: lines.splice(at, 0, '# a comment'); break
        case 1: lines.splice(at, 0, ''); break
        case 2: lines[at] = `${lines[at]} # c`; break
        case 3: lines[at] = lines[at]!.replace(': ', ':  '); break
        case 4: lines[at] = lines[at]!.replace(/"/g, "'"); break
        case 5: lines[at] = `  ${lines[at]}`; break
        case 6: return text.replaceAll('\n', '\r\n')
        default: return `#${pick(['', ' header', 'x', ' two  spaces'])}\n${text}`
      }
      return lines.join('\n')
    }
    let fast = 0
    let runs = 0
    for (let i = 0; i < 1500; i++) {
      const data = tree(0)
      const doc = new Document(data, {version: '1.2', compat: 'yaml-1.1'})
      if (rnd() < 0.3) doc.commentBefore = pick([' header line', 'x', ' a\n b'])
      let text = doc.toString({lineWidth: pick([80, 100, 40]), minContentWidth: 0, flowCollectionPadding: false})
      if (rnd() < 0.4) text = mutate(text)
      const all = paths(data)
      const leaves = all.filter((p) => isLeaf(data, p))
      if (leaves.length === 0) continue
      // Mostly one-line values (what set changes), sometimes a map, a list or a new key.
      const keys = [...leaves, ...leaves, ...leaves, ...all, 'added', 'x.added']
      for (let k = 0; k < 4; k++) {
        const edits = Array.from({length: 1 + Math.floor(rnd() * 2)}, () => set(pick(keys), rnd() < 0.5 ? pick(VALUES) : pick(rnd() < 0.5 ? plainWords : words)))
        runs++
        if (same(text, edits)) fast++
      }
    }
    // Enough of both: the shortcut is exercised, and the rest are compared through editRecordText below.
    expect(fast).toBeGreaterThan(300)
    expect(fast).toBeLessThan(runs)
  })

  it('agrees on records whose long text the library wrapped, and wraps a long new value as it would', () => {
    const rnd = seededRandom(20261203)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
    const words = ['Found', 'sleeping', 'in', 'a', 'doorway', 'after', 'closing;', 'moved', 'along', 'without', 'incident.', "O'Neil", '(x)', 'RCW', '69.50.401', 'a/b', 'no', 'yes', 'call:']
    // Now and then a word the library quotes, a reader could take for something else, or too long to wrap.
    const odd = ['12:30', '-', '#7', '- x', 'a  b', 'Ünï', 'x'.repeat(40)]
    const text = (n: number) => ['Word', ...Array.from({length: n}, () => (rnd() < 0.01 ? pick(odd) : pick(words)))].join(' ')
    const leaf = (): unknown => (rnd() < 0.5 ? text(Math.floor(rnd() * 30)) : rnd() < 0.5 ? pick(['D1', 'harbor-pd', 'Jordan Lee']) : pick([true, 3, '0450', '2026-01-08']))
    const tree = (depth: number): Record<string, unknown> => {
      const out: Record<string, unknown> = {}
      for (const key of ['id', 'notes', 'description', 'status', 'evidence', 'a_long_key_for_a_text'].filter(() => rnd() < 0.5)) {
        const r = rnd()
        out[key] = depth < 2 && r < 0.25 ? tree(depth + 1) : depth < 2 && r < 0.45 ? Array.from({length: 1 + Math.floor(rnd() * 3)}, () => (rnd() < 0.3 ? leaf() : tree(depth + 1))) : leaf()
      }
      if (Object.keys(out).length === 0) out.id = 'x'
      return out
    }
    const leaves = (v: unknown, prefix = ''): string[] =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).flatMap(([k, x]) => (x && typeof x === 'object' ? Array.isArray(x) ? [] : leaves(x, `${prefix}${k}.`) : [prefix + k])) : []
    let fast = 0
    let wrapped = 0
    for (let i = 0; i < 1500; i++) {
      const data = tree(0)
      let written = new Document(data, {version: '1.2', compat: 'yaml-1.1'}).toString({lineWidth: pick([40, 60, 80, 80, 100, 120]), minContentWidth: 0, flowCollectionPadding: false})
      // A line longer than the width the rest was wrapped at (a hand edit): the library's width is then another.
      if (rnd() < 0.2) written = `${written}zz_extra: ${'words and more '.repeat(1 + Math.floor(rnd() * 8)).trim()}\n`
      const paths = leaves(data)
      if (paths.length === 0) continue
      const isWrapped = /\n {2,}[A-Za-z0-9(]/.test(written.replace(/\n *- /g, '\n'))
      for (let k = 0; k < 3; k++) {
        const edits = Array.from({length: 1 + Math.floor(rnd() * 2)}, () => set(rnd() < 0.9 ? pick(paths) : 'added', rnd() < 0.5 ? text(Math.floor(rnd() * 25)) : pick(VALUES)))
        if (same(written, edits)) {
          fast++
          if (isWrapped) wrapped++
        }
      }
    }
    expect(fast).toBeGreaterThan(800)
    expect(wrapped).toBeGreaterThan(600)
  })

  it('edits a referral whose evidence the library wrapped without the library', () => {
    const wrapped = REFERRAL.replace('charges:\n', 'evidence:\n  - date: "2026-08-22"\n    description: Found sleeping in a business doorway after closing; moved along\n      without incident.\ncharges:\n')
    expect(same(wrapped, [set('notes', 'Called back on Tuesday')])).toBe(true)
    const long = 'Called back on Tuesday; prefers afternoon check-ins at the drop-in centre near the library (ask for Sam)'
    const result = editScalarsInPlace(wrapped, [set('notes', long)], [])
    expect(result?.text).toContain('notes: Called back on Tuesday; prefers afternoon check-ins at the drop-in centre\n  near the library (ask for Sam)\n')
    expect(same(wrapped, [set('notes', long)])).toBe(true)
    // Text the library wrapped in double quotes, as the bench's referrals hold it; a long value set in quotes.
    const quoted = wrapped.replace('    description: Found', '    description: Calm\n  - date: "2025-08-22"\n    description: "Crisis call: appeared disoriented on the waterfront promenade;\n      declined transport."\n  - date: "2026-08-22"\n    description: Found')
    expect(same(quoted, [set('notes', 'Called back')])).toBe(true)
    expect(same(quoted.replace('badge: "0450"', 'badge: "0450"\n  note: "x"'), [set('referrer.note', `Said: ${long}`)])).toBe(true)
    // A wrapped value set again: its lines are replaced, the rest stays.
    expect(same(result!.text, [set('notes', 'Short again')])).toBe(true)
    expect(editScalarsInPlace(result!.text, [set('notes', 'Short again')], [])?.text).toBe(wrapped.replace('notes: Prefers afternoon check-ins.', 'notes: Short again'))
  })
})
