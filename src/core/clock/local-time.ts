/**
 * Reading the dates and times people type, in the site's time zone. Every place lead accepts a
 * timestamp (`--set`, `lead set`, `lead config set`, prompts, `--where`, imports) goes through here.
 *
 * A date-time (stored as `YYYY-MM-DDTHH:MM:SS±HH:MM`, the offset the site's zone had then):
 *   2026-11-30 09:15 · 2026-11-30T09:15:30      local time in the site's zone (the offset is added)
 *   2026-11-30 5:00 PM · 2026-11-30 5pm         12-hour clock (12 AM is midnight, 12 PM noon)
 *   2026-11-30T09:15:00-08:00 · …T17:15Z        with an offset: that instant, re-written in the site's zone
 *   now · today 09:15 · yesterday 11:40 PM      relative to the site's clock
 * A local time inside the hour repeated when clocks go back is refused (AMBIGUOUS_TIME) with both
 * readings offered, unless the caller chooses one (`fold: 'earlier' | 'later'`, the importer's
 * `--fold`); a local time skipped when clocks go forward is refused (SKIPPED_TIME).
 * A date: `YYYY-MM-DD`, `today`, `yesterday`. A clock time (coverage hours): `17:00`, `5:00 PM`,
 * `5 pm`, `noon`, `midnight` (24:00 where a period may end at midnight).
 *
 * Parsers return `{value}` or `{problem}`; the caller says which field it was and how to exit.
 */
import {isIsoDate, zoneOffsetMinutes, type IsoDate} from './dates.js'

export type Fold = 'earlier' | 'later'

export interface ClockContext {
  /** The site's IANA zone (undefined: this machine's). */
  timeZone?: string
  /** The current instant (tests pin it). */
  now?: Date
  /** Which reading of a repeated fall-back time to take; without it such a time is refused. */
  fold?: Fold
}

export interface TimeProblem {
  code: 'BAD_TIME' | 'BAD_DATE' | 'AMBIGUOUS_TIME' | 'SKIPPED_TIME'
  /**
   * What is wrong, without its subject and never repeating what was typed (it may be a referral's
   * value): the caller names the subject, quoted or concealed (see problemText).
   */
  message: string
  /** The subject when lead can name it safely: the local time as lead read it (digits only). */
  subject?: string
  hint: string
  /** AMBIGUOUS_TIME: the two readings, earlier first, as they would be stored. */
  candidates?: string[]
}

/** A problem as one sentence: `typed` is what the person typed as the output may show it (quoted, or concealed). */
export function problemText(problem: TimeProblem, typed: string): string {
  return `${problem.subject ?? typed} ${problem.message}`
}

export type Parsed<T> = {value: T; problem?: undefined} | {value?: undefined; problem: TimeProblem}

const MINUTE = 60_000
const DAY = 86_400_000

/** A wall-clock time of day. */
interface Clock {
  h: number
  m: number
  s: number
  ms: number
}

const CLOCK_24 = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/
const CLOCK_12 = /^(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?\s*([ap])\.?\s*m\.?$/i
const OFFSET = /^(.*?\d|.*?[ap]\.?\s*m\.?)\s*(z|[+-]\d{2}(?::?\d{2})?)$/i
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:t|\s+)(.+)$/i
const RELATIVE_TIME = /^(today|yesterday)\s+(.+)$/i

function readClock(text: string, allow24 = false): Clock | undefined {
  const t = text.trim()
  if (/^noon$/i.test(t)) return {h: 12, m: 0, s: 0, ms: 0}
  if (/^midnight$/i.test(t)) return {h: allow24 ? 24 : 0, m: 0, s: 0, ms: 0}
  let m = CLOCK_24.exec(t)
  if (m) {
    const c = {h: Number(m[1]), m: Number(m[2]), s: Number(m[3] ?? 0), ms: m[4] ? Math.round(Number(`0.${m[4]}`) * 1000) : 0}
    if (allow24 && c.h === 24 && c.m === 0 && c.s === 0 && c.ms === 0) return c
    return c.h <= 23 && c.m <= 59 && c.s <= 59 ? c : undefined
  }
  m = CLOCK_12.exec(t)
  if (m) {
    const h = Number(m[1])
    const min = Number(m[2] ?? 0)
    const s = Number(m[3] ?? 0)
    if (h < 1 || h > 12 || min > 59 || s > 59) return undefined
    const pm = m[4]!.toLowerCase() === 'p'
    return {h: (h % 12) + (pm ? 12 : 0), m: min, s, ms: 0}
  }
  return undefined
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** `-08:00` for -480. */
export function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes)
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** An instant as the site writes it: local wall clock and the zone's offset then (`2026-11-27T06:42:00-08:00`). */
export function formatInZone(instant: Date | number, timeZone?: string): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime()
  const offset = zoneOffsetMinutes(ms, timeZone)
  const wall = new Date(ms + offset * MINUTE).toISOString()
  const fraction = wall.slice(19, 23) === '.000' ? '' : wall.slice(19, 23)
  return `${wall.slice(0, 19)}${fraction}${formatOffset(offset)}`
}

