/**
 * Second reader's attacks on validation from the last one (validate/delta-basis.ts): each builds a
 * basis, changes the site, and compares a validation from that basis with a validation without
 * cache (findings, order, messages, positions, exit).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import {structureRule} from '../../src/core/validate/rules/structure.js'
import {decodeBasis, encodeBasis} from '../../src/core/validate/basis-file.js'
import {readSite} from '../../src/core/site.js'
import {basisFile, deltaRuns, type Basis} from '../../src/core/validate/delta-basis.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {validateSince} from '../../src/core/review/incremental-validation.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {cleanupTemp, exampleSite, git, testEnv} from '../support/cli.js'

const env = testEnv()
const AS_OF = '2026-11-27'
const REFERRAL = 'referrals/2025/r-2025-06-03-cv4zgx.yaml'

const said = (r: ValidationResult) => ({ok: r.ok, errors: r.errors, warnings: r.warnings, diagnostics: r.diagnostics.map((d) => JSON.stringify(Object.fromEntries(Object.entries(d).sort())))})
const rd = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8')
const wr = (root: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), {recursive: true})
  fs.writeFileSync(path.join(root, rel), text)
}

/** The site's basis file, the build and context it was kept under, and what it holds (to damage). */
function openBasis(root: string): {file: string; version: string; context: string; basis: Basis} {
  const file = basisFile(root)!
  const bytes = fs.readFileSync(file)
  const {version, context} = JSON.parse(bytes.toString('latin1', 0, bytes.indexOf(10))) as {version: string; context: string}
  return {file, version, context, basis: decodeBasis(bytes, version, context) as Basis}
}

/** A validation from the last one (it must be one) and a validation without cache, of the same state. */
async function both(root: string, fromBasis = true): Promise<{cached: ReturnType<typeof said>; full: ReturnType<typeof said>}> {
  const before = deltaRuns.count
  const cached = said(await validateSite(readSite(root), {asOf: AS_OF}))
  // A state validated before (a restore) may be answered by the memo of whole validations instead.
  if (fromBasis) expect(deltaRuns.count, 'the validation started from the last one').toBe(before + 1)
  const full = said(await validateSite(readSite(root), {asOf: AS_OF, cache: false}))
  return {cached, full}
}

/**
 * One officer (roster id lead-7777) listed twice, with badges 7777 and 7778 (DUPLICATE_OFFICER_ID);
 * trained under 7778; a referral by badge 7777 after the training. The whole training index
 * credits the officer's id with the training; the one-officer index (training.ts, few officers
 * judged) keeps only the badges of the entry the referral's badge resolves to.
 */
function twoBadgeOfficer(root: string): string {
  const roster = 'rosters/harbor-pd.yaml'
  wr(root, roster, rd(root, roster).replace(/^officers:\n/m, 'officers:\n  - {id: "lead-7777", badge: "7777", name: Pat Doe, rank: Officer, unit: Patrol, district: D1, shift: day, status: active}\n  - {id: "lead-7777", badge: "7778", name: Pat Doe, rank: Officer, unit: Patrol, district: D1, shift: day, status: active}\n'))
  const training = 'trainings/2026-06-17-pd-initial.yaml'
  wr(root, training, rd(root, training).replace(/^attendees:\n/m, 'attendees:\n  - {badge: "7778"}\n'))
  const referral = 'referrals/2026/r-2026-11-20-zz7777.yaml'
  wr(root, referral, rd(root, REFERRAL).replace(/^id: .*$/m, 'id: r-2026-11-20-zz7777').replace(/2025-06-03T/g, '2026-11-20T').replace(/badge: "0356"/, 'badge: "7777"').replace(/^consent: .*\n/m, '').replace(/^intake: .*\n/m, '').replace(/^prosecutor_review: .*\n/m, '').replace(/^status: .*$/m, 'status: received'))
  return referral
}

