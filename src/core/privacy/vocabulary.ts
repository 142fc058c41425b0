/**
 * The site's closed vocabulary: every value a referral or consent may hold that the site itself
 * declared somewhere else — districts and catchments in lead.yaml, partner, protocol, MOU and
 * meeting ids,
 * protocol charge codes and exclusion ids, roster badges, and the names of staff the site knows.
 * Only such values (besides schema enums, dates and minted codes) are ever printed from those
 * records (see disclosable.ts). What the site's records declare is worked out by site-vocabulary.ts.
 */
import type {DeclaringKind} from '../records/kinds.js'
import type {SiteConfig} from '../site.js'

export interface SiteVocabulary {
  /** lead.yaml privacy.districts. */
  districts: ReadonlySet<string>
  /** lead.yaml privacy.catchments. */
  catchments: ReadonlySet<string>
  partners: ReadonlySet<string>
  protocols: ReadonlySet<string>
  /** MOU ids: a meeting's decision may concern one. */
  mous: ReadonlySet<string>
  /** Meeting ids: a decision may concern an earlier meeting. */
  meetings: ReadonlySet<string>
  /** Statute codes of every protocol's divertible charges. */
  charges: ReadonlySet<string>
  /** Exclusion ids of every protocol. */
  exclusions: ReadonlySet<string>
  /** Badges on any roster. */
  badges: ReadonlySet<string>
  /** Staff names (see staffKey): partner contacts, MOU signatories, roster officers, trainers. */
  staff: ReadonlySet<string>
}

export type VocabularyName = keyof SiteVocabulary

const none: ReadonlySet<string> = new Set()

/** Nothing declared: only enums, dates and minted codes are printable. */
export const NO_VOCABULARY: SiteVocabulary = {districts: none, catchments: none, partners: none, protocols: none, mous: none, meetings: none, charges: none, exclusions: none, badges: none, staff: none}

/** What siteVocabulary reads records through (SiteRecords satisfies it): only the kinds that declare (records/kinds.ts DECLARING_KINDS). */
export interface VocabularySource {
  ofKind(kind: DeclaringKind): ReadonlyArray<{id: string; data?: Record<string, unknown> | undefined}>
}

const TITLES = /^(?:Mr|Mrs|Ms|Miss|Mx|Mister|Dr|Prof|Lt|Sgt|Cpl|Det|Capt|Chief|Officer|Deputy)\.?\s+/i

/** How a staff name is compared: trimmed, lower case, without a title ("Sgt. Marcus Bell" → "marcus bell"). */
export function staffKey(name: string): string {
  return name.trim().replace(TITLES, '').replace(/\s+/g, ' ').toLowerCase()
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
const list = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object') : [])

/** The districts and catchments lead.yaml declares. */
export function declaredPlaces(config: Pick<SiteConfig, 'privacy'>): {districts: Set<string>; catchments: Set<string>} {
  return {districts: new Set(strings(config.privacy?.districts)), catchments: new Set(strings(config.privacy?.catchments))}
}

/**
 * Names the site knows that are not participants': partner contacts, MOU signatories, roster
 * officers and trainers, and the partners' own names (see staffKey). Never taken from referrals
 * or consents: a case manager or witness field there could otherwise declare a participant's name.
 */
export function staffNames(records: VocabularySource): Set<string> {
  const names = new Set<string>()
  // A site's trainings name the same few trainers over and over (1,500 times, 93 people, on the
  // generated 10,000-referral site): each spelling is keyed once.
  const seen = new Set<string>()
  const add = (n: unknown) => {
    if (typeof n !== 'string' || seen.has(n)) return
    seen.add(n)
    if (n.trim()) names.add(staffKey(n))
  }
  for (const p of records.ofKind('partner')) {
    add(p.data?.name)
    for (const c of list(p.data?.contacts)) add(c.name)
  }
  for (const m of records.ofKind('mou')) for (const s of list(m.data?.signatories)) add(s.name)
  for (const r of records.ofKind('roster')) for (const o of list(r.data?.officers)) add(o.name)
  for (const t of records.ofKind('training')) strings(t.data?.trainers).forEach(add)
  return names
}
