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

export type CachedDiagnostic = Omit<Diagnostic, 'file'>

export interface CacheEntry {
  data: unknown
  diagnostics: CachedDiagnostic[]
}

interface CacheFile {
  version: string
  entries: Record<string, CacheEntry>
}

/** Bump when parsing rules change: old entries are then ignored. */
const CACHE_VERSION = 'parse-v1/yaml-2.9.1'
const CACHE_FILE = '.lead/cache/parse.json'

export function contentHash(bytes: Uint8Array): string {
  return crypto.createHash('sha1').update(bytes).digest('base64url')
}

export class ParseCache {
  private readonly file: string
  private readonly old: Record<string, CacheEntry>
  private readonly next = new Map<string, CacheEntry>()
  private changed = false

  private constructor(file: string, old: Record<string, CacheEntry>) {
    this.file = file
    this.old = old
  }

  static open(root: string): ParseCache {
    const file = path.join(root, CACHE_FILE)
    let entries: Record<string, CacheEntry> = {}
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile
      if (parsed.version === CACHE_VERSION && parsed.entries && typeof parsed.entries === 'object') entries = parsed.entries
    } catch {
      // No cache yet, or a damaged one: start empty.
    }
    return new ParseCache(file, entries)
  }

  get(hash: string): CacheEntry | undefined {
    const hit = Object.hasOwn(this.old, hash) ? this.old[hash] : undefined
    if (hit) this.next.set(hash, hit)
    return hit
  }

  set(hash: string, entry: CacheEntry): void {
    this.next.set(hash, entry)
    this.changed = true
  }

  /** Keep only what this run saw, so the cache never grows past the site's size. */
  save(): void {
    if (!this.changed && this.next.size === Object.keys(this.old).length) return
    const body: CacheFile = {version: CACHE_VERSION, entries: Object.fromEntries(this.next)}
    try {
      fs.mkdirSync(path.dirname(this.file), {recursive: true, mode: 0o700})
      writeFileAtomic(this.file, JSON.stringify(body))
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}
