/**
 * Calendar periods reports count by: a month is `YYYY-MM`, a week is the date of its Monday (ISO
 * weeks, `YYYY-MM-DD`, the form spreadsheets sort and the de-identified export uses). Every period
 * between two dates is listed, so an empty month or week is a row with 0, not a gap.
 */
import {addDays, type IsoDate} from '../clock/dates.js'

export type Period = 'month' | 'week'

/** The Monday of the ISO week holding `date`. */
export function weekStart(date: IsoDate): IsoDate {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay()
  return addDays(date, -((day + 6) % 7))
}

/** The period key a local date falls in. */
export function periodKey(period: Period, date: IsoDate): string {
  return period === 'month' ? date.slice(0, 7) : weekStart(date)
}

/** First and last day of a period. */
export function periodBounds(period: Period, key: string): {first: IsoDate; last: IsoDate} {
  if (period === 'week') return {first: key, last: addDays(key, 6)}
  return {first: `${key}-01`, last: addDays(`${nextMonth(key)}-01`, -1)}
}

function nextMonth(key: string): string {
  const [y, m] = key.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** Every period from the one holding `from` to the one holding `to`, in order. */
export function periodsBetween(period: Period, from: IsoDate, to: IsoDate): string[] {
  const out: string[] = []
  const last = periodKey(period, to)
  for (let key = periodKey(period, from); key <= last; key = period === 'month' ? nextMonth(key) : addDays(key, 7)) out.push(key)
  return out
}
