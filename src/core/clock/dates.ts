/**
 * Calendar dates as `YYYY-MM-DD` strings (how records store them) and the site's local time.
 * Dates are compared as strings, added in UTC so no daylight-saving shift can move a day.
 */
import {rememberedMachine, rememberedOffset, rememberedZone, rememberMachine, rememberOffset, rememberZone, type MachineClock} from './zone-facts.js'
import {rememberDayOffset, rememberedDayOffset, type DayChange, type DayOffset} from './zone-days.js'

export type IsoDate = string

export const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false
  // The Gregorian calendar's days, worked out: a Date built and printed per value was most of the
  // time a big site's privacy scan spent deciding that dates may be shown.
  const year = Number(value.slice(0, 4))
  const month = Number(value.slice(5, 7))
  const day = Number(value.slice(8, 10))
  if (month < 1 || month > 12 || day < 1) return false
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]!)
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const DATE_TIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$/

/** A date and time with its UTC offset (how records store instants): 2026-11-03T06:42:00-08:00. */
export function isDateTimeWithOffset(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) && isIsoDate(value.slice(0, 10))
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>()

/** The zone's UTC offset in minutes at one instant, asked of the platform's tz database. */
function offsetByIntl(ms: number, timeZone: string | undefined): number {
  // The machine's zone is ICU's default, which Node resets when TZ is set (a test trying sites in
  // several zones): a format made before answers for the zone before.
  const key = timeZone ?? `\0${process.env.TZ}`
  let format = offsetFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'})
    offsetFormats.set(key, format)
  }
  const p: Record<string, number> = {}
  for (const part of format.formatToParts(ms)) p[part.type] = Number(part.value)
  const wallAsUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!)
  return Math.round((wallAsUtc - Math.floor(ms / 1000) * 1000) / 60_000)
}

const dayOffsets = new Map<string, DayOffset>()

/**
 * A zone as this process's memos key it: the machine's zone (none given) by TZ as well, which a
 * process may change (a test trying sites in several zones); the kept files (zone-days.ts,
 * zone-facts.ts) start afresh on their own when TZ changes.
 */
const memoZone = (timeZone: string | undefined): string => timeZone ?? `\0${process.env.TZ ?? ''}`

const DAY_MS = 86_400_000

/**
 * The zone's UTC offset in minutes at an instant. Asked once per UTC day and zone: when the offset
 * is the same at both ends of the day there was no daylight-saving change in it, so it holds for
 * every instant of that day; on a change day the second it changes is found and kept too, so an
 * instant of that day is answered without Intl as well (the first Intl format of a process loads
 * ICU's zone data, ~18 ms: every run touching a referral made on such a day paid it). (Reports ask
 * this for thousands of referrals; Intl is the slow part.)
 */
export function zoneOffsetMinutes(instant: Date | number, timeZone?: string): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime()
  const day = Math.floor(ms / 86_400_000)
  const kept = `${timeZone ?? ''}|${day}`
  const key = `${memoZone(timeZone)}|${day}`
  let offset = dayOffsets.get(key)
  if (offset === undefined) {
    // What Intl answered for this day in an earlier run on this machine (clock/zone-days.ts).
    offset = rememberedDayOffset(kept)
    if (offset === undefined) {
      const start = offsetByIntl(day * DAY_MS, timeZone)
      const end = offsetByIntl((day + 1) * DAY_MS - 1000, timeZone)
      offset = start === end ? start : changeOn(day, start, end, timeZone)
      rememberDayOffset(kept, offset)
    }
    if (dayOffsets.size > 100_000) dayOffsets.clear()
    dayOffsets.set(key, offset)
  }
  if (typeof offset === 'number') return offset
  return offset === null ? offsetByIntl(ms, timeZone) : ms < offset[2] ? offset[0] : offset[1]
}

/**
 * The one change of offset in a UTC day: its first second at the offset `after`, found by halving
 * the day (Intl answers per second), then checked against Intl at each hour of the day and on both
 * sides of it. null when the day is not that one change (each instant is then asked of Intl).
 */
function changeOn(day: number, before: number, after: number, timeZone: string | undefined): DayChange | null {
  let lo = day * DAY_MS // at `before`
  let hi = (day + 1) * DAY_MS - 1000 // at `after`
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000
    if (offsetByIntl(mid, timeZone) === before) lo = mid
    else hi = mid
  }
  if (offsetByIntl(hi, timeZone) !== after || offsetByIntl(lo, timeZone) !== before) return null
  for (let t = day * DAY_MS; t < (day + 1) * DAY_MS; t += 3_600_000) if (offsetByIntl(t, timeZone) !== (t < hi ? before : after)) return null
  return [before, after, hi]
}

