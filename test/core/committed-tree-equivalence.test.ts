/**
 * A write in a working tree that differs from HEAD elsewhere judges the commit it would make
 * (committed-tree.ts). The commit's records are taken from the working tree's as judged, with the
 * differing files as HEAD holds them (statesFromWorkTree), instead of loading HEAD's files whole
 * (statesFromSnapshot). Here both judge the same writes in working trees made dirty at random
 * (records edited, broken, deleted, staged, unstaged, copied, linked; lead.yaml edited; a scan
 * left beside the records), and must find the same errors in the commit.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {validateRecords, validateSite} from '../../src/core/validate/site-validation.js'
import {SiteRepo} from '../../src/core/git/site-repo.js'
import {judgeChange} from '../../src/core/write/judged-change.js'
import {commitJudgements, commitToJudge, errorsInCommit, type CommitStates} from '../../src/core/write/committed-tree.js'
import type {RecordChange} from '../../src/core/records/record-change.js'
import {cleanupTemp, exampleSite, git, testEnv, useGitEnv} from '../support/cli.js'
import {seededRandom} from '../support/seeded-random.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const AS_OF = '2026-11-27'
const TRIALS = 48

/** A small seeded generator (mulberry32, test/support/seeded-random.ts): the same trials on every run. */
function generator(seed: number) {
  const next = seededRandom(seed)
  return {next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!}
}

type Rand = ReturnType<typeof generator>

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8')
const write = (root: string, file: string, text: string) => fs.writeFileSync(path.join(root, file), text)
const idOf = (file: string) => path.basename(file, '.yaml')
const newConsentId = (rnd: Rand) => `c-2026-0${1 + Math.floor(rnd.next() * 9)}-1${Math.floor(rnd.next() * 10)}-${Math.floor(rnd.next() * 36 ** 6).toString(36).padStart(6, '0')}`

/** A record file (and, for a referral, its consent) taken from what the trial may still touch. */
interface Files {
  referrals: string[]
  consents: string[]
  others: string[]
}

/** Ways a person leaves a working tree; `fallback`: one the commit is judged from HEAD's files for. */
const DIRTY: Array<{name: string; fallback?: boolean; apply(root: string, rnd: Rand, files: Files): void}> = [
  {name: 'a record edited', apply: (root, rnd, f) => { const file = take(rnd, f.others); write(root, file, `${read(root, file)}# edited\n`) }},
  {name: 'a referral naming a consent that is not there', apply: (root, rnd, f) => { const file = take(rnd, f.referrals); write(root, file, read(root, file).replace(/^consent: .*$/m, 'consent: c-2099-01-01-nosuch')) }},
  {name: 'a referral with a name in its notes', apply: (root, rnd, f) => { const file = take(rnd, f.referrals); write(root, file, read(root, file).replace(/^notes: .*$/m, 'notes: Called John Smith at 360-555-0199.')) }},
  {name: 'a record that does not parse', apply: (root, rnd, f) => { const file = take(rnd, f.others); write(root, file, 'id: [unclosed\n') }},
  {name: 'a consent deleted', apply: (root, rnd, f) => fs.rmSync(path.join(root, take(rnd, f.consents)))},
  {name: 'a consent copied under a new ID, untracked', apply: (root, rnd, f) => { const from = rnd.pick(f.consents); const id = newConsentId(rnd); write(root, `consents/${id}.yaml`, read(root, from).replace(/^id: .*$/m, `id: ${id}`)) }},
  {name: 'a copied consent added with intent to add', apply: (root, rnd, f) => { const from = rnd.pick(f.consents); const id = newConsentId(rnd); write(root, `consents/${id}.yaml`, read(root, from).replace(/^id: .*$/m, `id: ${id}`)); git(root, ['add', '-N', `consents/${id}.yaml`], env) }},
  {name: 'a copied consent staged', apply: (root, rnd, f) => { const from = rnd.pick(f.consents); const id = newConsentId(rnd); write(root, `consents/${id}.yaml`, read(root, from).replace(/^id: .*$/m, `id: ${id}`)); git(root, ['add', `consents/${id}.yaml`], env) }},
  {name: 'a consent removed with git rm', apply: (root, rnd, f) => git(root, ['rm', '-q', take(rnd, f.consents)], env)},
  {name: 'an edit staged, then edited again', apply: (root, rnd, f) => { const file = take(rnd, f.referrals); write(root, file, read(root, file).replace(/^consent: .*$/m, 'consent: c-2099-01-01-nosuch')); git(root, ['add', file], env); write(root, file, `${read(root, file)}# again\n`) }},
  {name: 'an edit staged, the file put back as HEAD has it', apply: (root, rnd, f) => { const file = take(rnd, f.referrals); const text = read(root, file); write(root, file, text.replace(/^consent: .*$/m, 'consent: c-2099-01-01-nosuch')); git(root, ['add', file], env); write(root, file, text) }},
  {name: 'a consent removed from the index, kept untracked', apply: (root, rnd, f) => git(root, ['rm', '-q', '--cached', take(rnd, f.consents)], env)},
  {name: 'a record replaced by a link to another', apply: (root, rnd, f) => { const file = take(rnd, f.others); const target = rnd.pick(f.others); fs.rmSync(path.join(root, file)); fs.symlinkSync(path.relative(path.dirname(path.join(root, file)), path.join(root, target)), path.join(root, file)) }},
  {name: 'lead.yaml edited', fallback: true, apply: (root) => fs.appendFileSync(path.join(root, 'lead.yaml'), 'rules:\n  UNKNOWN_CONSENT: warning\n')},
  {name: 'a scan left beside the referrals', fallback: true, apply: (root) => write(root, 'referrals/2026/scan.pdf', '%PDF-1.4\n')},
]

