/**
 * The detectors of the identifier scan that look at digits, dates and addresses: regular
 * expressions each of whose matches is bounded in length (so that scanning a window of text costs
 * time proportional to the window), and a linear e-mail finder. They run on the `digits` view of
 * readable-text.ts. Their limits are documented in docs/guides/privacy.md.
 */

export type IdentifierCode = 'PII_NAME' | 'PII_DOB' | 'PII_SSN' | 'PII_PHONE' | 'PII_EMAIL' | 'PII_ADDRESS'

export interface Detector {
  code: IdentifierCode
  /** What was found, in words: "a phone number". */
  what: string
  re: RegExp
  /** Not run in fields typed as dates (a bare date is expected there). */
  notInDateFields?: boolean
  /**
   * A necessary condition of a match of `re`, cheap to test: when it is false `re` is not run,
   * for it would find nothing. V8 compiles a regular expression on its first two runs in a
   * process (bytecode, then machine code), 1-34 ms each for the big ones below, and a command
   * that scans one changed record would pay all of it for ordinary text. Each gate holds only
   * short literal parts that every match of `re` contains, tested on the same text with the same
   * case sensitivity. test/core/identifier-gates.test.ts proves it on a large varied corpus.
   */
  gate?: (text: string) => boolean
}

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?'
const ORDINAL = '\\d{1,2}(?:st|nd|rd|th)?'
/** A full date: 1990-03-04, 3/4/1990, 03-04-90, March 4, 1990, 4 March 1990, the 4th of March 1990. */
const FULL_DATE = `(?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}([/-])\\d{1,2}\\1(?:\\d{4}|\\d{2})|${MONTH}\\s{1,3}(?:the\\s{1,3})?${ORDINAL},?\\s{1,3}\\d{4}|(?:the\\s{1,3})?${ORDINAL}\\s{1,3}(?:of\\s{1,3})?${MONTH},?\\s{1,3}\\d{4})`
/** A date or part of one after a birth label: also 4.3.1990, "March 4", "the 4th of March" or "1990". */
const ANY_DATE = `(?:${FULL_DATE}|\\d{1,2}\\.\\d{1,2}\\.(?:\\d{4}|\\d{2})|${MONTH}\\s{1,3}${ORDINAL}|(?:the\\s{1,3})?${ORDINAL}\\s{1,3}(?:of\\s{1,3})?${MONTH}|(?:19|20)\\d{2})`
const UNITS = '(?:one|two|three|four|five|six|seven|eight|nine)'
/** Ages in words: eighteen to ninety-nine. */
const AGE_WORDS = `(?:(?:twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety)(?:[\\s-]?${UNITS})?|seventeen|eighteen|nineteen|sixteen|fifteen|fourteen|thirteen|twelve|eleven)`
const SUFFIXES = ['St', 'Street', 'Ave', 'Avenue', 'Rd', 'Road', 'Blvd', 'Boulevard', 'Dr', 'Drive', 'Ln', 'Lane', 'Way', 'Ct', 'Court', 'Pl', 'Place', 'Ter', 'Terrace', 'Hwy', 'Highway', 'Pkwy', 'Parkway', 'Cir', 'Circle', 'Sq', 'Square', 'Loop', 'Trl', 'Trail']
const STREET_SUFFIX = `(?:${SUFFIXES.join('|')})`
const DIRECTION = '(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West|Northeast|Northwest|Southeast|Southwest)'
/** Words that follow a count, not a house number ("30 days", "2 officers"). */
const NOT_STREET_WORD = '(?:days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|times?|grams?|g|mg|oz|people|officers?|calls?|of|at|in|on|to|the|and|or|per)'
const TLD = '(?:com|org|net|edu|gov|us|io|info|biz|me|co|uk|ca)'

// The gates' parts (see Detector.gate); beside each, the part of the detector it stands for.
/** `\d{3}([- ])\d{2}` of a bare SSN, `\d{3}[- ]?\d{2}` of a labelled one. */
const SSN_DIGITS = /\d{3}[- ]?\d\d/
/** Each birth label contains one of these (date of birth, birth date, birthday: "birth"). */
const BIRTH_LABEL = /dob|d\.o\.b|birth|born/i
/**
 * "aged 34", "age: twenty" (the first two letters of every age word), "years old" / "yrs-old",
 * "34 y/o" (the last digit of the number and what follows).
 */
