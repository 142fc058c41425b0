/**
 * Heuristic detection of participant identifiers in free text. Each detector is a regular
 * expression with a code; they favour catching a leak over silence, and their limits are
 * documented in the README (privacy rules). None of them can prove text is free of identifiers.
 */
import {GIVEN_NAMES, NOT_SURNAMES, SURNAME_FIRST, SURNAMES} from './given-names.js'

export type IdentifierCode = 'PII_NAME' | 'PII_DOB' | 'PII_SSN' | 'PII_PHONE' | 'PII_EMAIL' | 'PII_ADDRESS'

export interface IdentifierMatch {
  code: IdentifierCode
  /** What was found, in words: "a phone number". */
  what: string
  /** Offset of the match in the text, and its length. */
  index: number
  length: number
}

export interface ScanTextOptions {
  /** The field is typed as a date, so a bare date is expected there (only labelled birth dates count). */
  dateField?: boolean
  /**
   * Names the site knows (staff: partner contacts, signatories, officers, trainers; and partner
   * organisations), lower case, never reported as PII_NAME, also where they run longer than the
   * two words a detector looks at ("Mary Ann Jones", "Virginia Mason Medical Center").
   */
  staffNames?: ReadonlySet<string>
}

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?'
/** A full date: 1990-03-04, 3/4/1990, 03-04-90, March 4, 1990, 4 March 1990. */
const FULL_DATE = `(?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}([/-])\\d{1,2}\\1(?:\\d{4}|\\d{2})|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH},?\\s+\\d{4})`
/** A date or part of one after a birth label: also "March 4" or "1990". */
const ANY_DATE = `(?:${FULL_DATE}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?|\\d{1,2}/\\d{1,2}|(?:19|20)\\d{2})`

