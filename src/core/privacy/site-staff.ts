/**
 * What the site declares (its vocabulary: staff names, charge codes, IDs…, and its declared
 * phrases), read from the records that declare it only: what a scan of a commit message asks for
 * when the message holds something (message-scan.ts, message-repeats.ts).
 */
import {DECLARING_KINDS} from '../records/kinds.js'
import {loadRecords} from '../records/load.js'
import {ofKinds} from '../records/site-files.js'
import type {Site} from '../site.js'
import {siteWords, type SiteWords} from './message-repeats.js'
import {siteVocabulary} from './site-vocabulary.js'
import type {SiteVocabulary} from './vocabulary.js'

const declaringRecords = (site: Site) => loadRecords(site, {select: ofKinds(...DECLARING_KINDS)})

/** The site's vocabulary from the records that declare it, for a check that reads no participant record's value from the site. */
export async function siteVocabularyOf(site: Site): Promise<SiteVocabulary> {
  return siteVocabulary(site.config, await declaringRecords(site))
}

/** The site's vocabulary and declared phrases (message-repeats.ts), as siteVocabularyOf. */
export async function siteWordsOf(site: Site): Promise<SiteWords> {
  const records = await declaringRecords(site)
  return siteWords(siteVocabulary(site.config, records), records)
}
