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
import type {SiteRecords} from './load.js'
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
