/**
 * Does a commit message repeat what a referral, consent or meeting says in words a person typed?
 * `-m "notes: staying with his sister on 5th"` puts the notes in every clone's history, where the
 * record's own text never goes: every output conceals it (disclosable.ts). The identifier scan
 * (message-scan.ts) finds names and numbers; this finds the record's own free text, however it was
 * retyped: compared as the scan reads text (readable-text.ts: accents, look-alike letters,
 * full-width forms), in lower case, with everything but letters and digits left out, so spaces
 * squeezed out or punctuation changed still match.
 *
 * What counts as repeating: the whole value, or any three of its words in a row, of at least 4
 * letters and digits. Below 10 they must stand as whole words in the message (a value "none" is
 * not in "nonempty"); from 10 on, anywhere.
 */
import {ExitCode, LeadError} from '../errors.js'
import {readableText} from './readable-text.js'
import {parseRecordText} from '../records/record-parse.js'
import {disclosable, disclosableKey, shownPath, type ParticipantKind, type PathStep} from './disclosable.js'
import type {SiteVocabulary} from './vocabulary.js'

/** A value (or key) of a participant record the gate conceals, and where it is. */
export interface RecordText {
  kind: ParticipantKind
  path: PathStep[]
  value: string
}

export interface MessageRepeat {
  kind: ParticipantKind
  /** The field it repeats, as it may be printed (`notes`, `screening.overrides[0].reason`). */
  field: string
  /** Where in the message: "characters 9–41". */
  where: string
}

const SHORTEST = 4
const ANYWHERE = 10
const RUN = 3

/** Every string value (and key the schema does not know) of `data` the one gate would conceal. */
export function concealedTexts(kind: ParticipantKind, data: unknown, vocabulary: SiteVocabulary): RecordText[] {
  const out: RecordText[] = []
  // The gate reads paths without list positions; the field is named with them.
  const gated = (path: PathStep[]) => path.map((p) => (typeof p === 'number' ? null : p))
  const walk = (value: unknown, path: PathStep[]) => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]))
    else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (!disclosableKey(kind, gated(path), key)) out.push({kind, path: [...path, key], value: key})
        walk(v, [...path, key])
      }
    } else if (typeof value === 'string' && !disclosable(kind, gated(path), value, vocabulary)) out.push({kind, path, value})
  }
  walk(data, [])
  return out
}

/**
 * A file's value as its free text is listed from, read as a record is (records/record-parse.ts: no
 * tags, anchors or aliases, nothing printed), or its text when no value can be read from it: its
 * words are still the record's.
 */
export function parsedOrText(bytes: Buffer | string): unknown {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8')
  return parseRecordText('', text, {conceal: true}).data ?? text
}

/** The first of `texts` the message repeats, or undefined. */
export function repeatedText(message: string, texts: readonly RecordText[]): MessageRepeat | undefined {
  if (texts.length === 0) return undefined
  const said = folded(message)
  if (said.text.length < SHORTEST) return undefined
  for (const t of texts) {
    for (const run of runsOf(t.value)) {
      const at = findRun(said, run)
      if (at < 0) continue
      const from = said.origin[at]! + 1
      const to = said.origin[at + run.length - 1]! + 1
      return {kind: t.kind, field: shownPath(t.kind, t.path), where: from === to ? `character ${from}` : `characters ${from}–${to}`}
    }
  }
  return undefined
}

/** Text as compared: lower-case letters and digits only, each mapped to its offset in the original, with where words start and end. */
interface Folded {
  text: string
  origin: number[]
  starts: Set<number>
  ends: Set<number>
}

const WORD = /[\p{L}\p{N}]/u

function folded(text: string): Folded {
  const view = readableText(text)
  const letters = view.letters
  let out = ''
  const origin: number[] = []
  const starts = new Set<number>()
  const ends = new Set<number>()
  let inWord = false
  for (let i = 0; i < letters.length; ) {
    const code = letters.codePointAt(i)!
    const ch = String.fromCodePoint(code)
    if (WORD.test(ch)) {
      if (!inWord) starts.add(out.length)
      inWord = true
      for (const unit of ch.toLowerCase()) {
        out += unit
        origin.push(view.origin[i]!)
      }
    } else {
      if (inWord) ends.add(out.length)
      inWord = false
    }
    i += ch.length
  }
  if (inWord) ends.add(out.length)
  return {text: out, origin, starts, ends}
}

/** The whole value when it has at most three words, else every three of its words in a row; each as folded, long enough to count. */
function runsOf(value: string): string[] {
  const {text, starts, ends} = folded(value)
  const s = [...starts].sort((a, b) => a - b)
  const e = [...ends].sort((a, b) => a - b)
  const runs = new Set<string>()
  if (s.length <= RUN) runs.add(text)
  else for (let k = 0; k + RUN <= s.length; k++) runs.add(text.slice(s[k], e[k + RUN - 1]))
  return [...runs].filter((r) => r.length >= SHORTEST)
}

/** Where `run` is in the message: anywhere when long, else only as whole words. */
function findRun(said: Folded, run: string): number {
  for (let at = said.text.indexOf(run); at >= 0; at = said.text.indexOf(run, at + 1)) {
    if (run.length >= ANYWHERE || (said.starts.has(at) && said.ends.has(at + run.length))) return at
  }
  return -1
}

/** What to do instead, in every refusal of a message that repeats a record. */
export const REPEAT_ADVICE = 'say what changed ("notes updated"), not what the record says'

/** The one refusal (MESSAGE_REPEATS_RECORD, exit 2) for lead's own -m and the commit-msg hook: the field and where, never the text. */
export function repeatingMessageError(repeat: MessageRepeat, outcome: string, hint: string): LeadError {
  return new LeadError('MESSAGE_REPEATS_RECORD', `the commit message repeats the ${repeat.kind}'s ${repeat.field} (${repeat.where}); ${outcome}: git keeps every commit message in every clone, and git log prints it, while lead never prints that text`, {exit: ExitCode.usage, hint})
}
