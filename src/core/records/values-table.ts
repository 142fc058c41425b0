/**
 * The values file's table of where each base value is (values-file.ts): one line after the header,
 * an entry per value sorted by content hash, each the hash then the value line's offset and length
 * (from the first value line) in fixed-width hexadecimal. With it a command that needs some values
 * (a validation after one referral changed reads the protocols and the 700 trainings) reads the
 * table and those lines, not the whole file: on 10,000 referrals, ~0.6 MB and a few reads instead
 * of 9 MB and finding 13,000 lines (~30 ms).
 *
 * Each value line starts with its hash, so a line read where the table points is checked to be the
 * value asked for: a table that does not match its file (damaged, or a file replaced since it was
 * read) costs a value parsed again, never a wrong one.
 */
import {isAscii} from 'node:buffer'
import fs from 'node:fs'
import {createRequire} from 'node:module'
import type {Values} from './values-file.js'

/**
 * A base value line is `HASH CHECK VALUE`: CHECK, the CRC-32 of the value's JSON text in 8
 * hexadecimal digits, makes a flipped bit or a stray edit cost a parse of the record again, never
 * a wrong value (the hash names the record's text, not the value, so it cannot check the value).
 */
export const CHECK = 8

/** node:zlib, loaded for a long value or many (a base written whole: ~9 MB on 10,000 referrals). */
let zlib: typeof import('node:zlib') | undefined

/** Up to this many characters a value is checked here: the few a write reads cost no load of node:zlib (~2 ms). */
const CHECKED_HERE = 16_384

export const checkOf = (json: string): string => (json.length <= CHECKED_HERE && zlib === undefined ? crc32(Buffer.from(json, 'utf8')) : nativeZlib().crc32(json)).toString(16).padStart(CHECK, '0')

/** Check many values with zlib's CRC-32 from the first (a base written whole: 13,000 values, ~30 ms less than in JavaScript). */
export const checkManyValues = (): void => void nativeZlib()

const nativeZlib = (): typeof import('node:zlib') => (zlib ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib'))

let crcTable: Int32Array | undefined

/** The CRC-32 of `bytes` (zlib's: reflected, polynomial 0xEDB88320), as an unsigned number. */
export function crc32(bytes: Uint8Array): number {
  const table = (crcTable ??= Int32Array.from({length: 256}, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c
  }))
  let c = -1
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ -1) >>> 0
}

/** The value of a base line's `CHECK VALUE` (newline excluded); throws when it fails its check or is no JSON. */
export function checkedValue(rest: string): unknown {
  const json = rest.slice(CHECK + 1)
  if (rest.charCodeAt(CHECK) !== 32 || rest.slice(0, CHECK) !== checkOf(json)) throw new Error('a value line that fails its check')
  return JSON.parse(json) as unknown
}

/** Content hashes as the parse cache writes them (contentHash). */
const HASH = 27
const NUMBER = 8
const ENTRY = HASH + 2 * NUMBER
/**
 * Past an eighth of the values (and at least this many) read one by one, the file is read whole,
 * as without a table: on 10,000 referrals a read of one line costs ~2 µs, of the whole file ~20 ms.
 */
export const READ_WHOLE_AFTER = 256

const hex = (n: number) => n.toString(16).padStart(NUMBER, '0')

/**
 * The table line (newline included) for value lines in file order, or undefined when it cannot
 * hold them (a key not a content hash, a line or a base past 4 GiB): the file is then written without one.
 */
export function tableLine(lines: ReadonlyArray<{hash: string; length: number}>): string | undefined {
  const entries: string[] = []
  let at = 0
  for (const {hash, length} of lines) {
    if (hash.length !== HASH || !/^[A-Za-z0-9_-]+$/.test(hash) || at + length >= 2 ** 32) return undefined
    entries.push(`${hash}${hex(at)}${hex(length)}`)
    at += length
  }
  return `${entries.sort().join('')}\n`
}

/**
 * Is `text` (newline excluded, ASCII) a table of `count` entries? By its length: an entry's numbers
 * are checked where they are read (TableValues), and a garbled hash finds no value (parsed again),
 * so a pattern run over the whole table (~600 KB on 10,000 referrals, ~1.4 ms) adds nothing.
 */
export const isTable = (text: string, count: number): boolean => text.length === count * ENTRY

/** Where the base's values are, as the header and the table say. */
export interface TableRead {
  file: string
  /** The table line, newline excluded. */
  table: string
  /** Offset of the first value line in the file. */
  start: number
  /** The base's bytes (header, table and value lines): what a whole read checks it finds. */
  base: number
  /** The header line, newline included: what a whole read checks it finds. */
  header: string
  /**
   * How the header starts (its version): what a line read checks the file it opened starts with.
   * A file another process compacted since the table was read holds the same values for the same
   * hashes only if it is of the same build: another build's may differ for the same hash.
   */
  version: string
}

