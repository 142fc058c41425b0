/**
 * `lead report referrals`: referral counts per bucket (hour, weekday, week, month, pathway, agency,
 * district, officer) in the site's time zone, with hour and weekday buckets marked against the
 * protocol's staffed coverage, the off-hours share and handoff response times against the target.
 * Every bucket of a fixed set is listed, zeros included: all 24 hours, all 7 weekdays, all three
 * pathways, and every week or month of the range (--from/--to, else the data's first to last day).
 */
import type {IsoDate} from '../clock/dates.js'
import type {Pathway, Protocol, Referral, Weekday} from '../records/types.js'
import {localTime, isStaffed, responseMinutesOf, staffedMinutes, WEEKDAYS} from './hours.js'
import {governingProtocol, protocolInForce, receivedDate} from './protocol-in-force.js'
import {periodBounds, periodKey, periodsBetween} from './periods.js'
import {median, percentile, share} from './stats.js'
import {printableOr} from '../privacy/disclosable.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'
import type {Grouping} from './groupings.js'

export {GROUPINGS, type Grouping} from './groupings.js'
export const PATHWAYS: readonly Pathway[] = ['arrest_diversion', 'social_contact', 'community']

export type BucketCoverage = 'staffed' | 'partly' | 'off-hours'

export interface Bucket {
  key: string
  count: number
  /** count / total (undefined when there are no referrals). */
  share?: number
  /** hour and weekday buckets: whether the coverage protocol staffs that time. */
  coverage?: BucketCoverage
  /** Staffed minutes in the bucket (an hour across the 7 weekdays: up to 420; a weekday: up to 1440). */
  staffedMinutes?: number
  /** Referrals in the bucket that arrived outside the staffed hours of their own protocol. */
  offHours: number
  /** week and month buckets: the range starts or ends inside this period, so it is counted in part. */
  partial?: boolean
}

export interface ReferralVolume {
  by: Grouping
  /** The range counted: --from/--to as given, else the first and last local date received (none without referrals). */
  from?: IsoDate
  to?: IsoDate
  timeZone?: string
  total: number
  /** The protocol whose coverage hours mark the buckets: the one in force on `to` (or asOf). */
  coverageProtocol?: {id: string; version: number}
  buckets: Bucket[]
  offHours: {count: number; share?: number; judged: number}
  response: {count: number; medianMinutes?: number; p90Minutes?: number; targetMinutes?: number; withinTarget: number; withinTargetShare?: number}
}

export interface VolumeOptions {
  by: Grouping
  from?: IsoDate
  to?: IsoDate
  timeZone?: string
  asOf: IsoDate
  /** What the site declared: districts, agencies and badges are reported only when declared (the rest as "(not declared)"). */
  vocabulary?: SiteVocabulary
}

export function inRange(referral: Referral, from: IsoDate | undefined, to: IsoDate | undefined, timeZone?: string): boolean {
  const d = receivedDate(referral, timeZone)
  return (from === undefined || d >= from) && (to === undefined || d <= to)
}

/**
 * What the report reads of one referral, worked out once and for any grouping and date: its local
 * day, hour and weekday, what each grouping would file it under (as printable: an undeclared
 * value is not shown), and, against its governing protocol, whether it arrived off-hours and its
 * handoff response. volume-facts.ts keeps them by content, so a report after one referral changed
 * reads no other referral's value.
 */
export interface VolumeFact {
  day: IsoDate
  hour: number
  weekday: Weekday
  pathway: string
  agency: string
  district: string
  officer: string
  /** Governed by a protocol (off-hours and response are judged against it). */
  governed: boolean
  off: boolean
  /** Handoff response minutes, when recorded. */
  minutes?: number
  /** The governing protocol's response target, when it sets one. */
  target?: number
}

export function volumeFact(r: Referral, protocols: readonly Protocol[], tz: string | undefined, vocabulary: SiteVocabulary | undefined): VolumeFact {
  const said = (path: Array<string>, value: string) => printableOr('referral', path, value, vocabulary)
  const at = localTime(r.received, tz)
  const protocol = governingProtocol(r, protocols, tz)
  const fact: VolumeFact = {
    day: at.date,
    hour: at.hour,
    weekday: at.weekday,
    pathway: r.pathway,
    agency: r.referrer.agency ? said(['referrer', 'agency'], r.referrer.agency) : r.referrer.partner ? said(['referrer', 'partner'], r.referrer.partner) : '(none)',
    district: r.district === undefined ? '(none)' : said(['district'], r.district),
    officer: r.referrer.agency && r.referrer.badge ? `${said(['referrer', 'agency'], r.referrer.agency)} ${said(['referrer', 'badge'], r.referrer.badge)}` : '(no officer)',
    governed: protocol !== undefined,
    off: protocol !== undefined && !isStaffed(protocol.coverage.hours, at.weekday, at.minuteOfDay),
  }
  const minutes = responseMinutesOf(r)
  if (minutes !== undefined) fact.minutes = minutes
  const target = protocol?.coverage.response_target_minutes
  if (target !== undefined) fact.target = target
  return fact
}

