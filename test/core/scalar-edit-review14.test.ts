/**
 * Second reading of scalar-edit.ts's wrapped-text path (b9f1c6f): editScalarsInPlace, whenever it
 * answers, must give editByDocument's bytes and changed list, and never answer for a file the
 * Document path refuses. Handcrafted edge cases, then generated records written by the library at
 * many widths (with near misses mutated in) and generated assignments.
 */
import {Document, parse, Scalar} from 'yaml'
import {describe, expect, it} from 'vitest'
import type {Assignment} from '../../src/core/records/field-assignments.js'
import {editByDocument} from '../../src/core/records/record-edit.js'
import {editScalarsInPlace} from '../../src/core/records/scalar-edit.js'
import {seededRandom} from '../support/seeded-random.js'

const set = (key: string, value: unknown): Assignment => ({text: key, steps: key.split('.').map((k) => ({key: k})), value})

type Outcome = {text: string; changed: string[]} | {error: string}
function docOutcome(text: string, as: Assignment[]): Outcome {
  try {
    const r = editByDocument(text, as)
    return {text: r.text, changed: r.changed}
  } catch (e) {
    return {error: (e as Error).message}
  }
}

/** A description of the disagreement, or undefined when both agree (or the fast path declines). */
function disagreement(text: string, as: Assignment[]): string | undefined {
  const fast = editScalarsInPlace(text, as, [])
  if (fast === undefined) return undefined
  const doc = docOutcome(text, as)
  if ('error' in doc) return `fast answered, Document path threw: ${doc.error}`
  if (fast.text !== doc.text || JSON.stringify(fast.changed) !== JSON.stringify(doc.changed)) return `bytes differ\n--- fast\n${fast.text}--- doc\n${doc.text}`
  let a: unknown
  let b: unknown
  try {
    a = parse(fast.text)
    b = parse(doc.text)
  } catch (e) {
    return `re-read failed: ${(e as Error).message}`
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) return 're-read differs'
  return undefined
}

/** The value a reader finds at `key` in `text` is what was assigned (catches writes the library itself gets wrong). */
function reReads(text: string, as: Assignment[]): boolean {
  const fast = editScalarsInPlace(text, as, [])
  if (fast === undefined) return true
  const data = parse(fast.text) as Record<string, unknown>
  for (const a of as) {
    let v: unknown = data
    for (const s of a.steps) v = (v as Record<string, unknown>)[(s as {key: string}).key]
    // Only the last assignment to a key counts.
    const last = [...as].reverse().find((x) => x.text === a.text)!
    if (v !== last.value) return false
  }
  return true
}

const PARA = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega'

describe('scalar-edit review 14: handcrafted', () => {
  const cases: Array<[string, string, Assignment[]]> = [
    ['key longer than 1024', `${'k'.repeat(1025)}: v\na: b\n`, [set('a', 'c')]],
    ['nested key longer than 1024', `m:\n  ${'k'.repeat(1030)}: v\na: b\n`, [set('a', 'c')]],
    ['new key longer than 1024', 'a: b\n', [set('k'.repeat(1100), 'c')]],
    ['1e-7 number, value wrapped', `a: ${PARA}\nnum: 0.0000001\n`.replace(' omicron', '\n  omicron'), [set('a', `${PARA} more words`)]],
    // The library writes 0.0000001 as 1e-7: no width reproduces the file, so layoutOf falls back to the
    // widest line (82), while the fast path took 80 (the wrapped value's width) and wrapped the new value there.
    [
      'number written otherwise, width not the widest line',
      'm:\n  a: Word word is to a to a word to to the the to a word a to is word to word word\n    a word the\nnum: 0.0000001\n',
      [set('b', 'Set to a text long enough to wrap at eighty columns but not at a wider width of ninety')],
    ],
    ['number 1.2e-13 in a list map', 'l:\n  - k: 0.00000000000012\na: b\n', [set('a', 'c')]],
    ['key of 1024 (agrees)', `${'k'.repeat(1024)}: v\na: b\n`, [set('a', 'c')]],
    ['continuation piece yes', 'a: word\n  yes\n', [set('a', 'b')]],
    ['continuation piece null', 'a: word\n  null\n', [set('a', 'b')]],
    ['continuation piece number', 'a: word\n  123\n', [set('a', 'b')]],
    ['continuation piece quote', "a: word\n  'x\n", [set('a', 'b')]],
    ['continuation deeper', 'a: word\n    deeper\n', [set('a', 'b')]],
    ['quoted closing on continuation', 'a: "word\n  next"\n', [set('a', 'b')]],
    ['quoted lone opening quote line', 'a: "\n  next"\n', [set('a', 'b')]],
    ['quoted closing quote alone', 'a: "word\n  "\n', [set('a', 'b')]],
    ['list item wrapped', 'a: x\nl:\n  - word\n    next\n', [set('a', 'b')]],
    ['list map wrapped', 'a: x\nl:\n  - k: word\n      next\n', [set('a', 'b')]],
    ['new key after wrapped', 'm:\n  a: word\n    next\nz: 1\n', [set('m.b', 'c')]],
    ['nested maps end together', 'm:\n  n:\n    a: word\n      next\n', [set('m.n.b', 'c'), set('m.c', 'd'), set('e', 'f')]],
    ['same key twice', 'a: word\n  next\n', [set('a', PARA), set('a', 'short')]],
    ['same key twice, bool then text', 'a: "word\n  next"\n', [set('a', true), set('a', PARA)]],
    ['tiny width', 'a: b c\n', [set('a', 'x y z w v u t s')]],
  ]
  for (const [label, text, as] of cases) {
    it(label, () => {
      expect(disagreement(text, as)).toBeUndefined()
    })
  }
})

