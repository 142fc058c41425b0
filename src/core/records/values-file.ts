/**
 * The parse cache's values file (.git/lead/values-KEY.json): every record's parsed value by content
 * hash, append-only between compactions, so a save that adds one value writes one line instead of
 * the whole file (about 9 MB on a 10,000-referral site).
 *
 * Layout, one JSON text per line (JSON.stringify never writes a raw newline):
 *
 *     {"version":V,"generation":G,"count":N,…}\n  the base, written whole (compaction): a header,
 *     HASH OFFSET LENGTH…\n                        a table of where each value is (values-table.ts),
 *     HASH CHECK VALUE\n                           then N lines of one value each (parsed when used;
 *                                                  CHECK: the CRC-32 of VALUE, values-table.ts)
 *     …
 *     SUM {HASH:VALUE,…}\n                         a segment, appended by one save
 *     …
 *
 * SUM is the SHA-1 (base64url, 27 characters) of the bytes after the space. The index names the
 * values it trusts (ValuesState): the base's generation and length (header and value lines), and how many bytes of the file
 * it trusts. A reader takes only those bytes; a base of another generation or length means nothing
 * is taken, and a segment that is torn, garbled or fails its sum is skipped (each line stands on
 * its own, so the lines after it still count). A value not taken is parsed again from its record.
 *
 * Why two lead processes saving at once never make a command read a wrong value: a value is keyed
 * by the hash of the text it was parsed from, so any value that passes these checks is right for
 * its hash, whichever process wrote it and whatever the index says. What concurrency can cause is
 * a value not found (the file replaced under another generation, a segment cut by the trusted
 * length): it is parsed again. Appends use O_APPEND, so two never overlap on a local file system;
 * where they could (a network file system), the sums catch it. An append checks the base's
 * generation through the same descriptor it writes to, so it never lands in a file compacted under
 * another generation (an append to a file already replaced goes to the unlinked file: lost, not
 * misread). The file is created 0600 and only ever replaced whole (temp + rename) or appended to;
 * a file found with other permissions is not appended to but rewritten, 0600 again.
 */
import {isAscii} from 'node:buffer'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {asciiJson, decodeText} from './ascii-json.js'
import {writeFileAtomic} from './atomic-write.js'
import {sweepAbandonedWrites} from './abandoned-writes.js'
import {checkedLine, checkedLines} from './checked-lines.js'
import {checkedValue, checkManyValues, checkOf, isTable, readAt, TableValues, tableLine, type TableRead} from './values-table.js'

/** What an index trusts of the values file. */
export interface ValuesState {
  /** Random, new at each compaction: the base the index was saved with. */
  generation: string
  /** Bytes of the base line, newline included. */
  base: number
  /** Bytes of the file the index trusts: the base and the segments appended before it was saved. */
  length: number
  /** Values in the trusted bytes (a value appended twice counts twice). */
  held: number
  /** Segments in the trusted bytes that this lineage of saves appended (a lower bound). */
  segments: number
}

/** An index's `values` as this module writes it (an index edited by hand starts afresh). */
export function isValuesState(v: unknown): v is ValuesState {
  if (typeof v !== 'object' || v === null) return false
  const s = v as Record<string, unknown>
  return typeof s.generation === 'string' && ['base', 'length', 'held', 'segments'].every((k) => Number.isSafeInteger(s[k]) && (s[k] as number) >= 0)
}

/**
 * When a save rewrites the file (see needsCompaction). Appended bytes past a quarter of the base
 * (but never before 64 KiB: a small site's whole file is cheap to read) bound what a read costs
 * over a compact file at 25%, and amortise a compaction over the appends before it: on 10,000
 * referrals, one rewrite of ~9 MB per ~3,100 one-record saves (700 bytes each). Dropped values
 * past a quarter of those held bound the dead weight every read parses. 1,000 segments bound the per-line cost
 * (a hash and a JSON.parse each) where values are small.
 */
export const COMPACTION = {appendedShare: 0.25, appendedFloor: 64 * 1024, deadShare: 0.25, segments: 1000}

/** The bytes the base starts with, up to its count: what an append checks it is adding to. */
const head = (version: string, generation: string) => Buffer.from(`${JSON.stringify({version, generation}).slice(0, -1)},"count":`)

/**
 * Values by content hash; a base's are parsed only when asked for (a command that needs a few
 * reads a few). `get` is undefined for a value not held, or held on a line that cannot be parsed
 * (then no longer held, and the read marked damaged: the next save rewrites the file).
 */
export interface Values {
  has(hash: string): boolean
  get(hash: string): unknown
}

/**
 * The base's values, each parsed on first use from its own line: on 10,000 referrals, finding
 * the lines of 9 MB takes ~20 ms where parsing every value takes ~90 ms and the garbage after it.
 */
class BaseValues implements Values {
  private readonly parsed = new Map<string, unknown>()
  constructor(private readonly text: string, private readonly starts: Map<string, number>, private readonly later: Map<string, unknown>, private readonly read: {damaged: boolean}) {}

