/**
 * A cache of parse results keyed by file content. Parsing YAML is ~99% of validation time; a
 * record that has not changed is never parsed twice. Positions are not cached: diagnostics that
 * need one re-parse just that file.
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
import {findGitDir} from '../git-dir.js'
import {SCHEMA_DIR} from '../schemas/schema-dir.js'

export type CachedDiagnostic = Omit<Diagnostic, 'file'>

export interface CacheEntry {
  data: unknown
  diagnostics: CachedDiagnostic[]
  /** Parsed as a participant file: its messages repeat none of its text. */
  concealed?: boolean
  /** This content checked against a kind's schema: the findings, with positions (schemas are part of the cache key). */
  schema?: {kind: string; diagnostics: CachedDiagnostic[]}
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

interface FileEntry extends FileStamp {
  hash: string
}

interface CacheFile {
  version: string
  savedAt: number
  entries: Record<string, CacheEntry>
  files: Record<string, FileEntry>
  /** Per rule context: content hashes a per-record rule found nothing in. */
  clean?: Record<string, string[]>
}

/** Bump when the cache layout changes. lead's and yaml's versions and the schemas are part of the key too. */
const CACHE_FORMAT = 'parse-v4'
const require = createRequire(import.meta.url)

/**
 * The cache file for a site: in the git directory of the repository holding it, one file per site
 * folder. Undefined outside git.
 */
export function cacheFile(root: string): string | undefined {
  return gitStateFile(root, 'parse', '.json')
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

export function contentHash(bytes: Uint8Array): string {
  return crypto.createHash('sha1').update(bytes).digest('base64url')
}

let version: string | undefined

/** The cache format, lead's and yaml's versions and the shipped schemas: upgrading any starts afresh. */
function cacheVersion(): string {
  if (!version) {
    const h = crypto.createHash('sha1').update(CACHE_FORMAT)
    for (const pkg of [fileURLToPath(new URL('../../../package.json', import.meta.url)), require.resolve('yaml/package.json')]) {
      h.update((JSON.parse(fs.readFileSync(pkg, 'utf8')) as {version: string}).version)
    }
    for (const name of fs.readdirSync(SCHEMA_DIR).sort()) h.update(name).update(fs.readFileSync(path.join(SCHEMA_DIR, name)))
    version = `${CACHE_FORMAT}/${h.digest('base64url')}`
  }
  return version
}

const sameStamp = (a: FileStamp, b: FileStamp) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.dev === b.dev

export class ParseCache {
  private readonly file: string | undefined
  private readonly old: Record<string, CacheEntry>
  private readonly oldFiles: Record<string, FileEntry>
  private readonly savedAt: number
  private readonly next = new Map<string, CacheEntry>()
  private readonly nextFiles = new Map<string, FileEntry>()
  private readonly oldClean: Record<string, string[]>
  private readonly clean = new Map<string, Set<string>>()
  private changed = false

  private constructor(file: string | undefined, old: CacheFile) {
    this.file = file
    this.old = old.entries
    this.oldFiles = old.files
    this.savedAt = old.savedAt
    this.oldClean = old.clean ?? {}
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

  static open(root: string): ParseCache {
    const file = cacheFile(root)
    const CACHE_VERSION = cacheVersion()
    let body: CacheFile = {version: CACHE_VERSION, savedAt: 0, entries: {}, files: {}}
    try {
      if (!file || !fs.lstatSync(file).isFile()) throw new Error('no cache')
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
    if (!entry || !sameStamp(entry, stamp)) return undefined
    if (Math.max(stamp.mtimeMs, stamp.ctimeMs) >= this.savedAt - 2000) return undefined
    return Object.hasOwn(this.old, entry.hash) ? entry.hash : undefined
  }

  remember(file: string, stamp: FileStamp, hash: string): void {
    const old = Object.hasOwn(this.oldFiles, file) ? this.oldFiles[file] : undefined
    if (!old || old.hash !== hash || !sameStamp(old, stamp)) this.changed = true
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

  /** Known content whose cached parse messages may repeat its text (not reusable for a participant file). */
  unconcealedHashes(): Set<string> {
    return new Set(Object.entries(this.old).filter(([, e]) => e.diagnostics.length > 0 && !e.concealed).map(([h]) => h))
  }

  /** Remember what checking this content against `kind`'s schema found (often nothing). */
  setSchemaResult(hash: string, kind: string, diagnostics: CachedDiagnostic[]): void {
    const entry = this.next.get(hash)
    if (!entry || entry.schema?.kind === kind) return
    this.next.set(hash, {...entry, schema: {kind, diagnostics}})
    this.changed = true
  }

  set(hash: string, entry: CacheEntry): void {
    this.next.set(hash, entry)
    this.changed = true
  }

  /** Keep only what this run saw, so the cache never grows past the site's size. */
  save(): void {
    if (!this.file) return
    if (!this.changed && this.next.size === Object.keys(this.old).length && this.nextFiles.size === Object.keys(this.oldFiles).length) return
    // Keep only hashes of content still in the site, for contexts seen in this run.
    const live = new Set(this.next.keys())
    const clean = Object.fromEntries([...this.clean].map(([k, set]) => [k, [...set].filter((h) => live.has(h))]))
    const body: CacheFile = {version: cacheVersion(), savedAt: Date.now(), entries: Object.fromEntries(this.next), files: Object.fromEntries(this.nextFiles), clean}
    try {
      fs.mkdirSync(path.dirname(this.file), {recursive: true, mode: 0o700})
      // The cache holds every record's data: private to the user, like the records' clone.
      writeFileAtomic(this.file, JSON.stringify(body), 0o600)
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}
