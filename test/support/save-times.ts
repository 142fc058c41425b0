/**
 * The parse cache's save times (records/save-time.ts: the modification times of its index and
 * journal, by their file system's clock) moved or skewed for tests.
 */
import fs from 'node:fs'
import path from 'node:path'
import {vi} from 'vitest'
import {checkedLine, checkedLines} from '../../src/core/records/checked-lines.js'
import {cacheFile, journalFileOf} from '../../src/core/records/parse-cache.js'

/**
 * As if the cache had been saved `ms` after now (the next command runs seconds later): its stamps
 * are then trusted (a file written in the same moment as the cache is read again, like git's
 * racily clean entries), so the stamp path is taken as in everyday use. The index's modification
 * time moves; the journal's lines are told their save times by the next line's `before` and the
 * journal's own time (index-journal.ts lineTimes): both move, sums redone.
 */
export function savedLater(root: string, ms = 3000): void {
  const at = (Date.now() + ms) / 1000
  const file = cacheFile(root)!
  if (!fs.existsSync(file)) return
  fs.utimesSync(file, at, at)
  const journal = journalFileOf(root)!
  if (!fs.existsSync(journal)) return
  const lines = checkedLines(fs.readFileSync(journal)).payloads.flatMap((p) => (p ? [{...(JSON.parse(p.toString()) as object), before: at * 1000}] : []))
  fs.writeFileSync(journal, Buffer.concat(lines.map((l) => checkedLine(JSON.stringify(l)))))
  fs.utimesSync(journal, at, at)
}

/** A time as a file system with whole-second times, `skew` ms off this machine's clock, would give it. */
const coarse = (ms: number, skew: number) => Math.floor((ms + skew) / 1000) * 1000

/**
 * A site's files as if on a file system (a network share) whose clock runs `skew` ms off this
 * machine's (negative: behind) and keeps whole seconds: stat of a file under `root` answers its
 * times so (fs.statSync, which lead stamps record files with: mtime and ctime, which utimes cannot
 * set), and after each command `settle()` moves the cache files it wrote in .git/lead/ the same
 * way (their modification times are lead's save times). `keep(file, stamp)` makes stat answer an
 * old stamp for a file: an edit too quick for the file system's times to tell.
 */
export function skewedFileSystem(root: string, skew: number) {
  const real = fs.statSync.bind(fs)
  const kept = new Map<string, fs.Stats>()
  const inSite = (p: string) => p.startsWith(root + path.sep) && !p.includes(`${path.sep}.git${path.sep}`)
  const skewed = (st: fs.Stats): fs.Stats => {
    const out = Object.assign(Object.create(Object.getPrototypeOf(st) as object) as fs.Stats, st)
    return Object.assign(out, {mtimeMs: coarse(st.mtimeMs, skew), ctimeMs: coarse(st.ctimeMs, skew), mtime: new Date(coarse(st.mtimeMs, skew)), ctime: new Date(coarse(st.ctimeMs, skew))})
  }
  const spy = vi.spyOn(fs, 'statSync').mockImplementation(((p: fs.PathLike, o?: fs.StatSyncOptions) => {
    const st = real(p, o)
    const abs = path.resolve(String(p))
    if (!st || !inSite(abs)) return st
    return kept.get(abs) ?? skewed(st as fs.Stats)
  }) as typeof fs.statSync)
  // A file read for the first time is stamped from the descriptor it is read through (read-job.ts):
  // the share answers fstat as it answers stat (the descriptor's path from /proc; helper-89).
  const realF = fs.fstatSync.bind(fs)
  const fspy = vi.spyOn(fs, 'fstatSync').mockImplementation(((fd: number, o?: fs.StatSyncOptions) => {
    const st = realF(fd, o)
    let abs: string
    try {
      abs = fs.readlinkSync(`/proc/self/fd/${fd}`)
    } catch {
      return st
    }
    if (!st || !inSite(abs)) return st
    return kept.get(abs) ?? skewed(st as fs.Stats)
  }) as typeof fs.fstatSync)
  const leadDir = path.dirname(cacheFile(root)!)
  /** The times settle() set, so a file it set and no command wrote since is not moved twice. */
  const settled = new Map<string, number>()
  return {
    /** The file's stamp as lead sees it now. */
    stat: (file: string) => fs.statSync(file),
    keep(file: string, stamp: fs.Stats) {
      kept.set(path.resolve(file), stamp)
    },
    release(file: string) {
      kept.delete(path.resolve(file))
    },
    settle() {
      if (!fs.existsSync(leadDir)) return
      for (const name of fs.readdirSync(leadDir)) {
        const file = path.join(leadDir, name)
        const st = fs.lstatSync(file)
        if (!st.isFile() || settled.get(file) === st.mtimeMs) continue
        const at = coarse(st.mtimeMs, skew)
        fs.utimesSync(file, at / 1000, at / 1000)
        settled.set(file, fs.lstatSync(file).mtimeMs)
      }
    },
    restore: () => {
      spy.mockRestore()
      fspy.mockRestore()
    },
  }
}
