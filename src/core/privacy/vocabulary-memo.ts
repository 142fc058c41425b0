/**
 * The site's vocabulary (vocabulary.ts) remembered under the contents of the records it is read
 * from: partners, MOUs, rosters, trainings, protocols and meetings. Every validation asks for it
 * (a finding may show a value only when the site declared it), and working it out reads every
 * roster's and training's value: on the 10,000-referral bench site ~10 ms of each `lead set` and
 * ~30 ms of a `lead referral check`. lead.yaml's districts and catchments are read afresh.
 * Kept in .git/lead/memo-vocabulary-SITE.json (private, never committed): IDs, badges, charge
 * codes and staff names, the site's own declarations, never a referral's or consent's value.
 */
import {createHash} from 'node:crypto'
import {cacheVersion, gitStateFile} from '../records/cache-files.js'
import {DerivedMemos} from '../records/derived-memo.js'
import type {SiteRecords} from '../records/load.js'
import {hashRecords} from '../records/record-digest.js'
import {memoKey} from '../records/state-memo.js'
import type {SiteConfig} from '../site.js'
import {declaredPlaces, siteVocabulary, type SiteVocabulary} from './vocabulary.js'

/** The kinds the vocabulary is read from (referrals and consents never: see staffNames). */
const KINDS: ReadonlySet<string> = new Set(['partner', 'mou', 'roster', 'training', 'protocol', 'meeting'])
const FROM_RECORDS = ['partners', 'protocols', 'mous', 'meetings', 'charges', 'exclusions', 'badges', 'staff'] as const
type Stored = Record<(typeof FROM_RECORDS)[number], string[]>

/**
 * siteVocabulary(config, records), from the memo when records of these contents were read before.
 * The key is the records of the six kinds that `records` holds, so a part of the site holding
 * them all (a referral's check) shares the whole site's.
 */
export function rememberedVocabulary(root: string, config: Pick<SiteConfig, 'privacy'>, records: SiteRecords): SiteVocabulary {
  const h = createHash('sha1')
  const key = records.cache !== undefined && hashRecords(h, records.records, KINDS) ? memoKey(h.digest('base64url'), ['vocabulary']) : undefined
  if (!key) return siteVocabulary(config, records)
  // The vocabulary of the records as they are, and of those before a change to one of them.
  const memos = new DerivedMemos(gitStateFile(root, 'memo-vocabulary', '.json'), cacheVersion, 2)
  const held = memos.get(key)
  if (isStored(held)) return {...declaredPlaces(config), ...(Object.fromEntries(FROM_RECORDS.map((name) => [name, new Set(held[name])])) as Record<keyof Stored, Set<string>>)}
  const vocabulary = siteVocabulary(config, records)
  memos.set(key, Object.fromEntries(FROM_RECORDS.map((name) => [name, [...vocabulary[name]]])))
  memos.save()
  return vocabulary
}

function isStored(value: unknown): value is Stored {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return FROM_RECORDS.every((name) => Array.isArray(v[name]) && (v[name] as unknown[]).every((x) => typeof x === 'string'))
}
