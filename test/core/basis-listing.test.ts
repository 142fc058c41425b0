/**
 * A write lists the site from the last validation's basis when git's state is the one that basis
 * was listed from (validate/basis-link.ts, basis-listing.ts): the usual `lead set`
 * after a `lead set`. What it loads must be what a listing of git's answer loads, findings about
 * files that are no records included; any other state, or a link that does not match the basis on
 * disk, lists from git as ever. And on a site with errors, the state before a write is taken as a
 * run remembered it (no pass over its records) to tell old errors from new.
 */
import fs from 'node:fs'
import {addDays} from '../../src/core/clock/dates.js'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSite, type Site} from '../../src/core/site.js'
import {loadRecords} from '../../src/core/records/load.js'
import {gitFileState} from '../../src/core/records/git-file-state.js'
import {gitStateFile} from '../../src/core/records/cache-files.js'
import {deltaRuns} from '../../src/core/validate/delta-basis.js'
import {basisListings, listingFromBasis} from '../../src/core/validate/basis-listing.js'
import {validateSite} from '../../src/core/validate/site-validation.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {rememberedBefore} from '../../src/core/write/judged-change.js'
import {refused} from '../support/lead-error.js'
import {cleanupTemp, exampleSite, git, testEnv, useGitEnv} from '../support/cli.js'
import {NOTES_REFERRAL, setNotes, withNotes} from '../support/set-notes.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const AS_OF = '2026-11-27'
const REFERRAL = NOTES_REFERRAL

const set = (root: string, notes: string) => setNotes(root, notes, AS_OF)

/** What a load gives: each record's file, kind, ID and content hash, and every finding of the load. */
async function loaded(site: Site, fromBasis: boolean) {
  const records = await loadRecords(site, {saveCache: false, git: await gitFileState(site.root), ...(fromBasis ? {listing: (g) => listingFromBasis(site.root, g)} : {})})
  return {records: records.records.map((r) => `${r.file} ${r.kind} ${r.id} ${r.hash}`), diagnostics: records.diagnostics, listed: records.listed}
}

/** Whether a load now takes its listing from the basis, and gives what a listing of git's answer gives. */
/** Whether a load listed the site from the basis: as the basis judged it, with files git lists as changed read again, or not at all. */
async function listing(root: string): Promise<'exact' | 'changed' | false> {
  const site = readSite(root)
  const before = {...basisListings}
  const fromBasis = await loaded(site, true)
  const taken = basisListings.count > before.count ? (basisListings.withChanged > before.withChanged ? 'changed' : 'exact') : false
  expect(fromBasis).toEqual(await loaded(site, false))
  return taken
}

const listsFromBasis = async (root: string): Promise<boolean> => (await listing(root)) === 'exact'

describe('a write judged from the basis\'s lines', () => {
  it('adds a record and edits another visiting only them, and finds what a validation without cache finds', async () => {
    const root = exampleSite(env)
    await set(root, 'first')
    const before = {...deltaRuns}
    const base = fs.readFileSync(path.join(root, REFERRAL.file), 'utf8')
    const added = {kind: 'referral' as const, id: 'r-2026-01-08-zz0001', file: 'referrals/2026/r-2026-01-08-zz0001.yaml', text: base.replace(REFERRAL.id, 'r-2026-01-08-zz0001'), base: null}
    await writeRecords(readSite(root), [added, withNotes(root, 'second')], {message: 'referral: add and set', asOf: AS_OF})
    expect([deltaRuns.carried - before.carried, deltaRuns.carriedAdded - before.carriedAdded]).toEqual([1, 1])
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    const warm = await validateSite(readSite(root), {asOf: AS_OF})
    expect(warm.diagnostics).toEqual((await validateSite(readSite(root), {asOf: AS_OF, cache: false})).diagnostics)
    expect(warm.checkedFiles).toContain(added.file)
    // The next write starts from the basis that one left (its flags and hashes with the record added in its place),
    // and so does a validation after an edit by hand.
    await set(root, 'third')
    expect(deltaRuns.carried - before.carried).toBe(2)
    fs.appendFileSync(path.join(root, added.file), 'status: enroled\n')
    const runs = deltaRuns.count
    const edited = await validateSite(readSite(root), {asOf: AS_OF})
    expect(deltaRuns.count).toBe(runs + 1)
    expect(edited.diagnostics).toEqual((await validateSite(readSite(root), {asOf: AS_OF, cache: false})).diagnostics)
    expect(edited.errors).toBeGreaterThan(warm.errors)
  })
})

