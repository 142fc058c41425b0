/**
 * The time now by the clock of the file system that holds a folder, to tell how old a file in it
 * is. A file's times are stamped by its file system's clock: on a network share the server's, in a
 * container maybe not this machine's. Compared with this machine's clock (Date.now()), a file just
 * written there can look an hour old, or not yet written. So, as the parse cache judges its stamps
 * by a cache file's own time (save-time.ts), an age here is the difference of two times of the same
 * clock: the file's, and that of a file written in the same folder now.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * The modification time (ms) of a file written in `dir` now, by its file system's clock; removed
 * again at once. undefined when it cannot be written (a full disk): the caller must then not judge
 * an age, rather than fall back on this machine's clock.
 */
export function fileSystemNow(dir: string): number | undefined {
  const probe = path.join(dir, `.now-${process.pid}-${crypto.randomBytes(4).toString('hex')}`)
  let fd: number
  try {
    // O_EXCL: never through a link someone left under that name (nor over their file).
    fd = fs.openSync(probe, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600)
  } catch {
    return undefined
  }
  try {
    // A write, not utimes: the time is set by the file system (utimes would set this machine's).
    fs.writeSync(fd, String(process.pid))
    return fs.fstatSync(fd).mtimeMs
  } catch {
    return undefined
  } finally {
    try {
      fs.closeSync(fd)
      fs.rmSync(probe, {force: true})
    } catch {
      // A probe left behind is a few bytes in lead's own folder.
    }
  }
}
