/**
 * Each valid referral's volume facts (volume.ts volumeFact), kept by content hash for `lead report
 * referrals`: after one referral changed, or on a new day, one fact or none is worked out and no
 * other referral's value is read (reading 10,000 was ~340 ms of a report after a `lead set` on
 * the bench site). A fact depends on the referral, the protocols, the zone and what the site
 * declared printable (the vocabulary: partners, MOUs, rosters, trainings, protocols, meetings and
 * lead.yaml's privacy settings), which key the memo (records/content-memo.ts, memo-volume-facts).
 * It holds days, hours, enums, numbers and values the site declared, never a referral's free text.
 */
import {machineClock} from '../clock/dates.js'
import {perRecord} from '../records/content-memo.js'
import {DECLARING_KINDS, type Kind} from '../records/kinds.js'
import type {SiteRecords} from '../records/load.js'
import type {Protocol, Referral, Weekday} from '../records/types.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'
import type {Site} from '../site.js'
import {passesSchema} from './site-data.js'
import {volumeFact, type VolumeFact} from './volume.js'

/** What the vocabulary is read from, the protocols among them. */
const KINDS: ReadonlySet<Kind> = new Set<Kind>(DECLARING_KINDS)

/** The facts of the referrals that pass their schema, in the site's order. */
export function volumeFactsOfSite(site: Site, records: SiteRecords, protocols: readonly Protocol[], timeZone: string | undefined, vocabulary: SiteVocabulary): VolumeFact[] {
  const referrals = records.ofKind('referral')
  const memo = {root: site.root, name: 'volume-facts', records, kinds: KINDS, inputs: [timeZone ?? machineClock().timeZone, site.config.privacy ?? null]}
  return perRecord(memo, referrals, (r) => passesSchema(r, records), (r) => volumeFact(r.data as unknown as Referral, protocols, timeZone, vocabulary), {encode, decode})
}

/**
 * A fact as one line: its fields joined by the unit separator (U+001F), which days, hours, enums,
 * numbers and the values schemas let a site declare (IDs, badges, district names) never hold; a
 * fact with one anyway is not kept (undefined), and is worked out on every run. 10,000 facts as
 * JSON arrays took ~60 ms to read back, the split a fraction of it.
 */
const SEP = '\u001f'
function encode(f: VolumeFact): string | undefined {
  if ([f.pathway, f.agency, f.district, f.officer].some((v) => v.includes(SEP))) return undefined
  return [f.day, f.hour, f.weekday, f.pathway, f.agency, f.district, f.officer, f.governed ? 1 : 0, f.off ? 1 : 0, f.minutes ?? '', f.target ?? ''].join(SEP)
}

function decode(line: string): VolumeFact | undefined {
  const a = line.split(SEP)
  if (a.length !== 11) return undefined
  const [day, hour, weekday, pathway, agency, district, officer, governed, off, minutes, target] = a as [string, string, string, string, string, string, string, string, string, string, string]
  const fact: VolumeFact = {day, hour: Number(hour), weekday: weekday as Weekday, pathway, agency, district, officer, governed: governed === '1', off: off === '1'}
  if (minutes !== '') fact.minutes = Number(minutes)
  if (target !== '') fact.target = Number(target)
  return Number.isInteger(fact.hour) && (fact.minutes === undefined || Number.isFinite(fact.minutes)) && (fact.target === undefined || Number.isFinite(fact.target)) ? fact : undefined
}