/** An entry's offset and length: 16 lowercase hexadecimal digits (the table check lets other characters through). */
const NUMBERS = /^[0-9a-f]{16}$/

/** The base's values found through the table: each read from its line on first use. */
export class TableValues implements Values {
  private readonly parsed = new Map<string, unknown>()
  private reads = 0
  private readonly readsBeforeWhole: number
  private whole?: string
  /** Open while values are being read: closed once the current turn of the event loop is done. */
  private fd?: number

  constructor(private readonly at: TableRead, private readonly later: Map<string, unknown>, private readonly read: {damaged: boolean}) {
    this.readsBeforeWhole = Math.max(READ_WHOLE_AFTER, at.table.length / ENTRY / 8)
  }

  has(hash: string): boolean {
    return this.later.has(hash) || this.find(hash) >= 0
  }

  get(hash: string): unknown {
    if (this.later.has(hash)) return this.later.get(hash)
    if (this.parsed.has(hash)) return this.parsed.get(hash)
    const entry = this.find(hash)
    if (entry < 0) return undefined
    const {table, start, base} = this.at
    const numbers = table.slice(entry + HASH, entry + ENTRY)
    const offset = start + Number.parseInt(numbers.slice(0, NUMBER), 16)
    const length = Number.parseInt(numbers.slice(NUMBER), 16)
    // A garbled entry would make a read throw (or allocate up to 4 GiB): the value is parsed again instead.
    const line = NUMBERS.test(numbers) && length > HASH + 1 && offset + length <= base ? this.line(offset, length) : undefined
    let value: unknown
    try {
      if (line === undefined || !line.startsWith(`${hash} `) || !line.endsWith('\n')) throw new Error('not the line of this value')
      value = checkedValue(line.slice(HASH + 1, -1))
    } catch {
      this.read.damaged = true
      return undefined
    }
    this.parsed.set(hash, value)
    return value
  }

  /** The entry's position in the table (binary search by hash), or -1. */
  private find(hash: string): number {
    const {table} = this.at
    let lo = 0
    let hi = table.length / ENTRY - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const key = table.slice(mid * ENTRY, mid * ENTRY + HASH)
      if (key === hash) return mid * ENTRY
      if (key < hash) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  /**
   * The bytes at `offset` (undefined when they cannot be read, or are not ASCII as lead writes
   * them), read alone or, once many were asked for, from the whole file.
   */
  private line(offset: number, length: number): string | undefined {
    if (this.whole === undefined && ++this.reads > this.readsBeforeWhole) this.whole = this.readWhole()
    if (this.whole !== undefined) return this.whole.slice(offset, offset + length)
    try {
      const fd = this.open()
      if (fd === undefined) return undefined
      const bytes = Buffer.allocUnsafe(length)
      const got = bytes.subarray(0, fs.readSync(fd, bytes, 0, length, offset))
      return isAscii(got) ? got.toString('latin1') : undefined
    } catch {
      // Removed, or replaced by something else, since the table was read: the value is parsed again.
      return undefined
    }
  }

  /**
   * The file, opened once for the values asked in one go (a validation asks hundreds at once);
   * undefined in a turn that found it to be another build's (see TableRead.version).
   */
  private open(): number | undefined {
    if (this.fd !== undefined) return this.fd >= 0 ? this.fd : undefined
    const fd = fs.openSync(this.at.file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK)
    this.fd = fd
    setImmediate(() => {
      this.fd = undefined
      fs.closeSync(fd)
    })
    try {
      const head = Buffer.alloc(this.at.version.length)
      if (fs.readSync(fd, head, 0, head.length, 0) !== head.length || head.toString('latin1') !== this.at.version) this.fd = -1
    } catch {
      this.fd = -1
    }
    return this.fd >= 0 ? this.fd : undefined
  }

  /** The base as one string, when the file still starts with the base the table was read from ('' when not: no line matches). */
  private readWhole(): string {
    try {
      const fd = fs.openSync(this.at.file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK)
      let bytes: Buffer
      try {
        // The base alone: the segments after it were read with the table.
        bytes = readAt(fd, 0, this.at.base)
      } finally {
        fs.closeSync(fd)
      }
      // Not ASCII: not as lead writes it (offsets in the text would not be offsets in the file).
      const text = isAscii(bytes) ? bytes.toString('latin1') : ''
      return text.startsWith(this.at.header) && text.length === this.at.base ? text : ''
    } catch {
      return ''
    }
  }
}

/** `length` bytes of the file from `position` (fewer at its end). */
export function readAt(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(Math.max(0, length))
  let got = 0
  while (got < bytes.length) {
    const n = fs.readSync(fd, bytes, got, bytes.length - got, position + got)
    if (n === 0) break
    got += n
  }
  return bytes.subarray(0, got)
}
