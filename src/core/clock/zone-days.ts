/**
 * A zone's UTC offset on each UTC day a run asked about, kept between runs beside zone-facts.json
 * (.git/lead/zone-days.json) under the same machine fingerprint. zoneOffsetMinutes (dates.ts) asks
 * Intl for the offset at both ends of a day; the first Intl.DateTimeFormat of a process costs
 * 20–70 ms (ICU loads its zone data), more than everything else a one-record command does with
 * dates. With the answers kept, `lead set` on a referral, or a validation after one changed, asks
 * Intl nothing: the days of the records they judge were asked by an earlier run.
 *
 * What is kept is exactly what Intl answered on this machine (for a day with a change of offset
 * in it, the two offsets and the second it changed, checked against Intl through the day; null
 * where that could not be checked, and each instant is asked of Intl as before), so a date worked
 * out from it is the one Intl gives. Read only on the first day not known in memory; a damaged or foreign file
 * costs asking Intl.
 */
import path from 'node:path'
import {factsFolder, machineFingerprint, readUnder, writeSoon} from './zone-facts.js'

/** Days kept (a zone's 27 years, or three years of referrals in nine zones): ~300 KB at most. */
export const DAYS_KEPT = 10_000

interface Days {
  kept: {readonly folder: string}
  /** TZ when the file was read: part of the fingerprint, and the one thing a process changes in it (tests). */
  tz: string | undefined
  file: string
  fingerprint: string
  /** `ZONE|UTC day` → the offset in minutes all that day, its change, or null. */
  offsets: Map<string, DayOffset>
}

let days: Days | undefined

/**
 * A day the offset changes once: the offset before, the offset after, and the first instant (ms,
 * a whole second) at the offset after. Kept as an array, which a lead that knew only numbers and
 * null reads as unknown (it asks Intl), never as an offset.
 */
export type DayChange = readonly [before: number, after: number, at: number]

/** A day's offset: minutes all day, its one change, or null (answered instant by instant). */
export type DayOffset = number | DayChange | null

/** The offset kept for `key` (`ZONE|UTC day`, as dates.ts keys them), or undefined (not known). */
export function rememberedDayOffset(key: string): DayOffset | undefined {
  return current()?.offsets.get(key)
}

export function rememberDayOffset(key: string, offset: DayOffset): void {
  const d = current()
  if (!d) return
  d.offsets.delete(key)
  d.offsets.set(key, offset)
  // The days asked longest ago go first.
  for (const old of d.offsets.keys()) {
    if (d.offsets.size <= DAYS_KEPT) break
    d.offsets.delete(old)
  }
  writeSoon(d.file, () => (days === d ? {fingerprint: d.fingerprint, offsets: Object.fromEntries(d.offsets)} : undefined))
}

function current(): Days | undefined {
  const kept = factsFolder()
  if (kept === undefined) return (days = undefined)
  // TZ set since the file was read: its days (and those asked since) may be another zone's.
  const tz = process.env.TZ
  if (days?.kept === kept && days.tz === tz) return days
  const file = path.join(kept.folder, 'zone-days.json')
  const fingerprint = machineFingerprint()
  days = {kept, tz, file, fingerprint, offsets: new Map()}
  const offsets = readUnder(file, fingerprint)?.offsets
  if (typeof offsets === 'object' && offsets !== null && !Array.isArray(offsets)) {
    for (const [key, value] of Object.entries(offsets)) {
      if (value === null || isMinutes(value) || isChange(value, key)) days.offsets.set(key, value as DayOffset)
    }
  }
  return days
}

const isMinutes = (value: unknown): value is number => Number.isInteger(value) && Math.abs(value as number) < 24 * 60

/** A change kept for the day its key names: two offsets and an instant within that UTC day. */
function isChange(value: unknown, key: string): value is DayChange {
  if (!Array.isArray(value) || value.length !== 3 || !isMinutes(value[0]) || !isMinutes(value[1]) || value[0] === value[1]) return false
  const day = Number(key.slice(key.lastIndexOf('|') + 1))
  const at = value[2] as unknown
  return Number.isInteger(day) && Number.isInteger(at) && (at as number) % 1000 === 0 && (at as number) > day * 86_400_000 && (at as number) < (day + 1) * 86_400_000
}
