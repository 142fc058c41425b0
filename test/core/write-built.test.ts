/**
 * A change built from the site as the write path loads it, under its lock (record-writer.ts
 * writeBuiltRecords): `lead new` of a record given whole loads the site once, whole, while no other
 * lead writer can write, and the write path's refusals stand as for changes given.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it, vi} from 'vitest'
import {runNew} from '../../src/cli/everyday/new.js'
import {output} from '../../src/cli/output.js'
import {acquireSiteLock} from '../../src/core/records/site-lock.js'
import {writeBuiltRecords} from '../../src/core/write/record-writer.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, git, tempDir, testEnv, useGitEnv} from '../support/cli.js'
import {refused} from '../support/lead-error.js'

const loads = vi.hoisted(() => ({partial: 0, whole: 0}))
vi.mock('../../src/core/records/load.js', async (importOriginal) => {
  const load = await importOriginal<typeof import('../../src/core/records/load.js')>()
  return {
    ...load,
    loadRecords: (...args: Parameters<typeof load.loadRecords>) => {
      if (args[1]?.select) loads.partial++
      else loads.whole++
      return load.loadRecords(...args)
    },
  }
})

// What a minted participant code must not be: asked of the predicate lead mints with.
const minting = vi.hoisted(() => ({taken: undefined as undefined | ((code: string) => boolean)}))
vi.mock('../../src/core/records/id-minting.js', async (importOriginal) => {
  const minted = await importOriginal<typeof import('../../src/core/records/id-minting.js')>()
  return {
    ...minted,
    mintParticipantCode: (taken: (code: string) => boolean) => {
      minting.taken = taken
      return minted.mintParticipantCode(taken)
    },
  }
})

afterAll(cleanupTemp)

const env = testEnv()
// The writer runs git in this process: give it the test identity.
useGitEnv(env)

const FIRST = 'referrals/2026/r-2026-01-08-z66mn9.yaml'
const partner = (id: string, type = 'other') => `id: ${id}\nname: Test ${id}\ntype: ${type}\n`
const newPartner = (id: string, type?: string) => ({kind: 'partner' as const, id, file: `partners/${id}.yaml`, text: partner(id, type), base: null})
let root: string
const log = () => git(root, ['log', '--format=%s'], env).trim().split('\n')

beforeEach(() => {
  root = exampleSite(env, {warm: true})
  loads.partial = loads.whole = 0
})

describe('lead new of a record given whole', () => {
  it('loads the site once, whole (the write path\'s load, under its lock), and builds the record from it', async () => {
    const file = path.join(tempDir('lead-entered-'), 'entered.yaml')
    fs.writeFileSync(file, fs.readFileSync(path.join(root, FIRST), 'utf8').replace(/^(id|consent|participant): .*\n/gm, ''))
    const said: string[] = []
    const sink = {write: (text: string) => said.push(text)}
    await runNew({dir: root, kind: 'referral', file, set: ['notes=entered from a file'], commit: true, interactive: false}, output(false, sink, sink))
    expect(loads).toEqual({partial: 0, whole: 1})
    const id = said.at(-1)!.trim()
    expect(id).toMatch(/^r-2026-01-08-[a-z0-9]{6}$/)
    expect(log()[0]).toBe(`referral: add ${id}`)
    // A participant code minted afresh: none the site's referrals and consents hold (read from the index's facts).
    const text = fs.readFileSync(path.join(root, 'referrals', '2026', `${id}.yaml`), 'utf8')
    const code = /^participant: (P-[0-9A-Z]{6})$/m.exec(text)![1]!
    const others = ['referrals/2025', 'referrals/2026', 'consents'].flatMap((d) => fs.readdirSync(path.join(root, d)).map((f) => path.join(root, d, f))).filter((f) => !f.endsWith(`${id}.yaml`))
    expect(others.length).toBeGreaterThan(20)
    expect(others.filter((f) => fs.readFileSync(f, 'utf8').includes(code))).toEqual([])
    // Every code the site's referrals and consents hold was taken (read from the index's facts), and no other.
    const inUse = new Set(others.map((f) => /^participant: (.*)$/m.exec(fs.readFileSync(f, 'utf8'))?.[1]).filter((c) => c !== undefined))
    expect(inUse.size).toBeGreaterThan(10)
    expect([...inUse].filter((c) => !minting.taken!(c))).toEqual([])
    expect(minting.taken!('P-ZZZZZ9')).toBe(false)
  })
})

describe('writeBuiltRecords', () => {
  it('builds from the whole site as loaded under the lock, and writes and commits what it built with its message', async () => {
    const seen: {locked?: boolean; partial?: boolean; hasFirst?: boolean} = {}
    const r = await writeBuiltRecords(readSite(root), (before) => {
      seen.locked = fs.existsSync(path.join(root, '.lead', 'lock'))
      seen.partial = before.partial
      seen.hasFirst = before.has('referral', 'r-2026-01-08-z66mn9')
      return {changes: [newPartner('built-one')], message: 'partner: add built-one'}
    }, {})
    expect(seen).toEqual({locked: true, partial: false, hasFirst: true})
    expect(r.files).toEqual(['partners/built-one.yaml'])
    expect(r.message).toBe('partner: add built-one')
    expect(log()[0]).toBe('partner: add built-one')
    expect(fs.existsSync(path.join(root, '.lead', 'lock'))).toBe(false)
  })

  it('a build that throws: nothing written, the lock released', async () => {
    const before = log()
    await expect(writeBuiltRecords(readSite(root), () => {
      throw new Error('no ID free')
    }, {})).rejects.toThrow('no ID free')
    expect(log()).toEqual(before)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    const lock = await acquireSiteLock(root, {waitMs: 0})
    lock.release()
  })

  it('git\'s refusal (a detached HEAD) still comes before the findings of an invalid change, and nothing is written', async () => {
    git(root, ['checkout', '--quiet', '--detach'], env)
    for (const type of ['other', 'martian']) {
      const e = await refused(writeBuiltRecords(readSite(root), () => ({changes: [newPartner('built-two', type)], message: 'x'}), {}))
      expect(e.code).toBe('DETACHED_HEAD')
      expect(fs.existsSync(path.join(root, 'partners', 'built-two.yaml'))).toBe(false)
    }
    git(root, ['checkout', '--quiet', '-'], env)
    const e = await refused(writeBuiltRecords(readSite(root), () => ({changes: [newPartner('built-two', 'martian')], message: 'x'}), {}))
    expect(e.code).toBe('INVALID_CHANGE')
  })

  it('a built change to a file that is there already (made meanwhile, not by this build\'s reading): RECORD_CHANGED', async () => {
    const e = await refused(writeBuiltRecords(readSite(root), () => ({changes: [{...newPartner('harbor-pd'), text: partner('harbor-pd', 'law_enforcement')}], message: 'x'}), {}))
    expect(e.code).toBe('RECORD_CHANGED')
  })
})