/** The wall clock at `instant` in a zone, as a Date whose UTC fields read as local ones. */
export function wallClock(instant: Date | number, timeZone?: string): Date {
  const ms = typeof instant === 'number' ? instant : instant.getTime()
  return new Date(ms + zoneOffsetMinutes(ms, timeZone) * 60_000)
}

/** The calendar date at `instant` in an IANA time zone (default: the machine's). */
export function localDate(instant: Date, timeZone?: string): IsoDate {
  return wallClock(instant, timeZone).toISOString().slice(0, 10)
}

/**
 * The local calendar day of an ISO timestamp (`2026-11-03T06:42:00-08:00`) in `timeZone`.
 * Memoised: rules and reports ask it several times for every referral.
 */
export function localDateOfTimestamp(timestamp: string, timeZone?: string): IsoDate {
  const key = `${memoZone(timeZone)}|${timestamp}`
  let date = localDates.get(key)
  if (date === undefined) {
    date = localDate(new Date(timestamp), timeZone)
    if (localDates.size > 200_000) localDates.clear()
    localDates.set(key, date)
  }
  return date
}

const localDates = new Map<string, IsoDate>()

/**
 * Today's date in a zone (default: the machine's). The day's offset comes from zone-facts.ts when
 * an earlier run asked Intl on the same UTC day (a day with no change of offset: then it holds
 * all day), so a warm command's date costs no Intl.
 */
export function today(timeZone?: string): IsoDate {
  const ms = Date.now()
  const day = Math.floor(ms / 86_400_000)
  const key = `${timeZone ?? ''}|${day}`
  let offset = rememberedOffset(key)
  if (offset === undefined) {
    offset = zoneOffsetMinutes(ms, timeZone)
    if (typeof dayOffsets.get(`${memoZone(timeZone)}|${day}`) === 'number') rememberOffset(key, offset)
  }
  return new Date(ms + offset * 60_000).toISOString().slice(0, 10)
}

/**
 * This machine's time zone and locale (what a zone-less site's times and text order follow), as
 * parts of memo keys: never handed to Intl. A POSIX TZ such as `XYZ-3` is a zone Intl names none
 * for (its timeZone is undefined), so the TZ string itself tells two such machines apart.
 */
export function machineClock(): MachineClock {
  let machine = rememberedMachine()
  if (!machine) {
    const {timeZone, locale} = Intl.DateTimeFormat().resolvedOptions()
    machine = {timeZone: (timeZone as string | undefined) ?? `TZ=${process.env.TZ ?? ''}`, locale}
    rememberMachine(machine)
  }
  return machine
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Add calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, day] = date.split('-').map(Number) as [number, number, number]
  const total = y * 12 + (m - 1) + months
  const year = Math.floor(total / 12)
  const month = (total % 12) + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000)
}

/**
 * IDs ICU accepts that the tz database does not have: three-letter abbreviations ICU reads as one
 * country's zone (BST is Asia/Dhaka, IST Asia/Calcutta, CST America/Chicago, AST
 * America/Anchorage), and SystemV/ zones. A site set to one would keep a zone nobody meant.
 */
const ICU_ONLY_ZONES = new Set(['ACT', 'AET', 'AGT', 'ART', 'AST', 'BET', 'BST', 'CAT', 'CNT', 'CST', 'CTT', 'EAT', 'ECT', 'IET', 'IST', 'JST', 'MIT', 'NET', 'NST', 'PLT', 'PNT', 'PRT', 'PST', 'SST', 'VST'])

/** Is `tz` an abbreviation (or other ID) that ICU reads as a zone but the tz database does not have? */
export function isZoneAbbreviation(tz: string): boolean {
  return ICU_ONLY_ZONES.has(tz.trim().toUpperCase()) || /^systemv\//i.test(tz.trim())
}

/** What a message adds after `unknown time zone "X"` when X is such an abbreviation. */
export function zoneAbbreviationNote(tz: string): string {
  return isZoneAbbreviation(tz) ? ': an abbreviation, not an IANA name (abbreviations name different zones in different countries)' : ''
}

/** A time zone name of the tz database (IANA) that Intl knows. */
export function isTimeZone(tz: string): boolean {
  if (isZoneAbbreviation(tz)) return false
  const known = rememberedZone(tz)
  if (known !== undefined) return known
  let ok = true
  try {
    new Intl.DateTimeFormat('en-US', {timeZone: tz})
  } catch {
    ok = false
  }
  rememberZone(tz, ok)
  return ok
}