/** One of `list`, taken out of it: no two steps of a trial touch the same file. */
function take(rnd: Rand, list: string[]): string {
  return list.splice(Math.floor(rnd.next() * list.length), 1)[0]!
}

/** Writes as `lead set` or `lead new` would make them, of files the dirty steps did not touch. */
const WRITES: Array<(root: string, rnd: Rand, f: Files) => RecordChange[]> = [
  (root, rnd, f) => { const file = take(rnd, f.referrals); const base = read(root, file); return [{kind: 'referral', id: idOf(file), file, text: `${base}# checked\n`, base}] },
  (root, rnd, f) => {
    const file = take(rnd, f.referrals)
    const base = read(root, file)
    // Any consent of the working tree, the untracked copies among them.
    const consents = fs.readdirSync(path.join(root, 'consents')).filter((n) => n.endsWith('.yaml')).map((n) => idOf(n))
    return [{kind: 'referral', id: idOf(file), file, text: base.replace(/^consent: .*$/m, `consent: ${rnd.pick(consents)}`), base}]
  },
  (root, rnd, f) => { const from = rnd.pick(f.consents); const id = newConsentId(rnd); return [{kind: 'consent', id, file: `consents/${id}.yaml`, text: read(root, from).replace(/^id: .*$/m, `id: ${id}`), base: null}] },
  (root, rnd, f) => { const file = take(rnd, f.referrals); const base = read(root, file); return [{kind: 'referral', id: idOf(file), file, text: base.replace(/^consent: .*$/m, 'consent: c-2099-02-02-nosuch'), base}] },
]

/** Each finding as JSON with its keys in one order (the two ways build them in different orders). */
const shape = (errors: Array<Record<string, unknown>> | undefined) => (errors ?? []).map((d) => JSON.stringify(Object.fromEntries(Object.entries(d).sort(([a], [b]) => a.localeCompare(b))))).sort()

/** Both states' findings, each in one order. */
async function validated(states: CommitStates | undefined) {
  if (!states) return undefined
  const all = async (site: CommitStates['site'], records: Awaited<ReturnType<CommitStates['head']>>) => shape(validateRecords(site, records, {asOf: AS_OF, remember: false}).diagnostics as never)
  return {commit: await all(states.nextSite, await states.commit()), head: await all(states.site, await states.head())}
}

