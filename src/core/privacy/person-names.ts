/**
 * Person names in free text, from the name lists (given-names.ts), titles and labels; and the
 * phrases that exempt a stretch of text from the scan (staff names, allowed terms). Runs on the
 * `letters` view of readable-text.ts, so J0hn Sm1th and Јohn (Cyrillic J) read as John Smith.
 */
import {GIVEN_NAMES, NOT_SURNAMES, SURNAME_FIRST, SURNAMES} from './given-names.js'
import {asciiNameKey, isAsciiText, nameKey} from './name-key.js'

export interface NameMatch {
  index: number
  length: number
  what: string
  /** The words of the name, to compare with staff names. */
  words: string[]
}

/** A word in any script, with inner apostrophes and hyphens ("O'Brien", "Ji-woon", "Nguyễn"). */
export const WORD = /\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*/gu
/**
 * WORD on ASCII text, where \p{L} is [A-Za-z], \p{M} and ’ never occur: the same matches at the
 * same places. The scan reads ASCII text's words by character codes (asciiWordsOf); this is what
 * they are held to (test/core/identifier-gates.test.ts), WORD's Unicode classes never compiled for it.
 */
export const ASCII_WORD = /[A-Za-z]+(?:['-][A-Za-z]+)*/g
const HONORIFIC_NAME = /\b(?:Mr|Mrs|Ms|Miss|Mx|Mister|Dr|Prof)\.?\s{1,3}[A-Z][a-zA-Z'-]{0,40}(?:\s{1,3}[A-Z][a-zA-Z'-]{0,40})?/g
const LABELLED_NAME = /\b(?:[Nn]amed?|[Cc]alled|[Gg]oes\s{1,3}by|AKA|aka|a\.k\.a\.|[Aa]lias|[Ff]irst\s{1,3}name|[Ll]ast\s{1,3}name|[Ss]urname)\s{0,3}[:=]?\s{0,3}["']?[A-Z][a-zA-Z'-]{0,40}(?:\s{1,3}[A-Z][a-zA-Z'-]{0,40})?/g
const LABEL = /^[^:="']*?(?:name(?:d)?|called|goes\s+by|aka|a\.k\.a\.|alias|surname)\s*[:=]?\s*["']?/i
export const TITLE = /^(?:Mr|Mrs|Ms|Miss|Mx|Mister|Dr|Prof)\.?\s+/

type Casing = 'title' | 'upper' | 'lower' | 'other'
function casing(word: string): Casing {
  const first = word[0]!
  if (word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase()) return 'upper'
  if (word === word.toLowerCase()) return 'lower'
  if (first === first.toUpperCase() && first !== first.toLowerCase()) return 'title' // also DeShawn, McDonald
  return 'other'
}

class Word {
  readonly key: string
  private casingCache?: Casing
  constructor(
    readonly text: string,
    readonly index: number,
    readonly end: number,
    ascii: boolean,
  ) {
    this.key = ascii ? asciiNameKey(text) : nameKey(text)
  }

  get casing(): Casing {
    this.casingCache ??= casing(this.text)
    return this.casingCache
  }
}

/** The words of `text`, hyphenated words also split into their parts ("JOHN-SMITH" → JOHN, SMITH). Exported for tests. */
export function wordsOf(text: string): Word[] {
  if (isAsciiText(text)) return asciiWordsOf(text)
  const ws: Word[] = []
  for (const m of text.matchAll(WORD)) pushWord(ws, m[0], m.index, false)
  return ws
}

/** A word found at `index`, or its parts when it is hyphenated and each part has two letters or more. */
function pushWord(ws: Word[], word: string, index: number, ascii: boolean): void {
  const parts = word.split('-')
  if (parts.length > 1 && parts.every((p) => p.length > 1)) {
    let at = index
    for (const p of parts) {
      ws.push(new Word(p, at, at + p.length, ascii))
      at += p.length + 1
    }
  } else ws.push(new Word(word, index, index + word.length, ascii))
}

/** A-Z or a-z. */
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)

/**
 * wordsOf on ASCII text: ASCII_WORD's matches (a run of letters, then apostrophe- or hyphen-joined
 * runs) found by their character codes. Most scanned text is ASCII, and a regular expression's
 * match objects were most of the name scan's cost (test/core/identifier-gates.test.ts holds it to the expression).
 */
function asciiWordsOf(text: string): Word[] {
  const ws: Word[] = []
  const n = text.length
  let i = 0
  while (i < n) {
    if (!isAsciiLetter(text.charCodeAt(i))) {
      i++
      continue
    }
    const start = i
    let joined = false
    while (i < n && isAsciiLetter(text.charCodeAt(i))) i++
    for (let c = text.charCodeAt(i); (c === 39 || c === 45) && i + 1 < n && isAsciiLetter(text.charCodeAt(i + 1)); c = text.charCodeAt(i)) {
      joined ||= c === 45
      i += 2
      while (i < n && isAsciiLetter(text.charCodeAt(i))) i++
    }
    const word = text.slice(start, i)
    if (joined) pushWord(ws, word, start, true)
    else ws.push(new Word(word, start, i, true))
  }
  return ws
}

const SEPARATOR = /^(?:[ \t]{1,3}|[ \t]?\r?\n[ \t]{0,12}|-)$/

/**
 * Person names among the words of `text`. Every pair of neighbouring words is looked at (a word
 * is never consumed by the pair before it: "Saw John Smith", "Mother Maria Lopez"), separated by
 * spaces, one line break or a hyphen:
 * - a given name and a capitalised word: "Maria Lopez", "Tyrone Jackson"; in capitals "JOHN SMITH";
 * - a given name and a known surname in any case: "john smith";
 * - a surname written first and a capitalised word: "Nguyễn Văn An";
 * - "Surname, Given": "Smith, John".
 */
export function listedNames(text: string): NameMatch[] {
  const ws = wordsOf(text)
  const out: NameMatch[] = []
  const capital = (w: Word) => w.casing === 'title' || w.casing === 'upper'
  for (let i = 0; i + 1 < ws.length; i++) {
    const a = ws[i]!
    const b = ws[i + 1]!
    if (b.index - a.end > 16) continue
    // Every rule below needs a given name or a surname-first name among the two.
    if (!GIVEN_NAMES.has(a.key) && !GIVEN_NAMES.has(b.key) && !SURNAME_FIRST.has(a.key)) continue
    const between = text.slice(a.end, b.index)
    let name = false
    if (SEPARATOR.test(between)) {
      if (GIVEN_NAMES.has(a.key) && a.casing === 'title' && b.casing === 'title') name = true
      else if (GIVEN_NAMES.has(a.key) && a.casing === 'upper' && b.casing === 'upper') name = true
      else if (GIVEN_NAMES.has(a.key) && SURNAMES.has(b.key) && a.casing !== 'other' && b.casing !== 'other') name = true
      else if (SURNAME_FIRST.has(a.key) && capital(a) && capital(b)) name = true
    } else if (/^,[ \t]{1,3}$/.test(between)) {
      const surnameLike = SURNAMES.has(a.key) || (capital(a) && !NOT_SURNAMES.has(a.key))
      if (surnameLike && GIVEN_NAMES.has(b.key) && (capital(b) || SURNAMES.has(a.key))) name = true
    }
    if (name) out.push({index: a.index, length: b.end - a.index, what: "a person's name", words: [a.text, b.text]})
  }
  return out
}

/** Names after a title ("Dr. Lopez") or a label ("named Maria", "AKA Smitty"). */
export function titledNames(text: string, from: number, to: number): NameMatch[] {
  const out: NameMatch[] = []
  const scan = (re: RegExp, what: string, strip: RegExp) => {
    re.lastIndex = from
    for (let m = re.exec(text); m !== null && m.index < to; m = re.exec(text)) {
      out.push({index: m.index, length: m[0].length, what, words: m[0].replace(strip, '').trim().split(/\s+/)})
    }
  }
  scan(HONORIFIC_NAME, "a person's name (title + name)", TITLE)
  scan(LABELLED_NAME, "a person's name (after a name label)", LABEL)
  return out
}

/**
 * Phrases (staff names, allowed terms) found by their first word, so that asking whether a
 * stretch of text lies inside one costs a few lookups whatever the number of phrases.
 * Phrases and text are compared as scanKey() compares them (lower case, l read as i).
 */
export class PhraseIndex {
  private readonly byFirstWord = new Map<string, string[]>()
  private longest = 0
  readonly size: number

  constructor(phrases: Iterable<string>) {
    let size = 0
    for (const p of phrases) {
      if (p.length < 2) continue
      const first = p.split(' ')[0]!
      const list = this.byFirstWord.get(first)
      if (list) list.push(p)
      else this.byFirstWord.set(first, [p])
      this.longest = Math.max(this.longest, p.length)
      size++
    }
    this.size = size
  }

  has(phrase: string): boolean {
    return this.byFirstWord.get(phrase.split(' ')[0]!)?.includes(phrase) ?? false
  }

  /** Does a phrase occur in `lower` (a comparison view) as whole words and cover [from, to)? */
  covers(lower: string, from: number, to: number): boolean {
    if (this.size === 0) return false
    const earliest = Math.max(0, to - this.longest)
    for (let s = from; s >= earliest; s--) {
      if (s > 0 && isWordChar(lower[s - 1]!)) continue
      let e = s
      while (e < lower.length && isWordChar(lower[e]!)) e++
      const candidates = this.byFirstWord.get(lower.slice(s, e))
      if (!candidates) continue
      for (const p of candidates) {
        const end = s + p.length
        if (end >= to && lower.startsWith(p, s) && (end >= lower.length || !isWordChar(lower[end]!))) return true
      }
    }
    return false
  }
}

const isWordChar = (c: string) => /[\p{L}\p{N}'’]/u.test(c)
