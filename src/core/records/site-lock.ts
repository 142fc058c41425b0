/**
 * One writer at a time per site: a lock file created exclusively (O_EXCL) in .lead/, holding the
 * owner's pid, host and start time so a stale lock (a killed process) can be recognised.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {stateError} from '../errors.js'

const LOCK_FILE = '.lead/lock'

export interface LockOptions {
  /** How long to wait for another lead command to finish (default 10 s). */
  waitMs?: number
}

export interface SiteLock {
  release(): void
}

export async function acquireSiteLock(root: string, options: LockOptions = {}): Promise<SiteLock> {
  const file = path.join(root, LOCK_FILE)
  fs.mkdirSync(path.dirname(file), {recursive: true})
  const deadline = Date.now() + (options.waitMs ?? 10_000)
  const body = JSON.stringify({pid: process.pid, host: os.hostname(), since: new Date().toISOString()})
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    try {
      fs.writeFileSync(file, body, {flag: 'wx', mode: 0o600})
      let released = false
      return {
        release() {
          if (released) return
          released = true
          fs.rmSync(file, {force: true})
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const owner = readOwner(file)
    if (owner && isStale(owner)) {
      fs.rmSync(file, {force: true})
      continue
    }
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
