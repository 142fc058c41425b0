/** A form loads the site's records once and validates them in memory: no record is parsed again. */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import {prepareForm} from '../../src/core/forms/make-form.js'
import {loadRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, tempDir} from '../support/cli.js'

const parsed = vi.hoisted(() => ({texts: [] as string[]}))
// Records in lead's own layout are read without the yaml library (records/lead-layout.ts): count those reads too.
vi.mock('../../src/core/records/lead-layout.js', async (importOriginal) => {
  const layout = await importOriginal<typeof import('../../src/core/records/lead-layout.js')>()
  return {
    ...layout,
    readLeadRecord: (text: string, ...rest: unknown[]) => {
      parsed.texts.push(text)
      return (layout.readLeadRecord as (...a: unknown[]) => unknown)(text, ...rest)
    },
  }
})
vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>()
  return {
    ...yaml,
    parseDocument: (text: string, ...rest: unknown[]) => {
      parsed.texts.push(text)
      return (yaml.parseDocument as (...a: unknown[]) => unknown)(text, ...rest)
    },
  }
})

afterAll(cleanupTemp)

const FIXTURE = path.join(__dirname, '../../fixtures/example-site')

async function loaded(edit?: (root: string) => void) {
  const root = tempDir('lead-form-parse-')
  fs.cpSync(FIXTURE, root, {recursive: true})
  edit?.(root)
  const site = readSite(root)
  const records = await loadRecords(site, {cache: false, parallelThreshold: Infinity})
  return {site, records}
}

describe('prepareForm parses nothing again', () => {
  it('every form on a valid site: no YAML parse after loading (one in-memory validation)', async () => {
    const {site, records} = await loaded()
    const before = parsed.texts.length
    expect(before).toBeGreaterThanOrEqual(records.records.length)
    for (const [form, id] of [['handoff-slip', 'r-2026-11-03-k3f9q2'], ['referral', 'r-2026-11-03-k3f9q2'], ['pocket-card', undefined], ['protocol', undefined], ['roi', 'c-2026-11-03-p8m2wd'], ['mou', '2026-harbor-lead-mou'], ['sign-in', '2026-06-17-pd-initial'], ['coverage', undefined]] as const) {
      const prepared = prepareForm(site, records, {form, asOf: '2026-11-20', ...(id ? {id} : {})})
      expect(prepared.document.blocks.length, form).toBeGreaterThan(0)
    }
    expect(parsed.texts.length - before).toBe(0)
  })

  it('a referral with a validation error: refused, and its text parsed at most once more (for the position)', async () => {
    const rel = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
    const {site, records} = await loaded((root) => fs.appendFileSync(path.join(root, rel), 'notes: "reach him on 206-555-0142"\n'))
    const before = parsed.texts.length
    expect(() => prepareForm(site, records, {form: 'handoff-slip', id: 'r-2026-11-03-k3f9q2', asOf: '2026-11-20'})).toThrow(expect.objectContaining({code: 'RECORD_INVALID', pos: expect.objectContaining({file: rel, line: 28})}))
    const again = parsed.texts.slice(before)
    expect(again.length).toBeLessThanOrEqual(1)
  })
})
