/**
 * What a mistyped command line most likely meant, keeping its arguments (which of them an error
 * may repeat is cli/typed-words.ts's to say):
 *   lead referral new --set …   → lead new referral --set …    (kind and verb swapped)
 *   lead add partner            → lead new partner             (a synonym of a lead verb)
 *   lead partner list           → lead list partner            (both)
 *   lead partners               → lead list partners           (a kind alone)
 *   lead lsit referral          → lead list referral           (a typo, by edit distance)
 */
import {parseKind} from '../core/records/kinds.js'
import {closest} from '../core/text/suggest.js'

/** Commands whose first argument is a record kind (or a record: KIND ID). */
export const KIND_VERBS: readonly string[] = ['new', 'list', 'show', 'set', 'edit', 'history', 'export']

/** Words people reach for, and the lead command that does it. */
export const SYNONYMS: Readonly<Record<string, string>> = {
  add: 'new', create: 'new', make: 'new', ls: 'list', get: 'show', view: 'show', cat: 'show', print: 'show',
  update: 'set', change: 'set', modify: 'set', log: 'history', check: 'validate', lint: 'validate', verify: 'validate',
}

export interface CommandIndex {
  /** Command ids with spaces (`training coverage`), aliases included. */
  ids: readonly string[]
  isTopic: (word: string) => boolean
}

/** The command words of the likely command followed by the given words' remainder, or undefined. */
export function suggestCommand(words: readonly string[], index: CommandIndex): string[] | undefined {
  const [first = '', second, ...rest] = words
  const has = (id: string) => index.ids.includes(id)
  const verb = (w: string | undefined) => (w === undefined ? undefined : KIND_VERBS.includes(w) && has(w) ? w : SYNONYMS[w.toLowerCase()])
  if (parseKind(first) && verb(second) && KIND_VERBS.includes(verb(second)!)) return [verb(second)!, first, ...rest]
  const synonym = SYNONYMS[first.toLowerCase()]
  if (synonym && has(synonym)) return [synonym, ...words.slice(1)]
  if (words.length === 1 && parseKind(first)) return ['list', first]
  const topLevel = index.ids.filter((id) => !id.includes(' '))
  if (index.isTopic(first)) return closestCommand(words, index.ids)
  const guess = closest(first, topLevel)
  if (guess) return [guess, ...words.slice(1)]
  return closestCommand(words, index.ids)
}

/**
 * The command closest to the line's first words, the longest run of them first, and the words
 * after it kept: `trainng coverage` → `training coverage`, `referal check r-2026-…` → `referral
 * check r-2026-…` (whose whole line is too far from every command to be a typo of one).
 */
function closestCommand(words: readonly string[], ids: readonly string[]): string[] | undefined {
  for (let n = words.length; n >= 1; n--) {
    const guess = closest(words.slice(0, n).join(' '), ids)
    if (guess) return [...guess.split(' '), ...words.slice(n)]
  }
  return undefined
}
