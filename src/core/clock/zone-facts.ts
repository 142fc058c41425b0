/**
 * What Intl told this machine about time zones, kept between runs. Intl's first DateTimeFormat
 * costs 20–70 ms (ICU loads its calendar and zone data), and a warm command asks it only a few
 * things: whether the site's zone is a zone, today's UTC offset there, and the machine's own zone
 * and locale (parts of memo keys). Those answers are kept in a small private file
 * (.git/lead/zone-facts.json) under a fingerprint of everything they depend on: Node's, ICU's
 * and the tz database's versions, Node's ICU options, the environment variables ICU reads for the
 * default zone and locale, and /etc/localtime (and /etc/timezone). Any change of these starts
 * afresh; on Windows, whose zone comes from the registry, nothing is kept.
 *
 * An offset is kept for the UTC day it was asked on, and only for a day with no change of offset
 * in it (dates.ts today(), the same rule as zoneOffsetMinutes's cache in memory), so a date
 * worked out from it is the one Intl gives. A damaged or foreign file only costs asking Intl.
 */
import fs from 'node:fs'
import path from 'node:path'
import {stateFolderFile} from '../state-folder.js'

export interface MachineClock {
  /** Intl's name of this machine's zone, or `TZ=…` where Intl has none (dates.ts machineClock): a key, not a zone for Intl. */
  timeZone: string
  locale: string
}

interface Facts {
  fingerprint: string
  machine?: MachineClock
  /** Zone name → whether Intl knows it. */
  zones: Record<string, boolean>
  /** `ZONE|UTC day` (ZONE empty for the machine's) → the offset in minutes all that day. */
  offsets: Record<string, number>
}

/** Offsets kept: today's and yesterday's for a few zones is all a run needs. */
const OFFSETS_KEPT = 8
/** What ICU reads to choose the default zone and locale (and where its data is). */
const ENVIRONMENT = ['TZ', 'TZDIR', 'LANG', 'LANGUAGE', 'LC_ALL', 'LC_MESSAGES', 'LC_CTYPE', 'LC_TIME', 'LC_COLLATE', 'NODE_ICU_DATA']

let file: string | undefined
let facts: Facts | undefined
/** TZ when `facts` were read: part of the fingerprint, and the one thing a process changes in it (tests). */
let factsTz: string | undefined
/** Where facts are kept, new whenever keepZoneFactsIn moves (what zone-days.ts read is then read again). */
let keeping: {folder: string} | undefined

/** Keep facts in `gitDir`/lead/zone-facts.json from now on (undefined: outside git, keep none; nor where that folder was refused, state-folder.ts). */
export function keepZoneFactsIn(gitDir: string | undefined): void {
  const next = gitDir === undefined || process.platform === 'win32' ? undefined : stateFolderFile(gitDir, 'zone-facts.json')
  if (next === file) return
  file = next
  facts = undefined
  keeping = next === undefined ? undefined : {folder: path.dirname(next)}
}

export function rememberedZone(tz: string): boolean | undefined {
  const f = current()
  return f && Object.hasOwn(f.zones, tz) ? f.zones[tz] : undefined
}

export function rememberZone(tz: string, known: boolean): void {
  const f = current()
  if (!f) return
  f.zones[tz] = known
  save()
}

export function rememberedOffset(key: string): number | undefined {
  const f = current()
  return f && Object.hasOwn(f.offsets, key) ? f.offsets[key] : undefined
}

export function rememberOffset(key: string, offset: number): void {
  const f = current()
  if (!f) return
  f.offsets = Object.fromEntries([[key, offset] as [string, number], ...Object.entries(f.offsets).filter(([k]) => k !== key)].slice(0, OFFSETS_KEPT))
  save()
}

export function rememberedMachine(): MachineClock | undefined {
  return current()?.machine
}

export function rememberMachine(machine: MachineClock): void {
  const f = current()
  if (!f) return
  f.machine = machine
  save()
}

/** The facts for this machine as it is now: read once per file, empty when the fingerprint differs. */
function current(): Facts | undefined {
  if (!file) return undefined
  // TZ set since they were read: what they say of the machine's zone may be another zone's.
  if (facts && factsTz === process.env.TZ) return facts
  factsTz = process.env.TZ
  const fingerprint = machineFingerprint()
  facts = {fingerprint, zones: {}, offsets: {}}
  const read = readUnder(file, fingerprint) as Partial<Facts> | undefined
  if (read && isRecord(read.zones, 'boolean') && isRecord(read.offsets, 'number')) {
    facts = {fingerprint, zones: read.zones, offsets: read.offsets}
    const m = read.machine
    if (m && typeof m.timeZone === 'string' && typeof m.locale === 'string') facts.machine = {timeZone: m.timeZone, locale: m.locale}
  }
  return facts
}

/**
 * A kept file's contents when it was written under `fingerprint` (a file, not a link); undefined
 * when there is none yet, it is unreadable, or another machine's: then Intl is asked.
 */
export function readUnder(file: string, fingerprint: string): Record<string, unknown> | undefined {
  try {
    if (!fs.lstatSync(file).isFile()) return undefined
    const read = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown
    return typeof read === 'object' && read !== null && (read as {fingerprint?: unknown}).fingerprint === fingerprint ? (read as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function isRecord(value: unknown, type: 'boolean' | 'number'): value is Record<string, never> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === type)
}

/** Everything Intl's answers depend on, as one string. */
export function machineFingerprint(): string {
  const env = ENVIRONMENT.map((k) => process.env[k] ?? null)
  return JSON.stringify([process.version, process.versions.icu, process.versions.tz, process.versions.unicode, process.execArgv.filter((a) => /icu/i.test(a)), env, fileIdentity('/etc/localtime'), fileIdentity('/etc/timezone')])
}

/** A file's link target, size, times and inode: which zone file the machine points at. */
function fileIdentity(name: string): unknown {
  try {
    const link = fs.lstatSync(name)
    const st = fs.statSync(name)
    return [link.isSymbolicLink() ? fs.readlinkSync(name) : null, st.size, st.mtimeMs, st.ctimeMs, st.ino, st.dev]
  } catch {
    return null
  }
}

/** Written once, after the run has learnt what it asks now (a few answers at most). */
function save(): void {
  const target = file
  // Not when the run moved on to another site's folder meanwhile: these facts were read from this one.
  if (target) writeSoon(target, () => (target === file && facts ? facts : undefined))
}

/** Files with a write planned, each with what to write then (undefined: nothing any more). */
const planned = new Map<string, () => unknown>()

/**
 * Write `target` privately (0600, temp + rename) once the current turn of the event loop is done,
 * with what `value` gives then: the answers a run learns in one go cost one write.
 */
export function writeSoon(target: string, value: () => unknown): void {
  const first = !planned.has(target)
  planned.set(target, value)
  if (!first) return
  setImmediate(() => {
    const now = planned.get(target)?.()
    planned.delete(target)
    if (now === undefined) return
    const temp = `${target}.${process.pid}.tmp`
    try {
      fs.mkdirSync(path.dirname(target), {recursive: true, mode: 0o700})
      fs.writeFileSync(temp, JSON.stringify(now), {mode: 0o600, flag: 'wx'})
      fs.renameSync(temp, target)
    } catch {
      fs.rmSync(temp, {force: true})
      // Unkept facts only cost asking Intl again.
    }
  })
}

/** The folder facts are kept in now (undefined: none are kept), as an object new with each keepZoneFactsIn that moved. */
export const factsFolder = (): {readonly folder: string} | undefined => keeping

/** Write what was learnt now (tests; a command's run gets there on its own). */
export function flushZoneFacts(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