describe('second reader: a validation from the last one agrees with one without cache', () => {
  afterAll(cleanupTemp)

  it('a twin (same ID, another year folder) whose id line moves: DUPLICATE_ID is where the id is now', async () => {
    const root = exampleSite(env)
    const twin = REFERRAL.replace('/2025/', '/2024/')
    wr(root, twin, rd(root, REFERRAL))
    await validateSite(readSite(root), {asOf: AS_OF})
    // Same files, each as readable as it was: structure's whole-site part is kept from the basis.
    wr(root, twin, `# moved down\n# by two lines\n${rd(root, twin)}`)
    const {cached, full} = await both(root)
    expect(cached).toEqual(full)
  })

  it('twins differing in case whose content gains leading lines: CASE_COLLISION is where a full run puts it', async () => {
    const root = exampleSite(env)
    const twin = REFERRAL.replace(/([a-z0-9]{6})\.yaml$/, (_, t: string) => `${t.toUpperCase()}.yaml`)
    wr(root, twin, rd(root, REFERRAL))
    await validateSite(readSite(root), {asOf: AS_OF})
    wr(root, twin, `# a comment\n\n${rd(root, twin)}`)
    const {cached, full} = await both(root)
    expect(cached).toEqual(full)
  })

  it.each([
    ['a referral of its own (structure kept: no file of its name or ID)', REFERRAL, REFERRAL.replace(/[a-z0-9]{6}\.yaml$/, 'zz99zz.yaml'), false],
    ['a twin in another year folder (DUPLICATE_ID)', REFERRAL, REFERRAL.replace('/2025/', '/2024/'), true],
    ['a twin differing in case (CASE_COLLISION)', REFERRAL, REFERRAL.replace(/([a-z0-9]{6})\.yaml$/, (_: string, t: string) => `${t.toUpperCase()}.yaml`), true],
    ['a name a file with the Kelvin sign folds to (CASE_COLLISION)', 'referrals/2025/r-2025-06-03-\u212akkkkk.yaml', 'referrals/2025/r-2025-06-03-kkkkkk.yaml', true],
    ['a twin in another year folder that does not read as YAML (structure kept: it has no ID to clash)', REFERRAL, REFERRAL.replace('/2025/', '/2023/'), false],
  ])('a file added: %s', async (_, original, added, runsAgain) => {
    const root = exampleSite(env)
    if (original !== REFERRAL) wr(root, original, rd(root, REFERRAL))
    await validateSite(readSite(root), {asOf: AS_OF})
    wr(root, added, added.includes('/2023/') ? 'id: [unclosed\n' : rd(root, original))
    const run = vi.spyOn(structureRule, 'run')
    try {
      const {cached, full} = await both(root)
      expect(cached).toEqual(full)
      // The whole-site part ran for the validation from the basis only when the added file clashes (the full one runs it always).
      expect(run.mock.calls.length).toBe(runsAgain ? 2 : 1)
    } finally {
      run.mockRestore()
    }
  })

  it('an officer listed twice under one id, trained under the second badge: REFERRER_UNTRAINED as a full run (whole training index) says', async () => {
    const root = exampleSite(env)
    const referral = twoBadgeOfficer(root)
    await validateSite(readSite(root), {asOf: AS_OF})
    wr(root, referral, `${rd(root, referral)}# edited\n`)
    const {cached, full} = await both(root)
    expect(cached.diagnostics.filter((d) => d.includes('zz7777') && d.includes('REFERRER'))).toEqual(full.diagnostics.filter((d) => d.includes('zz7777') && d.includes('REFERRER')))
    expect(cached).toEqual(full)
  })

  it('an unmigrated roster whose reissued badge was held by an officer trained under an earlier badge (no error on the site): REFERRER_UNTRAINED as a full run says', async () => {
    const root = exampleSite(env)
    const roster = 'rosters/harbor-pd.yaml'
    // Entries without id (keyed #7777 both): the one who left held 7790 until 2026-01-01, then 7777.
    wr(root, roster, rd(root, roster).replace(/^officers:\n/m, 'officers:\n  - {badge: "7777", name: Pat Doe, rank: Officer, unit: Patrol, district: D1, shift: day, status: separated, history: [{date: "2026-01-01", field: badge, from: "7790", to: "7777"}, {date: "2026-03-01", field: status, from: active, to: separated}]}\n  - {badge: "7777", name: Lee Roe, rank: Officer, unit: Patrol, district: D1, shift: day, status: active}\n'))
    const training = 'trainings/2025-09-10-pd-swing-roll-call.yaml'
    wr(root, training, rd(root, training).replace(/^attendees:\n/m, 'attendees:\n  - {badge: "7790"}\n'))
    const referral = 'referrals/2026/r-2026-11-20-zz7777.yaml'
    wr(root, referral, rd(root, REFERRAL).replace(/^id: .*$/m, 'id: r-2026-11-20-zz7777').replace(/2025-06-03T/g, '2026-11-20T').replace(/badge: "0356"/, 'badge: "7777"').replace(/^consent: .*\n/m, '').replace(/^intake: .*\n/m, '').replace(/^prosecutor_review: .*\n/m, '').replace(/^status: .*$/m, 'status: received'))
    await validateSite(readSite(root), {asOf: AS_OF})
    wr(root, referral, `${rd(root, referral)}# edited\n`)
    const {cached, full} = await both(root)
    const mine = (r: typeof cached) => r.diagnostics.filter((d) => d.includes('zz7777') || d.includes('harbor-pd.yaml'))
    expect(mine(cached)).toEqual(mine(full))
    expect(cached).toEqual(full)
  })

  it('the write path: a referral by an officer trained under the other badge of their id is written when REFERRER_UNTRAINED is an error', async () => {
    const root = exampleSite(env)
    const referral = twoBadgeOfficer(root)
    // The example lead.yaml has no rules: section.
    wr(root, 'lead.yaml', `${rd(root, 'lead.yaml')}\nrules:\n  REFERRER_UNTRAINED: error\n`)
    if (!fs.existsSync(path.join(root, '.git'))) git(root, ['init', '-q', '-b', 'main'], env)
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'site'], env)
    const full = await validateSite(readSite(root), {asOf: AS_OF, cache: false})
    expect(full.diagnostics.filter((d) => d.code === 'REFERRER_UNTRAINED' && d.file === referral)).toEqual([])
    await validateSite(readSite(root), {asOf: AS_OF})
    const base = rd(root, referral)
    const id = path.basename(referral, '.yaml')
    // A full validation after the change finds no REFERRER_UNTRAINED either: the write must go through.
    await writeRecords(readSite(root), [{kind: 'referral', id, file: referral, text: `${base}# edited\n`, base}], {message: 'edit', commit: false, asOf: AS_OF})
    expect(rd(root, referral)).toBe(`${base}# edited\n`)
  })

  it('the pre-commit path (validate --staged --since HEAD): a staged twin whose id line moved', async () => {
    const root = exampleSite(env)
    const twin = REFERRAL.replace('/2025/', '/2024/')
    wr(root, twin, rd(root, REFERRAL))
    if (!fs.existsSync(path.join(root, '.git'))) git(root, ['init', '-q', '-b', 'main'], env)
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'twin'], env)
    await validateSite(readSite(root), {asOf: AS_OF})
    wr(root, twin, `# moved down\n# by two lines\n${rd(root, twin)}`)
    git(root, ['add', twin], env)
    const shown = (r: Awaited<ReturnType<typeof validateSince>>) => ({ok: r.ok, diagnostics: r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)})
    const cached = shown(await validateSince(root, 'HEAD', {staged: true, asOf: AS_OF}))
    expect(cached).toEqual(shown(await validateSince(root, 'HEAD', {staged: true, asOf: AS_OF, cache: false})))
  })

  it('privacy: a kept finding whose mask holds a word the referral typed is guarded once, over two validations from the last one', async () => {
    const root = exampleSite(env)
    // "characters" is a word of the mask ‹text of 10 characters, not shown›: guarding twice would mask it again.
    wr(root, REFERRAL, rd(root, REFERRAL).replace(/^district: .*$/m, 'district: characters\nnotes: characters not shown'))
    await validateSite(readSite(root), {asOf: AS_OF})
    const other = 'referrals/2025/r-2025-06-14-cda0eh.yaml'
    for (const mark of ['# one\n', '# two\n']) {
      wr(root, other, `${rd(root, other)}${mark}`)
      const {cached, full} = await both(root)
      expect(full.diagnostics.some((d) => d.includes('cv4zgx') && d.includes('DISTRICT_NOT_DECLARED') && d.includes('10 characters'))).toBe(true)
      expect(cached.diagnostics.filter((d) => d.includes('cv4zgx'))).toEqual(full.diagnostics.filter((d) => d.includes('cv4zgx')))
      expect(cached).toEqual(full)
    }
    expect(JSON.stringify((await validateSite(readSite(root), {asOf: AS_OF, cache: false})).diagnostics)).not.toMatch(/characters not shown"/)
  })

  it('the pre-commit path: a staged consent change, the worktree differing again, HEAD validated in turn', async () => {
    const root = exampleSite(env)
    const consent = 'consents/c-2025-06-03-5el0oe.yaml'
    if (!fs.existsSync(path.join(root, '.git'))) git(root, ['init', '-q', '-b', 'main'], env)
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'site', '--allow-empty'], env)
    await validateSite(readSite(root), {asOf: AS_OF})
    const text = rd(root, consent)
    wr(root, consent, text.replace(/^signed: .*$/m, 'signed: "2025-06-10"'))
    git(root, ['add', consent], env)
    wr(root, consent, text.replace(/^participant: .*$/m, 'participant: P-ZZZZZZ'))
    await validateSite(readSite(root), {asOf: AS_OF})
    const shown = (r: Awaited<ReturnType<typeof validateSince>>) => ({ok: r.ok, affected: r.affectedFiles, diagnostics: r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)})
    const cached = shown(await validateSince(root, 'HEAD', {staged: true, asOf: AS_OF}))
    expect(cached).toEqual(shown(await validateSince(root, 'HEAD', {staged: true, asOf: AS_OF, cache: false})))
    expect(shown(await validateSince(root, 'HEAD', {asOf: AS_OF}))).toEqual(shown(await validateSince(root, 'HEAD', {asOf: AS_OF, cache: false})))
  })

  it('a consent whose id differs from its file name, then renamed to it: the referral naming it agrees', async () => {
    const root = exampleSite(env)
    const consent = 'consents/c-2025-06-03-5el0oe.yaml'
    const other = 'consents/c-2025-06-03-aaaaaa.yaml'
    // A second file holding the same id: the referral reads the last valid one.
    wr(root, other, rd(root, consent).replace(/^signed: .*$/m, 'signed: "2025-06-05"'))
    await validateSite(readSite(root), {asOf: AS_OF})
    wr(root, other, rd(root, other).replace(/^id: .*$/m, 'id: c-2025-06-03-aaaaaa'))
    let r = await both(root)
    expect(r.cached).toEqual(r.full)
    fs.rmSync(path.join(root, consent))
    r = await both(root)
    expect(r.cached).toEqual(r.full)
    wr(root, other, rd(root, other).replace(/^id: .*$/m, 'id: c-2025-06-03-5el0oe'))
    r = await both(root)
    expect(r.cached).toEqual(r.full)
  })

  it('a referral moved between year folders and back', async () => {
    const root = exampleSite(env)
    await validateSite(readSite(root), {asOf: AS_OF})
    const moved = REFERRAL.replace('/2025/', '/2026/')
    fs.renameSync(path.join(root, REFERRAL), path.join(root, moved))
    let r = await both(root)
    expect(r.cached).toEqual(r.full)
    fs.renameSync(path.join(root, moved), path.join(root, REFERRAL))
    r = await both(root, false)
    expect(r.cached).toEqual(r.full)
  })

  it('a referral made invalid (still readable), then its previous reader checked', async () => {
    const root = exampleSite(env)
    await validateSite(readSite(root), {asOf: AS_OF})
    wr(root, REFERRAL, rd(root, REFERRAL).replace(/^pathway: .*$/m, 'pathway: 42'))
    let r = await both(root)
    expect(r.cached).toEqual(r.full)
    wr(root, REFERRAL, rd(root, REFERRAL).replace(/^pathway: .*$/m, 'pathway: arrest_diversion'))
    r = await both(root, false)
    expect(r.cached).toEqual(r.full)
  })

  it('a damaged basis (findings that are not lists) is set aside, not thrown', async () => {
    const root = exampleSite(env)
    await validateSite(readSite(root), {asOf: AS_OF})
    const {file, version, context, basis} = openBasis(root)
    const damaged = {...basis, runs: Object.fromEntries(Object.keys(basis.runs).map((k) => [k, 'x'])), schema: {[REFERRAL]: 'x'}}
    fs.writeFileSync(file, encodeBasis(version, context, damaged as unknown as Basis))
    wr(root, REFERRAL, `${rd(root, REFERRAL)}# edited\n`)
    const cached = said(await validateSite(readSite(root), {asOf: AS_OF}))
    expect(cached).toEqual(said(await validateSite(readSite(root), {asOf: AS_OF, cache: false})))
  })

  it('a basis written by another build (its version) is set aside', async () => {
    const root = exampleSite(env)
    await validateSite(readSite(root), {asOf: AS_OF})
    const {file, version, context, basis} = openBasis(root)
    // Were it read, every record would count as unreadable and unchanged.
    fs.writeFileSync(file, encodeBasis(`${version}-old`, context, {...basis, flags: basis.flags.replace(/./g, '-')}))
    const before = deltaRuns.count
    wr(root, REFERRAL, `${rd(root, REFERRAL)}# edited\n`)
    const cached = said(await validateSite(readSite(root), {asOf: AS_OF}))
    expect(deltaRuns.count).toBe(before)
    expect(cached).toEqual(said(await validateSite(readSite(root), {asOf: AS_OF, cache: false})))
  })

  it('a truncated basis file is set aside (cut in its lines or in its findings)', async () => {
    for (const cut of [500, -20]) {
      const root = exampleSite(env)
      await validateSite(readSite(root), {asOf: AS_OF})
      const file = basisFile(root)!
      const bytes = fs.readFileSync(file)
      fs.writeFileSync(file, bytes.subarray(0, cut < 0 ? bytes.length + cut : cut))
      const before = deltaRuns.count
      wr(root, REFERRAL, `${rd(root, REFERRAL)}# edited\n`)
      const cached = said(await validateSite(readSite(root), {asOf: AS_OF}))
      expect(deltaRuns.count).toBe(before)
      expect(cached).toEqual(said(await validateSite(readSite(root), {asOf: AS_OF, cache: false})))
    }
  })
})
