/**
 * A validation's list of checked files is kept in a file of its own named by its hash
 * (records/file-lists.ts): written once, not read to be kept again, checked when read (a deleted,
 * cut or garbled list costs a validation, never a wrong answer), and pruned to the lists the
 * memo's kept results name. Every answer is compared with a validation that uses no cache.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import {cacheFile, gitStateFile} from '../../src/core/records/parse-cache.js'
import {pruneLists} from '../../src/core/records/file-lists.js'
import {readSite} from '../../src/core/site.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {cleanupTemp, editSiteFile, exampleSite, testEnv, writeSiteFile, useGitEnv} from '../support/cli.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const AS_OF = '2026-11-27'
const REFERRAL = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
const findings = (r: ValidationResult) => [r.files, r.checkedFiles.join(' '), ...r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message} ${d.excerpt ?? ''}`)]

/** Validate with the memo, after removing the parse cache: fromMemo when no record was loaded; same when it agrees with a validation without cache. */
async function judged(root: string): Promise<{fromMemo: boolean; same: boolean}> {
  fs.rmSync(cacheFile(root)!, {force: true})
  const result = await validateSite(readSite(root), {asOf: AS_OF})
  const fromMemo = !fs.existsSync(cacheFile(root)!)
  const fresh = await validateSite(readSite(root), {asOf: AS_OF, cache: false})
  expect(fresh.checkedFiles.length).toBeGreaterThan(10)
  return {fromMemo, same: JSON.stringify(findings(result)) === JSON.stringify(findings(fresh))}
}

const leadDir = (root: string) => path.dirname(cacheFile(root)!)
/** The list files of the site, by name. */
const lists = (root: string) => fs.readdirSync(leadDir(root)).filter((f) => /^validate-files-[0-9a-f]{40}-[0-9a-f]{12}\.nul$/.test(f)).sort()
const onlyList = (root: string) => {
  const found = lists(root)
  expect(found).toHaveLength(1)
  return path.join(leadDir(root), found[0]!)
}

