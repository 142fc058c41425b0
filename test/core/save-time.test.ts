/**
 * A stamp vouches for a file only when saved well after the file last changed, judged by the file
 * system's clock (records/save-time.ts): the modification time of the index or journal that holds
 * it, not this machine's. Here the site's file system runs 5 s off this machine's clock with whole
 * seconds (test/support/save-times.ts skewedFileSystem), as a network share can.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {lineTimes} from '../../src/core/records/index-journal.js'
import {loadRecords, type RecordInput} from '../../src/core/records/load.js'
import {cacheFile, journalFileOf, ParseCache, readCacheIndex} from '../../src/core/records/parse-cache.js'
import {ofKinds} from '../../src/core/records/site-files.js'
import {gitFileState} from '../../src/core/records/git-file-state.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, git, testEnv} from '../support/cli.js'
import {savedLater, skewedFileSystem} from '../support/save-times.js'

afterAll(cleanupTemp)
const env = testEnv()
Object.assign(process.env, {GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})

const PROTOCOL = 'protocols/2026-v2.yaml'
const OTHER = 'protocols/2025-v1.yaml'
const titles = ['Harbor County LEAD Operational Protocol', 'Harbor County LEAD Operational Protoco!', 'Harbor County LEAD Operational Protoco#', 'Harbor County LEAD Operational Protoco%']

let root: string
beforeEach(() => {
  root = exampleSite(env)
  fs.rmSync(path.dirname(cacheFile(root)!), {recursive: true, force: true})
})
afterEach(() => {
  vi.restoreAllMocks()
})

const abs = (rel: string) => path.join(root, rel)
/** The same size, another title. */
function retitle(rel: string, to: string): void {
  const text = fs.readFileSync(abs(rel), 'utf8')
  const from = /^title: (.*)$/m.exec(text)![1]!
  expect(to.length).toBe(from.length)
  fs.writeFileSync(abs(rel), text.replace(/^title: .*$/m, `title: ${to}`))
}

/** Load as `how` does, and say which files it read (not vouched for by git or their stamps) and the protocol's title. */
async function load(how: 'walk' | 'git' | 'off'): Promise<{read: string[]; title: string | undefined}> {
  const read: string[] = []
  const prepare = async (inputs: readonly RecordInput[]) => void read.push(...inputs.map((i) => i.file))
  // The walk of a few folders (show, reports: site-files.ts ofKinds), the whole site as git lists it, or walked (LEAD_GIT_STATE=off).
  if (how === 'off') process.env.LEAD_GIT_STATE = 'off'
  const loaded = await loadRecords(readSite(root), how === 'walk' ? {select: ofKinds('protocol'), prepare} : {prepare}).finally(() => delete process.env.LEAD_GIT_STATE)
  const title = (loaded.records.find((r) => r.file === PROTOCOL)?.data as {title?: string} | undefined)?.title
  return {read, title}
}

/** The index's and journal's bytes. */
const cacheBytes = () => [cacheFile(root)!, journalFileOf(root)!].map((f) => (fs.existsSync(f) ? fs.readFileSync(f) : undefined))
const journalNames = (rel: string) => fs.existsSync(journalFileOf(root)!) && fs.readFileSync(journalFileOf(root)!, 'latin1').includes(JSON.stringify(rel))

describe("a same-size edit right after a run, on a file system whose clock is 5 s behind this machine's", () => {
  const ways = {walk: 'a walk of the folder', git: 'the site as git lists it (the file changed)', off: 'the whole site walked (LEAD_GIT_STATE=off)'}
  for (const how of ['walk', 'git', 'off'] as const) {
    for (const where of ['index', 'journal'] as const) {
      it(`is read again, not served stale: ${ways[how]}, the stamp saved in the ${where}`, async () => {
        const share = skewedFileSystem(root, -5000)
        // Changed from what git holds, so git lists it and lead judges it by its stamp.
        retitle(PROTOCOL, titles[1]!)
        if (where === 'journal') {
          // The index written first (and trusted); a change after it (of another size) is learnt in one journal line.
          await load(how)
          share.settle()
          savedLater(root)
          fs.appendFileSync(abs(PROTOCOL), '# edited\n')
        }
        expect((await load(how)).title).toBe(titles[1])
        share.settle()
        // The stamp is where the case says it is.
        expect(readCacheIndex(root)!.files.get(PROTOCOL)).toBeDefined()
        expect(journalNames(PROTOCOL)).toBe(where === 'journal')
        // The edit keeps every part of the stamp (whole seconds, the same size).
        const stale = share.stat(abs(PROTOCOL))
        retitle(PROTOCOL, titles[3]!)
        share.keep(abs(PROTOCOL), stale)
        const next = await load(how)
        expect(next.title).toBe(titles[3])
        expect(next.read).toContain(PROTOCOL)
      })
    }
  }
})

