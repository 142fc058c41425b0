/**
 * A site as it stands in one place: the working tree, the git index (what is about to be
 * committed) or a commit. Each gives lead.yaml and the records, loaded the same way
 * `lead validate` loads the working tree, plus a content hash per file to see what changed.
 */
import fs from 'node:fs'
import path from 'node:path'
import {LeadError, stateError, type Diagnostic} from '../errors.js'
import {CONFIG_FILE, CONFIG_MAX_BYTES, DECLARING_KINDS, KIND_INFO, MiB, usualRecordPath, type Kind} from '../records/kinds.js'
import {loadRecords, SiteRecords, workingTreeInputs, type RecordInput, type SiteRecord} from '../records/load.js'
import {contentHash, ParseCache} from '../records/parse-cache.js'
import {classifySitePath, strayFinding} from '../records/site-files.js'
import {readConfigBytes, siteFromConfigBytes, type Site} from '../site.js'
import {BlobStore, blobHash} from './blob-store.js'
import {listIndexFiles, listRevisionFiles, runGit, type TreeEntry} from './revision-files.js'

export type SnapshotSource = {type: 'worktree'} | {type: 'index'} | {type: 'commit'; rev: string; commit: string}

export interface SiteSnapshot {
  source: SnapshotSource
  /** For people: `working tree`, `index`, `main (3f2a9c1)`. */
  label: string
  site: Site
  records: SiteRecords
  /** Content hash of every record file and of lead.yaml. */
  hashes: Map<string, string>
  /** What each file that is no record but a listing's finding holds (a scan in consents/, a link): so a change to one is seen. */
  others: Map<string, string>
  /** False when lead.yaml is not there (a commit from before the site existed). */
  hasConfig: boolean
  /** Only the files that differ from another snapshot were loaded (see loadChangedSnapshots). */
  partial: boolean
  /** A commit's or the index's files as git listed them (site-relative), for what else reads that listing. */
  tree?: readonly TreeEntry[]
}

export function describeSource(source: SnapshotSource): string {
  if (source.type === 'worktree') return 'working tree'
  if (source.type === 'index') return 'index'
  const short = source.commit.slice(0, 7)
  return source.rev === source.commit || source.rev === short ? short : `${source.rev} (${short})`
}

export interface SnapshotOptions {
  cache?: boolean
  /**
   * The parse cache to load through, shared by the snapshots of one run: the caller saves it
   * once, when all are loaded. (A snapshot that opened its own would save it with only the
   * records it saw, and the next full load would parse every other file again.)
   */
  parseCache?: ParseCache
  /**
   * The snapshot is to be validated: each record parsed is checked against its kind's schema where
   * it is parsed (on the loader's worker threads, as `lead validate` checks the working tree), so
   * validation checks on the main thread only the records that fail (their findings' positions).
   */
  checkSchemas?: boolean
}

interface SnapshotFiles {
  inputs: RecordInput[]
  configBytes?: Uint8Array
  /** Misplaced or linked YAML files, reported as a walk of the working tree would. */
  listing: Diagnostic[]
  /** The files of those findings, each with its blob's id (or, in the working tree, its content hash). */
  others: Map<string, string>
  /** Where the blobs of the index or a commit are read from, when a load needs them. */
  blobs?: BlobStore
  /** The index's or the commit's files as git listed them. */
  tree?: readonly TreeEntry[]
}

/** A record file in the index or a commit: known by its blob id, read only if it must be parsed. */
class BlobFile implements RecordInput {
  readonly hash: string | undefined
  constructor(
    readonly file: string,
    readonly kind: Kind,
    readonly id: string,
    readonly sha: string,
    readonly blobs: BlobStore,
  ) {
    this.hash = blobHash(sha)
  }

  read(): Uint8Array {
    return this.blobs.read(this.sha, this.file, KIND_INFO[this.kind].maxBytes)
  }
}

/** The blobs a load is about to read, in one batch rather than one git process each. */
async function fetchBlobs(inputs: readonly RecordInput[]): Promise<void> {
  const files = inputs.filter((i): i is BlobFile => i instanceof BlobFile)
  if (files.length > 0) await files[0]!.blobs.fetch(files.map((f) => f.sha))
}

