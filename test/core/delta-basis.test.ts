/**
 * What a validation from the last one judges afresh (validate/delta-basis.ts): the changed records
 * and the records that may read them, found by facts, and nothing else; and when it gives up. The
 * equivalence test holds the findings to a full validation's; this holds the plan to being small.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {loadRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'
import {alignFiles, filesByMap, planDelta, readBasis} from '../../src/core/validate/delta-basis.js'
import {siteContext} from '../../src/core/validate/rule-memo.js'
import {findingsOfSite, validateSite} from '../../src/core/validate/site-validation.js'
import {basisFile} from '../../src/core/validate/delta-basis.js'
import {cacheFile, journalFileOf} from '../../src/core/records/cache-files.js'
import {cleanupTemp, exampleSite, testEnv} from '../support/cli.js'
import {seededRandom} from '../support/seeded-random.js'
import type {SiteRecord} from '../../src/core/records/load.js'

const env = testEnv()
const AS_OF = '2026-11-27'
const CONSENT = 'consents/c-2025-06-03-5el0oe.yaml'
// The referrals naming that consent (the second is a re-referral of the same participant).
const READERS = ['referrals/2025/r-2025-06-03-cv4zgx.yaml', 'referrals/2025/r-2025-09-12-8d0q66.yaml']

async function plan(root: string) {
  const site = readSite(root)
  const records = await loadRecords(site, {saveCache: false})
  const basis = readBasis(root, siteContext(site, records)!)
  return basis && planDelta(basis, records, AS_OF)
}

const edit = (root: string, rel: string, change: (text: string) => string) => fs.writeFileSync(path.join(root, rel), change(fs.readFileSync(path.join(root, rel), 'utf8')))

describe('a validation from the last one', () => {
  afterAll(cleanupTemp)

  it('judges a changed consent and the referrals naming it, and no other record', async () => {
    const root = exampleSite(env)
    await validateSite(readSite(root), {asOf: AS_OF})
    edit(root, CONSENT, (t) => `${t}# a comment\n`)
    const p = await plan(root)
    expect(p).toBeDefined()
    expect([...p!.changed].map((r) => r.file)).toEqual([CONSENT])
    expect([...p!.affected].map((r) => r.file).sort()).toEqual([CONSENT, ...READERS].sort())
    expect(p!.sameFiles).toBe(true)
  })

  it('after a cold validation, one changed referral adds its own entry to the index journal and no other (facts are learnt as records are parsed)', async () => {
    const root = exampleSite(env)
    const journal = journalFileOf(root)!
    expect(fs.existsSync(cacheFile(root)!)).toBe(false) // cold
    await validateSite(readSite(root), {asOf: AS_OF})
    expect(fs.existsSync(journal)).toBe(false) // the index written whole
    edit(root, READERS[0]!, (t) => `${t}# a comment\n`)
    await validateSite(readSite(root), {asOf: AS_OF})
    const lines = fs.readFileSync(journal, 'latin1').split('\n').filter(Boolean)
    expect(lines).toHaveLength(1)
    const delta = JSON.parse(lines[0]!.slice(lines[0]!.indexOf('{'))) as {entries: Record<string, {facts?: string}>}
    expect(Object.values(delta.entries).map((e) => e.facts)).toEqual(['r-2025-06-03-cv4zgx|P-RJMKB0|c-2025-06-03-5el0oe|'])
  })

  it("knows every referral's and consent's facts after a cold validation (a generated site, where none is asked for by the rules)", async () => {
    const {makeSite} = await import('../bench/lib/make-site.mjs')
    const root = path.join(exampleSite(env), '..', 'generated')
    makeSite(root, 120)
    execFileSync('git', ['init', '-q', '-b', 'main'], {cwd: root})
    await validateSite(readSite(root), {asOf: AS_OF})
    // Every referral and consent the cold run parsed has its facts in the index (none left to learn).
    const records = await loadRecords(readSite(root), {saveCache: false})
    const participants = records.records.filter((r) => r.kind === 'referral' || r.kind === 'consent')
    expect(participants.filter((r) => records.cache!.get(r.hash!)?.facts === undefined).map((r) => r.file)).toEqual([])
    expect(participants.length).toBeGreaterThan(50)
  })

  it('a removed consent: its readers are judged again, and the files are not the same', async () => {
    const root = exampleSite(env)
    await validateSite(readSite(root), {asOf: AS_OF})
    fs.rmSync(path.join(root, CONSENT))
    const p = await plan(root)
    expect([...p!.affected].map((r) => r.file).sort()).toEqual(READERS)
    expect(p!.sameFiles).toBe(false)
  })

  it('a referral made unreadable: the files are not as readable as they were, and the re-referral naming it is judged again', async () => {
    const root = exampleSite(env)
    await validateSite(readSite(root), {asOf: AS_OF})
    edit(root, READERS[0]!, () => 'id: [unclosed\n')
    const p = await plan(root)
    expect([...p!.changed].map((r) => r.file)).toEqual([READERS[0]])
    expect(p!.sameFiles).toBe(false)
    expect([...p!.affected].map((r) => r.file).sort()).toEqual(READERS)
  })

  it('gives up when the earlier version held free text where IDs go (its readers cannot be found by facts)', async () => {
    const root = exampleSite(env)
    edit(root, CONSENT, (t) => t.replace(/^participant: .*$/m, 'participant: Somebody Typed This'))
    await validateSite(readSite(root), {asOf: AS_OF})
    edit(root, CONSENT, (t) => `${t}# a comment\n`)
    expect(await plan(root)).toBeUndefined()
  })

  it('starts from a basis of another date: judges again only the records whose findings held for some dates, not this one', async () => {
    const root = exampleSite(env)
    await validateSite(readSite(root), {asOf: '2027-07-01'})
    const p = (await plan(root))!
    expect(p.sameDate).toBe(false)
    expect(p.changed.size).toBe(0)
    // By 2027 every intake still expected was overdue; on AS_OF some were not yet due.
    const affected = [...p.affected].map((r) => r.file)
    expect(affected.length).toBeGreaterThan(0)
    for (const r of p.affected) {
      expect(r.kind, r.file).toBe('referral')
      expect(['received', 'eligible'], r.file).toContain(r.data?.status)
      expect(r.data?.intake, r.file).toBeUndefined()
    }
    expect(Object.keys(p.basis.spans).length).toBeGreaterThan(0)
  })

  it('over the same list of files takes the last group contexts, which are the ones worked out afresh, and an added record changes none', async () => {
    const root = exampleSite(env)
    const groups = async () => {
      const site = readSite(root)
      return readBasis(root, siteContext(site, await loadRecords(site, {saveCache: false}))!)!.groups
    }
    await validateSite(readSite(root), {asOf: AS_OF})
    edit(root, CONSENT, (t) => `${t}# a comment\n`)
    expect((await plan(root))!.sameList).toBe(true)
    await validateSite(readSite(root), {asOf: AS_OF})
    const kept = await groups()
    // Without a basis every group's context is worked out from the IDs.
    fs.rmSync(basisFile(root)!)
    edit(root, CONSENT, (t) => `${t}# another\n`)
    await validateSite(readSite(root), {asOf: AS_OF})
    expect(await groups()).toEqual(kept)
    // A record added: the list differs, but no context reads the IDs as a list (references names
    // the ones it looks up: id-lookups.ts), so the contexts stand.
    const added = READERS[0]!.replace('cv4zgx', 'zzzzzz')
    fs.copyFileSync(path.join(root, READERS[0]!), path.join(root, added))
    edit(root, added, (t) => t.replace(/^id: .*$/m, 'id: r-2025-06-03-zzzzzz'))
    expect((await plan(root))!.sameList).toBe(false)
    await validateSite(readSite(root), {asOf: AS_OF})
    expect(await groups()).toEqual(kept)
  })

  it('hands the list of files checked to the memo as one line, as it would join them', async () => {
    const root = exampleSite(env)
    const found = await findingsOfSite(readSite(root), AS_OF)
    expect(found.checkedLine).toBe(found.checkedFiles.join('\0'))
  })
})

describe('where each record was in the basis (alignFiles)', () => {
  const records = (files: string[]) => files.map((file) => ({file})) as unknown as SiteRecord[]
  it('finds what a map of the paths finds when files were added and removed in place, or gives up', () => {
    const random = seededRandom(20261203)
    let aligned = 0
    for (let n = 0; n < 2000; n++) {
      const old = Array.from({length: Math.floor(random() * 60)}, (_, i) => `referrals/2026/r-${String(i).padStart(4, '0')}.yaml`)
      const now: string[] = []
      let added = 0
      for (const f of old) {
        while (random() < 0.08) now.push(`referrals/2026/new-${n}-${added++}.yaml`)
        if (random() > 0.1) now.push(f)
      }
      while (random() < 0.2) now.push(`referrals/2026/new-${n}-${added++}.yaml`)
      const found = alignFiles(old, records(now))
      if (!found) continue
      aligned++
      expect(found).toEqual(filesByMap(old, records(now)))
    }
    expect(aligned).toBeGreaterThan(1500)
  })

  it('takes a file found at another place in the order for one removed and one added, never for another', () => {
    const old = ['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml']
    const now = ['b.yaml', 'a.yaml', 'c.yaml', 'd.yaml']
    const found = alignFiles(old, records(now))!
    for (const [i, at] of found.positions.entries()) if (at >= 0) expect(old[at]).toBe(now[i])
    const lost = found.positions.flatMap((at, i) => (at < 0 ? [now[i]] : []))
    expect(found.removed.map((j) => old[j]).sort()).toEqual(lost.sort())
    // Twenty new files before the first old one: beyond where it looks (a map of the paths finds them).
    expect(alignFiles(old, records([...Array.from({length: 20}, (_, i) => `x${i}.yaml`), ...old]))).toBeUndefined()
  })
})
