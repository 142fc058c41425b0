/**
 * Every officer's attendances (training-validity.ts TrainingIndex), remembered under the contents
 * of the trainings and rosters they are worked out from and the site's courses
 * (records/content-memo.ts). The referrer rule asks for a referring officer's trainings: without
 * this, one changed referral read every training's value (667 trainings on the 10,000-referral
 * bench site: 30-60 ms of each `lead set`, `lead new` and validation after an edit). The file
 * (memo-attendances) holds officer keys, session and course IDs and dates, no participant value.
 */
import {ContentMemo} from '../records/content-memo.js'
import type {Kind} from '../records/kinds.js'
import type {SiteRecords} from '../records/load.js'
import type {Course} from '../site.js'
import type {BadgeBook} from './badge-book.js'
import {TrainingIndex} from './training-validity.js'

const KINDS: ReadonlySet<Kind> = new Set<Kind>(['training', 'roster'])

export class AttendanceMemo {
  private readonly memo: ContentMemo<Record<string, string>>

  constructor(root: string, records: SiteRecords, courses: readonly Course[]) {
    this.memo = new ContentMemo(root, 'attendances', records, KINDS, courses, isStored)
  }

  /** The index remembered for these trainings, rosters and courses, if any. */
  held(books: Map<string, BadgeBook>): TrainingIndex | undefined {
    const stored = this.memo.get()
    return stored ? TrainingIndex.fromStored(books, stored) : undefined
  }

  /** Keep an index of every officer (not one built for a single officer). */
  keep(index: TrainingIndex): void {
    this.memo.set(index.toStored())
  }
}

function isStored(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')
}
