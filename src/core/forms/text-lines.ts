/**
 * Measured text: break a string into lines that fit a width, each line a list of runs in visual
 * order, each run in one font face. Every block of a form is measured with this before it is
 * placed, and drawn from the same lines, so what is measured is what is drawn (wrapped labels
 * cannot spill into the next row). Right-to-left runs (Hebrew, Arabic) are ordered with the
 * Unicode bidi algorithm (bidi-js) per line; within a run the font engine (fontkit) shapes and
 * orders the glyphs, so a run is handed to it in logical order.
 */
import bidiFactory from 'bidi-js'
import type {FaceName, FontSet, FontStyle} from './fonts.js'

export interface Run {
  text: string
  face: FaceName
  width: number
}

export interface TextLine {
  runs: Run[]
  width: number
  /** The line's text in logical (reading) order. */
  text: string
}

/** Width of `text` in `face` at `size` points (pdfkit's widthOfString). */
export type Measure = (text: string, face: FaceName, size: number) => number

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|\ud802[\udc00-\udfff]|\ud83a[\udd00-\udd5f]/
const RTL_LETTER = /[\u05d0-\u05ea\u05f0-\u05f2\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0700-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/
let bidi: ReturnType<typeof bidiFactory> | undefined

/**
 * Where a line may break: after a space, after a hyphen between letters (case-management), after a
 * slash. Never at the hyphens of an ID, a date or a phone number (c-2025-08-06-nlifv9, 2026-12-06,
 * 360-555-0199): split there, one read on paper as two (`c-2025-` / `08-06-nlifv9`).
 */
const BREAKS = /(?<=[ \u00a0])|(?<=\p{L}-)(?=\p{L})|(?<=\/)(?=\S)/u

/** Only ASCII: one face per style whenever the first font has every ASCII character (DejaVu does). */
const ASCII = /^[\x00-\x7f]*$/

/** The inner map under `key`, made on first use (settings as map keys: no key strings built per call). */
function shelf<K, V extends Map<unknown, unknown>>(map: Map<K, V>, key: K): V {
  let inner = map.get(key)
  if (!inner) map.set(key, (inner = new Map() as V))
  return inner
}

export class TextSetter {
  /** Widths by face and size, then by text: each distinct string is measured once per document. */
  private readonly widths = new Map<FaceName, Map<number, Map<string, number>>>()
  /** Set lines by style, size and width, then by text: tables repeat ranks, units and names thousands of times. */
  private readonly set = new Map<FontStyle, Map<number, Map<number, Map<string, readonly TextLine[]>>>>()
  private asciiInStyle: boolean | undefined
  constructor(
    private readonly fonts: FontSet,
    private readonly measureRaw: Measure,
  ) {}

  private measure(text: string, face: FaceName, size: number): number {
    const byText = shelf(shelf(this.widths, face), size)
    let w = byText.get(text)
    if (w === undefined) {
      w = this.measureRaw(text, face, size)
      byText.set(text, w)
    }
    return w
  }

  /** Whether ASCII text is one run in its own style's face (no ASCII character falls back, none is a mark). */
  private plain(text: string): boolean {
    if (!ASCII.test(text)) return false
    if (this.asciiInStyle === undefined) {
      this.asciiInStyle = true
      for (let cp = 0; cp < 0x80; cp++) if (this.fonts.face(cp, 'regular') !== 'regular') this.asciiInStyle = false
    }
    return this.asciiInStyle
  }

  /** Logical-order runs of one face each; a combining mark stays in its base character's face. */
  runs(text: string, style: FontStyle): Array<{text: string; face: FaceName}> {
    if (this.plain(text)) return text === '' ? [] : [{text, face: style}]
    const out: Array<{text: string; face: FaceName}> = []
    for (const ch of text) {
      const cp = ch.codePointAt(0)!
      const mark = /\p{M}/u.test(ch)
      const last = out.at(-1)
      const face = mark && last ? last.face : this.fonts.face(cp, style)
      if (last && last.face === face) last.text += ch
      else out.push({text: ch, face})
    }
    return out
  }

  width(text: string, style: FontStyle, size: number): number {
    if (this.plain(text)) return text === '' ? 0 : this.measure(text, style, size)
    return this.runs(text, style).reduce((sum, r) => sum + this.measure(r.text, r.face, size), 0)
  }

  /**
   * Lines of at most `width` points: breaks at spaces (and at hyphens between letters and slashes
   * within long words); a word longer than a line at its hyphens, else between characters; `\n`
   * always breaks. An ID, a date or a phone number (a hyphen with a digit beside it) is kept whole
   * where a line holds it. The same
   * text set the same way gives the same (shared, never modified) lines.
   */
  lines(text: string, style: FontStyle, size: number, width: number): readonly TextLine[] {
    const byText = shelf(shelf(shelf(this.set, style), size), width)
    let lines = byText.get(text)
    if (!lines) {
      lines = this.setLines(text, style, size, width)
      byText.set(text, lines)
    }
    return lines
  }

  private setLines(text: string, style: FontStyle, size: number, width: number): TextLine[] {
    // One word that fits (a badge, a row number): its one line, without splitting it into words.
    if (text !== '' && !/[\n \u00a0/-]/.test(text) && this.width(text, style, size) <= width) return [this.setLine(text, style, size)]
    const out: TextLine[] = []
    for (const paragraph of text.split('\n')) {
      const words = paragraph.split(BREAKS).filter((w) => w !== '')
      let line = ''
      let lineWidth = 0
      const push = () => {
        out.push(this.setLine(line.replace(/ +$/, ''), style, size))
        line = ''
        lineWidth = 0
      }
      const place = (word: string, whole: boolean) => {
        const w = this.width(word, style, size)
        const trimmed = word.endsWith(' ') ? this.width(word.replace(/ +$/, ''), style, size) : w
        if (line && lineWidth + trimmed > width) push()
        if (!line && trimmed > width) {
          // Longer than a line on its own: at its hyphens first (an ID too long for its column
          // keeps its numbers whole), a part still too long between characters.
          const parts = whole ? word.split(/(?<=-)(?=.)/) : [word]
          if (parts.length > 1) {
            for (const part of parts) place(part, false)
            return
          }
          for (const ch of word) {
            const cw = this.width(ch, style, size)
            if (line && lineWidth + cw > width && ch !== ' ') push()
            line += ch
            lineWidth += cw
          }
          return
        }
        line += word
        lineWidth += w
      }
      for (const word of words) place(word, true)
      if (line || out.length === 0 || paragraph === '') push()
    }
    return out
  }

  /** One line's runs in visual order. */
  private setLine(text: string, style: FontStyle, size: number): TextLine {
    const logical = this.runs(text, style)
    if (!RTL.test(text)) {
      const runs = logical.map((r) => ({...r, width: this.measure(r.text, r.face, size)}))
      return {runs, width: runs.reduce((s, r) => s + r.width, 0), text}
    }
    bidi ??= bidiFactory()
    const levels = bidi.getEmbeddingLevels(text, 'ltr')
    const chars: Array<{ch: string; index: number; face: FaceName}> = []
    let index = 0
    for (const run of logical) {
      for (const ch of run.text) {
        chars.push({ch, index, face: run.face})
        index += ch.length
      }
    }
    const mirrored = bidi.getMirroredCharactersMap(text, levels)
    // Visual order: reverse the position ranges bidi names, in order (UTF-16 positions; a
    // surrogate pair's two halves map back to one character below).
    const units = Array.from({length: text.length}, (_, i) => i)
    for (const [start, end] of bidi.getReorderSegments(text, levels)) {
      const part = units.slice(start, end + 1).reverse()
      units.splice(start, part.length, ...part)
    }
    const at = new Map(chars.map((c, i) => [c.index, i]))
    const order = units.flatMap((u) => (at.has(u) ? [at.get(u)!] : []))
    // Group visually adjacent characters of one face and one direction into runs.
    const groups: Array<{face: FaceName; rtl: boolean; items: number[]}> = []
    for (const i of order) {
      const c = chars[i]!
      const rtl = levels.levels[c.index]! % 2 === 1
      const last = groups.at(-1)
      const prev = last?.items.at(-1)
      const adjacent = prev !== undefined && (rtl ? prev === i + 1 : prev === i - 1)
      if (last && last.face === c.face && last.rtl === rtl && adjacent) last.items.push(i)
      else groups.push({face: c.face, rtl, items: [i]})
    }
    const runs: Run[] = groups.map((g) => {
      const visual = g.items.map((i) => mirrored.get(chars[i]!.index) ?? chars[i]!.ch)
      // fontkit reverses a run whose script is right-to-left: hand it such runs in logical order.
      const text = g.rtl && visual.some((ch) => RTL_LETTER.test(ch)) ? [...visual].reverse().join('') : visual.join('')
      return {text, face: g.face, width: this.measure(text, g.face, size)}
    })
    return {runs, width: runs.reduce((s, r) => s + r.width, 0), text}
  }
}
