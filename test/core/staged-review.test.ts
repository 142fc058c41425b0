/**
 * The pre-commit check (`lead validate --staged --since HEAD`) over a warm cache: its snapshots of
 * the index and of HEAD share one parse cache, saved once; a blob is known by its object id and
 * read only when it must be parsed; the base in full is made from the head's records. Every answer
 * is compared with a run that uses no cache at all, and the cache must stay whole for the next
 * plain `lead validate`.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parseDocument} from 'yaml'
import {prefetchSiteStatus} from '../../src/cli/git-prefetch.js'
import {LeadError} from '../../src/core/errors.js'
import {BlobStore, blobHash} from '../../src/core/git/blob-store.js'
import {listIndexFiles, readBlobs, resolveCommit} from '../../src/core/git/revision-files.js'
import {loadSnapshot, loadSnapshotAgainst, type SiteSnapshot} from '../../src/core/git/site-snapshot.js'
import {loadRecords, type RecordInput} from '../../src/core/records/load.js'
import {forgetPrefetch, hasPrefetch} from '../../src/core/records/git-file-state.js'
import {contentHash, ParseCache} from '../../src/core/records/parse-cache.js'
import {listSiteFiles} from '../../src/core/records/site-files.js'
import {validateSince, type SinceResult} from '../../src/core/review/incremental-validation.js'
import {resolveRange, reviewRange} from '../../src/core/review/site-review.js'
import {readSite} from '../../src/core/site.js'
import {validateSite} from '../../src/core/validate/site-validation.js'
import {cleanupTemp, editSiteFile, exampleSite, git, readSiteFile, testEnv, writeSiteFile, useGitEnv} from '../support/cli.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const AS_OF = '2026-11-27'
const BROKEN = 'partners/broken.yaml'

const answer = (r: SinceResult) => ({
  ok: r.ok,
  errors: r.errors,
  warnings: r.warnings,
  files: r.checkedFiles,
  changed: r.changedFiles,
  affected: r.affectedFiles,
  removed: r.removedFiles,
  findings: r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message} ${d.excerpt ?? ''}`),
})

/**
 * The example site with mistakes already committed (an unreadable record, a misspelt field: findings
 * in files nobody touches, so the base must be judged in full), then staged changes that break an
 * unchanged file (an officer leaves the roster a training lists), and a working tree that differs
 * from the index.
 */
function stagedChange(): string {
  const root = exampleSite(env)
  writeSiteFile(root, BROKEN, 'id: broken\nname: [unclosed\n')
  editSiteFile(root, 'partners/harbor-housing-coalition.yaml', /^name: /m, 'nmae: ')
  git(root, ['add', '-A'])
  git(root, ['commit', '-qm', 'old mistakes'])
  editSiteFile(root, 'trainings/2026-03-04-pd-v2-roll-call.yaml', /badge: "0577"/, 'badge: "5770"')
  const roster = parseDocument(readSiteFile(root, 'rosters/harbor-pd.yaml'))
  const officers = roster.get('officers') as {items: Array<{get(k: string): unknown}>; delete(i: number): void}
  officers.delete(officers.items.findIndex((o) => o.get('badge') === '1402'))
  writeSiteFile(root, 'rosters/harbor-pd.yaml', roster.toString())
  git(root, ['add', '-A'])
  return root
}

/** The record files of the working tree whose parse (and value) the cache does not hold: the next validate would parse them. */
function missingFromCache(root: string, except: ReadonlySet<string> = new Set()): string[] {
  const cache = ParseCache.open(root, {parseInstead: 0})
  const missing: string[] = []
  for (const f of listSiteFiles(root).files) {
    if (except.has(f.file)) continue
    const hash = contentHash(fs.readFileSync(f.abs))
    let parsedAgain = false
    // A record that could not be read has no value to hold.
    if (cache.get(hash)?.diagnostics.length === 0) cache.value(hash, () => (parsedAgain = true))
    if (!cache.knows(hash) || parsedAgain) missing.push(f.file)
  }
  return missing
}

const validations = (root: string) => ParseCache.open(root).validations.keys()

