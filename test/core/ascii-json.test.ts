/** The parse cache's JSON is written in ASCII (records/ascii-json.ts) and read back to the same value. */
import {isAscii} from 'node:buffer'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {asciiJson, readText} from '../../src/core/records/ascii-json.js'
import {cleanupTemp, tempDir} from '../support/cli.js'

afterAll(cleanupTemp)

/** Text that stresses escaping: accents, combining marks, DEL, C1, line separators, a BOM, astral characters and lone surrogates, right-to-left. */
const TEXTS = ['Zoë Ñúñez', 'e\u0301', 'del\u007f', 'nel\u0085', 'ls\u2028ps\u2029', '\ufeffbom', '🙂 emoji', 'lone \ud83d high', 'lone \ude42 low', '李雷', 'שלום', 'quote " back \\ slash', 'ctl\u0001\n\t', '\uffff', '']

describe('ASCII JSON', () => {
  it('writes every character outside ASCII as an escape and reads back the same value', () => {
    const value = {texts: TEXTS, nested: Object.fromEntries(TEXTS.map((t, i) => [`${t}${i}`, [t, {t}]]))}
    const text = asciiJson(value)
    expect(isAscii(Buffer.from(text, 'utf8'))).toBe(true)
    expect(JSON.parse(text)).toEqual(value)
    // Only what is outside ASCII changes: plain JSON for ASCII values.
    expect(asciiJson({a: 'plain', n: 1})).toBe(JSON.stringify({a: 'plain', n: 1}))
  })

  it('reads an ASCII file and a UTF-8 file to the same text as a UTF-8 decoder', () => {
    const dir = tempDir('lead-ascii-json-')
    for (const [i, t] of ['only ascii\n', ...TEXTS.filter((x) => !/[\ud800-\udfff]/.test(x))].entries()) {
      const file = path.join(dir, `f${i}`)
      fs.writeFileSync(file, t)
      expect(readText(file), JSON.stringify(t)).toBe(fs.readFileSync(file, 'utf8'))
    }
  })
})
