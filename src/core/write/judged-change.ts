/**
 * A change judged as the write path judges it: the site loaded once (under the write's lock), the
 * change applied in memory (applyInMemory, through the same parse cache), the site as it would be
 * validated, and the errors it would bring in told from those already there (newErrors).
 */
import type {Diagnostic} from '../errors.js'
import {siteFromConfigBytes, type Site} from '../site.js'
import {today, type IsoDate} from '../clock/dates.js'
import {validSiteTimeZone} from '../clock/site-zone.js'
import {recordsFindings, validateRecords, type ValidationResult} from '../validate/site-validation.js'
import {listingFromBasis} from '../validate/basis-listing.js'
import {assembleValidation, rememberedValidation, type SiteFindings} from '../validate/site-findings.js'
import {gitFileState, type GitFileState} from '../records/git-file-state.js'
import {KIND_INFO} from '../records/kinds.js'
import {asRecordData, loadRecords, SiteRecords, withComments, type SiteRecord} from '../records/load.js'
import {linesHold, linesWith} from '../records/record-lines.js'
import {decodeRecordBytes, parseRecordText} from '../records/record-parse.js'
import {YamlSource} from '../records/yaml-source.js'
import {commentsOf, type RecordComment} from '../records/yaml-comments.js'
import {isLeadHeader} from '../records/record-headers.js'
import {firstAfter, walkOrder, walkPosition} from '../records/site-files.js'
import {contentHash, type ParseCache} from '../records/parse-cache.js'
import type {RecordChange} from '../records/record-change.js'
import {encodeFacts} from '../records/record-facts.js'
import {textOnDisk, type ConfigChange} from './write-files.js'

/** Changes given, or built from the site as loaded under the lock. */
export type ChangeSource = RecordChange[] | ((before: SiteRecords) => RecordChange[])

export interface JudgeOptions {
  asOf?: string
  /** lead.yaml as it would be: the records are judged under the new settings. */
  config?: ConfigChange
  /** A parse cache the command opened already (record-writer.ts WriteOptions). */
  parseCache?: ParseCache
}

/**
 * Load the site (once), build the changes from it when they are built, and validate the site as it
 * would be. `checkWrite`: the write path's checks of the changes and git's state, started as soon
 * as the changes are known and awaited before any finding counts.
 */
export async function judgeChange(site: Site, source: ChangeSource, options: JudgeOptions, checkWrite?: (changes: RecordChange[], seen: Promise<GitFileState | undefined>) => Promise<void>): Promise<Judged> {
  const given = Array.isArray(source) ? source : undefined
  // git's answer is kept: after the commit it tells the state the next command will find (committed-state.ts).
  // The write's check of git's state may take it too (git/vouched-clean.ts).
  const git = gitFileState(site.root)
  const checked = given && checkWrite?.(given, git)
  // Listed from the last validation's basis when git's state is the one it was listed from (the usual `set` after a `set`).
  let fromBasis = false
  const listing = (state: GitFileState) => {
    const listed = listingFromBasis(site.root, state)
    // The records are the state git's digest names only when listed as the basis judged them.
    fromBasis = listed?.basis !== undefined
    return listed
  }
  const before = await loadRecords(site, {saveCache: false, git, listing, ...(options.parseCache ? {parseCache: options.parseCache} : {})})
  await checked
  const changes = given ?? (source as (before: SiteRecords) => RecordChange[])(before)
  // Built from the load: git answers on its own process while the change is validated.
  const builtChecked = given ? undefined : checkWrite?.(changes, git)
  const afterRecords = applyInMemory(before, changes)
  const nextSite = options.config ? siteFromConfigBytes(site.root, Buffer.from(options.config.text, 'utf8')) : site
  // The day is fixed once: the findings are remembered after the commit under the day they were
  // judged as of, however long git (and its hooks) took, past midnight included.
  const asOf = options.asOf ?? today(validSiteTimeZone(nextSite))
  const findings = recordsFindings(nextSite, afterRecords, {asOf})
  const after = assembleValidation(nextSite, findings, undefined)
  await builtChecked
  // The site as it was is validated only when the new state has errors, to tell old from new
  // (usually remembered from the last command that validated it), as of the same day unless
  // lead.yaml's change moves the site to another zone.
  // Taken from the memo only when the records are the state git's digest names by construction: listed
  // (and so read by content hash) from the basis whose digest it is. Otherwise a file edited while
  // the records loaded could pair them with another state's findings.
  const was = after.errors === 0 ? undefined : validationBefore(site, before, fromBasis ? await git : undefined, options.config ? (options.asOf ?? today(validSiteTimeZone(site))) : asOf)
  const introduced = was ? newErrors(was, after) : []
  return {changes, introduced, after, ...(was ? {was} : {}), afterRecords, findings, asOf, git: await git}
}

