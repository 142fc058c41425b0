/**
 * When the parse cache saved a file's stamp, by the clock of the file system that stamps the files.
 *
 * A stamp (size, times, inode: index-file.ts FileStamp) vouches for a file's content only when it
 * was saved well after the file last changed: a change in the same moment can leave every part of
 * the stamp as it was (times too coarse to tell two writes apart), like git's "racily clean"
 * entries. The file's times come from its file system's clock, which on a network share is the
 * server's, not this machine's: judged against this machine's clock (Date.now()), a share running
 * 5 s behind made a same-size edit just after a run look old enough to trust, and the stale parse
 * was served. So, as git judges its index's entries by the index file's own modification time, the
 * save time is the modification time of the cache file that holds the stamp, written by the same
 * file system's clock: the index file's, read as it is opened (cache-index.ts), or a journal
 * line's, known from the journal itself (index-journal.ts). Reading it costs the fstat of a file
 * being read anyway.
 *
 * A save is also later than its stamps by as long as the run went on (a whole validation of a big
 * site: seconds), and a same-size edit in the same tick just after a file was read keeps its stamp:
 * judged by the save's time alone, it was trusted once the run lasted 2 s, and the parse of the
 * content before the edit was served. So the index and each journal line also hold how long their
 * run had gone on (`ran`, this machine's steady clock: a duration, whatever the clocks' offset),
 * and the save time is the file's time less that: no later than the run's start by the file
 * system's clock, so no later than any stamp the save holds.
 *
 * That clock tells the time only of its own file system: a stamp of a file on another device (a
 * git directory elsewhere than the working tree: `--separate-git-dir`, a worktree's on another
 * disk) cannot be judged by it, and is never trusted. Such a file is read again each run (its
 * content hash still finds its parse: a read and a hash, no parse).
 */
import type {FileStamp} from './index-file.js'

export interface SaveTime {
  /** The cache file's modification time (ms), by its file system's clock. */
  at: number
  /** The device that file is on: its clock judges the stamps of files on the same device only. */
  dev: number
}

/** No save: judges nothing (an empty cache holds no stamps). */
export const NO_SAVE: SaveTime = {at: Number.NEGATIVE_INFINITY, dev: Number.NaN}

/** How long after a file's last change its stamp must have been saved to vouch for it: times may be coarse to 2 s (FAT, some shares). */
export const RACY_MS = 2000

/**
 * Whether a stamp saved at `saved` vouches for its file: `racy` when saved too soon after the
 * file's last change (its change time too: tools put mtime back, never ctime), `elsewhere` when
 * the file is on another device than the cache, whose clock says nothing of it.
 */
export function stampTrust(stamp: FileStamp, saved: SaveTime): 'trusted' | 'racy' | 'elsewhere' {
  if (stamp.dev !== saved.dev) return 'elsewhere'
  return Math.max(stamp.mtimeMs, stamp.ctimeMs) >= saved.at - RACY_MS ? 'racy' : 'trusted'
}

/**
 * A stamp no file matches (a size below 0), as git smudges a racily clean entry: the file stays
 * listed in the index (its rule findings are kept by file) but is read when next judged by its
 * stamp, and stamped as read then.
 */
export const smudged = <T extends FileStamp>(stamp: T): T => ({...stamp, size: -1})