const AGE_PART = /\baged?\s{0,3}[:-]?\s{0,3}(?:\d|tw|th|fo|fi|si|se|ei|ni|el)|(?:year|yr)s?(?:\s{0,3}|-)old|\d\s{0,3}y\/?o/i
/** A phone number's last seven digits with their separator, an international +, or seven digits after a label. */
const PHONE_PART = /\d{3}[\s.-]\d{4}|\+\d|\d{7}/
/**
 * A house number's last digit, an optional letter and the first space after it, then the space
 * before a street suffix and the suffix, at most as far apart as the detector allows: for the
 * capitalised address, 2 more spaces, a direction with its dot and spaces (13), a first word (31)
 * and three more with their spaces (3 × 34), and 2 spaces; for the one in any case, 2 + 13 + 31 + 2.
 */
const HOUSE_AND_SUFFIX = new RegExp(`\\d[A-Za-z]?\\s[\\s\\S]{0,150}\\s${STREET_SUFFIX}\\b`)
const HOUSE_AND_SUFFIX_ANY_CASE = new RegExp(`\\d[a-z]?\\s[\\s\\S]{0,48}\\s${STREET_SUFFIX}\\b`, 'i')
/** A street suffix after the last space before it. */
const SUFFIX_WORD = new RegExp(`\\s${STREET_SUFFIX}\\b`)
/** A box, apartment, unit or suite number from the label's last letters on. */
const UNIT_NUMBER = /(?:Box|Apt\.?|Apartment|Unit|Suite)\s{0,3}#?\s{0,3}\d/
/**
 * A corner's "&" or "and" and the start of its second street (a digit; a capitalised word and a
 * space); and that street's ordinal (its last digit and suffix) or street suffix.
 */
const CORNER_AND = /(?:&|\band\b)\s{0,3}(?:\d|[A-Z][a-z]+\s)/
const ORDINAL_STREET = /\d(?:st|nd|rd|th)\b/
/** A numeric date's first separator between digits (1990-03-04, 3/4/1990, 03-04-90). */
const NUMERIC_DATE = /\d[/-]\d/
/** A written date's year, and its month's first three letters (every MONTH alternative starts with one). */
const YEAR = /\d{4}/
const MONTH_START = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i

/**
 * Cheaper still, before the gates that cost ~1 ms to compile (and again when V8 tiers them up): a
 * string search for a literal every match of the gate holds. A case-insensitive (non-unicode)
 * pattern matches an ASCII letter only with that letter in either case, which toLowerCase keeps
 * (it may add matches, never lose one), so these stay necessary conditions. Ordinary notes hold no
 * digit, no "age", "old" or "yo", and the gates are then never compiled.
 */
const hasDigit = (t: string) => {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i)
    if (c >= 48 && c <= 57) return true
  }
  return false
}
/** Some street suffix as written (the capitalised address's and the unit's detectors are case-sensitive). */
const hasSuffix = (t: string) => SUFFIXES.some((x) => t.includes(x))
const LOWER_SUFFIXES = [...new Set(SUFFIXES.map((x) => x.toLowerCase()))]
/** Some street suffix in any case, in a lower-cased text. */
const hasSuffixAnyCase = (lower: string) => LOWER_SUFFIXES.some((x) => lower.includes(x))
/** Every match of AGE_PART holds "age", "old", "yo" or "y/o" (in any case). */
const mayHoldAge = (t: string) => {
  const l = t.toLowerCase()
  return l.includes('age') || l.includes('old') || l.includes('yo') || l.includes('y/o')
}
/** Every match of UNIT_NUMBER starts with one of these words as written. */
const UNIT_WORDS = ['Box', 'Apt', 'Apartment', 'Unit', 'Suite']

