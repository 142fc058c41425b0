/**
 * Does a commit message repeat what a referral, consent or meeting says in words a person typed?
 * `-m "notes: staying with his sister on 5th"` puts the notes in every clone's history, where the
 * record's own text never goes: every output conceals it (disclosable.ts). The identifier scan
 * (message-scan.ts) finds names and numbers; this finds the record's own free text, however it was
 * retyped: compared as the scan reads text (readable-text.ts: accents, look-alike letters,
 * full-width forms), in lower case, with everything but letters and digits left out, so spaces
 * squeezed out or punctuation changed still match.
 *
 * What counts as repeating: a value of at most three words whole, or any three of a longer value's
 * words in a row, of at least 4 letters and digits. Below 10 they must stand as whole words in the
 * message (a value "none" is not in "nonempty"); from 10 on, anywhere. Not counted: the words of
 * what the site declared (a partner's ID or name, a district, a badge, a staff name: a message may
 * name them, and free text may too), and runs of everyday words only ("case manager to follow
 * up"), which say nothing of the person.
 */
import {ExitCode, LeadError} from '../errors.js'
import {readableText} from './readable-text.js'
import {parseRecordText} from '../records/record-parse.js'
import {KIND_INFO} from '../records/kinds.js'
import {disclosable, disclosableKey, shownPath, type ParticipantKind, type PathStep} from './disclosable.js'
import {NO_VOCABULARY, staffKey, type SiteVocabulary, type VocabularySource} from './vocabulary.js'

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

/** Words that say nothing of a person on their own: English's commonest, and a LEAD site's everyday ones. */
const EVERYDAY = new Set(
  (
    'a an the and or but if of to in on at by for with from into onto over under about after before as is are was were be been being it its ' +
    'this that these those he she they them his her hers their him we us our you your i me my not no yes do does did done has have had will ' +
    'would can could should may might must up down out off than then there here also just only very so all any some more most other ' +
    'referral referrals referred consent consents meeting meetings case manager managers notes note intake status enrolled closed open call ' +
    'called calls back follow followed update updated added add removed remove set fixed fix changed change record records participant ' +
    'officer officers court date dates time today tomorrow yesterday week weeks day days visit visits contact contacted phone left plan next ' +
    'step steps new old per via again see seen met'
  ).split(' '),
)

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

/** What the comparison needs of the site: its vocabulary (which values the gate prints) and its declared phrases. */
export interface SiteWords {
  vocabulary: SiteVocabulary
  declared: ReadonlySet<string>
}

export function siteWords(vocabulary: SiteVocabulary, records: VocabularySource): SiteWords {
  return {vocabulary, declared: declaredPhrases(vocabulary, records)}
}

/**
 * What the site declared, as compared (folded): every value of its vocabulary and its partners'
 * names. Words of a value that spell one of them are left out of the runs compared. A partner's
 * name is the vocabulary's as a staff name (staffKey: its title aside, which it is added with), so
 * one counts only when the vocabulary holds it: the gate's (review/self-declared.ts declaredByBoth)
 * holds a name only when the change's base declared it too, so a change cannot add a partner named
 * after a participant's notes and then pass a commit message that repeats them.
 */
export function declaredPhrases(vocabulary: SiteVocabulary, records: VocabularySource): Set<string> {
  const out = new Set<string>()
  const add = (v: unknown) => {
    if (typeof v !== 'string') return
    const text = folded(v).text
    if (text.length > 0) out.add(text)
  }
  for (const values of Object.values(vocabulary)) for (const v of values) add(v)
  for (const p of records.ofKind('partner')) if (typeof p.data?.name === 'string' && vocabulary.staff.has(staffKey(p.data.name))) add(p.data.name)
  return out
}

/**
 * A file's value as its free text is listed from, read as a record is (records/record-parse.ts: no
 * tags, anchors or aliases, nothing printed), or its text when no value can be read from it: its
 * words are still the record's.
 */
export function parsedOrText(bytes: Buffer | string, kind?: ParticipantKind): unknown {
  // No more than a record of its kind may hold (a larger one is refused as a record anyway).
  const most = kind ? KIND_INFO[kind].maxBytes : Infinity
  const whole = typeof bytes === 'string' ? bytes : bytes.toString('utf8', 0, Math.min(bytes.length, most))
  const text = whole.length > most ? whole.slice(0, most) : whole
  return parseRecordText('', text, {conceal: true}).data ?? text
}

/** The first of `texts` the message repeats, or undefined; `declared`: declaredPhrases. */
export function repeatedText(message: string, texts: readonly RecordText[], declared: ReadonlySet<string> = new Set()): MessageRepeat | undefined {
  if (texts.length === 0) return undefined
  const said = folded(message)
  if (said.text.length < SHORTEST) return undefined
  for (const t of texts) {
    for (const run of runsOf(t.value, declared)) {
      const at = findRun(said, run)
      if (at < 0) continue
      const from = said.origin[at]! + 1
      const to = said.origin[at + run.length - 1]! + 1
      return {kind: t.kind, field: t.path.length === 0 ? 'text' : shownPath(t.kind, t.path), where: from === to ? `character ${from}` : `characters ${from}–${to}`}
    }
  }
  return undefined
}

/**
 * repeatedText with the site's words asked for only when the message repeats something without
 * them: a vocabulary only makes values printable and declared words only break runs, so what
 * repeats nothing under NO_VOCABULARY repeats nothing under any (a commit's usual message reads no
 * site record). `texts` lists the free text under a vocabulary.
 */
export function repeatedInSite(message: string, texts: (vocabulary: SiteVocabulary) => readonly RecordText[], words: () => SiteWords): MessageRepeat | undefined {
  if (!repeatedText(message, texts(NO_VOCABULARY))) return undefined
  const site = words()
  return repeatedText(message, texts(site.vocabulary), site.declared)
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

/**
 * The runs of a value compared: the whole value when it has at most three words, else every three
 * of its words in a row; none holding a word of a declared phrase, none of everyday words only,
 * each as folded and long enough to count.
 */
function runsOf(value: string, declared: ReadonlySet<string>): string[] {
  const {text, starts, ends} = folded(value)
  const s = [...starts].sort((a, b) => a - b)
  const e = [...ends].sort((a, b) => a - b)
  const words = s.map((from, k) => text.slice(from, e[k]))
  // A declared phrase is one or more whole words of the value: those words are the site's.
  const site = new Array<boolean>(words.length).fill(false)
  for (let k = 0; k < words.length; k++) {
    let spelt = ''
    for (let j = k; j < words.length && spelt.length < 200; j++) {
      spelt += words[j]
      if (declared.has(spelt)) site.fill(true, k, j + 1)
    }
  }
  const runs = new Set<string>()
  const take = (k: number, n: number) => {
    const slice = words.slice(k, k + n)
    if (site.slice(k, k + n).some(Boolean) || slice.every((w) => EVERYDAY.has(w))) return
    runs.add(slice.join(''))
  }
  if (words.length <= RUN) take(0, words.length)
  else for (let k = 0; k + RUN <= words.length; k++) take(k, RUN)
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
