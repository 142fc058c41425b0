/**
 * Loading part of a site (load.ts `select`): `lead show`, `lead referral check` and `lead new`
 * read one record and the few it needs, not 13,000; the parse cache they save through must keep
 * what they did not see.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {PER_PARTICIPANT_KINDS} from '../../src/core/records/kinds.js'
import {loadRecords} from '../../src/core/records/load.js'
import {ParseCache} from '../../src/core/records/parse-cache.js'
import {ofKinds} from '../../src/core/records/site-files.js'
import {readSite} from '../../src/core/site.js'
import {eligibilityRecords, loadForReferral} from '../../src/core/referrals/site-data.js'
import {validateRecords} from '../../src/core/validate/site-validation.js'
import {cleanupTemp, exampleSite, git, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()
Object.assign(process.env, {GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})

let root: string
beforeEach(() => {
  root = exampleSite(env)
})

/** Every referral's and consent's blob as git's index has it, as lead writes a content hash. */
const blobs = () =>
  git(root, ['ls-files', '-s'], env)
    .trim()
    .split('\n')
    .map((l) => /^\d+ (\S+) \d+\t(.+)$/.exec(l)!)
    .filter((m) => /^(referrals|consents)\//.test(m[2]!))
    .map((m) => Buffer.from(m[1]!, 'hex').toString('base64url'))

describe('a partial load', () => {
  it('lists only the records it selects, with what they are', async () => {
    const site = readSite(root)
    const all = await loadRecords(site)
    const part = await loadRecords(site, {select: (kind) => kind === 'protocol'})
    expect(part.records.map((r) => r.file)).toEqual(all.records.filter((r) => r.kind === 'protocol').map((r) => r.file))
    expect(part.records.length).toBeGreaterThan(0)
    expect(part.dataOf('protocol')).toEqual(all.dataOf('protocol'))
    // Validated as the site it would leave memos and a basis of another site.
    expect(part.partial).toBe(true)
    expect(() => validateRecords(site, part)).toThrow(/partial/)
    expect(validateRecords(site, all).errors).toBe(0)
  })

  it("of whole kinds walks their folders alone: the same records, an edit not committed, a stray file's finding, never through a link", async () => {
    const site = readSite(root)
    const all = await loadRecords(site)
    const walked = await loadRecords(site, {select: ofKinds('protocol', 'roster')})
    expect(walked.records.map((r) => r.file)).toEqual(all.records.filter((r) => r.kind === 'protocol' || r.kind === 'roster').map((r) => r.file))
    expect(walked.dataOf('roster')).toEqual(all.dataOf('roster'))
    // Changed and not committed (the cache knew the old content), and a file of the wrong name.
    fs.appendFileSync(path.join(root, 'rosters/harbor-pd.yaml'), '# checked\n')
    const edited = fs.readFileSync(path.join(root, 'protocols/2025-v1.yaml'), 'utf8').replace(/^title: .*$/m, 'title: Renamed for the test')
    fs.writeFileSync(path.join(root, 'protocols/2025-v1.yaml'), edited)
    fs.writeFileSync(path.join(root, 'protocols/Notes.yml'), 'x: 1\n')
    const again = await loadRecords(site, {select: ofKinds('protocol')})
    expect(again.get('protocol', '2025-v1')!.data!.title).toBe('Renamed for the test')
    expect(again.diagnostics.map((d) => d.code)).toContain('FILE_NAME')
    // A folder that is a link to one outside the site is not read.
    const outside = path.join(path.dirname(root), 'elsewhere')
    fs.renameSync(path.join(root, 'protocols'), outside)
    fs.symlinkSync(outside, path.join(root, 'protocols'))
    const linked = await loadRecords(site, {select: ofKinds('protocol')})
    expect(linked.records).toEqual([])
    expect(linked.diagnostics.map((d) => d.code)).toEqual(['SYMLINK'])
  })

  it('never rewrites the cache without the records it did not see, even when it learnt something', async () => {
    const site = readSite(root)
    await loadRecords(site)
    const known = blobs()
    expect(known.length).toBeGreaterThan(10)
    expect(known.filter((hash) => !ParseCache.open(root).knows(hash))).toEqual([])
    // A changed partner is parsed again: something learnt, to save. journal: false makes every save a rewrite.
    fs.appendFileSync(path.join(root, 'partners/harbor-pd.yaml'), '# called\n')
    await loadRecords(site, {select: (kind) => !PER_PARTICIPANT_KINDS.has(kind), parseCache: ParseCache.open(root, {journal: false})})
    const after = ParseCache.open(root)
    expect(known.filter((hash) => !after.knows(hash))).toEqual([])
    // A whole load through the same cache may drop what is gone, as any whole run does.
    fs.rmSync(path.join(root, 'referrals/2025/r-2025-06-03-cv4zgx.yaml'))
    const cache = ParseCache.open(root, {journal: false})
    await loadRecords(site, {select: (kind) => kind === 'partner', parseCache: cache, saveCache: false})
    await loadRecords(site, {parseCache: cache})
    expect(known.filter((hash) => !ParseCache.open(root).knows(hash)).length).toBe(1)
  })

  it("of a few small files next to a big index: parsed from the files, as the cache would give them; a part as big as the index goes through it", async () => {
    // 1,500 more referrals: the index (~200 bytes a file) grows to ~20× the protocols' ~17 KB.
    const folder = path.join(root, 'referrals', '2026')
    const model = fs.readFileSync(path.join(folder, 'r-2026-01-08-z66mn9.yaml'), 'utf8')
    for (let i = 0; i < 1500; i++) {
      const id = `r-2026-01-08-${i.toString(36).padStart(6, 'x')}`
      fs.writeFileSync(path.join(folder, `${id}.yaml`), model.replace('r-2026-01-08-z66mn9', id))
    }
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'many referrals'], env)
    const site = readSite(root)
    await loadRecords(site)
    fs.appendFileSync(path.join(root, 'protocols/2025-v1.yaml'), '# not committed\n')
    const direct = await loadRecords(site, {select: ofKinds('protocol')})
    expect(direct.cache, 'no index read for 17 KB').toBeUndefined()
    const through = await loadRecords(site, {select: ofKinds('protocol'), parseCache: ParseCache.open(root)})
    expect(through.cache).toBeDefined()
    const seen = (records: typeof direct) => records.records.map((r) => ({file: r.file, hash: r.hash, data: r.data}))
    expect(seen(direct)).toEqual(seen(through))
    expect(direct.records.length).toBe(2)
    expect(direct.diagnostics).toEqual(through.diagnostics)
    // The referrals' folder is as big as the index: read through it.
    expect((await loadRecords(site, {select: ofKinds('referral')})).cache).toBeDefined()
    // A site with no index yet: the part is read through the cache, and kept there.
    fs.rmSync(path.join(root, '.git', 'lead'), {recursive: true})
    expect((await loadRecords(site, {select: ofKinds('protocol')})).cache).toBeDefined()
  })

  it("for a referral's check: the referral, every consent and the context, and the one consent it names by its facts", async () => {
    const site = readSite(root)
    const id = 'r-2025-06-03-cv4zgx'
    const records = await loadForReferral(site, id)
    const kinds = new Set(records.records.map((r) => r.kind))
    expect(records.ofKind('referral').map((r) => r.id)).toEqual([id])
    expect(kinds.has('protocol') && kinds.has('partner') && kinds.has('roster') && kinds.has('meeting')).toBe(true)
    const {consents} = eligibilityRecords(records, 'c-2025-06-03-5el0oe')
    expect(consents.map((c) => c.id)).toEqual(['c-2025-06-03-5el0oe'])
    expect(eligibilityRecords(records, undefined).consents).toEqual([])
    expect(eligibilityRecords(records, 'c-2099-01-01-nobody').consents).toEqual([])
  })
})

describe('a part of the site walked from its folders', () => {
  it('walks a year folder only through real folders: referrals/2025 under a referrals that is a link is not read', async () => {
    const outside = path.join(path.dirname(root), 'elsewhere')
    fs.renameSync(path.join(root, 'referrals'), outside)
    fs.symlinkSync(outside, path.join(root, 'referrals'))
    const select = Object.assign((kind: string) => kind === 'referral', {folders: ['referrals/2025']})
    const loaded = await loadRecords(readSite(root), {select})
    expect(loaded.records).toEqual([])
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['SYMLINK'])
  })
})
