/**
 * Text as the identifier scan reads it: what a person sees, not how it was typed. One linear pass
 * builds two views of the same length, each character mapped back to its offset in the original:
 * - every character in compatibility form without accents (full-width ３６０ → 360, ﬁ → fi,
 *   é → e), every kind of space one ' ', zero-width and other invisible format characters gone (a
 *   zero-width character between a lower and an upper case letter counts as a space: John​Smith),
 *   look-alike Cyrillic and Greek letters as the Latin ones they imitate (Ј → J, о → o);
 * - `digits`: letters that stand for digits inside a run of digits become those digits
 *   (360-555-O199 → 360-555-0199); used by the number, date, e-mail and address detectors;
 * - `letters`: digits that stand for letters inside a word become those letters (J0hn Sm1th →
 *   John Smith); used by the name detectors.
 */
import {isAsciiText} from './name-key.js'

export interface ReadableText {
  digits: string
  letters: string
  /** `origin[i]`: offset in the original text of view character i; origin[length] = the text's length. */
  origin: Int32Array
}

/** Look-alikes of Latin letters in other scripts (the common ones of Unicode's confusables list). */
const CONFUSABLE: Record<string, string> = {
  // Cyrillic
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y', Ј: 'J', І: 'I', Ѕ: 'S', Ԁ: 'D', Ԛ: 'Q', Ԝ: 'W', Ү: 'Y', Ӏ: 'I',
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', ј: 'j', і: 'i', ѕ: 's', ԁ: 'd', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w', ү: 'y', ѵ: 'v',
  // Greek
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  α: 'a', ο: 'o', ρ: 'p', ι: 'i', κ: 'k', ν: 'v', υ: 'u', χ: 'x', ϲ: 'c', ϳ: 'j',
  // Latin variants NFKD leaves alone
  ı: 'i', ȷ: 'j', ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE',
  // Armenian
  օ: 'o', ս: 'u', ց: 'g', հ: 'h', Օ: 'O', Ս: 'U',
}

/** Letters typed for digits, and digits typed for letters. */
const LETTER_AS_DIGIT: Record<string, string> = {O: '0', o: '0', Q: '0', D: '0', I: '1', l: '1', i: '1', '|': '1', Z: '2', z: '2', S: '5', s: '5', G: '6', b: '6', T: '7', B: '8', g: '9', q: '9'}
const DIGIT_AS_LETTER: Record<string, string> = {'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '6': 'g', '7': 't', '8': 'b', '9': 'g', '2': 'z', '@': 'a', $: 's'}

const ZERO_WIDTH = /^[\u200B-\u200D\u2060\uFEFF\u180E]$/u
const INVISIBLE = /^[\p{Cf}\u00AD]$/u
const SPACE = /^[\p{Zs}]$/u
const MARK = /\p{M}/gu
const LETTER = /^\p{L}$/u

const folded = new Map<number, string>()

/** One non-ASCII character as the scan reads it (before the digit and letter views). */
function fold(ch: string, cp: number): string {
  let out = folded.get(cp)
  if (out === undefined) {
    if (ch === '\u2028' || ch === '\u2029' || ch === '\u0085') out = '\n'
    else if (SPACE.test(ch)) out = ' '
    else if (INVISIBLE.test(ch)) out = ''
    else out = [...ch.normalize('NFKD').replace(MARK, '')].map((c) => CONFUSABLE[c] ?? c).join('')
    folded.set(cp, out)
  }
  return out
}

/** ASCII lookup tables: the digit a letter stands for, the letter a digit stands for (0: none). */
const AS_DIGIT = new Uint16Array(128)
const AS_LETTER = new Uint16Array(128)
for (const [k, v] of Object.entries(LETTER_AS_DIGIT)) AS_DIGIT[k.charCodeAt(0)] = v.charCodeAt(0)
for (const [k, v] of Object.entries(DIGIT_AS_LETTER)) AS_LETTER[k.charCodeAt(0)] = v.charCodeAt(0)

const nonAsciiLetters = new Map<number, boolean>()
function isLetter(c: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90)
  let yes = nonAsciiLetters.get(c)
  if (yes === undefined) nonAsciiLetters.set(c, (yes = LETTER.test(String.fromCharCode(c))))
  return yes
}
const isDigit = (c: number) => c >= 48 && c <= 57
const isUpper = (c: number) => c >= 65 && c <= 90
const isLowerChar = (s: string | undefined) => s !== undefined && s !== s.toUpperCase() && s === s.toLowerCase()
const isUpperChar = (s: string | undefined) => s !== undefined && s !== s.toLowerCase() && s === s.toUpperCase()

const decoder = new TextDecoder('utf-16le')
const asString = (units: Uint16Array) => decoder.decode(units)

/** Build both views of `text`: one pass to fold, one per view; linear in its length. */
export function readableText(text: string): ReadableText {
  const ascii = isAsciiText(text)
  const {units: base, origin} = ascii ? asciiUnits(text) : foldedUnits(text)
  // A view the pass left as it was is the text it was built from: most values are ASCII and hold
  // no look-alike, and decoding two copies of each was a fifth of a big site's privacy scan.
  const same = ascii ? text : undefined
  const digits = digitView(base)
  const letters = letterView(base)
  return {digits: digits ? asString(digits) : (same ?? asString(base)), letters: letters ? asString(letters) : (same ?? asString(base)), origin}
}

