/** A referral's or consent's facts as the index holds them (records/record-facts.ts): what is written is what is read. */
import {describe, expect, it} from 'vitest'
import {decodeFacts, encodeFacts, factsOf, type RecordFacts} from '../../src/core/records/record-facts.js'
import {seededRandom} from '../support/seeded-random.js'

describe('record facts in the index', () => {
  it('read back exactly as written, whichever fields are present', () => {
    const rand = seededRandom(11)
    const values = {id: 'r-2026-01-02-abc123', participant: 'P-7KQ2M9', consent: 'c-2026-01-02-def456', previous: 'r-2025-12-30-zzz999'}
    for (let i = 0; i < 64; i++) {
      const facts: RecordFacts = {}
      for (const field of ['id', 'participant', 'consent', 'previous'] as const) if (rand() < 0.5) facts[field] = values[field]
      expect(factsOf(facts as Record<string, unknown>)).toEqual(facts)
      expect(decodeFacts(encodeFacts(facts))).toStrictEqual(facts)
    }
  })

  it('are none when the text is not four fields', () => {
    for (const text of ['', 'a', 'a|b|c', 'a|b|c|d|e', '||||']) expect(decodeFacts(text)).toBeUndefined()
    expect(decodeFacts('|||')).toStrictEqual({})
  })
})
