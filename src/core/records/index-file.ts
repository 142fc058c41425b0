/**
 * The parse cache's index file (.git/lead/index-KEY.json): what lead knows about every file and
 * content of a site, read by every command and rewritten by each save, so its size is paid twice
 * per command. It is written in columns rather than as one object per file and content: each
 * content hash once (files and entries refer to it by position), a file's stamp as six
 * numbers (all files' in one binary column), and the usual entry (no findings, schema check clean) as a short string. On a
 * 10,000-referral site that is 4.3 MB → about half, with no key names repeated 13,000 times.
 *
 * The file is one line of ASCII JSON, a newline, then the stamps column as raw little-endian
 * float64s (the line says how many). In base64 inside the JSON they were a third of the file, and
 * copying, scanning and decoding them cost ~15-20 ms of every command on 10,000 referrals (~80 ms
 * on 50,000) that the raw bytes, copied once into their array, do not.
 *
 * decodeIndex checks the shape as it reads and throws on anything else: the cache then starts
 * empty (a damaged index costs a cold run, never a wrong result).
 */
import os from 'node:os'
import type {Diagnostic} from '../errors.js'
import {asciiJson, decodeText} from './ascii-json.js'
import {isValuesState, type ValuesState} from './values-file.js'
import {RuleColumn} from './rule-column.js'
import {EntryTable, entryCode, FileTable} from './index-tables.js'
import type {RecordComment} from './yaml-comments.js'

export {EntryTable, FileTable} from './index-tables.js'

export type CachedDiagnostic = Omit<Diagnostic, 'file'>

/** What the index holds for one content: everything but the value. */
export interface IndexEntry {
  diagnostics: CachedDiagnostic[]
  /** Parsed as a participant file: its messages repeat none of its text. */
  concealed?: boolean
  /** This content checked against a kind's schema: the findings, with positions (schemas are part of the cache key). */
  schema?: {kind: string; diagnostics: CachedDiagnostic[]}
  /** A participant record's ids and codes (record-facts.ts encodeFacts; "" when it has none). */
  facts?: string
  /** A participant record's comments (yaml-comments.ts); absent when it has none. Such an entry is kept whole, not as a code. */
  comments?: RecordComment[]
}

/** What a file looked like when it was last read: if it still looks the same, its hash stands. */
export interface FileStamp {
  size: number
  mtimeMs: number
  /** Change time: tools can put mtime back (touch -r, rsync -a), never ctime. */
  ctimeMs: number
  ino: number
  dev: number
}

export interface FileEntry extends FileStamp {
  hash: string
}

/** The index as read and written. When its stamps were saved is the index file's own modification time (save-time.ts), not a field. */
export interface CacheFile {
  version: string
  /** Random, new at each rewrite: the journal lines that extend this index carry it (index-journal.ts). */
  generation?: string
  /**
   * How long the run that wrote it had gone on when it did (ms, this machine's steady clock): its
   * stamps were taken no earlier than the index file's time less this (save-time.ts).
   */
  ran?: number
  /** What of the values file this index trusts (absent: no values yet). */
  values?: ValuesState
  /** Per content hash (index-tables.ts: read in place, an entry built when asked for). */
  entries: EntryTable
  /** Per file (index-tables.ts: a stamp built only when compared). */
  files: FileTable
  /** Files of this site do not hash to their git blobs (converted on checkout): git's index cannot vouch for them. */
  gitHashesDiffer?: boolean
  /** Per rule context (validate/rule-memo.ts): per file, what its findings were worked out from, and them (most often none). */
  rules?: Record<string, RuleColumn>
}

/** A per-record rule part's findings about one file: `key` is its content hash, or a digest of it and the records it reads. */
export interface RuleMemo {
  key: string
  found: CachedDiagnostic[]
}

