/**
 * A referral of the example site given new notes, as `lead set ID notes=…` writes it: the write
 * path driven directly (tests of what a write lists, remembers and refuses).
 */
import fs from 'node:fs'
import path from 'node:path'
import {readSite} from '../../src/core/site.js'
import {writeRecords} from '../../src/core/write/record-writer.js'

export const NOTES_REFERRAL = {kind: 'referral' as const, id: 'r-2026-01-08-z66mn9', file: 'referrals/2026/r-2026-01-08-z66mn9.yaml'}

/** The referral's change with its notes set. */
export function withNotes(root: string, notes: string) {
  const base = fs.readFileSync(path.join(root, NOTES_REFERRAL.file), 'utf8')
  return {...NOTES_REFERRAL, text: `${base.replace(/\nnotes:.*\n/, '\n')}notes: ${notes}\n`, base}
}

/** Write and commit it, as of `asOf`. */
export const setNotes = (root: string, notes: string, asOf: string) => writeRecords(readSite(root), [withNotes(root, notes)], {message: `referral: set ${NOTES_REFERRAL.id} notes`, asOf})
