/**
 * Validation from the last one (issue 15). A validation's findings are kept with the records it
 * judged (their files, content hashes, and whether each was readable and valid), under its site
 * context: lead.yaml as in effect, the time zone and every record of a context kind (rule-memo.ts
 * siteContext), with its date. The next validation under the same context differs from it only in
 * referrals and consents and perhaps the date, so it
 * - checks the schema of the changed records only (the others' findings and validity are the basis's);
 * - judges by the per-record parts only the changed records and the records that may read them (a
 *   referral naming a changed consent or earlier referral, found by the records' facts: a part's
 *   `reads` finds what it reads through the same fields; a part that reads which records exist by
 *   the IDs each names finds the records naming an added or removed one the same way, and judges
 *   again those that named one not there: id-lookups.ts), unless a part reads which records exist
 *   (`ids`) without saying which and one was added or removed: that part then judges every record
 *   (through the rule memo, as ever);
 * - keeps the findings of the whole-site parts that declare they read the site context only, or
 *   also which files there are (`runReads`), when that did not change, and the date unless they
 *   read it (`runReadsDate`);
 * - on another date, judges again the records whose findings held for some dates only
 *   (RuleContext.holdsFor: a referral whose intake is still expected) when the new date is not
 *   among them; every other record's findings hold for every date.
 * What it keeps is what a full validation would find again: test/core/incremental-equivalence.test.ts
 * compares the two on random edits.
 *
 * One basis is kept (.git/lead/delta-basis-SITE.bin, basis-file.ts; private like the parse cache:
 * its findings are guarded, and it holds paths and content hashes).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import type {Diagnostic} from '../errors.js'
import {CONFIG_FILE, type Kind} from '../records/kinds.js'
import {saveLater} from '../records/deferred-saves.js'
import type {SiteRecord, SiteRecords} from '../records/load.js'
import {cacheVersion, gitStateFile} from '../records/parse-cache.js'
import {CONTENT_HASH_LENGTH} from '../records/cache-files.js'
import {basisWriter, readBasisFile} from './basis-file.js'
import {decodeFacts, FACT_FIELDS, type RecordFacts} from '../records/record-facts.js'
import {CONTEXT_KINDS} from './rule-memo.js'
import {spanHolds} from '../records/rule-column.js'

/** What a validation found, by where it came from, with the records it judged. */
export interface Basis {
  /** The records' files in site order, joined by NUL. */
  files: string
  /** Their content hashes (contentHash, CONTENT_HASH_LENGTH characters each), in the same order. */
  hashes: string
  /** One character per record: `v` valid, `r` readable but not valid, `-` unreadable. */
  flags: string
  /** The contexts of the per-record groups (rule-memo.ts): a group whose context changed judges every record. */
  groups: string[]
  /** Schema findings by file. */
  schema: Record<string, Diagnostic[]>
  /** Per-record parts' findings, by rule, then by the file of the record judged. */
  parts: Record<string, Record<string, Diagnostic[]>>
  /** Whole-site parts' findings, by rule. */
  runs: Record<string, Diagnostic[]>
  /** The date the findings are of (asOf). */
  asOf: string
  /** Per group of per-record parts, the files whose findings hold for some dates only, and those dates (FROM~UNTIL: rule-memo.ts). */
  spans: Record<string, Record<string, string>>
  /** Per group reading IDs by names, the files whose findings may read every ID (validate/id-lookups.ts): judged again when the list of files changes. */
  wide: Record<string, string[]>
  /** Made anew each time a basis is written: what names this basis and no other (basis-link.ts). */
  token: string
}

const HASH_LENGTH = CONTENT_HASH_LENGTH

/** How many validations in this process started from a basis (tests check the path is taken), how many of those from its lines as a write left them (DeltaPlan.carried), and of those with records added. */
export const deltaRuns = {count: 0, carried: 0, carriedAdded: 0}

export const flagOf = (valid: boolean, readable: boolean): string => (valid ? 'v' : readable ? 'r' : '-')

/** Where a site's basis is kept (basis-file.ts says how). */
export const basisFile = (root: string): string | undefined => gitStateFile(root, 'delta-basis', '.bin')

