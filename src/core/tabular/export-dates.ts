/**
 * Dates and times as police records and spreadsheet exports write them, turned into the forms the
 * clock module reads (YYYY-MM-DD, HH:MM): the US month/day/year a spreadsheet shows (`3/7/2026`,
 * `03/07/2026 02:05:00 PM`), `2026/03/07`, a month by name (`07-MAR-2026`, `Mar 7, 2026`), a date column stored as a date-time at midnight beside its own time
 * column, a time column written on the 24-hour clock without a colon (`1405`, `930`), and `24:00`,
 * the midnight that ends a day (the next day's 00:00). Nothing here guesses a century: a two-digit
 * year is left as it is, and refused by the reader with its own hint.
 */

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?=$|[ T])/
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?=$|[ T])/
// 07-MAR-2026 (as Oracle-based records systems write it), 7 Mar 2026, Mar 7, 2026, March 7 2026.
const DAY_MONTH_YEAR = /^(\d{1,2})[- ]([a-z]{3,9})\.?[- ](\d{4})(?=$|[ T])/i
const MONTH_DAY_YEAR = /^([a-z]{3,9})\.? (\d{1,2}),? (\d{4})(?=$|[ T])/i
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const TWO_DIGIT_YEAR = /^(?:\d{1,2}[/-]\d{1,2}[/-]|\d{1,2}[- ][a-z]{3,9}\.?[- ])\d{2}(?:$|[ T])/i
const MIDNIGHT = /^(\d{4}-\d{2}-\d{2})[ T](?:0?0:00(?::00(?:\.0+)?)?|12:00(?::00)?\s*AM)$/i
const END_OF_DAY = /^(\d{4}-\d{2}-\d{2})[ T]24:?00(?::00)?$/
const BARE_CLOCK = /^(\d{1,2})(\d{2})$/

/** `3/7/2026 14:05` → `2026-03-07 14:05`; anything else unchanged. */
export function isoDateText(cell: string): string {
  const t = cell.trim()
  const iso = (m: RegExpExecArray, year: string, month: string | number | undefined, day: string) =>
    month === undefined ? t : `${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}${t.slice(m[0].length)}`
  let m = US_DATE.exec(t)
  if (m) return iso(m, m[3]!, m[1]!, m[2]!)
  if ((m = YMD_SLASH.exec(t))) return iso(m, m[1]!, m[2]!, m[3]!)
  if ((m = DAY_MONTH_YEAR.exec(t))) return iso(m, m[3]!, monthOf(m[2]!), m[1]!)
  if ((m = MONTH_DAY_YEAR.exec(t))) return iso(m, m[3]!, monthOf(m[1]!), m[2]!)
  return t
}

/** 1–12 for a month's name or its three-letter abbreviation (Sept too); undefined for other words. */
function monthOf(word: string): number | undefined {
  const w = word.toLowerCase()
  const i = MONTHS.indexOf(w.slice(0, 3))
  if (i === -1) return undefined
  const full = new Date(Date.UTC(2000, i, 1)).toLocaleString('en-US', {month: 'long', timeZone: 'UTC'}).toLowerCase()
  return w.length === 3 || w === 'sept' || full === w ? i + 1 : undefined
}

/** Whether a date cell writes its year with two digits (`11/2/25`): which century is not guessed. */
export function hasTwoDigitYear(cell: string): boolean {
  return TWO_DIGIT_YEAR.test(cell.trim())
}

/**
 * The date-and-time text of a date cell and a time cell: the date as ISO (a date-time at midnight,
 * how many exports store a date, gives its day), the time with a colon (`1405` → `14:05`), and
 * `24:00` read as 00:00 of the next day.
 */
export function joinDateAndTime(day: string, clock: string): string {
  const date = isoDateText(day)
  const dayOnly = MIDNIGHT.exec(date)?.[1] ?? date
  const c = clock.trim()
  const bare = BARE_CLOCK.exec(c)
  return endOfDay(`${dayOnly} ${bare ? `${bare[1]!.padStart(2, '0')}:${bare[2]}` : c}`)
}

/** A date-time cell as ISO date text, `24:00` read as the next day's 00:00. */
export function dateTimeText(cell: string): string {
  return endOfDay(isoDateText(cell))
}

function endOfDay(text: string): string {
  const m = END_OF_DAY.exec(text)
  if (!m) return text
  const day = Date.parse(`${m[1]}T00:00:00Z`)
  // Not a calendar date (2026-02-30): left for the reader to refuse.
  if (Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== m[1]) return text
  return `${new Date(day + 86_400_000).toISOString().slice(0, 10)} 00:00`
}
