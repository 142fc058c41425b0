/**
 * The temporary files of lead's own writes in its git-directory folder (.git/lead) that a crash or
 * a Ctrl-C left behind, and their removal by the saves that keep that folder small (the lists',
 * the results' and the parse cache's whole rewrite). The parse cache's values file is ~9 MB on a
 * big site, a status result ~270 KB: left by every interrupted save, they would pile up.
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileSystemNow} from './fs-clock.js'
import {reachedThroughLink} from '../state-folder.js'

/** writeFileAtomic's `.NAME.RANDOM.tmp` (any hidden one: the folder is lead's) and writePrivateJson's `NAME.PID.tmp`. */
const TEMPORARY = /^\..+\.tmp$|\.[0-9]+\.tmp$/

/** Remove the temporary files in lead's folder `dir` that are abandoned (abandonedIn); one under way in another process is left. */
export function sweepAbandonedWrites(dir: string): void {
  let entries: string[]
  try {
    // A folder that is a link (the cache put on another disk), or reached through one (lead uses
    // such a folder by its real path: state-folder.ts), may be shared with files of the user's own
    // that match these names: nothing in it is removed.
    if (reachedThroughLink(dir) || !fs.lstatSync(dir).isDirectory()) return
    entries = fs.readdirSync(dir)
  } catch {
    return // no folder yet, or unreadable
  }
  const abandoned = abandonedIn(dir)
  for (const entry of entries) if (TEMPORARY.test(entry) && abandoned(path.join(dir, entry))) removeQuietly(path.join(dir, entry))
}

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
