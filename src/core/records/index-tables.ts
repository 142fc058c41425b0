/**
 * The parse cache index's two big tables, read in place from the columns they are stored in
 * (index-file.ts): what each content hash's parse found (EntryTable) and what each file looked
 * like when last read (FileTable). On 10,000 referrals an object per content and per file was
 * 27,000 objects (with their arrays) built by every command and collected again, while a command
 * looks at most of them once: here an entry is built when it is asked for, and a file's stamp
 * only when it is compared (git vouches for most files by their hash alone).
 * What a run adds (a journal line, this run) is kept beside the columns and wins.
 */
import type {CachedDiagnostic, FileEntry, FileStamp, IndexEntry} from './index-file.js'

/** One frozen empty list for the many entries that have no findings (a push would throw, not share). */
const NONE = Object.freeze([]) as unknown as CachedDiagnostic[]
/** The schema part of an entry with a clean schema check, one per kind. */
const cleanSchema = new Map<string, IndexEntry['schema']>()

/** "!" for concealed, then the schema's kind ("" when not checked), then "|" and the facts if any: for an entry with no findings at all. */
export function entryCode(e: IndexEntry): string | undefined {
  if (e.diagnostics.length > 0 || (e.concealed !== undefined && e.concealed !== true)) return undefined
  if (Object.keys(e).some((k) => k !== 'diagnostics' && k !== 'concealed' && k !== 'schema' && k !== 'facts')) return undefined
  if (e.schema && (e.schema.diagnostics.length > 0 || !e.schema.kind || e.schema.kind.startsWith('!') || e.schema.kind.includes('|') || Object.keys(e.schema).length !== 2)) return undefined
  if (e.facts !== undefined && typeof e.facts !== 'string') return undefined
  return `${e.concealed ? '!' : ''}${e.schema?.kind ?? ''}${e.facts === undefined ? '' : `|${e.facts}`}`
}

/** What an entry's code says: concealed, the kind its schema check passed for ("" none), its facts. */
export function codeParts(code: string): {concealed: boolean; kind: string; facts?: string} {
  const bar = code.indexOf('|')
  const concealed = code.startsWith('!')
  const kind = code.slice(concealed ? 1 : 0, bar < 0 ? code.length : bar)
  return bar < 0 ? {concealed, kind} : {concealed, kind, facts: code.slice(bar + 1)}
}

/** Whether an entry's code says its schema check passed for `kind`: codeParts' kind, read in place (13,000 records on a big site, no parts object). */
export function codeKindIs(code: string, kind: string): boolean {
  const start = code.charCodeAt(0) === 33 ? 1 : 0 // "!": concealed
  const bar = code.indexOf('|', start)
  return (bar < 0 ? code.length : bar) - start === kind.length && code.startsWith(kind, start)
}

/** codeParts' facts, read in place. */
export function codeFacts(code: string): string | undefined {
  const bar = code.indexOf('|')
  return bar < 0 ? undefined : code.slice(bar + 1)
}

export function fromCode(code: string): IndexEntry {
  const {concealed, kind, facts} = codeParts(code)
  let schema = kind ? cleanSchema.get(kind) : undefined
  if (kind && !schema) cleanSchema.set(kind, (schema = Object.freeze({kind, diagnostics: NONE})))
  return {diagnostics: NONE, ...(concealed ? {concealed: true} : {}), ...(schema ? {schema} : {}), ...(facts === undefined ? {} : {facts})}
}

/** How far past the cursor a look-up tries before the map: a few records the run skips (changed, or known from the journal). */
const AHEAD = 4

/**
 * How many look-ups far from the cursor scan the list before a map of it is built: a run meets a
 * few (lead.yaml's entry, the changed record's old one), each a scan of 13,000 strings in native
 * code (~0.1 ms), where a map costs 13,000 insertions and their garbage.
 */
const SCANS = 8

