/**
 * The records of a site as lines of the basis they were listed from (validate/basis-listing.ts
 * listingFromBasis): its files, NUL-joined, and their content hashes, joined (each
 * CONTENT_HASH_LENGTH long), with the positions a write changed and added since
 * (write/judged-change.ts applyInMemory). A validation of a big site starts from these instead of
 * passes over 13,400 records (delta-basis.ts planDelta, site-validation.ts, rule-memo.ts).
 */
import {CONTENT_HASH_LENGTH} from './cache-files.js'
import type {RecordChange} from './record-change.js'
import {walkOrder, walkPosition} from './site-files.js'

export interface RecordLines {
  files: string
  hashes: string
  /** The basis's token (basis-link.ts): the basis these lines are of. */
  token: string
  /** Positions whose content is not the basis's (ascending, each once), those of records added since included. */
  changed: readonly number[]
  /** Positions of records added since (ascending): every other record was at its position less the added ones before it. */
  added: readonly number[]
}

/** What the lines need of a record. */
interface HashedFile {
  file: string
  hash?: string
}

/**
 * The basis lines the records were listed with, as the records are now: the content hashes at
 * `placed` (a write's changes, positions before any addition) those of `records`, and the files
 * `added` put in where `records` (the walk's order) holds them. Undefined when a changed record
 * has no content hash of a basis's length.
 */
export function linesWith(lines: RecordLines | undefined, placed: readonly number[], before: readonly HashedFile[], added: readonly RecordChange[], records: readonly HashedFile[]): RecordLines | undefined {
  if (!lines) return undefined
  const L = CONTENT_HASH_LENGTH
  if (placed.some((i) => before[i]!.hash?.length !== L)) return undefined
  const hashes: string[] = []
  let from = 0
  for (const i of placed) {
    hashes.push(lines.hashes.slice(from, i * L), before[i]!.hash!)
    from = (i + 1) * L
  }
  hashes.push(lines.hashes.slice(from))
  let line = {files: lines.files, hashes: hashes.join(''), changed: [...lines.changed, ...placed], added: [...lines.added]}
  // Each added file where the records hold it (in the walk's order: its position is one in the
  // lines as they are so far), the positions from it on moved on by one.
  const toInsert = new Set(added.map((c) => c.file))
  for (const c of [...added].sort((a, b) => walkOrder(a.file, b.file))) {
    toInsert.delete(c.file)
    const at = walkPosition(records, c.file)
    const hash = at >= 0 ? records[at]!.hash : undefined
    if (hash?.length !== L) return undefined
    // Before the next file the lines hold already.
    let k = at + 1
    while (k < records.length && toInsert.has(records[k]!.file)) k++
    const next = records[k]?.file
    const cut = next === undefined ? line.files.length : lineStart(line.files, next)
    if (cut < 0) return undefined
    const files = next === undefined ? (line.files === '' ? c.file : `${line.files}\0${c.file}`) : `${line.files.slice(0, cut)}${c.file}\0${line.files.slice(cut)}`
    const shift = (list: readonly number[]) => list.map((i) => (i >= at ? i + 1 : i))
    line = {files, hashes: `${line.hashes.slice(0, at * L)}${hash}${line.hashes.slice(at * L)}`, changed: [...shift(line.changed), at], added: [...shift(line.added), at]}
  }
  const sorted = (list: number[]) => [...new Set(list)].sort((a, b) => a - b)
  return {files: line.files, hashes: line.hashes, token: lines.token, changed: sorted(line.changed), added: sorted(line.added)}
}

/** Where `file` starts in a NUL-joined line of files, or -1. */
function lineStart(line: string, file: string): number {
  if (line.startsWith(`${file}\0`) || line === file) return 0
  const at = line.indexOf(`\0${file}\0`)
  if (at >= 0) return at + 1
  return line.endsWith(`\0${file}`) ? line.length - file.length : -1
}

/** Whether the lines hold `file` (a native search, no pass over the records). */
export const linesHold = (lines: RecordLines, file: string): boolean => lineStart(lines.files, file) >= 0

/** Whether a file named `name` (an ID: ID.yaml) may be among them; false is sure. */
export const linesMayName = (lines: RecordLines, name: string): boolean => lines.files.includes(`${name}.yaml`)