/** `keep`: read to list the site's files, kept for the validation that follows (basis-file.ts). */
export function readBasis(root: string, context: string, options: {keep?: boolean} = {}): Basis | undefined {
  const b = readBasisFile(basisFile(root), cacheVersion(), context, options) as Basis | undefined
  const ok = b && [b.files, b.hashes, b.flags, b.asOf].every((s) => typeof s === 'string') && b.hashes.length === b.flags.length * HASH_LENGTH && Array.isArray(b.groups) && b.groups.every((g) => typeof g === 'string') && lists(b.schema) && lists(b.runs) && isMap(b.parts) && Object.values(b.parts).every(lists) && isMap(b.spans) && Object.values(b.spans).every((m) => isMap(m) && Object.values(m).every((x) => typeof x === 'string')) && isMap(b.wide) && Object.values(b.wide).every((l) => Array.isArray(l) && l.every((x) => typeof x === 'string')) && typeof b.token === 'string'
  // A damaged or foreign file costs a full validation, never a wrong one.
  return ok ? b : undefined
}

const isMap = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x)
/** Findings by name: every value a list of findings (objects with a file). */
const lists = (x: unknown): boolean => isMap(x) && Object.values(x).every((list) => Array.isArray(list) && list.every((d) => isMap(d) && typeof d.file === 'string'))

/**
 * `from`: the basis read (readBasis) this one was worked out from: its files line is written again
 * as read when the same. Returns the token the basis is written under.
 */
export function writeBasis(root: string, context: string, found: Omit<Basis, 'token'>, from?: Basis): string {
  const basis: Basis = {...found, token: crypto.randomBytes(12).toString('base64url')}
  // Encoded now: the findings are the validation's own objects, which it goes on to give excerpts.
  const write = basisWriter(basisFile(root), cacheVersion(), context, basis, from)
  saveLater(() => {
    write()
    // The basis as earlier builds kept it (JSON), never read again: its paths and hashes need not stay.
    const earlier = gitStateFile(root, 'delta-basis', '.json')
    if (earlier) fs.rmSync(earlier, {force: true})
  })
  return basis.token
}

/**
 * The records' files and content hashes as a basis keeps them, worked out in one pass: the
 * validation memo's key, the plan and the basis all read these (on 13,354 records three passes,
 * each building 13,000-53,000 strings to join, cost ~50 ms of a `lead set`).
 */
export interface BasisLines {
  /** The files in site order, joined by NUL (a slice of `checked`: one string of 0.5 MB made, not two). */
  files: string
  /** lead.yaml and the files, joined by NUL: the validation's list of checked files (site-findings.ts checkedLine). */
  checked: string
  /** Their content hashes, HASH_LENGTH characters each; undefined when one is not known by a hash of that length (nothing is kept then). */
  hashes: string | undefined
}

export function basisLines(records: SiteRecords): BasisLines {
  // Listed from a basis: its lines, with a write's changes put in (applyInMemory), are these.
  const carried = records.lines
  if (carried) return {files: carried.files, checked: carried.files === '' ? CONFIG_FILE : `${CONFIG_FILE}\0${carried.files}`, hashes: carried.hashes}
  const list = records.records
  const files: string[] = new Array(list.length + 1)
  const hashes: string[] = new Array(list.length)
  files[0] = CONFIG_FILE
  let known = true
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!
    files[i + 1] = r.file
    if (known && r.hash?.length === HASH_LENGTH) hashes[i] = r.hash
    else known = false
  }
  const checked = files.join('\0')
  return {files: list.length === 0 ? '' : checked.slice(CONFIG_FILE.length + 1), checked, hashes: known ? hashes.join('') : undefined}
}

