/**
 * The bundled example site's dates, moved to today. The example (fixtures/example-site/) was
 * written with fixed dates: its referrals, meetings, consents, trainings and MOU read as a site
 * in use only around the day it was written. Left as they are, a newcomer's `lead validate` a
 * month later warns about a planned meeting never recorded, overdue intakes and lapsed training
 * that are only the calendar's fault. So `lead init --example` moves every date forward by the
 * same whole number of weeks: weekdays stay (the OWG still meets every other Tuesday, coverage
 * hours by weekday judge every referral as before), and the site reads on today as it read on
 * the day it was written.
 *
 * The change is textual, on the files' text, so each file keeps its layout byte for byte but for
 * the dates: a date token (`2026-11-03`, alone or in an ID such as `r-2026-11-03-k3f9q2`,
 * `owg-2026-12-01`, `pcg-2026-02-18#1` or a file name), and a date-time with an offset, whose
 * wall-clock time stays and whose offset is the zone's on the new day (daylight saving: a
 * 15:30 in November, -08:00, moved into June is 15:30-07:00). An ID and every mention of it move
 * alike, so references still resolve, and a year folder (referrals/2026/) follows its file's
 * date. Nothing else moves: badges ("2049"), phone numbers, statute numbers, clock times, and
 * names chosen by the site that only begin with a year (protocol `2026-v2`, MOU
 * `2026-harbor-lead-mou`) or prose ("the first-quarter 2026 report") are left as written.
 */
import {addDays, daysBetween, isIsoDate, zoneOffsetMinutes, type IsoDate} from './clock/dates.js'
import {formatInZone, formatOffset, instantsOfLocal} from './clock/local-time.js'

/**
 * The first day of the week the example was written for. On every day from 2026-11-25 to
 * 2026-12-01 it reads as a site in use: it validates without a finding, and nothing in it is
 * dated after the day but what is planned or due. Its last referrals came in on 2026-11-25 (none
 * later: the whole week is clean, so each weekday of a later week, moved onto its like here, is
 * too; a referral of the 26th came in "tomorrow" on Wednesdays) and its next OWG meeting is
 * planned for Tuesday 2026-12-01 (from 2026-12-02 on, that meeting warns MEETING_NOT_RECORDED
 * until the example is moved). Tests that use the example as written pin a day of this week
 * (`--as-of 2026-11-27`).
 */
export const EXAMPLE_AS_WRITTEN: IsoDate = '2026-11-25'

/**
 * Whole weeks to move the example so that `asOf` falls in its week as written: rounded down, so
 * nothing planned becomes past; none on or before that week.
 */
export function exampleShiftWeeks(asOf: IsoDate, asWritten: IsoDate = EXAMPLE_AS_WRITTEN): number {
  const days = daysBetween(asWritten, asOf)
  return days <= 0 ? 0 : Math.floor(days / 7)
}

/**
 * A date, alone or with a clock time and an offset. Not preceded by a letter or digit, nor by
 * `digit-` (a phone number's groups), nor followed by a digit: `r-2026-11-03-k3f9q2` and
 * `owg-2026-12-01.yaml` hold one, `+1-360-555-0100` and `RCW 69.50.4013` none. Only a real
 * calendar date is moved (`2026-13-45` is not one).
 */
const DATE_TOKEN = /(?<![0-9A-Za-z])(?<![0-9]-)([0-9]{4}-[0-9]{2}-[0-9]{2})(?:T([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)(Z|[+-][0-9]{2}:[0-9]{2}))?(?![0-9])/g

const MINUTE = 60_000

/** One date-time moved by `days`, keeping its wall-clock reading in `timeZone`. */
function shiftDateTime(date: IsoDate, clock: string, offset: string, days: number, timeZone: string): string {
  const moved = addDays(date, days)
  if (offset === 'Z') return `${moved}T${clock}Z`
  const [h, m, s = '0'] = clock.split(':')
  const wall = Date.parse(`${moved}T00:00:00Z`) + ((Number(h) * 60 + Number(m)) * 60 + Number(s.slice(0, 2))) * 1000
  const instants = instantsOfLocal(wall, timeZone)
  if (instants.length === 0) {
    // The reading does not exist on the new day (clocks went forward through it): the instant an
    // hour's-offset earlier, as the zone then shows it (02:30 → 03:30).
    const shown = formatInZone(wall - zoneOffsetMinutes(wall - 86_400_000, timeZone) * MINUTE, timeZone)
    return clock.length === 5 ? `${shown.slice(0, 16)}${shown.slice(-6)}` : shown
  }
  // Twice on a fall-back night: the one with the offset written, else the first.
  const same = instants.find((t) => formatOffset(zoneOffsetMinutes(t, timeZone)) === offset)
  const instant = same ?? instants[0]!
  return `${moved}T${clock}${formatOffset(zoneOffsetMinutes(instant, timeZone))}`
}

/** Every date token of `text` moved by `days` (a multiple of 7 keeps weekdays); the rest as it is. */
export function shiftDatesInText(text: string, days: number, timeZone: string): string {
  if (days === 0) return text
  return text.replace(DATE_TOKEN, (token, date: string, clock: string | undefined, offset: string | undefined) => {
    if (!isIsoDate(date)) return token
    return clock === undefined || offset === undefined ? addDays(date, days) : shiftDateTime(date, clock, offset, days, timeZone)
  })
}

/** A file's path with its dates moved, and a year folder (`referrals/2026/`) following its file's date. */
export function shiftDatesInPath(rel: string, days: number): string {
  if (days === 0) return rel
  const parts = rel.split('/').map((part) => shiftDatesInText(part, days, 'UTC'))
  for (let i = 0; i + 1 < parts.length; i++) {
    if (!/^[0-9]{4}$/.test(parts[i]!)) continue
    const date = /(?<![0-9A-Za-z])([0-9]{4})-[0-9]{2}-[0-9]{2}(?![0-9])/.exec(parts[i + 1]!)
    if (date) parts[i] = date[1]!
  }
  return parts.join('/')
}

/**
 * The example's files (path → text) with every date moved forward by `weeks` whole weeks; the
 * same map's contents at 0. `timeZone` is the zone its date-times were written in (the
 * example's lead.yaml `site.timezone`).
 */
export function shiftExampleFiles(files: ReadonlyMap<string, string>, weeks: number, timeZone: string): Map<string, string> {
  if (!Number.isInteger(weeks) || weeks < 0) throw new RangeError(`the example moves forward by whole weeks, not ${weeks}`)
  const days = weeks * 7
  const out = new Map<string, string>()
  for (const [rel, text] of files) {
    const moved = shiftDatesInPath(rel, days)
    if (out.has(moved)) throw new Error(`two example files would both be ${moved}`)
    out.set(moved, shiftDatesInText(text, days, timeZone))
  }
  return out
}
