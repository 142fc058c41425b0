/**
 * A cache of parse results keyed by file content. Parsing YAML is most of a cold validation; a
 * record that has not changed is never parsed twice. Positions are not cached: diagnostics that
 * need one re-parse just that file.
 *
 * Two files per site: an index (what each file looked like when last read, and what lead learnt
 * about each content: parse and schema findings, privacy-clean marks, the last validation results)
 * read by every command, and the values themselves, read only by a command that needs a record's
 * data. A warm `lead validate` with nothing changed reads the index alone.
 *
 * The index (index-KEY.json) is one JSON document in columns (index-file.ts), rewritten whole
 * (temp + rename) by each save. The values file (values-KEY.json) is append-only between
 * compactions: a base line
 * `{"version","generation","data":{hash: value}}`, then one line per save that added values,
 * `SHA1 {hash: value}` (the checksum of what follows the space). The index's `values` says what of
 * it to trust: the base's generation and length, and the bytes up to its last save's segment. A
 * save that adds one value appends one line (~700 bytes) instead of rewriting every record's value
 * (~9 MB on 10,000 referrals); the file is rewritten when a quarter of it is appended or dropped.
 * values-file.ts has the details, and why two processes saving at once never make one read a wrong
 * value.
 *
 * The cache lives inside the repository's git directory (.git/lead/), which no clone, pull or
 * commit can carry: a cache in the work tree could be committed (`git add -f`) and make CI trust
 * results someone wrote by hand. A site outside git gets no cache.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Diagnostic} from '../errors.js'
import {writeFileAtomic} from './atomic-write.js'
import {readText} from './ascii-json.js'
import {decodeIndex, encodeIndex, type CacheFile, type CachedDiagnostic, type FileEntry, type FileStamp, type IndexEntry, type RuleMemo, type ValidationMemo} from './index-file.js'
import {appendValues, compactValues, needsCompaction, readValues, segmentLine, type ValuesState} from './values-file.js'
import {findGitDir} from '../git-dir.js'
import {DerivedMemos} from './derived-memo.js'
import {SCHEMA_DIR} from '../schemas/schema-dir.js'

export type {CachedDiagnostic, FileStamp, IndexEntry, RuleMemo, ValidationMemo} from './index-file.js'

export interface CacheEntry extends IndexEntry {
  data: unknown
}

/** Bump when the cache layout changes. lead's and yaml's versions and the schemas are part of the key too. */
const CACHE_FORMAT = 'parse-v9'
/** How many values are parsed from their records before the values file is read instead. */
const PARSE_INSTEAD = 12

/** How many validation results are kept: the states before and after a write, or a commit's base and head plus the next edit (a pre-commit check validates its base last). */
const MEMOS = 3
/** How many per-record rule contexts are kept (a run touches one per rule part and validation, a few at most). */
const RULE_CONTEXTS = 24
const require = createRequire(import.meta.url)

/**
 * The cache file for a site: in the git directory of the repository holding it, one file per site
 * folder. Undefined outside git.
 */
export function cacheFile(root: string): string | undefined {
  return gitStateFile(root, 'index', '.json')
}

/**
 * A file lead keeps for a site in the git directory (.git/lead/STEM-KEY.EXT, KEY naming the site
 * folder): never committed, pushed or cloned. Undefined outside git.
 */
export function gitStateFile(root: string, stem: string, ext: string): string | undefined {
  const at = findGitDir(root)
  if (!at) return undefined
  const site = path.relative(at.top, path.resolve(root)) || '.'
  const key = crypto.createHash('sha1').update(site).digest('hex').slice(0, 12)
  return path.join(at.gitDir, 'lead', `${stem}-${key}${ext}`)
}

/** git's blob hash of the bytes (base64url): git's index then tells lead a file's hash unread (git-file-state.ts). */
export function contentHash(bytes: Uint8Array): string {
  return crypto.createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('base64url')
}

let version: string | undefined

/**
 * The cache format, lead's and yaml's versions, the shipped schemas and lead's build (the oclif
 * manifest is written by every build, so a rebuilt rule never meets results of the old one):
 * changing any starts afresh.
 */
