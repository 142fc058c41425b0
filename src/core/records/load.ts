/**
 * Loading every record of a site: read, decode, parse (from the cache, in parallel where it pays),
 * and index by kind and ID. Parse problems come back as diagnostics, never as exceptions.
 */
import fs from 'node:fs'
import type {Diagnostic} from '../errors.js'
import {cacheFile} from './cache-files.js'
import type {Site} from '../site.js'
import {KIND_INFO, type Kind} from './kinds.js'
import {contentHash, ParseCache, type CachedDiagnostic, type FileStamp} from './parse-cache.js'
import type {ReadJob} from './read-job.js'
import {runReadJobs} from './parallel-read.js'
import {workingTreeInputs} from './working-tree-inputs.js'
import {linesMayName, type RecordLines} from './record-lines.js'
import {walkPosition, type RecordFilter} from './site-files.js'
import {gitFileState, type GitFileState} from './git-file-state.js'
import {YamlSource} from './yaml-source.js'
import type {RecordComment} from './yaml-comments.js'
import {keptComments} from './kept-comments.js'
import {decodeFacts, encodeFacts, factsOf, type RecordFacts} from './record-facts.js'
import {asRecordData} from './record-query.js'
import {CachedRecord, fromCache, readSafely} from './cached-record.js'
import {keepYoungGenerationSmall} from './young-generation.js'

export {asRecordData} from './record-query.js'
export type {RecordLines} from './record-lines.js'
export {workingTreeInputs} from './working-tree-inputs.js'

export type RecordData = Record<string, unknown>

export interface SiteRecord {
  kind: Kind
  /** The ID the file name implies (the `id` field is checked against it). */
  id: string
  file: string
  /** The record's JSON value; undefined when the file could not be read as YAML. */
  data: RecordData | undefined
  source: YamlSource
  /** Content hash, when the record was read through the cache (lets validation remember results). */
  hash?: string
  /** What the cache knows about this exact content against its kind's schema (no need to run ajv). */
  schemaResult?: CachedDiagnostic[]
  /** A readable participant record's comments (records/yaml-comments.ts), scanned as its values are; absent when it has none. */
  readonly comments?: readonly RecordComment[]
}

/** Where record bytes come from: the working tree by default, the git index for `--staged`. */
export interface RecordInput {
  file: string
  kind: Kind
  id: string
  read(): Uint8Array
  /** The file on disk, when there is one: workers then read it themselves. */
  abs?: string
  /** Its content hash, when git vouches that the file is its index blob (git-file-state.ts). */
  hash?: string
  /** Size, mtime and inode of a working-tree file, so an unchanged file need not be read. */
  stamp?(): FileStamp | undefined
}

export interface LoadOptions {
  /** Read these instead of the working tree. */
  inputs?: RecordInput[]
  /** Use and update the parse cache in the git directory (default true). */
  cache?: boolean
  /** Write the cache when loading is done (default true; validation saves it itself, after adding results). */
  saveCache?: boolean
  /** Load through this cache instead of opening the site's (snapshots of one run share one). */
  parseCache?: ParseCache
  /** Called with the inputs about to be read, before any is (a snapshot fetches their blobs from git in one batch). */
  prepare?: (inputs: readonly RecordInput[]) => Promise<void>
  /** git's answer about the working tree, when the caller asked already (null: walk the folders), or is asking. */
  git?: GitFileState | null | Promise<GitFileState | undefined>
  /**
   * The site's files as a command remembered them for the state git describes (validate/basis-link.ts, basis-listing.ts listingFromBasis),
   * or undefined: git's answer is then listed as ever. Not for a part of the site (`select`).
   */
  listing?: (git: GitFileState) => ListedFiles | undefined
  /** Parse on worker threads when this many files need parsing (default 600; Infinity disables). */
  parallelThreshold?: number
  /** Check each record parsed against its kind's schema where it is parsed (validation: on every parsing thread); a pass is the record's and the cache's schema result. */
  checkSchemas?: boolean
  /**
   * Only the records this keeps (by kind and the ID their file name implies): a command that needs
   * one record and the few it reads does not pay for the site. The cache then never drops what
   * the run did not see (ParseCache.seesPart).
   */
  select?: RecordFilter
}