describe('the pre-commit check over a warm cache', () => {
  it('finds what a run without the cache finds, and leaves the cache whole for the next validate', async () => {
    const root = stagedChange()
    // Not staged: the check must judge the index, not this.
    editSiteFile(root, 'partners/harbor-pd.yaml', /^name: .*$/m, 'name: Harbor City Police')
    await validateSite(readSite(root), {asOf: AS_OF})
    expect(missingFromCache(root)).toEqual([])

    const fresh = answer(await validateSince(root, 'HEAD', {staged: true, asOf: AS_OF, cache: false}))
    expect(fresh.changed).toEqual(['rosters/harbor-pd.yaml', 'trainings/2026-03-04-pd-v2-roll-call.yaml'])
    expect(fresh.affected).toEqual(['trainings/2026-06-17-pd-initial.yaml'])
    expect(fresh.findings.some((f) => f.startsWith('partners/'))).toBe(false)
    for (let run = 0; run < 3; run++) expect({run, ...answer(await validateSince(root, 'HEAD', {staged: true, asOf: AS_OF}))}).toEqual({run, ...fresh})
    // Only the partner's working-tree text was never seen by the check (it judged the index).
    expect(missingFromCache(root, new Set(['partners/harbor-pd.yaml']))).toEqual([])

    // The same change unstaged, judged in the working tree: the same answer.
    git(root, ['checkout', '-q', '--', 'partners/harbor-pd.yaml'])
    git(root, ['reset', '-q'])
    expect(answer(await validateSince(root, 'HEAD', {asOf: AS_OF}))).toEqual(fresh)
    expect(missingFromCache(root)).toEqual([])
  })

  it('lead diff leaves the cache whole too (it loads only what differs, and saves nothing)', async () => {
    const root = stagedChange()
    await validateSite(readSite(root), {asOf: AS_OF})
    for (const staged of [true, false]) {
      const review = await reviewRange(root, await resolveRange(root, [], {staged}), {asOf: AS_OF})
      expect(review.diff.records.map((r) => r.file)).toEqual(['rosters/harbor-pd.yaml', 'trainings/2026-03-04-pd-v2-roll-call.yaml'])
      expect(missingFromCache(root)).toEqual([])
    }
  })

  it('keeps both states a commit is judged by remembered across commits', async () => {
    const root = exampleSite(env)
    // A finding in a file no commit touches: each check judges its base to tell old findings from new.
    editSiteFile(root, 'partners/harbor-housing-coalition.yaml', /^name: /m, 'nmae: ')
    git(root, ['commit', '-qam', 'an old mistake'])
    const round = async (file: string) => {
      editSiteFile(root, file, /^name: (.*)$/m, 'name: $1 (renamed)')
      await validateSite(readSite(root), {asOf: AS_OF}) // the edit, validated while working
      git(root, ['add', file])
      await validateSince(root, 'HEAD', {staged: true, asOf: AS_OF})
    }
    await round('partners/harbor-pd.yaml') // the base is judged here for the first time
    git(root, ['commit', '-qm', 'one'])
    editSiteFile(root, 'partners/harbor-lead-pm.yaml', /^name: (.*)$/m, 'name: $1 (renamed)')
    await validateSite(readSite(root), {asOf: AS_OF})
    git(root, ['add', '-A'])
    const before = validations(root)
    // HEAD's state was validated as the last check's head: still remembered, so judged by no rule again.
    await validateSince(root, 'HEAD', {staged: true, asOf: AS_OF})
    expect(validations(root)).toEqual(before)
  })

  it('makes the base in full from the head without loading it again: the same records and findings', async () => {
    const root = stagedChange()
    const cache = ParseCache.open(root)
    const head = await loadSnapshot(root, {type: 'index'}, {parseCache: cache})
    const commit = await resolveCommit(root, 'HEAD')
    const partial = await loadSnapshotAgainst(root, {type: 'commit', rev: 'HEAD', commit}, head, {parseCache: cache})
    expect(partial.snapshot.records.records.length).toBeLessThan(head.records.records.length / 4)
    const made = await partial.complete()
    const loaded = await loadSnapshot(root, {type: 'commit', rev: 'HEAD', commit}, {cache: false})
    const view = (s: SiteSnapshot) => ({
      partial: s.partial,
      records: s.records.records.map((r) => `${r.file} ${r.kind} ${r.id} ${r.hash} ${JSON.stringify(r.data)}`),
      diagnostics: s.records.diagnostics.map((d) => JSON.stringify(d)).sort(),
      hashes: [...s.hashes].sort(),
    })
    expect(view(made)).toEqual(view(loaded))
    expect(view(made).diagnostics.some((d) => d.includes(BROKEN))).toBe(true)
  })
})