export const DETECTORS: readonly Detector[] = [
  {code: 'PII_SSN', what: 'a social security number', gate: (t) => SSN_DIGITS.test(t), re: /(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])|\b(?:SSN|SS#|social\s{1,3}security(?:\s{1,3}(?:number|no\.?|#))?|ss\s{0,2}(?:no\.?|#|num(?:ber)?))\s{0,3}[:#]?\s{0,3}\d{3}[- ]?\d{2}[- ]?\d{4}\b/gi},
  {code: 'PII_DOB', what: 'a birth date', gate: (t) => BIRTH_LABEL.test(t), re: new RegExp(`\\b(?:DOB|D\\.O\\.B\\.?|date\\s{1,3}of\\s{1,3}birth|birth\\s{0,3}date|birthday|born(?:\\s{1,3}on|\\s{1,3}in)?)\\s{0,3}[:\\-]?\\s{0,3}${ANY_DATE}`, 'gi')},
  {code: 'PII_DOB', what: 'an age', gate: (t) => mayHoldAge(t) && AGE_PART.test(t), re: new RegExp(`\\b(?:aged?\\s{0,3}[:-]?\\s{0,3}(?:\\d{1,3}\\b|${AGE_WORDS}\\b)|(?:\\d{1,3}|${AGE_WORDS})\\s{0,3}(?:-\\s{0,3})?(?:years?|yrs?)(?:\\s{0,3}|-)old\\b|\\d{1,3}\\s{0,3}y\\/?o\\b)`, 'gi')},
  {code: 'PII_PHONE', what: 'a phone number', gate: (t) => PHONE_PART.test(t), re: /(?<![\w.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w-])|(?<![\w.-])\+\d{1,3}(?:[\s.-]?\d{2,4}){2,5}(?![\w-])|\b(?:phone|tel|cell|mobile|ph)\.?\s{0,3}(?:no\.?|#|number)?\s{0,3}[:#]?\s{0,3}\d{7,11}\b/gi},
  /** Ten digits, or eleven starting with 1, standing alone: "5551234567". Statute codes have dots, IDs letters. */
  {code: 'PII_PHONE', what: 'a phone number', re: /(?<![\w.\-/:§])1?[2-9]\d{9}(?![\w.\-/])/g},
  /** A local number without area code: 555-0199. */
  {code: 'PII_PHONE', what: 'a phone number', re: /(?<![\w.\-/:§])\d{3}[-.]\d{4}(?![\w.\-/])/g},
  {
    code: 'PII_ADDRESS',
    what: 'a street address',
    // Both need a digit; a house number a suffix, a unit number its word.
    gate: (t) => hasDigit(t) && ((hasSuffix(t) && HOUSE_AND_SUFFIX.test(t)) || (UNIT_WORDS.some((w) => t.includes(w)) && UNIT_NUMBER.test(t))),
    re: new RegExp(`\\b\\d{1,6}[A-Za-z]?\\s{1,3}(?:${DIRECTION}\\.?\\s{1,3})?(?:\\d{1,3}(?:st|nd|rd|th)|[A-Z][A-Za-z'-]{0,30})(?:\\s{1,3}[A-Z][A-Za-z'-]{0,30}){0,3}\\s{1,3}${STREET_SUFFIX}\\b\\.?|\\b(?:P\\.?\\s?O\\.?\\s{1,3}Box|Apt\\.?|Apartment|Unit|Suite)\\s{0,3}#?\\s{0,3}\\d{1,6}[A-Za-z]?\\b`, 'g'),
  },
  /** "123 main st", "412 north pine street": a house number, one word in any case, a street suffix. */
  {code: 'PII_ADDRESS', what: 'a street address', gate: (t) => hasDigit(t) && hasSuffixAnyCase(t.toLowerCase()) && HOUSE_AND_SUFFIX_ANY_CASE.test(t), re: new RegExp(`\\b\\d{1,6}[a-z]?\\s{1,3}(?:${DIRECTION}\\.?\\s{1,3})?(?!${NOT_STREET_WORD}\\s)[a-z][a-z'-]{0,30}\\s{1,3}${STREET_SUFFIX}\\b\\.?`, 'gi')},
  /** A street corner: "Pine & 3rd", "Pine St and Oak Ave". */
  {code: 'PII_ADDRESS', what: 'a street corner', gate: (t) => CORNER_AND.test(t) && (ORDINAL_STREET.test(t) || SUFFIX_WORD.test(t)), re: new RegExp(`\\b[A-Z][a-z]{1,30}(?:\\s{1,3}${STREET_SUFFIX}\\.?)?\\s{0,3}(?:&|\\band\\b)\\s{0,3}(?:\\d{1,3}(?:st|nd|rd|th)\\b|[A-Z][a-z]{1,30}\\s{1,3}${STREET_SUFFIX}\\b)`, 'g')},
  {code: 'PII_DOB', what: 'a date (possibly a birth date) in a field that is not a date', gate: (t) => NUMERIC_DATE.test(t) || (YEAR.test(t) && MONTH_START.test(t)), re: new RegExp(`(?<![\\w-])${FULL_DATE}(?![\\w-])`, 'gi'), notInDateFields: true},
]

/** The longest stretch any detector can match (windows overlap by at least this much). */
export const MAX_MATCH_LENGTH = 400

const LOCAL = /[A-Za-z0-9._%+-]/
const DOMAIN = /[A-Za-z0-9.-]/

const SPELLED_AT = /\s{1,2}at\s{1,2}|\s{0,2}(?:\(at\)|\[at\]|\{at\})\s{0,2}/gi
const SPELLED_DOMAIN = new RegExp(`[A-Za-z0-9-]{1,63}\\s{0,2}(?:\\(dot\\)|\\[dot\\]|\\{dot\\}|\\sdot\\s|\\.)\\s{0,2}${TLD}\\b`, 'iy')
/**
 * The end of every spelled domain: "dot" (its bracket) or ".", spaces, the first letters of a
 * top-level domain (every TLD alternative starts with one; the whole list costs 3 ms to compile).
 */
const SPELLED_TLD = /(?:dot|\.)[)\]}]?\s{0,3}(?:c[ao]|org|net|edu|gov|u[ks]|i[no]|biz|me)/i