/** A listing's record files and what it said about files that are no records (a stray YAML file, a link). */
export interface ListedFiles {
  inputs: RecordInput[]
  diagnostics: Diagnostic[]
  /** The lines of the basis the files were listed from (basis-listing.ts listingFromBasis): its files, their hashes and its token. */
  basis?: Omit<RecordLines, 'changed' | 'added'>
}

export class SiteRecords {
  readonly records: SiteRecord[]
  /** Problems found while listing and reading files. */
  readonly diagnostics: Diagnostic[]
  /** Those of them the listing found (about files, not their content); undefined when not told apart. */
  readonly listed?: readonly Diagnostic[]
  /** The parse cache these records came through, if any. */
  readonly cache?: ParseCache
  /** The first record of each kind and ID, built when first asked (per kind: no key string per record). */
  private index?: Map<Kind, Map<string, SiteRecord>>
  private byKind?: Map<Kind, SiteRecord[]>
  private scans?: Map<Kind, number> // look-ups per kind answered by a scan so far (lookUp)
  /** Facts of records not read through the cache (a cached record keeps its own). */
  private readonly facts = new Map<SiteRecord, RecordFacts | undefined>()

  /** Loaded with `select`: part of the site, never to be validated as the site (validateRecords refuses it). */
  readonly partial: boolean
  /** The records as lines of the basis they were listed from, when each has the content it lists (RecordLines). */
  readonly lines?: RecordLines

  constructor(records: SiteRecord[], diagnostics: Diagnostic[], cache?: ParseCache, partial = false, listed?: readonly Diagnostic[], lines?: RecordLines) {
    this.records = records
    this.diagnostics = diagnostics
    this.cache = cache
    this.partial = partial
    this.listed = listed
    if (lines) this.lines = lines
  }

  private first(kind: Kind): Map<string, SiteRecord> {
    // Per kind, when first asked: a check of a referral's partner need not map 10,000 referrals.
    this.index ??= new Map()
    let ids = this.index.get(kind)
    if (!ids) {
      ids = new Map()
      for (const r of this.kindList(kind)) if (!ids.has(r.id)) ids.set(r.id, r)
      this.index.set(kind, ids)
    }
    return ids
  }

  ofKind(kind: Kind): SiteRecord[] {
    return [...this.kindList(kind)]
  }

  private kindList(kind: Kind): readonly SiteRecord[] {
    if (!this.byKind) {
      this.byKind = new Map()
      for (let i = 0; i < this.records.length; i++) {
        const r = this.records[i]!
        const list = this.byKind.get(r.kind)
        if (list) list.push(r)
        else this.byKind.set(r.kind, [r])
      }
    }
    return this.byKind.get(kind) ?? []
  }

  /** The record's value is a map (without reading it when its schema result is known: only a map is checked). */
  readable(record: SiteRecord): boolean {
    return record.schemaResult !== undefined || record.data !== undefined
  }

  /**
   * A field a cross-record rule matches records by (`id`, `participant`, `consent`, `previous`):
   * for a referral or consent, from the index's facts when it has them (record-facts.ts), so the
   * value is not read; else from the value.
   */
  field(record: SiteRecord, name: keyof RecordFacts): unknown {
    if (!KIND_INFO[record.kind].participantData) return record.data?.[name]
    const facts = this.factsOf(record)
    return facts ? facts[name] : record.data?.[name]
  }

  /**
   * A referral's or consent's facts (record-facts.ts), from the index when it has them; undefined
   * for other kinds and for a record whose matching fields hold something not shaped like an ID
   * (rules then read its value).
   */
  factsOf(record: SiteRecord): RecordFacts | undefined {
    if (!KIND_INFO[record.kind].participantData) return undefined
    // Facts follow from the content alone, so a cached record (one object per file, shared by the
    // states a write compares) keeps them itself: no map keyed by 10,000 records.
    if (record instanceof CachedRecord) {
      if (record.knownFacts === undefined) record.knownFacts = (record.storedFacts === undefined ? this.workOutFacts(record) : decodeFacts(record.storedFacts)) ?? null
      return record.knownFacts ?? undefined
    }
    if (!this.facts.has(record)) this.facts.set(record, this.workOutFacts(record))
    return this.facts.get(record)
  }