/** Random records, written by the library at a random width, then near misses. */
describe('scalar-edit review 14: generated', () => {
  const WORDS = ['a', 'to', 'of', 'the', 'yes', 'no', 'null', 'y', 'on', 'Off', 'x1', '123', '1.5', "O'Neil", 'a-b', '-x', '(x)', 'RCW', '69.50.401', 'a/b', 'end.', 'semi;', 'Found', 'doorway', 'after-hours', 'p+q', 'under_score', 'w'.repeat(25), 'z'.repeat(70), 'q'.repeat(130)]
  const QWORDS = [...WORDS, '#7', 'call:', 'a#b', '[x]', '{y}', '!', '%', '@at', '&', '*', '|', '>', '?', '`t`', '~']
  const BENIGN = ['a', 'to', 'of', 'the', 'x1', '123', "O'Neil", 'a-b', '-x', '(x)', 'end.', 'Found', 'doorway', 'w'.repeat(25), 'z'.repeat(70), 'yes', '1.5']
  const KEYS = ['a', 'd', 'id', 'notes', 'description', 'k_2', 'a_rather_long_key_name_here_for_width', 'x'.repeat(60)]

  function gen(rnd: () => number) {
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
    const benign = rnd() < 0.5
    const text = (quoted: boolean) => {
      const n = Math.floor(rnd() * (rnd() < 0.3 ? 60 : 14))
      const ws = benign ? BENIGN : quoted ? QWORDS : WORDS
      return ['Word', ...Array.from({length: n}, () => pick(ws))].join(' ')
    }
    const leaves: string[][] = []
    const maps: string[][] = [[]]
    const doc = new Document({})
    const build = (depth: number, path: string[], inList: boolean): unknown => {
      const map = doc.createNode({}) as any
      const n = 1 + Math.floor(rnd() * 4)
      const used = new Set<string>()
      for (let i = 0; i < n; i++) {
        const key = pick(KEYS)
        if (used.has(key)) continue
        used.add(key)
        const r = rnd()
        let value: unknown
        if (r < 0.45) {
          const quoted = rnd() < 0.35
          const s = new Scalar(text(quoted))
          if (quoted) s.type = Scalar.QUOTE_DOUBLE
          value = s
          if (!inList) leaves.push([...path, key])
        } else if (r < 0.55) value = pick([true, false, 0, 12, 0.5, 1.25])
        else if (r < 0.7 && depth < 3) {
          value = build(depth + 1, [...path, key], inList)
          if (!inList) maps.push([...path, key])
        } else if (r < 0.85 && depth < 3) {
          const items = Array.from({length: 1 + Math.floor(rnd() * 3)}, () => (rnd() < 0.5 ? build(depth + 1, [], true) : text(false)))
          value = doc.createNode(items)
        } else {
          value = new Scalar(text(false))
          if (!inList) leaves.push([...path, key])
        }
        map.add({key: doc.createNode(key), value})
      }
      return map
    }
    doc.contents = build(0, [], false) as any
    if (rnd() < 0.2) doc.commentBefore = ` header ${'h'.repeat(Math.floor(rnd() * 90))}`
    const width = pick([0, 8, 12, 16, 19, 20, 24, 30, 40, 60, 79, 80, 81, 90, 100, 120])
    let out = doc.toString({lineWidth: width, minContentWidth: 0})
    // Near misses: a hand edit of the file.
    const m = rnd()
    if (m < 0.1) out = out.replace(/\n {2,}(\S)/, (_s, c) => `\n ${c}`)
    else if (m < 0.2) out = out.replace(/(\n +)(\S)/, '$1  $2')
    else if (m < 0.25) out = out.replace(/ (\S+)\n/, '\n  $1\n')
    else if (m < 0.3) out = out.replace(/: (\S)/, ':  $1')
    else if (m < 0.35) out = out.replace(/\n( *)(\S+) (\S+)\n/, '\n$1$2\n$1$3\n')
    else if (m < 0.4) out = out.replace(/\n( +)(\S+)\n/, '\n$1$2 extra\n')
    else if (m < 0.45) out = out.replace(/\n( +)(\S)/, '\n$1- $2')
    else if (m < 0.55) {
      // A hand wrap: a line broken at one of its spaces, the rest as deep as a continuation.
      const ls = out.split('\n')
      const at = Math.floor(rnd() * ls.length)
      const l = ls[at]!
      const sp = [...l.matchAll(/(?<=\S) (?=\S)/g)].map((x) => x.index!)
      if (sp.length > 0) {
        const cut = pick(sp)
        const deep = l.length - l.trimStart().length + (l.trimStart().startsWith('- ') ? 2 : 0) + 2
        ls.splice(at, 1, l.slice(0, cut), ' '.repeat(deep) + l.slice(cut + 1))
        out = ls.join('\n')
      }
    } else if (m < 0.6) {
      // A hand join: a continuation pulled up onto the line before.
      out = out.replace(/(\S)\n +([^\s-][^:\n]*)\n/, '$1 $2\n')
    }
    // A number, now and then: 0.0000001 the library writes as 1e-7 (no width reproduces the file).
    if (rnd() < 0.2) out += `num_tail: ${pick(['0.000001', '1.50', '12', '0.0000001', '0.00000012'])}\n`
    return {out, leaves, maps, text, pick}
  }

  it.each([1414, 2027])('agrees on generated records and assignments (seed %i)', (seed) => {
    const rnd = seededRandom(seed)
    const failures: string[] = []
    let answered = 0
    let multi = 0
    let layoutOk = 0
    for (let n = 0; n < 8000 && failures.length < 5; n++) {
      const {out, leaves, maps, text, pick} = gen(rnd)
      const as: Assignment[] = []
      const count = 1 + Math.floor(rnd() * 3)
      for (let k = 0; k < count; k++) {
        const r = rnd()
        let path: string[]
        if (r < 0.7 && leaves.length > 0) path = pick(leaves)
        else path = [...pick(maps), pick(['newkey', 'other', 'notes', 'zz'])]
        const v = rnd()
        const value = v < 0.1 ? rnd() < 0.5 : v < 0.2 ? pick(['yes', 'No', 'null', '~', '1.5', 'x: y', 'a #b', ' lead', 'trail ', 'dbl  space', 'x"y', 'b\\s']) : text(rnd() < 0.3)
        as.push(set(path.join('.'), value))
      }
      const fast = editScalarsInPlace(out, as, [])
      if (editScalarsInPlace(out, [set('probe_key', true)], [])) layoutOk++
      if (fast === undefined) continue
      answered++
      if (/\n +[^ -]/.test(out) && out.split('\n').some((l, i) => i > 0 && /^ +[^ -][^:]*$/.test(l))) multi++
      const d = disagreement(out, as)
      if (d) failures.push(`${JSON.stringify(out)}\n${JSON.stringify(as)}\n${d}`)
      else if (!reReads(out, as)) failures.push(`re-read value differs from assigned\n${JSON.stringify(out)}\n${JSON.stringify(as)}\n${fast.text}`)
    }
    expect(failures, failures.join('\n\n')).toEqual([])
    // The shortcut is exercised, wrapped records included (about 1,600 layouts, 1,000 answers, 400 wrapped per seed).
    expect(layoutOk).toBeGreaterThan(1000)
    expect(answered).toBeGreaterThan(600)
    expect(multi).toBeGreaterThan(200)
  })
})
