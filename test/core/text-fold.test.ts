/**
 * text-fold.ts restates the yaml library's wrapping of a plain text: compared here with the
 * library's own output for map values at every depth, list items and the maps inside list items,
 * over generated texts (words of every length, one too long to wrap, punctuation lead's layout
 * keeps plain) and widths from too narrow for the key to none.
 */
import {Document} from 'yaml'
import {describe, expect, it} from 'vitest'
import {foldText} from '../../src/core/records/text-fold.js'
import {seededRandom} from '../support/seeded-random.js'

/** The lines the library writes for the value under `path` as the only leaf of `data`: the line with `lead`, then the deeper ones. */
function libraryLines(data: unknown, lead: string, width: number): string[] {
  const lines = new Document(data).toString({lineWidth: width, minContentWidth: 0}).split('\n')
  const at = lines.findIndex((l) => l.startsWith(lead.trimEnd()))
  // A key too wide for the width ends its line: the text starts on the next.
  const out = [lines[at]!.slice(lead.length)]
  const deeper = lead.length - lead.trimStart().length
  for (let k = at + 1; k < lines.length && lines[k]!.length - lines[k]!.trimStart().length > deeper; k++) out.push(lines[k]!.trimStart())
  return out
}

describe('text-fold: the yaml library wraps plain text so', () => {
  it('agrees with the library on generated texts, keys, depths and widths', () => {
    const rnd = seededRandom(3012)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
    const words = ['a', 'to', 'the', 'doorway', 'after-hours', 'closing;', 'O\'Neil', '(x)', 'RCW', '69.50.401', 'a/b', 'x'.repeat(30), 'y'.repeat(90), 'Found', 'call:', '#7']
    let wrapped = 0
    let wrappedQuoted = 0
    for (let i = 0; i < 3000; i++) {
      const text = ['Word', ...Array.from({length: Math.floor(rnd() * 40)}, () => pick(words))].join(' ')
      const width = pick([0, 10, 20, 30, 40, 60, 79, 80, 81, 86, 100, 120])
      const key = pick(['notes', 'd', 'description', 'a_rather_long_key_name_here'])
      const depth = Math.floor(rnd() * 4)
      const shape = Math.floor(rnd() * 3)
      let data: unknown
      let lead: string
      let indent: number
      let atStart: number | undefined
      if (shape === 0) {
        // A map value `depth` maps deep.
        data = {[key]: text}
        for (let d = 0; d < depth; d++) data = {m: data}
        lead = `${'  '.repeat(depth)}${key}: `
        indent = 2 * depth + 2
        atStart = key.length + 2
      } else if (shape === 1) {
        // A list item.
        data = {m: [text]}
        for (let d = 0; d < depth; d++) data = {m: data}
        lead = `${'  '.repeat(depth + 1)}- `
        indent = 2 * depth + 4
        atStart = undefined
      } else {
        // The second key of a map in a list.
        data = {m: [{id: 'x', [key]: text}]}
        for (let d = 0; d < depth; d++) data = {m: data}
        lead = `${'  '.repeat(depth + 2)}${key}: `
        indent = 2 * depth + 6
        atStart = key.length + 2
      }
      const expected = libraryLines(data, lead, width)
      // Text with ': ' or ' #' in it, or a colon at its end, is written in double quotes and wrapped in the library's quoted mode.
      const quoted = /: | #|:$/.test(text)
      const got = foldText(quoted ? JSON.stringify(text) : text, indent, atStart, width, quoted)
      const what = JSON.stringify({text, width, key, depth, shape})
      if (got === undefined) {
        // Only where the library breaks a quoted word with an escaped line end.
        expect(quoted, what).toBe(true)
        expect(expected.some((l) => l.endsWith('\\')), what).toBe(true)
        continue
      }
      expect(got, what).toEqual(expected)
      if (got.length > 1) wrapped++
      if (got.length > 1 && quoted) wrappedQuoted++
    }
    // Most texts are long enough to wrap at most widths.
    expect(wrapped).toBeGreaterThan(800)
    expect(wrappedQuoted).toBeGreaterThan(200)
  })

  it('leaves short text, unbreakable text and width 0 on one line', () => {
    expect(foldText('short', 2, 7, 80)).toEqual(['short'])
    expect(foldText('"quoted and short"', 2, 7, 80, true)).toEqual(['"quoted and short"'])
    // A quoted word too long for the line: the library breaks it with an escape, not written here.
    expect(foldText(`"${'x'.repeat(100)}"`, 2, 7, 40, true)).toBeUndefined()
    expect(foldText('x'.repeat(200), 2, 7, 80)).toEqual(['x'.repeat(200)])
    expect(foldText('many words '.repeat(20).trim(), 2, 7, 0)).toEqual(['many words '.repeat(20).trim()])
    // A key too wide for the width: the library starts the text on the next line.
    expect(foldText('some words here and more', 2, 30, 20)?.[0]).toBe('')
  })
})
