/**
 * Every officer's attendances (training-validity.ts TrainingIndex), remembered under the contents
 * of the trainings and rosters they are worked out from and the site's courses. The referrer
 * rule asks for a referring officer's trainings: without this, one changed referral read every
 * training's value (667 trainings on the 10,000-referral bench site: 30-60 ms of each `lead set`,
 * `lead new` and validation after an edit). Kept in .git/lead/memo-attendances-SITE.json (private,
 * never committed); it holds officer keys, session and course IDs and dates, no participant value.
 */
import {createHash} from 'node:crypto'
import {cacheVersion, gitStateFile} from '../records/cache-files.js'
import {DerivedMemos} from '../records/derived-memo.js'
import type {SiteRecords} from '../records/load.js'
import {hashRecords} from '../records/record-digest.js'
import {memoKey} from '../records/state-memo.js'
import type {Course} from '../site.js'
import type {BadgeBook} from './badge-book.js'
import {TrainingIndex} from './training-validity.js'

/** The result for the site's trainings as they are, and the one before a change to them. */
const KEEP = 2
const KINDS: ReadonlySet<string> = new Set(['training', 'roster'])

export class AttendanceMemo {
  private readonly memos: DerivedMemos | undefined
  private readonly key: string | undefined

  /** Undefined key (nothing kept) when a training's or roster's content hash is unknown. */
  constructor(root: string, records: SiteRecords, courses: readonly Course[]) {
    const h = createHash('sha1')
    const hashed = records.cache !== undefined && hashRecords(h, records.records, KINDS)
    this.key = hashed ? memoKey(h.digest('base64url'), ['attendances', courses]) : undefined
    this.memos = this.key ? new DerivedMemos(gitStateFile(root, 'memo-attendances', '.json'), cacheVersion, KEEP) : undefined
  }

  /** The index remembered for these trainings, rosters and courses, if any. */
  held(books: Map<string, BadgeBook>): TrainingIndex | undefined {
    const stored = this.key ? this.memos!.get(this.key) : undefined
    return isStored(stored) ? TrainingIndex.fromStored(books, stored) : undefined
  }

  /** Keep an index of every officer (not one built for a single officer). */
  keep(index: TrainingIndex): void {
    if (!this.key) return
    this.memos!.set(this.key, index.toStored())
    this.memos!.save()
  }
}

function isStored(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')
}
