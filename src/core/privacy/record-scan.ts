/**
 * Scan a referral or consent record for participant identifiers: every value and every key the
 * schema does not know, in any field, free text included — except values the site declared (a
 * declared district, a partner id, a staff name…: see disclosable.ts), names in staff fields, and
 * the fields lead.yaml `privacy.allow_identifiers` opts out (a warning on every run).
 */
import type {DataPath} from '../records/yaml-source.js'
import type {RecordComment} from '../records/yaml-comments.js'
import {keepCommentsThat} from '../records/kept-comments.js'
import {keyDisclosable, placeBelow, placeField, recordTop, scalarDisclosable, type ParticipantKind, type SchemaPlace} from './disclosable.js'
import {scanText, type IdentifierMatch} from './identifiers.js'
import type {SiteVocabulary} from './vocabulary.js'
import type {SiteConfig} from '../site.js'

export type ScannedKind = ParticipantKind

/** Fields that hold staff names (case managers, witnesses): not scanned for names. Paths without array indices. */
export const STAFF_FIELDS: Readonly<Record<ScannedKind, readonly string[]>> = {
  referral: ['handoff.case_manager'],
  consent: ['witness'],
  meeting: ['attendees.name', 'chair.name'],
}

/** Fields typed as dates or IDs by the schema: a date there is expected, not an identifier. */
export const DATE_FIELDS: Readonly<Record<ScannedKind, readonly string[]>> = {
  referral: ['id', 'received', 'evidence.date', 'handoff.arrived', 'intake.completed', 'prosecutor_review.date', 'closed', 'previous', 'consent'],
  consent: ['id', 'signed', 'expires', 'revoked'],
  // A meeting's business (decisions, agenda, actions, minutes) names dates as a matter of course;
  // a labelled birth date is still reported there. Case-conference notes get the full scan.
  meeting: ['id', 'date', 'case_conferences.last_contact', 'actions.due', 'actions.done', 'agenda.title', 'decisions.text', 'actions.text', 'notes'],
}

// A comment the scan finds nothing in under no allowance holds nothing under any: the parse cache
// need not keep it (records/kept-comments.ts).
keepCommentsThat((text) => scanText(text, {dateField: true}).length > 0)

const setsOf = (lists: Readonly<Record<ScannedKind, readonly string[]>>): Record<ScannedKind, ReadonlySet<string>> => ({referral: new Set(lists.referral), consent: new Set(lists.consent), meeting: new Set(lists.meeting)})
const STAFF_SETS = setsOf(STAFF_FIELDS)
const DATE_SETS = setsOf(DATE_FIELDS)

export interface RecordFinding extends IdentifierMatch {
  path: DataPath
  /** The finding is in a key (the last step of path), not in a value. */
  inKey: boolean
  /** The field path without indices, as lead.yaml allow_identifiers names it (e.g. referral.notes). */
  field: string
}

export interface RecordScanOptions {
  /** lead.yaml privacy.allow_identifiers: "referral.notes", "consent.information"... (a field and everything under it). */
  allow?: readonly string[]
  staffNames?: ReadonlySet<string>
  /** Terms never reported (lead.yaml privacy.allow_terms, declared districts and catchments). */
  allowedTerms?: ReadonlySet<string>
  /** What the site declared: a declared value is never scanned, and its charge codes are terms never reported (chargeTerms). */
  vocabulary?: SiteVocabulary
}

/**
 * The terms a record's scan lets pass: `allowedTerms`, and each charge code the site declares with
 * the statute it cites (the code without its trailing parenthesised subdivisions: `MCL 333.7403`
 * of `MCL 333.7403(2)(a)(v)`), whose section number reads as a phone number. A declared code may
 * be written in free text (a decision adopting it, notes), and a new subdivision of a declared
 * statute in `charges`. Only the vocabulary's codes count: the gate's holds those its base declared
 * too, so a change cannot declare a phone number a statute (`MCL 555.0123(a)`) and write it into
 * a referral. One set per pair of sets, as the scan's memo is keyed by the set.
 */
