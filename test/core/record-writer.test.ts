import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it, vi} from 'vitest'
import {cacheFile, contentHash, ParseCache} from '../../src/core/records/parse-cache.js'
import {validationsFile} from '../../src/core/records/cache-files.js'
import {validateSite} from '../../src/core/validate/site-findings.js'
import {referencesRule} from '../../src/core/validate/rules/references.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {applyInMemory} from '../../src/core/write/judged-change.js'
import {loadRecords} from '../../src/core/records/load.js'
import type {RecordChange} from '../../src/core/records/record-change.js'
import {SiteRepo} from '../../src/core/git/site-repo.js'
import {acquireSiteLock} from '../../src/core/records/site-lock.js'
import {writeFileAtomic} from '../../src/core/records/atomic-write.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, git, testEnv, useGitEnv} from '../support/cli.js'
import {refused} from '../support/lead-error.js'

afterAll(cleanupTemp)

const env = testEnv()
// The writer runs git in this process: give it the test identity.
useGitEnv(env)

/** A byte-order mark, as Windows editors start a UTF-8 file with one. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const partner = (id: string, type = 'other') => `# a comment that must survive\nid: ${id}\nname: Test ${id}\ntype: ${type}\n`
let root: string
const log = () => git(root, ['log', '--format=%s'], env).trim().split('\n')

beforeEach(() => {
  root = exampleSite(env)
})

describe('writeRecords', () => {
  it('writes, validates and commits exactly the changed file', async () => {
    const r = await writeRecords(readSite(root), [{kind: 'partner', id: 'new-one', file: 'partners/new-one.yaml', text: partner('new-one'), base: null}], {message: 'partner: add new-one'})
    expect(r.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(log()[0]).toBe('partner: add new-one')
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe('partners/new-one.yaml')
    expect(fs.readFileSync(path.join(root, 'partners/new-one.yaml'), 'utf8')).toBe(partner('new-one'))
  })

  it("a new record where the site's .gitignore would hide it is committed all the same: tracked, every later command lists it", async () => {
    fs.appendFileSync(path.join(root, '.gitignore'), 'partners/hidden-*\n')
    git(root, ['add', '.gitignore'], env)
    git(root, ['commit', '-qm', 'ignore'], env)
    const r = await writeRecords(readSite(root), [{kind: 'partner', id: 'hidden-one', file: 'partners/hidden-one.yaml', text: partner('hidden-one'), base: null}], {message: 'partner: add hidden-one'})
    expect(r.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe('partners/hidden-one.yaml')
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    expect((await loadRecords(readSite(root))).get('partner', 'hidden-one')?.file).toBe('partners/hidden-one.yaml')
  })

  it('a new record is validated where the next load lists it: the next validation is the one it remembered', async () => {
    // A partner sorts before every referral: appended after them, the state judged was not the one on disk.
    await writeRecords(readSite(root), [{kind: 'partner', id: 'aaa-first', file: 'partners/aaa-first.yaml', text: partner('aaa-first'), base: null}], {message: 'partner: add aaa-first'})
    const file = validationsFile(cacheFile(root)!)
    const remembered = fs.readFileSync(file, 'utf8')
    const run = vi.spyOn(referencesRule, 'run')
    const again = await validateSite(readSite(root))
    expect(again.errors).toBe(0)
    expect(run).not.toHaveBeenCalled()
    expect(fs.readFileSync(file, 'utf8')).toBe(remembered)
    run.mockRestore()
  })

  it('a file saved with a byte-order mark keeps it, and is judged as those bytes: the cache knows them, the size limit counts the mark', async () => {
    const file = fs.readdirSync(path.join(root, 'referrals', '2026')).sort().map((f) => `referrals/2026/${f}`)[0]!
    const abs = path.join(root, file)
    const id = path.basename(file, '.yaml')
    fs.writeFileSync(abs, Buffer.concat([BOM, fs.readFileSync(abs)]))
    git(root, ['commit', '-qam', 'saved by a Windows editor'], env)
    const base = fs.readFileSync(abs, 'utf8').slice(1) // as a command reads it: without the mark
    const edited = base.replace(/^district: .*$/m, 'district: D2')
    await writeRecords(readSite(root), [{kind: 'referral', id, file, text: edited, base}], {message: 'referral: district'})
    const disk = fs.readFileSync(abs)
    expect(disk.equals(Buffer.concat([BOM, Buffer.from(edited)]))).toBe(true)
    // What the write judged and cached is the content a load hashes: the next command parses nothing again.
    expect(ParseCache.open(root).knows(contentHash(disk))).toBe(true)
    expect(git(root, ['rev-parse', `HEAD:${file}`], env).trim()).toBe(git(root, ['hash-object', file], env).trim())
    // A text one byte under the limit is three over it with the mark: a load would not read it, so it is refused.
    const limit = 1024 * 1024
    const padded = `${edited}#${'x'.repeat(limit - Buffer.byteLength(edited) - 3)}\n`
    expect(Buffer.byteLength(padded)).toBe(limit - 1)
    const error = await refused(writeRecords(readSite(root), [{kind: 'referral', id, file, text: padded, base: edited}], {message: 'referral: comment'}))
    expect(error.code).toBe('INVALID_CHANGE')
    expect(error.hint).toContain('FILE_TOO_LARGE')
    expect(fs.readFileSync(abs).equals(disk)).toBe(true)
  })

  it('several new records at once are placed where the next load lists them', async () => {
    const added = ['partners/aaa-one.yaml', 'partners/zzz-two.yaml', 'rosters/aaa.yaml', 'trainings/zzz.yaml', 'consents/c-2020-01-01-aaaaaa.yaml', 'mous/m.yaml', 'partners/mmm-three.yaml']
    const changes = added.map((file) => ({kind: file.startsWith('partners/') ? 'partner' : 'referral', id: path.basename(file, '.yaml'), file, text: partner(path.basename(file, '.yaml')), base: null}) as RecordChange)
    const inMemory = applyInMemory(await loadRecords(readSite(root)), changes).records.map((r) => r.file)
    for (const c of changes) fs.writeFileSync(path.join(root, c.file), c.text)
    expect(inMemory).toEqual((await loadRecords(readSite(root))).records.map((r) => r.file))
    for (const c of changes) fs.rmSync(path.join(root, c.file))
  })

  it('refuses a change that makes the site invalid: no file, no commit', async () => {
    const before = log()
    const e = await refused(writeRecords(readSite(root), [{kind: 'partner', id: 'bad', file: 'partners/bad.yaml', text: partner('bad', 'martian'), base: null}], {message: 'x'}))
    expect(e.code).toBe('INVALID_CHANGE')
    expect(e.exit).toBe(1)
    expect((e.details as {diagnostics: Array<{code: string}>}).diagnostics[0]!.code).toBe('NOT_ALLOWED')
    expect(fs.existsSync(path.join(root, 'partners/bad.yaml'))).toBe(false)
    expect(log()).toEqual(before)
  })

  it('refuses a change that breaks another record (a dangling reference)', async () => {
    const file = 'partners/harbor-pd.yaml'
    const text = fs.readFileSync(path.join(root, file), 'utf8').replace('id: harbor-pd', 'id: harbor-police')
    const e = await refused(writeRecords(readSite(root), [{kind: 'partner', id: 'harbor-pd', file, text, base: fs.readFileSync(path.join(root, file), 'utf8')}], {message: 'x'}))
    expect(e.code).toBe('INVALID_CHANGE')
  })

  it("never commits the user's other staged or unstaged changes, and keeps them", async () => {
    fs.appendFileSync(path.join(root, 'partners/harbor-pd.yaml'), '# staged edit\n')
    git(root, ['add', 'partners/harbor-pd.yaml'], env)
    fs.appendFileSync(path.join(root, 'partners/harbor-lead-pm.yaml'), '# unstaged edit\n')
    await writeRecords(readSite(root), [{kind: 'partner', id: 'new-two', file: 'partners/new-two.yaml', text: partner('new-two'), base: null}], {message: 'partner: add new-two'})
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe('partners/new-two.yaml')
    expect(git(root, ['status', '--porcelain'], env).split('\n').filter(Boolean).sort()).toEqual([' M partners/harbor-lead-pm.yaml', 'M  partners/harbor-pd.yaml'])
  })

  it('with nothing else staged, commits from the index (no second index from HEAD), a new file and a changed one alike', async () => {
    const reflog = () => git(root, ['reflog', '--format=%gs', 'HEAD'], env).trim().split('\n')
    // git gives a hook the index it commits: .git/index (as its lock), or a temporary one `commit --only` made from HEAD.
    const seen = path.join(root, '..', 'index-files.txt')
    fs.writeFileSync(path.join(root, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\necho "\${GIT_INDEX_FILE:-none}" >> '${seen}'\n`, {mode: 0o755})
    await writeRecords(readSite(root), [{kind: 'partner', id: 'new-three', file: 'partners/new-three.yaml', text: partner('new-three'), base: null}], {message: 'partner: add new-three'})
    const file = 'partners/harbor-pd.yaml'
    const base = fs.readFileSync(path.join(root, file), 'utf8')
    await writeRecords(readSite(root), [{kind: 'partner', id: 'harbor-pd', file, text: `${base}# one more line\n`, base}], {message: 'partner: note'})
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD~1'], env).trim()).toBe('partners/new-three.yaml')
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe(file)
    // One commit each, nothing taken back.
    expect(reflog().slice(0, 2)).toEqual(['commit: partner: note', 'commit: partner: add new-three'])
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    expect(fs.readFileSync(seen, 'utf8').trim().split('\n').map((f) => path.basename(f))).toEqual(['index.lock', 'index.lock'])
    // With something else staged, the commit is made with --only from the start (nothing taken back).
    fs.appendFileSync(path.join(root, 'partners/harbor-lead-pm.yaml'), '# staged edit\n')
    git(root, ['add', 'partners/harbor-lead-pm.yaml'], env)
    await writeRecords(readSite(root), [{kind: 'partner', id: 'new-five', file: 'partners/new-five.yaml', text: partner('new-five'), base: null}], {message: 'partner: add new-five'})
    expect(reflog()[0]).toBe('commit: partner: add new-five')
    expect(reflog()[1]).toBe('commit: partner: note')
    expect(path.basename(fs.readFileSync(seen, 'utf8').trim().split('\n')[2]!)).toMatch(/^next-index-.*\.lock$/)
    expect(git(root, ['status', '--porcelain'], env).trim()).toBe('M  partners/harbor-lead-pm.yaml')
  })

  it('something staged elsewhere is found by git just before committing: the commit is made with --only from the start', async () => {
    // As if the user staged a file between lead's load and its commit.
    fs.appendFileSync(path.join(root, 'partners/harbor-pd.yaml'), '# staged meanwhile\n')
    git(root, ['add', 'partners/harbor-pd.yaml'], env)
    const before = git(root, ['rev-parse', 'HEAD'], env).trim()
    const seen = path.join(root, '..', 'hook-saw.txt')
    fs.writeFileSync(path.join(root, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\ngit diff --cached --name-only >> '${seen}'\n`, {mode: 0o755})
    fs.writeFileSync(path.join(root, 'partners/new-four.yaml'), partner('new-four'))
    const sha = await new SiteRepo(root).commitPaths(['partners/new-four.yaml'], 'partner: add new-four', {fromIndex: true})
    expect(git(root, ['rev-parse', 'HEAD~1'], env).trim()).toBe(before)
    expect(git(root, ['show', '--name-only', '--format=', sha], env).trim()).toBe('partners/new-four.yaml')
    expect(git(root, ['status', '--porcelain'], env).trim()).toBe('M  partners/harbor-pd.yaml')
    // No commit taken back: no hook saw the staged file in a commit under lead's message.
    const reflog = git(root, ['reflog', '--format=%gs', 'HEAD'], env).split('\n')
    expect(reflog[0]).toBe('commit: partner: add new-four')
    expect(reflog.filter((l) => l.startsWith('lead:') || l === 'commit: partner: add new-four')).toEqual(['commit: partner: add new-four'])
    expect(fs.readFileSync(seen, 'utf8').trim()).toBe('partners/new-four.yaml')
  })

  it('a commit from the index that took in something staged while it was made (a hook) is taken back and made again with only its files', async () => {
    // The hook stages a file once, as a user could between lead's check and its commit.
    const once = path.join(root, '..', 'staged-once')
    fs.writeFileSync(path.join(root, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\n[ -e '${once}' ] && exit 0\ntouch '${once}'\necho '# staged meanwhile' >> partners/harbor-pd.yaml && git add partners/harbor-pd.yaml\n`, {mode: 0o755})
    const before = git(root, ['rev-parse', 'HEAD'], env).trim()
    fs.writeFileSync(path.join(root, 'partners/new-four.yaml'), partner('new-four'))
    const sha = await new SiteRepo(root).commitPaths(['partners/new-four.yaml'], 'partner: add new-four', {fromIndex: true})
    expect(git(root, ['rev-parse', 'HEAD'], env).trim()).toBe(sha)
    expect(git(root, ['rev-parse', 'HEAD~1'], env).trim()).toBe(before)
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe('partners/new-four.yaml')
    expect(git(root, ['status', '--porcelain'], env).trim()).toBe('M  partners/harbor-pd.yaml')
    expect(git(root, ['reflog', '--format=%gs', 'HEAD'], env).split('\n').slice(0, 3)).toEqual(['commit: partner: add new-four', 'lead: commit again without what was staged meanwhile', 'commit: partner: add new-four'])
  })

  it('a change of many files (an import) commits exactly them, whether or not the user has other changes staged', async () => {
    const batch = (tag: string, n = 80) => Array.from({length: n}, (_, i) => ({kind: 'partner' as const, id: `${tag}-${i}`, file: `partners/${tag}-${i}.yaml`, text: partner(`${tag}-${i}`), base: null}))
    const committed = () => git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim().split('\n').sort()
    // (Over git's fastimport.unpackLimit of 100 objects, which it would otherwise store loose.)
    const plain = batch('plain', 120)
    const loose = () => Number(/^count: (\d+)$/m.exec(git(root, ['count-objects', '-v'], env))![1])
    const looseBefore = loose()
    await writeRecords(readSite(root), plain, {message: 'partner: add 120'})
    expect(committed()).toEqual(plain.map((c) => c.file).sort())
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    expect(git(root, ['show', `HEAD:${plain[7]!.file}`], env)).toBe(plain[7]!.text)
    // The blobs are stored as one pack, not 120 loose objects (seconds of system time on thousands):
    // only the commit and its trees are loose.
    expect(loose() - looseBefore).toBeLessThan(10)
    // With another change staged, the commit still holds only the written files, and the staged change stays staged.
    fs.appendFileSync(path.join(root, 'partners/harbor-pd.yaml'), '# staged edit\n')
    git(root, ['add', 'partners/harbor-pd.yaml'], env)
    fs.appendFileSync(path.join(root, 'partners/harbor-lead-pm.yaml'), '# unstaged edit\n')
    const staged = batch('staged')
    await writeRecords(readSite(root), staged, {message: 'partner: add 80 more'})
    expect(committed()).toEqual(staged.map((c) => c.file).sort())
    expect(git(root, ['status', '--porcelain'], env).split('\n').filter(Boolean).sort()).toEqual([' M partners/harbor-lead-pm.yaml', 'M  partners/harbor-pd.yaml'])
    // Asked about many paths at once, git's whole status is filtered to them.
    const asked = [...staged.map((c) => c.file), 'partners/harbor-lead-pm.yaml', 'partners/missing.yaml']
    expect((await new SiteRepo(root).writeState(asked, {commit: true}))?.dirty).toEqual(['partners/harbor-lead-pm.yaml'])
  })

  it('a change of many files commits what git would store when the site converts line ends (.gitattributes)', async () => {
    fs.writeFileSync(path.join(root, '.gitattributes'), '* text=auto\n')
    git(root, ['add', '.gitattributes'], env)
    git(root, ['commit', '-qm', 'attributes'], env)
    const batch = Array.from({length: 70}, (_, i) => ({kind: 'partner' as const, id: `crlf-${i}`, file: `partners/crlf-${i}.yaml`, text: partner(`crlf-${i}`).replace(/\n/g, '\r\n'), base: null}))
    await writeRecords(readSite(root), batch, {message: 'partner: add 70'})
    expect(git(root, ['show', `HEAD:${batch[3]!.file}`], env)).toBe(partner('crlf-3'))
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('refuses to commit over uncommitted edits to the same file (exit 3), but --no-commit writes', async () => {
    const file = 'partners/harbor-pd.yaml'
    fs.appendFileSync(path.join(root, file), '# my edit\n')
    const text = fs.readFileSync(path.join(root, file), 'utf8').replace('name: Harbor Police Department', 'name: Harbor City Police')
    const e = await refused(writeRecords(readSite(root), [{kind: 'partner', id: 'harbor-pd', file, text, base: fs.readFileSync(path.join(root, file), 'utf8')}], {message: 'x'}))
    expect(e.code).toBe('UNCOMMITTED_CHANGES')
    expect(e.exit).toBe(3)
    const r = await writeRecords(readSite(root), [{kind: 'partner', id: 'harbor-pd', file, text, base: fs.readFileSync(path.join(root, file), 'utf8')}], {message: 'x', commit: false})
    expect(r.commit).toBeUndefined()
    expect(fs.readFileSync(path.join(root, file), 'utf8')).toContain('# my edit')
  })

  it('refuses while merge conflicts are unresolved, listing the files', async () => {
    const file = 'partners/harbor-pd.yaml'
    git(root, ['checkout', '-q', '-b', 'other'], env)
    fs.writeFileSync(path.join(root, file), fs.readFileSync(path.join(root, file), 'utf8').replace('Harbor Police Department', 'Harbor PD (other)'))
    git(root, ['commit', '-qam', 'other'], env)
    git(root, ['checkout', '-q', 'main'], env)
    fs.writeFileSync(path.join(root, file), fs.readFileSync(path.join(root, file), 'utf8').replace('Harbor Police Department', 'Harbor PD (main)'))
    git(root, ['commit', '-qam', 'main'], env)
    try {
      git(root, ['merge', 'other'], env)
    } catch {
      // expected: a conflict
    }
    const e = await refused(writeRecords(readSite(root), [{kind: 'partner', id: 'new-three', file: 'partners/new-three.yaml', text: partner('new-three'), base: null}], {message: 'x'}))
    expect(e.code).toBe('CONFLICTED')
    expect(e.exit).toBe(3)
    expect(e.message).toContain(file)
  })

  it('waits for another writer, then fails with SITE_BUSY', async () => {
    const lock = await acquireSiteLock(root)
    try {
      const e = await refused(writeRecords(readSite(root), [{kind: 'partner', id: 'new-four', file: 'partners/new-four.yaml', text: partner('new-four'), base: null}], {message: 'x', lockWaitMs: 200}))
      expect(e.code).toBe('SITE_BUSY')
      expect(e.exit).toBe(3)
    } finally {
      lock.release()
    }
  })

  it('takes over a lock left by a process that no longer exists', async () => {
    fs.mkdirSync(path.join(root, '.lead'), {recursive: true})
    fs.writeFileSync(path.join(root, '.lead/lock'), JSON.stringify({pid: 2 ** 22 + 17, host: (await import('node:os')).hostname(), since: 'then'}))
    const r = await writeRecords(readSite(root), [{kind: 'partner', id: 'new-five', file: 'partners/new-five.yaml', text: partner('new-five'), base: null}], {message: 'partner: add new-five', lockWaitMs: 200})
    expect(r.commit).toBeDefined()
    expect(fs.existsSync(path.join(root, '.lead/lock'))).toBe(false)
  })
})

describe('writeRecords refuses lost updates and unsafe states', () => {
  it('refuses a change made from text that someone changed meanwhile (RECORD_CHANGED, exit 3)', async () => {
    const file = 'partners/harbor-pd.yaml'
    const base = fs.readFileSync(path.join(root, file), 'utf8')
    fs.writeFileSync(path.join(root, file), base.replace('Harbor Police Department', 'Harbor PD (colleague)'))
    git(root, ['commit', '-qam', 'colleague'], env)
    const e = await refused(writeRecords(readSite(root), [{kind: 'partner', id: 'harbor-pd', file, text: base.replace('type: law_enforcement', 'type: law_enforcement\nowg_member: true'), base}], {message: 'x'}))
    expect(e.code).toBe('RECORD_CHANGED')
    expect(e.exit).toBe(3)
    expect(fs.readFileSync(path.join(root, file), 'utf8')).toContain('Harbor PD (colleague)')
  })

  it('an edit an editor saves while the change is judged is never overwritten: RECORD_CHANGED, the edit kept, nothing written or committed', async () => {
    const file = 'partners/harbor-pd.yaml'
    const first = 'partners/harbor-county-prosecutor.yaml'
    const abs = path.join(root, file)
    const base = fs.readFileSync(abs, 'utf8')
    const firstBase = fs.readFileSync(path.join(root, first), 'utf8')
    const theirs = `${base}# saved by an editor meanwhile\n`
    const head = git(root, ['rev-parse', 'HEAD'], env).trim()
    // The editor saves once the write has checked the file and is judging the change (a rule runs).
    const real = referencesRule.run!
    const run = vi.spyOn(referencesRule, 'run').mockImplementation(function (this: unknown, ...args: Parameters<typeof real>) {
      if (fs.readFileSync(abs, 'utf8') === base) fs.writeFileSync(abs, theirs)
      return real.apply(this, args)
    })
    try {
      // Another file first in the change: written before the edited one is reached, and put back.
      const changes: RecordChange[] = [
        {kind: 'partner', id: 'harbor-county-prosecutor', file: first, text: `${firstBase}# checked\n`, base: firstBase},
        {kind: 'partner', id: 'harbor-pd', file, text: base.replace('Harbor Police Department', 'Harbor Police Dept.'), base},
      ]
      const e = await refused(writeRecords(readSite(root), changes, {message: 'x'}))
      expect(run).toHaveBeenCalled()
      expect(e.code, e.hint).toBe('RECORD_CHANGED')
      expect(e.exit).toBe(3)
    } finally {
      run.mockRestore()
    }
    expect(fs.readFileSync(abs, 'utf8')).toBe(theirs)
    expect(fs.readFileSync(path.join(root, first), 'utf8')).toBe(firstBase)
    expect(git(root, ['rev-parse', 'HEAD'], env).trim()).toBe(head)
  })

  it('refuses to create a record that appeared meanwhile', async () => {
    fs.writeFileSync(path.join(root, 'partners/raced.yaml'), partner('raced'))
    const e = await refused(writeRecords(readSite(root), [{kind: 'partner', id: 'raced', file: 'partners/raced.yaml', text: partner('raced'), base: null}], {message: 'x'}))
    expect(e.code).toBe('RECORD_CHANGED')
  })

  it('never replaces a new record\'s file that someone created while the change was judged: the files written so far are undone, nothing committed', async () => {
    const first = 'partners/first-new.yaml'
    const raced = 'partners/raced-late.yaml'
    const theirs = partner('raced-late', 'shelter')
    const head = git(root, ['rev-parse', 'HEAD'], env)
    // The other file appears after checkChanges looked (before the validation) and before the
    // write reaches it: when the write first asks whether it exists.
    const exists = fs.existsSync.bind(fs)
    const spy = vi.spyOn(fs, 'existsSync').mockImplementation((p) => {
      if (String(p) === path.join(root, raced) && !exists(p)) fs.writeFileSync(path.join(root, raced), theirs)
      return exists(p)
    })
    try {
      const e = await refused(writeRecords(readSite(root), [{kind: 'partner', id: 'first-new', file: first, text: partner('first-new'), base: null}, {kind: 'partner', id: 'raced-late', file: raced, text: partner('raced-late'), base: null}], {message: 'x'}))
      expect(e.code).toBe('RECORD_CHANGED')
      expect(e.message).toBe(`${raced} was created by someone else meanwhile`)
    } finally {
      spy.mockRestore()
    }
    expect(fs.readFileSync(path.join(root, raced), 'utf8')).toBe(theirs)
    expect(fs.existsSync(path.join(root, first))).toBe(false)
    expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(head)
    expect(fs.readdirSync(path.join(root, 'partners')).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('an exclusive atomic write fails with EEXIST where a file is, and keeps it', () => {
    const target = path.join(root, 'partners/taken.yaml')
    fs.writeFileSync(target, 'theirs\n')
    expect(() => writeFileAtomic(target, 'ours\n', 0o644, {exclusive: true})).toThrow(expect.objectContaining({code: 'EEXIST'}))
    expect(fs.readFileSync(target, 'utf8')).toBe('theirs\n')
    expect(fs.readdirSync(path.join(root, 'partners')).filter((f) => f.endsWith('.tmp'))).toEqual([])
    writeFileAtomic(path.join(root, 'partners/free.yaml'), 'ours\n', 0o644, {exclusive: true})
    expect(fs.readFileSync(path.join(root, 'partners/free.yaml'), 'utf8')).toBe('ours\n')
    expect(fs.readdirSync(path.join(root, 'partners')).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('refuses a path that is not the record’s own file', async () => {
    const e = await refused(writeRecords(readSite(root), [{kind: 'partner', id: 'x', file: '../outside.yaml', text: partner('x'), base: null}], {message: 'x', commit: false}))
    expect(e.code).toBe('BAD_PATH')
    expect(fs.existsSync(path.join(root, '..', 'outside.yaml'))).toBe(false)
  })

  it('refuses to write through a symlinked folder', async () => {
    const elsewhere = path.join(path.dirname(root), 'elsewhere')
    fs.mkdirSync(elsewhere)
    fs.rmSync(path.join(root, 'consents'), {recursive: true})
    fs.symlinkSync(elsewhere, path.join(root, 'consents'))
    const text = 'id: c-2026-01-01-abcdef\n'
    const e = await refused(writeRecords(readSite(root), [{kind: 'consent', id: 'c-2026-01-01-abcdef', file: 'consents/c-2026-01-01-abcdef.yaml', text, base: null}], {message: 'x', commit: false}))
    expect(e.code).toBe('SYMLINK')
    expect(fs.readdirSync(elsewhere)).toEqual([])
  })

  it('a batch of new files (flushed once, not one fsync each) lands in one commit; a dry run judges it and writes nothing', async () => {
    const many = Array.from({length: 12}, (_, i) => ({kind: 'partner' as const, id: `batch-${i}`, file: `partners/batch-${i}.yaml`, text: partner(`batch-${i}`), base: null}))
    const dry = await writeRecords(readSite(root), many, {message: 'x', dryRun: true})
    expect(dry.files).toHaveLength(12)
    expect(dry.commit).toBeUndefined()
    expect(many.some((c) => fs.existsSync(path.join(root, c.file)))).toBe(false)

    const r = await writeRecords(readSite(root), many, {message: 'partner: add 12'})
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim().split('\n').sort()).toEqual(many.map((c) => c.file).sort())
    expect(r.commit).toMatch(/^[0-9a-f]{40}$/)
    for (const c of many) expect(fs.readFileSync(path.join(root, c.file), 'utf8')).toBe(c.text)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('refuses to commit during an unfinished merge or on a detached HEAD', async () => {
    const change = () => writeRecords(readSite(root), [{kind: 'partner', id: 'later', file: 'partners/later.yaml', text: partner('later'), base: null}], {message: 'x'})
    git(root, ['checkout', '-q', '--detach'], env)
    expect((await refused(change())).code).toBe('DETACHED_HEAD')
    git(root, ['checkout', '-q', 'main'], env)
    fs.writeFileSync(path.join(git(root, ['rev-parse', '--absolute-git-dir'], env).trim(), 'MERGE_HEAD'), git(root, ['rev-parse', 'HEAD'], env))
    expect((await refused(change())).code).toBe('GIT_BUSY')
  })
})

describe('the site lock under contention', () => {
  it('never has two holders, even when several processes find a stale lock at once', async () => {
    const {spawn} = await import('node:child_process')
    const lockModule = new URL('../../dist/core/records/site-lock.js', import.meta.url).href
    const log = path.join(root, 'holders.log')
    fs.mkdirSync(path.join(root, '.lead'), {recursive: true})
    fs.writeFileSync(path.join(root, '.lead/lock'), JSON.stringify({pid: 2 ** 22 + 99, host: (await import('node:os')).hostname(), since: 'then'}))
    const script = `
      import fs from 'node:fs'
      const {acquireSiteLock} = await import(${JSON.stringify(lockModule)})
      const lock = await acquireSiteLock(${JSON.stringify(root)}, {waitMs: 20000})
      fs.appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + '\\n')
      await new Promise((r) => setTimeout(r, 30))
      fs.appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + '\\n')
      lock.release()`
    const runs = Array.from({length: 8}, () => new Promise<number>((resolve) => spawn(process.execPath, ['--input-type=module', '-e', script], {stdio: 'ignore'}).on('exit', (code) => resolve(code ?? -1))))
    expect(await Promise.all(runs)).toEqual(Array(8).fill(0))
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(16)
    // Strictly alternating in/out: no second holder ever entered before the first left.
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i]).toMatch(/^in /)
      expect(lines[i + 1]).toBe(lines[i]!.replace('in', 'out'))
    }
    expect(fs.existsSync(path.join(root, '.lead/lock'))).toBe(false)
  })
})

describe('git location variables set by a parent git process', () => {
  it('are ignored: the commit lands in the site repository', async () => {
    const outer = path.join(path.dirname(root), 'outer')
    fs.mkdirSync(outer)
    git(outer, ['init', '-q'], env)
    const saved = {GIT_DIR: process.env.GIT_DIR, GIT_INDEX_FILE: process.env.GIT_INDEX_FILE}
    Object.assign(process.env, {GIT_DIR: path.join(outer, '.git'), GIT_INDEX_FILE: path.join(outer, '.git', 'index')})
    try {
      await writeRecords(readSite(root), [{kind: 'partner', id: 'hooked', file: 'partners/hooked.yaml', text: partner('hooked'), base: null}], {message: 'partner: add hooked'})
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe('partner: add hooked')
    expect(() => git(outer, ['log', '-1'], env)).toThrow()
  })
})
