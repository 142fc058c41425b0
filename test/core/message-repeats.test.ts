import {describe, expect, it} from 'vitest'
import {concealedTexts, declaredPhrases, repeatedInSite, repeatedText} from '../../src/core/privacy/message-repeats.js'
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

describe('what the site declared, and everyday words', () => {
  // A partner's name is among the staff names siteVocabulary declares (its staff key).
  const vocabulary = {...NO_VOCABULARY, partners: new Set(['harbor-housing-coalition', 'harbor-pd']), staff: new Set(['avery moreno', 'harbor police department'])}
  const partners = {ofKind: (kind: string) => (kind === 'partner' ? [{id: 'harbor-pd', data: {name: 'Harbor Police Department'}}] : [])}
  const declared = declaredPhrases(vocabulary, partners)
  const notes = concealedTexts('referral', {notes: 'Referred on to harbor-housing-coalition for a shelter bed by Harbor Police Department'}, vocabulary)

  it('a message may name a partner, by ID or name, or a staff member, that the free text names too', () => {
    for (const message of ['referral: handed to harbor-housing-coalition', 'handoff to Harbor Housing Coalition', 'Harbor Police Department referral', 'referral: to avery moreno']) {
      expect(repeatedText(message, notes, declared), message).toBeUndefined()
      expect(repeatedText(message, [...notes, ...concealedTexts('referral', {notes: 'with Avery Moreno at the clinic'}, vocabulary)], declared), message).toBeUndefined()
    }
    // The words around them are still the record's.
    expect(repeatedText('note: for a shelter bed', notes, declared)).toBeDefined()
    // Without the declarations, the partner's name is three words of the notes.
    expect(repeatedText('handoff to Harbor Housing Coalition', notes)).toBeDefined()
  })

  it('a partner\'s name counts only when the vocabulary holds it (the gate\'s: what the base declared too)', () => {
    const named = concealedTexts('referral', {notes: 'sleeps near Harbor Police Department'}, vocabulary)
    expect(repeatedText('Harbor Police Department', named, declaredPhrases(vocabulary, partners))).toBeUndefined()
    const judged = {...vocabulary, staff: new Set(['avery moreno'])}
    expect([...declaredPhrases(judged, partners)]).not.toContain('harborpolicedepartment')
    expect(repeatedText('Harbor Police Department', named, declaredPhrases(judged, partners))).toBeDefined()
  })

  it('runs of everyday words only are not compared; one word of the person\'s makes a run count', () => {
    const steps = concealedTexts('meeting', {case_conferences: [{next_steps: ['Case manager to follow up'], notes: 'called back today'}]}, NO_VOCABULARY)
    expect(repeatedText('meeting: case manager to follow up on actions', steps)).toBeUndefined()
    expect(repeatedText('called back today', steps)).toBeUndefined()
    const sister = concealedTexts('referral', {notes: 'called his sister today'}, NO_VOCABULARY)
    expect(repeatedText('referral: called his sister', sister)).toBeDefined()
  })
})

describe('repeatedInSite', () => {
  const data = {notes: 'Referred on to harbor-housing-coalition for a shelter bed'}
  const site = () => {
    asked++
    const vocabulary = {...NO_VOCABULARY, partners: new Set(['harbor-housing-coalition'])}
    return {vocabulary, declared: declaredPhrases(vocabulary, {ofKind: () => []})}
  }
  let asked = 0
  const check = (message: string) => repeatedInSite(message, (vocabulary) => concealedTexts('referral', data, vocabulary), site)

  it("reads the site's words only for a message that repeats something without them, and lets them take the match away", () => {
    expect(check('referral: notes updated')).toBeUndefined()
    expect(asked).toBe(0)
    expect(check('handed to harbor-housing-coalition')).toBeUndefined()
    expect(asked).toBe(1)
    expect(check('waiting for a shelter bed')).toMatchObject({field: 'notes'})
    expect(asked).toBe(2)
  })
})
