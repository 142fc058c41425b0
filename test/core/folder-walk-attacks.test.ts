/**
 * Second reader's attacks on the load of whole kinds by a walk of their folders (site-files.ts
 * ofKinds, listKindFolders): it must find what git's listing and the whole walk find (the same
 * records, contents and findings for those folders), in the sites where a walk and git differ.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import type {Kind} from '../../src/core/records/kinds.js'
import {KIND_INFO} from '../../src/core/records/kinds.js'
import {loadRecords} from '../../src/core/records/load.js'
import {ofKinds} from '../../src/core/records/site-files.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, git, tempDir, testEnv} from '../support/cli.js'
import {skewedFileSystem} from '../support/save-times.js'

afterAll(cleanupTemp)
const env = testEnv()
Object.assign(process.env, {GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})

let root: string
beforeEach(() => {
  root = exampleSite(env)
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
  delete process.env.LEAD_GIT_STATE
})

const inFolders = (kinds: Kind[], file: string | undefined) => file !== undefined && kinds.some((k) => file === KIND_INFO[k].folder || file.startsWith(`${KIND_INFO[k].folder}/`))
const shape = (records: {records: ReadonlyArray<{kind: string; id: string; file: string; data?: unknown}>}) => records.records.map((r) => ({kind: r.kind, id: r.id, file: r.file, data: r.data}))

/** The walk of `kinds`' folders, git's listing of them (the load before ofKinds), and the whole walk: the same records and findings. */
async function agree(siteRoot: string, kinds: Kind[]) {
  const site = readSite(siteRoot)
  const walked = await loadRecords(site, {select: ofKinds(...kinds)})
  const viaGit = await loadRecords(site, {select: (kind) => kinds.includes(kind)})
  const whole = await loadRecords(site, {cache: false})
  const wholeOf = {records: whole.records.filter((r) => kinds.includes(r.kind))}
  expect(shape(walked)).toEqual(shape(wholeOf))
  expect(shape(walked)).toEqual(shape(viaGit))
  const found = (d: ReadonlyArray<{code: string; file?: string}>) => d.filter((x) => inFolders(kinds, x.file)).map((x) => `${x.code} ${x.file}`).sort()
  expect(found(walked.diagnostics)).toEqual(found(whole.diagnostics))
  // A walk of a few folders says nothing of the others.
  expect(walked.diagnostics.filter((x) => !inFolders(kinds, x.file))).toEqual([])
  // Warmed: the second walk reads from the cache what the first parsed, the same.
  expect(shape(await loadRecords(site, {select: ofKinds(...kinds)}))).toEqual(shape(walked))
  return {walked, codes: found(walked.diagnostics)}
}

const protocol = (id: string, title: string) => {
  const text = fs.readFileSync(path.join(root, 'protocols/2025-v1.yaml'), 'utf8')
  return text.replace(/^id: .*$/m, `id: ${id}`).replace(/^title: .*$/m, `title: ${title}`)
}

