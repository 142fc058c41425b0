/**
 * Reading one record file from scratch: bytes → size and encoding checks → content hash → parse.
 * Runs on the main thread or on a worker (parse-worker.ts), so a large site is read and parsed on
 * every core at once. A file whose content the cache already knows is hashed but not parsed.
 */
import type {Diagnostic} from '../errors.js'
import type {FileStamp} from './index-file.js'
import {contentHash} from './parse-cache.js'
import {readCapped} from './bounded-read.js'
import {validatorFor, type SchemaName} from '../schemas/schema-registry.js'
import {decodeRecordBytes, fileTooLarge, parseRecordText} from './record-parse.js'
import type {RecordComment} from './yaml-comments.js'

export interface ReadJob {
  file: string
  maxBytes: number
  /** Absolute path to read; or the bytes themselves (from the git index or a revision). */
  abs?: string
  bytes?: Uint8Array
  /** The file holds participant data: parse messages repeat none of its text (yaml-source.ts). */
  conceal?: boolean
  /**
   * Check the parsed value against this kind's schema where it is parsed (a worker too: a cold
   * validation's threads share the checks). One that passes has no schema findings; one that
   * fails is left to the caller (privacy/schema-findings.ts), whose findings point into its document.
   */
  schema?: SchemaName
  /** Give the file's stamp, from the descriptor it is read through (a stat of its own per file cost a cold load of 13,000 files ~100 ms). */
  stamp?: boolean
}

export interface ReadResult {
  file: string
  /** Set when the file could be decoded. */
  hash?: string
  text?: string
  /** The cache already holds this content: not parsed here. */
  known?: boolean
  data?: unknown
  diagnostics: Diagnostic[]
  /** The file's stamp when the job asked for it. */
  stamp?: FileStamp
  /** Set when the job's schema check passed: the record's value (a map) has no schema findings. */
  schemaValid?: true
  /** A participant record's comments (record-parse.ts). */
  comments?: RecordComment[]
}

/**
 * `known`: content the cache holds a parse result for; `unconcealed`: those of them whose cached
 * messages may repeat text (parsed as another kind's file), not reused for a concealed job.
 */
export function runReadJob(job: ReadJob, known: {has(hash: string): boolean}, unconcealed: ReadonlySet<string> = new Set()): ReadResult {
  let bytes: Uint8Array
  let stamp: FileStamp | undefined
  try {
    // A file over the cap is refused from its size, unread (a 60 MiB roster costs nothing).
    const read = job.bytes ? {bytes: job.bytes} : readCapped(job.abs!, job.maxBytes, {noFollow: true})
    if (read.bytes === undefined) return {file: job.file, diagnostics: [fileTooLarge(job.file, read.size, job.maxBytes)]}
    bytes = read.bytes
    if (job.stamp && 'stats' in read && read.stats) {
      const st = read.stats
      stamp = {size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, dev: st.dev}
    }
  } catch (error) {
    return {file: job.file, diagnostics: [{code: 'IO_ERROR', severity: 'error', message: `cannot read file: ${(error as Error).message}`, hint: 'check the file permissions', file: job.file, line: 1, column: 1}]}
  }
  const decoded = decodeRecordBytes(job.file, bytes, {maxBytes: job.maxBytes})
  if (decoded.diagnostics) return {file: job.file, diagnostics: decoded.diagnostics}
  const hash = contentHash(bytes)
  const stamped = stamp ? {stamp} : {}
  if (known.has(hash) && !(job.conceal && unconcealed.has(hash))) return {file: job.file, hash, text: decoded.text, known: true, diagnostics: [], ...stamped}
  const {data, diagnostics, comments} = parseRecordText(job.file, decoded.text, {conceal: job.conceal})
  // Only a map is a record's value (load.ts asRecordData): nothing else is checked.
  const valid = job.schema !== undefined && data !== null && typeof data === 'object' && !Array.isArray(data) && validatorFor(job.schema)(data) ? {schemaValid: true as const} : {}
  return {file: job.file, hash, text: decoded.text, data, diagnostics, ...stamped, ...valid, ...(comments ? {comments} : {})}
}
