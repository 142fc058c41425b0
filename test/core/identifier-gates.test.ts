/**
 * The gates of the identifier detectors (identifier-patterns.ts, Detector.gate) are true necessary
 * conditions: wherever a gate says no, its detector's regular expression finds nothing, so the
 * scan finds exactly what it found without them. Checked on the privacy tests' strings, the YAML
 * test suite and example-site files, and generated identifiers of every form, near misses, odd
 * cases, spaces and characters, cut anywhere; on each text as typed and as the scan reads it.
 */
import {describe, expect, it} from 'vitest'
import {DETECTORS, findSpelledEmails, SPELLED_EMAILS, type Detector} from '../../src/core/privacy/identifier-patterns.js'
import {scanText} from '../../src/core/privacy/identifiers.js'
import {readableText} from '../../src/core/privacy/readable-text.js'
import {fixtureTexts, generatedTexts, testFileStrings} from '../support/identifier-corpus.js'

const seed = Number(process.env.LEAD_GATE_SEED ?? 20_261_201)
const generated = generatedTexts(Number(process.env.LEAD_GATE_TEXTS ?? 20_000), seed)
const corpus = [...new Set([...testFileStrings(), ...fixtureTexts(), ...generated])]
/** What the detectors run on: the digits view of each text (readable-text.ts), and the text as typed. */
const views = [...new Set(corpus.flatMap((t) => [t, readableText(t).digits]))]

function matches(d: Detector, text: string): number {
  const re = new RegExp(d.re.source, d.re.flags)
  let n = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++
    else n++
  }
  return n
}

describe('identifier detector gates', () => {
  it('the corpus is large and varied', () => {
    expect(corpus.length).toBeGreaterThan(20_000)
    expect(views.length).toBeGreaterThan(corpus.length)
  })

  it.each(DETECTORS.map((d, i) => [i, d.what, d] as const).filter(([, , d]) => d.gate))('detector %i (%s): no match wherever its gate says no', (_i, _what, d) => {
    let matched = 0
    let shut = 0
    const missed: string[] = []
    for (const text of views) {
      const open = d.gate!(text)
      const n = matches(d, text)
      if (n > 0) matched++
      if (!open) {
        shut++
        if (n > 0) missed.push(text)
      }
    }
    expect(missed.slice(0, 5)).toEqual([])
    // The corpus exercises the detector (else agreeing proves nothing) and the gate shuts often.
    expect(matched).toBeGreaterThan(300)
    expect(shut).toBeGreaterThan(views.length / 4)
  })

  it('spelled e-mails: the same found with the gate and without it, in any window', () => {
    const gate = SPELLED_EMAILS.gate
    let found = 0
    for (const text of views) {
      const cuts = [[0, text.length], [Math.floor(text.length / 3), Math.floor((2 * text.length) / 3)], [Math.floor(text.length / 2), text.length]] as const
      for (const [from, to] of cuts) {
        const gated = JSON.stringify(findSpelledEmails(text, from, to))
        delete SPELLED_EMAILS.gate
        const ungated = JSON.stringify(findSpelledEmails(text, from, to))
        SPELLED_EMAILS.gate = gate
        expect(gated, JSON.stringify([text, from, to])).toBe(ungated)
        if (ungated !== '[]') found++
      }
    }
    expect(found).toBeGreaterThan(300)
    expect(views.filter((t) => !gate!(t)).length).toBeGreaterThan(views.length / 2)
  })

  it('the scan finds the same with the gates and without them', () => {
    const gates = DETECTORS.map((d) => d.gate)
    const spelled = SPELLED_EMAILS.gate
    const scanAll = (dateField: boolean) => corpus.map((t) => JSON.stringify(scanText(t, {dateField})))
    const gated = [scanAll(false), scanAll(true)]
    try {
      for (const d of DETECTORS as Detector[]) delete d.gate
      delete SPELLED_EMAILS.gate
      const ungated = [scanAll(false), scanAll(true)]
      for (const k of [0, 1]) {
        const differ = corpus.flatMap((t, i) => (gated[k]![i] === ungated[k]![i] ? [] : [t]))
        expect(differ.slice(0, 5)).toEqual([])
      }
      expect(gated[0]!.filter((f) => f !== '[]').length).toBeGreaterThan(corpus.length / 3)
    } finally {
      DETECTORS.forEach((d, i) => ((d as Detector).gate = gates[i]))
      SPELLED_EMAILS.gate = spelled
    }
  })

  it.each([
    'Repeated trespass warnings at the downtown transit center.',
    'Found sleeping in a business doorway after closing; moved along without incident.',
    'Disengaged after repeated outreach attempts.',
    'Charged under RCW 69.50.4013 and RCW 9A.52.080.',
    'Referred from D1; participant P-7K2D9Q; case manager arrived in 20 minutes.',
    'Officer will follow up with you next week at the agency; the court hearing is in 3 days.',
    'Met at the Harbor County courthouse on a Tuesday and called back twice; will call back at 9 am.',
    '2026-03-04',
    '2025-06-21T14:05:00-07:00',
  ])('ordinary text runs none of the costly detectors: %j', (text) => {
    // The expensive patterns (birth date, age, addresses, corners, dates) are not compiled for it.
    const digits = readableText(text).digits
    const run = DETECTORS.filter((d) => d.gate?.(digits) !== false && d.code !== 'PII_PHONE' && d.code !== 'PII_SSN')
    expect(run.map((d) => d.what).filter((w) => !(text.startsWith('20') && w.startsWith('a date')))).toEqual([])
    expect(SPELLED_EMAILS.gate!(digits)).toBe(false)
  })
})