export function cacheVersion(): string {
  if (!version) {
    const h = crypto.createHash('sha1').update(CACHE_FORMAT)
    for (const pkg of [fileURLToPath(new URL('../../../package.json', import.meta.url)), require.resolve('yaml/package.json')]) {
      h.update((JSON.parse(fs.readFileSync(pkg, 'utf8')) as {version: string}).version)
    }
    try {
      const manifest = fs.statSync(fileURLToPath(new URL('../../../oclif.manifest.json', import.meta.url)))
      h.update(`${manifest.size}:${manifest.mtimeMs}`)
    } catch {
      // Run from source (tests import src/): no build to tell apart.
    }
    for (const name of fs.readdirSync(SCHEMA_DIR).sort()) h.update(name).update(fs.readFileSync(path.join(SCHEMA_DIR, name)))
    version = `${CACHE_FORMAT}/${h.digest('base64url')}`
  }
  return version
}

const sameStamp = (a: FileStamp, b: FileStamp) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.dev === b.dev

function currentValues(file: string): Map<string, unknown> {
  try {
    return readValues(file, cacheVersion())?.values ?? new Map()
  } catch {
    return new Map()
  }
}

const valuesFile = (indexFile: string) => indexFile.replace(/index-([^/\\]+)\.json$/, 'values-$1.json')
const derivedFile = (indexFile: string) => indexFile.replace(/index-([^/\\]+)\.json$/, 'derived-$1.json')

export class ParseCache {
  private readonly file: string | undefined
  private readonly old: Record<string, IndexEntry>
  private readonly oldFiles: Record<string, FileEntry>
  private readonly savedAt: number
  private readonly valuesState: ValuesState | undefined
  /** The values the index trusts, once read; `damaged`: some could not be used (compact on save). */
  private oldValues?: {values: Map<string, unknown>; damaged: boolean}
  private readonly next = new Map<string, IndexEntry>()
  private readonly nextValues = new Map<string, unknown>()
  private readonly nextFiles = new Map<string, FileEntry>()
  private readonly oldClean: Record<string, string[]>
  private unconcealed?: Set<string>
  private readonly clean = new Map<string, Set<string>>()
  private validations: ValidationMemo[]
  private gitDiffers: boolean
  private readonly derivedMemos: DerivedMemos
  private readonly oldRules: Record<string, Map<string, RuleMemo>>
  /** The rule memo's contexts and files this run used or added: what save keeps (see ruleFindings). */
  private readonly rules = new Map<string, Map<string, RuleMemo>>()
  private changed = false
  /** Values parsed from their records instead of read from the values file (see value). */
  private parsedInstead = 0
  /** A value was parsed again (missing from the values file): save it. */
  private valuesMissed = false

  private constructor(file: string | undefined, old: CacheFile, private readonly parseInstead: number) {
    this.file = file
    this.old = old.entries
    this.oldFiles = old.files
    this.savedAt = old.savedAt
    this.valuesState = old.values
    this.oldClean = old.clean ?? {}
    this.validations = old.validations ?? []
    this.gitDiffers = old.gitHashesDiffer === true
    this.derivedMemos = new DerivedMemos(file && derivedFile(file), cacheVersion)
    this.oldRules = old.rules ?? {}
  }

  /**
   * What a per-record rule part found in a file (validate/rule-memo.ts) when it was last worked out
   * from `key` (the file's content hash, or a digest of it and the records it read), under
   * `context` (a digest of what the part reads besides). Positions included, file left out.
   */
  ruleFindings(context: string, file: string, key: string): CachedDiagnostic[] | undefined {
    const hit = this.rules.get(context)?.get(file) ?? (Object.hasOwn(this.oldRules, context) ? this.oldRules[context]!.get(file) : undefined)
    if (hit?.key !== key) return undefined
    this.ruleMap(context).set(file, hit)
    return hit.found
  }

  setRuleFindings(context: string, file: string, key: string, found: CachedDiagnostic[]): void {
    this.ruleMap(context).set(file, {key, found})
    this.changed = true
  }

  private ruleMap(context: string): Map<string, RuleMemo> {
    let map = this.rules.get(context)
    if (!map) this.rules.set(context, (map = new Map()))
    return map
  }

  /** The rule memo as saved: what this run used and added (a run that validated nothing keeps what it found). */
  private rulesToSave(): Record<string, Map<string, RuleMemo>> {
    if (this.rules.size === 0) return this.oldRules
    return Object.fromEntries([...this.rules].slice(-RULE_CONTEXTS))
  }

