/**
 * A form of the site's context and one record (form-records.ts) reads those, with the findings the
 * last validation of the site as it is remembered: the same document as from the whole site, the
 * same refusals, and the whole site whenever the memo cannot speak for the site as it is now.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it, vi} from 'vitest'
import {FORMS, type FormName} from '../../src/core/forms/form-catalog.js'
import {formInputs, formSelection} from '../../src/core/forms/form-records.js'
import {prepareForm} from '../../src/core/forms/make-form.js'
import {loadRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'
import {prefetchAnswered, prefetchGitStatus} from '../../src/core/records/git-file-state.js'
import {validateSite} from '../../src/core/validate/site-findings.js'
import {cleanupTemp, exampleSite, git, testEnv} from '../support/cli.js'
import {ALL_FORMS, MATRIX_AS_OF} from '../support/forms.js'

afterAll(cleanupTemp)
const env = testEnv()
Object.assign(process.env, {GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})

let root: string
beforeEach(() => {
  root = exampleSite(env)
})

const REFERRAL = 'r-2026-11-03-k3f9q2'
const referralFile = () => path.join(root, 'referrals/2026', `${REFERRAL}.yaml`)

/** The form as formInputs gives its records and findings, and as the whole site, validated, gives it. */
async function bothWays(form: FormName, id: string | undefined) {
  const site = readSite(root)
  const inputs = await formInputs(site, form, id, MATRIX_AS_OF)
  const whole = await loadRecords(site, {cache: false})
  const request = {form, asOf: MATRIX_AS_OF, ...(id ? {id} : {})}
  const outcome = (run: () => unknown) => {
    try {
      return run()
    } catch (error) {
      return {refused: (error as {code?: string}).code, message: (error as Error).message}
    }
  }
  return {
    inputs,
    viaInputs: outcome(() => prepareForm(site, inputs.records, request, inputs.findings)),
    viaWhole: outcome(() => prepareForm(site, whole, request)),
  }
}