function bucketKey(f: VolumeFact, by: Grouping): string {
  switch (by) {
    case 'hour':
      return String(f.hour).padStart(2, '0')
    case 'weekday':
      return f.weekday
    case 'week':
    case 'month':
      return periodKey(by, f.day)
    case 'pathway':
      return f.pathway
    case 'agency':
      return f.agency
    case 'district':
      return f.district
    case 'officer':
      return f.officer
  }
}

function fixedKeys(by: Grouping, from: IsoDate | undefined, to: IsoDate | undefined): string[] | undefined {
  if (by === 'hour') return Array.from({length: 24}, (_, h) => String(h).padStart(2, '0'))
  if (by === 'weekday') return [...WEEKDAYS]
  if (by === 'pathway') return [...PATHWAYS]
  if (by === 'month' || by === 'week') return from && to ? periodsBetween(by, from, to) : []
  return undefined
}

/** The first and last local date received, for a range the user left open. */
function dataRange(selected: readonly VolumeFact[]): {first?: IsoDate; last?: IsoDate} {
  let first: IsoDate | undefined
  let last: IsoDate | undefined
  for (const {day} of selected) {
    const d = day
    if (first === undefined || d < first) first = d
    if (last === undefined || d > last) last = d
  }
  return {first, last}
}

function mark(minutes: number, whole: number): BucketCoverage {
  return minutes >= whole ? 'staffed' : minutes <= 0 ? 'off-hours' : 'partly'
}

export function referralVolume(referrals: readonly Referral[], protocols: readonly Protocol[], options: VolumeOptions): ReferralVolume {
  return volumeOf(referrals.map((r) => volumeFact(r, protocols, options.timeZone, options.vocabulary)), protocols, options)
}

/** The report from each referral's facts (volumeFact, in the site's order). */
export function volumeOf(facts: readonly VolumeFact[], protocols: readonly Protocol[], options: VolumeOptions): ReferralVolume {
  const tz = options.timeZone
  const selected = facts.filter((f) => (options.from === undefined || f.day >= options.from) && (options.to === undefined || f.day <= options.to))
  const counts = new Map<string, number>()
  const offByKey = new Map<string, number>()
  for (const f of selected) {
    const key = bucketKey(f, options.by)
    counts.set(key, (counts.get(key) ?? 0) + 1)
    if (f.off) offByKey.set(key, (offByKey.get(key) ?? 0) + 1)
  }
  const data = dataRange(selected)
  const from = options.from ?? data.first
  const to = options.to ?? data.last
  const keys = fixedKeys(options.by, from, to) ?? [...counts.keys()].sort((a, b) => (counts.get(b)! - counts.get(a)!) || (a < b ? -1 : 1))
  const coverageProtocol = protocolInForce(protocols, options.to ?? options.asOf) ?? protocolInForce(protocols, selected.length ? selected.at(-1)!.day : options.asOf)
  const hours = coverageProtocol?.coverage.hours
  const buckets: Bucket[] = keys.map((key) => {
    const count = counts.get(key) ?? 0
    const b: Bucket = {key, count, share: share(count, selected.length), offHours: offByKey.get(key) ?? 0}
    if ((options.by === 'month' || options.by === 'week') && from && to) {
      const bounds = periodBounds(options.by, key)
      if (bounds.first < from || bounds.last > to) b.partial = true
    }
    if (coverageProtocol && options.by === 'hour') {
      const h = Number(key)
      const minutes = WEEKDAYS.reduce((sum, d) => sum + staffedMinutes(hours, d, h * 60, h * 60 + 60), 0)
      b.staffedMinutes = minutes
      b.coverage = mark(minutes, 7 * 60)
    } else if (coverageProtocol && options.by === 'weekday') {
      const minutes = staffedMinutes(hours, key as (typeof WEEKDAYS)[number])
      b.staffedMinutes = minutes
      b.coverage = mark(minutes, 1440)
    }
    return b
  })

  // Off-hours and response: each referral against its own governing protocol.
  let offHours = 0
  let judged = 0
  const responses: number[] = []
  let within = 0
  for (const f of selected) {
    if (!f.governed) continue
    judged++
    if (f.off) offHours++
    if (f.minutes !== undefined) {
      responses.push(f.minutes)
      if (f.target !== undefined && f.minutes <= f.target) within++
    }
  }
  return {
    by: options.by,
    from,
    to,
    timeZone: tz,
    total: selected.length,
    coverageProtocol: coverageProtocol ? {id: coverageProtocol.id, version: coverageProtocol.version} : undefined,
    buckets,
    offHours: {count: offHours, share: share(offHours, judged), judged},
    response: {
      count: responses.length,
      medianMinutes: median(responses),
      p90Minutes: percentile(responses, 90),
      targetMinutes: coverageProtocol?.coverage.response_target_minutes,
      withinTarget: within,
      withinTargetShare: share(within, responses.length),
    },
  }
}
