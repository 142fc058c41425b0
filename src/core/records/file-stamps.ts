/**
 * The parse cache's stamps of the site's files (size, times, inode: index-file.ts FileStamp), as
 * its index held them and as this run took them, and whether a stamp vouches for its file's content
 * so that the file need not be read again. A stamp does only when saved well after the file last
 * changed (git's "racily clean"), judged by the file system's clock: the cache file's own time less
 * how long its run had gone on (save-time.ts); a racy stamp is saved again, or smudged, so a later
 * save's time never vouches for it. What the stamps point at (entries, values) is parse-cache.ts's.
 */
import {sameStamp, type FileTable} from './index-tables.js'
import type {FileEntry, FileStamp} from './index-file.js'
import type {FileTimes} from './index-journal.js'
import {smudged, stampTrust, type SaveTime} from './save-time.js'

export class FileStamps {
  /** Stamps this run took anew (those it kept are noted in `old`: FileTable.keep). */
  private readonly next = new Map<string, FileEntry>()
  /**
   * When the cache was opened (this machine's steady clock, ns): every stamp it saves was taken
   * since. process.hrtime, not performance.now(), whose first call loads perf_hooks (3-25 ms here).
   */
  private readonly opened = process.hrtime.bigint()

  /**
   * `old`: the stamps the index holds; `saved`: when the index saved them, by the clock of its
   * file system; `times`: when a journal line saved those it holds instead (index-journal.ts).
   */
  constructor(
    private readonly old: FileTable,
    private readonly saved: SaveTime,
    private readonly times: FileTimes,
  ) {}

  /** The file was found unchanged without its stamp (git said so): keep the stamp it had, if of this content. */
  keep(file: string, hash: string): boolean {
    return this.old.keep(file, hash)
  }

  /**
   * The content hash the file had when last read, if its stamp is the same (size, mtime and inode)
   * and vouches for it. Like git's index, a file modified in the same moment the stamp was saved is
   * not trusted ("racily clean") and is read again; that moment is told by the file system's clock,
   * and a file on another device than the cache is never trusted (save-time.ts).
   */
  vouchedHash(file: string, stamp: FileStamp): string | undefined {
    const entry = this.old.get(file)
    return entry && sameStamp(entry, stamp) && this.trust(file, stamp) === 'trusted' ? entry.hash : undefined
  }

  /** Whether a stamp is saved for the file (else none can vouch for it, and it need not be stat'ed to ask). */
  holds(file: string): boolean {
    return this.old.has(file)
  }

  /** Whether the stamp, as saved, vouches for the file's content (save-time.ts stampTrust). */
  private trust(file: string, stamp: FileStamp): ReturnType<typeof stampTrust> {
    return stampTrust(stamp, this.times.get(file) ?? this.saved)
  }

  /** Note the file's stamp as read now; true when the cache must save it (new, changed or racy). */
  remember(file: string, stamp: FileStamp, hash: string): boolean {
    const old = this.old.get(file)
    // A stamp saved too soon after the change is saved again (now later), so the next run trusts
    // it. One on another device than the cache is not: no save would make it trusted.
    const learnt = !old || old.hash !== hash || !sameStamp(old, stamp) || this.trust(file, stamp) === 'racy'
    this.next.set(file, {...stamp, hash})
    return learnt
  }

  /**
   * A file git vouched for whose stamp the index lacks (changed and committed since lead last
   * looked): listed under its stamp now, smudged (save-time.ts): taken after git looked, it may be
   * of a change git did not see, and paired with git's blob would serve that blob's parse for it.
   */
  rememberVouched(file: string, stamp: FileStamp, hash: string): boolean {
    return this.remember(file, smudged(stamp), hash)
  }

  /** The stamp a save would write for the file: this run's, else the index's. */
  latest(file: string): FileEntry | undefined {
    return this.next.get(file) ?? this.old.get(file)
  }

  /** How long the cache has been open (ms, rounded up): a save's stamps are no older (save-time.ts `ran`). */
  ran(): number {
    return Math.ceil(Number(process.hrtime.bigint() - this.opened) / 1e6)
  }

  /** How many files the index held stamps for, and how many of those and others this run saw (kept or took). */
  counts(): {held: number; seen: number} {
    let seen = this.old.keptSize
    for (const file of this.next.keys()) if (!this.old.isKept(file)) seen++
    return {held: this.old.size, seen}
  }

  /**
   * The stamps of the files seen this run whose content `has` an entry, for a rewrite of the index;
   * one kept as it was (git vouched for the file) but saved too soon after its change is smudged:
   * under the rewrite's later time it would vouch for a same-tick change made after git looked.
   */
  *toSave(has: (hash: string) => boolean): Iterable<[string, FileEntry]> {
    for (const [file, f] of this.old.keptEntries()) if (!this.next.has(file) && has(f.hash)) yield [file, this.trust(file, f) === 'racy' ? smudged(f) : f]
    for (const [file, f] of this.next) if (has(f.hash)) yield [file, f]
  }
}
