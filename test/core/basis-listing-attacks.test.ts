/**
 * A second reader's attacks on the state memo's digest, the basis's listing and the state before a
 * write taken from the memo (basis-link.ts, site-findings.ts rememberedValidation): what git cannot
 * see but a listing reads must still make another digest, or a remembered answer is a wrong one.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {validateSite} from '../../src/core/validate/site-validation.js'
import {cleanupTemp, exampleSite, git, testEnv, useGitEnv} from '../support/cli.js'
import {setNotes} from '../support/set-notes.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const AS_OF = '2026-11-27'
const set = (root: string, notes: string) => setNotes(root, notes, AS_OF)

const codes = async (root: string, cache: boolean) => (await validateSite(readSite(root), {asOf: AS_OF, ...(cache ? {} : {cache: false})})).diagnostics.map((d) => `${d.code} ${d.file}`)

describe('a link whose target changes what it is (git sees the same link)', () => {
  it('untracked: a link to a file made a link to a folder is judged again, and a write beside it is not refused for it', async () => {
    const root = exampleSite(env)
    const link = path.join(root, 'referrals/2027')
    fs.symlinkSync('../lead.yaml', link)
    // A link to a file in a participant folder is never read, and its target's path may name someone.
    expect(await codes(root, true)).toEqual(['SYMLINK referrals/2027'])
    fs.rmSync(link)
    fs.symlinkSync('2026', link)
    const cold = await codes(root, false)
    expect(cold).toEqual(['SYMLINK referrals/2027'])
    expect(await codes(root, true)).toEqual(cold)
    // The folder link was there before the change: not the change's error.
    const written = await set(root, 'beside a link')
    expect(written.commit).toMatch(/^[0-9a-f]{40}$/)
  })

  it('tracked: a committed link whose folder is removed or made again', async () => {
    const root = exampleSite(env)
    fs.mkdirSync(path.join(root, 'referrals/empty'))
    fs.symlinkSync('empty', path.join(root, 'referrals/2027'))
    git(root, ['add', 'referrals/2027'], env)
    git(root, ['commit', '-qm', 'a link'], env)
    expect(await codes(root, true)).toEqual(['SYMLINK referrals/2027'])
    fs.rmdirSync(path.join(root, 'referrals/empty'))
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    // Dangling, it is still a link in a participant folder.
    const dangling = ['SYMLINK referrals/2027']
    expect(await codes(root, false)).toEqual(dangling)
    expect(await codes(root, true)).toEqual(dangling)
    await set(root, 'beside a dangling link')
    expect(await codes(root, true)).toEqual(dangling)
    fs.mkdirSync(path.join(root, 'referrals/empty'))
    expect(await codes(root, false)).toEqual(['SYMLINK referrals/2027'])
    expect(await codes(root, true)).toEqual(['SYMLINK referrals/2027'])
    const written = await set(root, 'beside a folder link')
    expect(written.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(await codes(root, true)).toEqual(['SYMLINK referrals/2027'])
  })
})

describe('the structure rule on files added (Rule.runAdded)', () => {
  it('looks for a few added files one by one, and leaves many (an import, a pull) to a run: 1,000 among 10,000 took 2.5 s', async () => {
    const {structureRule, ADDED_LOOKED_FOR} = await import('../../src/core/validate/rules/structure.js')
    const records = Array.from({length: 11_000}, (_, i) => {
      const id = `r-2026-0${1 + (i % 9)}-1${i % 9}-${i.toString(36).padStart(6, '0')}`
      return {kind: 'referral' as const, id, file: `referrals/2026/${id}.yaml`, data: {}, source: undefined as never}
    }).sort((a, b) => (a.file < b.file ? -1 : 1))
    const ctx = {records: {records}, isReadable: () => true} as never
    expect(structureRule.runAdded!(ctx, [], records.slice(0, ADDED_LOOKED_FOR))).toBe(true)
    const started = performance.now()
    expect(structureRule.runAdded!(ctx, [], records.filter((_, i) => i % 11 === 0))).toBe(false)
    expect(performance.now() - started).toBeLessThan(100)
  })
})