export function chargeTerms(allowedTerms: ReadonlySet<string> | undefined, vocabulary: Pick<SiteVocabulary, 'charges'> | undefined): ReadonlySet<string> | undefined {
  const charges = vocabulary?.charges
  if (!charges || charges.size === 0) return allowedTerms
  const terms = allowedTerms ?? NONE
  let byCharges = unions.get(terms)
  if (!byCharges) unions.set(terms, (byCharges = new WeakMap()))
  let union = byCharges.get(charges)
  if (!union) {
    const all = new Set(terms)
    for (const code of charges) {
      all.add(code)
      const statute = code.replace(SUBDIVISIONS, '')
      if (statute !== code && /[0-9]/.test(statute)) all.add(statute)
    }
    byCharges.set(charges, (union = all))
  }
  return union
}

/** `options` with the vocabulary's charge codes among its allowed terms (chargeTerms): itself when it declares none. */
function withCharges<T extends RecordScanOptions>(options: T): T {
  const allowedTerms = chargeTerms(options.allowedTerms, options.vocabulary)
  return allowedTerms === options.allowedTerms ? options : {...options, allowedTerms}
}

/** A code's trailing subdivisions: `(2)(a)(v)`, `(1) (b)`. */
const SUBDIVISIONS = /(?:\s*\([^()]*\))+$/
const unions = new WeakMap<ReadonlySet<string>, WeakMap<ReadonlySet<string>, ReadonlySet<string>>>()

/**
 * What lead.yaml lets the scan pass: the fields privacy.allow_identifiers opts out, and the terms
 * never reported (privacy.allow_terms and the declared districts and catchments). `config` is the
 * lead.yaml whose policy applies (the base's, for a change under review).
 */
export function scanAllowances(config: Pick<SiteConfig, 'privacy'>): {allow: readonly string[]; allowedTerms: Set<string>} {
  const p = config.privacy
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
  return {allow: p?.allow_identifiers ?? [], allowedTerms: new Set([...strings(p?.allow_terms), ...strings(p?.districts), ...strings(p?.catchments)])}
}

/**
 * A record's text that cannot be read as YAML, scanned line by line: which field a line is cannot be
 * told, so dates are taken as expected there (only a labelled birth date counts), as in a date field.
 */
export function scanLines(text: string, options: RecordScanOptions = {}): Array<IdentifierMatch & {line: number}> {
  const out: Array<IdentifierMatch & {line: number}> = []
  const {staffNames, allowedTerms} = withCharges(options)
  text.split('\n').forEach((line, i) => {
    for (const m of scanText(line, {dateField: true, staffNames, allowedTerms})) out.push({...m, line: i + 1})
  })
  return out
}

/**
 * A record's comments scanned as the lines of an unreadable record are (dates expected, only a
 * labelled birth date counts): text outside every field, so no field's allowance applies. Each
 * finding is placed at its line and column in the file.
 */
export function scanComments(comments: readonly RecordComment[], given: RecordScanOptions = {}): Array<IdentifierMatch & {line: number; column: number}> {
  const out: Array<IdentifierMatch & {line: number; column: number}> = []
  const options = withCharges(given)
  for (const c of comments) {
    // The text starts after the `#`; its answers are remembered as values' are (a template's lines recur).
    for (const m of scanned(c.text, true, options)) out.push({...m, line: c.line, column: c.column + 1 + m.index})
  }
  return out
}

function allowed(field: string, allow: readonly string[]): boolean {
  return allow.some((a) => field === a || field.startsWith(`${a}.`))
}

