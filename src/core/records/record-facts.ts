/**
 * What the cross-record rules need to know of a referral or consent without reading its value:
 * the id it holds, its participant code, and the records it names (its consent, a re-referral's
 * previous referral). Kept in the parse cache's index by content hash, so that after one referral
 * changed, validation finds which records read which without the other 13,000 values (and so the
 * values file is barely read: values-file.ts parses a value only when it is asked for).
 *
 * Only minted values are kept (referral and consent IDs, participant codes `P-` and six capitals
 * or digits): a record whose fields hold anything else (a name typed into participant) has no
 * facts, and rules read its value instead. So the index never holds free text from a participant
 * record.
 */
import {GENERATED_ID_PATTERN} from './kinds.js'

export interface RecordFacts {
  id?: string
  participant?: string
  consent?: string
  previous?: string
}

/** The fields records are matched by, in the order the index holds them. */
export const FACT_FIELDS = ['id', 'participant', 'consent', 'previous'] as const
const FIELDS = FACT_FIELDS
const PARTICIPANT_CODE = /^P-[0-9A-Z]{6}$/
const minted = (field: (typeof FIELDS)[number], v: string) => (field === 'participant' ? PARTICIPANT_CODE : GENERATED_ID_PATTERN).test(v)

/** The facts of a record's value, or undefined when one of the fields holds something not shaped like an ID. */
export function factsOf(data: Record<string, unknown>): RecordFacts | undefined {
  const facts: RecordFacts = {}
  for (const field of FIELDS) {
    const v = data[field]
    if (v === undefined) continue
    if (typeof v !== 'string' || !minted(field, v)) return undefined
    facts[field] = v
  }
  return facts
}

/** As the index holds them: the four fields in order, joined by `|` (absent: empty). */
export function encodeFacts(facts: RecordFacts | undefined): string {
  // "": the record has no facts (its matching fields hold something not shaped like an ID).
  if (!facts) return ''
  return FIELDS.map((f) => facts[f] ?? '').join('|')
}

/** The facts encodeFacts wrote (the index is lead's own file: checked for shape, not re-validated). */
export function decodeFacts(text: string): RecordFacts | undefined {
  // Cut where the bars are, fields set in one order: a validation decodes 10,000 of these, and a
  // split, an iterator and a pair per field cost more than the work.
  const a = text.indexOf('|')
  const b = a < 0 ? -1 : text.indexOf('|', a + 1)
  const c = b < 0 ? -1 : text.indexOf('|', b + 1)
  if (c < 0 || text.indexOf('|', c + 1) >= 0) return undefined
  const facts: RecordFacts = {}
  if (a > 0) facts.id = text.slice(0, a)
  if (b > a + 1) facts.participant = text.slice(a + 1, b)
  if (c > b + 1) facts.consent = text.slice(b + 1, c)
  if (text.length > c + 1) facts.previous = text.slice(c + 1)
  return facts
}

/**
 * Whether facts as encodeFacts wrote them name one of `names` as their consent or previous record,
 * read in place (delta-basis.ts asks this of 10,000 referrals after one changed: no object, and
 * no text but a field's, per record); undefined when the text is not of that shape (decodeFacts
 * gives none). From `start`: the facts at the end of an index entry's code (index-tables.ts entryCode).
 */
export function factsName(text: string, names: ReadonlySet<string>, start = 0): boolean | undefined {
  const a = text.indexOf('|', start)
  const b = a < 0 ? -1 : text.indexOf('|', a + 1)
  const c = b < 0 ? -1 : text.indexOf('|', b + 1)
  if (c < 0 || text.indexOf('|', c + 1) >= 0) return undefined
  // Only a field that is there names anything (an empty one is absent, as decodeFacts reads it).
  // Looked up, not iterated: a Set's iterator is two objects a record on a cold run.
  return (c - b > 1 && names.has(text.slice(b + 1, c))) || (text.length - c > 1 && names.has(text.slice(c + 1)))
}
