/**
 * The names the site declares as staff (vocabulary.ts staffNames: partners' contacts, MOU
 * signatories, roster officers, trainers), read from those kinds' records only: what a scan of a
 * commit message asks for when the message holds a name (message-scan.ts).
 */
import {loadRecords} from '../records/load.js'
import {ofKinds} from '../records/site-files.js'
import type {Site} from '../site.js'
import {staffNames, type SiteVocabulary} from './vocabulary.js'
import {siteVocabulary} from './site-vocabulary.js'

export async function siteStaffNames(site: Site): Promise<Set<string>> {
  return staffNames(await loadRecords(site, {select: ofKinds('partner', 'mou', 'roster', 'training')}))
}

/** The site's whole vocabulary (site-vocabulary.ts) from the records that declare it, for a check that reads no participant record's value from the site. */
export async function siteVocabularyOf(site: Site): Promise<SiteVocabulary> {
  return siteVocabulary(site.config, await loadRecords(site, {select: ofKinds('partner', 'mou', 'roster', 'training', 'protocol', 'meeting')}))
}
