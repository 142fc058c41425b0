/**
 * The parse cache index's journal (.git/lead/journal-KEY.log): what a save learnt, appended as one
 * line instead of rewriting the whole index (about 2.4 MB on a 10,000-referral site, 0.15-0.2 s to
 * encode and write). After one record changed, a save adds a handful of facts: the new content's
 * entry, the file's stamp, the per-record rule findings worked out again. (The latest validations
 * are kept in a file of their own, validations-KEY.json: each is ~30 KB on a big site, and a line per
 * write carrying one filled the journal in ~20 writes, each filling costing a rewrite of the index.)
 *
 * Each line is a checked line (checked-lines.ts) holding one IndexDelta, tagged with the generation
 * of the index it extends (random, new at each rewrite of the index). A reader applies, in order,
 * the lines of its index's generation that pass their sums; lines of another generation (left by a
 * process that appended as the index was rewritten) are ignored. The index is rewritten, and the
 * journal removed, when the journal passes a quarter of the index (parse-cache.ts).
 *
 * Why applying deltas in any order, or missing one, never gives a wrong answer: every fact is
 * keyed by what it was learnt from. An entry is keyed by its content hash; a stamp names the hash
 * the file had when it looked like that (and is trusted only for stamps older than its own save,
 * see lineTimes); a rule memo carries the digest of its inputs. A delta lost or
 * superseded costs work, never a wrong result.
 */
import fs from 'node:fs'
import {asciiJson, decodeText} from './ascii-json.js'
import type {SaveTime} from './save-time.js'
import {checkedLine, checkedLines} from './checked-lines.js'
import {isValuesState, type ValuesState} from './values-file.js'
import {isDuration, isFileEntry, isIndexEntry, isObject, type CacheFile, type FileEntry, type IndexEntry, type RuleMemo} from './index-file.js'
import {RuleColumn} from './rule-column.js'
import {readPrivateFile} from './private-file.js'

/** What one save learnt, relative to the index and journal it read. */
export interface IndexDelta {
  generation: string
  /**
   * The journal's modification time just before this line was appended (its file system's clock,
   * save-time.ts): the save time of the line before it (see lineTimes). Filled in by appendJournal.
   */
  before: number
  /** How long the run that saved it had gone on (ms): its stamps were taken no earlier than its save time less this. */
  ran?: number
  values?: ValuesState
  entries?: Record<string, IndexEntry>
  files?: Record<string, FileEntry>
  rules?: Record<string, Record<string, RuleMemo>>
  gitHashesDiffer?: true
}

/** What one run learnt, by key: what its journal line carries. */
export class Learnt {
  readonly entries = new Set<string>()
  readonly files = new Set<string>()
  /** Per context: files whose rule findings were worked out. */
  readonly rules = new Map<string, Set<string>>()
  gitDiffers = false

  /** The findings of `file` under rule context `context` were worked out. */
  ruleFindings(context: string, file: string): void {
    const set = this.rules.get(context)
    if (set) set.add(file)
    else this.rules.set(context, new Set([file]))
  }

  clear(): void {
    for (const part of [this.entries, this.files, this.rules]) part.clear()
    this.gitDiffers = false
  }

  get nothing(): boolean {
    return this.entries.size + this.files.size + this.rules.size === 0 && !this.gitDiffers
  }
}

/**
 * A save appends what it learnt to the journal while the journal stays under a quarter of the
 * index (at least 64 KiB): on 10,000 referrals, about a hundred one-record saves between rewrites.
 */
export const JOURNAL = {share: 0.25, floor: 64 * 1024}


/** One line of the journal: what a save learnt, and when its stamps were saved (see lineTimes). */
export interface JournalLine {
  delta: IndexDelta
  saved: SaveTime
}

/** The journal's lines for `generation`, in the order written, and the journal's size in bytes. */
export function readJournal(file: string, generation: string): {lines: JournalLine[]; bytes: number} {
  let read: ReturnType<typeof readPrivateFile>
  try {
    read = readPrivateFile(file)
  } catch {
    read = undefined
  }
  if (!read) return {lines: [], bytes: 0}
  const {bytes, stat} = read
  const {payloads, torn} = checkedLines(bytes)
  const all = payloads.map((payload) => {
    if (!payload) return undefined
    try {
      const delta = JSON.parse(decodeText(payload)) as unknown
      return isDelta(delta) ? delta : undefined
    } catch {
      return undefined // not JSON: skipped like a line that fails its sum
    }
  })
  const times = lineTimes(all, torn ? undefined : stat.mtimeMs)
  const lines: JournalLine[] = []
  for (const [i, delta] of all.entries()) {
    if (delta?.generation === generation) lines.push({delta, saved: {at: times[i]!, dev: stat.dev}})
  }
  return {lines, bytes: bytes.length}
}