/** `09:15` (or `09:15:30`) of a local wall-clock reading, for messages. */
function clockText(wallMs: number): string {
  const iso = new Date(wallMs).toISOString()
  return iso.slice(17, 19) === '00' ? iso.slice(11, 16) : iso.slice(11, 19)
}

/**
 * The instants at which a zone's clocks read `wallMs` (a local reading written as if it were UTC):
 * one normally, two in a repeated fall-back hour, none in a skipped spring-forward hour.
 */
export function instantsOfLocal(wallMs: number, timeZone?: string): number[] {
  const offsets = new Set([zoneOffsetMinutes(wallMs - DAY, timeZone), zoneOffsetMinutes(wallMs, timeZone), zoneOffsetMinutes(wallMs + DAY, timeZone)])
  const out: number[] = []
  for (const o of offsets) {
    const t = wallMs - o * MINUTE
    if (zoneOffsetMinutes(t, timeZone) === o && !out.includes(t)) out.push(t)
  }
  return out.sort((a, b) => a - b)
}

/** The instant nearest `around` where the zone's offset changes (to the minute). */
function transitionNear(around: number, timeZone?: string): {at: number; before: number; after: number} {
  let lo = around - DAY
  let hi = around + DAY
  const before = zoneOffsetMinutes(lo, timeZone)
  const after = zoneOffsetMinutes(hi, timeZone)
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE
    if (zoneOffsetMinutes(mid, timeZone) === before) lo = mid
    else hi = mid
  }
  return {at: hi, before, after}
}

const zoneName = (timeZone?: string) => timeZone ?? 'this machine’s time zone'

/** A local date and clock reading in the zone, with the fall-back and spring-forward refusals. */
export function localToInstant(date: IsoDate, clock: Clock, ctx: ClockContext = {}): Parsed<number> {
  const wall = Date.parse(`${date}T00:00:00Z`) + ((clock.h * 60 + clock.m) * 60 + clock.s) * 1000 + clock.ms
  const shown = `${date} ${clockText(wall)}`
  const instants = instantsOfLocal(wall, ctx.timeZone)
  if (instants.length === 1) return {value: instants[0]!}
  if (instants.length === 2) {
    if (ctx.fold) return {value: ctx.fold === 'earlier' ? instants[0]! : instants[1]!}
    const t = transitionNear(instants[0]!, ctx.timeZone)
    const candidates = instants.map((i) => formatInZone(i, ctx.timeZone))
    return {
      problem: {
        code: 'AMBIGUOUS_TIME',
        subject: shown,
        message: `happened twice in ${zoneName(ctx.timeZone)}: clocks went back from ${clockText(t.at + t.before * MINUTE)} to ${clockText(t.at + t.after * MINUTE)}`,
        hint: `write the one you mean with its offset: ${candidates[0]} (the first, before clocks went back) or ${candidates[1]} (the second)`,
        candidates,
      },
    }
  }
  const t = transitionNear(wall - zoneOffsetMinutes(wall, ctx.timeZone) * MINUTE, ctx.timeZone)
  const likely = formatInZone(wall - t.before * MINUTE, ctx.timeZone)
  return {
    problem: {
      code: 'SKIPPED_TIME',
      subject: shown,
      message: `did not happen in ${zoneName(ctx.timeZone)}: clocks went forward from ${clockText(t.at + t.before * MINUTE)} to ${clockText(t.at + t.after * MINUTE)}`,
      hint: `check the time; read on a clock not yet moved forward it is ${likely}`,
    },
  }
}

const dateTimeExample = (ctx: ClockContext) => formatInZone(Math.floor((ctx.now ?? new Date()).getTime() / MINUTE) * MINUTE, ctx.timeZone).slice(0, 16).replace('T', ' ')