/** An ASCII text's units, each at its own offset. */
function asciiUnits(text: string): {units: Uint16Array; origin: Int32Array} {
  const units = new Uint16Array(text.length)
  const origin = new Int32Array(text.length + 1)
  for (let i = 0; i < text.length; i++) {
    units[i] = text.charCodeAt(i)
    origin[i] = i
  }
  origin[text.length] = text.length
  return {units, origin}
}

/** Any text's units as the scan reads it (fold), each mapped back to its offset in the text. */
function foldedUnits(text: string): {units: Uint16Array; origin: Int32Array} {
  let units = new Uint16Array(text.length + 16)
  let origin = new Int32Array(text.length + 17)
  let n = 0
  const push = (unit: number, at: number) => {
    if (n === units.length) {
      const more = new Uint16Array(units.length * 2)
      more.set(units)
      units = more
      const moreOrigin = new Int32Array(units.length + 1)
      moreOrigin.set(origin)
      origin = moreOrigin
    }
    units[n] = unit
    origin[n++] = at
  }
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i)
    if (code < 0x80) {
      push(code, i++)
      continue
    }
    const cp = text.codePointAt(i)!
    const width = cp > 0xffff ? 2 : 1
    const ch = text.slice(i, i + width)
    if (ZERO_WIDTH.test(ch)) {
      // Between "n" and "S" of John​Smith it separates two words; anywhere else it hides nothing.
      if (n > 0 && isLowerChar(String.fromCharCode(units[n - 1]!)) && isUpperChar(text[i + width])) push(32, i)
    } else {
      const f = fold(ch, cp)
      for (let k = 0; k < f.length; k++) push(f.charCodeAt(k), i)
    }
    i += width
  }
  origin[n] = text.length
  return {units: units.subarray(0, n), origin: origin.subarray(0, n + 1)}
}

const SEPARATORS = new Set([45, 46, 32, 47, 40, 41]) // - . space / ( )
const digitLike = (c: number | undefined) => c !== undefined && (isDigit(c) || (c < 128 && AS_DIGIT[c] !== 0))

/**
 * Runs of digits with letters typed for some of them. A run is a sequence of tokens joined by
 * single separators; each token is made of digits and look-alike letters only, holds at least one
 * real digit and is not glued to other letters. A run's look-alikes become digits when it holds at
 * least 4 real digits and fewer look-alikes than digits.
 */
function digitView(chars: Uint16Array): Uint16Array | undefined {
  let out: Uint16Array | undefined
  const n = chars.length
  const swaps: number[] = []
  let i = 0
  while (i < n) {
    if (!digitLike(chars[i]) || (i > 0 && isLetter(chars[i - 1]!))) {
      // Inside a word: skip the rest of it (never rescan a token: that would be quadratic).
      i++
      while (i < n && digitLike(chars[i]) && isLetter(chars[i - 1]!)) i++
      continue
    }
    let j = i
    let digits = 0
    swaps.length = 0
    for (;;) {
      let k = j
      let d = 0
      const before = swaps.length
      for (; k < n && digitLike(chars[k]); k++) {
        if (isDigit(chars[k]!)) d++
        else swaps.push(k)
      }
      if (k === j || d === 0 || (k < n && isLetter(chars[k]!))) {
        swaps.length = before
        if (j === i) j = Math.max(k, i + 1)
        break
      }
      digits += d
      j = k
      if (j + 1 < n && SEPARATORS.has(chars[j]!) && digitLike(chars[j + 1])) j++
      else break
    }
    if (digits >= 4 && swaps.length > 0 && swaps.length < digits) {
      out ??= chars.slice()
      for (const s of swaps) out[s] = AS_DIGIT[chars[s]!]!
    }
    i = j
  }
  return out
}

/** Digits typed for letters inside a word: a digit between letters (J0hn, Sm1th, J00hn). Undefined: none. */
function letterView(chars: Uint16Array): Uint16Array | undefined {
  let out: Uint16Array | undefined
  for (let i = 1; i + 1 < chars.length; i++) {
    const c = chars[i]!
    const as = c < 128 ? AS_LETTER[c]! : 0
    const before = out ? out[i - 1]! : chars[i - 1]!
    if (as === 0 || !isLetter(before)) continue
    const next = chars[i + 1]!
    const nextAs = next < 128 ? AS_LETTER[next]! : 0
    if (isLetter(next) || (nextAs !== 0 && i + 2 < chars.length && isLetter(chars[i + 2]!))) {
      out ??= chars.slice()
      out[i] = isUpper(before) && (isUpper(next) || !isLetter(next)) ? as - 32 : as
    }
  }
  return out
}

/**
 * A word or phrase as lists and allow-lists compare it: through the letter view, lower case,
 * spaces collapsed, and `l` read as `i` (so Sm1th, SmIth and Smith compare equal).
 */
export function scanKey(text: string): string {
  return readableText(text).letters.toLowerCase().replace(/\s+/g, ' ').trim().replace(/l/g, 'i')
}
