/**
 * Which training an officer holds on a date. A course is valid for `valid_months` (lead.yaml)
 * from the session date: valid on every day from the session up to, not including, `expires`.
 */
import {addMonths, type IsoDate} from '../clock/dates.js'
import type {Training} from '../records/types.js'
import type {Course} from '../site.js'

export interface Attendance {
  session: string
  course: string
  date: IsoDate
  /** The first day the training no longer counts. */
  expires: IsoDate
}

export interface IndexOptions {
  /** Count only this course (default: every course in lead.yaml). */
  course?: string
}

export function officerKey(agency: string, badge: string): string {
  return `${agency}\u0000${badge}`
}

/** Every officer's attendances, oldest first, keyed by agency and badge. */
export class TrainingIndex {
  private readonly byOfficer = new Map<string, Attendance[]>()

  constructor(trainings: readonly Training[], courses: readonly Course[], options: IndexOptions = {}) {
    const months = new Map(courses.map((c) => [c.id, c.valid_months]))
    const expiryCache = new Map<string, IsoDate>()
    for (const t of trainings) {
      const valid = months.get(t.course)
      if (valid === undefined || (options.course !== undefined && t.course !== options.course)) continue
      const cacheKey = `${t.date}\u0000${valid}`
      let expires = expiryCache.get(cacheKey)
      if (expires === undefined) {
        expires = addMonths(t.date, valid)
        expiryCache.set(cacheKey, expires)
      }
      for (const a of t.attendees) {
        const key = officerKey(a.agency ?? t.agency, a.badge)
        const entry: Attendance = {session: t.id, course: t.course, date: t.date, expires}
        const list = this.byOfficer.get(key)
        if (list) list.push(entry)
        else this.byOfficer.set(key, [entry])
      }
    }
    for (const list of this.byOfficer.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  }

  attendances(agency: string, badge: string): readonly Attendance[] {
    return this.byOfficer.get(officerKey(agency, badge)) ?? []
  }

  /** The training valid on `date` that lasts longest, or undefined when none is. */
  validOn(agency: string, badge: string, date: IsoDate): Attendance | undefined {
    let best: Attendance | undefined
    for (const a of this.attendances(agency, badge)) {
      if (a.date > date) break
      if (a.expires > date && (!best || a.expires > best.expires)) best = a
    }
    return best
  }

  /** The latest training attended on or before `date`. */
  lastOn(agency: string, badge: string, date: IsoDate): Attendance | undefined {
    let last: Attendance | undefined
    for (const a of this.attendances(agency, badge)) {
      if (a.date > date) break
      last = a
    }
    return last
  }

  /** The latest expiry of any training attended on or before `date` (may be in the past). */
  latestExpiryOn(agency: string, badge: string, date: IsoDate): Attendance | undefined {
    let best: Attendance | undefined
    for (const a of this.attendances(agency, badge)) {
      if (a.date > date) break
      if (!best || a.expires >= best.expires) best = a
    }
    return best
  }
}