/** A date-time as people write it (see the module header), stored form `YYYY-MM-DDTHH:MM:SS±HH:MM`. */
export function parseDateTime(text: string, ctx: ClockContext = {}): Parsed<string> {
  const r = dateTimeInstant(text, ctx)
  return r.problem ? r : {value: formatInZone(r.value, ctx.timeZone)}
}

/** The instant a typed date-time means (for comparisons), with the same rules as parseDateTime. */
export function dateTimeInstant(text: string, ctx: ClockContext = {}): Parsed<number> {
  const t = text.trim()
  const now = ctx.now ?? new Date()
  if (/^now$/i.test(t)) return {value: Math.floor(now.getTime() / 1000) * 1000}
  const bad = (why = ''): Parsed<number> => ({
    problem: {
      code: 'BAD_TIME',
      message: `is not a date and time${why}`,
      hint: `write local time as YYYY-MM-DD HH:MM (e.g. ${dateTimeExample(ctx)}), 12-hour like 2026-11-30 5:00 PM, with an offset like 2026-11-30T17:00:00-08:00, or now`,
    },
  })
  let date: string
  let rest: string
  const rel = RELATIVE_TIME.exec(t)
  const abs = DATE_TIME.exec(t)
  if (rel) {
    date = relativeDate(rel[1]!.toLowerCase(), ctx)
    rest = rel[2]!
  } else if (abs) {
    date = abs[1]!
    rest = abs[2]!
    if (!isIsoDate(date)) return bad(': the date is not a calendar date')
  } else {
    return bad(isIsoDate(t) || /^(today|yesterday)$/i.test(t) ? ': the time of day is missing' : '')
  }
  const off = OFFSET.exec(rest)
  const clock = readClock(off ? off[1]! : rest)
  if (!clock) return bad(': the time of day cannot be read')
  if (!off) return localToInstant(date, clock, ctx)
  const offset = readOffset(off[2]!)
  if (offset === undefined) return bad(': the UTC offset cannot be read')
  return {value: Date.parse(`${date}T00:00:00Z`) + ((clock.h * 60 + clock.m - offset) * 60 + clock.s) * 1000 + clock.ms}
}

function readOffset(text: string): number | undefined {
  if (/^z$/i.test(text)) return 0
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text)
  if (!m) return undefined
  const h = Number(m[2])
  const min = Number(m[3] ?? 0)
  if (h > 14 || min > 59) return undefined
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min)
}

function relativeDate(word: string, ctx: ClockContext): IsoDate {
  const now = (ctx.now ?? new Date()).getTime()
  const today = new Date(now + zoneOffsetMinutes(now, ctx.timeZone) * MINUTE).toISOString().slice(0, 10)
  if (word === 'today') return today
  return new Date(Date.parse(`${today}T00:00:00Z`) - DAY).toISOString().slice(0, 10)
}

/** A calendar date: `YYYY-MM-DD`, `today` or `yesterday` in the site's zone. */
export function parseDate(text: string, ctx: ClockContext = {}): Parsed<IsoDate> {
  const t = text.trim()
  if (/^(today|yesterday)$/i.test(t)) return {value: relativeDate(t.toLowerCase(), ctx)}
  if (isIsoDate(t)) return {value: t}
  return {problem: {code: 'BAD_DATE', message: 'is not a date', hint: `write it as YYYY-MM-DD (e.g. ${relativeDate('today', ctx)}), today or yesterday`}}
}

/** A clock time of day as `HH:MM` (24-hour); `allowMidnightEnd` lets a period end at `24:00`. */
export function parseClockTime(text: string, options: {allowMidnightEnd?: boolean} = {}): Parsed<string> {
  const c = readClock(text, options.allowMidnightEnd)
  if (!c || c.s !== 0 || c.ms !== 0) {
    return {problem: {code: 'BAD_TIME', message: 'is not a time of day', hint: `write it as HH:MM on the 24-hour clock (17:00) or 12-hour (5:00 PM)${options.allowMidnightEnd ? '; midnight at the end of the day is 24:00' : ''}`}}
  }
  return {value: `${pad(c.h)}:${pad(c.m)}`}
}

/** Is this a typed date without a time (so a comparison with a timestamp compares local days)? */
export function isDateOnly(text: string): boolean {
  const t = text.trim()
  return isIsoDate(t) || /^(today|yesterday)$/i.test(t)
}
