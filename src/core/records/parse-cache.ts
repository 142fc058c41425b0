/**
 * A cache of parse results keyed by file content (git's blob hash). Parsing YAML is most of a cold
 * validation; a record that has not changed is never parsed twice. Positions are not cached:
 * diagnostics that need one re-parse just that file.
 *
 * Per site, in the git directory (cache-files.ts: no clone, pull or commit carries it, so CI never
 * trusts results someone wrote by hand):
 * - the index (index-KEY.json, in columns: index-file.ts), read by every command: what each file
 *   looked like when last read, and what lead learnt about each content (parse and schema
 *   findings, per-record rule findings, the latest validations);
 * - its journal (journal-KEY.log, index-journal.ts): what later saves learnt, one line each, until
 *   the index is rewritten;
 * - the values (values-KEY.json, values-file.ts), append-only between compactions, read only by a
 *   command that needs a record's data: a warm `lead validate` reads the index alone.
 * Each of those modules says why two processes saving at once never make one read a wrong result.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {writeFileAtomic} from './atomic-write.js'
import {siteOrder} from './index-order.js'
import {encodeIndex, EntryTable, FileTable, type CacheFile, type CachedDiagnostic, type FileStamp, type IndexEntry} from './index-file.js'
import {appendValues, compactValues, needsCompaction, readValues, segmentLine, valuesIn, type LiveCount, type Values, type ValuesState} from './values-file.js'
import {appendJournal, JOURNAL, Learnt, type IndexDelta} from './index-journal.js'
import {FileStamps} from './file-stamps.js'
import {DerivedMemos} from './derived-memo.js'
import {RuleMemos} from './rule-memo-store.js'
import {cacheFile, cacheVersion, derivedFile, journalFile, valuesFile} from './cache-files.js'
import {ValidationMemos} from './validation-memos.js'
import {readIndex, type IndexSizes} from './cache-index.js'

export type {CachedDiagnostic, FileStamp, IndexEntry, RuleMemo} from './index-file.js'
export {cacheFile, cacheVersion, contentHash, gitStateFile, journalFileOf} from './cache-files.js'
export {readCacheIndex} from './cache-index.js'

export interface CacheEntry extends IndexEntry {
  data: unknown
}

/** Content hashes looked up one by one (no set of 13,000 built), or listed for a parsing thread. */
export interface KnownHashes extends Iterable<string> {
  has(hash: string): boolean
}

/** How many values are parsed from their records before the values file is read instead. */
const PARSE_INSTEAD = 12

export class ParseCache {
  private readonly file: string | undefined
  private readonly old: EntryTable
  /** The files' stamps, and whether each vouches for its content (file-stamps.ts). */
  private readonly stamps: FileStamps
  /** The index's generation (index-journal.ts), its size, and its journal's. */
  private generation: string | undefined
  private indexBytes: number
  private journalBytes: number
  private valuesState: ValuesState | undefined
  /** Values this process wrote (a second save must not write them again). */
  private readonly written = new Set<string>()
  /** The values the index trusts, once read; `damaged`: some could not be used (compact on save). */
  private oldValues?: {values: Values; damaged: boolean}
  /** Entries this run added or changed (those it used unchanged are noted in `old`: EntryTable.use). */
  private readonly next = new Map<string, IndexEntry>()
  private readonly nextValues = new Map<string, unknown>()
  private unconcealed?: Set<string>
  /** The latest validations' findings, by a digest of their inputs (validation-memos.ts). */
  readonly validations: ValidationMemos
  private gitDiffers: boolean
  private readonly derivedMemos: DerivedMemos
  /** Per-record rule findings (rule-memo-store.ts). */
  readonly memos: RuleMemos
  private changed = false
  /** What this run learnt, for a journal line. */
  private readonly learnt = new Learnt()
  /** Values parsed from their records instead of read from the values file (see value). */
  private parsedInstead = 0
  /** A value was parsed again (missing from the values file): save it. */
  private valuesMissed = false
  /** Loads through this cache read part of the site (load.ts `select`), or the whole: after parts alone, what was not seen is not stale. */
  private sawPart = false
  private sawWhole = false

  private constructor(file: string | undefined, old: CacheFile, sizes: IndexSizes, private readonly parseInstead: number) {
    this.file = file
    this.old = old.entries
    this.stamps = new FileStamps(old.files, sizes.saved, sizes.times)
    this.generation = old.generation
    this.indexBytes = sizes.index
    this.journalBytes = sizes.journal
    this.valuesState = old.values
    this.validations = new ValidationMemos(file)
    this.gitDiffers = old.gitHashesDiffer === true
    this.derivedMemos = new DerivedMemos(file && derivedFile(file), cacheVersion)
    this.memos = new RuleMemos(old, this.learnt)
  }