describe('words of ASCII text', () => {
  it('the ASCII pattern finds the words the Unicode one finds, at the same places', async () => {
    const {ASCII_WORD, WORD} = await import('../../src/core/privacy/person-names.js')
    const words = (t: string, re: RegExp) => [...t.matchAll(re)].map((m) => `${m.index}:${m[0]}`)
    let ascii = 0
    for (const text of views) {
      if (!/^[\x00-\x7f]*$/.test(text)) continue
      ascii++
      expect(words(text, ASCII_WORD), text).toEqual(words(text, WORD))
    }
    expect(ascii).toBeGreaterThan(10_000)
  })

  it('the name scan reads ASCII text into the words, places and keys the pattern gives', async () => {
    const {ASCII_WORD, wordsOf} = await import('../../src/core/privacy/person-names.js')
    const {nameKey} = await import('../../src/core/privacy/name-key.js')
    // What wordsOf gave before its ASCII path read character codes: the pattern's matches, a
    // hyphenated word split into parts of two letters or more, each part's place, end and key by nameKey.
    const reference = (t: string) =>
      [...t.matchAll(ASCII_WORD)].flatMap((m) => {
        const parts = m[0].split('-')
        if (parts.length < 2 || !parts.every((p) => p.length > 1)) return [`${m.index}-${m.index + m[0].length}:${m[0]}:${nameKey(m[0])}`]
        let at = m.index
        return parts.map((p) => `${at}-${(at += p.length + 1) - 1}:${p}:${nameKey(p)}`)
      })
    const seen = (t: string) => wordsOf(t).map((w) => `${w.index}-${w.end}:${w.text}:${w.key}`)
    // Joiners next to letters, to each other and at the ends; the characters beside the letter
    // ranges ('@' '[' '`' '{'); NUL and DEL, which keep a text ASCII; long joiner runs.
    let state = seed
    const random = () => {
      state = (state + 0x6d2b79f5) | 0
      let t = Math.imul(state ^ (state >>> 15), 1 | state)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
    }
    const alphabet = "aAlLzZ@[`{\x00\x7f-'-'  ,\t\nLuis-O'Neil"
    const joiners = ['', '-', "'", "a'", 'a-', "'a", "John'-Smith", "John-'Smith", 'John--Smith', '\x00John-Smith\x7f', 'Ab-Cd-'.repeat(20_000) + 'Ef', "a'".repeat(50_000)]
    for (let k = 0; k < 60_000; k++) joiners.push(Array.from({length: Math.floor(random() * 24)}, () => alphabet[Math.floor(random() * alphabet.length)]).join(''))
    let ascii = 0
    for (const text of [...views, ...joiners]) {
      if (!/^[\x00-\x7f]*$/.test(text)) continue
      ascii++
      expect(seen(text), JSON.stringify(text.slice(0, 80))).toEqual(reference(text))
    }
    expect(ascii).toBeGreaterThan(70_000)
  })
})