  /**
   * Whether a referral or consent may read a record named by one of `names`: its facts name one as
   * its consent or previous record, or it has none (it is read by its value). The index's facts
   * are read in place, not decoded (delta-basis.ts asks this of every referral after one changed).
   */
  mayName(record: SiteRecord, names: ReadonlySet<string>): boolean {
    if (record instanceof CachedRecord && record.knownFacts === undefined) {
      const named = record.storedFactsName(names)
      if (named !== undefined) return named
    }
    const facts = this.factsOf(record)
    return !facts || (facts.consent !== undefined && names.has(facts.consent)) || (facts.previous !== undefined && names.has(facts.previous))
  }

  private workOutFacts(record: SiteRecord): RecordFacts | undefined {
    const stored = record.hash === undefined ? undefined : this.cache?.get(record.hash)?.facts
    if (stored !== undefined) return decodeFacts(stored)
    if (!record.data) {
      // No value (not YAML, not a map): it names nothing. Kept so, as empty facts: the next
      // command would otherwise parse it again (the yaml library loaded for it) to find that out.
      if (record.hash !== undefined) this.cache?.setFacts(record.hash, encodeFacts({}))
      return {}
    }
    const facts = factsOf(record.data)
    if (record.hash !== undefined) this.cache?.setFacts(record.hash, encodeFacts(facts))
    return facts
  }

  /** Parsed data of every readable record of a kind. */
  dataOf<T = RecordData>(kind: Kind): T[] {
    const out: T[] = []
    for (const r of this.records) if (r.kind === kind && r.data) out.push(r.data as T)
    return out
  }

  get(kind: Kind, id: string): SiteRecord | undefined {
    return this.lookUp(kind, id)
  }

  /** The record read from `file` (site-relative): found by halving the walk's order, else by a pass (a list in another order). */
  atFile(file: string): SiteRecord | undefined {
    const at = walkPosition(this.records, file)
    return at >= 0 ? this.records[at] : this.records.find((r) => r.file === file)
  }

  has(kind: Kind, id: string): boolean {
    return this.lookUp(kind, id) !== undefined
  }

  /**
   * The first record of a kind and ID. The first few look-ups of a kind scan the records; later
   * ones build its map (first): `lead new` asks once whether its minted ID is free, and a map of
   * 10,000 referrals for that one question cost ~4 ms.
   */
  private lookUp(kind: Kind, id: string): SiteRecord | undefined {
    const mapped = this.index?.get(kind)
    if (mapped) return mapped.get(id)
    // Records listed from a basis: no file of that name in its files line, no record (a minted ID checked free).
    if (this.lines && !linesMayName(this.lines, id)) return undefined
    const scans = (this.scans ??= new Map())
    const scanned = scans.get(kind) ?? 0
    if (scanned >= SCANS_BEFORE_MAP) return this.first(kind).get(id)
    scans.set(kind, scanned + 1)
    const records = this.byKind?.get(kind) ?? this.records
    for (let i = 0; i < records.length; i++) if (records[i]!.id === id && records[i]!.kind === kind) return records[i]
    return undefined
  }
}

/** Look-ups of a kind answered by a scan before its map is built (SiteRecords.lookUp). */
const SCANS_BEFORE_MAP = 4

