/**
 * The site's vocabulary (vocabulary.ts) remembered under the contents of the records it is read
 * from: partners, MOUs, rosters, trainings, protocols and meetings. Every validation asks for it
 * (a finding may show a value only when the site declared it), and working it out reads every
 * roster's and training's value: on the 10,000-referral bench site ~10 ms of each `lead set` and
 * ~30 ms of a `lead referral check`. lead.yaml's districts and catchments are read afresh. The
 * file (memo-vocabulary, records/content-memo.ts) holds IDs, badges, charge codes and staff
 * names, the site's own declarations, never a referral's or consent's value.
 */
import {ContentMemo} from '../records/content-memo.js'
import {DECLARING_KINDS, type Kind} from '../records/kinds.js'
import type {SiteRecords} from '../records/load.js'
import type {SiteConfig} from '../site.js'
import {declaredPlaces, type SiteVocabulary} from './vocabulary.js'
import {siteVocabulary} from './site-vocabulary.js'

/** The kinds the vocabulary is read from (referrals and consents never: see staffNames). */
const KINDS: ReadonlySet<Kind> = new Set<Kind>(DECLARING_KINDS)
const FROM_RECORDS = ['partners', 'protocols', 'mous', 'meetings', 'charges', 'exclusions', 'badges', 'staff'] as const
type Stored = Record<(typeof FROM_RECORDS)[number], string[]>

/**
 * siteVocabulary(config, records), from the memo when records of these contents were read before.
 * The key is the records of the six kinds that `records` holds, so a part of the site holding
 * them all (a referral's check) shares the whole site's.
 */
export function rememberedVocabulary(root: string, config: Pick<SiteConfig, 'privacy'>, records: SiteRecords): SiteVocabulary {
  const memo = new ContentMemo(root, 'vocabulary', records, KINDS, null, isStored)
  const held = memo.get()
  if (held) return {...declaredPlaces(config), ...(Object.fromEntries(FROM_RECORDS.map((name) => [name, new Set(held[name])])) as Record<keyof Stored, Set<string>>)}
  const vocabulary = siteVocabulary(config, records)
  memo.set(Object.fromEntries(FROM_RECORDS.map((name) => [name, [...vocabulary[name]]])) as Stored)
  return vocabulary
}

function isStored(value: unknown): value is Stored {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return FROM_RECORDS.every((name) => Array.isArray(v[name]) && (v[name] as unknown[]).every((x) => typeof x === 'string'))
}
