/**
 * A referral's or consent's facts stored with its entry when it is parsed (records/load.ts): only
 * minted values reach the index or its journal, never text typed into a participant record, and a
 * validation through the cache finds what one without it finds.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cacheFile} from '../../src/core/records/parse-cache.js'
import {journalFileOf} from '../../src/core/records/cache-files.js'
import {loadRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {cleanupTemp, editSiteFile, exampleSite, git, testEnv, useGitEnv} from '../support/cli.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const AS_OF = '2026-11-27'
const REFERRAL = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
const findings = (r: ValidationResult) => r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`)

describe('facts stored as records are parsed', () => {
  it('hold no typed text in the index, its journal or any file beside them, and validation agrees with --no-cache', async () => {
    const root = exampleSite(env)
    editSiteFile(root, REFERRAL, /^participant: .*$/m, 'participant: Jane Quincy Public')
    editSiteFile(root, REFERRAL, /^consent: .*$/m, 'consent: signed by Jane Quincy Public')
    const journal = journalFileOf(root)!
    for (const cached of [true, false]) {
      // Cold (index written whole), then after one edit (a journal line).
      const cold = await validateSite(readSite(root), {asOf: AS_OF})
      expect(findings(cold)).toEqual(findings(await validateSite(readSite(root), {asOf: AS_OF, cache: false})))
      const index = fs.readFileSync(cacheFile(root)!, 'latin1')
      expect(index).not.toMatch(/Jane|Quincy|signed by/)
      if (fs.existsSync(journal)) expect(fs.readFileSync(journal, 'latin1')).not.toMatch(/Jane|Quincy|signed by/)
      // Nor any other file the cache keeps but the values file (the records' values themselves): the
      // latest validations' findings (validations-KEY.json) hold the referral's schema errors concealed.
      const kept = path.dirname(journal)
      expect(fs.readdirSync(kept)).toContainEqual(expect.stringMatching(/^validations-/))
      for (const f of fs.readdirSync(kept).filter((f) => !f.startsWith('values-'))) expect(fs.readFileSync(path.join(kept, f), 'latin1'), f).not.toMatch(/Jane|Quincy|signed by/)
      const records = await loadRecords(readSite(root), {saveCache: false})
      const r = records.records.find((x) => x.file === REFERRAL)!
      expect(records.cache!.get(r.hash!)!.facts).toBe('')
      // Every other participant record's facts are its minted values.
      for (const p of records.records.filter((x) => x.kind === 'referral' || x.kind === 'consent')) {
        const facts = records.cache!.get(p.hash!)?.facts
        if (facts) expect(facts).toMatch(/^(?:[rc]-[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]{6})?\|(?:P-[0-9A-Z]{6})?\|(?:c-[0-9-]{10}-[a-z0-9]{6})?\|(?:r-[0-9-]{10}-[a-z0-9]{6})?$/)
      }
      if (cached) {
        editSiteFile(root, REFERRAL, 'Jane Quincy Public', 'Janet Quincy Public')
        git(root, ['add', '-A'])
      }
    }
  })
})