/**
 * The gate of findSpelledEmails (see Detector.gate): no spelled e-mail without its "at" (in any
 * case: SPELLED_AT) and a spelled domain's end. Most text has an " at " and no domain's end, much
 * has neither: its patterns are then never compiled (4 ms; SPELLED_TLD's own ~1 ms).
 */
export const SPELLED_EMAILS: {gate?: (text: string) => boolean} = {gate: (t) => t.toLowerCase().includes('at') && SPELLED_TLD.test(t)}

/**
 * E-mail addresses spelled out to dodge a scan, "john at example dot org", "john(at)example.org":
 * found from the "at" (a pattern starting at every word would retry up to 64 characters each).
 */
export function findSpelledEmails(text: string, from: number, to: number): Array<{index: number; length: number}> {
  const out: Array<{index: number; length: number}> = []
  // A domain starts within a few characters after `to` (the last "at" starts before it) and is shorter than MAX_MATCH_LENGTH.
  if (SPELLED_EMAILS.gate && !SPELLED_EMAILS.gate(text.slice(from, to + MAX_MATCH_LENGTH))) return out
  SPELLED_AT.lastIndex = from
  for (let m = SPELLED_AT.exec(text); m !== null && m.index < to; m = SPELLED_AT.exec(text)) {
    let start = m.index
    while (start > 0 && m.index - start < 64 && LOCAL.test(text[start - 1]!)) start--
    if (start === m.index) continue
    SPELLED_DOMAIN.lastIndex = m.index + m[0].length
    const domain = SPELLED_DOMAIN.exec(text)
    if (domain) out.push({index: start, length: SPELLED_DOMAIN.lastIndex - start})
  }
  return out
}

/**
 * E-mail addresses with an @ in [from, to) of `text`: local@domain, also without a top-level
 * domain (john@example). Each @ looks at most 64 characters back and 255 ahead, so the cost is
 * linear (a pattern like /[\w.]+@/ retries every start of a long run: quadratic).
 */
export function findEmails(text: string, from: number, to: number): Array<{index: number; length: number}> {
  const out: Array<{index: number; length: number}> = []
  for (let at = text.indexOf('@', from); at !== -1 && at < to; at = text.indexOf('@', at + 1)) {
    let start = at
    while (start > 0 && at - start < 64 && LOCAL.test(text[start - 1]!)) start--
    let end = at + 1
    while (end < text.length && end - at <= 255 && DOMAIN.test(text[end]!)) end++
    while (end > at + 1 && /[.-]/.test(text[end - 1]!)) end--
    if (start < at && end > at + 1 && /[A-Za-z0-9]/.test(text[at + 1]!)) out.push({index: start, length: end - start})
  }
  return out
}
