/**
 * The site lock judges how old a lock or its breaker is by the clock of the file system that
 * stamped it (records/fs-clock.ts), not this machine's. The files are real; this machine's clock
 * (Date.now) is set an hour off the file system's, as on a network share whose server's clock
 * differs or in a container whose clock does.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {LeadError} from '../../src/core/errors.js'
import {fileSystemNow} from '../../src/core/records/fs-clock.js'
import {acquireSiteLock} from '../../src/core/records/site-lock.js'

const HOUR = 3_600_000
const realNow = Date.now.bind(Date)
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, {recursive: true, force: true})
})

let root: string
let lock: string
let breaker: string
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-lock-clock-'))
  dirs.push(root)
  fs.mkdirSync(path.join(root, '.lead'))
  lock = path.join(root, '.lead/lock')
  breaker = `${lock}.break`
})
afterEach(() => {
  vi.restoreAllMocks()
})

/** This machine's clock `ms` off the file system's (positive: ahead). */
const machineClockOff = (ms: number) => vi.spyOn(Date, 'now').mockImplementation(() => realNow() + ms)
/** A file's times set `ms` before now by the file system's clock (the machine's real one here). */
function aged(file: string, ms: number): void {
  const at = new Date(realNow() - ms)
  fs.utimesSync(file, at, at)
}
/** A lock left by a process of this host that is gone (never a live pid). */
const deadOwner = () => JSON.stringify({pid: 2 ** 22 + 31, host: os.hostname(), since: 'then', token: 'gone'})

async function busy(p: Promise<unknown>): Promise<string> {
  try {
    ;(await p as {release(): void}).release()
  } catch (error) {
    expect(error).toBeInstanceOf(LeadError)
    return (error as LeadError).code
  }
  return 'acquired'
}

const leadFiles = () => fs.readdirSync(path.join(root, '.lead')).sort()

describe('the site lock on a file system whose clock differs from this machine\'s', () => {
  it('this machine an hour ahead: an empty lock just made is waited for, not broken (its writer may be filling it)', async () => {
    fs.writeFileSync(lock, '')
    machineClockOff(HOUR)
    expect(await busy(acquireSiteLock(root, {waitMs: 300}))).toBe('SITE_BUSY')
    expect(fs.readFileSync(lock, 'utf8')).toBe('')
  })

  it('this machine an hour behind: an empty lock a minute old by the file system is taken over', async () => {
    fs.writeFileSync(lock, '')
    aged(lock, 60_000)
    machineClockOff(-HOUR)
    expect(await busy(acquireSiteLock(root, {waitMs: 2000}))).toBe('acquired')
    // Nothing left behind: not the lock, nor the file that read the file system's clock.
    expect(leadFiles()).toEqual([])
  })

  it('this machine an hour behind: a breaker left by a crash a minute ago is cleared, and the dead process\'s lock taken over', async () => {
    fs.writeFileSync(lock, deadOwner())
    fs.writeFileSync(breaker, '999')
    aged(breaker, 60_000)
    machineClockOff(-HOUR)
    expect(await busy(acquireSiteLock(root, {waitMs: 2000}))).toBe('acquired')
    expect(leadFiles()).toEqual([])
  })

  it('this machine an hour ahead: a breaker made just now is left to its process (the dead lock waits for it)', async () => {
    fs.writeFileSync(lock, deadOwner())
    fs.writeFileSync(breaker, '999')
    machineClockOff(HOUR)
    expect(await busy(acquireSiteLock(root, {waitMs: 300}))).toBe('SITE_BUSY')
    expect(leadFiles()).toEqual(['lock', 'lock.break'])
  })

  it('a folder where the lock goes is refused at once (LOCK_NOT_A_FILE), young or old, and left as it is', async () => {
    fs.mkdirSync(lock)
    fs.writeFileSync(path.join(lock, 'inside'), 'x')
    const started = Date.now()
    expect(await busy(acquireSiteLock(root, {waitMs: 5000}))).toBe('LOCK_NOT_A_FILE')
    expect(Date.now() - started).toBeLessThan(2500) // not the 5 s wait
    aged(lock, 60_000)
    expect(await busy(acquireSiteLock(root, {waitMs: 5000}))).toBe('LOCK_NOT_A_FILE')
    expect(fs.readdirSync(lock)).toEqual(['inside'])
    expect(leadFiles()).toEqual(['lock'])
  })

  it('the file system\'s time now is a file\'s written in the folder, gone at once', () => {
    machineClockOff(HOUR)
    const before = realNow()
    const now = fileSystemNow(path.join(root, '.lead'))!
    expect(now).toBeGreaterThanOrEqual(before - 1000)
    expect(now).toBeLessThanOrEqual(realNow() + 1000)
    expect(leadFiles()).toEqual([])
    // Cannot be written (no such folder): no time, rather than this machine's.
    expect(fileSystemNow(path.join(root, 'missing'))).toBeUndefined()
  })
})
