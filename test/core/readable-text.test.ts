/**
 * The scan's views of ASCII text are taken from the text itself where nothing in it is read as
 * another character: held to the full pass (the text behind a no-break space, which folds to a
 * space and so changes neither view) over random text of digits, look-alikes and separators.
 */
import {describe, expect, it} from 'vitest'
import {readableText} from '../../src/core/privacy/readable-text.js'

describe('readableText on ASCII text', () => {
  it('gives the views and offsets the full pass gives', () => {
    let seed = 5
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    const pieces = ['J0hn', 'Sm1th', '360', '-', '555', 'O199', ' ', 'l', 'I', '|', 'O', '0', '@', '$', '.', 'a', 'Z', 'b', 'g', '4', '/', '(', ')', 'x', 'T7', 'ab12cd']
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({length: 1 + rand(12)}, () => pieces[rand(pieces.length)]).join('')
      const ascii = readableText(text)
      const full = readableText(`\u00a0${text}`)
      expect(full.digits[0]).toBe(' ')
      expect([text, ascii.digits, ascii.letters]).toEqual([text, full.digits.slice(1), full.letters.slice(1)])
      expect([...ascii.origin]).toEqual([...full.origin.subarray(1)].map((at) => at - 1))
    }
  })

  it('reads letters typed for digits and digits typed for letters', () => {
    expect(readableText('call 360-555-O199').digits).toBe('call 360-555-0199')
    expect(readableText('J0hn Sm1th').letters).toBe('John Smith')
    expect(readableText('plain words').letters).toBe('plain words')
  })
})
