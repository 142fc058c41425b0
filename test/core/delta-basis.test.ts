/**
 * What a validation from the last one judges afresh (validate/delta-basis.ts): the changed records
 * and the records that may read them, found by facts, and nothing else; and when it gives up. The
 * equivalence test holds the findings to a full validation's; this holds the plan to being small.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {loadRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'
import {planDelta, readBasis} from '../../src/core/validate/delta-basis.js'
import {siteContext} from '../../src/core/validate/rule-memo.js'
import {findingsOfSite, validateSite} from '../../src/core/validate/site-validation.js'
import {basisFile} from '../../src/core/validate/delta-basis.js'
import {cleanupTemp, exampleSite, testEnv} from '../support/cli.js'

const env = testEnv()
const AS_OF = '2026-11-27'
const CONSENT = 'consents/c-2025-06-03-5el0oe.yaml'
// The referrals naming that consent (the second is a re-referral of the same participant).
const READERS = ['referrals/2025/r-2025-06-03-cv4zgx.yaml', 'referrals/2025/r-2025-09-12-8d0q66.yaml']

async function plan(root: string) {
  const site = readSite(root)
  const records = await loadRecords(site, {saveCache: false})
  const basis = readBasis(root, siteContext(site, records, AS_OF)!)
  return basis && planDelta(basis, records)
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

  it('keeps no basis for another date (the site context differs)', async () => {
    const root = exampleSite(env)
    await validateSite(readSite(root), {asOf: '2027-07-01'})
    expect(await plan(root)).toBeUndefined()
  })

  it('over the same list of files takes the last group contexts, which are the ones worked out afresh', async () => {
    const root = exampleSite(env)
    const groups = async () => {
      const site = readSite(root)
      return readBasis(root, siteContext(site, await loadRecords(site, {saveCache: false}), AS_OF)!)!.groups
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
    // A record added: the list differs, and the contexts that read referral IDs with it.
    const added = READERS[0]!.replace('cv4zgx', 'zzzzzz')
    fs.copyFileSync(path.join(root, READERS[0]!), path.join(root, added))
    edit(root, added, (t) => t.replace(/^id: .*$/m, 'id: r-2025-06-03-zzzzzz'))
    expect((await plan(root))!.sameList).toBe(false)
    await validateSite(readSite(root), {asOf: AS_OF})
    expect(await groups()).not.toEqual(kept)
  })

  it('hands the list of files checked to the memo as one line, as it would join them', async () => {
    const root = exampleSite(env)
    const found = await findingsOfSite(readSite(root), AS_OF)
    expect(found.checkedLine).toBe(found.checkedFiles.join('\0'))
  })
})