/** The position of `key` in `keys`, scanned (undefined: not there); of two, the last, as the map holds it. */
function scanFor(keys: readonly string[], key: string): number | undefined {
  const i = keys.lastIndexOf(key)
  return i < 0 ? undefined : i
}

/**
 * Where `key` is in `keys` near `cursor` (the position after the last found), or -1: at the
 * cursor (the next record in the index's order), just before it (the same key asked again: a
 * record's entry is asked whether known and then for its code), or a few past it (records the run
 * skipped). Without the second, every other look-up of a run over the site went to the map.
 */
function nearCursor(keys: readonly string[], cursor: number, key: string): number {
  if (cursor < keys.length && keys[cursor] === key) return cursor
  if (cursor > 0 && keys[cursor - 1] === key) return cursor - 1
  const end = Math.min(keys.length, cursor + 1 + AHEAD)
  for (let i = cursor + 1; i < end; i++) if (keys[i] === key) return i
  return -1
}

/** Per content hash, what the index knows (an entry's code or the entry itself, index-file.ts). */
export class EntryTable implements Iterable<[string, IndexEntry]> {
  /** Each hash's position, built when a look-up misses the cursor (an index lists each hash once: index-file.ts). */
  private atMap?: Map<string, number>
  /** Where the last hash looked up was: a site's records are read in the order the index was written. */
  private cursor = 0
  /** Look-ups that missed the cursor and scanned the list (SCANS before the map is built). */
  private scans = 0
  private readonly added = new Map<string, IndexEntry>()
  /** Which entries a run used (use()): what a rewrite of the index keeps, without a map of them. */
  private usedAt?: Uint8Array
  private readonly usedAdded = new Set<string>()
  private used = 0

  constructor(
    private readonly hashes: readonly string[] = [],
    private readonly codes: ReadonlyArray<string | IndexEntry> = [],
  ) {}

  private get at(): Map<string, number> {
    if (!this.atMap) {
      this.atMap = new Map()
      for (let i = 0; i < this.hashes.length; i++) this.atMap.set(this.hashes[i]!, i)
    }
    return this.atMap
  }

  /** A hash's position: near the last found first (no map of 13,000 hashes for a run over the site in order). */
  private find(hash: string): number | undefined {
    const near = nearCursor(this.hashes, this.cursor, hash)
    if (near >= 0) {
      this.cursor = near + 1
      return near
    }
    const i = this.atMap || this.scans++ >= SCANS ? this.at.get(hash) : scanFor(this.hashes, hash)
    if (i !== undefined) this.cursor = i + 1
    return i
  }

  static of(entries: Iterable<[string, IndexEntry]>): EntryTable {
    const table = new EntryTable()
    for (const [hash, entry] of entries) table.set(hash, entry)
    return table
  }

  has(hash: string): boolean {
    return this.added.has(hash) || this.find(hash) !== undefined
  }

  /** The entry, built anew at each call (the cache keeps what it took). */
  get(hash: string): IndexEntry | undefined {
    const added = this.added.get(hash)
    if (added) return added
    const i = this.find(hash)
    if (i === undefined) return undefined
    const code = this.codes[i]!
    return typeof code === 'string' ? fromCode(code) : code
  }

  set(hash: string, entry: IndexEntry): void {
    this.added.set(hash, entry)
  }

  /** The entry, noted as used by this run. */
  use(hash: string): IndexEntry | undefined {
    const code = this.useCode(hash)
    return typeof code === 'string' ? fromCode(code) : code
  }

  /** The entry as held (the usual one as its code), noted as used by this run. */
  useCode(hash: string): IndexEntry | string | undefined {
    const added = this.added.get(hash)
    if (added) {
      if (!this.usedAdded.has(hash)) this.usedAdded.add(hash), this.used++
      return added
    }
    const i = this.find(hash)
    if (i === undefined) return undefined
    this.usedAt ??= new Uint8Array(this.codes.length)
    if (this.usedAt[i] === 0) this.usedAt[i] = 1, this.used++
    return this.codes[i]!
  }