  /**
   * A per-record rule (the privacy scan) found nothing in this content under `context` (a key
   * that names the rule and everything besides the record it depends on) when it last ran.
   */
  isClean(context: string, hash: string): boolean {
    let set = this.clean.get(context)
    if (!set) {
      set = new Set(Object.hasOwn(this.oldClean, context) ? this.oldClean[context] : [])
      this.clean.set(context, set)
    }
    return set.has(hash)
  }

  markClean(context: string, hash: string): void {
    if (this.isClean(context, hash)) return
    this.clean.get(context)!.add(hash)
    this.changed = true
  }

  /** `parseInstead`: how many values to parse from their records before reading the values file (see value). */
  static open(root: string, options: {parseInstead?: number} = {}): ParseCache {
    const file = cacheFile(root)
    const CACHE_VERSION = cacheVersion()
    let body: CacheFile = {version: CACHE_VERSION, savedAt: 0, entries: {}, files: {}}
    try {
      if (!file || !fs.lstatSync(file).isFile()) throw new Error('no cache')
      body = decodeIndex(readText(file), CACHE_VERSION) ?? body
    } catch {
      // No cache yet, or a damaged one: start empty.
    }
    return new ParseCache(file, body, options.parseInstead ?? PARSE_INSTEAD)
  }

  /** The cache holds a parse result for this content. */
  knows(hash: string): boolean {
    return this.next.has(hash) || Object.hasOwn(this.old, hash)
  }

  /** The file was found unchanged without its stamp (git said so): keep the stamp it had, if of this content. */
  keepStamp(file: string, hash: string): boolean {
    const old = Object.hasOwn(this.oldFiles, file) ? this.oldFiles[file] : undefined
    if (old?.hash !== hash) return false
    this.nextFiles.set(file, old)
    return true
  }

  /** A file git called unchanged did not hash to its blob (git converts it on checkout): stop asking git. */
  get gitHashesDiffer(): boolean {
    return this.gitDiffers
  }

  gitHashDiffered(): void {
    if (!this.gitDiffers) this.changed = true
    this.gitDiffers = true
  }

  /**
   * The content hash of a file that has not changed since it was last read (same size, mtime and
   * inode), so it need not be read again. Like git's index, a file modified in the same moment the
   * cache was written is not trusted ("racily clean") and is read again.
   */
  knownHash(file: string, stamp: FileStamp): string | undefined {
    const entry = Object.hasOwn(this.oldFiles, file) ? this.oldFiles[file] : undefined
    if (!entry || !sameStamp(entry, stamp)) return undefined
    if (Math.max(stamp.mtimeMs, stamp.ctimeMs) >= this.savedAt - 2000) return undefined
    return Object.hasOwn(this.old, entry.hash) ? entry.hash : undefined
  }

  remember(file: string, stamp: FileStamp, hash: string): void {
    const old = Object.hasOwn(this.oldFiles, file) ? this.oldFiles[file] : undefined
    if (!old || old.hash !== hash || !sameStamp(old, stamp)) this.changed = true
    this.nextFiles.set(file, {...stamp, hash})
  }

  /** What the index knows about this content (its value comes from `value`). */
  get(hash: string): IndexEntry | undefined {
    const hit = this.next.get(hash) ?? (Object.hasOwn(this.old, hash) ? this.old[hash] : undefined)
    if (hit) this.next.set(hash, hit)
    return hit
  }

  /**
   * The parsed value of known content, read from the values file on first use. `reparse` answers
   * when that file is missing, damaged or from another save (two lead processes saving at once):
   * the value is then parsed again from the record's text, and the values file mended on save.
   */
  value(hash: string, reparse: () => unknown): unknown {
    if (this.nextValues.has(hash)) return this.nextValues.get(hash)
    // A command that needs a few values (show: the record and the protocols) parses those few
    // records again rather than read every value of the site (9 MB on 10,000 referrals); the
    // values file is read once more are asked for.
    if (!this.oldValues && this.parsedInstead < this.parseInstead) {
      this.parsedInstead++
      const data = reparse()
      this.nextValues.set(hash, data)
      return data
    }
    const values = this.loadValues().values
    if (values.has(hash)) return values.get(hash)
    const data = reparse()
    this.nextValues.set(hash, data)
    this.valuesMissed = true
    return data
  }

