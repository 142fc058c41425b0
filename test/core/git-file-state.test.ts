/**
 * A file's state asked of git (records/git-file-state.ts, records/git-index.ts): the index read
 * as git lists it, and the records loaded through git's answer exactly as through a walk of the
 * folders, in every state a working tree can be in. Real git, real files.
 */
import fs from 'node:fs'
import path from 'node:path'
import {validateSite} from '../../src/core/validate/site-validation.js'
import {afterAll, describe, expect, it} from 'vitest'
import {GitIndex} from '../../src/core/records/git-index.js'
import {readIndex} from '../../src/core/records/git-index-view.js'
import {forgetPrefetch, gitFileState, hasPrefetch, prefetchAnswered, prefetchGitStatus} from '../../src/core/records/git-file-state.js'
import {writeFileAtomic} from '../../src/core/records/atomic-write.js'
import {cacheFile} from '../../src/core/records/parse-cache.js'
import {loadRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'
import {prefetchSiteStatus, statusOnOneCore} from '../../src/cli/git-prefetch.js'
import {seen, walkedRecords} from '../support/loaded-records.js'
import {repositoryWithIndex} from '../support/index-repo.js'
import {cleanupTemp, editSiteFile, exampleSite, git, tempDir, testEnv, writeSiteFile, useGitEnv} from '../support/cli.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const REFERRAL = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'

/** `git ls-files -s`: mode, blob (base64url), stage, path. */
function lsFiles(root: string): string[] {
  return git(root, ['ls-files', '-s', '-z'])
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split('\t') as [string, string]
      const [mode, oid, stage] = meta.split(' ') as [string, string, string]
      return `${mode} ${Buffer.from(oid, 'hex').toString('base64url')} ${stage} ${file}`
    })
}

/** A repository with `files` (name → text) added to its index, and where its index is. */
function indexedRepo(files: Record<string, string>): {root: string; file: string} {
  const root = tempDir('lead-index-')
  git(root, ['init', '-q', '-b', 'main'])
  for (const [name, text] of Object.entries(files)) writeSiteFile(root, name, text)
  git(root, ['add', '-A'])
  return {root, file: path.join(root, '.git', 'index')}
}

function readIndexAsLines(root: string): string[] {
  const index = GitIndex.read(path.join(root, '.git', 'index'))!
  const flagged = new Set(index.unchecked())
  return index.entries().map((e) => `${e.mode.toString(8)} ${e.oid} ${flagged.has(e.path) && !e.plain ? '?' : '0'} ${e.path}`)
}

