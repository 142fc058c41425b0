/**
 * One writer at a time per site: a lock file created exclusively (O_EXCL) in .lead/, holding the
 * owner's pid, host and start time so a stale lock (a killed process) can be recognised.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {stateError} from '../errors.js'

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
  const file = path.join(root, LOCK_FILE)
  fs.mkdirSync(path.dirname(file), {recursive: true})
  const deadline = Date.now() + (options.waitMs ?? defaultLockWaitMs())
  const token = crypto.randomBytes(8).toString('hex')
  const body = JSON.stringify({pid: process.pid, host: os.hostname(), since: new Date().toISOString(), token})
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    try {
      fs.writeFileSync(file, body, {flag: 'wx', mode: 0o600})
      let released = false
      return {
        release() {
          if (released) return
          released = true
          // Only our own lock: never one another process took over meanwhile.
          if (readOwner(file)?.token === token) fs.rmSync(file, {force: true})
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const owner = readOwner(file)
    if (owner && isStale(owner) && breakStaleLock(file, owner)) continue
    if (Date.now() >= deadline) {
      const who = owner ? ` (pid ${owner.pid} on ${owner.host}, since ${owner.since})` : ''
      throw stateError('SITE_BUSY', `another lead command is writing to this site${who}`, `wait for it to finish and try again; if no lead command is running, delete ${LOCK_FILE}`)
    }
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
}

interface LockOwner {
  pid: number
  host: string
  since: string
  token?: string
}

/**
 * Remove a dead process's lock, under a second exclusive file so that two waiting processes cannot
 * both break it (the second would delete the lock the first just took).
 */
function breakStaleLock(file: string, stale: LockOwner): boolean {
  const breaker = `${file}.break`
  try {
    fs.writeFileSync(breaker, String(process.pid), {flag: 'wx', mode: 0o600})
  } catch {
    // Someone else is breaking it; a breaker left by a crash is cleared after 10 s.
    try {
      if (Date.now() - fs.statSync(breaker).mtimeMs > 10_000) fs.rmSync(breaker, {force: true})
    } catch {
      // gone already
    }
    return false
  }
  try {
    const now = readOwner(file)
    if (now && now.pid === stale.pid && now.since === stale.since && now.token === stale.token) fs.rmSync(file, {force: true})
    return true
  } finally {
    fs.rmSync(breaker, {force: true})
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner
  } catch {
    return undefined
  }
}

/** A lock left by a process on this host that no longer exists. */
function isStale(owner: LockOwner): boolean {
  if (owner.host !== os.hostname() || !Number.isInteger(owner.pid)) return false
  try {
    process.kill(owner.pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}
