/**
 * The disclosure guard decides lazily which of a record's values may be printed (only for lengths
 * a message holds some value's text of): it must conceal exactly what the eager guard (every value
 * judged, then every secret masked longest first) concealed. Generated records and messages with
 * the hard cases: one text printable in one field and not in another, a key that is also a value,
 * overlapping texts of one length, texts that occur only inside a mask ("characters", "not shown›"),
 * numbers, texts shorter than the minimum, several findings per record.
 */
import {describe, expect, it} from 'vitest'
import {concealed, concealedKey, disclosable, disclosableKey, type PathStep} from '../../src/core/privacy/disclosable.js'
import {guardFindings, secretsOf} from '../../src/core/privacy/disclosure-guard.js'
import {NO_VOCABULARY, staffKey, type SiteVocabulary} from '../../src/core/privacy/vocabulary.js'
import type {Diagnostic} from '../../src/core/errors.js'
import {seededRandom} from '../support/seeded-random.js'

const vocabulary: SiteVocabulary = {
  ...NO_VOCABULARY,
  districts: new Set(['D1', 'Logan Square', 'abcd']),
  partners: new Set(['harbor-pd', 'bcde']),
  badges: new Set(['0412', '12345']),
  staff: new Set([staffKey('Casey Ruiz'), staffKey('Dana Ortiz')]),
}

/** The guard as it was: every value judged, the secrets longest first, masked in turn. */
function eagerSecrets(kind: string, data: unknown): Array<{text: string; mask: string}> {
  const out = new Map<string, string>()
  const walk = (value: unknown, path: PathStep[]) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]))
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k.length >= 4 && !disclosableKey(kind, path, k)) out.set(k, concealedKey(k))
        walk(v, [...path, k])
      }
    } else if ((typeof value === 'string' || typeof value === 'number') && !disclosable(kind, path, value, vocabulary)) {
      const text = String(value)
      if (text.trim().length >= 4) out.set(text, concealed(value))
    }
  }
  walk(data, [])
  return [...out].map(([text, mask]) => ({text, mask})).sort((a, b) => b.text.length - a.text.length)
}

function eagerConceal(text: string, secrets: ReadonlyArray<{text: string; mask: string}>): string {
  let out = text
  for (const s of secrets) if (s.text.length <= out.length && out.includes(s.text)) out = out.split(s.text).join(s.mask)
  return out
}

/** Texts that are printable in some fields and not others, overlap, or hide in masks. */
const TEXTS = ['Casey Ruiz', 'Dana Ortiz', 'Maria Lopez', 'enrolled', 'closed', 'received', 'district', 'notes', 'harbor-pd', 'D1', 'Logan Square', 'abcd', 'bcde', 'cdef', 'abcde', 'text', 'characters', 'shown', 'not shown›', '‹text of 11', 'a field name', ' of 1', '0412', '12345', '  ab  ', 'status', 'warm', 'P-7K2D9Q', 'r-2026-01-01-abc123', '2026-03-04', 'x']
const FIELDS: PathStep[][] = [['district'], ['status'], ['notes'], ['handoff', 'case_manager'], ['handoff', 'method'], ['referrer', 'agency'], ['referrer', 'badge'], ['participant'], ['received'], ['charges', 0], ['evidence', 0, 'description'], ['evidence', 1, 'description']]

function generated(seed: number, count: number): Array<{data: Record<string, unknown>; messages: string[]}> {
  const rand = seededRandom(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const out: Array<{data: Record<string, unknown>; messages: string[]}> = []
  for (let n = 0; n < count; n++) {
    const data: Record<string, unknown> = {}
    for (let f = Math.floor(rand() * 8); f >= 0; f--) {
      const path = pick(FIELDS)
      const value: unknown = rand() < 0.15 ? pick([12345, 1234567, 42, 0.8]) : pick(TEXTS)
      let at: Record<string, unknown> | unknown[] = data
      path.forEach((step, i) => {
        const last = i === path.length - 1
        const next = typeof path[i + 1] === 'number' ? [] : {}
        if (Array.isArray(at)) at = (at[step as number] ??= last ? value : next) as Record<string, unknown>
        else at = (at[step as string] ??= last ? value : next) as Record<string, unknown>
      })
    }
    // Unknown keys, also texts used as values elsewhere.
    if (rand() < 0.5) data[pick(TEXTS)] = pick(TEXTS)
    const values = TEXTS.filter(() => rand() < 0.3)
    const messages = Array.from({length: 1 + Math.floor(rand() * 3)}, () =>
      Array.from({length: 1 + Math.floor(rand() * 5)}, () => (rand() < 0.7 ? pick([...values, ...TEXTS]) : concealed(pick(TEXTS)))).join(pick([' ', '', '; ', ' is '])),
    )
    out.push({data, messages})
  }
  return out
}

describe('the disclosure guard, judging values lazily', () => {
  const cases = generated(Number(process.env.LEAD_GUARD_SEED ?? 20_261_201), 3000)

  it('finds the secrets the eager guard found, in its order', () => {
    for (const {data} of cases) expect(secretsOf('referral', data, vocabulary)).toEqual(eagerSecrets('referral', data))
  })

  it('conceals exactly what the eager guard concealed', () => {
    let changed = 0
    for (const [i, {data, messages}] of cases.entries()) {
      const file = `referrals/2026/r-${i}.yaml`
      const found: Diagnostic[] = messages.map((m, k) => ({code: 'X', severity: 'error', file, line: 1, column: 1, message: m, ...(k % 2 ? {hint: `${m} (hint)`} : {})}))
      const secrets = eagerSecrets('referral', data)
      const expected = found.map((d) => ({...d, message: eagerConceal(d.message, secrets), ...(d.hint === undefined ? {} : {hint: eagerConceal(d.hint, secrets)})}))
      guardFindings(found, [{kind: 'referral', file, data}], vocabulary)
      expect(found, JSON.stringify({data, messages})).toEqual(expected)
      changed += found.filter((d, k) => d.message !== messages[k]).length
    }
    // The cases mask often (else agreeing proves little).
    expect(changed).toBeGreaterThan(1000)
  })

  it('masks a text that a longer mask brought in, as the eager guard did', () => {
    const data = {notes: 'Maria Lopez', evidence: [{description: 'characters'}]}
    const d: Diagnostic = {code: 'X', severity: 'error', file: 'r.yaml', line: 1, column: 1, message: 'saw Maria Lopez'}
    guardFindings([d], [{kind: 'referral', file: 'r.yaml', data}], vocabulary)
    expect(d.message).toBe(eagerConceal('saw Maria Lopez', eagerSecrets('referral', data)))
    expect(d.message).toBe('saw ‹text of 11 ‹text of 10 characters, not shown›, not shown›')
  })
})
