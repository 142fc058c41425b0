/**
 * IDs that two people on two clones can mint at the same time without colliding: the date plus six
 * random characters from a cryptographic source (36^6 ≈ 2.2 billion per day), checked against the
 * IDs this clone already holds. Participant codes are random too: never derived from who someone is.
 */
import crypto from 'node:crypto'
import {stateError} from '../errors.js'
import {isIsoDate, type IsoDate} from '../clock/dates.js'

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'
/** Capitals and digits without the look-alikes 0/O, 1/I/L, so a code read aloud or handwritten survives. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

function randomString(alphabet: string, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[crypto.randomInt(alphabet.length)]
  return out
}

/** `r-2026-11-27-k3f9q2`: prefix, date, 6 random characters; retried while `taken` says it exists. */
export function mintRecordId(prefix: string, date: IsoDate, taken: (id: string) => boolean): string {
  if (!isIsoDate(date)) throw new Error(`mintRecordId: ${date} is not a date`)
  for (let attempt = 0; attempt < 100; attempt++) {
    const id = `${prefix}-${date}-${randomString(ID_ALPHABET, 6)}`
    if (!taken(id)) return id
  }
  throw stateError('ID_EXHAUSTED', `could not find a free ${prefix}- ID for ${date}`, 'this should never happen; check the records folder for generated files')
}

/** `P-7K2D9Q`: a fresh pseudonymous participant code not used by any record yet. */
export function mintParticipantCode(taken: (code: string) => boolean): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const code = `P-${randomString(CODE_ALPHABET, 6)}`
    if (!taken(code)) return code
  }
  throw stateError('ID_EXHAUSTED', 'could not find a free participant code', 'this should never happen')
}
