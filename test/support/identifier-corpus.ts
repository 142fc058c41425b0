/**
 * Text for proving the identifier scan's gates (identifier-patterns.ts, Detector.gate): string
 * literals of the privacy tests, the YAML test suite and example-site files, and generated text
 * made of identifiers of every form each detector knows (every branch of every pattern: labels,
 * dates, ages, phone numbers, addresses, corners), near misses of them, look-alike and
 * full-width characters, odd spaces and cases, and cuts anywhere (a scan window starts anywhere).
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {seededRandom} from './seeded-random.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Quoted string literals of test files that hold identifiers (escape sequences read as JSON reads them, where it can). */
export function testFileStrings(): string[] {
  const files = ['test/core/privacy-scan.test.ts', 'test/core/disclosable.test.ts', 'test/commands/privacy-corpus.test.ts', 'test/commands/privacy-output.test.ts', 'test/commands/export-deidentify.test.ts', 'test/core/referral-import.test.ts']
  const out: string[] = []
  for (const f of files) {
    const text = fs.readFileSync(path.join(ROOT, f), 'utf8')
    for (const m of text.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`([^`]*)`/g)) {
      const raw = m[1] ?? m[2] ?? m[3] ?? ''
      out.push(raw)
      try {
        out.push(JSON.parse(`"${raw.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string)
      } catch {
        // Not a JSON string body (a template with ${…}): the raw text is enough.
      }
    }
  }
  return out
}

/** Every file of the YAML test suite and of the example site, whole and line by line. */
export function fixtureTexts(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.(ya?ml|md|csv)$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8')
        out.push(text, ...text.split('\n'))
      }
    }
  }
  walk(path.join(ROOT, 'fixtures/yaml-test-suite'))
  walk(path.join(ROOT, 'fixtures/example-site'))
  return out
}

