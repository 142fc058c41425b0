/**
 * Who held a badge on a date. Badges are attributes of officers with a dated history (big
 * departments reissue them; an officer's badge changes on promotion), so a sign-in sheet's or a
 * referral's badge names a person only together with its date: the officer whose badge it was that
 * day, preferring one on the roster and not yet gone when a badge passed from one to another.
 */
import type {IsoDate} from '../clock/dates.js'
import type {Officer, Roster} from '../records/types.js'
import {stateOn} from './officer-timeline.js'

interface Tenure {
  officer: Officer
  /** First day with the badge (undefined: since before anything the roster knows). */
  from?: IsoDate
  /** First day without it (undefined: still held). */
  to?: IsoDate
}

/** An officer's stable key within its agency: the roster id, or the badge on a roster not yet migrated. */
export function officerId(officer: Pick<Officer, 'id' | 'badge'>): string {
  return officer.id ?? `#${officer.badge}`
}

/** The badges an officer held, newest first, each with the dates it was held. */
export function badgeTenures(officer: Officer): Array<{badge: string; from?: IsoDate; to?: IsoDate}> {
  const changes = (officer.history ?? []).filter((h) => h.field === 'badge').sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
  const tenures: Array<{badge: string; from?: IsoDate; to?: IsoDate}> = []
  let badge: string | undefined = officer.badge
  let to: IsoDate | undefined
  for (const h of changes) {
    if (badge !== undefined) tenures.push({badge, from: h.date, ...(to === undefined ? {} : {to})})
    badge = h.from
    to = h.date
  }
  if (badge !== undefined) tenures.push({badge, ...(to === undefined ? {} : {to})})
  return tenures
}

/** An officer's badge on a date (undefined when they held none the roster knows of). */
export function badgeOn(officer: Officer, date: IsoDate): string | undefined {
  for (const t of badgeTenures(officer)) if ((t.from === undefined || t.from <= date) && (t.to === undefined || date < t.to)) return t.badge
  return undefined
}

export class BadgeBook {
  private readonly byBadge = new Map<string, Tenure[]>()
  private readonly byId = new Map<string, Officer>()

  constructor(readonly agency: string, officers: readonly Officer[]) {
    for (const officer of officers) {
      if (!officer || typeof officer.badge !== 'string') continue
      const id = officerId(officer)
      if (!this.byId.has(id)) this.byId.set(id, officer)
      if (!officer.history?.some((h) => h.field === 'badge')) {
        this.add(officer.badge, {officer})
        continue
      }
      for (const t of badgeTenures(officer)) this.add(t.badge, {officer, ...(t.from === undefined ? {} : {from: t.from}), ...(t.to === undefined ? {} : {to: t.to})})
    }
  }

  private add(badge: string, tenure: Tenure): void {
    const list = this.byBadge.get(badge)
    if (list) list.push(tenure)
    else this.byBadge.set(badge, [tenure])
  }

  /** Every badge that ever appears on the roster. */
  badges(): IterableIterator<string> {
    return this.byBadge.keys()
  }

  /** Every badge an officer of this id held (several roster entries may share an id: an unmigrated roster keys officers by badge). */
  badgesOf(id: string): Set<string> {
    const out = new Set<string>()
    for (const [badge, tenures] of this.byBadge) if (tenures.some((t) => officerId(t.officer) === id)) out.add(badge)
    return out
  }

  byOfficerId(id: string): Officer | undefined {
    return this.byId.get(id)
  }

  /** Everyone who ever held the badge. */
  holdersEver(badge: string): Officer[] {
    return [...new Set((this.byBadge.get(badge) ?? []).map((t) => t.officer))]
  }

  /**
   * The officer who held `badge` on `date`. When two tenures overlap (an old officer kept the badge
   * on the roster after leaving), the one on the roster and not separated or transferred that day wins.
   */
  holderOn(badge: string, date: IsoDate): Officer | undefined {
    const list = this.byBadge.get(badge)
    if (!list) return undefined
    let found: Officer | undefined
    let foundPresent = false
    for (const t of list) {
      if ((t.from !== undefined && date < t.from) || (t.to !== undefined && date >= t.to)) continue
      if (list.length === 1) return t.officer
      const s = stateOn(t.officer, date)
      const present = s.onRoster && (s.status === 'active' || s.status === 'leave')
      if (!found || (present && !foundPresent)) (found = t.officer), (foundPresent = present)
    }
    return found
  }
}

/** One BadgeBook per agency roster. */
export function badgeBooks(rosters: Iterable<Pick<Roster, 'agency' | 'officers'>>): Map<string, BadgeBook> {
  const books = new Map<string, BadgeBook>()
  for (const r of rosters) if (r && typeof r.agency === 'string' && Array.isArray(r.officers) && !books.has(r.agency)) books.set(r.agency, new BadgeBook(r.agency, r.officers))
  return books
}
