/**
 * The parse cache index's journal (records/index-journal.ts): a save that learnt little appends a
 * line instead of rewriting the index, and the next command reads the index with its journal
 * applied. Every check compares with a run that uses no cache at all.
 */
import {isAscii} from 'node:buffer'
import {execFileSync, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {valuesFile} from '../../src/core/records/cache-files.js'
import {cacheFile, contentHash, journalFileOf, ParseCache, readCacheIndex} from '../../src/core/records/parse-cache.js'
import {readSite} from '../../src/core/site.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {BIN, cleanupTemp, editSiteFile, exampleSite, git, readSiteFile, runLead, tempDir, testEnv} from '../support/cli.js'
import {savedLater} from '../support/save-times.js'

const env = testEnv()
const AS_OF = '2026-11-27'
const REFERRAL = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
const PARTNER = 'partners/harbor-pd.yaml'
const OTHER = 'referrals/2026/r-2026-01-17-wvy892.yaml'
const findings = (r: ValidationResult) => r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`)

/** Validate through the cache (the git-state memo off, so the records are loaded) and without it: both must agree. */
async function bothWays(root: string): Promise<ValidationResult> {
  const cached = await validateSite(readSite(root), {asOf: AS_OF, git: undefined})
  const fresh = await validateSite(readSite(root), {asOf: AS_OF, cache: false})
  expect(findings(cached)).toEqual(findings(fresh))
  return cached
}

const journalLines = (root: string) => (fs.existsSync(journalFileOf(root)!) ? fs.readFileSync(journalFileOf(root)!, 'latin1').split('\n').filter(Boolean) : [])

describe('the index journal', () => {
  let root: string
  beforeEach(async () => {
    root = exampleSite(env)
    await bothWays(root) // a cold run: the index written whole
    savedLater(root) // as if the next command ran seconds later: the stamps the index holds are trusted
  })
  afterAll(cleanupTemp)

  it('a save after one record changed appends one line, and the next run reads it', async () => {
    const index = fs.readFileSync(cacheFile(root)!)
    expect(journalLines(root)).toEqual([])
    editSiteFile(root, REFERRAL, /^status: .*$/m, 'status: enrolled\nnotes: Prefers Ms. Jane Appleseed on 555-867-5309')
    const edited = await bothWays(root)
    expect(findings(edited).join('\n')).toContain('PII_')
    // The index is as it was; what the run learnt is one private, ASCII journal line.
    expect(fs.readFileSync(cacheFile(root)!).equals(index)).toBe(true)
    expect(journalLines(root)).toHaveLength(1)
    const journal = fs.readFileSync(journalFileOf(root)!)
    expect(isAscii(journal)).toBe(true)
    expect(fs.statSync(journalFileOf(root)!).mode & 0o777).toBe(0o600)
    // Nothing typed in the referral is in it (its findings are concealed like the index's).
    for (const typed of ['Appleseed', '867-5309']) expect(journal.toString('latin1')).not.toContain(typed)
    // The validation's findings are kept in a file of their own, not repeated on every line (a
    // big site's are ~30 KB: a line per write carrying them filled the journal in ~20 writes).
    expect(journal.toString('latin1')).not.toContain('"validation"')
    const kept = ParseCache.open(root).validations.keys()
    expect(kept.length).toBeGreaterThan(0)
    const validations = path.join(path.dirname(cacheFile(root)!), fs.readdirSync(path.dirname(cacheFile(root)!)).find((f) => f.startsWith('validations-'))!)
    expect(fs.readFileSync(validations, 'latin1')).toContain('PII_')
    expect(isAscii(fs.readFileSync(validations))).toBe(true)
    expect(fs.statSync(validations).mode & 0o777).toBe(0o600)
    for (const typed of ['Appleseed', '867-5309']) expect(fs.readFileSync(validations, 'latin1')).not.toContain(typed)
    // The next command sees the new content as known: its entry, schema result and stamp.
    const hash = contentHash(Buffer.from(readSiteFile(root, REFERRAL)))
    const read = readCacheIndex(root)!
    expect(read.entries.get(hash)?.schema?.kind).toBe('referral')
    expect(read.files.get(REFERRAL)?.hash).toBe(hash)
    // Another referral changed: another line, all applied in order. (A run in between may add one:
    // the edited file's stamp, saved within 2 s of its change, is saved again so that it is trusted.)
    await bothWays(root)
    const before = journalLines(root).length
    expect(before).toBeLessThanOrEqual(2)
    editSiteFile(root, OTHER, /^status: .*$/m, 'status: received')
    await bothWays(root)
    expect(journalLines(root)).toHaveLength(before + 1)
    expect(readCacheIndex(root)!.files.get(OTHER)?.hash).toBe(contentHash(Buffer.from(readSiteFile(root, OTHER))))
    expect(readCacheIndex(root)!.files.get(REFERRAL)?.hash).toBe(contentHash(Buffer.from(readSiteFile(root, REFERRAL))))
  })

  it('a line that fails its sum is skipped: that save is learnt again, nothing else is lost', async () => {
    editSiteFile(root, REFERRAL, /^status: .*$/m, 'status: received')
    await bothWays(root)
    const hash = contentHash(Buffer.from(readSiteFile(root, REFERRAL)))
    expect(readCacheIndex(root)!.entries.get(hash)).toBeDefined()
    const bytes = fs.readFileSync(journalFileOf(root)!)
    bytes[bytes.length - 10] ^= 1 // same length, wrong sum
    fs.writeFileSync(journalFileOf(root)!, bytes)
    expect(readCacheIndex(root)!.entries.get(hash)).toBeUndefined()
    await bothWays(root)
    expect(readCacheIndex(root)!.entries.get(hash)).toBeDefined()
  })

  it('a journal past a quarter of the index is folded into a new index; lines of an old index are never applied', async () => {
    editSiteFile(root, REFERRAL, /^status: .*$/m, 'status: received')
    await bothWays(root)
    const generation = readCacheIndex(root)!.generation
    // Lines for another index (left by a process that appended while the index was rewritten).
    const stray = `${'x'.repeat(27)} ${JSON.stringify({generation: 'another', before: 0, entries: {}})}\n`
    fs.appendFileSync(journalFileOf(root)!, stray.repeat(Math.ceil((70 * 1024) / stray.length)))
    expect(readCacheIndex(root)!.generation).toBe(generation)
    editSiteFile(root, PARTNER, /^name: .*$/m, 'name: Harbor City Police')
    await bothWays(root)
    // Too long to append to: the index was rewritten under a new generation, the journal removed.
    expect(readCacheIndex(root)!.generation).not.toBe(generation)
    expect(fs.existsSync(journalFileOf(root)!)).toBe(false)
    expect(readCacheIndex(root)!.files.get(PARTNER)?.hash).toBe(contentHash(Buffer.from(readSiteFile(root, PARTNER))))
    expect(readCacheIndex(root)!.files.get(REFERRAL)?.hash).toBe(contentHash(Buffer.from(readSiteFile(root, REFERRAL))))
  })
})

describe('a cache saved twice in one run', () => {
  afterAll(cleanupTemp)
  const text = (i: number) => `id: r-${i}\nnotes: ${'n'.repeat(200)}\n`
  const hashOf = (i: number) => contentHash(Buffer.from(text(i)))
  const add = (cache: ParseCache, ids: number[]) => ids.forEach((i) => cache.set(hashOf(i), {data: {id: `r-${i}`}, diagnostics: []}))

  it('the second save extends the first, whether it appended to the journal or rewrote the index', () => {
    const root = tempDir()
    git(root, ['init', '-q'])
    const first = ParseCache.open(root)
    add(first, [0, 1, 2])
    first.save() // no index yet: written whole
    add(first, [3])
    first.save() // appended, under the generation just written
    expect(journalLines(root)).toHaveLength(1)
    const again = ParseCache.open(root)
    for (const i of [0, 1, 2, 3]) expect(again.knows(hashOf(i)), `r-${i}`).toBe(true)
    add(again, [4])
    again.save()
    add(again, [5])
    again.save()
    // Each line holds only what was learnt since the save before it.
    const lines = journalLines(root).map((l) => Object.keys((JSON.parse(l.slice(28)) as {entries: object}).entries))
    expect(lines).toEqual([[hashOf(3)], [hashOf(4)], [hashOf(5)]])
    const read = ParseCache.open(root, {parseInstead: 0})
    for (const i of [0, 1, 2, 3, 4, 5]) expect(read.value(hashOf(i), () => 'parsed again'), `r-${i}`).toEqual({id: `r-${i}`})
  })
})

describe('cache files that are not files', () => {
  it('a FIFO in its place is not waited on (the built CLI): read as no journal, appended to as none', () => {
    const root = exampleSite(env)
    expect(runLead(['validate', '--dir', root], {env}).code).toBe(0)
    expect(readCacheIndex(root)?.generation).toBeDefined()
    execFileSync('mkfifo', [journalFileOf(root)!])
    // Read by the next command, which learns one changed referral (a journal line's worth).
    editSiteFile(root, OTHER, /^status: .*$/m, 'status: closed')
    const r = spawnSync(process.execPath, [BIN, 'validate', '--json', '--dir', root], {env, encoding: 'utf8', timeout: 20_000})
    expect(r.signal, 'lead waited on the FIFO').toBeNull()
    expect(JSON.parse(r.stdout)).toMatchObject({ok: expect.any(Boolean)})
    // What it learnt went into a rewritten index, which took the FIFO away.
    expect(fs.lstatSync(journalFileOf(root)!, {throwIfNoEntry: false})?.isFIFO() ?? false).toBe(false)
  }, 30_000)

  it('a FIFO in place of the values file is not waited on (the built CLI): its values parsed again', () => {
    const root = exampleSite(env)
    expect(runLead(['validate', '--dir', root], {env}).code).toBe(0)
    const values = valuesFile(cacheFile(root)!)
    fs.rmSync(values)
    execFileSync('mkfifo', ['-m', '600', values])
    editSiteFile(root, OTHER, /^status: .*$/m, 'status: closed')
    const r = spawnSync(process.execPath, [BIN, 'show', 'r-2026-01-17-wvy892', '--json', '--dir', root], {env, encoding: 'utf8', timeout: 20_000})
    expect(r.signal, 'lead waited on the FIFO').toBeNull()
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({id: 'r-2026-01-17-wvy892'})
  }, 30_000)
})
