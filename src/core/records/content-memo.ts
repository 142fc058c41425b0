/**
 * A value worked out from some kinds of records (the site's context: rosters, trainings,
 * partners…), remembered under their contents: every record of those kinds by file, kind, ID and
 * content hash (record-digest.ts hashRecords), what else it depends on (`inputs`: lead.yaml's
 * courses, a date) and lead's build. A change to a referral leaves the key as it was, so the
 * value is found without reading those records' values. Kept in .git/lead/memo-NAME-SITE.json
 * (private, never committed; a damaged file holds nothing). Nothing is kept for records read
 * without the parse cache (no content hashes to key by).
 */
import {createHash} from 'node:crypto'
import {cacheVersion, gitStateFile} from './cache-files.js'
import {DerivedMemos} from './derived-memo.js'
import type {Kind} from './kinds.js'
import type {SiteRecord, SiteRecords} from './load.js'
import {hashRecords} from './record-digest.js'
import {memoKey} from './state-memo.js'

export class ContentMemo<T> {
  private readonly memos: DerivedMemos | undefined
  private readonly key: string | undefined

  /** `keep`: how many values the file holds (the records as they are, and as they were before a change). */
  constructor(
    root: string,
    name: string,
    records: SiteRecords,
    kinds: ReadonlySet<Kind>,
    inputs: unknown,
    private readonly isValue: (value: unknown) => value is T,
    keep = 2,
  ) {
    const h = createHash('sha1')
    // Kind by kind (SiteRecords keeps them by kind): not a pass over a big site's 13,000 records.
    const hashed = records.cache !== undefined && [...kinds].sort().every((kind) => hashRecords(h, records.ofKind(kind as Kind)))
    this.key = hashed ? memoKey(h.digest('base64url'), [name, inputs]) : undefined
    this.memos = this.key ? new DerivedMemos(gitStateFile(root, `memo-${name}`, '.json'), cacheVersion, keep) : undefined
  }

  /** The value remembered for these records and inputs, if any. */
  get(): T | undefined {
    const held = this.key ? this.memos!.get(this.key) : undefined
    return this.isValue(held) ? held : undefined
  }

  set(value: T): void {
    if (!this.key) return
    this.memos!.set(this.key, value)
    this.memos!.save()
  }
}

/** Records worked out (of a site's fewer than 1,000) before a per-record memo is rewritten. */
const REWRITE_AFTER = 20

/**
 * A value for each record of `list` that `keeps` keeps, in order: taken from `memo` by the
 * record's content hash (a line, `decode`), else worked out (`work`) and kept as a line
 * (`encode`; undefined: not kept). The memo holds one result (of ~1 MB for 10,000 referrals) and
 * is rewritten when it held none or 20 records or 2% were worked out: after a few edits each run
 * works those out again (a few values read) rather than rewrite the file for one. Lines no
 * longer used go with the next rewrite. `under` undefined: every value worked out.
 */
export function perRecord<T>(
  under: LinesMemo | undefined,
  list: readonly SiteRecord[],
  keeps: (record: SiteRecord) => boolean,
  work: (record: SiteRecord) => T,
  line: {encode(value: T): string | undefined; decode(line: string): T | undefined},
): T[] {
  // A record read without the parse cache has no content hash to keep its line by: none kept.
  const memo = under && list.every((r) => r.hash !== undefined) ? new ContentMemo(under.root, under.name, under.records, under.kinds, under.inputs, isLines, 1) : undefined
  const kept = memo?.get()
  const next: Record<string, string> = {}
  const values: T[] = []
  let worked = 0
  for (const r of list) {
    if (!keeps(r)) continue
    const held = kept && r.hash !== undefined && Object.hasOwn(kept, r.hash) ? kept[r.hash]! : undefined
    const known = held === undefined ? undefined : line.decode(held)
    if (known !== undefined) {
      values.push(known)
      next[r.hash!] = held!
      continue
    }
    const value = work(r)
    values.push(value)
    worked++
    const written = r.hash !== undefined ? line.encode(value) : undefined
    if (written !== undefined) next[r.hash!] = written
  }
  if (memo && worked > 0 && (kept === undefined || worked >= Math.max(REWRITE_AFTER, values.length / 50))) memo.set(next)
  return values
}

/** Where perRecord keeps its lines: a ContentMemo's file name, and what its key holds besides `kinds`' contents. */
export interface LinesMemo {
  root: string
  name: string
  records: SiteRecords
  kinds: ReadonlySet<Kind>
  inputs: unknown
}

/** A per-record memo's shape as read back (perRecord's lines are checked one by one). */
function isLines(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
