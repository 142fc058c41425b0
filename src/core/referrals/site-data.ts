/**
 * The records reports work from: only records that pass their schema (reports trust the shapes);
 * how many were left out is returned so a report can say so.
 */
import {loadRecords, type SiteRecords} from '../records/load.js'
import type {Kind} from '../records/kinds.js'
import type {Consent, Mou, Partner, Protocol, Referral} from '../records/types.js'
import type {Site} from '../site.js'
import {recordSchemaFindings} from '../validate/schema-check.js'
import {siteTimeZone} from '../clock/site-zone.js'
import {siteVocabulary, type SiteVocabulary} from '../privacy/vocabulary.js'

export interface ReferralData {
  timeZone?: string
  referrals: Referral[]
  protocols: Protocol[]
  consents: Consent[]
  mous: Mou[]
  partners: Partner[]
  /** Files left out because they do not pass their schema (`lead validate` says why). */
  skipped: string[]
  /** What the site declared: the only referral values reports print (privacy/disclosable.ts). */
  vocabulary: SiteVocabulary
}

export function validDataOf<T>(records: SiteRecords, kind: Kind, skipped: string[]): T[] {
  const out: T[] = []
  for (const r of records.ofKind(kind)) {
    const data = r.data
    if (data && recordSchemaFindings(r, records.cache).length === 0) out.push(data as T)
    else skipped.push(r.file)
  }
  return out
}

export function referralDataFrom(site: Site, records: SiteRecords): ReferralData {
  const skipped: string[] = []
  return {
    timeZone: siteTimeZone(site),
    referrals: validDataOf<Referral>(records, 'referral', skipped),
    protocols: validDataOf<Protocol>(records, 'protocol', skipped),
    consents: validDataOf<Consent>(records, 'consent', skipped),
    mous: validDataOf<Mou>(records, 'mou', skipped),
    partners: validDataOf<Partner>(records, 'partner', skipped),
    skipped,
    vocabulary: siteVocabulary(site.config, records),
  }
}

export async function loadReferralData(site: Site): Promise<ReferralData> {
  const records = await loadRecords(site, {saveCache: false})
  const data = referralDataFrom(site, records)
  records.cache?.save() // with the schema results learnt
  return data
}
