/**
 * The names the site declares as staff (vocabulary.ts staffNames: partners' contacts, MOU
 * signatories, roster officers, trainers), read from those kinds' records only: what a scan of a
 * commit message asks for when the message holds a name (message-scan.ts).
 */
import {DECLARING_KINDS} from '../records/kinds.js'
import {loadRecords} from '../records/load.js'
import {ofKinds} from '../records/site-files.js'
import type {Site} from '../site.js'
import {staffNames} from './vocabulary.js'
import {siteWords, type SiteWords} from './message-repeats.js'
import {siteVocabulary} from './site-vocabulary.js'

export async function siteStaffNames(site: Site): Promise<Set<string>> {
  return staffNames(await loadRecords(site, {select: ofKinds('partner', 'mou', 'roster', 'training')}))
}

/** The site's vocabulary and declared phrases (message-repeats.ts) from the records that declare them, for a check that reads no participant record's value from the site. */
export async function siteWordsOf(site: Site): Promise<SiteWords> {
  const records = await loadRecords(site, {select: ofKinds(...DECLARING_KINDS)})
  return siteWords(siteVocabulary(site.config, records), records)
}
