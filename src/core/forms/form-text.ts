/** How record values read on paper: coverage hours, charge thresholds, pathways, dates and times. */
import type {CoverageHours, DivertibleCharge, Pathway, Weekday} from '../records/types.js'

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
const DAY_NAMES: Record<Weekday, string> = {mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun'}

export const PATHWAY_NAMES: Record<Pathway, string> = {
  arrest_diversion: 'Arrest diversion',
  social_contact: 'Social contact referral',
  community: 'Community referral',
}

/** "Mon–Fri", "Sat–Sun", "Mon, Wed, Fri": consecutive weekdays collapse into a range. */
export function dayRange(days: readonly Weekday[]): string {
  const idx = [...new Set(days)].map((d) => WEEKDAYS.indexOf(d)).filter((i) => i >= 0).sort((a, b) => a - b)
  if (idx.length === 7) return 'Every day'
  const runs: number[][] = []
  for (const i of idx) {
    const last = runs.at(-1)
    if (last && last.at(-1) === i - 1) last.push(i)
    else runs.push([i])
  }
  return runs
    .map((run) => (run.length >= 3 ? `${DAY_NAMES[WEEKDAYS[run[0]!]!]}–${DAY_NAMES[WEEKDAYS[run.at(-1)!]!]}` : run.map((i) => DAY_NAMES[WEEKDAYS[i]!]).join(', ')))
    .join(', ')
}

/** One line per coverage range: "Mon–Fri 06:00–22:00". */
export function coverageLines(hours: readonly CoverageHours[] | undefined): string[] {
  return (hours ?? []).map((h) => `${dayRange(h.days)} ${h.from}–${h.to}`)
}

/** "≤ 3 g" for a charge with a quantity threshold, "" otherwise. */
export function thresholdText(charge: Pick<DivertibleCharge, 'max_quantity' | 'unit'>): string {
  if (charge.max_quantity === undefined) return ''
  return `≤ ${charge.max_quantity}${charge.unit ? ` ${charge.unit}` : ''}`
}

/** "2026-11-03 06:42" in the site's time zone (the form is read locally). */
export function localDateTime(iso: string, timeZone?: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const parts = new Intl.DateTimeFormat('en-CA', {timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'}).formatToParts(d)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`
}

/** "Yes" / "No" / "" for an optional boolean. */
export function yesNo(value: boolean | undefined): string {
  return value === undefined ? '' : value ? 'Yes' : 'No'
}

/** Turn a snake_case record value into words ("public_order" → "Public order"). */
export function words(value: string): string {
  const s = value.replace(/_/g, ' ')
  return s.charAt(0).toUpperCase() + s.slice(1)
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** A date as people write it: "Mon 30 Nov 2026" (for forms a participant keeps). */
export function humanDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return iso
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return `${WEEKDAY_NAMES[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`
}