describe('the list of checked files', () => {
  it('is kept once, raw and private, and a validation with the same files neither reads nor rewrites it', async () => {
    const root = exampleSite(env)
    expect(await judged(root)).toEqual({fromMemo: false, same: true})
    const file = onlyList(root)
    const held = fs.statSync(file)
    expect(held.mode & 0o777).toBe(0o600)
    expect(fs.readFileSync(file, 'utf8').split('\0')).toEqual((await validateSite(readSite(root), {asOf: AS_OF, cache: false})).checkedFiles)
    // An edit keeps the files: a new result, the same list, its file untouched (a rewrite is a new inode).
    editSiteFile(root, REFERRAL, 'status: enrolled', 'status: eligible')
    // Keeping it again neither opens nor reads it.
    const open = vi.spyOn(fs, 'openSync')
    const read = vi.spyOn(fs, 'readFileSync')
    try {
      expect(await judged(root)).toEqual({fromMemo: false, same: true})
      const touched = [...open.mock.calls, ...read.mock.calls].map((c) => String(c[0]))
      expect(touched.filter((f) => f.endsWith('.nul'))).toEqual([])
      expect(touched.length).toBeGreaterThan(0) // the spies see lead's reads
    } finally {
      open.mockRestore()
      read.mockRestore()
    }
    expect(onlyList(root)).toBe(file)
    const after = fs.statSync(file)
    expect([after.ino, after.mtimeMs]).toEqual([held.ino, held.mtimeMs])
    expect(await judged(root)).toEqual({fromMemo: true, same: true})
  })

  for (const [damage, harm] of [
    ['deleted', (file: string) => fs.rmSync(file)],
    ['cut short', (file: string) => fs.truncateSync(file, fs.statSync(file).size - 7)],
    ['garbled at its size', (file: string) => {
      const bytes = fs.readFileSync(file)
      bytes[bytes.length - 6] ^= 0x01 // a path's letter, another path
      fs.writeFileSync(file, bytes)
    }],
    ['a folder', (file: string) => {
      fs.rmSync(file)
      fs.mkdirSync(file)
    }],
  ] as const) {
    it(`${damage}: costs a validation whose answer is right, and is kept again`, async () => {
      const root = exampleSite(env)
      expect(await judged(root)).toEqual({fromMemo: false, same: true})
      expect(await judged(root)).toEqual({fromMemo: true, same: true})
      const file = onlyList(root)
      harm(file)
      expect(await judged(root)).toEqual({fromMemo: false, same: true})
      if (damage !== 'a folder') expect(await judged(root)).toEqual({fromMemo: true, same: true})
    })
  }

  it('a write that adds files leaves its findings with the new list: the next validation answers from them, as a fresh one', async () => {
    const root = exampleSite(env)
    expect(await judged(root)).toEqual({fromMemo: false, same: true})
    const partner = (id: string) => ({kind: 'partner' as const, id, file: `partners/${id}.yaml`, text: `id: ${id}\nname: Test ${id}\ntype: other\n`, base: null})
    // One file (lead new), then 80 in one commit (an import: git fast-import).
    for (const batch of [[partner('new-one')], Array.from({length: 80}, (_, i) => partner(`many-${i}`))]) {
      const before = lists(root)
      await writeRecords(readSite(root), batch, {message: 'partner: add', asOf: AS_OF})
      expect(lists(root).filter((f) => !before.includes(f))).toHaveLength(1)
      expect(await judged(root)).toEqual({fromMemo: true, same: true})
    }
  })

  it('judges a temporary file abandoned by the file system\'s clock, not this machine\'s (two hours ahead: a write under way is left alone)', async () => {
    const root = exampleSite(env)
    expect(await judged(root)).toEqual({fromMemo: false, same: true})
    const list = lists(root)[0]!
    const temp = (name: string, ageByFileSystem: number) => {
      const file = path.join(leadDir(root), `.${list}.${name}.tmp`)
      fs.writeFileSync(file, 'paths')
      const at = new Date(Date.now() - ageByFileSystem)
      fs.utimesSync(file, at, at)
      return file
    }
    const writing = temp('writing', 1000)
    const crashed = temp('crashed', 3 * 3_600_000)
    // This machine's clock two hours ahead of the file system's (a network share, a container):
    // by it, the write under way would look two hours old.
    const realNow = Date.now.bind(Date)
    const ahead = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 2 * 3_600_000)
    try {
      pruneLists(root, 'validate-files', [list.slice('validate-files-'.length, 'validate-files-'.length + 40)])
    } finally {
      ahead.mockRestore()
    }
    expect([writing, crashed].map((f) => fs.existsSync(f))).toEqual([true, false])
    expect(lists(root)).toEqual([list])
  })

  it('a validation that saves the parse cache whole and keeps its list removes what a save cut off before left (the ~9 MB values file\'s temporary copy)', async () => {
    const root = exampleSite(env)
    fs.mkdirSync(leadDir(root), {recursive: true, mode: 0o700})
    const cut = path.join(leadDir(root), `.${path.basename(cacheFile(root)!).replace(/^index-/, 'values-')}.0123456789ab.tmp`)
    fs.writeFileSync(cut, '{"version"')
    fs.utimesSync(cut, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000))
    expect(await judged(root)).toEqual({fromMemo: false, same: true})
    expect(fs.existsSync(cut)).toBe(false)
  })

  it('is pruned to the lists the kept results name; a crashed write\'s temporary file and the file that held every list are removed', async () => {
    const root = exampleSite(env)
    expect(await judged(root)).toEqual({fromMemo: false, same: true})
    // Where the lists were kept before: one memo file of them all.
    const legacy = gitStateFile(root, 'memo-validate-files', '.json')!
    fs.writeFileSync(legacy, 'x')
    // A write that never finished (a crash), and one under way in another process.
    const temp = (age: number) => {
      const file = path.join(leadDir(root), `.${lists(root)[0]}.${age}abcdef.tmp`)
      fs.writeFileSync(file, 'paths')
      fs.utimesSync(file, new Date(Date.now() - age), new Date(Date.now() - age))
      return file
    }
    const [crashed, writing] = [temp(3_600_000), temp(1000)]
    // Five states with five sets of files: a list each.
    for (let i = 0; i < 5; i++) {
      writeSiteFile(root, `partners/p-extra-${i}.yaml`, `id: p-extra-${i}\nname: Extra ${i}\ntype: shelter\n`)
      expect(await judged(root)).toEqual({fromMemo: false, same: true})
    }
    expect([legacy, crashed, writing].map((f) => fs.existsSync(f))).toEqual([false, false, true])
    // Each kept result in a file of its own (records/result-files.ts): the three newest.
    const results = fs.readdirSync(leadDir(root)).filter((f) => /^memo-validate-[0-9a-f]{40}-/.test(f))
    expect(results).toHaveLength(3)
    const memo = results.map((f) => fs.readFileSync(path.join(leadDir(root), f), 'latin1')).join('\n')
    const named = [...memo.matchAll(/"files":"([0-9a-f]{40})"/g)].map((m) => m[1]!)
    expect(named).toHaveLength(3)
    expect(lists(root).map((f) => f.slice('validate-files-'.length, -'-000000000000.nul'.length)).sort()).toEqual([...named].sort())
    // The newest three states answer from the memo; an older one is validated again.
    expect(await judged(root)).toEqual({fromMemo: true, same: true})
    fs.rmSync(path.join(root, 'partners/p-extra-4.yaml'))
    expect(await judged(root)).toEqual({fromMemo: true, same: true})
  })
})