async function snapshotFiles(root: string, source: SnapshotSource): Promise<SnapshotFiles> {
  if (source.type === 'worktree') {
    const listed = workingTreeInputs(root)
    let configBytes: Uint8Array | undefined
    try {
      configBytes = readConfigBytes(path.join(root, CONFIG_FILE))
    } catch (error) {
      if (error instanceof LeadError) throw error
      configBytes = undefined
    }
    return {inputs: listed.inputs, configBytes, listing: listed.diagnostics, others: await workingTreeBlobs(root, listed.diagnostics.map((d) => d.file))}
  }
  let entries: TreeEntry[]
  if (source.type === 'index') {
    const index = await listIndexFiles(root)
    if (index.unmerged.length > 0) {
      throw stateError('MERGE_CONFLICT', `unresolved merge conflicts in ${index.unmerged.slice(0, 3).join(', ')}${index.unmerged.length > 3 ? ', …' : ''}`, 'resolve them and `git add` the results first', {files: index.unmerged})
    }
    entries = index.entries
  } else {
    entries = await listRevisionFiles(root, source.commit)
  }
  const listing: Diagnostic[] = []
  const others = new Map<string, string>()
  const records: Array<{entry: TreeEntry; file: Omit<RecordInput, 'read'>}> = []
  const blobs = new BlobStore(root)
  let configEntry: TreeEntry | undefined
  for (const entry of entries) {
    if (entry.path === CONFIG_FILE) {
      if (entry.mode !== '120000') configEntry = entry
      continue
    }
    const found = classifySitePath(entry.path, {symlink: entry.mode === '120000', tracked: true})
    if (!found) continue
    if ('code' in found) {
      listing.push(strayFinding(found, () => (entry.mode === '100644' || entry.mode === '100755' ? blobs.read(entry.sha, entry.path, MiB).subarray(0, MiB) : undefined)))
      others.set(entry.path, entry.sha)
    } else records.push({entry, file: found})
  }
  const inputs = records.map(({entry, file}) => new BlobFile(file.file, file.kind, file.id, entry.sha, blobs))
  // Object ids that are not lead's hashes (SHA-256): every blob is read and hashed, in one batch.
  if (inputs.some((i) => i.hash === undefined)) await blobs.fetch([...inputs.map((i) => i.sha), ...(configEntry ? [configEntry.sha] : [])])
  const configBytes = configEntry ? blobs.read(configEntry.sha, CONFIG_FILE, CONFIG_MAX_BYTES) : undefined
  return {inputs, configBytes, listing, others, blobs, tree: entries}
}

/**
 * The blob id git would store for each working-tree file or link, as an index or a commit names
 * it (hexadecimal, in the repository's hash): asked of git, which applies the checkout filters
 * (line endings under core.autocrlf) as it would on commit. A link's blob is the path it points
 * to. '' when git cannot say (the file is gone): compared as changed.
 */
async function workingTreeBlobs(root: string, files: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>(files.map((f) => [f, '']))
  const ids = async (args: string[], input: string) => {
    const r = await runGit(root, ['hash-object', ...args], input)
    return r.code === 0 ? r.stdout.toString('utf8').split('\n').filter((l) => l !== '') : []
  }
  const plain: string[] = []
  for (const f of files) {
    let target: string | undefined
    try {
      if (fs.lstatSync(path.join(root, f)).isSymbolicLink()) target = fs.readlinkSync(path.join(root, f))
    } catch {
      continue // gone: unknown
    }
    if (target !== undefined) out.set(f, (await ids(['--stdin'], target))[0] ?? '')
    else if (f.includes('\n')) out.set(f, (await ids(['--', f], ''))[0] ?? '') // --stdin-paths reads lines
    else plain.push(f)
  }
  if (plain.length > 0) (await ids(['--stdin-paths'], `${plain.join('\n')}\n`)).forEach((id, i) => out.set(plain[i]!, id))
  return out
}

/** The content hash of every input: a blob's from its id, anything else's from its bytes. */
function hashInputs(inputs: readonly RecordInput[]): Map<string, string> {
  const map = new Map<string, string>()
  for (const input of inputs) {
    try {
      map.set(input.file, input.hash ?? contentHash(input.read()))
    } catch {
      // unreadable: left unhashed, so it counts as changed and loading reports why
    }
  }
  return map
}

async function buildSnapshot(root: string, source: SnapshotSource, files: SnapshotFiles, options: SnapshotOptions, hashes = new Map<string, string>(), keep?: (file: string) => boolean): Promise<SiteSnapshot> {
  const inputs = keep ? files.inputs.filter((i) => keep(i.file)) : files.inputs
  const site = siteFromConfigBytes(root, files.configBytes ?? new Uint8Array())
  const loaded = await loadRecords(site, {inputs, cache: options.cache, checkSchemas: options.checkSchemas, ...(options.parseCache ? {parseCache: options.parseCache, saveCache: false} : {}), ...(files.blobs ? {prepare: fetchBlobs} : {})})
  // The loader hashes what it reads (or knows it from the cache): every source compares the same way.
  for (const r of loaded.records) if (r.hash) hashes.set(r.file, r.hash)
  if (files.configBytes) hashes.set(CONFIG_FILE, contentHash(files.configBytes))
  const records = new SiteRecords(loaded.records, [...files.listing, ...loaded.diagnostics], loaded.cache)
  return {source, label: describeSource(source), site, records, hashes, others: files.others, hasConfig: files.configBytes !== undefined, partial: keep !== undefined, ...(files.tree ? {tree: files.tree} : {})}
}

/**
 * Records as a commit holds them, each file named with its blob id (hex), loaded as a snapshot
 * loads a commit's: through `parseCache` by content hash, their blobs read from git in one batch
 * when a file must be parsed. Each file must be a record's usual path (kinds.ts usualRecordPath):
 * one the listing would report on instead is left to the caller to load otherwise.
 */
