/**
 * A write that fails at any step — the lock, the record, git — never leaves the site lock behind,
 * says what happened in one line, and a lock left by a crash is taken over. Failures are real:
 * a full or read-only tmpfs, a file where a folder must go, a git index lock; nothing is mocked.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {LeadError} from '../../src/core/errors.js'
import {acquireSiteLock} from '../../src/core/records/site-lock.js'
import {readSite} from '../../src/core/site.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {cleanupTemp, exampleSite, git, runLead, testEnv, useGitEnv} from '../support/cli.js'
import {mountSmallDisk, type SmallDisk} from '../support/tmpfs.js'

const env = testEnv()
// The writer runs git in this process: give it the test identity.
useGitEnv(env)

const PARTNER = 'partners/harbor-pd.yaml'
const lockFiles = (root: string) => (fs.existsSync(path.join(root, '.lead')) ? fs.readdirSync(path.join(root, '.lead')).filter((f) => f.startsWith('lock')) : [])
const tempFiles = (root: string) => fs.readdirSync(root, {recursive: true, encoding: 'utf8'}).filter((f) => /(^|\/)\.[^/]+\.tmp$/.test(f) && !f.startsWith('.git/'))

function renameChange(root: string, name: string) {
  const text = fs.readFileSync(path.join(root, PARTNER), 'utf8')
  return {kind: 'partner' as const, id: 'harbor-pd', file: PARTNER, text: text.replace(/^name: .*$/m, `name: ${name}`), base: text}
}

async function failure(p: Promise<unknown>): Promise<LeadError> {
  try {
    await p
  } catch (error) {
    expect(error).toBeInstanceOf(LeadError)
    return error as LeadError
  }
  throw new Error('expected the write to fail')
}

describe('the site lock', () => {
  let root: string
  beforeEach(() => {
    root = exampleSite(env)
    fs.mkdirSync(path.join(root, '.lead'), {recursive: true})
  })

  it('takes over an empty lock left by a crash (a full disk, a kill between create and write)', async () => {
    const file = path.join(root, '.lead/lock')
    fs.writeFileSync(file, '')
    const past = new Date(Date.now() - 60_000)
    fs.utimesSync(file, past, past)
    const lock = await acquireSiteLock(root, {waitMs: 2000})
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid)
    lock.release()
    expect(lockFiles(root)).toEqual([])
  })

  it('takes over an unreadable lock just as well', async () => {
    const file = path.join(root, '.lead/lock')
    fs.writeFileSync(file, '{"pid": 12')
    const past = new Date(Date.now() - 60_000)
    fs.utimesSync(file, past, past)
    ;(await acquireSiteLock(root, {waitMs: 2000})).release()
    expect(lockFiles(root)).toEqual([])
  })

  it('waits for an empty lock that was just made: its writer may be filling it', async () => {
    fs.writeFileSync(path.join(root, '.lead/lock'), '')
    expect((await failure(acquireSiteLock(root, {waitMs: 300}))).code).toBe('SITE_BUSY')
  })

  it('a write whose record cannot be written releases the lock (a file where its folder goes)', async () => {
    fs.writeFileSync(path.join(root, 'referrals/2027'), 'not a folder\n')
    const text = fs.readFileSync(path.join(root, 'referrals/2026/r-2026-11-03-k3f9q2.yaml'), 'utf8').replace(/r-2026-11-03-k3f9q2/g, 'r-2027-01-02-abcdef').replace(/2026-11-03T/, '2027-01-02T')
    const e = await failure(writeRecords(readSite(root), [{kind: 'referral', id: 'r-2027-01-02-abcdef', file: 'referrals/2027/r-2027-01-02-abcdef.yaml', text, base: null}], {message: 'referral: add'}))
    expect(e.code).toBe('NOT_A_FOLDER')
    expect(e.exit).toBe(3)
    expect(lockFiles(root)).toEqual([])
    expect(git(root, ['status', '--porcelain'], env)).toBe('?? referrals/2027\n')
  })

  it('a write whose commit fails releases the lock (another git holds .git/index.lock)', async () => {
    fs.writeFileSync(path.join(root, '.git/index.lock'), '')
    const e = await failure(writeRecords(readSite(root), [renameChange(root, 'Harbor City PD')], {message: 'partner: rename'}))
    expect(e.code).toBe('GIT_LOCKED')
    expect(e.exit).toBe(4)
    expect(lockFiles(root)).toEqual([])
  })
})

const disk = mountSmallDisk(16 * 1024)
const skip = 'skip' in disk ? disk.skip : undefined
if (skip) console.warn(`write-failures: full and read-only disk tests skipped: ${skip}`)
afterAll(() => {
  if (!('skip' in disk)) disk.unmount()
  cleanupTemp()
})

describe.skipIf(skip !== undefined)(`on a full or read-only disk${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const small = disk as SmallDisk
  let root: string
  let original: string
  let head: string
  beforeAll(() => {
    root = path.join(small.dir, 'site')
    fs.cpSync(exampleSite(env), root, {recursive: true})
    original = fs.readFileSync(path.join(root, PARTNER), 'utf8')
    head = git(root, ['rev-parse', 'HEAD'], env).trim()
  })
  beforeEach(() => {
    small.empty()
    small.readOnly(false)
    git(root, ['reset', '-q', '--hard', head], env)
    fs.rmSync(path.join(root, '.git/lead'), {recursive: true, force: true})
  })

  it('fails at whichever step runs out of space, one clear error each time, and never leaves the lock', async () => {
    const seen = new Set<string>()
    for (const pages of [0, 1, 2, 3, 4, 6, 8, 10, 12, 16]) {
      git(root, ['reset', '-q', '--hard', head], env)
      small.leaveFree(pages * 4096)
      try {
        await writeRecords(readSite(root), [renameChange(root, `Harbor PD ${pages}`)], {message: 'partner: rename', lockWaitMs: 500})
        seen.add('ok')
      } catch (error) {
        expect(error, `${pages} pages free`).toBeInstanceOf(LeadError)
        const e = error as LeadError
        expect(e.exit, `${pages} pages free: ${e.code} ${e.message}`).toBe(4)
        expect(e.message).not.toMatch(/\n/)
        seen.add(e.code)
      }
      expect(lockFiles(root), `${pages} pages free`).toEqual([])
      expect(tempFiles(root), `${pages} pages free`).toEqual([])
      small.empty()
    }
    // The failures happened at different steps: the lock, the record, git.
    expect(seen).toContain('LOCK_FAILED')
    expect(seen).toContain('DISK_FULL')
    expect(seen).toContain('ok')
  })

  it('a batch of new files that runs out of space part-way takes back every file it wrote', async () => {
    const many = Array.from({length: 12}, (_, i) => ({kind: 'partner' as const, id: `batch-${i}`, file: `partners/batch-${i}.yaml`, text: `id: batch-${i}\nname: Batch ${i}\ntype: other\n`, base: null}))
    small.leaveFree(6 * 4096) // the lock and a few records fit, not twelve
    const e = await failure(writeRecords(readSite(root), many, {message: 'partner: add 12', lockWaitMs: 500}))
    expect(e.code).toBe('DISK_FULL')
    expect(many.filter((c) => fs.existsSync(path.join(root, c.file)))).toEqual([])
    expect(tempFiles(root)).toEqual([])
    expect(lockFiles(root)).toEqual([])
    expect(git(root, ['rev-parse', 'HEAD'], env).trim()).toBe(head)
  })

  it('lead set on a full disk: exit 4, the record and the lock as they were; once there is room it works', () => {
    small.leaveFree(0)
    const full = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor City PD'], {cwd: root, env})
    expect(full.code).toBe(4)
    expect(full.stderr).toMatch(/^error (LOCK_FAILED|DISK_FULL) .*\n {2}hint: .*free some space/)
    expect(full.stderr).not.toMatch(/\n\s+at /)
    expect(fs.readFileSync(path.join(root, PARTNER), 'utf8')).toBe(original)
    expect(lockFiles(root)).toEqual([])
    small.empty()
    const ok = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor City PD'], {cwd: root, env})
    expect(ok.code, ok.stderr).toBe(0)
  })

  it('a read-only disk: the lock cannot be made, and nothing is left', async () => {
    small.readOnly(true)
    const e = await failure(writeRecords(readSite(root), [renameChange(root, 'Harbor City PD')], {message: 'partner: rename'}))
    expect(e.code).toBe('LOCK_FAILED')
    expect(e.exit).toBe(4)
    small.readOnly(false)
    expect(lockFiles(root)).toEqual([])
    expect(fs.readFileSync(path.join(root, PARTNER), 'utf8')).toBe(original)
  })
})
