/**
 * A command that reads one record by itself (lead show, set, edit) learns, as validation's findings
 * teach the rest, that its file holds a referral or consent saved into another kind's folder
 * (`partners/quennell-zavorski.yaml`, a legal partner ID and a participant's name): from then on
 * every output of the run conceals that file's name (privacy/file-names.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import {KIND_INFO, type Kind} from '../records/kinds.js'
import {parseRecordText} from '../records/record-parse.js'
import {asRecordData} from '../records/record-query.js'
import {shownAsParticipant} from './disclosable.js'
import {learnParticipantFile} from './file-names.js'

/** Learn whether `file`, a record of `kind` holding `text`, is a referral or consent saved there. */
export function learnIfMisfiled(kind: Kind, file: string, text: string, data?: unknown): void {
  if (KIND_INFO[kind].participantData === true) return
  const parsed = data === undefined ? asRecordData(parseRecordText(file, text, {conceal: true}).data) : data
  const as = shownAsParticipant(kind, parsed, parsed === undefined ? text : undefined)
  if (as !== undefined && as !== kind) learnParticipantFile(file)
}

/**
 * learnIfMisfiled for the file at `file` (site-relative), read here: at most the kind's size
 * limit, never through a link. A file that cannot be read teaches nothing.
 */
export function learnIfMisfiledAt(root: string, kind: Kind, file: string): void {
  if (KIND_INFO[kind].participantData === true) return
  let text: string
  try {
    const fd = fs.openSync(path.join(root, file), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW)
    try {
      const buffer = Buffer.alloc(Math.min(KIND_INFO[kind].maxBytes, fs.fstatSync(fd).size))
      text = buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8')
    } finally {
      fs.closeSync(fd)
    }
  } catch {
    return
  }
  learnIfMisfiled(kind, file, text)
}