describe('the git index, read directly', () => {
  it.each([2, 3, 4])('lists what git ls-files lists (index version %i), odd names included', (version) => {
    const root = repositoryWithIndex(version, ['a.yaml', 'dir/b c.yaml', 'dir/ñandú.yaml', 'dir/sub/d.yaml', 'dir-e.yaml', 'z/'.repeat(40) + 'deep.yaml'])
    const flagged = version >= 3 ? / 0 (intent\.yaml|dir\/sub\/d\.yaml)$/ : / 0 (intent\.yaml)$/
    const expected = lsFiles(root).map((l) => l.replace(flagged, ' ? $1'))
    expect(readIndexAsLines(root)).toEqual(expected)
    expect(GitIndex.read(path.join(root, '.git', 'index'))!.unchecked().sort()).toEqual(version >= 3 ? ['dir/sub/d.yaml', 'intent.yaml'] : ['intent.yaml'])
  })

  it.each([2, 3])('an index of ASCII paths only (read as slices of one decoded text) lists what git lists, and one non-ASCII path among them (index version %i)', (version) => {
    const root = tempDir('lead-index-')
    git(root, ['init', '-q', '-b', 'main'])
    const names = ['a.yaml', 'b c.yaml', 'referrals/2026/r-2026-01-08-z66mn9.yaml', 'x/'.repeat(30) + 'y.yaml']
    for (const name of names) writeSiteFile(root, name, `name: ${name}\n`)
    git(root, ['add', '-A'])
    git(root, ['update-index', '--index-version', String(version)])
    expect(readIndexAsLines(root)).toEqual(lsFiles(root))
    expect(readIndexAsLines(root).map((l) => l.split(' ').slice(3).join(' ')).sort()).toEqual([...names].sort())
    writeSiteFile(root, 'partners/café.yaml', 'name: x\n')
    git(root, ['add', '-A'])
    expect(readIndexAsLines(root)).toEqual(lsFiles(root))
  })

  it.each([2, 3, 4])('reads a path longer than an entry can give the length of, and a submodule (index version %i)', (version) => {
    const root = tempDir('lead-index-')
    git(root, ['init', '-q', '-b', 'main'])
    const long = `${'d'.repeat(200)}/${`${'e'.repeat(100)}/`.repeat(45)}f.yaml` // over 0xFFF bytes
    const empty = 'e69de29bb2d1d6434b8b29ae5bf8c9891ae0b1b3'
    writeSiteFile(root, 'a.yaml', 'a: 1\n')
    git(root, ['add', 'a.yaml'])
    git(root, ['update-index', '--add', '--cacheinfo', `100644,${empty},${long}`])
    git(root, ['update-index', '--add', '--cacheinfo', `100644,${empty},zz.yaml`])
    git(root, ['update-index', '--index-version', String(version)])
    const index = () => GitIndex.read(path.join(root, '.git', 'index'))!
    expect(readIndexAsLines(root)).toEqual(lsFiles(root))
    expect(index().hasSubmodule()).toBe(false)
    git(root, ['update-index', '--add', '--cacheinfo', `160000,${empty},sub`])
    expect(readIndexAsLines(root)).toEqual(lsFiles(root))
    expect(index().hasSubmodule()).toBe(true)
    // The .gitattributes files it tracks (GitFileState.converts), whole names only; a long path's too.
    for (const p of ['.gitattributes', 'x/.gitattributes', 'x/a.gitattributes', 'x/.gitattributesx', `${long.slice(0, -'f.yaml'.length)}.gitattributes`]) git(root, ['update-index', '--add', '--cacheinfo', `100644,${empty},${p}`])
    git(root, ['update-index', '--index-version', String(version)])
    expect(index().attributes().sort()).toEqual(['.gitattributes', `${long.slice(0, -'f.yaml'.length)}.gitattributes`, 'x/.gitattributes'].sort())
  })

  it("has a digest that changes with any entry's path, mode, blob or flags, and not with the file times git keeps", () => {
    const root = tempDir('lead-index-')
    git(root, ['init', '-q', '-b', 'main'])
    for (const name of ['a.yaml', 'b.yaml', 'dir/c.yaml']) writeSiteFile(root, name, `name: ${name}\n`)
    git(root, ['add', '-A'])
    git(root, ['commit', '-qm', 'files'])
    const digest = () => GitIndex.read(path.join(root, '.git', 'index'))!.digest()
    const seen = new Set([digest()])
    // Only what git keeps to check files quickly: the same digest.
    const later = new Date(Date.now() + 5000)
    for (const name of ['a.yaml', 'dir/c.yaml']) fs.utimesSync(path.join(root, name), later, later)
    const before = fs.readFileSync(path.join(root, '.git', 'index'))
    git(root, ['update-index', '--really-refresh'])
    expect(fs.readFileSync(path.join(root, '.git', 'index')).equals(before)).toBe(false)
    expect(seen.has(digest())).toBe(true)
    const changes: Array<[string, () => void]> = [
      ['content staged', () => { writeSiteFile(root, 'b.yaml', 'name: B\n'); git(root, ['add', 'b.yaml']) }],
      ['mode staged', () => git(root, ['update-index', '--chmod=+x', 'b.yaml'])],
      ['assume-unchanged', () => git(root, ['update-index', '--assume-unchanged', 'a.yaml'])],
      ['skip-worktree', () => git(root, ['update-index', '--skip-worktree', 'dir/c.yaml'])],
      ['intent to add', () => { writeSiteFile(root, 'd.yaml', 'd: 1\n'); git(root, ['add', '-N', 'd.yaml']) }],
      ['a path renamed', () => git(root, ['mv', 'dir/c.yaml', 'dir/e.yaml'])],
      ['a file removed', () => git(root, ['rm', '-q', '--cached', 'a.yaml'])],
      ['index version 4', () => git(root, ['update-index', '--index-version', '4'])],
    ]
    for (const [what, change] of changes) {
      change()
      const now = digest()
      expect({what, seen: seen.has(now)}).toEqual({what, seen: false})
      seen.add(now)
    }
  })

  it('remembers its digest by the bytes of the index, and forgets it when git rewrites the index or lead is rebuilt', () => {
    const {root, file} = indexedRepo({'a.yaml': 'name: a.yaml\n', 'b.yaml': 'name: b.yaml\n'})
    const summary = path.join(root, '.git', 'lead', 'index-summary.json')
    const fresh = () => GitIndex.read(file)!
    const first = readIndex(file, summary, 'v1')!
    expect(first.digest()).toBe(fresh().digest())
    expect(fs.statSync(summary).mode & 0o777).toBe(0o600)
    // The summary is what answers now: a planted one shows it (entries are still read from the index).
    const kept = JSON.parse(fs.readFileSync(summary, 'utf8'))
    fs.writeFileSync(summary, JSON.stringify({...kept, digest: 'PLANTED', unchecked: ['planted.yaml'], unmerged: ['planted.yaml'], submodule: true}))
    const remembered = readIndex(file, summary, 'v1')!
    expect([remembered.digest(), remembered.unchecked(), remembered.unmerged(), remembered.hasSubmodule()]).toEqual(['PLANTED', ['planted.yaml'], ['planted.yaml'], true])
    // A summary of an earlier build's shape (no list of conflicts) is worked out again.
    const {unmerged: _unmerged, ...older} = kept
    fs.writeFileSync(summary, JSON.stringify({...older, digest: 'PLANTED'}))
    expect(readIndex(file, summary, 'v1')!.digest()).toBe(fresh().digest())
    expect(remembered.entries()).toEqual(fresh().entries())
    // Another build: worked out again.
    expect(readIndex(file, summary, 'v2')!.digest()).toBe(fresh().digest())
    fs.writeFileSync(summary, JSON.stringify({...kept, digest: 'PLANTED'}))
    // Any change git writes to the index: worked out again, and remembered anew.
    for (const change of [() => git(root, ['update-index', '--assume-unchanged', 'a.yaml']), () => { writeSiteFile(root, 'b.yaml', 'name: B\n'); git(root, ['add', 'b.yaml']) }]) {
      change()
      const now = readIndex(file, summary, 'v1')!
      expect(now.digest()).toBe(fresh().digest())
      expect(now.unchecked()).toEqual(fresh().unchecked())
      expect(readIndex(file, summary, 'v1')!.digest()).toBe(fresh().digest())
    }
    expect(readIndex(file, summary, 'v1')!.unchecked()).toEqual(['a.yaml'])
  })

  it('keys the summary by the checksum git ends the index with, and hashes an index written without one', () => {
    const {root, file} = indexedRepo({'a.yaml': 'a: 1\n'})
    const summary = path.join(root, '.git', 'lead', 'index-summary.json')
    const bytes = fs.readFileSync(file)
    expect(readIndex(file, summary, 'v1')!.digest()).toBe(GitIndex.parse(bytes)!.digest())
    expect(JSON.parse(fs.readFileSync(summary, 'utf8')).raw).toBe(`git:${bytes.toString('base64url', bytes.length - 20)}`)
    // index.skipHash (git 2.40+) writes zeros where the checksum goes: the bytes are hashed instead.
    const unsummed = path.join(root, '.git', 'unsummed-index')
    fs.writeFileSync(unsummed, Buffer.concat([bytes.subarray(0, bytes.length - 20), Buffer.alloc(20)]))
    const other = path.join(root, '.git', 'lead', 'other-summary.json')
    expect(readIndex(unsummed, other, 'v1')!.digest()).toBe(GitIndex.parse(bytes)!.digest())
    expect(JSON.parse(fs.readFileSync(other, 'utf8')).raw).toMatch(/^[\w-]{27}$/)
    // Another index under the same path (git renames a new one over it) is read anew.
    writeSiteFile(root, 'b.yaml', 'b: 1\n')
    git(root, ['add', '-A'])
    expect(readIndex(file, summary, 'v1')!.entries().map((e) => e.path)).toEqual(['a.yaml', 'b.yaml'])
  })

  it('refuses what it does not understand, and a truncated file', () => {
    const root = tempDir('lead-index-')
    git(root, ['init', '-q', '-b', 'main'])
    writeSiteFile(root, 'a.yaml', 'a: 1\n')
    git(root, ['add', '-A'])
    const bytes = fs.readFileSync(path.join(root, '.git', 'index'))
    expect(GitIndex.parse(bytes)?.size).toBe(1)
    expect(GitIndex.parse(bytes.subarray(0, 40))).toBeUndefined()
    const other = Buffer.from(bytes)
    other.writeUInt32BE(5, 4)
    expect(GitIndex.parse(other)).toBeUndefined()
    git(root, ['update-index', '--split-index'])
    expect(GitIndex.read(path.join(root, '.git', 'index'))).toBeUndefined()
  })

  it('is walked once for the same bytes read twice (the state check, then the load), and again when they differ', () => {
    const {root, file} = indexedRepo({'a.yaml': 'a: 1\n'})
    const first = GitIndex.read(file)!
    expect(GitIndex.read(file)).toBe(first)
    writeSiteFile(root, 'b.yaml', 'b: 1\n')
    git(root, ['add', '-A'])
    const second = GitIndex.read(file)!
    expect(second).not.toBe(first)
    expect(second.entries().map((e) => e.path)).toEqual(['a.yaml', 'b.yaml'])
    // Bytes that differ by one in an entry's blob are walked again.
    const bytes = fs.readFileSync(file)
    bytes[12 + 45] ^= 1
    expect(GitIndex.parse(bytes)!.oid(0)).not.toBe(second.oid(0))
  })
})