  /**
   * `parseInstead`: how many values to parse from their records before reading the values file (see
   * value); `journal: false`: every save rewrites the index (tests of the values file's compactions).
   */
  static open(root: string, options: {parseInstead?: number; journal?: boolean} = {}): ParseCache {
    const file = cacheFile(root)
    const {body, sizes} = readIndex(file)
    if (options.journal === false) delete body.generation
    return new ParseCache(file, body, sizes, options.parseInstead ?? PARSE_INSTEAD)
  }

  /**
   * This run reads only part of the site: a save appends what it learnt to the journal, or writes
   * nothing, but never rewrites the index keeping only what the run saw (the rest of the site's).
   */
  seesPart(): void {
    this.sawPart = true
  }

  /** A load through this cache read the whole site (before or after a part: a write path sharing the command's cache). */
  seesWhole(): void {
    this.sawWhole = true
  }

  /** The cache holds a parse result for this content. */
  knows(hash: string): boolean {
    return this.next.has(hash) || this.old.has(hash)
  }

  /** The file was found unchanged without its stamp (git said so): keep the stamp it had, if of this content. */
  keepStamp(file: string, hash: string): boolean {
    return this.stamps.keep(file, hash)
  }

  /** A file git called unchanged did not hash to its blob (git converts it on checkout): stop asking git. */
  get gitHashesDiffer(): boolean {
    return this.gitDiffers
  }

  gitHashDiffered(): void {
    if (!this.gitDiffers) this.changed = this.learnt.gitDiffers = true
    this.gitDiffers = true
  }

  /** The content hash of a file unchanged since last read, so not read again: its stamp vouches for it (file-stamps.ts), its parse is known. */
  knownHash(file: string, stamp: FileStamp): string | undefined {
    const hash = this.stamps.vouchedHash(file, stamp)
    return hash !== undefined && this.old.has(hash) ? hash : undefined
  }

  /** Whether a saved stamp could vouch for the file (knownHash). */
  mayKnow(file: string): boolean {
    return this.stamps.holds(file)
  }

  /** The file's stamp as read now, with its content's hash. */
  remember(file: string, stamp: FileStamp, hash: string): void {
    this.stampLearnt(file, this.stamps.remember(file, stamp, hash))
  }

  /** The same for a file git vouched for whose stamp the index lacks: saved smudged (file-stamps.ts rememberVouched). */
  rememberVouched(file: string, stamp: FileStamp, hash: string): void {
    this.stampLearnt(file, this.stamps.rememberVouched(file, stamp, hash))
  }

  private stampLearnt(file: string, learnt: boolean): void {
    if (!learnt) return
    this.changed = true
    this.learnt.files.add(file)
  }

  /** What the index knows about this content (its value comes from `value`). */
  get(hash: string): IndexEntry | undefined {
    return this.next.get(hash) ?? this.old.use(hash)
  }

  /** The same, as the index holds it: the usual entry as its code (index-tables.ts entryCode), without building it. */
  known(hash: string): IndexEntry | string | undefined {
    return this.next.get(hash) ?? this.old.useCode(hash)
  }

  /**
   * The parsed value of known content, read from the values file on first use. `reparse` answers
   * when that file is missing, damaged or from another save (two lead processes saving at once):
   * the value is then parsed again from the record's text, and the values file mended on save.
   */
  value(hash: string, reparse: () => unknown, small = true): unknown {
    if (this.nextValues.has(hash)) return this.nextValues.get(hash)
    // A command that needs a few values (show: the record) parses those few records again rather
    // than read the values file (9 MB on 10,000 referrals, ~25 ms to find its lines); the file is
    // read once more are asked for, or one that may be big (a roster of 1,000 officers).
    if (!this.oldValues && small && this.parsedInstead < this.parseInstead) {
      this.parsedInstead++
      const data = reparse()
      this.nextValues.set(hash, data)
      return data
    }
    const held = this.loadValues().values.get(hash)
    if (held !== undefined) return held
    const data = reparse()
    this.nextValues.set(hash, data)
    this.valuesMissed = true
    return data
  }

  private loadValues(): {values: Values; damaged: boolean} {
    if (this.oldValues) return this.oldValues
    this.oldValues = {values: new Map(), damaged: true}
    try {
      if (this.file && this.valuesState) this.oldValues = readValues(valuesFile(this.file), cacheVersion(), this.valuesState) ?? this.oldValues
    } catch {
      // Missing or damaged: values are parsed again from the records (see value).
    }
    return this.oldValues
  }

