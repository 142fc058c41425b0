/**
 * Officers' names as people write them: family and given name told apart (from the export's own
 * columns when it has them, else from "Last, First" or the particles of "Marikay O Brien"), the
 * order sheets are sorted in, and whether a name on a sign-in sheet is the roster's person.
 */

/** Words that belong to the family name that follows them (O Brien, de la Cruz, van Dyke). */
const PARTICLES = new Set(['o', 'de', 'da', 'das', 'do', 'dos', 'del', 'della', 'dela', 'di', 'du', 'van', 'von', 'der', 'den', 'la', 'le', 'st', 'ste', 'ten', 'ter', 'bin', 'ibn', 'al', 'el', 'mac', 'mc'])
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v'])

const bare = (word: string) => word.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '')

export interface NameParts {
  family?: string
  given?: string
}

/** "Ortiz, Dana" → {family: Ortiz, given: Dana}; "Marikay O Brien" → {family: "O Brien", given: Marikay}. */
export function splitName(full: string): NameParts {
  const text = full.trim().replace(/\s+/g, ' ')
  if (text === '') return {}
  const comma = text.indexOf(',')
  if (comma !== -1) {
    const family = text.slice(0, comma).trim()
    const given = text.slice(comma + 1).trim()
    // "Ortiz, Jr." is not "Last, First".
    if (family && given && !SUFFIXES.has(bare(given))) return {family, given}
  }
  const words = text.split(' ')
  while (words.length > 2 && SUFFIXES.has(bare(words.at(-1)!))) words.pop()
  if (words.length === 1) return {family: words[0]}
  let start = words.length - 1
  while (start > 1 && PARTICLES.has(bare(words[start - 1]!))) start--
  return {family: words.slice(start).join(' '), given: words.slice(0, start).join(' ')}
}

/** The key sheets and lists are sorted by: family name, then given name. */
export function familySortKey(officer: {name: string; family_name?: string; given_name?: string}): string {
  const parts = officer.family_name ? {family: officer.family_name, given: officer.given_name} : splitName(officer.name)
  return `${compactName(parts.family ?? '')} ${compactName(parts.given ?? '')}`
}

/** A name reduced for comparison: no accents, case, punctuation or spaces ("O'Brien" = "O Brien"). */
export function compactName(name: string): string {
  return name
    .split(/\s+/)
    .map(bare)
    .join('')
}

/**
 * Whether two names can be the same person: the same family name (ignoring accents, case, spaces
 * and apostrophes) and compatible given names (equal, or one a prefix or initial of the other:
 * "J." and "Jon" fit "Jonathan"). Either side may be a full name or split parts.
 */
export function sameName(a: NameLike, b: NameLike): boolean {
  const pa = partsOf(a)
  const pb = partsOf(b)
  if (!pa.family || !pb.family) return false
  if (familyCore(pa.family) !== familyCore(pb.family)) {
    // "Ortiz Dana" (family first, no comma) has the same words as "Dana Ortiz".
    const words = (p: NameParts) => [p.given ?? '', p.family ?? ''].join(' ').split(/\s+/).map(bare).filter(Boolean).sort().join(' ')
    return words(pa) === words(pb)
  }
  const ga = bare((pa.given ?? '').split(' ')[0] ?? '')
  const gb = bare((pb.given ?? '').split(' ')[0] ?? '')
  if (!ga || !gb) return true
  return ga.startsWith(gb) || gb.startsWith(ga)
}

/** A family name without its generational suffix ("Muñoz; Jr." and "Muñoz" are one family name). */
export function familyCore(family: string): string {
  return family
    .split(/[\s,;.]+/)
    .filter((w) => w && !SUFFIXES.has(bare(w)))
    .map(bare)
    .join('')
}

export type NameLike = string | {name: string; family_name?: string; given_name?: string}

function partsOf(n: NameLike): NameParts {
  if (typeof n === 'string') return splitName(n)
  if (n.family_name) return {family: n.family_name, given: n.given_name}
  return splitName(n.name)
}
