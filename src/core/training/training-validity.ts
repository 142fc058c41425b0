/**
 * Which training an officer holds on a date. A course is valid for `valid_months` (lead.yaml)
 * from the session date: valid on every day from the session up to, not including, `expires`
 * (a course that never expires is valid from its session on). Attendances belong to people: each
 * attendee's badge is resolved to the officer who held it on the session date (badge-book.ts), so
 * a reissued badge never carries one officer's training to another.
 */
import {addMonths, type IsoDate} from '../clock/dates.js'
import type {Officer, Roster, Training} from '../records/types.js'
import type {Course} from '../site.js'
import {badgeBooks, officerId, type BadgeBook} from './badge-book.js'

/** The first day of a training that never expires. */
export const NEVER_EXPIRES: IsoDate = '9999-12-31'

export interface Attendance {
  session: string
  course: string
  date: IsoDate
  /** The first day the training no longer counts (NEVER_EXPIRES when it never stops). */
  expires: IsoDate
}

export interface IndexOptions {
  /** Count only this course (default: every course in lead.yaml). */
  course?: string
  /** Index this officer of this agency alone (their attendances are those of the whole index). */
  only?: {agency: string; officer: Officer}
}

export function officerKey(agency: string, id: string): string {
  return `${agency}\u0000${id}`
}

/** Every officer's attendances, oldest first, keyed by agency and officer id. */
export class TrainingIndex {
  private readonly byOfficer = new Map<string, Attendance[]>()
  readonly books: Map<string, BadgeBook>

  constructor(trainings: readonly Training[], courses: readonly Course[], rosters: readonly Pick<Roster, 'agency' | 'officers'>[] | Map<string, BadgeBook>, options: IndexOptions = {}) {
    this.books = rosters instanceof Map ? rosters : badgeBooks(rosters)
    const months = new Map(courses.map((c) => [c.id, c.valid_months]))
    const expiryCache = new Map<string, IsoDate>()
    // One officer: only the badges held under their id can resolve to them (badge-book.ts), as the
    // whole index credits an attendance to whoever held its badge that day, by id.
    const onlyId = options.only && officerId(options.only.officer)
    const only = options.only && {agency: options.only.agency, badges: this.books.get(options.only.agency)?.badgesOf(onlyId!) ?? new Set<string>(), key: officerKey(options.only.agency, onlyId!)}
    for (const t of trainings) {
      const valid = months.get(t.course)
      if (valid === undefined || (options.course !== undefined && t.course !== options.course)) continue
      const cacheKey = `${t.date}\u0000${valid}`
      let expires = expiryCache.get(cacheKey)
      if (expires === undefined) {
        expires = valid === 'never' ? NEVER_EXPIRES : addMonths(t.date, valid)
        expiryCache.set(cacheKey, expires)
      }
      for (const a of t.attendees ?? []) {
        const agency = a.agency ?? t.agency
        if (only && (agency !== only.agency || !only.badges.has(a.badge))) continue
        const officer = this.books.get(agency)?.holderOn(a.badge, t.date)
        if (!officer) continue
        const key = officerKey(agency, officerId(officer))
        if (only && key !== only.key) continue
        const entry: Attendance = {session: t.id, course: t.course, date: t.date, expires}
        const list = this.byOfficer.get(key)
        if (list) list.push(entry)
        else this.byOfficer.set(key, [entry])
      }
    }
    for (const list of this.byOfficer.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  }

  attendances(agency: string, officer: Pick<Officer, 'id' | 'badge'>): readonly Attendance[] {
    const key = officerKey(agency, officerId(officer))
    let list = this.byOfficer.get(key)
    if (!list && this.stored && Object.hasOwn(this.stored, key)) this.byOfficer.set(key, (list = decodeAttendances(this.stored[key]!)))
    return list ?? []
  }

  /** Each officer's attendances as text, by officer key (attendance-memo.ts keeps them). */
  toStored(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const [key, list] of this.byOfficer) out[key] = JSON.stringify(list.map((a) => [a.session, a.course, a.date, a.expires]))
    return out
  }

  /** An index of what toStored gave: an officer's attendances are decoded when first asked for. */
  static fromStored(books: Map<string, BadgeBook>, stored: Record<string, string>): TrainingIndex {
    const index = new TrainingIndex([], [], books)
    index.stored = stored
    return index
  }

  private stored?: Record<string, string>

  /** The training valid on `date` that lasts longest, or undefined when none is. */
  validOn(agency: string, officer: Pick<Officer, 'id' | 'badge'>, date: IsoDate): Attendance | undefined {
    let best: Attendance | undefined
    for (const a of this.attendances(agency, officer)) {
      if (a.date > date) break
      if (a.expires > date && (!best || a.expires > best.expires)) best = a
    }
    return best
  }

  /** The latest training attended on or before `date`. */
  lastOn(agency: string, officer: Pick<Officer, 'id' | 'badge'>, date: IsoDate): Attendance | undefined {
    let last: Attendance | undefined
    for (const a of this.attendances(agency, officer)) {
      if (a.date > date) break
      last = a
    }
    return last
  }

  /** The latest expiry of any training attended on or before `date` (may be in the past). */
  latestExpiryOn(agency: string, officer: Pick<Officer, 'id' | 'badge'>, date: IsoDate): Attendance | undefined {
    let best: Attendance | undefined
    for (const a of this.attendances(agency, officer)) {
      if (a.date > date) break
      if (!best || a.expires >= best.expires) best = a
    }
    return best
  }
}

/** What toStored wrote for one officer (a damaged memo reads as no attendance, and is replaced on the next whole run). */
function decodeAttendances(text: string): Attendance[] {
  try {
    const rows = JSON.parse(text) as unknown
    if (!Array.isArray(rows)) return []
    return rows.flatMap((r) => (Array.isArray(r) && r.length === 4 && r.every((x) => typeof x === 'string') ? [{session: r[0], course: r[1], date: r[2], expires: r[3]}] : []))
  } catch {
    return []
  }
}
