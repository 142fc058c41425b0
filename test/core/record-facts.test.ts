/** A referral's or consent's facts as the index holds them (records/record-facts.ts): what is written is what is read. */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {CachedRecord} from '../../src/core/records/cached-record.js'
import {loadRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, testEnv} from '../support/cli.js'
import {decodeFacts, encodeFacts, factsName, factsOf, type RecordFacts} from '../../src/core/records/record-facts.js'
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

  it('name a record in place exactly as their decoded consent and previous do (factsName)', () => {
    const random = seededRandom(20261201)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
    const values = ['', 'c-2026-01-02-abcdef', 'r-2026-01-02-abcdef', 'r-2026-01-02-abcde', 'P-ABC123', 'x', 'c-2026-01-02-abcdef|']
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({length: pick([3, 4, 4, 4, 5]) as number}, () => pick(values)).join('|')
      const names = new Set(Array.from({length: pick([0, 1, 2, 4])}, () => pick(values)))
      const facts = decodeFacts(text)
      const expected = facts === undefined ? undefined : (facts.consent !== undefined && names.has(facts.consent)) || (facts.previous !== undefined && names.has(facts.previous))
      expect(factsName(text, names), `${JSON.stringify(text)} ${JSON.stringify([...names])}`).toBe(expected)
      // Read at the end of an index entry's code (records/cached-record.ts keeps the code, not a slice of it).
      const code = `${pick(['', '!'])}${pick(['referral', 'consent', ''])}|${text}`
      expect(factsName(code, names, code.indexOf('|') + 1), `${JSON.stringify(code)} ${JSON.stringify([...names])}`).toBe(expected)
    }
  })
})

describe('a referral that has no value (not YAML)', () => {
  afterAll(cleanupTemp)

  it('names nothing, and is known to name nothing by the next load without being parsed again', async () => {
    const env = testEnv()
    const root = exampleSite(env)
    const file = 'referrals/2026/r-2026-11-29-brokn1.yaml'
    fs.writeFileSync(path.join(root, file), 'id: r-2026-11-29-brokn1\nnotes: [never closed\n')
    const names = new Set(['c-2026-01-02-abcdef'])
    const first = await loadRecords(readSite(root))
    const broken = first.records.find((r) => r.file === file) as CachedRecord
    expect(broken.data).toBeUndefined()
    expect(first.factsOf(broken)).toStrictEqual({})
    first.cache?.save()
    const next = await loadRecords(readSite(root))
    const again = next.records.find((r) => r.file === file) as CachedRecord
    expect(again.storedFacts).toBe('|||')
    expect(next.mayName(again, names)).toBe(false)
  })
})