describe('a load of whole kinds by their folders, attacked', () => {
  it('record files that are links, inside the site and out: refused as the whole walk refuses them', async () => {
    const outside = path.join(tempDir('lead-walk-out-'), 'p.yaml')
    fs.writeFileSync(outside, protocol('outside', 'Marker outside-7q'))
    fs.symlinkSync('2025-v1.yaml', path.join(root, 'protocols/inside-link.yaml'))
    fs.symlinkSync(outside, path.join(root, 'protocols/outside-link.yaml'))
    fs.symlinkSync(path.join(root, 'protocols/missing.yaml'), path.join(root, 'protocols/dangling.yaml'))
    const {walked, codes} = await agree(root, ['protocol'])
    expect(walked.records.map((r) => r.id)).toEqual(['2025-v1', '2026-v2'])
    expect(codes).toEqual(['SYMLINK protocols/dangling.yaml', 'SYMLINK protocols/inside-link.yaml', 'SYMLINK protocols/outside-link.yaml'])
    expect(JSON.stringify(walked.records.map((r) => r.data))).not.toContain('outside-7q')
  })

  it('a kind folder that is a link (in or out of the site), a file, or missing', async () => {
    const elsewhere = path.join(tempDir('lead-walk-dir-'), 'protocols')
    fs.cpSync(path.join(root, 'protocols'), elsewhere, {recursive: true})
    fs.rmSync(path.join(root, 'protocols'), {recursive: true})
    fs.symlinkSync(elsewhere, path.join(root, 'protocols'))
    fs.renameSync(path.join(root, 'rosters'), path.join(root, 'roster-copy'))
    fs.symlinkSync('roster-copy', path.join(root, 'rosters'))
    fs.rmSync(path.join(root, 'trainings'), {recursive: true})
    fs.writeFileSync(path.join(root, 'trainings'), 'not a folder\n')
    fs.rmSync(path.join(root, 'mous'), {recursive: true})
    const {walked, codes} = await agree(root, ['protocol', 'roster', 'training', 'mou'])
    expect(walked.records).toEqual([])
    expect(codes).toEqual(['SYMLINK protocols', 'SYMLINK rosters'])
  })

  it("meetings in year folders, a year folder that is a link, and one year's file at the top", async () => {
    const year = fs.readdirSync(path.join(root, 'meetings', '2026'))[0]!
    fs.mkdirSync(path.join(root, 'meetings-2027'))
    fs.copyFileSync(path.join(root, 'meetings/2026', year), path.join(root, 'meetings-2027', year))
    fs.symlinkSync('../meetings-2027', path.join(root, 'meetings/2027'))
    fs.copyFileSync(path.join(root, 'meetings/2026', year), path.join(root, 'meetings', year))
    fs.mkdirSync(path.join(root, 'meetings/2026/deeper'))
    fs.copyFileSync(path.join(root, 'meetings/2026', year), path.join(root, 'meetings/2026/deeper', year))
    const {walked, codes} = await agree(root, ['meeting'])
    expect(walked.records.length).toBeGreaterThan(0)
    expect(codes).toContain('SYMLINK meetings/2027')
    expect(codes.some((c) => c.endsWith(`meetings/${year}`))).toBe(true)
    expect(codes.some((c) => c.endsWith(`meetings/2026/deeper/${year}`))).toBe(true)
  })

  it('odd names: .YML, .yml, upper case, a folder of another case, a folder inside, a hidden file, not YAML', async () => {
    fs.writeFileSync(path.join(root, 'protocols/2027-v3.YML'), protocol('2027-v3', 'Upper ext'))
    fs.writeFileSync(path.join(root, 'protocols/2027-v4.yml'), protocol('2027-v4', 'Short ext'))
    fs.writeFileSync(path.join(root, 'protocols/UPPER.yaml'), protocol('UPPER', 'Upper name'))
    fs.writeFileSync(path.join(root, 'protocols/.hidden.yaml'), protocol('.hidden', 'Hidden'))
    fs.writeFileSync(path.join(root, 'protocols/notes.txt'), 'not yaml\n')
    fs.mkdirSync(path.join(root, 'protocols/sub'))
    fs.writeFileSync(path.join(root, 'protocols/sub/deep.yaml'), protocol('deep', 'Deep'))
    fs.mkdirSync(path.join(root, 'Protocols'))
    fs.writeFileSync(path.join(root, 'Protocols/2027-v5.yaml'), protocol('2027-v5', 'Other case'))
    const {walked} = await agree(root, ['protocol'])
    expect(walked.records.map((r) => r.file)).toContain('protocols/UPPER.yaml')
  })

  it('files git ignores, untracked, assume-unchanged and skip-worktree: read from disk as they are now', async () => {
    fs.writeFileSync(path.join(root, '.gitignore'), 'protocols/ignored.yaml\ntrainings/\n')
    fs.writeFileSync(path.join(root, 'protocols/ignored.yaml'), protocol('ignored', 'Ignored by git'))
    fs.writeFileSync(path.join(root, 'protocols/untracked.yaml'), protocol('untracked', 'Untracked'))
    const first = (dir: string) => fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.yaml'))[0]!
    const roster = `rosters/${first('rosters')}`
    fs.appendFileSync(path.join(root, roster), '# edited behind git (assume-unchanged)\n')
    git(root, ['update-index', '--assume-unchanged', roster], env)
    git(root, ['update-index', '--skip-worktree', 'protocols/2026-v2.yaml'], env)
    const edited = fs.readFileSync(path.join(root, 'protocols/2026-v2.yaml'), 'utf8').replace(/^title: .*$/m, 'title: Behind skip-worktree')
    fs.writeFileSync(path.join(root, 'protocols/2026-v2.yaml'), edited)
    const {walked} = await agree(root, ['protocol', 'roster', 'training'])
    const titles = walked.records.filter((r) => r.kind === 'protocol').map((r) => (r.data as {title?: string}).title)
    expect(titles).toEqual(expect.arrayContaining(['Ignored by git', 'Untracked', 'Behind skip-worktree']))
    expect(walked.records.filter((r) => r.kind === 'training').length).toBeGreaterThan(0)
    expect(walked.records.find((r) => r.file === roster)?.source.text).toContain('# edited behind git')
  })

  it('a site in a folder of its git repository', async () => {
    const top = path.join(tempDir('lead-walk-sub-'), 'repo')
    fs.mkdirSync(path.join(top, 'sites'), {recursive: true})
    fs.cpSync(root, path.join(top, 'sites', 'harbor'), {recursive: true, filter: (src) => !src.split(path.sep).includes('.git')})
    git(top, ['init', '-q', '-b', 'main'], env)
    git(top, ['add', '-A'], env)
    git(top, ['commit', '-qm', 'sites'], env)
    root = path.join(top, 'sites', 'harbor')
    fs.writeFileSync(path.join(root, 'protocols/untracked.yaml'), protocol('untracked', 'Untracked'))
    const {walked} = await agree(root, ['protocol', 'roster', 'training'])
    expect(walked.records.some((r) => r.id === 'untracked')).toBe(true)
  })

  describe('a file changed on disk without its stamp changing much', () => {
    const file = () => path.join(root, 'protocols/2026-v2.yaml')
    const title = async (load: () => Promise<{records: ReadonlyArray<{id: string; data?: unknown}>}>) => ((await load()).records.find((r) => r.id === '2026-v2')?.data as {title?: string} | undefined)?.title
    const walk = () => loadRecords(readSite(root), {select: ofKinds('protocol')})
    const wholeWalk = () => {
      process.env.LEAD_GIT_STATE = 'off'
      return loadRecords(readSite(root)).finally(() => delete process.env.LEAD_GIT_STATE)
    }
    /** The same size, another title. */
    const retitle = (to: string) => {
      const text = fs.readFileSync(file(), 'utf8')
      const from = /^title: (.*)$/m.exec(text)![1]!
      expect(to.length).toBe(from.length)
      fs.writeFileSync(file(), text.replace(/^title: .*$/m, `title: ${to}`))
    }

    it('the same size with its modification time put back exactly (cp -p, rsync -t, tar), long after the stamp was saved: seen by its change time, by the walk and the whole walk', async () => {
      for (const load of [walk, wholeWalk]) {
        const old = Math.floor(Date.now() / 1000) - 3600
        fs.utimesSync(file(), old, old)
        // The stamp saved more than 2 s after the file's last change (its change time: the utimes) vouches for it.
        await new Promise((resolve) => setTimeout(resolve, 2100))
        expect(await title(load)).toBe('Harbor County LEAD Operational Protocol')
        const before = fs.statSync(file())
        retitle('Harbor County LEAD Operational Protoco!')
        fs.utimesSync(file(), old, old)
        const after = fs.statSync(file())
        expect([after.mtimeMs, after.size, after.ino]).toEqual([before.mtimeMs, before.size, before.ino])
        expect(await title(load)).toBe('Harbor County LEAD Operational Protoco!')
        retitle('Harbor County LEAD Operational Protocol')
      }
    }, 20_000)

    it('the same stamp (a file system whose times are too coarse to tell): not trusted when saved within 2 s of the change, by the walk and the whole walk, even runs later', async () => {
      for (const load of [walk, wholeWalk]) {
        retitle('Harbor County LEAD Operational Protocol')
        const stale = fs.statSync(file())
        // The first run stamps the file as it is; the edit after it leaves every part of the stamp as it was.
        expect(await title(load)).toBe('Harbor County LEAD Operational Protocol')
        retitle('Harbor County LEAD Operational Protoco!')
        const real = fs.statSync.bind(fs)
        const spy = vi.spyOn(fs, 'statSync').mockImplementation(((p: fs.PathLike, o?: fs.StatSyncOptions) => (String(p) === file() ? stale : real(p, o))) as typeof fs.statSync)
        // A later run (the clock a minute on): the stamp was saved too soon after the change to vouch for it.
        vi.useFakeTimers({toFake: ['Date'], now: Date.now() + 60_000})
        expect(await title(load)).toBe('Harbor County LEAD Operational Protoco!')
        expect(await title(load)).toBe('Harbor County LEAD Operational Protoco!')
        expect(await title(walk)).toBe('Harbor County LEAD Operational Protoco!')
        vi.useRealTimers()
        spy.mockRestore()
      }
    })

    // The racy window was judged by this machine's clock (Date.now() at save), the file's times by
    // the file system's (a network share's server): where the server ran more than 2 s behind with
    // times too coarse to tell two writes apart, a same-size edit just after a run kept its stamp
    // and the walk trusted it. Now, as git judges its index's entries by the index file's own time,
    // the save time is the cache file's modification time, by the same clock (save-time.ts).
    it("the same stamp, on a file system whose clock is behind this machine's: the walk reads the file again", async () => {
      const share = skewedFileSystem(root, -10_000)
      retitle('Harbor County LEAD Operational Protocol')
      expect(await title(walk)).toBe('Harbor County LEAD Operational Protocol')
      share.settle()
      const stale = share.stat(file())
      retitle('Harbor County LEAD Operational Protoco!')
      share.keep(file(), stale)
      expect(await title(walk)).toBe('Harbor County LEAD Operational Protoco!')
    })
  })
})