  private loadValues(): {values: Map<string, unknown>; damaged: boolean} {
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
    if (this.oldValues) return this.oldValues.values.has(hash)
    return this.valuesState !== undefined && Object.hasOwn(this.old, hash)
  }

  /** Content hashes the cache holds a parse result for. */
  knownHashes(): Set<string> {
    return new Set(Object.keys(this.old))
  }

  /** Known content whose cached parse messages may repeat its text (not reusable for a participant file); worked out once per cache, which loads may share. */
  unconcealedHashes(): ReadonlySet<string> {
    return (this.unconcealed ??= new Set(Object.entries(this.old).filter(([, e]) => e.diagnostics.length > 0 && !e.concealed).map(([h]) => h)))
  }

  /** Remember what checking this content against `kind`'s schema found (often nothing). */
  setSchemaResult(hash: string, kind: string, diagnostics: CachedDiagnostic[]): void {
    const entry = this.next.get(hash)
    if (!entry || entry.schema?.kind === kind) return
    this.next.set(hash, {...entry, schema: {kind, diagnostics}})
    this.changed = true
  }

  set(hash: string, {data, ...entry}: CacheEntry): void {
    this.next.set(hash, entry)
    this.nextValues.set(hash, data)
    this.changed = true
  }

  /** The findings of the validation whose inputs digest to `key`, if it is one of the latest. */
  validation(key: string): Diagnostic[] | undefined {
    return this.validations.find((m) => m.key === key)?.diagnostics
  }

  setValidation(key: string, diagnostics: Diagnostic[]): void {
    this.validations = [{key, diagnostics}, ...this.validations.filter((m) => m.key !== key)].slice(0, MEMOS)
    this.changed = true
  }

  /** A result derived from the whole site, remembered under a digest of its inputs (derived-memo.ts). */
  derived(key: string): unknown {
    return this.derivedMemos.get(key)
  }

  setDerived(key: string, value: unknown): void {
    this.derivedMemos.set(key, value)
  }

  /** Keep only what this run saw, so the cache never grows past the site's size. */
  save(): void {
    if (!this.file) return
    this.derivedMemos.save()
    const dropped = this.next.size < Object.keys(this.old).length
    if (!this.changed && !this.valuesMissed && !dropped && this.nextFiles.size === Object.keys(this.oldFiles).length) return
    try {
      fs.mkdirSync(path.dirname(this.file), {recursive: true, mode: 0o700})
      const entries = new Map(this.next)
      // The values are written first; the index then says which of their bytes it trusts.
      const values = this.saveValues(entries)
      // Keep only hashes of content still in the site, for contexts seen in this run.
      const clean = Object.fromEntries([...this.clean].map(([k, set]) => [k, [...set].filter((h) => entries.has(h))]))
      const files = Object.fromEntries([...this.nextFiles].filter(([, f]) => entries.has(f.hash)))
      const body: CacheFile = {version: cacheVersion(), savedAt: Date.now(), values, entries: Object.fromEntries(entries), files, clean, validations: this.validations, rules: this.rulesToSave(), ...(this.gitDiffers ? {gitHashesDiffer: true} : {})}
      // Parse findings of participant files are concealed, but the index is private all the same.
      writeFileAtomic(this.file, encodeIndex(body), 0o600, {keepMode: false})
    } catch {
      // A cache that cannot be written only costs speed.
    }
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
      if (added.length > 0) {
        const line = segmentLine(added)
        const grown = {...state, length: state.length + line.length, held: state.held + added.length, segments: state.segments + 1}
        const appended = needsCompaction(grown, entries.size) ? undefined : appendValues(file, cacheVersion(), state, line, added.length)
        if (appended) return appended
      }
    }
    const old = this.loadValues().values
    // Values the index trusted are gone when another process compacted since this one opened the
    // cache: take that file's instead (values are keyed by content, so its are as right).
    let current: Map<string, unknown> | undefined
    const data: Array<[string, unknown]> = []
    for (const hash of [...entries.keys()]) {
      if (this.nextValues.has(hash)) data.push([hash, this.nextValues.get(hash)])
      else if (old.has(hash)) data.push([hash, old.get(hash)])
      else if ((current ??= currentValues(file)).has(hash)) data.push([hash, current.get(hash)])
      else entries.delete(hash)
    }
    return compactValues(file, cacheVersion(), data)
  }
}
