/**
 * One writer at a time per site: a lock file created exclusively (O_EXCL) in .lead/, holding the
 * owner's pid, host and start time so a stale lock (a killed process) can be recognised.
 *
 * How old a lock (or its breaker) is, is judged by the clock of the file system that stamped it
 * (fs-clock.ts), never this machine's: on a share whose server runs minutes ahead, or in a
 * container whose clock is off, a lock just taken looked stale by Date.now() and was broken while
 * held (two writers), or a stale one looked young for ever. Only the wait for another writer runs
 * on this process's clock: it is this process's own time.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {ioError, LeadError, stateError} from '../errors.js'
import {fileSystemNow} from './fs-clock.js'
import {checkOutputPath, makeSiteDir} from './output-path.js'

const LOCK_FILE = '.lead/lock'

export interface LockOptions {
  /** How long to wait for another lead command to finish (default: LEAD_LOCK_WAIT_MS, else 10 s). */
  waitMs?: number
}

export interface SiteLock {
  release(): void
}

/** LEAD_LOCK_WAIT_MS (a whole number of milliseconds) or 10 s. */
function defaultLockWaitMs(): number {
  const fromEnv = Number(process.env.LEAD_LOCK_WAIT_MS)
  return process.env.LEAD_LOCK_WAIT_MS && Number.isInteger(fromEnv) && fromEnv >= 0 ? fromEnv : 10_000
}

export async function acquireSiteLock(root: string, options: LockOptions = {}): Promise<SiteLock> {
  let file: string
  try {
    file = path.join(makeSiteDir(root, path.dirname(LOCK_FILE)), path.basename(LOCK_FILE))
  } catch (error) {
    throw lockFailure(error)
  }
  checkOutputPath(root, file)
  const deadline = Date.now() + (options.waitMs ?? defaultLockWaitMs())
  const token = crypto.randomBytes(8).toString('hex')
  const body = JSON.stringify({pid: process.pid, host: os.hostname(), since: new Date().toISOString(), token})
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    if (createLock(file, body)) {
      let released = false
      return {
        release() {
          if (released) return
          released = true
          // Only our own lock: never one another process took over meanwhile.
          try {
            if (readOwner(file)?.token === token) fs.rmSync(file, {force: true})
          } catch {
            // Nothing more to do: the next writer recognises a lock whose process is gone.
          }
        },
      }
    }
    const seen = lockState(file)
    // A folder (or anything but a file) in the lock's place is no lock lead made, and no lead
    // command will ever remove it: waiting would end in SITE_BUSY, breaking it in a raw EISDIR.
    if (seen && !seen.file) throw stateError('LOCK_NOT_A_FILE', `${LOCK_FILE} is not a file: it cannot be the lock of a lead command`, `remove it (rm -r ${LOCK_FILE}) and run the command again; nothing was written`)
    const now = folderClock(path.dirname(file))
    if (seen && isStale(seen, now) && breakStaleLock(file, seen, now)) continue
    if (Date.now() >= deadline) {
      const owner = seen?.owner
      const who = owner ? ` (pid ${owner.pid} on ${owner.host}, since ${owner.since})` : ''
      throw stateError('SITE_BUSY', `another lead command is writing to this site${who}`, `wait for it to finish and try again; if no lead command is running, delete ${LOCK_FILE}`)
    }
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
}

/**
 * Create the lock file with its owner in it; false when it exists. A lock that could be created
 * but not filled (a full disk) is removed again: an empty lock would stop every later write.
 */
function createLock(file: string, body: string): boolean {
  let fd: number
  try {
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw lockFailure(error)
  }
  try {
    fs.writeFileSync(fd, body)
    fs.closeSync(fd)
  } catch (error) {
    try {
      fs.closeSync(fd)
    } catch {
      // already closed
    }
    fs.rmSync(file, {force: true})
    throw lockFailure(error)
  }
  return true
}

function lockFailure(error: unknown): LeadError {
  const code = (error as NodeJS.ErrnoException).code
  if (error instanceof LeadError) return error
  return ioError('LOCK_FAILED', `cannot take the site lock ${LOCK_FILE}: ${(error as Error).message}`, code === 'ENOSPC' ? 'the disk is full: free some space and try again; nothing was written' : 'check that you may write to the site folder; nothing was written', error)
}

interface LockOwner {
  pid: number
  host: string
  since: string
  token?: string
}

/** What is in the lock file: its owner, or nothing readable (being written, or left empty by a crash), with its age. */
interface LockState {
  owner?: LockOwner
  /** A regular file (lead's locks are). */
  file: boolean
  ino: number
  mtimeMs: number
}

/** A lock that holds no owner after this long was never going to: its writer failed or died. */
const UNREADABLE_STALE_MS = 2_000

function lockState(file: string): LockState | undefined {
  const st = fs.lstatSync(file, {throwIfNoEntry: false})
  if (!st) return undefined
  return {owner: st.isFile() ? readOwner(file) : undefined, file: st.isFile(), ino: st.ino, mtimeMs: st.mtimeMs}
}

/**
 * Remove a dead process's lock, under a second exclusive file so that two waiting processes cannot
 * both break it (the second would delete the lock the first just took).
 */
function breakStaleLock(file: string, stale: LockState, now: FolderClock): boolean {
  const breaker = `${file}.break`
  try {
    fs.writeFileSync(breaker, String(process.pid), {flag: 'wx', mode: 0o600})
  } catch {
    // Someone else is breaking it; a breaker left by a crash is cleared after 10 s (by the folder's clock).
    try {
      if (olderThan(fs.statSync(breaker).mtimeMs, 10_000, now)) fs.rmSync(breaker, {force: true})
    } catch {
      // gone already
    }
    return false
  }
  try {
    const now = lockState(file)
    const same = now && now.ino === stale.ino && now.mtimeMs === stale.mtimeMs && now.owner?.token === stale.owner?.token && now.owner?.pid === stale.owner?.pid
    if (same) fs.rmSync(file, {force: true})
    return true
  } finally {
    fs.rmSync(breaker, {force: true})
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner
    return owner && typeof owner === 'object' ? owner : undefined
  } catch {
    return undefined
  }
}

/** A lock left by a process on this host that no longer exists, or one that never got an owner. */
function isStale(state: LockState, now: FolderClock): boolean {
  const owner = state.owner
  if (!owner) return olderThan(state.mtimeMs, UNREADABLE_STALE_MS, now)
  if (owner.host !== os.hostname() || !Number.isInteger(owner.pid)) return false
  try {
    process.kill(owner.pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** The time now by the lock folder's file system (fs-clock.ts), read at most once per look at the lock (each read writes a file). */
type FolderClock = () => number | undefined

function folderClock(dir: string): FolderClock {
  let read = false
  let at: number | undefined
  return () => {
    if (!read) (read = true), (at = fileSystemNow(dir))
    return at
  }
}

/** A file of the lock's folder last changed at `mtimeMs` is older than `ms` by that folder's clock; not when the clock cannot be read. */
function olderThan(mtimeMs: number, ms: number, now: FolderClock): boolean {
  const at = now()
  return at !== undefined && at - mtimeMs > ms
}
