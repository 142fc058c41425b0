/**
 * The temporary files of lead's own writes in its git-directory folder (atomic-write.ts:
 * `.NAME.RANDOM.tmp` beside the file it replaces) that a crash left behind, and their removal by
 * the prunes that keep that folder small (file-lists.ts, result-files.ts). A status result's is
 * ~270 KB: left by every interrupted save, they would pile up.
 */
import fs from 'node:fs'
import {fileSystemNow} from './fs-clock.js'

/** A temporary file older than this is a write that never finished (a crash): no writer takes so long. */
const ABANDONED_MS = 10 * 60 * 1000

/**
 * Whether a temporary file in `dir` was abandoned, by the folder's own file-system clock
 * (fs-clock.ts), asked once and only when a file is judged; when nothing can be written there
 * (no clock), none is.
 */
export function abandonedIn(dir: string): (file: string) => boolean {
  let now: number | undefined | null = null
  return (file) => {
    if (now === null) now = fileSystemNow(dir)
    if (now === undefined) return false
    const st = fs.lstatSync(file, {throwIfNoEntry: false})
    return st !== undefined && now - st.mtimeMs > ABANDONED_MS
  }
}

/** Remove a file of lead's own, leaving it for the next prune when it cannot (a folder of that name, a file it may not remove). */
export function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, {force: true})
  } catch {
    // Left for the next prune.
  }
}