export async function loadRecords(site: Site, options: LoadOptions = {}): Promise<SiteRecords> {
  // The cache's index and a record object per file, nearly all living to the end of the run: the
  // young generation need not grow to hold them (young-generation.ts). A load that parses many
  // files makes much short-lived garbage, and lets it grow again before parsing (below).
  keepYoungGenerationSmall(true)
  const diagnostics: Diagnostic[] = []
  let inputs = options.inputs
  const useCache = options.cache !== false
  // git answers on its own process while the cache index is read.
  // Not for a few folders, walked (site-files.ts RecordFilter.folders): git would answer for every file.
  const fromGit = inputs || !useCache || options.select?.folders ? undefined : options.git !== undefined ? Promise.resolve(options.git ?? undefined) : gitFileState(site.root)
  const only = options.select
  // A few folders are walked before the cache is opened: their files may be parsed sooner than its index is read.
  const walked = !inputs && only?.folders ? workingTreeInputs(site.root, undefined, only) : undefined
  const cache = useCache && !(walked && !options.parseCache && parsesSooner(site.root, walked.inputs)) ? (options.parseCache ?? ParseCache.open(site.root)) : undefined
  if (only) cache?.seesPart()
  else if (!options.inputs) cache?.seesWhole()
  let listedDiagnostics: Diagnostic[] | undefined
  let basis: ListedFiles['basis']
  if (!inputs) {
    // A site whose files git converts on checkout (line endings, filters) hashes differently from its blobs.
    const state = walked || cache?.gitHashesDiffer ? undefined : await fromGit
    const listed: ListedFiles = walked ?? (state && !only ? options.listing?.(state) : undefined) ?? workingTreeInputs(site.root, state?.files(), only)
    inputs = listed.inputs
    diagnostics.push(...listed.diagnostics)
    listedDiagnostics = listed.diagnostics
    basis = listed.basis
  } else if (only) {
    inputs = inputs.filter((input) => only(input.kind, input.id))
  }
  // In the order of the inputs, whichever were read again: findings must not depend on which were.
  const records: SiteRecord[] = new Array(inputs.length)
  const toRead: Array<{input: RecordInput; stamp?: FileStamp; at: number}> = []

  const unconcealed = cache?.unconcealedHashes() ?? new Set<string>()
  // Indexed: an iterator's result object per file is garbage a cold run pays for in scavenges.
  for (let at = 0; at < inputs.length; at++) {
    const input = inputs[at]!
    // git vouches for the content (its blob hash is lead's content hash), or the file's stamp does; the entry found builds the record.
    const hit = cache && input.hash !== undefined ? cache.known(input.hash) : undefined
    const vouched = hit !== undefined ? input.hash : undefined
    const stamp = cache && !vouched && cache.mayKnow(input.file) ? input.stamp?.() : undefined
    const cached = vouched ?? (stamp && cache!.knownHash(input.file, stamp))
    const known = cached && !(KIND_INFO[input.kind].participantData && unconcealed.has(cached)) ? cached : undefined
    if (!known) {
      // A file read from its path gives its stamp from the descriptor it is read through (runReadJob).
      toRead.push({input, stamp: stamp ?? (cache && !input.abs ? input.stamp?.() : undefined), at})
      continue
    }
    // Unchanged since the last run: take the parse result; read the text only if a position is needed.
    const record = fromCache(input, known, cache!, diagnostics, undefined, known === vouched ? hit : undefined)
    records[at] = record
    if (stamp) cache!.remember(input.file, stamp, known)
    else if (!cache!.keepStamp(input.file, known)) {
      // Changed and committed since lead last looked: listed by its stamp now, which vouches for nothing (parse-cache.ts rememberVouched).
      const now = input.stamp?.()
      if (now) cache!.rememberVouched(input.file, now, known)
    }
  }

  // lead.yaml's schema findings are cached by content too: keep them when a command that never
  // validates saves the cache. Asked after the records: its entry is last in the index.
  if (cache && site.configSource) cache.get(contentHash(new TextEncoder().encode(site.configSource.text)))
  if (toRead.length >= PARSES_MANY) keepYoungGenerationSmall(false)
  if (toRead.length > 0) await options.prepare?.(toRead.map((r) => r.input))
  const jobs: ReadJob[] = toRead.map(({input}) => ({file: input.file, maxBytes: KIND_INFO[input.kind].maxBytes, conceal: KIND_INFO[input.kind].participantData === true, ...(options.checkSchemas ? {schema: input.kind} : {}), ...(input.abs ? {abs: input.abs, stamp: cache !== undefined && input.stamp !== undefined} : {bytes: readSafely(input)})}))
  const results = jobs.length === 0 ? [] : await runReadJobs(jobs, cache?.knownHashes() ?? new Set<string>(), unconcealed, options.parallelThreshold ?? 600)
  for (let i = 0; i < toRead.length; i++) {
    const {input, stamp, at} = toRead[i]!
    const result = results[i]!
    if (result.hash === undefined) {
      // Could not be read or decoded: the diagnostics say why.
      records[at] = {kind: input.kind, id: input.id, file: input.file, data: undefined, source: new YamlSource(input.file, '')}
      diagnostics.push(...result.diagnostics)
      continue
    }
    const taken = stamp ?? result.stamp
    if (taken) cache?.remember(input.file, taken, result.hash)
    if (input.hash !== undefined && result.hash !== input.hash) cache?.gitHashDiffered()
    if (result.known) {
      records[at] = fromCache(input, result.hash, cache!, diagnostics, result.text!)
      continue
    }
    const record: SiteRecord = {kind: input.kind, id: input.id, file: input.file, data: asRecordData(result.data), source: new YamlSource(input.file, result.text!), hash: result.hash, ...(result.comments ? {comments: result.comments} : {})}
    if (result.schemaValid) record.schemaResult = []
    records[at] = record
    diagnostics.push(...result.diagnostics)
    // A referral's or consent's facts with its entry, as SiteRecords.factsOf would work them out:
    // learnt later, they came in one journal line for every record a cold run parsed (0.5 MB on
    // 10,000 referrals: the first validation after it learnt the 2,667 consents'), read by every
    // command until the index was next rewritten.
    const participant = KIND_INFO[input.kind].participantData === true
    const facts = participant && record.data ? {facts: encodeFacts(factsOf(record.data))} : {}
    cache?.set(result.hash, {data: result.data, diagnostics: result.diagnostics.map(({file: _file, ...rest}) => rest), ...(participant ? {concealed: true} : {}), ...facts, ...(result.schemaValid ? {schema: {kind: input.kind, diagnostics: []}} : {}), ...withComments(result.comments)})
  }
  if (options.saveCache !== false) cache?.save()
  // Lines of the basis only while every record has the content the basis lists (none read otherwise since).
  let asListed = basis !== undefined
  for (let i = 0; asListed && i < records.length; i++) asListed = records[i]!.hash === inputs[i]!.hash
  return new SiteRecords(records, diagnostics, cache, only !== undefined, listedDiagnostics, asListed ? {...basis!, changed: [], added: []} : undefined)
}