/** The file as written: see the module comment. */
interface Columns {
  version: string
  generation?: string
  ran?: number
  values?: ValuesState
  hashes: string[]
  /** Per hash: a short code (see entryCode) or the entry itself. */
  entries: Array<string | IndexEntry>
  paths: string[]
  /**
   * How many numbers the stamps column after the line holds: per path, hash position, size,
   * mtimeMs, ctimeMs, ino, dev (packStamps): 80,000 numbers on a big site, which JSON.parse read in
   * ~8 ms, base64 in ~6 and a copy of their bytes in ~1.
   */
  stamps: number
  gitHashesDiffer?: true
  /**
   * Per rule context: files (positions in paths), their keys (a position in hashes, or a digest),
   * and the findings of the few that have any (by position in those lists).
   */
  rules: Record<string, {files: number[]; keys: Array<number | string>; found: Record<string, CachedDiagnostic[]>}>
}

const STAMP = 6

/** Numbers as little-endian float64s: the stamps column as written after the index's line. */
export function packStamps(numbers: readonly number[]): Buffer {
  const bytes = Buffer.alloc(numbers.length * 8)
  for (let i = 0; i < numbers.length; i++) bytes.writeDoubleLE(numbers[i]!, i * 8)
  return bytes
}

/** The numbers packStamps wrote, or undefined when the bytes are not whole float64s. */
export function unpackStamps(bytes: Uint8Array): Float64Array | undefined {
  if (bytes.length % 8 !== 0) return undefined
  const numbers = new Float64Array(bytes.length / 8)
  // A copy: the file's bytes sit at any offset, and a Float64Array needs eight.
  if (os.endianness() === 'LE') new Uint8Array(numbers.buffer).set(bytes)
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    for (let i = 0; i < numbers.length; i++) numbers[i] = view.getFloat64(i * 8, true)
  }
  return numbers
}

export function encodeIndex(body: CacheFile): Buffer {
  const position = new Map<string, number>()
  const hashes: string[] = []
  const entries: Array<string | IndexEntry> = []
  for (const [hash, entry] of body.entries) {
    position.set(hash, hashes.length)
    hashes.push(hash)
    entries.push(entryCode(entry) ?? entry)
  }
  const paths: string[] = []
  const stamps: number[] = []
  for (const [file, f] of body.files) {
    const at = position.get(f.hash)
    if (at === undefined) continue // no entry for its content: read again next time
    paths.push(file)
    stamps.push(at, f.size, f.mtimeMs, f.ctimeMs, f.ino, f.dev)
  }
  const pathAt = new Map(paths.map((p, i) => [p, i]))
  const rules: Columns['rules'] = {}
  for (const [context, byFile] of Object.entries(body.rules ?? {})) {
    const memo: Columns['rules'][string] = {files: [], keys: [], found: {}}
    for (const [file, {key, found}] of byFile) {
      const at = pathAt.get(file)
      if (at === undefined) continue // a file the index no longer knows: worked out again
      if (found.length > 0) memo.found[memo.files.length] = found
      memo.files.push(at)
      memo.keys.push(position.get(key) ?? key)
    }
    rules[context] = memo
  }
  const columns: Columns = {version: body.version, ...(body.generation ? {generation: body.generation} : {}), ...(body.ran !== undefined ? {ran: body.ran} : {}), ...(body.values ? {values: body.values} : {}), hashes, entries, paths, stamps: stamps.length, rules, ...(body.gitHashesDiffer ? {gitHashesDiffer: true as const} : {})}
  return indexBytes(asciiJson(columns), packStamps(stamps))
}