describe('stamps saved well after the last change are trusted, whichever way the clocks are off', () => {
  for (const skew of [-5000, 5000]) {
    it(`the file system ${skew < 0 ? 'behind' : 'ahead'} by 5 s: a warm run reads no file, and saves nothing`, async () => {
      const share = skewedFileSystem(root, skew)
      // A few files git lists as changed, so the whole load judges them by their stamps too.
      retitle(PROTOCOL, titles[1]!)
      fs.appendFileSync(abs(OTHER), '# edited\n')
      const cold: Partial<Record<'walk' | 'git' | 'off', Awaited<ReturnType<typeof load>>>> = {}
      for (const how of ['walk', 'git', 'off'] as const) {
        cold[how] = await load(how)
        share.settle()
      }
      expect(cold.walk!.read).toEqual(expect.arrayContaining([PROTOCOL, OTHER]))
      // Each load judged the stamps the one before it saved, within 2 s of the files' changes: read.
      expect(cold.off!.read.length).toBeGreaterThan(30)
      // Seconds later: files stamped within 2 s of their change are read once more and stamped again.
      await new Promise((resolve) => setTimeout(resolve, 3100))
      for (const how of ['walk', 'git', 'off'] as const) {
        await load(how)
        share.settle()
      }
      const saved = cacheBytes()
      const warm = {walk: await load('walk'), git: await load('git'), off: await load('off')}
      expect(warm).toEqual({walk: {read: [], title: titles[1]}, git: {read: [], title: titles[1]}, off: {read: [], title: titles[1]}})
      // Nothing learnt: no journal line, no rewrite.
      expect(cacheBytes()).toEqual(saved)
    })
  }
})

describe('the cache on another file system than the records (a git directory elsewhere)', () => {
  const shm = '/dev/shm'
  const elsewhere = fs.existsSync(shm) && fs.statSync(shm).dev !== fs.statSync(os.tmpdir()).dev
  it.skipIf(!elsewhere)("its clock says nothing of the records' times: their stamps are never trusted, and not saved again each run", async () => {
    const gitDir = fs.mkdtempSync(path.join(shm, 'lead-gitdir-'))
    try {
      fs.cpSync(path.join(root, '.git'), gitDir, {recursive: true})
      fs.rmSync(path.join(root, '.git'), {recursive: true})
      fs.writeFileSync(path.join(root, '.git'), `gitdir: ${gitDir}\n`)
      expect(git(root, ['status', '--porcelain'], env).trim()).toBe('')
      expect(cacheFile(root)!.startsWith(gitDir)).toBe(true)
      retitle(PROTOCOL, titles[1]!)
      expect((await load('walk')).title).toBe(titles[1])
      // Saved long after every change, by the cache's clock: still no judge of the records'.
      savedLater(root, 60_000)
      const again = await load('walk')
      expect(again).toEqual({read: expect.arrayContaining([PROTOCOL, OTHER]) as unknown, title: titles[1]})
      const saved = cacheBytes()
      expect((await load('walk')).read).toEqual(again.read)
      expect(cacheBytes()).toEqual(saved)
      // A same-size edit is seen.
      retitle(PROTOCOL, titles[2]!)
      expect((await load('walk')).title).toBe(titles[2])
    } finally {
      fs.rmSync(gitDir, {recursive: true, force: true})
    }
  })
})

describe('when a journal line was saved (index-journal.ts lineTimes)', () => {
  const line = (before: number) => ({before})
  it("is the next line's `before`, and the journal's own time for the last", () => {
    expect(lineTimes([line(1), line(10), line(20)], 30)).toEqual([10, 20, 30])
  })
  it("falls back on the line's own `before` (older) past a damaged line or a torn end, never on a later time", () => {
    expect(lineTimes([line(1), undefined, line(20), line(25)], undefined)).toEqual([1, 20, 25, 25])
  })
  it('less how long its run had gone on: the stamps are no older than the run', () => {
    expect(lineTimes([{before: 1, ran: 5}, {before: 10, ran: 3}, {before: 20}], 30)).toEqual([5, 17, 30])
  })
})

