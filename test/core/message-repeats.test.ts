import {describe, expect, it} from 'vitest'
import {concealedTexts, repeatedText} from '../../src/core/privacy/message-repeats.js'
import {NO_VOCABULARY} from '../../src/core/privacy/vocabulary.js'

const referral = {
  id: 'r-2026-11-03-k3f9q2',
  status: 'enrolled',
  pathway: 'arrest_diversion',
  participant: 'P-7K2D9Q',
  notes: 'Staying with his sister near the Elm Street underpass',
  screening: {overrides: [{exclusion: 'x1', reason: 'Supervisor agreed after the call'}]},
}
const texts = concealedTexts('referral', referral, NO_VOCABULARY)
const repeats = (message: string) => repeatedText(message, texts)

describe('concealedTexts', () => {
  it('lists the free text the gate conceals, with its field, and leaves out enums and minted codes', () => {
    expect(texts.map((t) => [t.path.join('.'), t.value])).toEqual([
      ['notes', referral.notes],
      ['screening.overrides.0.exclusion', 'x1'],
      ['screening.overrides.0.reason', 'Supervisor agreed after the call'],
    ])
  })

  it('lists a key the schema does not know (a person typed it)', () => {
    const found = concealedTexts('referral', {status: 'enrolled', 'Quennell Zavorski': 'yes'}, NO_VOCABULARY)
    expect(found.map((t) => t.value)).toEqual(['Quennell Zavorski', 'yes'])
  })
})

describe('repeatedText', () => {
  it('finds three words of a value in a row, however they were retyped', () => {
    for (const message of ['notes: staying with his sister', 'STAYING WITH HIS', 'now stayingwithhis sister', 'staying—with, his sister', 'stäying wïth hïs', 'ｓｔａｙｉｎｇ ｗｉｔｈ ｈｉｓ']) {
      expect(repeats(message), message).toBeDefined()
    }
  })

  it('names the field and where in the message, never the text', () => {
    expect(repeats('update: near the Elm Street')).toEqual({kind: 'referral', field: 'notes', where: 'characters 9–20'})
    expect(repeats('reason Supervisor agreed after')).toEqual({kind: 'referral', field: 'screening.overrides[0].reason', where: 'characters 8–30'})
  })

  it('passes a message that says what changed, or shares fewer than three words in a row', () => {
    for (const message of ['referral: notes updated', 'sister', 'near the shelter', 'status enrolled after review', 'his sister called']) {
      expect(repeats(message), message).toBeUndefined()
    }
  })

  it('matches a short value only as whole words, and ignores values under four letters', () => {
    const short = concealedTexts('referral', {notes: 'none', participant: 'P-7K2D9Q', referrer: {agency: 'Bob'}}, NO_VOCABULARY)
    expect(repeatedText('notes: none yet', short)).toBeDefined()
    expect(repeatedText('fill in the nonempty fields', short)).toBeUndefined()
    expect(repeatedText('asked Bob', short)).toBeUndefined()
  })

  it('finds a long value anywhere, glued to other words', () => {
    expect(repeats('xxSupervisoragreedafterthecallxx')).toBeDefined()
  })
})