/** How this validation differs from the basis: what to judge afresh, and what the basis says of the rest. */
export interface DeltaPlan {
  basis: Basis
  /** The records' files as the basis keeps them. */
  files: string
  /** Records whose content the basis did not judge (changed or added). */
  changed: ReadonlySet<SiteRecord>
  /** The changed records and every record that may read one of them, before or after the change. */
  affected: ReadonlySet<SiteRecord>
  /** The same files as the basis's, each as readable as it was: a part that reads which files there are stands. */
  sameFiles: boolean
  /** The same list of files as the basis's (readable or not): the same kinds and IDs, so the same group contexts (rule-memo.ts). */
  sameList: boolean
  /**
   * Files added, none removed, and every other as readable as it was: the only change to what a
   * part reading `files` reads is `added` (Rule.runAdded).
   */
  onlyAdded: boolean
  /** The records whose files the basis does not list, in site order. */
  added: readonly SiteRecord[]
  /** The basis's date: a whole-site part that reads the date (Rule.runReadsDate) stands. */
  sameDate: boolean
  /** The basis's flag (flagOf) for the record at this position of records.records, when its content is unchanged. */
  flag(at: number): string
  /**
   * When the records were listed from this basis and only a write changed them since
   * (records.lines): the positions of the changed records (those added included) and of those
   * added. Every other record is where the basis lists it (moved on by the added ones before it)
   * with the content it judged, so a pass over them can keep what the basis says without visiting them.
   */
  carried?: {changed: readonly number[]; added: readonly number[]}
}

/**
 * The plan, or undefined when the basis cannot vouch for the rest: a record of a context kind
 * changed (the context digest should have told), or the earlier version of a changed or removed
 * record held something other than IDs in its matching fields or is no longer in the parse cache
 * (its readers then cannot be found by facts).
 */
export function planDelta(basis: Basis, records: SiteRecords, asOf: string, lines: BasisLines = basisLines(records)): DeltaPlan | undefined {
  const participant = (kind: Kind) => !CONTEXT_KINDS.has(kind)
  const list = records.records
  const files = lines.files
  const sameList = files === basis.files
  let sameFiles = sameList
  // Where each record was in the basis (by position when the files are the same: no map of 13,000 paths).
  let wasAt = (i: number): number => i
  let removed: number[] = []
  // Records listed from this basis and changed only by a write since (records.lines): where each
  // was follows from the positions of those added, and only the changed ones can differ from it.
  const write = records.lines?.token === basis.token && (sameList || (records.lines?.added.length ?? 0) > 0) ? records.lines : undefined
  if (!sameFiles && write) wasAt = (i) => basisPosition(write.added, i)
  else if (!sameFiles) {
    const old = basis.files === '' ? [] : basis.files.split('\0')
    if (old.length !== basis.flags.length) return undefined
    const where = alignFiles(old, list) ?? filesByMap(old, list)
    wasAt = (i) => where.positions[i]!
    removed = where.removed
  }
  // Values a reader may name a changed record by: its ID, and the fields records are matched by.
  const names = new Set<string>()
  const nameBy = (facts: RecordFacts | undefined) => {
    if (facts) for (const field of FACT_FIELDS) if (facts[field] !== undefined) names.add(facts[field])
  }
  /** The earlier version's facts (undefined: none, as for an unreadable one); false when they cannot be known. */
  const factsWas = (old: number): RecordFacts | undefined | false => {
    if (basis.flags[old] === '-') return undefined
    const stored = records.cache?.get(basis.hashes.slice(old * HASH_LENGTH, (old + 1) * HASH_LENGTH))?.facts
    const facts = stored ? decodeFacts(stored) : undefined
    return facts ?? false
  }
  const changed = new Set<SiteRecord>()
  const added: SiteRecord[] = []
  let flipped = false
  const carried = write?.changed
  const count = carried ? carried.length : list.length
  for (let k = 0; k < count; k++) {
    const i = carried ? carried[k]! : k
    const r = list[i]!
    const old = wasAt(i)
    // A record without a hash (a file that could not be decoded) is changed. No stand-in such as
    // '-': a content hash is base64url, so it may start with '-' (and the record was then kept as valid).
    if (old >= 0 && r.hash !== undefined && basis.hashes.startsWith(r.hash, old * HASH_LENGTH)) continue
    if (!participant(r.kind)) return undefined
    changed.add(r)
    names.add(r.id)
    for (const field of FACT_FIELDS) {
      const v = records.field(r, field)
      if (typeof v === 'string') names.add(v)
    }
    if (old < 0) {
      added.push(r)
      continue
    }
    const was = factsWas(old)
    if (was === false) return undefined
    nameBy(was)
    if ((basis.flags[old] === '-') !== !records.readable(r)) {
      sameFiles = false
      flipped = true
    }
  }
  const oldFiles = removed.length > 0 ? basis.files.split('\0') : []
  for (const old of removed) {
    const was = factsWas(old)
    if (was === false) return undefined
    // Its readers named it by the id it held, or by its ID (the file's name).
    nameBy(was)
    const id = /([^/]+)\.yaml$/.exec(oldFiles[old]!)?.[1]
    if (id) names.add(id)
  }
  const affected = new Set<SiteRecord>(changed)
  // On another date, the records whose findings the basis holds for some dates only, not this one.
  const sameDate = basis.asOf === asOf
  const outOfDate = new Set<string>()
  if (!sameDate) for (const group of Object.values(basis.spans)) for (const [file, span] of Object.entries(group)) if (!spanHolds(span, asOf)) outOfDate.add(file)
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!
    if (outOfDate.size > 0 && outOfDate.has(r.file)) affected.add(r)
    if (!participant(r.kind) || affected.has(r)) continue
    // A record without facts is read by its value: judged again every time (rare: free text where an ID goes).
    if (records.mayName(r, names)) affected.add(r)
  }
  deltaRuns.count++
  if (carried) deltaRuns.carried++
  if (write && write.added.length > 0) deltaRuns.carriedAdded++
  const onlyAdded = added.length > 0 && removed.length === 0 && !flipped
  return {basis, files, changed, affected, sameFiles, sameList, onlyAdded, added, sameDate, flag: (at) => basis.flags[wasAt(at)]!, ...(write ? {carried: {changed: write.changed.filter((i) => changed.has(list[i]!)), added: write.added}} : {})}
}

