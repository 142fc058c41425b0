/**
 * Heuristic detection of participant identifiers in free text. The text is read as a person sees
 * it (readable-text.ts: compatibility forms, look-alike letters, letters typed for digits and back),
 * then scanned window by window with detectors whose matches are bounded in length, so the cost is
 * linear in the length of the text whatever it holds. The detectors favour catching a leak over
 * silence; their limits are documented in docs/guides/privacy.md. None can prove text is free of
 * identifiers.
 */
import {DETECTORS, findEmails, findSpelledEmails, MAX_MATCH_LENGTH, type IdentifierCode} from './identifier-patterns.js'
import {nameKey} from './name-key.js'
import {listedNames, PhraseIndex, TITLE, titledNames, type NameMatch} from './person-names.js'
import {readableText, scanKey, type ReadableText} from './readable-text.js'

export type {IdentifierCode}

export interface IdentifierMatch {
  code: IdentifierCode
  /** What was found, in words: "a phone number". */
  what: string
  /** Offset of the match in the original text, and its length there. */
  index: number
  length: number
}

export interface ScanTextOptions {
  /** The field is typed as a date, so a bare date is expected there (only labelled birth dates count). */
  dateField?: boolean
  /**
   * Names the site knows (staff: partner contacts, signatories, officers, trainers; and partner
   * organisations; see vocabulary.ts staffKey), never reported as PII_NAME, also where they run
   * longer than the two words a detector looks at ("Mary Ann Jones", "Virginia Mason Medical Center").
   */
  staffNames?: ReadonlySet<string>
  /** Terms nothing is reported inside (lead.yaml privacy.allow_terms, declared districts): whole words, any case. */
  allowedTerms?: ReadonlySet<string>
}

/** Text is scanned in windows of this many characters (plus context and overlap on each side). */
const STEP = 4096
/** Characters before a window that lookbehinds and word boundaries may look at. */
const CONTEXT = 64

interface Found {
  code: IdentifierCode
  what: string
  /** In view offsets. */
  index: number
  length: number
  /** Detector rank: of overlapping findings, the lower rank is kept. */
  rank: number
  name?: NameMatch
}

const indexes = new WeakMap<ReadonlySet<string>, PhraseIndex>()
function phraseIndex(set: ReadonlySet<string> | undefined): PhraseIndex | undefined {
  if (!set || set.size === 0) return undefined
  let index = indexes.get(set)
  if (!index) indexes.set(set, (index = new PhraseIndex([...set].map(scanKey))))
  return index
}

/** Every identifier-like stretch of `text`, in order, overlapping matches of lower rank dropped. */
export function scanText(text: string, options: ScanTextOptions = {}): IdentifierMatch[] {
  if (text.length === 0) return []
  const view = readableText(text)
  const n = view.digits.length
  const found: Found[] = []
  for (let start = 0; start < n; start += STEP) detectIn(view, start, Math.min(n, start + STEP), options, found)

  if (found.length === 0) return []
  // Built only for text with findings: each phrase is read as the scan reads text (scanKey).
  const staff = phraseIndex(options.staffNames)
  const allowed = phraseIndex(options.allowedTerms)
  let lower: string | undefined
  const comparable = () => (lower ??= comparisonView(view.letters))
  const isStaff = (name: NameMatch) => staff !== undefined && (staff.has(name.words.map(nameKey).join(' ')) || staff.has([...name.words].reverse().map(nameKey).join(' ')))

  const claimed = new Uint8Array(n)
  const kept: IdentifierMatch[] = []
  found.sort((a, b) => a.rank - b.rank || a.index - b.index)
  for (const f of found) {
    const end = f.index + f.length
    if (f.code === 'PII_NAME' && staff && f.name && (isStaff(f.name) || staff.covers(comparable(), f.index + titleLength(view.letters, f.index), end))) continue
    if (allowed?.covers(comparable(), f.index, end)) continue
    // Detectors rank from most to least specific: the first to claim a stretch keeps it.
    let free = true
    for (let i = f.index; i < end; i++) {
      if (claimed[i]) {
        free = false
        break
      }
    }
    if (!free) continue
    claimed.fill(1, f.index, end)
    const index = view.origin[f.index]!
    kept.push({code: f.code, what: f.what, index, length: view.origin[end]! - index})
  }
  return kept.sort((a, b) => a.index - b.index)
}

/** Run every detector on the window [start, end) of the views, keeping matches that start in it. */
function detectIn(view: ReadableText, start: number, end: number, options: ScanTextOptions, out: Found[]): void {
  const from = Math.max(0, start - CONTEXT)
  const to = Math.min(view.digits.length, end + MAX_MATCH_LENGTH)
  const owns = (index: number) => index >= start && index < end
  let rank = 0
  for (const m of [...findEmails(view.digits, start, end), ...findSpelledEmails(view.digits, start, end)]) out.push({code: 'PII_EMAIL', what: 'an e-mail address', index: m.index, length: m.length, rank})
  const digits = view.digits.slice(from, to)
  for (const d of DETECTORS) {
    rank++
    if (d.notInDateFields && options.dateField) continue
    // Most text holds nothing a detector needs: its regular expression is then never compiled.
    if (d.gate && !d.gate(digits)) continue
    d.re.lastIndex = 0
    for (let m = d.re.exec(digits); m !== null; m = d.re.exec(digits)) {
      if (m[0].length === 0) {
        d.re.lastIndex++
        continue
      }
      if (owns(from + m.index)) out.push({code: d.code, what: d.what, index: from + m.index, length: m[0].length, rank})
    }
  }
  const letters = view.letters.slice(from, to)
  rank++
  for (const m of titledNames(letters, 0, letters.length)) if (owns(from + m.index)) out.push({code: 'PII_NAME', what: m.what, index: from + m.index, length: m.length, rank, name: m})
  rank++
  for (const m of listedNames(letters)) if (owns(from + m.index)) out.push({code: 'PII_NAME', what: m.what, index: from + m.index, length: m.length, rank, name: m})
}

/** Letters view in lower case with l read as i, the same length (see scanKey). */
function comparisonView(letters: string): string {
  let out = ''
  for (const c of letters) {
    const l = c.toLowerCase()
    out += l.length === c.length ? (l === 'l' ? 'i' : l) : c
  }
  return out
}

/** Length of a title ("Dr. ") at `index`: a staff name after a title is still the staff name. */
function titleLength(letters: string, index: number): number {
  return TITLE.exec(letters.slice(index, index + 12))?.[0].length ?? 0
}
