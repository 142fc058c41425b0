/**
 * No character is dropped silently: before a form is rendered, every character it prints is
 * looked up in the fonts (DejaVu Sans, then the site's fallbacks). Characters no font has are
 * reported as code points with the records and fields that hold them (never the text itself: a
 * referral's notes must not reach a message), or, when the user allows it, replaced by a visible
 * placeholder.
 */
import {documentTexts, mapDocumentText} from './document-text.js'
import type {FormDocument} from './document.js'
import {needsGlyph, type FontSet} from './fonts.js'

/** Printed in place of a character no font has (--allow-missing-glyphs). */
const PLACEHOLDER = '\ufffd'

/** Distinct code points the document prints that no font has, in code point order. */
export function missingGlyphs(doc: FormDocument, fonts: FontSet): number[] {
  const missing = new Set<number>()
  // Each distinct string once: a sign-in sheet repeats ranks, units and names thousands of times.
  for (const text of new Set(documentTexts(doc))) {
    for (const ch of text) {
      const cp = ch.codePointAt(0)!
      if (needsGlyph(cp) && !fonts.has(cp)) missing.add(cp)
    }
  }
  return [...missing].sort((a, b) => a - b)
}

export function withPlaceholders(doc: FormDocument, missing: readonly number[]): FormDocument {
  const set = new Set(missing)
  return mapDocumentText(doc, (text) => [...text].map((ch) => (set.has(ch.codePointAt(0)!) ? PLACEHOLDER : ch)).join(''))
}

export function codePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
}

export interface TextSource {
  file: string
  data: unknown
}

/** The code points of `missing` that some string of these sources holds. */
export function heldBy(missing: readonly number[], sources: readonly TextSource[]): Set<number> {
  const set = new Set(missing)
  const held = new Set<number>()
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const ch of value) if (set.has(ch.codePointAt(0)!)) held.add(ch.codePointAt(0)!)
    } else if (Array.isArray(value)) value.forEach(visit)
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (visit(k), visit(v))
  }
  for (const s of sources) visit(s.data)
  return held
}

/** Scripts a font is chosen by: what a message may say of characters it may not name. */
const SCRIPTS = ['Han', 'Hiragana', 'Katakana', 'Hangul', 'Arabic', 'Hebrew', 'Thai', 'Lao', 'Khmer', 'Myanmar', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Tibetan', 'Ethiopic', 'Cherokee', 'Canadian_Aboriginal', 'Georgian', 'Armenian', 'Mongolian', 'Syriac', 'Thaana', 'Yi', 'Tifinagh', 'Vai', 'Greek', 'Cyrillic', 'Latin']
const SCRIPT_TESTS = SCRIPTS.map((name) => ({name: name.replace('_', ' '), test: new RegExp(`^\\p{Script=${name}}$`, 'u')}))

/** The scripts of these characters, in a fixed order (`symbols` for the rest: emoji, marks, signs). */
export function scriptsOf(cps: readonly number[]): string[] {
  const found = new Set<string>()
  for (const cp of cps) found.add(SCRIPT_TESTS.find((s) => s.test.test(String.fromCodePoint(cp)))?.name ?? 'symbols')
  return [...SCRIPT_TESTS.map((s) => s.name), 'symbols'].filter((n) => found.has(n))
}

export interface GlyphHolder {
  file: string
  /** Field path inside the record (`notes`, `officers[3].name`). */
  field: string
  path: Array<string | number>
}

/** Which fields of which records hold any of the characters (at most `limit`). */
export function holdersOf(missing: readonly number[], sources: readonly TextSource[], limit = 5): GlyphHolder[] {
  const set = new Set(missing)
  const out: GlyphHolder[] = []
  const visit = (file: string, value: unknown, path: Array<string | number>) => {
    if (out.length >= limit) return
    if (typeof value === 'string') {
      for (const ch of value) {
        if (set.has(ch.codePointAt(0)!)) {
          out.push({file, path, field: path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '')})
          return
        }
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(file, v, [...path, i]))
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(file, v, [...path, k])
  }
  for (const s of sources) visit(s.file, s.data, [])
  return out
}