describe('blobs known by their object id', () => {
  it('is lead\'s content hash, and a blob is read from the working tree only when it hashes the same', async () => {
    const root = exampleSite(env)
    editSiteFile(root, 'partners/harbor-pd.yaml', /^name: .*$/m, 'name: Staged Name')
    git(root, ['add', '-A'])
    editSiteFile(root, 'partners/harbor-pd.yaml', /^name: .*$/m, 'name: Working Name')
    const entries = new Map((await listIndexFiles(root)).entries.map((e) => [e.path, e.sha]))
    const staged = entries.get('partners/harbor-pd.yaml')!
    const same = entries.get('partners/harbor-lead-pm.yaml')!
    const blobs = await readBlobs(root, [staged, same])
    for (const sha of [staged, same]) expect(blobHash(sha)).toBe(contentHash(blobs.get(sha)!))
    expect(blobHash('f'.repeat(64))).toBeUndefined() // a SHA-256 repository's ids are not lead's hashes

    // Without git, only what the working tree holds byte for byte can be read.
    const path0 = process.env.PATH
    process.env.PATH = ''
    try {
      const store = new BlobStore(root)
      expect(Buffer.from(store.read(same, 'partners/harbor-lead-pm.yaml', 1 << 20)).equals(blobs.get(same)!)).toBe(true)
      expect(() => store.read(staged, 'partners/harbor-pd.yaml', 1 << 20)).toThrow(LeadError)
    } finally {
      process.env.PATH = path0
    }
    const store = new BlobStore(root)
    expect(Buffer.from(store.read(staged, 'partners/harbor-pd.yaml', 1 << 20)).toString('utf8')).toContain('name: Staged Name')
  })

  it('a load prepares (fetches) only the inputs the cache does not know', async () => {
    const root = exampleSite(env)
    const site = readSite(root)
    await validateSite(site, {asOf: AS_OF})
    const inputs: RecordInput[] = listSiteFiles(root).files.map((f) => {
      const bytes = fs.readFileSync(f.abs)
      return {file: f.file, kind: f.kind, id: f.id, hash: contentHash(bytes), read: () => bytes}
    })
    const fresh = Buffer.from('id: new-one\nname: New One\ntype: other\n')
    inputs.push({file: 'partners/new-one.yaml', kind: 'partner', id: 'new-one', hash: contentHash(fresh), read: () => fresh})
    const prepared: string[][] = []
    const loaded = await loadRecords(site, {inputs, saveCache: false, prepare: async (batch) => void prepared.push(batch.map((i) => i.file))})
    expect(prepared).toEqual([['partners/new-one.yaml']])
    expect(loaded.get('partner', 'new-one')?.data?.name).toBe('New One')
    prepared.length = 0
    await loadRecords(site, {inputs: inputs.slice(0, -1), saveCache: false, prepare: async (batch) => void prepared.push(batch.map((i) => i.file))})
    expect(prepared).toEqual([])
    expect(path.isAbsolute(root)).toBe(true)
  })
})

describe('git status started early (bin/run.js)', () => {
  it('is not started for a check of the index, which never reads the working tree', async () => {
    const root = exampleSite(env)
    for (const args of [['validate', '--staged', '--since', 'HEAD', '-C', root], ['diff', '--staged', '-C', root], ['diff', '--cached', '-C', root]]) {
      await prefetchSiteStatus(args)
      expect({args, started: hasPrefetch(root)}).toEqual({args, started: false})
    }
    await prefetchSiteStatus(['validate', '--since', 'HEAD', '-C', root])
    expect(hasPrefetch(root)).toBe(true)
    forgetPrefetch()
  })
})