  has(hash: string): boolean {
    return this.later.has(hash) || this.starts.has(hash)
  }

  get(hash: string): unknown {
    if (this.later.has(hash)) return this.later.get(hash)
    if (this.parsed.has(hash)) return this.parsed.get(hash)
    const start = this.starts.get(hash)
    if (start === undefined) return undefined
    try {
      const value = checkedValue(this.text.slice(start, this.text.indexOf('\n', start)))
      this.parsed.set(hash, value)
      return value
    } catch {
      this.starts.delete(hash)
      this.read.damaged = true
      return undefined
    }
  }
}

/**
 * The values the index trusts, or undefined when the file holds no base the index names.
 * `damaged`: some trusted bytes could not be used. Without a state: whatever the file holds now,
 * whichever generation (a compaction's last resort when another process replaced the file: its
 * values are as right as ours).
 */
export function readValues(file: string, version: string, state?: ValuesState): {values: Values; damaged: boolean} | undefined {
  let bytes: Buffer
  // Not through a link; not waiting on a FIFO put in its place (a non-file is damaged: rewritten).
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK)
  try {
    const st = fs.fstatSync(fd)
    if (!st.isFile()) throw new Error(`${file} is not a file`)
    const size = Math.min(st.size, state?.length ?? Infinity)
    // A base with a table: the header, the table and the segments are read, the values when asked for.
    const tabled = readThroughTable(fd, file, size, version, state)
    if (tabled !== 'no table') return tabled
    bytes = readAt(fd, 0, size)
  } finally {
    fs.closeSync(fd)
  }
  // lead writes the file in ASCII (asciiJson): offsets in the text are offsets in the file.
  if (!isAscii(bytes)) return undefined
  const text = bytes.toString('latin1')
  const end = text.indexOf('\n')
  if (end < 0) return undefined
  let header: {version?: unknown; generation?: unknown; count?: unknown}
  try {
    header = JSON.parse(text.slice(0, end)) as typeof header
  } catch {
    return undefined
  }
  if (header.version !== version || (state && header.generation !== state.generation) || !Number.isSafeInteger(header.count)) return undefined
  // The base: one line per value, `HASH CHECK VALUE`, written whole by a compaction.
  const starts = new Map<string, number>()
  let at = end + 1
  for (let n = 0; n < (header.count as number); n++) {
    const space = text.indexOf(' ', at)
    const stop = text.indexOf('\n', at)
    if (space < 0 || stop < 0 || space > stop) return undefined
    starts.set(text.slice(at, space), space + 1)
    at = stop + 1
  }
  if (state && at !== state.base) return undefined
  const {later, damaged} = segments(bytes.subarray(at), state !== undefined && bytes.length < state.length)
  const read = {values: undefined as unknown as Values, damaged}
  read.values = new BaseValues(text, starts, later, read)
  return read
}

/** The values of the segments in `bytes` (after the base), and whether some could not be used. */
function segments(bytes: Buffer, short: boolean): {later: Map<string, unknown>; damaged: boolean} {
  const later = new Map<string, unknown>()
  let damaged = short
  const {payloads, torn} = checkedLines(bytes)
  // A line cut short (a torn append, or the trusted length ending inside one) ends the read.
  if (torn) damaged = true
  for (const payload of payloads) {
    const pairs = payload && segment(payload)
    if (!pairs) {
      damaged = true
      continue
    }
    for (const [hash, value] of Object.entries(pairs)) later.set(hash, value)
  }
  return {later, damaged}
}

/** The longest header lead writes is well under this. */
const HEADER_MAX = 4096

/**
 * The values of a base with a table (values-table.ts): its header and table checked, its segments
 * read; 'no table' for a base without one (read whole), undefined for one the index does not trust.
 */
