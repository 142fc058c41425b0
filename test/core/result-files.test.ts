/**
 * A command's remembered results, each in a file of its own (src/core/records/result-files.ts): a
 * miss reads no other result, a damaged file is no result, the newest few are kept (the one just
 * written always), the file that held them all goes, and the files stay private.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {gitStateHome} from '../../src/core/records/cache-files.js'
import {keptResults, readResult, writeResult} from '../../src/core/records/result-files.js'
import {cleanupTemp, git, tempDir} from '../support/cli.js'

afterAll(cleanupTemp)

function repo(): {root: string; dir: string; site: string} {
  const root = tempDir('lead-results-')
  git(root, ['init', '-q'])
  const home = gitStateHome(root)!
  return {root, dir: home.dir, site: home.key}
}

/** The file of `name`'s result under `key`: named by the key's SHA-1. */
const fileOf = (dir: string, site: string, name: string, key: string) => path.join(dir, `memo-${name}-${createHash('sha1').update(key).digest('hex')}-${site}.json`)

const files = (dir: string, name: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => new RegExp(`^memo-${name}-[0-9a-f]{40}-`).test(f)).sort() : [])

/** Set a file's modification time `ms` into the past (the order results were written in). */
const age = (file: string, ms: number) => fs.utimesSync(file, new Date(Date.now() - ms), new Date(Date.now() - ms))

describe('remembered results, a file each', () => {
  it('reads back what was written, privately, and a miss is no result', () => {
    const {root, dir} = repo()
    expect(readResult(root, 'status', 'k1')).toBeUndefined()
    writeResult(root, 'status', 'k1', {rows: ['a', 'é']}, 3)
    expect(readResult(root, 'status', 'k1')).toEqual({rows: ['a', 'é']})
    expect(readResult(root, 'status', 'k2')).toBeUndefined()
    const [file] = files(dir, 'status')
    expect(fs.statSync(path.join(dir, file!)).mode & 0o777).toBe(0o600)
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700)
  })

  it('a cut-short, edited or foreign file is no result, and the others still answer', () => {
    const {root, dir, site} = repo()
    writeResult(root, 'status', 'k1', {n: 1}, 3)
    writeResult(root, 'status', 'k2', {n: 2}, 3)
    const one = fileOf(dir, site, 'status', 'k1')
    const text = fs.readFileSync(one, 'latin1')
    for (const damaged of [text.slice(0, Math.floor(text.length / 2)), text.replace('"n":1', '"n":7'), '', 'x'.repeat(40)]) {
      fs.writeFileSync(one, damaged)
      expect(readResult(root, 'status', 'k1')).toBeUndefined()
      expect(readResult(root, 'status', 'k2')).toEqual({n: 2})
    }
    // Another key's file put in its place (the name is the key's, the content another's): no result.
    fs.copyFileSync(fileOf(dir, site, 'status', 'k2'), one)
    expect(readResult(root, 'status', 'k1')).toBeUndefined()
    // Written again, it answers again.
    writeResult(root, 'status', 'k1', {n: 1}, 3)
    expect(readResult(root, 'status', 'k1')).toEqual({n: 1})
  })

  it('keeps the newest few, the one just written always; removes the file that held them all; leaves other names alone', () => {
    const {root, dir, site} = repo()
    fs.mkdirSync(dir, {recursive: true})
    const legacy = path.join(dir, `memo-list-${site}.json`)
    const others = [`memo-list-rows-${site}.json`, `memo-status-${site}.json`].map((f) => path.join(dir, f))
    for (const f of [legacy, ...others]) fs.writeFileSync(f, 'x')
    writeResult(root, 'list-answer', 'a1', 1, 3)
    for (const [i, key] of ['k1', 'k2', 'k3'].entries()) writeResult(root, 'list', key, i, 3)
    // Written one after the other: older by their times.
    const byKey = (key: string) => fileOf(dir, site, 'list', key)
    age(byKey('k1'), 30_000)
    age(byKey('k2'), 20_000)
    age(byKey('k3'), 10_000)
    expect(keptResults(root, 'list')).toEqual([2, 1, 0])
    // The newest result's file dated in the future by a clock gone wrong: the one written now is kept whatever the others say.
    fs.utimesSync(byKey('k3'), new Date(Date.now() + 3_600_000), new Date(Date.now() + 3_600_000))
    writeResult(root, 'list', 'k4', 3, 3)
    expect(files(dir, 'list')).toHaveLength(3)
    expect(['k1', 'k2', 'k3', 'k4'].map((k) => readResult(root, 'list', k))).toEqual([undefined, 1, 2, 3])
    expect(fs.existsSync(legacy)).toBe(false)
    expect(others.map((f) => fs.existsSync(f))).toEqual([true, true])
    expect(readResult(root, 'list-answer', 'a1')).toBe(1)
    expect(files(dir, 'list-answer')).toHaveLength(1)
  })

  it('saves a crash or a Ctrl-C cut off leave temporary files: removed by the next result written once abandoned, never while one may be under way', () => {
    const {root, dir, site} = repo()
    writeResult(root, 'status', 'k1', 1, 3)
    const temp = (name: string, ms: number) => {
      const file = path.join(dir, name)
      fs.writeFileSync(file, '{"cut": ')
      age(file, ms)
      return file
    }
    const result = (key: string) => path.basename(fileOf(dir, site, 'status', key))
    // writeFileAtomic's (a result, the parse cache's index and values) and writePrivateJson's (git's index summary).
    const crashed = [temp(`.${result('k0')}.a1b2c3d4e5f6.tmp`, 3_600_000), temp(`.values-${site}.json.0a0b0c0d0e0f.tmp`, 3_600_000), temp(`index-summary.json.4242.tmp`, 3_600_000)]
    const writing = [temp(`.${result('k2')}.f6e5d4c3b2a1.tmp`, 1000), temp(`index-summary.json.4343.tmp`, 1000)]
    // Not a temporary file's name: a user's file left there is not lead's to remove.
    const foreign = temp('notes.tmp', 3_600_000)
    writeResult(root, 'status', 'k2', 2, 3)
    expect(crashed.map((f) => fs.existsSync(f))).toEqual([false, false, false])
    expect([...writing, foreign].map((f) => fs.existsSync(f))).toEqual([true, true, true])
    expect(['k1', 'k2'].map((k) => readResult(root, 'status', k))).toEqual([1, 2])
  })

  it('outside git keeps nothing and answers nothing', () => {
    const root = tempDir('lead-results-nogit-')
    writeResult(root, 'status', 'k1', 1, 3)
    expect(readResult(root, 'status', 'k1')).toBeUndefined()
    expect(keptResults(root, 'status')).toEqual([])
  })
})