  isUsed(hash: string): boolean {
    if (this.added.has(hash)) return this.usedAdded.has(hash)
    const i = this.find(hash)
    return i !== undefined && this.usedAt?.[i] === 1
  }

  /** How many entries were used. */
  get usedSize(): number {
    return this.used
  }

  /** The entries used, each once. */
  *usedEntries(): IterableIterator<[string, IndexEntry]> {
    if (this.usedAt) for (const [hash, i] of this.at) if (this.usedAt[i] === 1 && !this.added.has(hash)) yield [hash, this.get(hash)!]
    for (const hash of this.usedAdded) yield [hash, this.added.get(hash)!]
  }

  /**
   * Bounds on size without looking any added hash up (a journal's hashes miss the cursor, so
   * telling which of them are stored builds the map of 13,000): the stored ones, each once
   * (index-file.ts), and those plus every hash added.
   */
  sizeBounds(): {least: number; most: number} {
    if (this.atMap) return {least: this.size, most: this.size}
    return {least: this.hashes.length, most: this.hashes.length + this.added.size}
  }

  /** How many hashes it holds: the stored ones (each once: index-file.ts) and those added, without the map unless it is built. */
  get size(): number {
    let n = this.atMap ? this.atMap.size : this.hashes.length
    for (const hash of this.added.keys()) if (this.find(hash) === undefined) n++
    return n
  }

  *keys(): IterableIterator<string> {
    for (const hash of this.at.keys()) if (!this.added.has(hash)) yield hash
    yield* this.added.keys()
  }

  *[Symbol.iterator](): Iterator<[string, IndexEntry]> {
    for (const hash of this.keys()) yield [hash, this.get(hash)!]
  }

  /**
   * Content not read as a participant record's (load.ts: not reused for a participant file): its
   * parse findings may repeat its text, and its comments were not looked for (yaml-comments.ts),
   * so a referral first read in another kind's folder and then moved is read again.
   */
  unconcealed(): Set<string> {
    const out = new Set<string>()
    // By position: nearly every entry is a participant record's code ("!…"), skipped without a lookup.
    const found: number[] = []
    for (let i = 0; i < this.codes.length; i++) {
      const code = this.codes[i]!
      // A code of another kind's: taken as it is (one listed twice costs a parse, no look-up for each).
      if (typeof code === 'string') {
        if (code.charCodeAt(0) !== 33 && !this.added.has(this.hashes[i]!)) out.add(this.hashes[i]!)
      } else if (!code.concealed) found.push(i)
    }
    // The entry a hash's look-up finds (the last of two): by scans while few, as find() looks.
    const scan = !this.atMap && found.length <= SCANS
    for (const i of found) {
      const hash = this.hashes[i]!
      if ((scan ? this.hashes.lastIndexOf(hash) : this.at.get(hash)) === i && !this.added.has(hash)) out.add(hash)
    }
    for (const [hash, e] of this.added) if (!e.concealed) out.add(hash)
    return out
  }
}

const STAMP = 6

/** The same size, times, inode and device: the file has not changed since it was stamped. */
export const sameStamp = (a: FileStamp, b: FileStamp): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.dev === b.dev

/** Per file, its stamp and content hash: `stamps` holds six numbers a file (hash position, size, mtimeMs, ctimeMs, ino, dev). */
export class FileTable implements Iterable<[string, FileEntry]> {
  private at?: Map<string, number>
  private readonly added = new Map<string, FileEntry>()
  /** Files a run found as stamped (keep()): kept by a rewrite of the index, without a map of them. */
  private keptAt?: Uint8Array
  private readonly keptAdded = new Set<string>()
  private kept = 0

  constructor(
    private readonly paths: readonly string[] = [],
    private readonly stamps: ArrayLike<number> = [],
    private readonly hashes: readonly string[] = [],
  ) {}