function readThroughTable(fd: number, file: string, size: number, version: string, state: ValuesState | undefined): {values: Values; damaged: boolean} | undefined | 'no table' {
  const first = readAt(fd, 0, Math.min(size, HEADER_MAX)).toString('latin1')
  const end = first.indexOf('\n')
  let header: {version?: unknown; generation?: unknown; count?: unknown; table?: unknown; values?: unknown}
  try {
    header = JSON.parse(first.slice(0, end < 0 ? first.length : end)) as typeof header
  } catch {
    return 'no table'
  }
  if (header.table === undefined) return 'no table'
  if (header.version !== version || (state && header.generation !== state.generation)) return undefined
  const [count, tableBytes, valueBytes] = [header.count, header.table, header.values]
  if (![count, tableBytes, valueBytes].every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return undefined
  const start = end + 1 + (tableBytes as number)
  const base = start + (valueBytes as number)
  if ((state && base !== state.base) || base > size) return undefined
  const tableBuffer = readAt(fd, end + 1, tableBytes as number)
  if (!isAscii(tableBuffer)) return undefined
  const table = tableBuffer.toString('latin1')
  if (!table.endsWith('\n') || !isTable(table.slice(0, -1), count as number)) return undefined
  const at: TableRead = {file, table: table.slice(0, -1), start, base, header: first.slice(0, end + 1), version: JSON.stringify({version}).slice(0, -1) + ','}
  const {later, damaged} = segments(readAt(fd, base, size - base), state !== undefined && size < state.length)
  const read = {values: undefined as unknown as Values, damaged}
  read.values = new TableValues(at, later, read)
  return read
}

function segment(payload: Buffer): Record<string, unknown> | undefined {
  try {
    const pairs = JSON.parse(decodeText(payload)) as unknown
    return isObject(pairs) ? pairs : undefined
  } catch {
    return undefined
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

const LINES_PER_WRITE = 100

/** Replace the file with a base holding `values`, under a new generation (0600, atomic). */
export function compactValues(file: string, version: string, values: Iterable<[string, unknown]>): ValuesState {
  const generation = crypto.randomBytes(9).toString('base64url')
  checkManyValues()
  const lines: string[] = []
  const placed: Array<{hash: string; length: number}> = []
  let body = 0
  for (const [hash, value] of values) {
    const json = asciiJson(value)
    const line = `${hash} ${checkOf(json)} ${json}\n`
    lines.push(line)
    placed.push({hash, length: line.length}) // ASCII: characters are bytes
    body += line.length
  }
  const table = tableLine(placed)
  const header = JSON.stringify({version, generation, count: lines.length, ...(table === undefined ? {} : {table: table.length, values: body})})
  // Written a hundred lines at a time: the file's text whole (~9 MB on a 10,000-referral site), and
  // its bytes, were two fresh allocations of its size, whose page faults cost ~70 ms on a machine
  // where a fault costs ~10 µs. Every line is ASCII (asciiJson), so characters are bytes.
  const parts = [`${header}\n${table ?? ''}`]
  for (let i = 0; i < lines.length; i += LINES_PER_WRITE) parts.push(lines.slice(i, i + LINES_PER_WRITE).join(''))
  const size = Buffer.byteLength(parts[0]!) + body
  // Every record's data: private to the user, like the records' clone, whatever mode the old file had.
  writeFileAtomic(file, parts, 0o600, {keepMode: false})
  // The cache's whole rewrite, which a Ctrl-C may have cut off before: what it left goes.
  sweepAbandonedWrites(path.dirname(file))
  return {generation, base: size, length: size, held: lines.length, segments: 0}
}

/** One segment's bytes, line and newline included. */
export function segmentLine(values: Iterable<[string, unknown]>): Buffer {
  return checkedLine(asciiJson(Object.fromEntries(values)))
}

/**
 * Append a segment (from segmentLine) holding `count` values to the file `state` describes, and
 * return the state that trusts it. Undefined when the file is not that one any more (missing,
 * another generation, shorter than trusted): the caller compacts instead.
 */
export function appendValues(file: string, version: string, state: ValuesState, line: Buffer, count: number): ValuesState | undefined {
  let fd: number
  try {
    fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_NOFOLLOW)
  } catch {
    return undefined
  }
  try {
    const before = fs.fstatSync(fd)
    // Not a private file any more (someone chmod-ed it): rewritten, and so made private again.
    if (!before.isFile() || before.size < state.length || (before.mode & 0o777) !== 0o600) return undefined
    const expected = head(version, state.generation)
    const found = Buffer.alloc(expected.length)
    if (fs.readSync(fd, found, 0, found.length, 0) !== found.length || !found.equals(expected)) return undefined
    fs.writeFileSync(fd, line)
    // Trust up to the end of this segment: another process may have appended before it (its
    // segments are checked like any), or be appending after it (not trusted, so never cut).
    const after = fs.fstatSync(fd).size
    const tail = Buffer.alloc(after - before.size)
    fs.readSync(fd, tail, 0, tail.length, before.size)
    const at = tail.indexOf(line)
    if (at < 0) return undefined
    return {...state, length: before.size + at + line.length, held: state.held + count, segments: state.segments + 1}
  } finally {
    fs.closeSync(fd)
  }
}

/** How many values the index uses, as bounds, and the exact count, worked out only when asked. */
export interface LiveCount {
  least: number
  most: number
  exact: () => number
}

/**
 * The file should be rewritten: too much appended, too many values no longer used (`live`: values
 * the new index uses, or bounds on it: fewer live values can only add to the dead ones), or too
 * many segments.
 */
export function needsCompaction(state: ValuesState, live: number | LiveCount): boolean {
  const appended = state.length - state.base
  if (appended > Math.max(state.base * COMPACTION.appendedShare, COMPACTION.appendedFloor)) return true
  if (state.segments >= COMPACTION.segments) return true
  const dead = (n: number) => state.held - n > state.held * COMPACTION.deadShare
  if (typeof live === 'number') return dead(live)
  return dead(live.most) || (dead(live.least) && dead(live.exact()))
}

/** The values of the file as it is now (none when it is missing or damaged). */
export function valuesIn(file: string, version: string): Values {
  try {
    return readValues(file, version)?.values ?? new Map()
  } catch {
    return new Map()
  }
}