/** The site as it was, validated: as a run remembered it for git's state (no pass over its records), else judged. */
function validationBefore(site: Site, before: SiteRecords, git: GitFileState | undefined, asOf: IsoDate): ValidationResult {
  const remembered = git && rememberedValidation(site, git, asOf)
  if (remembered) rememberedBefore.count++
  // Not remembered: its basis would replace the one the state after the change just left, which
  // the link written after the commit names (the next write would then list the site from git).
  return remembered || validateRecords(site, before, {asOf, remember: false})
}

/** How many writes in this process took the state before their change from the memo (tests check the path is taken). */
export const rememberedBefore = {count: 0}

export interface Judged {
  /** The changes judged (given, or built from the load). */
  changes: RecordChange[]
  introduced: Diagnostic[]
  after: ValidationResult
  /** The site as it was, validated: only when `after` has errors (to tell old from new). */
  was?: ValidationResult
  afterRecords: SiteRecords
  /** The new state's findings as a validation's memo keeps them. */
  findings: SiteFindings
  /** The day they are of. */
  asOf: IsoDate
  /** git's answer before the write (undefined: git cannot tell). */
  git: GitFileState | undefined
}

/** The site as it would be with `changes` applied (through the same cache, by content hash). */
export function applyInMemory(records: SiteRecords, changes: RecordChange[]): SiteRecords {
  const replaced = new Map(changes.map((c) => [c.file, c]))
  const diagnostics = records.diagnostics.filter((d) => !replaced.has(d.file))
  const toRecord = (c: RecordChange): SiteRecord => {
    // The bytes the write puts on disk, judged as a load reads them (record-parse.ts
    // decodeRecordBytes: its kind's size limit, a NUL, the encoding): one a load reads no value
    // from is such a record here too, so the write is refused as bringing the error in, and no
    // memo remembers it readable.
    const bytes = Buffer.from(textOnDisk(c), 'utf8')
    const decoded = decodeRecordBytes(c.file, bytes, KIND_INFO[c.kind])
    if (decoded.diagnostics) {
      diagnostics.push(...decoded.diagnostics)
      return {kind: c.kind, id: c.id, file: c.file, data: undefined, source: new YamlSource(c.file, '')}
    }
    // The text is parsed (lazily, by YamlSource) only if a finding needs a position; a participant
    // record's comments are read from it either way (they are scanned as its values are).
    const participant = KIND_INFO[c.kind].participantData === true
    if (c.data) {
      const comments = participant ? commentsOf(decoded.text)?.filter((c) => !isLeadHeader(c.text)) : undefined
      return {kind: c.kind, id: c.id, file: c.file, data: c.data, source: new YamlSource(c.file, decoded.text), ...(comments ? {comments} : {})}
    }
    const parsed = parseRecordText(c.file, decoded.text, {conceal: participant})
    diagnostics.push(...parsed.diagnostics)
    const hash = contentHash(bytes)
    parsedChanges.set(c.file, {hash, data: parsed.data ?? null, diagnostics: parsed.diagnostics, ...(parsed.comments ? {comments: parsed.comments} : {})})
    return {kind: c.kind, id: c.id, file: c.file, data: asRecordData(parsed.data), source: parsed.source ?? new YamlSource(c.file, decoded.text), hash, ...(parsed.comments ? {comments: parsed.comments} : {})}
  }
  const parsedChanges = new Map<string, ParsedChange>()
  const list = records.records
  const next = list.slice()
  // Each change's file found by halving the list (in the walk's order), not by a look-up for each
  // of 13,400 records; one not found so is a file added, or the list is in another order (looked
  // through then, once for many).
  const at = new Map<RecordChange, number>()
  const missed: RecordChange[] = []
  for (const c of replaced.values()) {
    const i = walkPosition(list, c.file)
    if (i >= 0) at.set(c, i)
    else missed.push(c)
  }
  const position = missed.length > 4 ? new Map(list.map((r, i) => [r.file, i])) : undefined
  const added: RecordChange[] = []
  for (const c of missed) {
    // Records listed from a basis: its files line says whether the file is there (a native search, no pass).
    const listed = records.lines && !linesHold(records.lines, c.file) ? -1 : undefined
    const i = listed ?? (position ? (position.get(c.file) ?? -1) : list.findIndex((r) => r.file === c.file))
    if (i >= 0) at.set(c, i)
    else added.push(c)
  }
  // Parsed in the records' order, as their findings were always listed.
  const inOrder = [...at].sort((a, b) => a[1] - b[1])
  for (const [c, i] of inOrder) next[i] = toRecord(c)
  const placed = inOrder.map(([, i]) => i)
  const all = added.length === 0 ? next : withAdded(next, added.map(toRecord))
  // A record written is no file the listing had findings about (those are no records): its findings stand.
  const out = new SiteRecords(all, diagnostics, records.cache, false, records.listed, linesWith(records.lines, placed, next, added, all))
  written.set(out, parsedChanges)
  return out
}

