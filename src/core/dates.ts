/**
 * Calendar dates as `YYYY-MM-DD` strings (how records store them) and the site's local time.
 * Dates are compared as strings, added in UTC so no daylight-saving shift can move a day.
 */
export type IsoDate = string

export const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}

/** The calendar date at `instant` in an IANA time zone (default: the machine's). */
const dateFormats = new Map<string, Intl.DateTimeFormat>()

export function localDate(instant: Date, timeZone?: string): IsoDate {
  // Building a DateTimeFormat costs far more than using one; reports call this per referral.
  let format = dateFormats.get(timeZone ?? '')
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {timeZone, year: 'numeric', month: '2-digit', day: '2-digit'})
    dateFormats.set(timeZone ?? '', format)
  }
  const parts = format.formatToParts(instant)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

export function today(timeZone?: string): IsoDate {
  return localDate(new Date(), timeZone)
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

/** A timezone name Intl accepts. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', {timeZone: tz})
    return true
  } catch {
    return false
  }
}
