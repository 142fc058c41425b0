/**
 * The site cache in .git/lead/: an index read by every command, the values read only when a
 * record's data is needed, and the latest validations repeated only when nothing they depend on
 * changed. Every check compares with a run that uses no cache at all.
 */
import {isAscii} from 'node:buffer'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {cacheFile, contentHash, ParseCache, readCacheIndex} from '../../src/core/records/parse-cache.js'
import {loadRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {cleanupTemp, editSiteFile, exampleSite, git, readSiteFile, testEnv, writeSiteFile, useGitEnv} from '../support/cli.js'
import {indexLine} from '../support/index-line.js'

const env = testEnv()
useGitEnv(env)

const AS_OF = '2026-11-27'
const REFERRAL = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
const findings = (r: ValidationResult) => r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`)
const valuesFile = (root: string) => cacheFile(root)!.replace(/index-/, 'values-')
const index = (root: string) => readCacheIndex(root)!
/** The digest of the validation remembered last. */
const latestValidation = (root: string) => ParseCache.open(root).validations.keys()[0]

async function bothWays(root: string, asOf = AS_OF): Promise<{cached: ValidationResult; fresh: ValidationResult}> {
  const cached = await validateSite(readSite(root), {asOf})
  const fresh = await validateSite(readSite(root), {asOf, cache: false})
  return {cached, fresh}
}

describe('the site cache', () => {
  let root: string
  beforeEach(() => {
    root = exampleSite(env)
    // One schema error and one cross-record finding, so there is something to remember.
    writeSiteFile(root, 'partners/broken.yaml', 'id: broken\nname: Broken\ntype: martian\n')
    editSiteFile(root, REFERRAL, /^status: .*$/m, 'status: enrolled\nprevious: r-2026-11-03-k3f9q2')
  })
  afterAll(cleanupTemp)

  it('repeats the last findings only while the records, lead.yaml and the date are as they were', async () => {
    const first = await bothWays(root)
    expect(findings(first.cached)).toEqual(findings(first.fresh))
    expect(findings(first.cached)).toContainEqual(expect.stringMatching(/^partners\/broken\.yaml:3:7 error NOT_ALLOWED /))
    const remembered = latestValidation(root)
    // Nothing changed: the same findings, from the same remembered validation.
    const again = await bothWays(root)
    expect(findings(again.cached)).toEqual(findings(first.fresh))
    expect(latestValidation(root)).toBe(remembered)

    // A record changed (same size, at once), lead.yaml re-grades a code, another day: each re-judged.
    editSiteFile(root, 'partners/broken.yaml', 'martian', 'martial')
    const edited = await bothWays(root)
    expect(findings(edited.cached)).toEqual(findings(edited.fresh))
    expect(findings(edited.cached).join('\n')).toContain('"martial"')
    fs.appendFileSync(path.join(root, 'lead.yaml'), 'rules:\n  PREVIOUS_NOT_EARLIER: warning\n')
    const regraded = await bothWays(root)
    expect(findings(regraded.cached)).toEqual(findings(regraded.fresh))
    expect(findings(regraded.cached)).toContainEqual(expect.stringMatching(/ warning PREVIOUS_NOT_EARLIER /))
    const later = await bothWays(root, '2027-06-01')
    expect(findings(later.cached)).toEqual(findings(later.fresh))
    expect(findings(later.cached)).not.toEqual(findings(regraded.cached))
  })

  it('a warm validation with nothing changed never reads the values; a damaged values file is parsed around and mended', async () => {
    const first = await validateSite(readSite(root), {asOf: AS_OF})
    await validateSite(readSite(root), {asOf: AS_OF})
    fs.writeFileSync(valuesFile(root), '{not json')
    const warm = await validateSite(readSite(root), {asOf: AS_OF})
    expect(findings(warm)).toEqual(findings(first))
    expect(fs.readFileSync(valuesFile(root), 'utf8')).toBe('{not json') // never read, so never mended

    // A command that needs the data gets it parsed from the records, and the cache is mended.
    const loaded = await loadRecords(readSite(root))
    const fresh = await loadRecords(readSite(root), {cache: false})
    expect(loaded.records.map((r) => [r.file, r.data])).toEqual(fresh.records.map((r) => [r.file, r.data]))
    // The next validation that reads the data writes the values again.
    editSiteFile(root, 'partners/broken.yaml', 'martian', 'martial')
    await validateSite(readSite(root), {asOf: AS_OF})
    expect(JSON.parse(fs.readFileSync(valuesFile(root), 'utf8').split('\n')[0]!).generation).toBe(index(root).values!.generation)
    const mended = await loadRecords(readSite(root))
    const now = await loadRecords(readSite(root), {cache: false})
    expect(mended.records.map((r) => [r.file, r.data])).toEqual(now.records.map((r) => [r.file, r.data]))
  })

  it('keeps its files in ASCII whatever the records hold, and reads their values back as parsed', async () => {
    writeSiteFile(root, 'partners/accent.yaml', 'id: accent\nname: "Zoë Ñúñez 李雷 🙂 \\u2028 café"\ntype: treatment\n')
    await validateSite(readSite(root), {asOf: AS_OF})
    editSiteFile(root, 'partners/broken.yaml', 'martian', 'martial')
    await validateSite(readSite(root), {asOf: AS_OF})
    // The index's line (its stamps column after it is raw numbers) and the values file.
    expect(isAscii(Buffer.from(indexLine(root), 'latin1'))).toBe(true)
    expect(isAscii(fs.readFileSync(valuesFile(root)))).toBe(true)
    const cached = await loadRecords(readSite(root))
    const fresh = await loadRecords(readSite(root), {cache: false})
    expect(cached.records.find((r) => r.file === 'partners/accent.yaml')?.data).toMatchObject({name: 'Zoë Ñúñez 李雷 🙂 \u2028 café'})
    expect(cached.records.map((r) => [r.file, r.data])).toEqual(fresh.records.map((r) => [r.file, r.data]))
  })

  it('the records come in the same order however many were read again', async () => {
    const cold = await loadRecords(readSite(root), {cache: false})
    await loadRecords(readSite(root))
    editSiteFile(root, 'partners/broken.yaml', 'martian', 'martial')
    const warm = await loadRecords(readSite(root))
    expect(warm.records.map((r) => r.file)).toEqual(cold.records.map((r) => r.file))
  })

  it('a record from the cache reads its value when first asked, and a value set on it stands', async () => {
    await loadRecords(readSite(root))
    const fresh = await loadRecords(readSite(root), {cache: false})
    const cached = await loadRecords(readSite(root), {saveCache: false})
    const referral = cached.records.find((r) => r.file === REFERRAL)!
    expect(referral.hash).toBe(contentHash(Buffer.from(readSiteFile(root, REFERRAL))))
    expect(referral.data).toEqual(fresh.records.find((r) => r.file === REFERRAL)!.data)
    referral.data = {id: 'changed'}
    expect(referral.data).toEqual({id: 'changed'})
    const other = cached.records.find((r) => r.kind === 'partner')!
    other.data = undefined // set before it was ever read: never read after
    expect(other.data).toBeUndefined()
    // Its source is built when first asked for, once, from the file (no object per record of a big site before then).
    expect(referral.source).toBe(referral.source)
    expect(referral.source.text).toBe(readSiteFile(root, REFERRAL))
    // A copy keeps its kind, file and hash (rule-memo.test.ts spreads records, and takes the source, a getter, explicitly).
    expect({...referral, data: undefined}).toMatchObject({kind: 'referral', file: REFERRAL, hash: referral.hash})
  })

  it('a record whose stamp vouched for it but that is edited before its text is read is refused (RECORD_CHANGED), not read as empty', async () => {
    // Stamps older than the racy window, so the next load trusts them and reads no text.
    const past = new Date(Date.now() - 60_000)
    for (const file of [REFERRAL, 'partners/broken.yaml']) fs.utimesSync(path.join(root, file), past, past)
    // (a stamp's change time, which no one can set back, leaves the racy window too)
    await new Promise((resolve) => setTimeout(resolve, 2100))
    process.env.LEAD_GIT_STATE = 'off'
    try {
      await loadRecords(readSite(root))
      const cached = await loadRecords(readSite(root), {saveCache: false})
      const referral = cached.records.find((r) => r.file === REFERRAL)!
      fs.appendFileSync(path.join(root, REFERRAL), 'notes: saved by an editor meanwhile\n')
      let thrown: unknown
      try {
        void referral.data
      } catch (error) {
        thrown = error
      }
      expect(thrown).toMatchObject({code: 'RECORD_CHANGED', exit: 3})
      expect((thrown as Error).message).toBe(`${REFERRAL} changed while lead was reading the site`)
      // Nothing was remembered under the old hash: the next load reads the file as it is now.
      const next = await loadRecords(readSite(root), {saveCache: false})
      expect((next.records.find((r) => r.file === REFERRAL)!.data as {notes?: string}).notes).toBe('saved by an editor meanwhile')
    } finally {
      delete process.env.LEAD_GIT_STATE
    }
  })

  it('after a write, the next validation finds the new state already judged, and judged right', async () => {
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'fixtures'], env)
    await validateSite(readSite(root), {asOf: AS_OF})
    const base = readSiteFile(root, REFERRAL)
    await writeRecords(readSite(root), [{kind: 'referral', id: 'r-2026-11-03-k3f9q2', file: REFERRAL, text: `${base}notes: Prefers afternoon check-ins.\n`, base}], {message: 'referral: set notes', asOf: AS_OF})
    const written = latestValidation(root)
    // The written content's schema result is kept too: the next report or check needs no ajv for it.
    const entries = index(root).entries
    expect(entries.get(contentHash(Buffer.from(readSiteFile(root, REFERRAL))))?.schema).toEqual({kind: 'referral', diagnostics: []})
    // And its facts (id, participant, consent, previous), as a validation would keep them: the next
    // validation from the last one finds its readers without reading its value.
    const facts = entries.get(contentHash(Buffer.from(readSiteFile(root, REFERRAL))))?.facts
    expect(facts).toMatch(/^r-2026-11-03-k3f9q2\|P-[0-9A-Z]{6}\|/)
    const {cached, fresh} = await bothWays(root)
    expect(findings(cached)).toEqual(findings(fresh))
    expect(latestValidation(root)).toBe(written)
  })
})