describe('a stamp taken after git looked (load.ts: a file git vouches for whose stamp the index lacks)', () => {
  it('is not paired with the blob git vouched for: a change between git status and the stat is read next time, not served stale', async () => {
    await load('git')
    // The index's stamp for the file is of other content (an edit lead saw, then undone by a checkout).
    retitle(PROTOCOL, titles[1]!)
    expect((await load('git')).title).toBe(titles[1])
    git(root, ['checkout', '--', PROTOCOL], env)
    // git looks (the file clean: its blob is content lead knows) and the file changes before lead stats it.
    const looked = await gitFileState(root)
    retitle(PROTOCOL, titles[2]!)
    const loaded = await loadRecords(readSite(root), {git: looked!})
    expect((loaded.records.find((r) => r.file === PROTOCOL)?.data as {title?: string}).title).toBe(titles[0])
    // Saved seconds after that change (a long run on a big site), and git now lists the file as changed.
    savedLater(root)
    const next = await load('git')
    expect(next.read).toContain(PROTOCOL)
    expect(next.title).toBe(titles[2])
  })
})

describe('a long run on a file system with whole-second times', () => {
  it('does not trust a stamp of a file changed in the same second right after it was read, however long the run went on before saving', async () => {
    const share = skewedFileSystem(root, 0)
    // Early in a second, so that the next edit falls in the same one.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20))
    retitle(PROTOCOL, titles[1]!)
    const loaded = await loadRecords(readSite(root), {saveCache: false})
    expect((loaded.records.find((r) => r.file === PROTOCOL)?.data as {title?: string}).title).toBe(titles[1])
    // Changed again in the same second, of the same size: every part of the stamp as it was.
    const stale = share.stat(abs(PROTOCOL))
    retitle(PROTOCOL, titles[2]!)
    // The new content keeps the stale stamp (kept below, as a file changed within its stamp's
    // second looks). That this happened within the racy window is what makes the stamp
    // untrustworthy; the same second exactly was asserted before, and a loaded machine that took
    // a second for the commit and the load above failed it.
    expect(Date.now() - stale.mtimeMs).toBeLessThan(2000)
    share.keep(abs(PROTOCOL), stale)
    // The run goes on (a whole validation of a big site) and saves 3.5 s later.
    await new Promise((resolve) => setTimeout(resolve, 3500))
    loaded.cache!.save()
    share.settle()
    // Saved 3.5 s after the stamp by the file system's clock, but the stamp is no older than the run.
    const next = await load('git')
    expect(next.read).toContain(PROTOCOL)
    expect(next.title).toBe(titles[2])
  })
})

describe('a rewrite of the index keeping stamps git vouched for', () => {
  it('does not lend a stamp that was racy when saved the rewrite’s later time (kept smudged, as git smudges racily clean entries)', async () => {
    const share = skewedFileSystem(root, 0)
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20))
    // Committed, then read by its stamp: saved within 2 s of the change, so not trusted.
    retitle(PROTOCOL, titles[1]!)
    git(root, ['commit', '-qam', 'retitled'], env)
    expect((await load('git')).title).toBe(titles[1])
    share.settle()
    // Another file changed (run 2 learns it, and rewrites the index); git looks (the file clean),
    // then the file changes in the same second, of the same size.
    fs.appendFileSync(abs(OTHER), '# edited\n')
    const looked = await gitFileState(root)
    const stale = share.stat(abs(PROTOCOL))
    retitle(PROTOCOL, titles[2]!)
    // The new content keeps the stale stamp (kept below, as a file changed within its stamp's
    // second looks). That this happened within the racy window is what makes the stamp
    // untrustworthy; the same second exactly was asserted before, and a loaded machine that took
    // a second for the commit and the load above failed it.
    expect(Date.now() - stale.mtimeMs).toBeLessThan(2000)
    share.keep(abs(PROTOCOL), stale)
    // Seconds later a run that git's answer vouches the file for rewrites the index.
    await new Promise((resolve) => setTimeout(resolve, 3000))
    const loaded = await loadRecords(readSite(root), {git: looked!, parseCache: ParseCache.open(root, {journal: false})})
    expect((loaded.records.find((r) => r.file === PROTOCOL)?.data as {title?: string}).title).toBe(titles[1])
    share.settle()
    // git now lists it as changed: judged by the stamp the rewrite kept.
    const next = await load('git')
    expect(next.read).toContain(PROTOCOL)
    expect(next.title).toBe(titles[2])
  })
})
