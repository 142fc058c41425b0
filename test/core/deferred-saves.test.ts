/**
 * A write puts the delta's basis off until git is committing (records/deferred-saves.ts): the
 * basis is still there, current, when the write returns (committed, refused or not committed), and
 * a validation outside a write saves it at once.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import {ParseCache} from '../../src/core/records/parse-cache.js'
import {holdSaves, runHeldSaves, saveLater} from '../../src/core/records/deferred-saves.js'
import {readSite} from '../../src/core/site.js'
import {basisFile, deltaRuns} from '../../src/core/validate/delta-basis.js'
import {validateSite} from '../../src/core/validate/site-validation.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {cleanupTemp, exampleSite, git, testEnv} from '../support/cli.js'

const env = testEnv()
const AS_OF = '2026-11-27'
const REFERRAL = 'referrals/2025/r-2025-06-03-cv4zgx.yaml'

afterAll(cleanupTemp)

describe('saves put off while a write waits for git', () => {
  it('run at once unless held, and in order once released', () => {
    const done: number[] = []
    saveLater(() => done.push(1))
    expect(done).toEqual([1])
    holdSaves()
    saveLater(() => done.push(2))
    holdSaves()
    saveLater(() => done.push(3))
    expect(done).toEqual([1])
    runHeldSaves()
    expect(done).toEqual([1, 2, 3])
    runHeldSaves()
    saveLater(() => done.push(4))
    expect(done).toEqual([1, 2, 3, 4])
    // A save that fails costs only itself: the others run, and the write's own result stands.
    holdSaves()
    saveLater(() => {
      throw new Error('disk full')
    })
    saveLater(() => done.push(5))
    expect(() => runHeldSaves()).not.toThrow()
    expect(done).toEqual([1, 2, 3, 4, 5])
  })

  it('keep the basis as the validation found it, without the excerpts added to its findings afterwards', async () => {
    const root = exampleSite(env)
    // A partner with a field no partner has: a finding shown with its line.
    fs.writeFileSync(path.join(root, 'partners/zz-odd.yaml'), 'id: zz-odd\nname: Odd Partner\ntype: other\ncolour: blue\n')
    const after = AS_OF
    const shown = await validateSite(readSite(root), {asOf: after})
    expect(shown.diagnostics.some((d) => d.file === 'partners/zz-odd.yaml' && d.excerpt !== undefined)).toBe(true)
    const abs = path.join(root, REFERRAL)
    const base = fs.readFileSync(abs, 'utf8')
    await writeRecords(readSite(root), [{kind: 'referral', id: path.basename(REFERRAL, '.yaml'), file: REFERRAL, text: `${base}# edited\n`, base}], {message: 'edit', asOf: after})
    const basis = fs.readFileSync(basisFile(root)!, 'latin1')
    expect(basis).toContain('zz-odd')
    expect(basis).not.toContain('"excerpt"')
  })

  it('leave the basis of the state a write validated, committed or refused, for the next validation to start from', async () => {
    const root = exampleSite(env)
    await validateSite(readSite(root), {asOf: AS_OF})
    const file = basisFile(root)!
    const abs = path.join(root, REFERRAL)
    const base = fs.readFileSync(abs, 'utf8')
    const id = path.basename(REFERRAL, '.yaml')
    fs.rmSync(file)
    await writeRecords(readSite(root), [{kind: 'referral', id, file: REFERRAL, text: `${base}# edited\n`, base}], {message: 'edit', asOf: AS_OF})
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe('edit')
    expect(fs.existsSync(file), 'the basis is saved before the write returns').toBe(true)
    // The next validation starts from it.
    const before = deltaRuns.count
    fs.writeFileSync(abs, `${base}# edited again\n`)
    await validateSite(readSite(root), {asOf: AS_OF})
    expect(deltaRuns.count).toBe(before + 1)
    fs.writeFileSync(abs, `${base}# edited\n`)
    // Refused: a change that breaks the referral's schema is not written, and its basis is still saved.
    fs.rmSync(file)
    const broken = `${base}# edited\n`.replace(/^status: .*$/m, 'status: 42')
    await expect(writeRecords(readSite(root), [{kind: 'referral', id, file: REFERRAL, text: broken, base: `${base}# edited\n`}], {message: 'break', asOf: AS_OF})).rejects.toThrow(/not written/)
    expect(fs.existsSync(file)).toBe(true)
  })

  it("a write whose save of the parse cache fails has still written and committed: the save costs the next command speed, not the write its result", async () => {
    const root = exampleSite(env)
    const abs = path.join(root, REFERRAL)
    const base = fs.readFileSync(abs, 'utf8')
    const id = path.basename(REFERRAL, '.yaml')
    // Every file known to the cache: the write's load parses none. The written referral's parse
    // result is put in the cache while git commits (rememberWritten).
    await validateSite(readSite(root), {asOf: AS_OF})
    const failing = vi.spyOn(ParseCache.prototype, 'set').mockImplementation(() => {
      throw new Error('no room for the cache')
    })
    try {
      const result = await writeRecords(readSite(root), [{kind: 'referral', id, file: REFERRAL, text: `${base}# edited\n`, base}], {message: 'edit', asOf: AS_OF})
      expect(failing).toHaveBeenCalled()
      expect(result.commit).toMatch(/^[0-9a-f]{40}$/)
    } finally {
      failing.mockRestore()
    }
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe('edit')
    expect(fs.readFileSync(abs, 'utf8')).toBe(`${base}# edited\n`)
    // The next validation reads the referral again and judges the site as it is.
    expect((await validateSite(readSite(root), {asOf: AS_OF})).errors).toBe(0)
  })
})
