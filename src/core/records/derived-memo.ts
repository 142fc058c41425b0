/**
 * Results derived from the whole site (what `lead status` and `lead report` show, the order
 * `lead list` shows), remembered under a digest of everything they are computed from, so a run
 * with nothing changed repeats one without reading a single record's value (the values file of a
 * 10,000-referral site is 9 MB).
 *
 * They live beside the parse cache's index, in their own file (.git/lead/derived-KEY.json, private
 * like the index and the values), because one status result lists every open referral (~400 KB on
 * 10,000 referrals) and the index is read by every command; this file is read only by the commands
 * that use it. Only the latest few results are kept. A result holds what its command prints (IDs,
 * dates, counts, and the declared codes reports group by): nothing that is not already in the
 * records, the values file, or the command's own output.
 *
 * The file is checked lines (checked-lines.ts: a SHA-1 of what follows each): the cache version,
 * then one line per result, its key before a tab. A line cut short or edited by hand is read as no
 * memo and its result computed again: whichever command reads a result (status, a report, a
 * validation's findings) trusts its shape. A result is parsed only when asked for, and a save
 * writes the others' lines as they were read: the latest validations of a 50,000-referral site
 * are ~450 KB, which a save used to parse and encode again whole for each new one.
 */
import {createHash} from 'node:crypto'
import {hashRecords} from './record-digest.js'
import fs from 'node:fs'
import path from 'node:path'
import {asciiJson} from './ascii-json.js'
import {checkedLine, checkedPayload} from './checked-lines.js'
import {writeFileAtomic} from './atomic-write.js'
import type {SiteRecords} from './load.js'
import type {Site} from '../site.js'
import {machineClock} from '../clock/dates.js'

/** How many results are kept: status and a report or two, before and after a write. */
const KEPT = 8

interface Memo {
  key: string
  /** The value, once parsed or set. */
  value?: unknown
  /** Its line's payload after the key and tab, as read (absent for one set in this run). */
  raw?: Buffer
}

const NEWLINE = 0x0a
const TAB = 0x09

/** The derived-results file of a site's cache: read on first use, written by the cache's save. */
export class DerivedMemos {
  private memos?: Memo[]
  private changed = false

  constructor(
    private readonly file: string | undefined,
    private readonly version: () => string,
    private readonly kept = KEPT,
  ) {}

  get(key: string): unknown {
    const memo = this.load().find((m) => m.key === key)
    return memo && valueOf(memo)
  }

  set(key: string, value: unknown): void {
    const others = this.load().filter((m) => m.key !== key)
    this.memos = [{key, value}, ...others].slice(0, this.kept)
    this.changed = true
  }

  /** The keys of the results kept, newest first. */
  keys(): string[] {
    return this.load().map((m) => m.key)
  }

  /** The results kept, newest first. */
  values(): unknown[] {
    return this.load().map(valueOf)
  }

  save(): void {
    if (!this.file || !this.changed) return
    try {
      fs.mkdirSync(path.dirname(this.file), {recursive: true, mode: 0o700})
      const lines = [checkedLine(asciiJson({version: this.version()}))]
      for (const m of this.memos!) lines.push(checkedLine(Buffer.concat([Buffer.from(`${asciiJson(m.key)}\t`), m.raw ?? Buffer.from(asciiJson(m.value))])))
      // Not flushed to disk: a memo lost to a crash costs a computation, and the rename keeps it whole or old.
      writeFileAtomic(this.file, lines, 0o600, {keepMode: false, sync: false})
      this.changed = false
    } catch {
      // Unwritten results only cost speed.
    }
  }

  private load(): Memo[] {
    if (this.memos) return this.memos
    this.memos = []
    try {
      if (!this.file || !fs.lstatSync(this.file).isFile()) return this.memos
      const bytes = fs.readFileSync(this.file)
      const first = bytes.indexOf(NEWLINE)
      const head = first < 0 ? undefined : checkedPayload(bytes.subarray(0, first))
      if (!head || (JSON.parse(head.toString('latin1')) as {version?: unknown}).version !== this.version()) return this.memos
      for (let at = first + 1; at < bytes.length; ) {
        const stop = bytes.indexOf(NEWLINE, at)
        if (stop < 0) break // cut short
        const payload = checkedPayload(bytes.subarray(at, stop))
        at = stop + 1
        const tab = payload ? payload.indexOf(TAB) : -1
        if (tab < 0) continue
        const key = JSON.parse(payload!.toString('latin1', 0, tab)) as unknown
        if (typeof key === 'string' && !this.memos.some((m) => m.key === key)) this.memos.push({key, raw: Buffer.from(payload!.subarray(tab + 1))})
      }
    } catch {
      // Missing or damaged: compute afresh.
    }
    return this.memos
  }
}

/** A memo's value, parsed from its line when first asked for. */
function valueOf(memo: Memo): unknown {
  if (memo.value === undefined && memo.raw !== undefined) memo.value = JSON.parse(memo.raw.toString('latin1')) as unknown
  return memo.value
}

/**
 * A digest of everything a derived result depends on: what it is and its own inputs (flags, the
 * date), this machine's time zone and locale, lead.yaml as written and the settings records are
 * judged by, what reading the records found, and every record's (of `kinds`, if given) file, kind,
 * ID and content hash. Undefined when there is no cache or a record's content is not known by
 * hash: then the result is computed and not remembered.
 */
export function siteStateKey(site: Site, records: SiteRecords, what: string, inputs: unknown, kinds?: ReadonlySet<string>): string | undefined {
  if (!records.cache) return undefined
  // This machine's zone places times when lead.yaml names none; its locale orders text.
  const machine = machineClock()
  const h = createHash('sha1').update(JSON.stringify([what, inputs, machine.timeZone, machine.locale, site.config, site.configSource?.text ?? null, site.configDiagnostics, records.diagnostics.map((d) => JSON.stringify(d)).sort()]))
  return hashRecords(h, records.records, kinds) ? h.digest('base64url') : undefined
}

/** A result as JSON gives it back, so a remembered one prints exactly as a fresh one. */
export const asStored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/**
 * The result remembered under `key`, or `compute`'s (remembered when there is a key). Either way
 * it comes back as JSON would give it, so a remembered result prints exactly as a fresh one.
 */
export async function memoized<T>(records: SiteRecords, key: string | undefined, compute: () => T | Promise<T>): Promise<T> {
  const cache = key === undefined ? undefined : records.cache
  const hit = cache?.derived(key!)
  if (hit !== undefined) return hit as T
  const value = asStored(await compute())
  cache?.setDerived(key!, value)
  return value
}