/** Files to parse past which a load makes more short-lived garbage than records (young-generation.ts). */
const PARSES_MANY = 200

/**
 * Reading the parse cache's index costs ~40 ms a megabyte (2.6 MB, ~100 ms, on 10,000 referrals);
 * parsing a record file ~0.5–1 ms a kilobyte. So a part of the site worth fewer than 1/20 of the
 * index's bytes (`lead show`'s protocols, a form's context and record) is parsed from its files:
 * the same parse the cache would have kept (results depend on the content alone), without the
 * index. A missing index costs nothing to open, so the part is read through it and kept there.
 */
const INDEX_BYTES_PER_PART_BYTE = 20

function parsesSooner(root: string, inputs: readonly RecordInput[]): boolean {
  const index = cacheFile(root)
  let indexBytes: number
  try {
    indexBytes = index === undefined ? 0 : fs.statSync(index).size
  } catch {
    return false
  }
  let bytes = 0
  for (const input of inputs) {
    bytes += input.stamp?.()?.size ?? indexBytes
    if (bytes * INDEX_BYTES_PER_PART_BYTE >= indexBytes) return false
  }
  return true
}

/** The comments a cache entry keeps (kept-comments.ts), as its field. */
export function withComments(comments: readonly RecordComment[] | undefined): {comments?: RecordComment[]} {
  const kept = keptComments(comments)
  return kept ? {comments: kept} : {}
}
