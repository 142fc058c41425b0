/**
 * The referrer rule takes every officer's attendances from the memo the last whole run left
 * (training/attendance-memo.ts), and every rule the site's vocabulary from its memo
 * (privacy/vocabulary-memo.ts), while the records they are read from are as they were: a
 * validation after one referral changed reads no training's value, and finds what a validation
 * with nothing remembered finds; a changed training, roster, course or other record of the
 * site's context, or a damaged memo, is worked out afresh.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {loadRecords, type SiteRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'
import {siteVocabulary} from '../../src/core/privacy/site-vocabulary.js'
import {rememberedVocabulary} from '../../src/core/privacy/vocabulary-memo.js'
import {validateRecords} from '../../src/core/validate/site-validation.js'
import {cleanupTemp, exampleSite, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()
Object.assign(process.env, {GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})

const AS_OF = '2026-11-27'
const REFERRAL = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
let root: string
beforeEach(() => {
  root = exampleSite(env)
})

const memoFiles = () => fs.readdirSync(path.join(root, '.git', 'lead')).filter((f) => f.startsWith('memo-attendances'))

/** The records with every training's value made unreadable: a read fails the test. */
function sealed(records: SiteRecords): SiteRecords {
  for (const r of records.ofKind('training')) Object.defineProperty(r, 'data', {get: () => expect.fail(`the value of training ${r.id} was read`)})
  return records
}

/** A validation as `lead validate` runs it (through the cache, which it saves). */
async function validate(seal = false) {
  const site = readSite(root)
  const records = await loadRecords(site, {saveCache: false})
  const result = validateRecords(site, seal ? sealed(records) : records, {asOf: AS_OF})
  records.cache?.save()
  return result.diagnostics
}

/** The same with nothing remembered: no cache, no memo. */
async function fresh() {
  const site = readSite(root)
  return validateRecords(site, await loadRecords(site, {cache: false}), {asOf: AS_OF}).diagnostics
}

const edit = (file: string, from: RegExp | string, to: string) => {
  const abs = path.join(root, file)
  const text = fs.readFileSync(abs, 'utf8')
  expect(text).toMatch(from)
  fs.writeFileSync(abs, text.replace(from, to))
}

const untrained = (diagnostics: Array<{code: string; file: string}>) => diagnostics.filter((d) => d.code === 'REFERRER_UNTRAINED').map((d) => d.file)

describe('the officers\' attendances remembered', () => {
  it('after one referral changed: no training read, the findings of a validation from nothing', async () => {
    await validate()
    expect(memoFiles()).toHaveLength(1)
    // Its referrer now another officer: their trainings come from the memo, without the values.
    edit(REFERRAL, 'badge: "0412"', 'badge: "0077"')
    const after = await validate(true)
    expect(after).toEqual(await fresh())
  })

  it('a training, a roster or a course changed, or the memo damaged: worked out again, as from nothing', async () => {
    await validate()
    // The referrer's last training taken out of the record: the memo of before would call them trained.
    edit('trainings/2026-03-04-pd-v2-roll-call.yaml', /^ {2}- \{badge: "0412"\}\n/m, '')
    edit('trainings/2025-05-14-pd-initial.yaml', /^ {2}- \{badge: "0412"\}\n/m, '')
    const lapsed = await validate()
    expect(lapsed).toEqual(await fresh())
    expect(untrained(lapsed)).toContain(REFERRAL)
    // Courses that last a month: every referrer's training lapsed long before.
    edit('lead.yaml', /valid_months: 24/, 'valid_months: 1')
    const short = await validate()
    expect(short).toEqual(await fresh())
    expect(untrained(short).length).toBeGreaterThan(untrained(lapsed).length)
    // A damaged memo reads as none.
    for (const f of memoFiles()) fs.writeFileSync(path.join(root, '.git', 'lead', f), '{"version": "x", "memos": [')
    edit(REFERRAL, /^district: D1$/m, 'district: D2')
    expect(await validate()).toEqual(await fresh())
  })
})

describe('the site\'s vocabulary remembered', () => {
  const memo = () => fs.readdirSync(path.join(root, '.git', 'lead')).filter((f) => f.startsWith('memo-vocabulary'))
  /** The vocabulary from the memo (or worked out and kept), and as worked out from the records. */
  async function both() {
    const site = readSite(root)
    const records = await loadRecords(site)
    return {remembered: rememberedVocabulary(site.root, site.config, records), worked: siteVocabulary(site.config, records)}
  }

  it('is the vocabulary of the records as they are, after each kind it is read from changed, and of lead.yaml\'s places', async () => {
    const first = await both()
    expect(first.remembered).toEqual(first.worked)
    expect(memo()).toHaveLength(1)
    const changes: Array<[string, RegExp | string, string, string]> = [
      ['trainings/2025-01-22-pd-initial.yaml', 'Morgan Tate', 'Morgan Tate-Ellis', 'morgan tate-ellis'],
      ['partners/harbor-pd.yaml', /^contacts:\n/m, 'contacts:\n  - {name: Robin Quill, role: analyst}\n', 'robin quill'],
      ['rosters/harbor-pd.yaml', 'name: Dana Ortiz', 'name: Dana Ortiz-Vega', 'dana ortiz-vega'],
    ]
    for (const [file, from, to, staff] of changes) {
      edit(file, from, to)
      const {remembered, worked} = await both()
      expect(remembered, file).toEqual(worked)
      expect(remembered.staff.has(staff), file).toBe(true)
    }
    edit('lead.yaml', /districts: \[/, 'districts: [D9, ')
    const placed = await both()
    expect(placed.remembered).toEqual(placed.worked)
    expect(placed.remembered.districts.has('D9')).toBe(true)
    // A damaged memo reads as none.
    for (const f of memo()) fs.writeFileSync(path.join(root, '.git', 'lead', f), 'not json')
    const damaged = await both()
    expect(damaged.remembered).toEqual(damaged.worked)
  })
})