export async function loadBlobRecords(site: Site, files: ReadonlyArray<{file: string; oid: string}>, parseCache?: ParseCache): Promise<SiteRecords> {
  const blobs = new BlobStore(site.root)
  const inputs = files.map(({file, oid}) => {
    const usual = usualRecordPath(file)
    if (!usual) throw new Error(`not a record's usual path: ${file}`)
    return new BlobFile(file, usual.kind, usual.id, oid, blobs)
  })
  // Without the command's cache none is opened: one saved after a load of a few files would keep only them.
  return loadRecords(site, {inputs, prepare: fetchBlobs, ...(parseCache ? {parseCache, saveCache: false} : {cache: false})})
}

export async function loadSnapshot(root: string, source: SnapshotSource, options: SnapshotOptions = {}): Promise<SiteSnapshot> {
  return buildSnapshot(root, source, await snapshotFiles(root, source), options)
}

export interface PartialSnapshot {
  snapshot: SiteSnapshot
  /** The same source loaded in full (reusing what was already read). */
  complete(): Promise<SiteSnapshot>
}

/**
 * A source loaded only where it differs from `other` (plus every protocol): enough to diff the
 * two, cheap on a large site; `complete()` loads the rest when a full picture is needed.
 */
export async function loadSnapshotAgainst(root: string, source: SnapshotSource, other: SiteSnapshot, options: SnapshotOptions = {}): Promise<PartialSnapshot> {
  const files = await snapshotFiles(root, source)
  const hashes = hashInputs(files.inputs)
  const kinds = new Map(files.inputs.map((i) => [i.file, i.kind] as const))
  const differs = (file: string) => kinds.get(file) === 'protocol' || !hashes.has(file) || hashes.get(file) !== other.hashes.get(file)
  const snapshot = await buildSnapshot(root, source, files, options, new Map(hashes), differs)
  return {snapshot, complete: async () => (other.partial ? undefined : completeFrom(snapshot, other, files)) ?? buildSnapshot(root, source, files, options)}
}

/**
 * `partial` in full without loading again: every file it left out has the same bytes in `other`
 * (which is complete), so `other`'s record of it is the one a load would give (same content, same
 * cached parse and findings). Records in this source's order, as a load would list them.
 */
function completeFrom(partial: SiteSnapshot, other: SiteSnapshot, files: SnapshotFiles): SiteSnapshot | undefined {
  const own = new Map(partial.records.records.map((r) => [r.file, r]))
  const theirs = new Map(other.records.records.map((r) => [r.file, r]))
  const borrowed = new Set<string>()
  const records: SiteRecord[] = []
  for (const input of files.inputs) {
    const record = own.get(input.file) ?? theirs.get(input.file)
    if (!record) return undefined // not loaded on either side (cannot happen): load it all
    if (!own.has(input.file)) borrowed.add(input.file)
    records.push(record)
  }
  // What loading found in a borrowed file (a parse finding) is the same here; listing findings are this source's own.
  const diagnostics = [...partial.records.diagnostics, ...other.records.diagnostics.filter((d) => borrowed.has(d.file))]
  return {...partial, records: new SiteRecords(records, diagnostics, partial.records.cache), partial: false}
}

/** The kinds whose records declare the site's vocabulary (records/kinds.ts, read by privacy/site-vocabulary.ts). */
const DECLARING: ReadonlySet<Kind | undefined> = new Set<Kind>(DECLARING_KINDS)

/**
 * Both sides of a comparison, parsing only the files whose bytes differ between them (and every
 * protocol, which the summary compares across files). On a large site with a small change this
 * reads every file but parses a handful. The head holds every record that declares the site's
 * vocabulary as well (what a review prints and scans by, and its base's declarations beside the
 * changed files): compare only the files that differ. The snapshots are partial: never validate
 * them; the third element loads the base in full.
 */
export async function loadChangedSnapshots(root: string, base: SnapshotSource, head: SnapshotSource, options: SnapshotOptions = {}): Promise<[SiteSnapshot, SiteSnapshot, () => Promise<SiteSnapshot>]> {
  // One cache for both sides, never saved: a save keeps only what the run saw, and a run that
  // parsed a handful of changed files would leave the next validate to parse every other again.
  if (options.cache !== false && !options.parseCache) options = {...options, parseCache: ParseCache.open(root)}
  const sides = [await snapshotFiles(root, base), await snapshotFiles(root, head)] as const
  const hashes = sides.map((files) => hashInputs(files.inputs)) as [Map<string, string>, Map<string, string>]
  const kinds = new Map(sides.flatMap((files) => files.inputs.map((i) => [i.file, i.kind] as const)))
  const differs = (file: string) => kinds.get(file) === 'protocol' || !hashes[0].has(file) || hashes[0].get(file) !== hashes[1].get(file)
  return [
    await buildSnapshot(root, base, sides[0], options, hashes[0], differs),
    await buildSnapshot(root, head, sides[1], options, hashes[1], (file) => differs(file) || DECLARING.has(kinds.get(file))),
    // The base in full, when a review needs every record it held (the referrals a protocol re-judges).
    () => buildSnapshot(root, base, sides[0], options),
  ]
}