describe('a form read from the site’s context and its record', () => {
  it('is the same document as from the whole site, for every form, with the part read when the memo speaks for the site', async () => {
    await validateSite(readSite(root), {asOf: MATRIX_AS_OF, cache: true})
    for (const [, [form, id]] of ALL_FORMS) {
      const {inputs, viaInputs, viaWhole} = await bothWays(form as FormName, id)
      expect(viaInputs, form).toEqual(viaWhole)
      const participants = inputs.records.records.filter((r) => r.kind === 'referral' || r.kind === 'consent')
      if (FORMS.find((f) => f.name === form)!.readsParticipants) {
        expect(inputs.records.partial, form).toBe(false)
      } else {
        expect(inputs.records.partial, form).toBe(true)
        // The named referral or consent, and no other.
        expect(participants.map((r) => r.id), form).toEqual(id && /^[rc]-/.test(id) ? [id] : [])
      }
    }
  })

  it('loads and validates the whole site when no run remembered its findings, and remembers them for the next form', async () => {
    const first = await formInputs(readSite(root), 'handoff-slip', REFERRAL, MATRIX_AS_OF)
    expect(first.records.partial).toBe(false)
    const second = await formInputs(readSite(root), 'handoff-slip', REFERRAL, MATRIX_AS_OF)
    expect(second.records.partial).toBe(true)
    expect(second.findings).toEqual(first.findings)
    // Another date is another validation.
    const later = await formInputs(readSite(root), 'handoff-slip', REFERRAL, '2026-11-25')
    expect(later.records.partial).toBe(false)
  })

  it('refuses a form whose referral the site as it is now rejects, though a run before the edit remembered it clean', async () => {
    await validateSite(readSite(root), {asOf: MATRIX_AS_OF, cache: true})
    // Not committed, not validated since: a name where the notes go.
    fs.appendFileSync(referralFile(), 'notes: Jane Doe, born 1990-04-12, phone 555-201-3344\n')
    const {viaInputs, viaWhole, inputs} = await bothWays('handoff-slip', REFERRAL)
    expect(viaWhole).toMatchObject({refused: 'RECORD_INVALID'})
    expect(viaInputs).toEqual(viaWhole)
    expect(inputs.records.partial).toBe(false)
  })

  it('refuses on an error the memo holds for its record, and not for one in another referral', async () => {
    const text = fs.readFileSync(referralFile(), 'utf8')
    fs.writeFileSync(referralFile(), text.replace(/^status: .*$/m, 'status: pending-review'))
    const other = fs.readdirSync(path.join(root, 'referrals/2026')).find((f) => !f.startsWith(REFERRAL))!
    fs.writeFileSync(path.join(root, 'referrals/2026', other), fs.readFileSync(path.join(root, 'referrals/2026', other), 'utf8').replace(/^status: .*$/m, 'status: pending-review'))
    git(root, ['commit', '-qam', 'two bad statuses'], env)
    await validateSite(readSite(root), {asOf: MATRIX_AS_OF, cache: true})
    const slip = await bothWays('handoff-slip', REFERRAL)
    expect(slip.inputs.records.partial).toBe(true)
    expect(slip.viaWhole).toMatchObject({refused: 'RECORD_INVALID'})
    expect(slip.viaInputs).toEqual(slip.viaWhole)
    const card = await bothWays('pocket-card', undefined)
    expect(card.inputs.records.partial).toBe(true)
    expect(card.viaInputs).toMatchObject({document: expect.anything()})
    expect(card.viaInputs).toEqual(card.viaWhole)
  })

  it('gives a mistyped ID, or one of another kind, the whole site’s answer (did-you-mean, wrong kind)', async () => {
    await validateSite(readSite(root), {asOf: MATRIX_AS_OF, cache: true})
    const typo = await bothWays('handoff-slip', REFERRAL.slice(0, -1) + 'x')
    expect(typo.viaWhole).toMatchObject({refused: 'RECORD_NOT_FOUND', message: expect.stringContaining(REFERRAL)})
    expect(typo.viaInputs).toEqual(typo.viaWhole)
    const kind = await bothWays('mou', REFERRAL)
    expect(kind.viaWhole).toMatchObject({refused: 'WRONG_KIND'})
    expect(kind.viaInputs).toEqual(kind.viaWhole)
  })

  it('names the record’s own file, not its year’s folder, and never reads through a link', () => {
    const select = formSelection('handoff-slip', REFERRAL)!
    expect(select.folders).toContain(`referrals/2026/${REFERRAL}.yaml`)
    expect(select.folders).not.toContain('referrals/2026')
    expect(select('referral', REFERRAL)).toBe(true)
    expect(select('referral', 'r-2026-01-08-z66mn9')).toBe(false)
    expect(select('partner', 'harbor-pd')).toBe(true)
    // A path that is not an ID names no file.
    expect(formSelection('handoff-slip', '../../etc/passwd')!.folders!.some((f) => f.includes('..'))).toBe(false)
    expect(formSelection('case-conference', undefined)).toBeUndefined()
  })

  it('reads a referral file that is a link as the whole site would: refused, not followed', async () => {
    const outside = path.join(path.dirname(root), `outside-${path.basename(root)}.yaml`)
    fs.copyFileSync(referralFile(), outside)
    fs.rmSync(referralFile())
    fs.symlinkSync(outside, referralFile())
    await validateSite(readSite(root), {asOf: MATRIX_AS_OF, cache: true})
    const {viaInputs, viaWhole, inputs} = await bothWays('handoff-slip', REFERRAL)
    expect(viaWhole).toMatchObject({refused: expect.any(String)})
    expect(viaInputs).toEqual(viaWhole)
    // The link was not read: the referral was not found among the part, so the whole site answered.
    expect(inputs.records.partial).toBe(false)
  })

  it('answers from the whole site when another year’s folder holds a copy of the named referral (its look-up finds the first in site order)', async () => {
    fs.mkdirSync(path.join(root, 'referrals/2025'), {recursive: true})
    fs.writeFileSync(path.join(root, 'referrals/2025', `${REFERRAL}.yaml`), fs.readFileSync(referralFile(), 'utf8').replace('Avery Moreno', 'Robin Case'))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'a copy in 2025'], env)
    await validateSite(readSite(root), {asOf: MATRIX_AS_OF, cache: true})
    const {viaInputs, viaWhole, inputs} = await bothWays('handoff-slip', REFERRAL)
    // Refused for the 2025 file (wrong folder, duplicate), as the whole site is: not for the 2026 one.
    expect(viaWhole).toMatchObject({refused: 'RECORD_INVALID', message: expect.stringContaining('referrals/2025/')})
    expect(viaInputs).toEqual(viaWhole)
    expect(inputs.records.partial).toBe(false)
  })

  it('refuses a referral edited after git looked and before the form read it (the findings were of the content before)', async () => {
    await validateSite(readSite(root), {asOf: MATRIX_AS_OF, cache: true})
    // git's answer taken before the edit, as bin/run.js starts it before lead has loaded: the edit
    // is made once git has answered, however long that took.
    prefetchGitStatus(root)
    const started = performance.now()
    await prefetchAnswered(root)
    fs.appendFileSync(referralFile(), 'notes: Jane Doe, born 1990-04-12, phone 555-201-3344\n')
    const site = readSite(root)
    // And the form takes that early answer (judged fresh on performance.now(), which nothing else
    // in lead reads), not a status of its own that would see the edit: as a command ~0.1 s in.
    const clock = vi.spyOn(performance, 'now').mockReturnValue(started)
    let inputs: Awaited<ReturnType<typeof formInputs>>
    let judged: number
    try {
      inputs = await formInputs(site, 'handoff-slip', REFERRAL, MATRIX_AS_OF)
    } finally {
      judged = clock.mock.calls.length
      clock.mockRestore()
    }
    expect(judged).toBeGreaterThan(0)
    expect(() => prepareForm(site, inputs.records, {form: 'handoff-slip', id: REFERRAL, asOf: MATRIX_AS_OF}, inputs.findings)).toThrow(expect.objectContaining({code: 'RECORD_INVALID'}))
  })
})