  static of(files: Iterable<[string, FileEntry]>): FileTable {
    const table = new FileTable()
    for (const [file, entry] of files) table.set(file, entry)
    return table
  }

  /** Where the last path looked up was: a site is listed in the order its index was written. */
  private cursor = 0
  /** Look-ups that missed the cursor and scanned the list (SCANS before the map is built). */
  private scans = 0

  /** A stored path's position: the one after the last found is tried first, so a run over the site in order builds no map of its 13,000 paths. */
  private find(file: string): number | undefined {
    const near = nearCursor(this.paths, this.cursor, file)
    if (near >= 0) {
      this.cursor = near + 1
      return near
    }
    const i = this.at || this.scans++ >= SCANS ? this.pathAt().get(file) : scanFor(this.paths, file)
    if (i !== undefined) this.cursor = i + 1
    return i
  }

  /** A stored path's position (the rule columns refer to files by it), found as any look-up is: near the cursor, by a scan while few, else by the map. */
  position(file: string): number | undefined {
    return this.find(file)
  }

  /** Each stored path's position. */
  pathAt(): ReadonlyMap<string, number> {
    if (!this.at) {
      this.at = new Map()
      for (let i = 0; i < this.paths.length; i++) this.at.set(this.paths[i]!, i)
    }
    return this.at
  }

  has(file: string): boolean {
    return this.added.has(file) || this.find(file) !== undefined
  }

  /** The content hash the file had when stamped, without building its entry. */
  hashOf(file: string): string | undefined {
    const added = this.added.get(file)
    if (added) return added.hash
    const i = this.find(file)
    return i === undefined ? undefined : this.hashes[this.stamps[i * STAMP]!]
  }

  get(file: string): FileEntry | undefined {
    const added = this.added.get(file)
    if (added) return added
    const i = this.find(file)
    if (i === undefined) return undefined
    const at = i * STAMP
    const s = this.stamps
    return {hash: this.hashes[s[at]!]!, size: s[at + 1]!, mtimeMs: s[at + 2]!, ctimeMs: s[at + 3]!, ino: s[at + 4]!, dev: s[at + 5]!}
  }

  set(file: string, entry: FileEntry): void {
    this.added.set(file, entry)
  }

  /** The file still has the content `hash` it was stamped with: its stamp is kept (true), else nothing is noted. */
  keep(file: string, hash: string): boolean {
    const added = this.added.get(file)
    if (added) {
      if (added.hash !== hash) return false
      if (!this.keptAdded.has(file)) this.keptAdded.add(file), this.kept++
      return true
    }
    const i = this.find(file)
    if (i === undefined || this.hashes[this.stamps[i * STAMP]!] !== hash) return false
    this.keptAt ??= new Uint8Array(this.paths.length)
    if (this.keptAt[i] === 0) this.keptAt[i] = 1, this.kept++
    return true
  }

  isKept(file: string): boolean {
    if (this.added.has(file)) return this.keptAdded.has(file)
    const i = this.find(file)
    return i !== undefined && this.keptAt?.[i] === 1
  }

  get keptSize(): number {
    return this.kept
  }

  /** The files kept, each once, with their stamps. */
  *keptEntries(): IterableIterator<[string, FileEntry]> {
    if (this.keptAt) for (const [file, i] of this.pathAt()) if (this.keptAt[i] === 1 && !this.added.has(file)) yield [file, this.get(file)!]
    for (const file of this.keptAdded) yield [file, this.added.get(file)!]
  }

  get size(): number {
    let n = this.paths.length === 0 ? 0 : this.pathAt().size
    for (const file of this.added.keys()) if (!this.at?.has(file)) n++
    return n
  }

  *keys(): IterableIterator<string> {
    if (this.paths.length > 0) for (const file of this.pathAt().keys()) if (!this.added.has(file)) yield file
    yield* this.added.keys()
  }

  *[Symbol.iterator](): Iterator<[string, FileEntry]> {
    for (const file of this.keys()) yield [file, this.get(file)!]
  }
}
