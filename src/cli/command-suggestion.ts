/**
 * What a mistyped command line most likely meant, keeping its arguments (which of them an error
 * may repeat is cli/typed-words.ts's to say):
 *   lead referral new --set …   → lead new referral --set …    (kind and verb swapped)
 *   lead add partner            → lead new partner             (a synonym of a lead verb)
 *   lead partner list           → lead list partner            (both)
 *   lead partners               → lead list partners           (a kind alone)
 *   lead lsit referral          → lead list referral           (a typo, by edit distance)
 *   lead import roster x.csv    → lead training import-roster x.csv  (a joined name typed as words)
 *   lead config show            → lead config list             (a synonym inside a topic)
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

/** Words people reach for inside a topic, and the topic's commands that do it (the first that exists; with an argument, the last). */
export const TOPIC_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  show: ['list', 'get'], view: ['list', 'get'], print: ['list', 'get'], ls: ['list'], read: ['get'],
  edit: ['set'], change: ['set'], update: ['set'], modify: ['set'], put: ['set'],
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
  const joined = joinedCommand(words, index.ids)
  if (joined) return joined
  const topLevel = index.ids.filter((id) => !id.includes(' '))
  if (index.isTopic(first) && second !== undefined) {
    const choices = (TOPIC_SYNONYMS[second.toLowerCase()] ?? []).filter((c) => has(`${first} ${c}`))
    const choice = rest.length > 0 ? choices.at(-1) : choices[0]
    if (choice) return [first, choice, ...rest]
  }
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

/**
 * A command whose last word joins words with hyphens (`training import-roster`), typed as separate
 * words in any order, with or without its topic: `import roster`, `roster import`, `training
 * roster import`. The words after them are kept.
 */
function joinedCommand(words: readonly string[], ids: readonly string[]): string[] | undefined {
  const typed = words.map((w) => w.toLowerCase())
  for (const id of ids) {
    const idWords = id.split(' ')
    const parts = idWords.at(-1)!.split('-')
    if (parts.length < 2) continue
    const all = [...idWords.slice(0, -1), ...parts]
    for (let n = Math.min(typed.length, all.length); n >= parts.length; n--) {
      const head = typed.slice(0, n)
      if (new Set(head).size === n && head.every((w) => all.includes(w)) && parts.every((p) => head.includes(p))) return [...idWords, ...words.slice(n)]
    }
  }
  return undefined
}

/**
 * The command a line starts with when words follow it that are not part of any command: oclif
 * reads the words after a command that takes no arguments (`lead status Jane`) as more of its
 * name. Undefined when no run of the first words is a command.
 */
export function commandPrefix(words: readonly string[], ids: readonly string[]): string[] | undefined {
  for (let n = words.length - 1; n >= 1; n--) if (ids.includes(words.slice(0, n).join(' '))) return words.slice(0, n)
  return undefined
}
