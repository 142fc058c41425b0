/**
 * Where a form's text breaks: at spaces, at hyphens between letters, after slashes; never inside an
 * ID, a date or a phone number, whose hyphens have a digit beside them (a case-conference sheet
 * printed `c-2025-` at the end of one line and `08-06-nlifv9` at the start of the next).
 */
import {beforeAll, describe, expect, it} from 'vitest'
import {FontSet, type FaceName} from '../../src/core/forms/fonts.js'
import {TextSetter} from '../../src/core/forms/text-lines.js'

let fonts: FontSet
beforeAll(async () => {
  fonts = await FontSet.load()
})

/** Made-up metrics: every character 0.5 em, a space 0.25. */
const measure = (text: string, _face: FaceName, size: number) => [...text].reduce((w, ch) => w + (ch === ' ' ? 0.25 : 0.5), 0) * size

describe('form line breaks', () => {
  const lines = (text: string, chars: number) => new TextSetter(fonts, measure).lines(text, 'regular', 10, chars * 5).map((l) => l.text)

  it.each([
    ['Consent c-2025-08-06-nlifv9 covers the handoff', 'c-2025-08-06-nlifv9'],
    ['Conference pcg-2026-12-16-special on 2026-12-16 at noon', 'pcg-2026-12-16-special'],
    ['Last contact on 2026-12-06 at the drop-in center', '2026-12-06'],
    ['Call the LEAD line at 360-555-0100 after hours', '360-555-0100'],
  ])('%j keeps %s on one line at every width that holds it', (text, whole) => {
    for (let chars = whole.length; chars <= text.length; chars++) {
      const set = lines(text, chars)
      expect(set.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''))
      expect(set.some((l) => l.includes(whole)), `${chars} characters: ${JSON.stringify(set)}`).toBe(true)
    }
  })

  it('still breaks a hyphenated word between its letters; an ID longer than its line at its hyphens, a part still longer between characters', () => {
    expect(lines('intensive case-management', 20)).toEqual(['intensive case-', 'management'])
    expect(lines('r-2026-11-30-abc123', 8)).toEqual(['r-2026-', '11-30-', 'abc123'])
    expect(lines('seen r-2026-11-30-abc123', 8)).toEqual(['seen', 'r-2026-', '11-30-', 'abc123'])
    expect(lines('Supercalifragilistic-2026', 8)).toEqual(['Supercal', 'ifragili', 'stic-', '2026'])
  })
})
