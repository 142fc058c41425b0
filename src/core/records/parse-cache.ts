/**
 * A cache of parse results keyed by file content, under .lead/cache/ (gitignored).
 * Parsing YAML is ~99% of validation time; a record that has not changed is never parsed twice.
 * Positions are not cached: diagnostics that need one re-parse just that file.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type {Diagnostic} from '../errors.js'
import {writeFileAtomic} from './atomic-write.js'
import {SCHEMA_DIR} from '../validate/schema-dir.js'

export type CachedDiagnostic = Omit<Diagnostic, 'file'>

export interface CacheEntry {
  data: unknown
  diagnostics: CachedDiagnostic[]
  /** The record kind whose schema this content was found to pass (schemas are part of the cache key). */
  schemaOk?: string
}

/** What a file looked like when it was last read: if it still looks the same, its hash stands. */
export interface FileStamp {
  size: number
  mtimeMs: number
  ino: number
}

interface FileEntry extends FileStamp {
  hash: string
}

interface CacheFile {
  version: string
  savedAt: number
  entries: Record<string, CacheEntry>
  files: Record<string, FileEntry>
}

/** Bump when parsing rules change: old entries are then ignored. Schema content is part of the key too. */
const CACHE_FORMAT = 'parse-v3/yaml-2.9.1'
const CACHE_FILE = '.lead/cache/parse.json'

export function contentHash(bytes: Uint8Array): string {
  return crypto.createHash('sha1').update(bytes).digest('base64url')
}

let version: string | undefined

/** The cache format plus a hash of the shipped schemas: upgrading lead or a schema starts afresh. */
function cacheVersion(): string {
  if (!version) {
    const h = crypto.createHash('sha1').update(CACHE_FORMAT)
    for (const name of fs.readdirSync(SCHEMA_DIR).sort()) h.update(name).update(fs.readFileSync(path.join(SCHEMA_DIR, name)))
    version = `${CACHE_FORMAT}/${h.digest('base64url')}`
  }
  return version
}

export class ParseCache {
  private readonly file: string
  private readonly old: Record<string, CacheEntry>
  private readonly oldFiles: Record<string, FileEntry>
  private readonly savedAt: number
  private readonly next = new Map<string, CacheEntry>()
  private readonly nextFiles = new Map<string, FileEntry>()
  private changed = false

  private constructor(file: string, old: CacheFile) {
    this.file = file
    this.old = old.entries
    this.oldFiles = old.files
    this.savedAt = old.savedAt
  }

  static open(root: string): ParseCache {
    const file = path.join(root, CACHE_FILE)
    const CACHE_VERSION = cacheVersion()
    let body: CacheFile = {version: CACHE_VERSION, savedAt: 0, entries: {}, files: {}}
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile
      if (parsed.version === CACHE_VERSION && typeof parsed.entries === 'object' && typeof parsed.files === 'object') body = parsed
    } catch {
      // No cache yet, or a damaged one: start empty.
    }
    return new ParseCache(file, body)
  }

  /**
   * The content hash of a file that has not changed since it was last read (same size, mtime and
   * inode), so it need not be read again. Like git's index, a file modified in the same moment the
   * cache was written is not trusted ("racily clean") and is read again.
   */
  knownHash(file: string, stamp: FileStamp): string | undefined {
    const entry = Object.hasOwn(this.oldFiles, file) ? this.oldFiles[file] : undefined
    if (!entry || entry.size !== stamp.size || entry.mtimeMs !== stamp.mtimeMs || entry.ino !== stamp.ino) return undefined
    if (stamp.mtimeMs >= this.savedAt - 2000) return undefined
    return Object.hasOwn(this.old, entry.hash) ? entry.hash : undefined
  }

  remember(file: string, stamp: FileStamp, hash: string): void {
    const old = Object.hasOwn(this.oldFiles, file) ? this.oldFiles[file] : undefined
    if (!old || old.hash !== hash || old.mtimeMs !== stamp.mtimeMs || old.size !== stamp.size || old.ino !== stamp.ino) this.changed = true
    this.nextFiles.set(file, {...stamp, hash})
  }

  get(hash: string): CacheEntry | undefined {
    const hit = Object.hasOwn(this.old, hash) ? this.old[hash] : undefined
    if (hit) this.next.set(hash, hit)
    return hit
  }

  /** Content hashes the cache holds a parse result for. */
  knownHashes(): Set<string> {
    return new Set(Object.keys(this.old))
  }

  /** Remember that this content passes the schema of `kind`. */
  markSchemaOk(hash: string, kind: string): void {
    const entry = this.next.get(hash)
    if (!entry || entry.schemaOk === kind) return
    this.next.set(hash, {...entry, schemaOk: kind})
    this.changed = true
  }

  set(hash: string, entry: CacheEntry): void {
    this.next.set(hash, entry)
    this.changed = true
  }

  /** Keep only what this run saw, so the cache never grows past the site's size. */
  save(): void {
    if (!this.changed && this.next.size === Object.keys(this.old).length && this.nextFiles.size === Object.keys(this.oldFiles).length) return
    const body: CacheFile = {version: cacheVersion(), savedAt: Date.now(), entries: Object.fromEntries(this.next), files: Object.fromEntries(this.nextFiles)}
    try {
      fs.mkdirSync(path.dirname(this.file), {recursive: true, mode: 0o700})
      writeFileAtomic(this.file, JSON.stringify(body))
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}