describe('a write judged from the basis\'s lines keeps the dates findings hold for', () => {
  it('so a validation on a later day judges again the referrals whose intake fell due meanwhile', async () => {
    const root = exampleSite(env)
    // Referrals whose intake is still expected on AS_OF: their findings hold until the intake is due.
    const source = fs.readFileSync(path.join(root, 'referrals/2026/r-2026-11-25-v3l3ie.yaml'), 'utf8')
    for (const [i, days] of [1, 3, 6].entries()) {
      const received = addDays(AS_OF, -days)
      const id = `r-${received}-pend0${i}`
      fs.writeFileSync(path.join(root, `referrals/2026/${id}.yaml`), source.replace(/^id: .*$/m, `id: ${id}`).replace(/^received: .*$/m, `received: "${received}T10:00:00-08:00"`).replace(/arrived: "[^"]*"/, `arrived: "${received}T10:20:00-08:00"`).replace(/^status: .*$/m, 'status: received'))
    }
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'pending'], env)
    await set(root, 'first')
    const before = {...deltaRuns}
    await set(root, 'second')
    expect(deltaRuns.carried - before.carried).toBe(1)
    const later = addDays(AS_OF, 40)
    const cached = await validateSite(readSite(root), {asOf: later})
    expect(deltaRuns.count - before.count).toBe(2)
    const full = await validateSite(readSite(root), {asOf: later, cache: false})
    expect(cached.diagnostics).toEqual(full.diagnostics)
    // The check has teeth: on that day the pending intakes are overdue.
    expect(full.diagnostics.filter((d) => d.file.includes('-pend0')).length).toBeGreaterThan(0)
  })
})

describe('a write lists the site from the basis', () => {
  it('when git finds the site as the last write left it, and loads what git\'s listing loads', async () => {
    const root = exampleSite(env)
    await set(root, 'first')
    expect(await listsFromBasis(root)).toBe(true)
    const before = basisListings.count
    await set(root, 'second')
    expect(basisListings.count).toBe(before + 1)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    expect(await listsFromBasis(root)).toBe(true)
  })

  it('with what the listing said about files that are no records, and after a validation as after a write', async () => {
    const root = exampleSite(env)
    fs.writeFileSync(path.join(root, 'compose.yml'), 'services: {}\n')
    fs.writeFileSync(path.join(root, 'partners/notes.yml'), 'a: 1\n')
    fs.symlinkSync('harbor-pd.yaml', path.join(root, 'partners/linked.yaml'))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'odd files'], env)
    await validateSite(readSite(root), {asOf: AS_OF})
    const site = readSite(root)
    const {listed} = await loaded(site, true)
    expect(listed?.map((d) => `${d.code} ${d.file}`).sort()).toEqual(['FILE_NAME partners/notes.yml', 'STRAY_YAML compose.yml', 'SYMLINK partners/linked.yaml'])
    expect(await listsFromBasis(root)).toBe(true)
    await set(root, 'with odd files')
    expect(await listsFromBasis(root)).toBe(true)
    const result = await validateSite(readSite(root), {asOf: AS_OF})
    expect(result.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['FILE_NAME', 'STRAY_YAML', 'SYMLINK']))
  })

  it('not when the working tree changed since (an edit, a new file, a staged file)', async () => {
    const root = exampleSite(env)
    await set(root, 'first')
    const partner = path.join(root, 'partners/harbor-pd.yaml')
    // An edit git lists as changed: the same files, that one read again.
    fs.appendFileSync(partner, '# edited\n')
    expect(await listing(root)).toBe('changed')
    fs.writeFileSync(partner, fs.readFileSync(partner, 'utf8').replace('# edited\n', ''))
    expect(await listing(root)).toBe('exact')
    fs.writeFileSync(path.join(root, 'referrals/2026/r-2026-01-09-aaaaaa.yaml'), fs.readFileSync(path.join(root, REFERRAL.file), 'utf8').replace(REFERRAL.id, 'r-2026-01-09-aaaaaa'))
    expect(await listing(root)).toBe(false)
    git(root, ['add', '-A'], env)
    expect(await listing(root)).toBe(false)
  })

  it('from a link left in a state with files changed: those read again when they are clean now; never with a file deleted, ignored, or made a link', async () => {
    const root = exampleSite(env)
    await set(root, 'first')
    const partner = path.join(root, 'partners/harbor-pd.yaml')
    const text = fs.readFileSync(partner, 'utf8')
    // A validation of the state with the partner edited leaves the link: its base lists the partner as changed.
    fs.writeFileSync(partner, text.replace(/^name: .*$/m, 'name: Harbor Police Department (edited)'))
    await validateSite(readSite(root), {asOf: AS_OF, remember: true})
    expect(await listing(root)).toBe('exact')
    // Put back: git lists nothing as changed now, and the partner's hash in the basis is the edited one's.
    fs.writeFileSync(partner, text)
    expect(await listing(root)).toBe('changed')
    const other = path.join(root, 'partners/evergreen-case-management.yaml')
    fs.appendFileSync(other, '# edited\n')
    expect(await listing(root)).toBe('changed')
    fs.rmSync(other)
    expect(await listing(root)).toBe(false)
    git(root, ['checkout', '--', 'partners/evergreen-case-management.yaml'], env)
    fs.rmSync(partner)
    fs.symlinkSync('evergreen-case-management.yaml', partner)
    expect(await listing(root)).toBe(false)
    fs.rmSync(partner)
    fs.writeFileSync(partner, text)
    expect(await listing(root)).toBe('changed')
    // An ignored file (git lists it with --ignored): listed from git, whatever ignores it.
    fs.writeFileSync(path.join(root, '.git/info/exclude'), '*.bak\n')
    fs.writeFileSync(path.join(root, 'partners/harbor-pd.yaml.bak'), text)
    expect(await listing(root)).toBe(false)
    fs.rmSync(path.join(root, 'partners/harbor-pd.yaml.bak'))
    expect(await listing(root)).toBe('changed')
  })

  it('not when the link does not name the basis on disk, or is damaged', async () => {
    const root = exampleSite(env)
    await set(root, 'first')
    const link = gitStateFile(root, 'basis-link', '.json')!
    const good = fs.readFileSync(link, 'utf8')
    const digestAndBase = good.replace(/"digest":"[^"]+"/, '"digest":"another"').replace(/"base":"[^"]+"/, '"base":"another"')
    expect(digestAndBase).not.toBe(good.replace(/"digest":"[^"]+"/, '"digest":"another"'))
    for (const bad of [good.replace(/"token":"[^"]+"/, '"token":"another"'), digestAndBase, good.replace(/"context":"[^"]+"/, '"context":"another"'), good.slice(0, 40), '{"version":1}']) {
      fs.writeFileSync(link, bad)
      expect(await listing(root)).toBe(false)
    }
    // Another digest with the same base (what git lists as changed is all that differs): listed, nothing read again.
    fs.writeFileSync(link, good.replace(/"digest":"[^"]+"/, '"digest":"another"'))
    expect(await listing(root)).toBe('changed')
    fs.writeFileSync(link, good)
    expect(await listsFromBasis(root)).toBe(true)
    // A basis written since (a validation of another state, here the staged one) is not the one the link names.
    fs.appendFileSync(path.join(root, 'partners/harbor-pd.yaml'), '# edited\n')
    await validateSite(readSite(root), {asOf: AS_OF, remember: true})
    fs.writeFileSync(path.join(root, 'partners/harbor-pd.yaml'), fs.readFileSync(path.join(root, 'partners/harbor-pd.yaml'), 'utf8').replace('# edited\n', ''))
    fs.writeFileSync(link, good)
    expect(await listsFromBasis(root)).toBe(false)
  })

  it('and the write it lists for is the write a listing from git makes (same commit content, same findings next)', async () => {
    const root = exampleSite(env)
    await set(root, 'first')
    const result = await set(root, 'second')
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim()).toBe(REFERRAL.file)
    const warm = await validateSite(readSite(root), {asOf: AS_OF})
    const cold = await validateSite(readSite(root), {asOf: AS_OF, cache: false})
    expect(warm.diagnostics).toEqual(cold.diagnostics)
  })
})

