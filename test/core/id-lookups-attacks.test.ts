/**
 * Second reader's attacks on the references part's ID lookups (validate/id-lookups.ts): a record's
 * findings are kept under its content while every ID it names is there, and under the digest of
 * every ID when one is not (a did-you-mean over every ID). Each test builds a state, validates it
 * through the cache (from the basis, and from the memo alone), and compares with a validation
 * without cache: findings, order, messages, positions.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {basisFile, deltaRuns} from '../../src/core/validate/delta-basis.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {cleanupTemp, exampleSite, git, testEnv} from '../support/cli.js'

const env = testEnv()
Object.assign(process.env, {GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})
const AS_OF = '2026-11-27'
const REFERRAL = 'referrals/2025/r-2025-06-03-cv4zgx.yaml' // names consent c-2025-06-03-5el0oe
const CONSENT = 'consents/c-2025-06-03-5el0oe.yaml'

const said = (r: ValidationResult) => ({ok: r.ok, errors: r.errors, warnings: r.warnings, diagnostics: r.diagnostics.map((d) => JSON.stringify(Object.fromEntries(Object.entries(d).sort())))})
const rd = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8')
const wr = (root: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), {recursive: true})
  fs.writeFileSync(path.join(root, rel), text)
}
const mv = (root: string, from: string, to: string) => {
  fs.mkdirSync(path.dirname(path.join(root, to)), {recursive: true})
  fs.renameSync(path.join(root, from), path.join(root, to))
}
const rm = (root: string, rel: string) => fs.rmSync(path.join(root, rel))

/** A referral like REFERRAL at `rel`, its id line the file's name, with its previous and consent lines as given (null: none). */
function referral(root: string, rel: string, fields: {previous?: string | null; consent?: string | null; id?: string} = {}): void {
  let text = rd(root, REFERRAL).replace(/^id: .*$/m, `id: ${fields.id ?? path.basename(rel, '.yaml')}`)
  if (fields.consent !== undefined) text = text.replace(/^consent: .*\n?/m, fields.consent === null ? '' : `consent: ${fields.consent}\n`)
  if (fields.previous !== undefined && fields.previous !== null) text = `${text.trimEnd()}\nprevious: ${fields.previous}\n`
  wr(root, rel, text)
}

function site(): string {
  const root = exampleSite(env)
  if (!fs.existsSync(path.join(root, '.git'))) git(root, ['init', '-q', '-b', 'main'], env)
  return root
}

const full = async (root: string) => said(await validateSite(readSite(root), {asOf: AS_OF, cache: false}))
const cached = async (root: string) => said(await validateSite(readSite(root), {asOf: AS_OF}))

/** A validation from the last one (it must start from the basis), then one from the memo alone, each against one without cache. */
async function agree(root: string, marker: string): Promise<ReturnType<typeof said>> {
  const truth = await full(root)
  const before = deltaRuns.count
  const fromBasis = await cached(root)
  expect(deltaRuns.count, 'the validation started from the last one').toBe(before + 1)
  expect(fromBasis, `${marker}: from the basis`).toEqual(truth)
  return truth
}

/** The same state from the memo alone (no basis): appends a comment to `touch` so the whole-run memo is missed. */
async function agreeFromMemo(root: string, touch: string, marker: string): Promise<void> {
  fs.rmSync(basisFile(root)!, {force: true})
  fs.appendFileSync(path.join(root, touch), '# memo only\n')
  expect(await cached(root), `${marker}: from the memo`).toEqual(await full(root))
}

const mentions = (r: ReturnType<typeof said>, code: string) => r.diagnostics.filter((d) => d.includes(code))

describe('second reader: ID lookups agree with a validation without cache', () => {
  afterAll(cleanupTemp)

  it('a did-you-mean among two records of one ID (in two year folders), when both move so the IDs are listed as before', async () => {
    const root = site()
    // F names a referral not there, one edit from X (F's own ID, also G's) and from Y: the first listed wins the tie.
    const x = 'r-2024-01-01-aaaaab'
    const y = 'r-2024-01-01-aaaaad'
    const F = `referrals/2024/${x}.yaml`
    referral(root, F, {previous: 'r-2024-01-01-aaaaac'})
    referral(root, `referrals/2024/${y}.yaml`)
    referral(root, `referrals/2025/${x}.yaml`)
    await cached(root)
    // Listed X(F), Y, X(G) before; X(G), Y, X(F) after: the same IDs in the same order, F's place among them not.
    mv(root, `referrals/2025/${x}.yaml`, `referrals/2023/${x}.yaml`)
    mv(root, `referrals/2024/${y}.yaml`, `referrals/2023/${y}.yaml`)
    const truth = await agree(root, 'moved')
    expect(mentions(truth, 'UNKNOWN_REFERRAL').join('\n')).toContain(`did you mean \\"${x}\\"`)
    await agreeFromMemo(root, CONSENT, 'moved')
  })
})
