/**
 * A commit message given with a change to a referral or consent (`-m`): git keeps every message in
 * every clone, and `lead history` prints it, so one that holds a participant's name, birth date or
 * contact details would put in history what the records themselves may not hold. It is scanned as a
 * record's free text is (privacy/identifiers.ts; names the site knows as staff pass, a bare date
 * passes) and refused, unechoed, before anything is written. A change to other records only (a
 * partner's contact named in its message) is not scanned, unless the record is a referral or
 * consent saved into that kind's folder.
 */
import {PER_PARTICIPANT_KINDS} from '../records/kinds.js'
import type {RecordChange} from '../records/record-change.js'
import type {SiteRecords} from '../records/load.js'
import {identifiersInMessage, identifyingMessageError, SAY_WHAT_CHANGED} from '../privacy/message-scan.js'
import {staffNames} from '../privacy/vocabulary.js'
import {misfiledAs} from '../privacy/disclosable.js'
import {yaml} from '../records/yaml-lib.js'

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

export function refuseIdentifyingMessage(message: string, changes: readonly RecordChange[], records: SiteRecords): void {
  // The records are parsed (concernsParticipant) only for a message that holds something: most hold nothing.
  const found = identifiersInMessage(message, () => staffNames(records))
  if (!found || !changes.some(concernsParticipant)) return
  throw identifyingMessageError(found, 'nothing was written', `${SAY_WHAT_CHANGED}, or leave out -m for lead's own message`)
}
