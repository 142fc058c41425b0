/**
 * A commit message given with a change to a referral or consent (`-m`): git keeps every message in
 * every clone, and `lead history` prints it, so one that holds a participant's name, birth date or
 * contact details would put in history what the records themselves may not hold. It is scanned as a
 * record's free text is (privacy/identifiers.ts; names the site knows as staff pass, a bare date
 * passes) and refused, unechoed, before anything is written. A change to other records only (a
 * partner's contact named in its message) is not scanned, unless the record is a referral or
 * consent saved into that kind's folder.
 *
 * A message a person typed is also compared with the free text of the participant records it
 * commits, as they were and as they will be (privacy/message-repeats.ts): `-m "notes: staying with
 * his sister"` would put in history the notes every output conceals. lead's own messages name
 * kinds, IDs and fields only, and are not compared.
 */
import {PER_PARTICIPANT_KINDS} from '../records/kinds.js'
import type {RecordChange} from '../records/record-change.js'
import type {SiteRecords} from '../records/load.js'
import {identifiersInMessage, identifyingMessageError, SAY_WHAT_CHANGED} from '../privacy/message-scan.js'
import {staffNames, type SiteVocabulary} from '../privacy/vocabulary.js'
import {misfiledAs, shownAsParticipant} from '../privacy/disclosable.js'
import {yaml} from '../records/yaml-lib.js'
import {walkPosition} from '../records/site-files.js'
import {concealedTexts, parsedOrText, repeatedInSite, repeatingMessageError, REPEAT_ADVICE, siteWords, type RecordText} from '../privacy/message-repeats.js'
import {declaredCharges, siteVocabulary} from '../privacy/site-vocabulary.js'
import type {SiteConfig} from '../site.js'

/** A change to a referral or consent, or to one saved into another kind's folder (partners/r-….yaml: disclosable.ts misfiledAs). */
export function concernsParticipant(c: RecordChange): boolean {
  if (PER_PARTICIPANT_KINDS.has(c.kind)) return true
  let data: unknown = c.data
  if (data === undefined) {
    try {
      data = yaml().parse(c.text)
    } catch {
      return /^\s*participant\s*:/m.test(c.text)
    }
  }
  return misfiledAs(c.kind, data) !== undefined
}

/**
 * Refuse, before anything is written, a message that identifies someone in a change to a referral or
 * consent, or (`typed`: given with -m) repeats what a participant record it commits says.
 */
export function refuseIdentifyingMessage(message: string, changes: readonly RecordChange[], records: SiteRecords, typed?: {config: Pick<SiteConfig, 'privacy'>}): void {
  // The records are parsed (concernsParticipant) only for a message that holds something: most hold nothing.
  const found = identifiersInMessage(message, () => staffNames(records), () => declaredCharges(records))
  if (found && changes.some(concernsParticipant)) throw identifyingMessageError(found, 'nothing was written', `${SAY_WHAT_CHANGED}, or leave out -m for lead's own message`)
  if (!typed) return
  const repeat = repeatedInSite(message, (vocabulary) => participantTexts(changes, vocabulary, records), () => siteWords(siteVocabulary(typed.config, records), records))
  if (!repeat) return
  throw repeatingMessageError(repeat, 'nothing was written', `${REPEAT_ADVICE}, or leave out -m for lead's own message`)
}

/** The free text of the participant records `changes` write, as they were (`base`) and as they will be. */
function participantTexts(changes: readonly RecordChange[], vocabulary: SiteVocabulary, records: SiteRecords): RecordText[] {
  const texts: RecordText[] = []
  const add = (kind: RecordChange['kind'], data: unknown, text: string) => {
    const as = shownAsParticipant(kind, data, text)
    if (as) texts.push(...concealedTexts(as, data, vocabulary))
  }
  for (const c of changes) {
    const at = walkPosition(records.records, c.file)
    add(c.kind, at >= 0 ? records.records[at]!.data : (c.data ?? parsedOrText(c.text)), c.text)
    if (c.base !== null) add(c.kind, parsedOrText(c.base), c.base)
  }
  return texts
}
