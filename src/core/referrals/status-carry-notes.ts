/**
 * The notes a write leaves for the `lead status` after it (status-carry.ts): kept in the git
 * directory like every remembered result (records/result-files.ts: private, the newest few kept, a
 * damaged file read as none). A note holds referral IDs, instants received and the days of their
 * timelines, as the remembered status rows do (status-of-site.ts), and the paths of the files
 * written, as a remembered status's places and the validation's basis hold paths: no other value.
 */
import {readResult, writeResult} from '../records/result-files.js'
import type {Dated} from './dated-row.js'

/** A referral's file a write changed, and what its row is after (null: none: gone, or failing its schema). */
export interface CarriedChange {
  file: string
  after: Dated | null
}

/** What a write notes for the state it leaves (named by its digest). */
export interface StatusCarryNote {
  /** The digest of the state the write started from. */
  before: string
  /** The zone the rows' timelines were worked out in (dated-row.ts statusZone). */
  zone: string
  changes: CarriedChange[]
}

/** How many writes' notes are kept: a status carries a morning's status through this many writes. */
export const KEPT_NOTES = 16
const NAME = 'status-carry'

export function noteStatusCarry(root: string, afterDigest: string, note: StatusCarryNote): void {
  writeResult(root, NAME, afterDigest, note, KEPT_NOTES)
}

/** The note of the write that left the state `digest` names, if one was kept and reads whole. */
export function readStatusCarry(root: string, digest: string): StatusCarryNote | undefined {
  const note = readResult(root, NAME, digest)
  return isNote(note) ? note : undefined
}

function isNote(value: unknown): value is StatusCarryNote {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Partial<StatusCarryNote>
  return typeof v.before === 'string' && typeof v.zone === 'string' && Array.isArray(v.changes) && v.changes.every((c) => typeof c === 'object' && c !== null && typeof c.file === 'string' && isDated(c.after))
}

function isDated(value: unknown): value is Dated | null {
  if (value === null) return true
  if (typeof value !== 'object') return false
  const d = value as Partial<Dated>
  return typeof d.id === 'string' && typeof d.received === 'string' && typeof d.timeline === 'object' && d.timeline !== null && typeof d.timeline.day === 'string' && typeof d.timeline.status === 'string'
}