/** The file: the line (ASCII JSON holds no newline), a newline, the stamps column. */
export function indexBytes(line: string, stamps: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${line}\n`, 'latin1'), stamps])
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** An entry as lead writes one (the journal's are checked the same way). */
export function isIndexEntry(e: unknown): e is IndexEntry {
  if (!isObject(e) || !Array.isArray(e.diagnostics)) return false
  if (e.facts !== undefined && typeof e.facts !== 'string') return false
  if (e.comments !== undefined && !(Array.isArray(e.comments) && e.comments.every(isComment))) return false
  return e.schema === undefined || (isObject(e.schema) && typeof e.schema.kind === 'string' && Array.isArray(e.schema.diagnostics))
}

const isComment = (c: unknown): boolean => isObject(c) && Number.isInteger(c.line) && Number.isInteger(c.column) && typeof c.text === 'string'

/** How long a run had gone on (ms): a finite number, not below 0. */
export const isDuration = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0

/** A file's stamp and hash as lead writes them. */
export function isFileEntry(f: unknown): f is FileEntry {
  return isObject(f) && typeof f.hash === 'string' && ['size', 'mtimeMs', 'ctimeMs', 'ino', 'dev'].every((k) => typeof f[k] === 'number')
}

function damaged(): never {
  throw new Error('damaged cache index')
}

/** The index in the file's `bytes`, if it is of `version`; undefined for another version; throws when damaged. */
export function decodeIndex(bytes: Uint8Array, version: string): CacheFile | undefined {
  const end = bytes.indexOf(0x0a)
  if (end < 0) damaged()
  const c = JSON.parse(decodeText(Buffer.from(bytes.buffer, bytes.byteOffset, end))) as Partial<Columns>
  if (!isObject(c) || c.version !== version) return undefined
  const {hashes, entries, paths, rules} = c
  if ((c.values !== undefined && !isValuesState(c.values)) || (c.generation !== undefined && typeof c.generation !== 'string') || (c.ran !== undefined && !isDuration(c.ran))) damaged()
  if (!Array.isArray(hashes) || !Array.isArray(entries) || entries.length !== hashes.length) damaged()
  if (!Array.isArray(paths) || c.stamps !== paths.length * STAMP) damaged()
  const stamps = unpackStamps(bytes.subarray(end + 1))
  if (stamps === undefined || stamps.length !== c.stamps) damaged()
  if (!isObject(rules)) damaged()
  const hashAt = (i: unknown): string => (Number.isInteger(i) && (i as number) >= 0 && (i as number) < hashes.length ? hashes[i as number]! : damaged())
  // Checked here, read in place (index-tables.ts): no object per content or file.
  for (let i = 0; i < hashes.length; i++) {
    const e = entries[i]
    if (typeof hashes[i] !== 'string' || (typeof e !== 'string' && !isIndexEntry(e))) damaged()
  }
  for (let i = 0; i < paths.length; i++) {
    if (typeof paths[i] !== 'string') damaged()
    hashAt(stamps[i * STAMP])
  }
  const files = new FileTable(paths as string[], stamps, hashes as string[])
  // The rule memo is checked here and read in place (rule-column.ts): no object per file.
  const table = {paths: paths as string[], hashes: hashes as string[], position: (file: string) => files.position(file)}
  const rulesByFile: Record<string, RuleColumn> = {}
  for (const [context, memo] of Object.entries(rules)) {
    if (!isObject(memo) || !Array.isArray(memo.files) || !Array.isArray(memo.keys) || memo.keys.length !== memo.files.length || !isObject(memo.found)) damaged()
    const {files: at, keys} = memo as {files: unknown[]; keys: unknown[]}
    for (let i = 0; i < at.length; i++) if (!(Number.isInteger(at[i]) && (at[i] as number) >= 0 && (at[i] as number) < paths.length)) damaged()
    for (let i = 0; i < keys.length; i++) if (typeof keys[i] !== 'string') hashAt(keys[i])
    for (const list of Object.values(memo.found)) if (!Array.isArray(list)) damaged()
    rulesByFile[context] = new RuleColumn(table, memo.files, memo.keys, memo.found as Record<string, CachedDiagnostic[]>)
  }
  return {version, ...(c.generation ? {generation: c.generation} : {}), ...(c.ran !== undefined ? {ran: c.ran} : {}), ...(c.values ? {values: c.values} : {}), entries: new EntryTable(hashes as string[], entries as Array<string | IndexEntry>), files, rules: rulesByFile, ...(c.gitHashesDiffer === true ? {gitHashesDiffer: true} : {})}
}