/**
 * When each line was saved, by the journal's file system's clock (save-time.ts), from the journal
 * alone: a line cannot hold the time of its own write, but the next line holds the journal's
 * modification time just before it was appended (`before`), which is when the line before it was
 * written, and the journal's own modification time is when its last line was (`end`: undefined
 * when the journal ends in a torn line, written after). Two processes appending at once can make
 * a line's `before` older than the line before it, never newer (it was read before its own write,
 * and appends land in the order written), so a save time is never later than the save: the safe
 * side, a stamp distrusted. Where the next line is damaged, a line's own `before` stands in (older
 * still). Less how long its run had gone on (`ran`): the stamps were taken since the run began, and
 * a file changed after its stamp, in the same tick of a coarse clock, keeps it however long the
 * run went on before saving.
 */
export function lineTimes(lines: ReadonlyArray<Pick<IndexDelta, 'before' | 'ran'> | undefined>, end: number | undefined): number[] {
  return lines.map((line, i) => {
    const next = i + 1 < lines.length ? lines[i + 1]?.before : end
    return (next ?? line?.before ?? Number.NEGATIVE_INFINITY) - (line?.ran ?? 0)
  })
}

function isDelta(d: unknown): d is IndexDelta {
  if (!isObject(d) || typeof d.generation !== 'string' || typeof d.before !== 'number' || (d.ran !== undefined && !isDuration(d.ran))) return false
  if (d.values !== undefined && !isValuesState(d.values)) return false
  return [d.entries, d.files, d.rules].every((part) => part === undefined || isObject(part))
}

/** Append one delta (private file, created when missing; its `before` filled in). Returns the journal's size after it, or undefined when it could not be written. */
export function appendJournal(file: string, delta: Omit<IndexDelta, 'before'>): number | undefined {
  try {
    // A FIFO in its place is not waited on for a reader (ENXIO): written as none.
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK, 0o600)
    try {
      const st = fs.fstatSync(fd)
      // Not a private file (someone chmod-ed it, or put another kind of file there): the caller rewrites the index, which removes it.
      if (!st.isFile() || (st.mode & 0o777) !== 0o600) return undefined
      // When the line before this one was written (a new journal: when it was made, just now).
      fs.writeFileSync(fd, checkedLine(asciiJson({...delta, before: st.mtimeMs})))
      return fs.fstatSync(fd).size
    } finally {
      fs.closeSync(fd)
    }
  } catch {
    return undefined
  }
}

/** When each file's stamp was saved, for those a journal line saved after the index. */
export type FileTimes = Map<string, SaveTime>

/** Apply the lines' deltas to `body` in order (in place); returns when each file a line named was stamped. */
export function applyDeltas(body: CacheFile, lines: readonly JournalLine[]): FileTimes {
  const times: FileTimes = new Map()
  for (const {delta: d, saved} of lines) {
    if (d.values && (!body.values || d.values.generation !== body.values.generation || d.values.length >= body.values.length)) body.values = d.values
    for (const [hash, entry] of Object.entries(d.entries ?? {})) {
      if (isIndexEntry(entry)) body.entries.set(hash, entry)
    }
    for (const [file, f] of Object.entries(d.files ?? {})) {
      if (!isFileEntry(f)) continue
      body.files.set(file, f)
      times.set(file, saved)
    }
    for (const [context, byFile] of Object.entries(d.rules ?? {})) {
      if (!isObject(byFile)) continue
      body.rules ??= {}
      const map = (body.rules[context] ??= RuleColumn.of([]))
      for (const [file, memo] of Object.entries(byFile)) {
        if (isObject(memo) && typeof memo.key === 'string' && Array.isArray(memo.found)) map.set(file, memo as unknown as RuleMemo)
      }
    }
    if (d.gitHashesDiffer) body.gitHashesDiffer = true
  }
  return times
}