  /** The values file holds this hash's value (if it was never read: the index knew the hash, and every hash the index knows has its value written). */
  private held(hash: string): boolean {
    if (this.written.has(hash)) return true
    if (this.oldValues) return this.oldValues.values.has(hash)
    return this.valuesState !== undefined && this.old.has(hash)
  }

  /** Content hashes the cache holds a parse result for (those added since it was opened left out, as ever). */
  knownHashes(): KnownHashes {
    const old = this.old
    return {has: (hash) => old.has(hash), [Symbol.iterator]: () => old.keys()}
  }

  /** Known content not read as a participant record's (not reusable for one: index-tables.ts unconcealed); worked out once per cache, which loads may share, then kept by set. */
  unconcealedHashes(): ReadonlySet<string> {
    return (this.unconcealed ??= this.old.unconcealed())
  }

  /** Remember a participant record's facts (record-facts.ts encodeFacts). */
  setFacts(hash: string, facts: string): void {
    const entry = this.get(hash)
    if (!entry || entry.facts === facts) return
    this.next.set(hash, {...entry, facts})
    this.learnt.entries.add(hash)
    this.changed = true
  }

  /** Remember what checking this content against `kind`'s schema found (often nothing). */
  setSchemaResult(hash: string, kind: string, diagnostics: CachedDiagnostic[]): void {
    const entry = this.get(hash)
    if (!entry || entry.schema?.kind === kind) return
    this.next.set(hash, {...entry, schema: {kind, diagnostics}})
    this.learnt.entries.add(hash)
    this.changed = true
  }

  set(hash: string, {data, ...entry}: CacheEntry): void {
    // Only a participant record's parse (its comments found) serves a participant file.
    ;(this.unconcealedHashes() as Set<string>)[entry.concealed ? 'delete' : 'add'](hash)
    this.next.set(hash, entry)
    this.nextValues.set(hash, data)
    this.learnt.entries.add(hash)
    this.changed = true
  }

  /** A result derived from the whole site, remembered under a digest of its inputs (derived-memo.ts). */
  derived(key: string): unknown {
    return this.derivedMemos.get(key)
  }

  setDerived(key: string, value: unknown): void {
    this.derivedMemos.set(key, value)
  }