describe('records loaded through git', () => {
  it('are the records a walk of the folders finds, in every state a working tree can be in', async () => {
    const root = exampleSite(env)
    const site = () => readSite(root)
    expect(seen(await loadRecords(site()))).toEqual(await walkedRecords(root)) // cold
    expect((await gitFileState(root))!.files()!.other).toEqual([])

    // Same size, same moment: only git's content check can tell.
    editSiteFile(root, REFERRAL, 'status: enrolled', 'status: eligible')
    writeSiteFile(root, 'partners/untracked.yaml', 'id: untracked\nname: Untracked\ntype: service_provider\n')
    writeSiteFile(root, '.gitignore', '.lead/\npartners/ignored.yaml\nmous/drafts/\n')
    writeSiteFile(root, 'partners/ignored.yaml', 'id: ignored\nname: Ignored\ntype: service_provider\n')
    writeSiteFile(root, 'mous/drafts/m-draft.yaml', 'id: m-draft\n')
    writeSiteFile(root, 'docs/mkdocs.yml', 'site_name: x\n')
    const partners = fs.readdirSync(path.join(root, 'partners')).filter((f) => f !== 'untracked.yaml' && f !== 'ignored.yaml')
    fs.rmSync(path.join(root, 'partners', partners[0]!))
    // Staged, then changed again in the working tree.
    editSiteFile(root, `partners/${partners[1]!}`, /^name: .*$/m, 'name: Staged Name')
    git(root, ['add', `partners/${partners[1]!}`])
    editSiteFile(root, `partners/${partners[1]!}`, 'Staged Name', 'Working Name')
    // git is told not to look: lead must look all the same.
    git(root, ['update-index', '--assume-unchanged', `partners/${partners[2]!}`])
    editSiteFile(root, `partners/${partners[2]!}`, /^name: .*$/m, 'name: Unlooked Name')
    fs.symlinkSync(path.join(root, REFERRAL), path.join(root, 'referrals', '2026', 'r-2026-11-30-linked.yaml'))

    const state = (await gitFileState(root))!.files()!
    expect(state.ignoredDirs).toEqual(['mous/drafts'])
    expect(state.other).toEqual(expect.arrayContaining([REFERRAL, 'partners/untracked.yaml', 'partners/ignored.yaml', `partners/${partners[2]!}`]))
    expect(state.clean.has(`partners/${partners[0]!}`)).toBe(false)
    const expected = await walkedRecords(root)
    expect(expected.join('\n')).toContain('Unlooked Name')
    expect(expected.join('\n')).toContain('Working Name')
    expect(expected.join('\n')).toContain('SYMLINK')
    expect(expected.join('\n')).toContain('mous/drafts/m-draft.yaml')
    expect(seen(await loadRecords(site()))).toEqual(expected)
    expect(seen(await loadRecords(site()))).toEqual(expected) // warm
  })

  it("in the walk's order where git's differs (a folder sorts before a name that extends it with '-')", async () => {
    const root = exampleSite(env)
    writeSiteFile(root, 'partners-old/x.yaml', 'id: x\n')
    writeSiteFile(root, 'partners/a-b.yaml', 'id: a-b\nname: A\ntype: service_provider\n')
    writeSiteFile(root, 'partners/a/c.yaml', 'id: c\n')
    git(root, ['add', '-A'])
    git(root, ['commit', '-qm', 'odd names'])
    // Every file clean: listed by position in the walk's order.
    expect(seen(await loadRecords(readSite(root)))).toEqual(await walkedRecords(root))
    writeSiteFile(root, 'partners-new/y.yaml', 'id: y\n') // untracked, merged in among the clean files
    expect((await gitFileState(root))!.files()!.clean.has('partners-old/x.yaml')).toBe(true)
    expect(seen(await loadRecords(readSite(root)))).toEqual(await walkedRecords(root))
  })

  it('in a site in a subfolder of the repository, and with a merge conflict', async () => {
    const repo = tempDir('lead-sub-')
    const root = path.join(repo, 'ops', 'lead-site')
    fs.cpSync(exampleSite(env), root, {recursive: true})
    fs.rmSync(path.join(root, '.git'), {recursive: true, force: true})
    writeSiteFile(repo, 'outside/referrals/2026/r-2026-01-01-aaaaaa.yaml', 'id: r-2026-01-01-aaaaaa\n')
    git(repo, ['init', '-q', '-b', 'main'])
    git(repo, ['add', '-A'])
    git(repo, ['commit', '-qm', 'site'])
    git(repo, ['switch', '-qc', 'other'])
    editSiteFile(root, REFERRAL, /^status: .*$/m, 'status: declined')
    git(repo, ['commit', '-qam', 'other'])
    git(repo, ['switch', '-q', 'main'])
    editSiteFile(root, REFERRAL, /^status: .*$/m, 'status: closed')
    git(repo, ['commit', '-qam', 'main'])
    spawnMerge(repo)
    expect(fs.readFileSync(path.join(root, REFERRAL), 'utf8')).toContain('<<<<<<<')
    expect((await gitFileState(root))!.files()!.other).toEqual([REFERRAL])
    expect(seen(await loadRecords(readSite(root)))).toEqual(await walkedRecords(root))
  })

  it('a site whose files git converts on checkout is read from its files, and git stops being asked', async () => {
    const root = exampleSite(env)
    git(root, ['config', 'core.autocrlf', 'true'])
    fs.rmSync(path.join(root, REFERRAL))
    git(root, ['checkout', '--', REFERRAL])
    expect(fs.readFileSync(path.join(root, REFERRAL), 'utf8')).toContain('\r\n')
    expect((await gitFileState(root))!.files()!.clean.has(REFERRAL)).toBe(true) // git: unchanged
    const expected = await walkedRecords(root)
    expect(seen(await loadRecords(readSite(root)))).toEqual(expected)
    expect(fs.readFileSync(cacheFile(root)!, 'utf8')).toContain('"gitHashesDiffer":true')
    editSiteFile(root, REFERRAL, 'status: enrolled', 'status: eligible')
    expect(seen(await loadRecords(readSite(root)))).toEqual(await walkedRecords(root))
  })

  const CONVERTING = `${REFERRAL} working-tree-encoding=UTF-16LE-BOM\n`
  const commitAttributes = (root: string, text: string) => {
    fs.writeFileSync(path.join(root, '.gitattributes'), text)
    git(root, ['add', '.gitattributes'])
    git(root, ['commit', '-qm', 'attributes'])
  }
  it.each([
    ['the site, committed', () => undefined, (root: string) => commitAttributes(root, CONVERTING)],
    ["the repository's info/attributes", () => undefined, (root: string) => {
      fs.mkdirSync(path.join(root, '.git', 'info'), {recursive: true})
      fs.writeFileSync(path.join(root, '.git', 'info', 'attributes'), CONVERTING)
    }],
    ['the site, edited and not committed', (root: string) => commitAttributes(root, '# attributes\n'), (root: string) => fs.appendFileSync(path.join(root, '.gitattributes'), CONVERTING)],
    ['the site, never added to git', () => undefined, (root: string) => fs.writeFileSync(path.join(root, '.gitattributes'), CONVERTING)],
  ])('a file whose content git converts by an attribute of %s is read from the working tree, though its blob was parsed before', async (_, prepare, apply) => {
    const root = exampleSite(env)
    prepare(root)
    // Every blob parsed and the result remembered: a file git calls unchanged would be answered from its blob's parse.
    const before = await validateSite(readSite(root), {asOf: '2026-11-27'})
    expect(before.errors).toBe(0)
    apply(root)
    fs.rmSync(path.join(root, REFERRAL))
    git(root, ['checkout', '--', REFERRAL])
    expect(fs.readFileSync(path.join(root, REFERRAL))[0]).toBe(0xff) // UTF-16's byte-order mark
    expect((await gitFileState(root))!.files()).toBeUndefined()
    const warm = await validateSite(readSite(root), {asOf: '2026-11-27'})
    const fresh = await validateSite(readSite(root), {asOf: '2026-11-27', cache: false})
    expect(warm.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(fresh.diagnostics.map((d) => `${d.file} ${d.code}`))
    expect(fresh.diagnostics.some((d) => d.file === REFERRAL && d.code === 'NOT_UTF8')).toBe(true)
  })
})

function spawnMerge(repo: string): void {
  try {
    git(repo, ['merge', '-q', 'other'])
  } catch {
    // the conflict is the point
  }
}

describe('git status started early (bin/run.js)', () => {
  it('is taken once, and a write before it is taken drops it', async () => {
    const root = exampleSite(env)
    await prefetchSiteStatus(['validate', '-C', root])
    expect(hasPrefetch(root)).toBe(true)
    await prefetchAnswered(root)
    // lead writes a record: git's earlier answer would call it unchanged.
    const abs = path.join(root, REFERRAL)
    writeFileAtomic(abs, fs.readFileSync(abs, 'utf8').replace('status: enrolled', 'status: eligible'))
    expect(hasPrefetch(root)).toBe(false)
    expect((await gitFileState(root))!.files()!.other).toEqual([REFERRAL])

    prefetchGitStatus(root)
    expect((await gitFileState(root))!.files()!.other).toEqual([REFERRAL])
    expect(hasPrefetch(root)).toBe(false)
    // A write's status, on one core, gives the same answer.
    prefetchGitStatus(root, {oneCore: true})
    expect((await gitFileState(root))!.files()!.other).toEqual([REFERRAL])
    forgetPrefetch()
    expect(['set', 'new'].map((c) => statusOnOneCore([c, 'x', '-C', root]))).toEqual([true, true])
    expect(['validate', 'status', 'list'].map((c) => statusOnOneCore([c, '-C', root]))).toEqual([false, false, false])
    // The folder -C or --dir names, before the command, is not the command (a site folder named like one).
    expect([statusOnOneCore(['-C', 'set', 'validate']), statusOnOneCore(['--dir', 'validate', 'set', 'x'])]).toEqual([false, true])
  })

  it('is asked again when taken long after it started: a person may have changed files meanwhile (prompts, an editor)', async () => {
    const root = exampleSite(env)
    git(root, ['status', '--porcelain'], env)
    prefetchGitStatus(root)
    await new Promise((r) => setTimeout(r, 2300))
    // Edited by hand, not by lead (which would drop the early answer itself).
    fs.appendFileSync(path.join(root, REFERRAL), '# a note\n')
    const state = (await gitFileState(root))!
    expect(hasPrefetch(root)).toBe(false)
    expect(state.files()!.other).toEqual([REFERRAL])
    expect(state.listedByGit(REFERRAL)).toBe(true)
  })

  it('guesses the site from the command line as openSite finds it, and not for help or init', async () => {
    const root = exampleSite(env)
    const inside = path.join(root, 'partners')
    for (const args of [['validate', '--dir', inside], [`--dir=${root}`, 'status'], ['list', 'partner', '-C', inside]]) {
      await prefetchSiteStatus(args)
      expect(hasPrefetch(root)).toBe(true)
      forgetPrefetch()
    }
    await prefetchSiteStatus(['status'], {LEAD_DIR: inside})
    expect(hasPrefetch(root)).toBe(true)
    forgetPrefetch()
    // show reads its record by path and walks the protocols' folder; history asks git for a log.
    for (const args of [['validate', '-C', root, '--help'], ['init', root], ['--version'], ['validate', '--no-cache', '-C', root], ['show', 'r-2025-06-03-cv4zgx', '-C', root], ['history', 'partner', 'harbor-pd', '-C', root]]) {
      await prefetchSiteStatus(args)
      expect(hasPrefetch(root)).toBe(false)
    }
  })
})