export function scanRecord(kind: ScannedKind, data: unknown, given: RecordScanOptions = {}): RecordFinding[] {
  const out: RecordFinding[] = []
  const options = withCharges(given)
  const allow = options.allow ?? []
  const staff = STAFF_SETS[kind]
  const dates = DATE_SETS[kind]
  // One path, stepped into and out of, and the walk's place among the schema's paths beside it: a
  // copy of the path is made only for a finding (a cold validation walks ~400,000 values).
  const path: Array<string | number> = []
  const scan = (text: string, at: SchemaPlace, inKey: boolean) => {
    const field = placeField(at, path)
    if (allow.length > 0 && allowed(`${kind}.${field}`, allow)) return
    const dateField = !inKey && dates.has(field)
    for (const m of scanned(text, dateField, options)) {
      if (m.code === 'PII_NAME' && !inKey && staff.has(field)) continue
      out.push({...m, path: [...path], inKey, field: `${kind}.${field}`})
    }
  }
  const walk = (value: unknown, at: SchemaPlace) => {
    if (typeof value === 'string' || typeof value === 'number') {
      // A value of the site's closed vocabulary is not an identifier; anything else is read.
      if (!scalarDisclosable(kind, at, path, value, options.vocabulary)) scan(String(value), at, false)
    } else if (Array.isArray(value)) {
      const item = placeBelow(at, null)
      for (let i = 0; i < value.length; i++) {
        path.push(i)
        walk(value[i], item)
        path.pop()
      }
    } else if (value && typeof value === 'object') {
      for (const k of Object.keys(value)) {
        // Asked at the map's own place, before the key is a step of the path.
        const known = keyDisclosable(kind, at, path, k)
        const below = placeBelow(at, k)
        path.push(k)
        if (!known) scan(k, below, true)
        // An own key's value (a key named __proto__ included: own properties come first).
        walk((value as Record<string, unknown>)[k], below)
        path.pop()
      }
    }
  }
  walk(data, recordTop(kind))
  return out
}

/**
 * What scanText finds in `text`, remembered for the run: the same value recurs across a site's
 * records (a consent form's printed paragraphs, a case manager's name, a phrase of the notes), and
 * the answer depends on the text, whether the field is a date, and the site's names and terms alone
 * (their sets, the same objects for a whole validation, key the memo).
 */
function scanned(text: string, dateField: boolean, options: RecordScanOptions): readonly IdentifierMatch[] {
  const scan = () => scanText(text, {dateField, staffNames: options.staffNames, allowedTerms: options.allowedTerms})
  if (text.length > MEMO_TEXT) return scan()
  const memo = memoFor(options.staffNames ?? NONE, options.allowedTerms ?? NONE)
  const answers = dateField ? memo.inDateFields : memo.elsewhere
  let found = answers.get(text)
  if (found === undefined) {
    found = scan()
    if (answers.size < MEMO_ENTRIES) answers.set(text, found)
  }
  return found
}

/** scanText's answers under one set of staff names and allowed terms, by text. */
class ScanMemo {
  readonly inDateFields = new Map<string, readonly IdentifierMatch[]>()
  readonly elsewhere = new Map<string, readonly IdentifierMatch[]>()
  constructor(
    readonly staffSize: number,
    readonly termsSize: number,
  ) {}
}

const NONE: ReadonlySet<string> = new Set()
const memos = new WeakMap<ReadonlySet<string>, WeakMap<ReadonlySet<string>, ScanMemo>>()
/** Longer values are scanned each time (free text seldom recurs whole), and a memo holds at most so many. */
const MEMO_TEXT = 2000
const MEMO_ENTRIES = 200_000

function memoFor(staff: ReadonlySet<string>, terms: ReadonlySet<string>): ScanMemo {
  let byTerms = memos.get(staff)
  if (!byTerms) memos.set(staff, (byTerms = new WeakMap()))
  let memo = byTerms.get(terms)
  // A set added to after answers were remembered (no caller does so) forgets them.
  if (!memo || memo.staffSize !== staff.size || memo.termsSize !== terms.size) byTerms.set(terms, (memo = new ScanMemo(staff.size, terms.size)))
  return memo
}