  /**
   * Save what this run learnt: appended to the journal when that is small (index-journal.ts), else
   * the index rewritten keeping only what this run saw, so the cache never grows past the site's size.
   */
  save(): void {
    if (!this.file) return
    this.derivedMemos.save()
    this.validations.save()
    try {
      if (this.saveToJournal()) return
    } catch {
      // Written whole below.
    }
    // Counted as the maps of every entry and file seen would hold them, without building those maps.
    let seenEntries = this.old.usedSize
    for (const hash of this.next.keys()) if (!this.old.isUsed(hash)) seenEntries++
    const files = this.stamps.counts()
    const dropped = seenEntries < this.old.size
    if (!this.changed && this.learnt.nothing && !this.valuesMissed && !dropped && files.seen === files.held) return
    // Not seen is not gone: a whole run rewrites it (a lost save only costs speed).
    if (this.sawPart && !this.sawWhole && (dropped || files.seen < files.held)) return
    try {
      fs.mkdirSync(path.dirname(this.file), {recursive: true, mode: 0o700})
      const entries = new Map(this.old.usedEntries())
      for (const [hash, entry] of this.next) entries.set(hash, entry)
      // The values are written first; the index then says which of their bytes it trusts.
      const values = this.saveValues(entries)
      // Keep only hashes of content still in the site, for contexts seen in this run.
      const kept = siteOrder([...this.stamps.toSave((hash) => entries.has(hash))], entries)
      const generation = crypto.randomBytes(9).toString('base64url')
      const body: CacheFile = {version: cacheVersion(), generation, ran: this.stamps.ran(), values, entries: EntryTable.of(kept.entries), files: FileTable.of(kept.files), rules: this.memos.rulesToSave(), ...(this.gitDiffers ? {gitHashesDiffer: true} : {})}
      // Parse findings of participant files are concealed, but the index is private all the same.
      const text = encodeIndex(body)
      writeFileAtomic(this.file, text, 0o600, {keepMode: false})
      // Its lines extend the index it replaced (another generation): never read again.
      fs.rmSync(journalFile(this.file), {force: true})
      // A later save in this process extends what was just written.
      this.generation = generation
      this.indexBytes = text.length
      this.journalBytes = 0
      this.valuesState = values
      this.oldValues = undefined
      this.changed = false
      for (const hash of entries.keys()) this.written.add(hash)
      this.learnt.clear()
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }

  /**
   * Append what this run learnt to the journal: true when done (or nothing to save), false when the
   * index must be rewritten instead: no index of a generation to extend, a values file to rewrite
   * (compaction drops values the index still names), or a journal grown past JOURNAL.
   */
  private saveToJournal(): boolean {
    const l = this.learnt
    if (!this.generation || !this.valuesState || this.oldValues?.damaged) return false
    const known = (hash: string) => this.next.has(hash) || this.old.has(hash)
    const added = [...this.nextValues].filter(([hash]) => known(hash) && !this.held(hash))
    if (added.length === 0 && l.nothing) return true
    const delta: Omit<IndexDelta, 'before'> = {
      generation: this.generation,
      ran: this.stamps.ran(),
      entries: Object.fromEntries([...l.entries].map((h) => [h, this.next.get(h)!])),
      files: Object.fromEntries([...l.files].flatMap((f) => {
        const entry = this.stamps.latest(f)
        return entry && known(entry.hash) ? [[f, entry]] : []
      })),
      rules: Object.fromEntries([...l.rules].map(([context, files]) => [context, this.memos.added(context, files)])),
      ...(this.gitDiffers ? {gitHashesDiffer: true as const} : {}),
    }
    // The values state is a few numbers: the limit is judged on the rest.
    const limit = Math.max(this.indexBytes * JOURNAL.share, JOURNAL.floor)
    if (this.journalBytes + JSON.stringify(delta).length + 256 > limit) return false
    if (added.length > 0) {
      // Nothing is dropped from a journalled index: every value it names is live. Counted exactly
      // only when the bounds leave the answer open (the map of every stored hash costs ~3 ms).
      let fresh = 0
      for (const hash of this.next.keys()) if (!this.old.has(hash)) fresh++
      const {least, most} = this.old.sizeBounds()
      const appended = this.appendSegment(this.valuesState, added, {least: least + fresh, most: most + fresh, exact: () => this.old.size + fresh})
      if (!appended) return false
      delta.values = appended
    }
    const size = appendJournal(journalFile(this.file!), delta)
    if (size === undefined) return false
    // A later save in this process adds only what it learns after this one.
    this.journalBytes = size
    if (delta.values) this.valuesState = delta.values
    for (const [hash] of added) this.written.add(hash)
    this.learnt.clear()
    return true
  }

  /** Append `added` as one segment of the values file, unless it should be rewritten instead (undefined). */
  private appendSegment(state: ValuesState, added: Array<[string, unknown]>, live: number | LiveCount): ValuesState | undefined {
    const line = segmentLine(added)
    const grown = {...state, length: state.length + line.length, held: state.held + added.length, segments: state.segments + 1}
    return needsCompaction(grown, live) ? undefined : appendValues(valuesFile(this.file!), cacheVersion(), state, line, added.length)
  }

  /**
   * Append the values this run added in one segment, or rewrite the file when it has none the
   * index trusts, was found damaged, or has grown past the thresholds (values-file.ts). A rewrite
   * keeps only the values `entries` use, and drops from `entries` any whose value is not at hand
   * (parsed again next time).
   */
  private saveValues(entries: Map<string, IndexEntry>): ValuesState {
    const file = valuesFile(this.file!)
    const state = this.valuesState
    if (state && !this.oldValues?.damaged) {
      const added = [...this.nextValues].filter(([hash]) => entries.has(hash) && !this.held(hash))
      if (added.length === 0 && !needsCompaction(state, entries.size)) return state
      const appended = added.length > 0 ? this.appendSegment(state, added, entries.size) : undefined
      if (appended) return appended
    }
    const old = this.loadValues().values
    // Values the index trusted are gone when another process compacted since this one opened the
    // cache: take that file's instead (values are keyed by content, so its are as right).
    let current: Values | undefined
    const data: Array<[string, unknown]> = []
    for (const hash of [...entries.keys()]) {
      // A value parsed this run is kept as parsed (none: the file could not be read, nothing to write).
      const parsed = this.nextValues.has(hash)
      const value = parsed ? this.nextValues.get(hash) : old.get(hash) ?? (current ??= valuesIn(file, cacheVersion())).get(hash)
      if (value !== undefined) data.push([hash, value])
      else if (!parsed) entries.delete(hash)
    }
    return compactValues(file, cacheVersion(), data)
  }
}
