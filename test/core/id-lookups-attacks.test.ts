/**
 * Second reader's attacks on the references part's ID lookups (validate/id-lookups.ts): a record's
 * findings are kept under its content while every ID it names is there, and under the digest of
 * every ID when one is not (a did-you-mean over every ID). Each test builds a state, validates it
 * through the cache (from the basis, and from the memo alone), and compares with a validation
 * without cache: findings, order, messages, positions.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {cacheFile, journalFileOf} from '../../src/core/records/parse-cache.js'
import {basisFile, deltaRuns} from '../../src/core/validate/delta-basis.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {referencesRule} from '../../src/core/validate/rules/references.js'
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

/** A validation from the last one (it must start from the basis, unless `anyPath`: a restored state, or a removed record without facts), then one from the memo alone, each against one without cache. */
async function agree(root: string, marker: string, anyPath = false): Promise<ReturnType<typeof said>> {
  const truth = await full(root)
  const before = deltaRuns.count
  const fromBasis = await cached(root)
  // A state validated before is answered by the memo of whole validations instead.
  if (!anyPath) expect(deltaRuns.count, `${marker}: the validation started from the last one`).toBe(before + 1)
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

  it('a did-you-mean that appears, changes and goes as similar IDs are added, moved, garbled and removed (referrals), step by step', async () => {
    const root = site()
    // W names a referral not there, far from every ID of the example site: no suggestion yet.
    const W = 'referrals/2026/r-2026-11-25-v3l3ie.yaml'
    const missing = 'r-2026-01-01-abcdef'
    wr(root, W, `${rd(root, W).trimEnd()}\nprevious: ${missing}\n`)
    const start = await full(root)
    expect(mentions(start, 'UNKNOWN_REFERRAL').join('\n')).toContain(`unknown referral \\"${missing}\\"\"`)
    await cached(root)
    const g = 'referrals/2026/r-2026-01-01-abcdeg.yaml'
    const z = 'referrals/2026/r-2026-01-01-abcdez.yaml'
    const steps: Array<[string, () => void, (r: ReturnType<typeof said>) => void, boolean?]> = [
      ['one edit away added: suggested', () => referral(root, g), (r) => expect(mentions(r, 'UNKNOWN_REFERRAL').join()).toContain('did you mean \\"r-2026-01-01-abcdeg\\"')],
      ['a second one edit away, listed after it: the first stays', () => referral(root, z), (r) => expect(mentions(r, 'UNKNOWN_REFERRAL').join()).toContain('did you mean \\"r-2026-01-01-abcdeg\\"')],
      ['the first garbled: still a record, still suggested', () => wr(root, g, 'id: [unclosed\n'), (r) => expect(mentions(r, 'UNKNOWN_REFERRAL').join()).toContain('abcdeg')],
      ['the second moved to an earlier year folder: now listed first', () => mv(root, z, 'referrals/2025/r-2026-01-01-abcdez.yaml'), (r) => expect(mentions(r, 'UNKNOWN_REFERRAL').join()).toContain('did you mean \\"r-2026-01-01-abcdez\\"')],
      ['the garbled one removed', () => rm(root, g), (r) => expect(mentions(r, 'UNKNOWN_REFERRAL').join()).toContain('abcdez')],
      ['a twin of the missing ID in capitals: the closest (case aside)', () => referral(root, 'referrals/2026/R-2026-01-01-ABCDEF.yaml'), (r) => expect(mentions(r, 'UNKNOWN_REFERRAL').join()).toContain('did you mean \\"R-2026-01-01-ABCDEF\\"')],
      ['the named one added under another file name (its id line the missing ID): still unknown', () => referral(root, 'referrals/2026/r-2026-01-01-abcdek.yaml', {id: missing}), (r) => expect(mentions(r, 'UNKNOWN_REFERRAL').join()).toContain(missing)],
      ['the named one added: no finding', () => referral(root, `referrals/2026/${missing}.yaml`), (r) => expect(mentions(r, 'UNKNOWN_REFERRAL').filter((d) => d.includes(W))).toEqual([])],
      ['it moves to another year folder (same ID): still no finding', () => mv(root, `referrals/2026/${missing}.yaml`, `referrals/2025/${missing}.yaml`), (r) => expect(mentions(r, 'UNKNOWN_REFERRAL').filter((d) => d.includes(W))).toEqual([])],
      // The state after the add under another file name again (the memo of whole validations answers).
      ['it is removed: the capitals twin suggested again', () => rm(root, `referrals/2025/${missing}.yaml`), (r) => expect(mentions(r, 'UNKNOWN_REFERRAL').join()).toContain('R-2026-01-01-ABCDEF'), true],
      // Its id line is not an ID (no facts): who read it cannot be told from the basis, so a full run.
      ['the capitals twin removed: the moved one again', () => rm(root, 'referrals/2026/R-2026-01-01-ABCDEF.yaml'), (r) => expect(mentions(r, 'UNKNOWN_REFERRAL').join()).toContain('did you mean \\"r-2026-01-01-abcdez\\"'), true],
    ]
    for (const [marker, change, check, anyPath] of steps) {
      change()
      check(await agree(root, marker, anyPath))
    }
    await agreeFromMemo(root, CONSENT, 'at the end')
  })

  it('the consent a referral names garbled, removed, added back under another file name, twice, with UNKNOWN_CONSENT re-graded in lead.yaml', async () => {
    const root = site()
    await cached(root)
    const other = 'consents/c-2025-06-03-5el0of.yaml'
    const consentText = rd(root, CONSENT)
    const unknownAbout = (r: ReturnType<typeof said>, file: string) => mentions(r, 'UNKNOWN_CONSENT').filter((d) => d.includes(`"file":"${file}"`))
    const steps: Array<[string, () => void, (r: ReturnType<typeof said>) => void, boolean?]> = [
      ['garbled: still a record, not unknown', () => wr(root, CONSENT, 'participant: [unclosed\n'), (r) => expect(unknownAbout(r, REFERRAL)).toEqual([])],
      ['removed: unknown', () => rm(root, CONSENT), (r) => expect(unknownAbout(r, REFERRAL)).toHaveLength(1)],
      ['back under another file name, its id line the ID named: unknown, that file suggested', () => wr(root, other, consentText), (r) => expect(unknownAbout(r, REFERRAL).join()).toContain('did you mean \\"c-2025-06-03-5el0of\\"')],
      ['and at its own name: found (two files hold the id)', () => wr(root, CONSENT, consentText), (r) => expect(unknownAbout(r, REFERRAL)).toEqual([])],
      ['UNKNOWN_CONSENT a warning (lead.yaml: another context, judged afresh)', () => wr(root, 'lead.yaml', `${rd(root, 'lead.yaml')}\nrules:\n  UNKNOWN_CONSENT: warning\n`), (r) => expect(unknownAbout(r, REFERRAL)).toEqual([]), true],
      ['its own file removed again: a warning, with the other file suggested', () => rm(root, CONSENT), (r) => expect(unknownAbout(r, REFERRAL).join()).toMatch(/"severity":"warning".*did you mean|did you mean.*"severity":"warning"/)],
      ['the other file renamed to the ID: found', () => mv(root, other, CONSENT), (r) => expect(unknownAbout(r, REFERRAL)).toEqual([])],
    ]
    for (const [marker, change, check, anyPath] of steps) {
      change()
      check(await agree(root, marker, anyPath))
    }
    rm(root, CONSENT)
    await agreeFromMemo(root, REFERRAL, 'removed, from the memo')
  })

  it('the write path adds a referral one edit from an ID a referral names (UNKNOWN_REFERRAL a warning): the next validation suggests it, as a full one does', async () => {
    const root = site()
    wr(root, 'lead.yaml', `${rd(root, 'lead.yaml')}\nrules:\n  UNKNOWN_REFERRAL: warning\n`)
    const W = 'referrals/2026/r-2026-11-25-v3l3ie.yaml'
    wr(root, W, `${rd(root, W).trimEnd()}\nprevious: r-2026-01-01-abcdef\n`)
    git(root, ['add', '-A'], env)
    git(root, ['-c', 'user.name=T', '-c', 'user.email=t@x', 'commit', '-qm', 'site'], env)
    expect(mentions(await cached(root), 'UNKNOWN_REFERRAL').join()).not.toContain('did you mean')
    // Written where the walk lists it (before W): the validation the write path ran is what the next command finds remembered.
    const added = 'referrals/2026/r-2026-01-01-abcdeg.yaml'
    referral(root, added)
    const text = rd(root, added)
    rm(root, added)
    await writeRecords(readSite(root), [{kind: 'referral', id: 'r-2026-01-01-abcdeg', file: added, text, base: null}], {message: 'add', commit: false, asOf: AS_OF})
    expect(rd(root, added)).toBe(text)
    const check = vi.spyOn(referencesRule.perRecord!, 'check')
    const next = await cached(root)
    expect(check, 'the state the write path validated is found remembered').not.toHaveBeenCalled()
    check.mockRestore()
    expect(mentions(next, 'UNKNOWN_REFERRAL').join()).toContain('did you mean \\"r-2026-01-01-abcdeg\\"')
    expect(next).toEqual(await full(root))
    // And one listed earlier, at the same distance, takes the suggestion over.
    const earlier = 'referrals/2026/r-2026-01-01-abcdea.yaml'
    referral(root, earlier)
    const second = rd(root, earlier)
    rm(root, earlier)
    await writeRecords(readSite(root), [{kind: 'referral', id: 'r-2026-01-01-abcdea', file: earlier, text: second, base: null}], {message: 'add', commit: false, asOf: AS_OF})
    const last = await cached(root)
    expect(mentions(last, 'UNKNOWN_REFERRAL').join()).toContain('did you mean \\"r-2026-01-01-abcdea\\"')
    expect(last).toEqual(await full(root))
  })

  it('a referral without facts (a name typed as its participant) naming an ID as it comes and goes: judged as a full run, and neither basis nor index holds the name', async () => {
    const root = site()
    const W = 'referrals/2026/r-2026-11-19-gwads2.yaml'
    const name = 'Jane Q Public'
    wr(root, W, `${rd(root, W).replace(/^participant: .*$/m, `participant: ${name}`).trimEnd()}\nprevious: r-2026-01-01-abcdef\n`)
    // Its id line differs from its file name as well.
    const odd = 'referrals/2026/r-2026-01-01-abcdek.yaml'
    referral(root, odd, {id: 'r-2026-01-01-abcdef', previous: 'r-2026-01-01-abcdeg'})
    await cached(root)
    const steps: Array<[string, () => void, boolean?]> = [
      ['one edit away added', () => referral(root, 'referrals/2026/r-2026-01-01-abcdeg.yaml')],
      ['the ID named added', () => referral(root, 'referrals/2026/r-2026-01-01-abcdef.yaml')],
      ['moved to another year folder', () => mv(root, 'referrals/2026/r-2026-01-01-abcdef.yaml', 'referrals/2025/r-2026-01-01-abcdef.yaml')],
      ['the one whose id line differs removed', () => rm(root, odd)],
      ['the ID named removed', () => rm(root, 'referrals/2025/r-2026-01-01-abcdef.yaml')],
    ]
    for (const [marker, change, anyPath] of steps) {
      change()
      await agree(root, marker, anyPath)
    }
    await agreeFromMemo(root, CONSENT, 'from the memo')
    // The values file holds the records' values (a copy of the repository's text); these hold findings, facts and keys only.
    const kept = [basisFile(root)!, cacheFile(root)!, journalFileOf(root)!].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1'))
    expect(kept.length).toBeGreaterThan(1)
    expect(kept.filter((t) => t.includes(name))).toEqual([])
  })
})
