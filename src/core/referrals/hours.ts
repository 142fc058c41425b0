/**
 * Local clock time of an instant in the site's IANA time zone (via Intl, so daylight-saving
 * changes are the platform's tz database, not ours), and whether it falls in staffed coverage.
 */
import {zoneOffsetMinutes} from '../clock/dates.js'
import type {CoverageHours, Weekday} from '../records/types.js'

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  date: string
  weekday: Weekday
  /** 0-23. During the repeated hour of a fall-back night both instants report the same hour. */
  hour: number
  minute: number
  /** Minutes since local midnight (hour * 60 + minute). */
  minuteOfDay: number
  /** The zone's UTC offset at that instant, e.g. -08:00. */
  offset: string
}

const WEEKDAY_BY_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/** The wall-clock time at `instant` in `timeZone` (default: the machine's zone). */
export function localTime(instant: Date | string, timeZone?: string): LocalTime {
  const ms = (typeof instant === 'string' ? new Date(instant) : instant).getTime()
  const offsetMinutes = zoneOffsetMinutes(ms, timeZone)
  const wall = new Date(ms + offsetMinutes * 60_000)
  const hour = wall.getUTCHours()
  const minute = wall.getUTCMinutes()
  return {
    date: wall.toISOString().slice(0, 10),
    weekday: WEEKDAY_BY_UTC_DAY[wall.getUTCDay()]!,
    hour,
    minute,
    minuteOfDay: hour * 60 + minute,
    offset: formatOffset(offsetMinutes),
  }
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/** "HH:MM" → minutes since midnight ("24:00" → 1440). */
export function clockMinutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number]
  return h * 60 + m
}

/**
 * Staffed intervals of one weekday as [start, end) minute pairs. A period whose end is not after
 * its start runs past midnight: its tail belongs to the next weekday.
 */
export function staffedIntervals(hours: readonly CoverageHours[], weekday: Weekday): Array<[number, number]> {
  const out: Array<[number, number]> = []
  const previous = WEEKDAYS[(WEEKDAYS.indexOf(weekday) + 6) % 7]!
  for (const period of hours) {
    const from = clockMinutes(period.from)
    const to = clockMinutes(period.to)
    const overnight = to <= from
    if (period.days.includes(weekday)) out.push([from, overnight ? 1440 : to])
    if (overnight && to > 0 && period.days.includes(previous)) out.push([0, to])
  }
  return out
}

/** Whether a local weekday and minute of day fall inside the staffed coverage hours. */
export function isStaffed(hours: readonly CoverageHours[] | undefined, weekday: Weekday, minuteOfDay: number): boolean {
  if (!hours) return false
  return intervalsOf(hours, weekday).some(([from, to]) => minuteOfDay >= from && minuteOfDay < to)
}

/**
 * staffedIntervals, worked out once per protocol's hours and weekday: a report judges 10,000
 * referrals against the same two or three protocols (~35 ms of `lead report referrals` before).
 */
const intervalsByHours = new WeakMap<readonly CoverageHours[], Map<Weekday, Array<[number, number]>>>()
function intervalsOf(hours: readonly CoverageHours[], weekday: Weekday): Array<[number, number]> {
  let byDay = intervalsByHours.get(hours)
  if (!byDay) intervalsByHours.set(hours, (byDay = new Map()))
  let intervals = byDay.get(weekday)
  if (!intervals) byDay.set(weekday, (intervals = staffedIntervals(hours, weekday)))
  return intervals
}

/** Staffed minutes within [start, end) of a weekday (for marking hour and weekday buckets). */
export function staffedMinutes(hours: readonly CoverageHours[] | undefined, weekday: Weekday, start = 0, end = 1440): number {
  if (!hours) return 0
  const intervals = staffedIntervals(hours, weekday)
    .map(([a, b]) => [Math.max(a, start), Math.min(b, end)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0])
  let total = 0
  let cursor = start
  for (const [a, b] of intervals) {
    const from = Math.max(a, cursor)
    if (b > from) {
      total += b - from
      cursor = b
    }
  }
  return total
}

/** Minutes from one instant to another (e.g. received → case manager arrived); exact across DST. */
export function minutesBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 60_000)
}

/**
 * Minutes from a referral's receipt to the case manager's arrival; undefined when no arrival is
 * recorded or it is before the receipt (a data error, HANDOFF_BEFORE_RECEIVED: a negative time
 * must not pull a median down).
 */
export function responseMinutesOf(referral: {received: string; handoff?: {arrived?: string}}): number | undefined {
  if (!referral.handoff?.arrived) return undefined
  const minutes = minutesBetween(referral.received, referral.handoff.arrived)
  return Number.isFinite(minutes) && minutes >= 0 ? minutes : undefined
}
