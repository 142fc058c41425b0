/**
 * A command that reads one record by itself (lead show, set, edit) learns, as validation's findings
 * teach the rest, that its file holds a referral or consent saved into another kind's folder
 * (`partners/quennell-zavorski.yaml`, a legal partner ID and a participant's name): from then on
 * every output of the run conceals that file's name (privacy/file-names.ts).
 */
import path from 'node:path'
import {readCapped} from '../records/bounded-read.js'
import {KIND_INFO, type Kind} from '../records/kinds.js'
import {parseRecordText} from '../records/record-parse.js'
import {asRecordData} from '../records/record-query.js'
import {shownAsParticipant} from './disclosable.js'
import {learnParticipantFile} from './file-names.js'

/** Learn whether `file`, a record of `kind` holding `text` (and `data`, when parsed), is a referral or consent saved there. */
export function learnIfMisfiled(kind: Kind, file: string, text: string, data?: unknown): void {
  if (KIND_INFO[kind].participantData !== true && isMisfiled(kind, file, text, data)) learnParticipantFile(file)
}

function isMisfiled(kind: Kind, file: string, text: string, data?: unknown): boolean {
  const parsed = data === undefined ? asRecordData(parseRecordText(file, text, {conceal: true}).data) : data
  const as = shownAsParticipant(kind, parsed, parsed === undefined ? text : undefined)
  return as !== undefined && as !== kind
}

/**
 * Whether the file at `file` (site-relative, a record of `kind`) holds a referral or consent saved
 * into that kind's folder: read whole within the kind's size limit, never through a link;
 * undefined when it cannot be read so.
 */
export function misfiledAt(root: string, kind: Kind, file: string): boolean | undefined {
  if (KIND_INFO[kind].participantData === true) return false
  let bytes: Buffer | undefined
  try {
    bytes = readCapped(path.join(root, file), KIND_INFO[kind].maxBytes, {noFollow: true}).bytes
  } catch {
    return undefined
  }
  return bytes && isMisfiled(kind, file, bytes.toString('utf8'))
}

/** learnIfMisfiled for the file at `file` (misfiledAt): a file that cannot be read teaches nothing. */
export function learnIfMisfiledAt(root: string, kind: Kind, file: string): void {
  if (misfiledAt(root, kind, file) === true) learnParticipantFile(file)
}
