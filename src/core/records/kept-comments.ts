/**
 * Which of a record's comments its parse-cache entry keeps. An entry with comments is kept whole
 * in the index every command reads (index-file.ts), and a site's own template header (`# referral
 * made from the intake form`) would put the same line in each of 10,000 entries. A comment the
 * identifier scan finds nothing in under no allowance at all can hold nothing under any (staff
 * names and allowed terms only let findings pass), so the scan, once loaded, says which may hold
 * something (privacy/record-scan.ts sets the test) and only those are kept; before that, all are.
 * The run itself scans every comment of what it parsed.
 */
import type {RecordComment} from './yaml-comments.js'

let mayHold: ((text: string) => boolean) | undefined

/** Set by the identifier scan: whether a comment's text may hold an identifier under some allowance. */
export function keepCommentsThat(test: (text: string) => boolean): void {
  mayHold = test
}

/** The comments an entry keeps: those that may hold something; undefined for none. */
export function keptComments(comments: readonly RecordComment[] | undefined): RecordComment[] | undefined {
  if (!comments) return undefined
  const kept = mayHold ? comments.filter((c) => mayHold!(c.text)) : [...comments]
  return kept.length > 0 ? kept : undefined
}