/** The position in the basis of the record now at `i`, when those at `added` (ascending) were added since: -1 for an added one. */
export function basisPosition(added: readonly number[], i: number): number {
  let lo = 0
  let hi = added.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (added[mid]! < i) lo = mid + 1
    else hi = mid
  }
  return added[lo] === i ? -1 : i - lo
}

/** Where records the basis lists at `old` (ascending) are now, when those at `added` (ascending) were added since. */
export function positionsNow(old: readonly number[], added: readonly number[]): number[] {
  const out: number[] = []
  let k = 0
  for (const o of old) {
    while (k < added.length && added[k]! <= o + k) k++
    out.push(o + k)
  }
  return out
}

/** Where each record was in the basis's list of files (-1: added), and the positions no record holds now (removed). */
export interface BasisPositions {
  positions: number[]
  removed: number[]
}

/** BasisPositions by a map of the basis's paths: any change of the list. */
export function filesByMap(old: readonly string[], list: readonly SiteRecord[]): BasisPositions {
  const at = new Map(old.map((f, i) => [f, i]))
  const positions = list.map((r) => at.get(r.file) ?? -1)
  const kept = new Set(positions)
  return {positions, removed: old.flatMap((_, i) => (kept.has(i) ? [] : [i]))}
}

/** How far alignFiles looks ahead for the file where the two lists meet again. */
const ALIGN_WINDOW = 8

/**
 * Where each record's file was in the basis's list, found by walking both lists together: a file
 * added or removed (a `lead new`, an import of a few) is a short run where they differ, not a map
 * of 13,000 paths. Undefined when they differ more than that (filesByMap finds them then). A file
 * found at another place in the order would only be taken for one removed and one added: judged
 * again, never kept by mistake.
 */
export function alignFiles(old: readonly string[], list: readonly SiteRecord[]): BasisPositions | undefined {
  const positions = new Array<number>(list.length)
  const removed: number[] = []
  let i = 0
  let j = 0
  while (i < list.length && j < old.length) {
    if (list[i]!.file === old[j]) {
      positions[i++] = j++
      continue
    }
    // Where they meet again soonest: `added` records new before it, `gone` old files removed.
    let added = -1
    let gone = -1
    for (let d = 1; d <= 2 * ALIGN_WINDOW && added < 0; d++) {
      for (let a = 0; a <= d; a++) {
        if (i + a < list.length && j + d - a < old.length && list[i + a]!.file === old[j + d - a]) {
          added = a
          gone = d - a
          break
        }
      }
    }
    if (added < 0) return undefined
    for (; added > 0; added--) positions[i++] = -1
    for (; gone > 0; gone--) removed.push(j++)
  }
  while (i < list.length) positions[i++] = -1
  while (j < old.length) removed.push(j++)
  return {positions, removed}
}