/**
 * The site as it would be with `files` as `loaded` holds them (a file `loaded` does not hold
 * absent): the records of `records` and what reading them found, but for those files, whose
 * records and findings are `loaded`'s, in the walk's order. `loaded` is a load of those files
 * alone, each at a record's usual path (no listing finding is about one: git/site-snapshot.ts
 * loadBlobRecords).
 */
export function withFilesFrom(records: SiteRecords, files: ReadonlySet<string>, loaded: SiteRecords): SiteRecords {
  const diagnostics = [...records.diagnostics.filter((d) => !files.has(d.file)), ...loaded.diagnostics]
  const listed = records.listed?.filter((d) => !files.has(d.file))
  const list = records.records
  // Each file a record on both sides (an edit): put in its place, and the basis lines carried with
  // them, so a validation's delta need not list 13,000 records to find them (applyInMemory).
  const placed = loaded.records.length === files.size ? loaded.records.map((r) => walkPosition(list, r.file)) : []
  if (placed.length > 0 && placed.every((i) => i >= 0)) {
    const next = list.slice()
    loaded.records.forEach((r, k) => (next[placed[k]!] = r))
    const positions = placed.sort((a, b) => a - b)
    return new SiteRecords(next, diagnostics, records.cache, false, listed, linesWith(records.lines, positions, next, [], next))
  }
  // A file added or removed: the lines cannot say so (record-lines.ts), and are listed again.
  const kept = list.filter((r) => !files.has(r.file))
  const all = loaded.records.length === 0 ? kept : withAdded(kept, [...loaded.records])
  return new SiteRecords(all, diagnostics, records.cache, false, listed)
}

/**
 * New records where a load of the written site lists them (the walk's order), so the state
 * validated here is the one the next command finds: the same memo key and basis list (appended,
 * the next command missed both and judged a big site afresh).
 */
function withAdded(records: readonly SiteRecord[], added: SiteRecord[]): SiteRecord[] {
  const out: SiteRecord[] = []
  let from = 0
  // Each before the first record after it (the load lists records in the walk's order).
  for (const r of added.sort((a, b) => walkOrder(a.file, b.file))) {
    const at = firstAfter(r.file, records.length, (i) => records[i]!.file, from)
    while (from < at) out.push(records[from++]!)
    out.push(r)
  }
  while (from < records.length) out.push(records[from++]!)
  return out
}

/** What applyInMemory parsed, for rememberWritten. */
const written = new WeakMap<SiteRecords, Map<string, ParsedChange>>()

/** A change's text as applyInMemory parsed it. */
interface ParsedChange {
  hash: string
  data: unknown
  diagnostics: Diagnostic[]
  comments?: RecordComment[]
}

/** Put the written records' parse results in the cache and save it (with the new state's findings). */
export function rememberWritten(after: SiteRecords, changes: RecordChange[]): void {
  const parsed = written.get(after)
  if (!after.cache || !parsed) return
  for (const c of changes) {
    const p = parsed.get(c.file)
    if (!p) continue
    // With the schema result the validation found, so the next command needs no ajv for it; and
    // a referral's or consent's facts, so the next validation finds its readers without its value
    // (its facts were worked out before its content was in the cache, where they could not be kept).
    const record = after.records.find((r) => r.file === c.file)
    const schemaResult = record?.schemaResult
    const participant = KIND_INFO[c.kind].participantData === true
    const facts = participant && record?.data !== undefined ? after.factsOf(record) : undefined
    after.cache.set(p.hash, {data: p.data, diagnostics: p.diagnostics.map(({file: _file, ...rest}) => rest), ...(participant ? {concealed: true} : {}), ...(schemaResult ? {schema: {kind: c.kind, diagnostics: schemaResult}} : {}), ...withComments(p.comments)})
    if (participant && record?.data !== undefined) after.cache.setFacts(p.hash, encodeFacts(facts))
  }
  after.cache.save()
}

/**
 * Errors the change causes, anywhere in the site. Errors that were there before are not held
 * against it, so a broken record can be mended one field at a time; positions are left out
 * because an edit shifts the lines below it. A finding whose message masks what it found (an
 * identifier in a referral) is told apart by its field and a digest of what it found, and counted:
 * a second name in a field that already held one is new, however alike their masks look.
 */
export function newErrors(before: ValidationResult, after: ValidationResult): Diagnostic[] {
  const key = (d: Diagnostic) => (d.subject === undefined ? `${d.file}\0${d.code}\0${d.message}` : `${d.file}\0${d.code}\0${JSON.stringify(d.path ?? [])}\0${d.subject}`)
  const old = new Map<string, number>()
  for (const d of before.diagnostics) if (d.severity === 'error') old.set(key(d), (old.get(key(d)) ?? 0) + 1)
  return after.diagnostics.filter((d) => {
    if (d.severity !== 'error') return false
    const left = old.get(key(d)) ?? 0
    old.set(key(d), left - 1)
    return left <= 0
  })
}