describe('a write on a site with errors', () => {
  it('tells old errors from new by the validation remembered for the state before it', async () => {
    const root = exampleSite(env)
    const broken = 'referrals/2026/r-2026-01-09-zzzzzz.yaml'
    fs.writeFileSync(path.join(root, broken), fs.readFileSync(path.join(root, REFERRAL.file), 'utf8').replace(REFERRAL.id, 'r-2026-01-09-zzzzzz').replace(/\nstatus: .*\n/, '\nstatus: pending-review\n'))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'a broken referral'], env)
    expect((await validateSite(readSite(root), {asOf: AS_OF})).errors).toBeGreaterThan(0)
    const from = rememberedBefore.count
    // The old error is not the change's: written, and the state before it taken from the memo.
    await set(root, 'beside a broken referral')
    expect(rememberedBefore.count).toBe(from + 1)
    // A new error is told from the old one.
    const error = await refused(writeRecords(readSite(root), [{...withNotes(root, 'x'), text: withNotes(root, 'x').text.replace(/\nstatus: .*\n/, '\nstatus: lost\n')}], {message: 'x', asOf: AS_OF}))
    expect(rememberedBefore.count).toBe(from + 2)
    const found = (error.details as {diagnostics: Array<{file: string}>}).diagnostics
    expect(found.map((d) => d.file)).toEqual([REFERRAL.file])
    // Not listed from the basis (no link): the records are not the memo's state by construction,
    // so the state before is validated from them, and the old error is still not the change's.
    fs.rmSync(gitStateFile(root, 'basis-link', '.json')!)
    const now = rememberedBefore.count
    await set(root, 'without the link')
    expect(rememberedBefore.count).toBe(now)
  })
})