describe("the commit judged from the working tree's records is the commit judged from HEAD's files", () => {
  it(`finds the same errors in ${TRIALS} writes in working trees made dirty at random`, async () => {
    const root = exampleSite(env)
    await validateSite(readSite(root), {asOf: AS_OF})
    const tracked = git(root, ['ls-files'], env).split('\n').filter((f) => f.endsWith('.yaml') && f !== 'lead.yaml')
    const rnd = generator(0x1ead)
    let withErrors = 0
    let fast = 0
    let carried = 0
    for (let trial = 0; trial < TRIALS; trial++) {
      git(root, ['reset', '-q', '--hard', 'HEAD'], env)
      git(root, ['clean', '-qfd'], env)
      const files: Files = {referrals: tracked.filter((f) => f.startsWith('referrals/')), consents: tracked.filter((f) => f.startsWith('consents/')), others: tracked.filter((f) => !f.startsWith('protocols/'))}
      const steps = Array.from({length: 1 + Math.floor(rnd.next() * 3)}, () => rnd.pick(DIRTY))
      for (const step of steps) step.apply(root, rnd, files)
      const changes = rnd.pick(WRITES)(root, rnd, files)
      // Validated as it stands (as `lead validate` leaves it) in half the trials: the write then lists the
      // site from that validation's basis, and the commit's records carry its lines.
      const validatedFirst = rnd.next() < 0.5
      if (validatedFirst) await validateSite(readSite(root), {asOf: AS_OF})
      const site = readSite(root)
      const judged = await judgeChange(site, changes, {asOf: AS_OF})
      if (judged.afterRecords.lines) carried++
      const repo = new SiteRepo(root)
      const before = {...commitJudgements}
      const fromWorkTree = await errorsInCommit(site, repo, judged, {asOf: AS_OF})
      const tookSnapshot = commitJudgements.fromSnapshot > before.fromSnapshot
      // git's answer withheld: the differing files asked of git, HEAD's files loaded whole.
      const fromSnapshot = await errorsInCommit(site, repo, {...judged, git: undefined}, {asOf: AS_OF})
      const label = `trial ${trial}: ${steps.map((s) => s.name).join('; ')}; writing ${changes.map((c) => c.file).join(', ')}`
      // The states themselves, validated whole: every finding of the commit and of HEAD, not only the new errors.
      const [mine, theirs] = await Promise.all([commitToJudge(site, repo, judged), commitToJudge(site, repo, {...judged, git: undefined})])
      expect(mine?.others, label).toEqual(theirs?.others)
      expect(await validated(mine?.states), label).toEqual(await validated(theirs?.states))
      expect(shape(fromWorkTree?.errors as never), label).toEqual(shape(fromSnapshot?.errors as never))
      expect(fromWorkTree?.others, label).toEqual(fromSnapshot?.others)
      if (steps.some((s) => s.fallback)) expect(tookSnapshot, `${label}: judged from HEAD's files`).toBe(commitJudgements.count > before.count)
      // Otherwise from the working tree, unless git's status rewrote the index it read (racy entries of a file
      // written this second): HEAD's entries are then not told, and HEAD's files are loaded.
      else if (!tookSnapshot && commitJudgements.count > before.count) fast++
      if (fromSnapshot) withErrors++
    }
    // Not a comparison of nothing: commits with errors, and commits judged the new way, both seen.
    expect(withErrors).toBeGreaterThan(4)
    expect(fast).toBeGreaterThan(TRIALS / 3)
    expect(carried, 'writes listed from a basis').toBeGreaterThan(TRIALS / 4)
  })

  it('loads HEAD\'s files when HEAD holds a link at a record\'s path (a finding, not a record): the same errors either way', async () => {
    const root = exampleSite(env)
    const link = 'consents/c-2026-05-05-linked.yaml'
    fs.symlinkSync('c-2026-01-08-3gsa3a.yaml', path.join(root, link))
    git(root, ['add', link], env)
    git(root, ['commit', '-qm', 'a link'], env)
    // The link replaced by the file itself, not committed; a referral then set to name it.
    fs.rmSync(path.join(root, link))
    write(root, link, read(root, 'consents/c-2026-01-08-3gsa3a.yaml').replace(/^id: .*$/m, 'id: c-2026-05-05-linked'))
    const file = 'referrals/2026/r-2026-01-08-z66mn9.yaml'
    const base = read(root, file)
    const site = readSite(root)
    const judged = await judgeChange(site, [{kind: 'referral', id: idOf(file), file, text: base.replace(/^consent: .*$/m, 'consent: c-2026-05-05-linked'), base}], {asOf: AS_OF})
    const repo = new SiteRepo(root)
    const started = commitJudgements.fromSnapshot
    const mine = await errorsInCommit(site, repo, judged, {asOf: AS_OF})
    expect(commitJudgements.fromSnapshot, 'HEAD\'s files loaded').toBe(started + 1)
    expect(shape(mine?.errors as never)).toEqual(shape((await errorsInCommit(site, repo, {...judged, git: undefined}, {asOf: AS_OF}))?.errors as never))
    // HEAD reads no consent through the link: the referral would name one HEAD does not hold.
    expect(mine?.errors.map((d) => d.code)).toEqual(['UNKNOWN_CONSENT'])
  })
})