const DOB_LABELLED = new RegExp(`\\b(?:DOB|D\\.O\\.B\\.?|date\\s+of\\s+birth|birth\\s*date|birthday|born(?:\\s+on|\\s+in)?)\\s*[:\\-]?\\s*${ANY_DATE}`, 'gi')
const AGE = /\b(?:aged?\s*[:-]?\s*\d{1,3}\b|\d{1,3}\s*(?:-\s*)?(?:years?|yrs?)(?:\s*|-)old\b|\d{1,3}\s*y\/?o\b)/gi
const BARE_DATE = new RegExp(`(?<![\\w-])${FULL_DATE}(?![\\w-])`, 'gi')
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])|\b(?:SSN|SS#|social\s+security(?:\s+(?:number|no\.?|#))?)\s*[:#]?\s*\d{9}\b/gi
/** Ten digits, or eleven starting with 1, standing alone: "5551234567". Statute codes have dots, IDs letters. */
const BARE_PHONE = /(?<![\w.\-/:§])1?[2-9]\d{9}(?![\w.\-/])/g
const PHONE = /(?<![\w.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w-])|(?<![\w.-])\+\d{1,3}(?:[\s.-]?\d{2,4}){2,5}(?![\w-])|\b(?:phone|tel|cell|mobile|ph)\.?\s*(?:no\.?|#|number)?\s*[:#]?\s*\d{7,11}\b/gi
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g
const STREET_SUFFIX = '(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Way|Ct|Court|Pl|Place|Ter|Terrace|Hwy|Highway|Pkwy|Parkway|Cir|Circle|Sq|Square|Loop|Trl|Trail)'
const ADDRESS = new RegExp(
  `\\b\\d{1,6}[A-Za-z]?\\s+(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\\.?\\s+)?(?:\\d{1,3}(?:st|nd|rd|th)|[A-Z][A-Za-z'-]*)(?:\\s+[A-Z][A-Za-z'-]*){0,3}\\s+${STREET_SUFFIX}\\b\\.?|\\b(?:P\\.?\\s?O\\.?\\s+Box|Apt\\.?|Apartment|Unit|Suite)\\s*#?\\s*\\d+[A-Za-z]?\\b`,
  'g',
)
/** "123 main st": house number, one word in any case, a street suffix (units such as "30 days" excluded). */
const ADDRESS_ANY_CASE = new RegExp(
  `\\b\\d{1,6}[a-z]?\\s+(?:(?:n|s|e|w|ne|nw|se|sw)\\.?\\s+)?(?!(?:days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|times?|grams?|g|mg|oz|people|officers?|calls?|of|at|in|on|to|the|and|or|per)\\s)[a-z][a-z'-]*\\s+${STREET_SUFFIX}\\b\\.?`,
  'gi',
)
const HONORIFIC_NAME = /\b(?:Mr|Mrs|Ms|Miss|Mx|Mister|Dr|Prof)\.?\s+[A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+)?/g
const LABELLED_NAME = /\b(?:[Nn]amed?|[Cc]alled|[Gg]oes\s+by|AKA|aka|a\.k\.a\.|[Aa]lias|[Ff]irst\s+name|[Ll]ast\s+name|[Ss]urname)\s*[:=]?\s*["']?[A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+)?/g
/** A word in any script, with inner apostrophes and hyphens ("O'Brien", "Ji-woon", "Nguyễn"). */
const WORD = /\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*/gu

/** Lower case without diacritics: how the name lists are keyed. */
export function nameKey(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

type Casing = 'title' | 'upper' | 'lower' | 'other'
function casing(word: string): Casing {
  const first = word[0]!
  if (word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase()) return 'upper'
  if (word === word.toLowerCase()) return 'lower'
  if (first === first.toUpperCase() && first !== first.toLowerCase()) return 'title' // also DeShawn, McDonald
  return 'other'
}

interface Word {
  text: string
  key: string
  casing: Casing
  index: number
  end: number
}

/**
 * Person names among the words of `text`. Every pair of neighbouring words is looked at (a word
 * is never consumed by the pair before it: "Saw John Smith", "Mother Maria Lopez"):
 * - a given name and a capitalised word: "Maria Lopez", "Tyrone Jackson"; in capitals "JOHN SMITH";
 * - a given name and a known surname in any case: "john smith";
 * - a surname written first and a capitalised word: "Nguyễn Văn An";
 * - "Surname, Given": "Smith, John".
 */
function nameMatches(text: string): Array<{index: number; length: number; words: [string, string]}> {
  const ws: Word[] = []
  for (const m of text.matchAll(WORD)) ws.push({text: m[0], key: nameKey(m[0]), casing: casing(m[0]), index: m.index, end: m.index + m[0].length})
  const out: Array<{index: number; length: number; words: [string, string]}> = []
  for (let i = 0; i + 1 < ws.length; i++) {
    const a = ws[i]!
    const b = ws[i + 1]!
    const between = text.slice(a.end, b.index)
    const capital = (w: Word) => w.casing === 'title' || w.casing === 'upper'
    let name = false
    if (/^[ \t]+$/.test(between)) {
      if (GIVEN_NAMES.has(a.key) && a.casing === 'title' && b.casing === 'title') name = true
      else if (GIVEN_NAMES.has(a.key) && a.casing === 'upper' && b.casing === 'upper') name = true
      else if (GIVEN_NAMES.has(a.key) && SURNAMES.has(b.key) && a.casing !== 'other' && b.casing !== 'other') name = true
      else if (SURNAME_FIRST.has(a.key) && capital(a) && capital(b)) name = true
    } else if (/^,[ \t]+$/.test(between)) {
      const surnameLike = SURNAMES.has(a.key) || (capital(a) && !NOT_SURNAMES.has(a.key))
      if (surnameLike && GIVEN_NAMES.has(b.key) && (capital(b) || SURNAMES.has(a.key))) name = true
    }
    if (name) out.push({index: a.index, length: b.end - a.index, words: [a.text, b.text]})
  }
  return out
}

/** Stretches of `text` that are names the site knows (whole words, any case). */
function knownStretches(text: string, known: ReadonlySet<string> | undefined): Array<[number, number]> {
  if (!known || known.size === 0) return []
  const lower = text.toLowerCase()
  const out: Array<[number, number]> = []
  for (const name of known) {
    if (name.length < 3) continue
    for (let at = lower.indexOf(name); at !== -1; at = lower.indexOf(name, at + 1)) {
      const before = lower[at - 1]
      const after = lower[at + name.length]
      if ((before && /[\p{L}\d]/u.test(before)) || (after && /[\p{L}\d]/u.test(after))) continue
      out.push([at, at + name.length])
    }
  }
  return out
}

function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    yield m
    if (m[0].length === 0) re.lastIndex++
  }
}

function isStaff(name: string, staff: ReadonlySet<string> | undefined): boolean {
  if (!staff || staff.size === 0) return false
  const norm = name.replace(/^(?:Mr|Mrs|Ms|Miss|Mx|Mister|Dr|Prof)\.?\s+/, '').trim().toLowerCase()
  return staff.has(norm)
}

/** Every identifier-like stretch of `text`, in order, overlapping matches of lower rank dropped. */
export function scanText(text: string, options: ScanTextOptions = {}): IdentifierMatch[] {
  const found: IdentifierMatch[] = []
  const add = (code: IdentifierCode, what: string, m: RegExpExecArray) => found.push({code, what, index: m.index, length: m[0].length})

  for (const m of matches(EMAIL, text)) add('PII_EMAIL', 'an e-mail address', m)
  for (const m of matches(SSN, text)) add('PII_SSN', 'a social security number', m)
  for (const m of matches(DOB_LABELLED, text)) add('PII_DOB', 'a birth date', m)
  for (const m of matches(AGE, text)) add('PII_DOB', 'an age', m)
  for (const m of matches(PHONE, text)) add('PII_PHONE', 'a phone number', m)
  for (const m of matches(BARE_PHONE, text)) add('PII_PHONE', 'a phone number', m)
  for (const m of matches(ADDRESS, text)) add('PII_ADDRESS', 'a street address', m)
  for (const m of matches(ADDRESS_ANY_CASE, text)) add('PII_ADDRESS', 'a street address', m)
  if (!options.dateField) for (const m of matches(BARE_DATE, text)) add('PII_DOB', 'a date (possibly a birth date) in a field that is not a date', m)
  for (const m of matches(HONORIFIC_NAME, text)) if (!isStaff(m[0], options.staffNames)) add('PII_NAME', "a person's name (title + name)", m)
  for (const m of matches(LABELLED_NAME, text)) {
    const name = m[0].replace(/^[^:="']*?(?:name(?:d)?|called|goes\s+by|aka|a\.k\.a\.|alias|surname)\s*[:=]?\s*["']?/i, '')
    if (!isStaff(name, options.staffNames)) add('PII_NAME', "a person's name (after a name label)", m)
  }
  for (const n of nameMatches(text)) {
    if (isStaff(n.words.join(' '), options.staffNames) || isStaff(`${n.words[1]} ${n.words[0]}`, options.staffNames)) continue
    found.push({code: 'PII_NAME', what: "a person's name", index: n.index, length: n.length})
  }
  // A name the site knows may be longer than what a detector matched: "Dr. Mary Ann Jones".
  const known = found.some((f) => f.code === 'PII_NAME') ? knownStretches(text, options.staffNames) : []
  const isKnown = (f: IdentifierMatch) => {
    if (f.code !== 'PII_NAME') return false
    const title = /^(?:Mr|Mrs|Ms|Miss|Mx|Mister|Dr|Prof)\.?\s+/.exec(text.slice(f.index, f.index + f.length))?.[0].length ?? 0
    return known.some(([from, to]) => f.index + title >= from && f.index + f.length <= to)
  }

  // Keep the first of overlapping findings (detectors above run from most to least specific).
  const kept: IdentifierMatch[] = []
  for (const f of found) {
    if (isKnown(f)) continue
    if (kept.some((k) => f.index < k.index + k.length && k.index < f.index + f.length)) continue
    kept.push(f)
  }
  return kept.sort((a, b) => a.index - b.index)
}