const MONTHS = ['Jan', 'January', 'Feb', 'February', 'Mar', 'March', 'Apr', 'April', 'May', 'Jun', 'June', 'Jul', 'July', 'Aug', 'August', 'Sep', 'Sept', 'September', 'Oct', 'October', 'Nov', 'November', 'Dec', 'December']
const AGE_WORDS = ['twenty', 'thirty', 'forty', 'fourty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'seventeen', 'eighteen', 'nineteen', 'sixteen', 'fifteen', 'fourteen', 'thirteen', 'twelve', 'eleven', 'twenty-one', 'thirty five', 'fortytwo', 'ten', 'nine']
const SUFFIXES = ['St', 'Street', 'Ave', 'Avenue', 'Rd', 'Road', 'Blvd', 'Boulevard', 'Dr', 'Drive', 'Ln', 'Lane', 'Way', 'Ct', 'Court', 'Pl', 'Place', 'Ter', 'Terrace', 'Hwy', 'Highway', 'Pkwy', 'Parkway', 'Cir', 'Circle', 'Sq', 'Square', 'Loop', 'Trl', 'Trail', 'Stree', 'Av', 'Roads']
const DIRECTIONS = ['N', 'S', 'E', 'W', 'NE', 'NW', 'SE', 'SW', 'North', 'South', 'East', 'West', 'Northeast', 'Northwest', 'Southeast', 'Southwest']
const WORDS = ['Pine', 'Oak', 'Main', "O'Neil", 'Martin-Luther', 'Harbor', 'View', 'the', 'and', 'of', 'at', 'on', 'days', 'officers', 'court', 'way', 'place', 'Maria', 'Lopez', 'John', 'seen', 'near', 'old', 'age', 'agency', 'aged', 'born', 'birth', 'you', 'yo', 'year', 'yrs', 'Box', 'Apt', 'Unit', 'Suite', 'Apartment', 'PO', 'P.O.', '&', 'phone', 'tel', 'cell', 'mobile', 'ph', 'SSN', 'SS#', 'ss', 'no.', 'num', '#', ':', '-', 'x', 'D.O.B', 'the 4th', 'of']
const LABELS_DOB = ['DOB', 'D.O.B.', 'D.O.B', 'dob', 'date of birth', 'date  of\tbirth', 'birth date', 'birthdate', 'birthday', 'born', 'born on', 'born in', 'Born  on', 'BIRTHDAY']
const LABELS_SSN = ['SSN', 'SS#', 'social security', 'social security number', 'social  security no.', 'social security #', 'ss no.', 'ss#', 'ss num', 'ss number', 'SS No']
const LABELS_PHONE = ['phone', 'tel', 'cell', 'mobile', 'ph', 'Phone no.', 'tel#', 'cell number', 'PH.']
/** As long as a street word of the address patterns may be (31 characters). */
const LONGEST_WORD = "Abcdefghijklmnopqrstuvwxyz'-Abc"
const TLDS = ['com', 'org', 'net', 'edu', 'gov', 'us', 'io', 'info', 'biz', 'me', 'co', 'uk', 'ca']
const SPACES = [' ', ' ', ' ', '  ', '   ', '    ', '\t', '\n', '', '\u00a0', '\u2003', '\r\n']
const LOOKALIKES: Record<string, string> = {'0': 'O', '1': 'l', '5': 'S', '2': 'Z', '8': 'B', o: '0', i: '1', e: '3', a: '4', s: '5'}

export function generatedTexts(count: number, seed = 20_261_201): string[] {
  const rand = seededRandom(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))
  const digits = (n: number) => Array.from({length: n}, () => String(int(0, 9))).join('')
  const sp = () => (rand() < 0.7 ? ' ' : pick(SPACES))
  const opt = (s: string) => (rand() < 0.5 ? s : '')
  const ordinal = () => `${int(1, 31)}${pick(['', '', 'st', 'nd', 'rd', 'th', 'TH'])}`
  const month = () => `${pick(MONTHS)}${opt('.')}`
  const year = () => pick([String(int(1900, 2030)), digits(4), `${pick(['19', '20'])}${digits(2)}`])
  const fullDate = () =>
    pick([
      () => `${year()}-${int(1, 12)}-${int(1, 31)}`,
      () => `${year()}-${digits(2)}-${digits(2)}`,
      () => {
        const sep = pick(['/', '-', '/', '.'])
        return `${int(1, 12)}${sep}${int(1, 31)}${pick([sep, sep, '/', '-'])}${pick([year(), digits(2)])}`
      },
      () => `${month()}${sp()}${opt(`the${sp()}`)}${ordinal()}${opt(',')}${sp()}${year()}`,
      () => `${opt(`the${sp()}`)}${ordinal()}${sp()}${opt(`of${sp()}`)}${month()}${opt(',')}${sp()}${year()}`,
    ])()
  const anyDate = () => pick([fullDate, () => `${int(1, 31)}.${int(1, 12)}.${pick([year(), digits(2)])}`, () => `${month()}${sp()}${ordinal()}`, () => `${opt(`the${sp()}`)}${ordinal()}${sp()}${opt(`of${sp()}`)}${month()}`, year])()
  const capWord = () => pick([...WORDS.filter((w) => /^[A-Z]/.test(w)), 'Madison', 'Elm', 'Cherry', LONGEST_WORD])
  const street = () => {
    const first = rand() < 0.3 ? `${int(1, 199)}${pick(['st', 'nd', 'rd', 'th'])}` : capWord()
    const more = Array.from({length: int(0, 4)}, () => `${sp()}${capWord()}`).join('')
    return `${digits(int(1, 7))}${opt(pick(['A', 'b', 'C']))}${sp()}${rand() < 0.3 ? `${pick(DIRECTIONS)}${opt('.')}${sp()}` : ''}${first}${more}${sp()}${pick(SUFFIXES)}${opt('.')}`
  }
  const pieces: Array<() => string> = [
    () => `${digits(3)}${pick(['-', ' ', '', '.'])}${digits(2)}${pick(['-', ' ', '', '.'])}${digits(4)}`,
    () => `${pick(LABELS_SSN)}${sp()}${pick(['', ':', '#'])}${sp()}${digits(3)}${pick(['-', ' ', ''])}${digits(2)}${pick(['-', ' ', ''])}${digits(4)}`,
    () => `${pick(LABELS_DOB)}${sp()}${pick(['', ':', '-'])}${sp()}${anyDate()}`,
    () => `${pick(['age', 'aged', 'Age', 'AGED', 'agency'])}${sp()}${pick(['', ':', '-'])}${sp()}${pick([String(int(1, 120)), pick(AGE_WORDS)])}`,
    () => `${pick([String(int(1, 120)), pick(AGE_WORDS)])}${sp()}${opt(`-${sp()}`)}${pick(['year', 'years', 'yr', 'yrs', 'Years'])}${pick([sp(), '-'])}${pick(['old', 'OLD', 'older', 'ago'])}`,
    () => `${int(1, 120)}${sp()}${pick(['y/o', 'yo', 'YO', 'y/O', 'you', 'yolo'])}`,
    () => `${opt(pick(['+1', '1', '+1 ']))}${pick(['', ' ', '.', '-'])}${pick([`(${digits(3)})${opt(' ')}`, `${digits(3)}${pick([' ', '.', '-'])}`])}${digits(3)}${pick([' ', '.', '-', ''])}${digits(4)}`,
    () => `+${digits(int(1, 3))}${Array.from({length: int(1, 6)}, () => `${pick(['', ' ', '.', '-'])}${digits(int(1, 5))}`).join('')}`,
    () => `${pick(LABELS_PHONE)}${sp()}${opt(pick(['no.', '#', 'number']))}${sp()}${pick(['', ':', '#'])}${sp()}${digits(int(6, 12))}`,
    () => `${opt('1')}${int(0, 9)}${digits(9)}`,
    () => `${digits(3)}${pick(['-', '.', ' '])}${digits(4)}`,
    street,
    street,
    () => street().toLowerCase(),
    () => street().toLowerCase(),
    // The longest stretch between a house number and its street suffix each pattern allows.
    () => `${digits(6)}B   Southwest.   ${LONGEST_WORD}${`   ${LONGEST_WORD}`.repeat(3)}   ${pick(SUFFIXES)}`,
    () => `${digits(6)}b   southwest.   ${LONGEST_WORD.toLowerCase()}   ${pick(SUFFIXES)}`,
    () => `${pick(['P.O. Box', 'PO Box', 'P.O.Box', 'P O  Box', 'Apt.', 'Apt', 'Apartment', 'Unit', 'Suite', 'apt', 'BOX'])}${sp()}${opt('#')}${sp()}${digits(int(1, 7))}${opt('B')}`,
    () => `${capWord()}${rand() < 0.4 ? `${sp()}${pick(SUFFIXES)}${opt('.')}` : ''}${sp()}${pick(['&', 'and', 'AND', 'And'])}${sp()}${pick([`${int(1, 999)}${pick(['st', 'nd', 'rd', 'th', 'x'])}`, `${capWord()}${sp()}${pick(SUFFIXES)}`])}`,
    () => `${capWord()}${rand() < 0.4 ? `${sp()}${pick(SUFFIXES)}${opt('.')}` : ''}${sp()}${pick(['&', 'and', 'AND', 'And'])}${sp()}${pick([`${int(1, 999)}${pick(['st', 'nd', 'rd', 'th', 'x'])}`, `${capWord()}${sp()}${pick(SUFFIXES)}`])}`,
    fullDate,
    anyDate,
    () => `${digits(int(1, 12))}${sp()}${pick(WORDS)}`,
    () => pick(WORDS),
    () => `${pick(['john', 'lamar.jones', 'x_y', 'J0HN', ''])}${pick(['@', ' at ', '(at)', ' [at] ', '{at}', '  at  ', ' AT ', 'at'])}${pick(['example', 'mail', 'my-host', 'x'.repeat(63), ''])}${pick(['.', ' dot ', '(dot)', '[dot]  ', '{dot}', ' dot  ', '. ', ' DOT ', '.  ', ''])}${pick([...TLDS, ...TLDS.map((t) => t.toUpperCase()), 'c0m', 'xyz', ''])}${pick(['', '', 'x', '.', ' and'])}`,
  ]
  const mutate = (s: string): string => {
    switch (int(0, 9)) {
      case 0:
        return s.toUpperCase()
      case 1:
        return s.toLowerCase()
      case 2:
        return [...s].map((c) => (rand() < 0.3 ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('')
      case 3:
        return [...s].map((c) => (rand() < 0.2 && LOOKALIKES[c] ? LOOKALIKES[c] : c)).join('')
      case 4: {
        const at = int(0, s.length)
        return s.slice(0, at) + s.slice(at + 1)
      }
      case 5:
        // Full-width digits and letters, Cyrillic look-alikes: the readable view folds them back.
        return [...s].map((c) => (rand() < 0.3 && /[0-9A-Za-z]/.test(c) ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c === 'o' && rand() < 0.5 ? 'о' : c)).join('')
      case 6:
        return s.replace(/ /g, () => pick(SPACES))
      default:
        return s
    }
  }
  const out: string[] = []
  while (out.length < count) {
    const parts = Array.from({length: int(1, 4)}, () => mutate(pick(pieces)()))
    const text = parts.map((p) => (rand() < 0.3 ? `${pick(WORDS)}${sp()}${p}` : p)).join(pick([' ', ', ', '; ', sp(), '', '\n', '-', '/']))
    out.push(text)
    // A scan window may start or end anywhere.
    const from = int(0, text.length)
    out.push(text.slice(from, int(from, text.length)))
  }
  // Long texts: several windows of the scan, with identifiers across their edges.
  for (let i = 0; i < 6; i++) out.push(out.slice(i * 400, i * 400 + 400).join(' '.repeat(int(1, 3))).repeat(3))
  return out
}
