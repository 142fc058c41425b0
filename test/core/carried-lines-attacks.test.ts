/**
 * Second reader (helper-84, review 15): attacks on the lines a write carries from the basis (records/load.ts
 * RecordLines, judged-change.ts applyInMemory/linesWith, delta-basis.ts planDelta carried,
 * site-validation.ts visitedPositions/withFlags, rule-memo.ts positionsOf) and on git's index read
 * by its checksum (git-index.ts readIndexBytes). Each judged state is held to a validation without
 * cache of the same files on disk, and each write's decision to newErrors of full validations.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSite} from '../../src/core/site.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {basisLines, deltaRuns} from '../../src/core/validate/delta-basis.js'
import {SiteRecords} from '../../src/core/records/load.js'
import {cacheFile, gitStateHome} from '../../src/core/records/cache-files.js'
import {writeRecords, type RecordChange} from '../../src/core/write/record-writer.js'
import {judgeChange, newErrors} from '../../src/core/write/judged-change.js'
import {LeadError} from '../../src/core/errors.js'
import {cleanupTemp, EXAMPLE_SITE as EXAMPLE, exampleSite, git, runLead, tempDir, testEnv, useGitEnv} from '../support/cli.js'
import {NOTES_REFERRAL, setNotes, withNotes} from '../support/set-notes.js'

const env = testEnv()
useGitEnv(env)
afterAll(cleanupTemp)

const AS_OF = '2026-11-27'
const REF = NOTES_REFERRAL
const read = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8')

/** A referral added: the example referral under another ID (its year folder from the ID). */
function referral(root: string, id: string, edit: (t: string) => string = (t) => t): RecordChange {
  const year = id.slice(2, 6)
  return {kind: 'referral', id, file: `referrals/${year}/${id}.yaml`, text: edit(read(root, REF.file).replaceAll(REF.id, id)), base: null}
}
function consent(root: string, id: string, file = `consents/${id}.yaml`, edit: (t: string) => string = (t) => t): RecordChange {
  return {kind: 'consent', id, file, text: edit(read(root, 'consents/c-2026-01-08-3gsa3a.yaml').replaceAll('c-2026-01-08-3gsa3a', id)), base: null}
}
const edited = (root: string, file: string, kind: RecordChange['kind'], id: string, edit: (t: string) => string): RecordChange => ({kind, id, file, text: edit(read(root, file)), base: read(root, file)})

/** The example site with a referral of an unknown status committed: a site with an error. */
function siteWithError(): {root: string; broken: string} {
  const root = exampleSite(env)
  const broken = 'referrals/2026/r-2026-01-09-zzzzzz.yaml'
  fs.writeFileSync(path.join(root, broken), read(root, REF.file).replaceAll(REF.id, 'r-2026-01-09-zzzzzz').replace(/\nstatus: .*\n/, '\nstatus: pending-review\n'))
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-qm', 'broken'], env)
  return {root, broken}
}

const key = (d: {file: string; code: string; message: string; severity: string}) => `${d.severity} ${d.code} ${d.file} ${d.message}`

/** The site as it would be with `changes` (and lead.yaml) on disk, validated without cache, in a copy. */
async function coldWith(root: string, changes: RecordChange[], config?: string): Promise<ValidationResult> {
  const copy = path.join(tempDir('lead-r15-'), 'site')
  fs.cpSync(root, copy, {recursive: true})
  for (const c of changes) {
    fs.mkdirSync(path.dirname(path.join(copy, c.file)), {recursive: true})
    fs.writeFileSync(path.join(copy, c.file), c.text)
  }
  if (config !== undefined) fs.writeFileSync(path.join(copy, 'lead.yaml'), config)
  return validateSite(readSite(copy), {asOf: AS_OF, cache: false})
}

/** judgeChange on the carried path, held to validations without cache before and after. */
async function judgedAsCold(root: string, changes: RecordChange[], options: {config?: string; carried?: boolean} = {}) {
  const before = await validateSite(readSite(root), {asOf: AS_OF, cache: false})
  const expected = await coldWith(root, changes, options.config)
  const runs = {...deltaRuns}
  const judged = await judgeChange(readSite(root), changes, {asOf: AS_OF, ...(options.config !== undefined ? {config: {text: options.config, base: read(root, 'lead.yaml')}} : {})})
  if (options.carried !== false) expect(deltaRuns.carried - runs.carried, 'the carried path is taken').toBe(1)
  // The lines carried are the records' own.
  const lines = judged.afterRecords.lines
  if (lines) {
    const own = basisLines(new SiteRecords(judged.afterRecords.records, []))
    expect([lines.files.split('\0'), lines.hashes]).toEqual([own.files.split('\0'), own.hashes])
  }
  expect(judged.after.diagnostics.map(key)).toEqual(expected.diagnostics.map(key))
  expect(judged.introduced.map(key)).toEqual(newErrors(before, expected).map(key))
  return judged
}

/** A write held to full validations: refused with newErrors, or written and then a warm validation is a cold one. */
async function writeAsCold(root: string, changes: RecordChange[], options: {config?: string} = {}) {
  const before = await validateSite(readSite(root), {asOf: AS_OF, cache: false})
  const expected = newErrors(before, await coldWith(root, changes, options.config))
  const runs = {...deltaRuns}
  let introduced: string[] = []
  try {
    await writeRecords(readSite(root), changes, {message: 'review15', asOf: AS_OF, ...(options.config !== undefined ? {config: {text: options.config, base: read(root, 'lead.yaml')}} : {})})
  } catch (error) {
    if (!(error instanceof LeadError)) throw error
    introduced = ((error.details as {diagnostics?: Array<{file: string; code: string; message: string; severity?: string}>})?.diagnostics ?? []).map((d) => key({severity: 'error', ...d}))
    if (introduced.length === 0) throw error
  }
  expect(introduced.sort()).toEqual(expected.map(key).sort())
  const carried = deltaRuns.carried - runs.carried
  // The basis the write left, read by a validation the state memo cannot answer (its flags, findings, spans).
  const home = gitStateHome(root)!
  for (const f of fs.readdirSync(home.dir)) if (f.startsWith('memo-')) fs.rmSync(path.join(home.dir, f))
  fs.rmSync(cacheFile(root)!, {force: true})
  // In a process of its own: this one keeps the parse cache and memos in memory.
  const child = runLead(['validate', '--json', '--as-of', AS_OF], {cwd: root, env})
  const fromBasis = (child.json().diagnostics as Array<{file: string; code: string; message: string; severity: string}>).map(key)
  const warm = await validateSite(readSite(root), {asOf: AS_OF})
  const cold = await validateSite(readSite(root), {asOf: AS_OF, cache: false})
  expect(warm.diagnostics.map(key)).toEqual(cold.diagnostics.map(key))
  expect(fromBasis).toEqual(cold.diagnostics.map(key))
  return {carried, refused: introduced.length > 0}
}

describe('review 15: a write judged from the carried lines, against a validation without cache', () => {
  it('many referrals added at the start, the end, between and in new year folders, with a set', async () => {
    const root = exampleSite(env)
    await setNotes(root, 'first', AS_OF)
    await judgedAsCold(root, [
      referral(root, 'r-2024-01-08-aaaaaa'),
      referral(root, 'r-2025-01-01-000000'),
      referral(root, 'r-2025-01-01-000001'),
      referral(root, 'r-2026-01-08-000000'),
      referral(root, 'r-2026-01-08-z66mn8'),
      referral(root, 'r-2026-01-08-z66mna'),
      referral(root, 'r-2026-12-31-zzzzzz'),
      referral(root, 'r-2027-01-01-aaaaaa'),
      referral(root, 'r-2099-01-01-aaaaaa'),
      withNotes(root, 'second') as RecordChange,
    ])
  })

  it('a consent and the referral naming it added in one write, the consent first in the walk', async () => {
    const root = exampleSite(env)
    await setNotes(root, 'first', AS_OF)
    await judgedAsCold(root, [
      referral(root, 'r-2026-01-08-bbbbbb', (t) => t.replace('consent: c-2026-01-08-3gsa3a', 'consent: c-2026-01-08-newnew').replace('P-5WNVA0', 'P-NEW001')),
      consent(root, 'c-2026-01-08-newnew', undefined, (t) => t.replace('P-5WNVA0', 'P-NEW001')),
      consent(root, 'c-0000-01-01-aaaaaa'),
    ])
  })

  it('a referral made unreadable, another made invalid, and one invalid before mended', async () => {
    const {root, broken} = siteWithError()
    // (A first write on a site with errors and no memo leaves a link to a basis the state before overwrote: warmed first.)
    await validateSite(readSite(root), {asOf: AS_OF})
    await setNotes(root, 'first', AS_OF)
    await judgedAsCold(root, [
      edited(root, REF.file, 'referral', REF.id, (t) => `${t}: [unclosed\n`),
      edited(root, 'referrals/2025/r-2025-06-03-cv4zgx.yaml', 'referral', 'r-2025-06-03-cv4zgx', (t) => t.replace(/\nstatus: .*\n/, '\nstatus: lost\n')),
      edited(root, broken, 'referral', 'r-2026-01-09-zzzzzz', (t) => t.replace('status: pending-review', 'status: enrolled')),
      referral(root, 'r-2026-01-09-zzzzzy', (t) => t.replace(/\nstatus: .*\n/, '\nstatus: nope\n')),
    ])
  })

  it('an added record whose id is another\'s (duplicate), and one whose file is not its id', async () => {
    const root = exampleSite(env)
    await setNotes(root, 'first', AS_OF)
    const dup = referral(root, 'r-2026-01-08-dupdup')
    await judgedAsCold(root, [
      {...dup, text: dup.text.replace('id: r-2026-01-08-dupdup', `id: ${REF.id}`)},
      {...referral(root, 'r-2025-06-03-aaaaab'), text: read(root, REF.file)},
    ])
  })

  it('consents with non-ASCII and case-twin file names on the site, a consent added among them', async () => {
    const root = exampleSite(env)
    const base = read(root, 'consents/c-2026-01-08-3gsa3a.yaml')
    for (const name of ['Ä', 'é', 'ｚ', '😀', 'A', 'a', 'c-2026-01-08-3gsa3a-x', 'c-2026-01-08-3gsa3a/x']) {
      if (name.includes('/')) continue
      fs.writeFileSync(path.join(root, `consents/${name}.yaml`), base.replaceAll('c-2026-01-08-3gsa3a', name))
    }
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'odd names'], env)
    await validateSite(readSite(root), {asOf: AS_OF})
    await setNotes(root, 'first', AS_OF).catch(() => undefined)
    await validateSite(readSite(root), {asOf: AS_OF})
    await judgedAsCold(root, [consent(root, 'ｙ'), consent(root, '😁'), consent(root, 'b'), consent(root, 'B'), consent(root, 'É'), withNotes(root, 'x') as RecordChange])
  })

  it('with lead.yaml changed in the same write (another context, another basis)', async () => {
    const root = exampleSite(env)
    await setNotes(root, 'first', AS_OF)
    const config = read(root, 'lead.yaml').replace('districts: [D1, D2, D3, D4, D5, "N", S]', 'districts: [D2, D3, D4, D5, "N", S]')
    await judgedAsCold(root, [referral(root, 'r-2026-01-08-cccccc'), withNotes(root, 'y') as RecordChange], {config, carried: false})
  })

  it('an old date: findings that hold for some dates only (spans)', async () => {
    const root = exampleSite(env)
    await setNotes(root, 'first', '2027-07-01')
    await judgedAsCold(root, [referral(root, 'r-2026-11-26-dddddd'), withNotes(root, 'z') as RecordChange])
  })

  it('three writes in a row adding records, then warm and cold validation agree', async () => {
    const root = exampleSite(env)
    await setNotes(root, 'first', AS_OF)
    const a = await writeAsCold(root, [referral(root, 'r-2026-01-08-eeeee1'), referral(root, 'r-2025-01-01-eeeee1'), withNotes(root, 'a') as RecordChange])
    const b = await writeAsCold(root, [referral(root, 'r-2026-01-08-eeeee0'), referral(root, 'r-2026-01-08-eeeee2'), referral(root, 'r-2027-01-08-eeeee2')])
    const c = await writeAsCold(root, [edited(root, 'referrals/2026/r-2026-01-08-eeeee1.yaml', 'referral', 'r-2026-01-08-eeeee1', (t) => t.replace(/\nstatus: .*\n/, '\nstatus: lost\n')), referral(root, 'r-2026-01-08-eeeee3')])
    expect([a.refused, b.refused, c.refused]).toEqual([false, false, true])
    await writeAsCold(root, [withNotes(root, 'after refusal') as RecordChange])
  })

  it('a site in a subfolder of the repository', async () => {
    const outer = tempDir('lead-r15-outer-')
    const root = path.join(outer, 'sites', 'harbor')
    fs.mkdirSync(path.dirname(root), {recursive: true})
    const site = exampleSite(env)
    fs.cpSync(site, root, {recursive: true, filter: (src) => !src.includes(`${path.sep}.git`)})
    fs.writeFileSync(path.join(outer, 'README.md'), 'outer\n')
    git(outer, ['init', '-q'], env)
    git(outer, ['add', '-A'], env)
    git(outer, ['commit', '-qm', 'outer'], env)
    await setNotes(root, 'first', AS_OF)
    await judgedAsCold(root, [referral(root, 'r-2026-01-08-ffffff'), referral(root, 'r-2025-01-08-ffffff'), withNotes(root, 'x') as RecordChange])
    await writeAsCold(root, [referral(root, 'r-2026-01-08-fffff0'), withNotes(root, 'w') as RecordChange])
  })

  it('records not valid and unreadable at many places, records added before, between and after them, write after write', async () => {
    const root = exampleSite(env)
    const bad: Array<[string, string]> = [
      ['referrals/2025/r-2025-01-01-bad000.yaml', 'status: nope'],
      ['referrals/2025/r-2025-12-31-bad001.yaml', ': [unclosed'],
      ['referrals/2026/r-2026-01-08-bad002.yaml', 'status: nope'],
      ['referrals/2026/r-2026-12-31-bad003.yaml', ': [unclosed'],
      ['consents/c-2026-01-08-bad004.yaml', 'expires: never'],
    ]
    for (const [file, line] of bad) {
      const id = path.basename(file, '.yaml')
      const src = file.startsWith('consents') ? read(root, 'consents/c-2026-01-08-3gsa3a.yaml').replaceAll('c-2026-01-08-3gsa3a', id) : read(root, REF.file).replaceAll(REF.id, id)
      fs.writeFileSync(path.join(root, file), `${src.replace(/\nstatus: .*\n/, '\n')}${line}\n`)
    }
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'bad ones'], env)
    await validateSite(readSite(root), {asOf: AS_OF})
    await setNotes(root, 'first', AS_OF)
    const results: boolean[] = []
    for (const [n, make] of [
      [1, () => [referral(root, 'r-2025-01-01-aaaaaa'), referral(root, 'r-2025-12-31-bad000'), referral(root, 'r-2026-01-08-bad001')]],
      [2, () => [referral(root, 'r-2024-01-01-aaaaaa'), referral(root, 'r-2026-12-31-bad002'), withNotes(root, 'n2') as RecordChange]],
      [3, () => [referral(root, 'r-2026-01-08-bad00z'), referral(root, 'r-2027-01-01-aaaaaa'), consent(root, 'c-2026-01-08-bad003')]],
    ] as const) {
      const r = await writeAsCold(root, make())
      expect(r.carried, `write ${n} carried`).toBe(1)
      results.push(r.refused)
    }
    expect(results).toEqual([false, false, false])
    await judgedAsCold(root, [referral(root, 'r-2025-01-01-aaaaa0'), referral(root, 'r-2025-12-31-zzzzzz'), referral(root, 'r-2026-01-08-bad00a'), referral(root, 'r-2026-12-31-bad004'), withNotes(root, 'judged') as RecordChange])
    await validateSite(readSite(root), {asOf: AS_OF, cache: false})
    await setNotes(root, 'relink', AS_OF)
    // Mend them one by one: each write's own errors are none, the old ones stand until mended.
    for (const [file] of bad) {
      const id = path.basename(file, '.yaml')
      const kind = file.startsWith('consents') ? 'consent' : 'referral'
      const good = kind === 'consent' ? read(root, 'consents/c-2026-01-08-3gsa3a.yaml').replaceAll('c-2026-01-08-3gsa3a', id) : read(root, REF.file).replaceAll(REF.id, id)
      const r = await writeAsCold(root, [{kind, id, file, text: good, base: read(root, file)}])
      expect([file, r.refused]).toEqual([file, false])
    }
  })

  it('a site with no records: the first records added', async () => {
    const root = exampleSite(env)
    for (const dir of ['consents', 'meetings', 'mous', 'partners', 'protocols', 'referrals', 'rosters', 'trainings']) fs.rmSync(path.join(root, dir), {recursive: true, force: true})
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'empty'], env)
    await validateSite(readSite(root), {asOf: AS_OF})
    const text = fs.readFileSync(path.join(EXAMPLE, REF.file), 'utf8')
    const add = (id: string): RecordChange => ({kind: 'referral', id, file: `referrals/${id.slice(2, 6)}/${id}.yaml`, text: text.replaceAll(REF.id, id), base: null})
    await judgedAsCold(root, [add('r-2026-01-08-aaaaaa'), add('r-2025-01-08-aaaaaa'), add('r-2026-01-08-aaaaab')])
  })

  it('a change that leaves the text as it was, a BOM, CRLF, beside an addition', async () => {
    const root = exampleSite(env)
    await setNotes(root, 'first', AS_OF)
    const same = edited(root, 'referrals/2025/r-2025-06-03-cv4zgx.yaml', 'referral', 'r-2025-06-03-cv4zgx', (t) => t)
    const bom = edited(root, 'referrals/2025/r-2025-06-14-cda0eh.yaml', 'referral', 'r-2025-06-14-cda0eh', (t) => `\uFEFF${t}`)
    const crlf = edited(root, 'referrals/2025/r-2025-06-21-htr2cu.yaml', 'referral', 'r-2025-06-21-htr2cu', (t) => t.replaceAll('\n', '\r\n'))
    const r = await writeAsCold(root, [same, bom, crlf, referral(root, 'r-2025-06-14-cda0eg')])
    expect(r).toEqual({carried: 1, refused: false})
    const again = await writeAsCold(root, [withNotes(root, 'after bom') as RecordChange, referral(root, 'r-2025-06-14-cda0ei')])
    expect(again).toEqual({carried: 1, refused: false})
    await judgedAsCold(root, [{...same, base: read(root, same.file)}, bom, crlf, referral(root, 'r-2025-06-14-cda0ef')])
  })

  it('a pre-commit hook that rewrites a referral lead wrote, then the next write', async () => {
    const root = exampleSite(env)
    await setNotes(root, 'first', AS_OF)
    const hook = path.join(root, '.git', 'hooks', 'pre-commit')
    fs.mkdirSync(path.dirname(hook), {recursive: true})
    fs.writeFileSync(hook, `#!/bin/sh\nfor f in $(git diff --cached --name-only --diff-filter=AM -- 'referrals/*.yaml'); do sed -i 's/^status: enrolled$/status: rewritten-by-hook/' "$f" && git add -- "$f"; done\nexit 0\n`, {mode: 0o755})
    await writeRecords(readSite(root), [referral(root, 'r-2026-01-08-hhhhhh'), withNotes(root, 'hooked') as RecordChange], {message: 'hooked', asOf: AS_OF}).catch(() => undefined)
    fs.rmSync(hook)
    const warm = await validateSite(readSite(root), {asOf: AS_OF})
    expect(warm.diagnostics.map(key)).toEqual((await validateSite(readSite(root), {asOf: AS_OF, cache: false})).diagnostics.map(key))
    await judgedAsCold(root, [referral(root, 'r-2026-01-08-hhhhhi'), withNotes(root, 'after hook') as RecordChange], {carried: false})
  })
})

describe('review 15: references to records the same write adds', () => {
  it('an existing referral naming a previous referral and a consent that do not exist yet, both added', async () => {
    const root = exampleSite(env)
    const file = 'referrals/2026/r-2026-11-22-6aa27b.yaml'
    fs.writeFileSync(path.join(root, file), read(root, file).replace('previous: r-2025-09-12-8d0q66', 'previous: r-2025-09-12-later0'))
    const other = 'referrals/2026/r-2026-07-15-0ujmb1.yaml'
    fs.writeFileSync(path.join(root, other), read(root, other).replace(/\nconsent: .*\n/, '\nconsent: c-2026-07-15-later1\n'))
    git(root, ['commit', '-qam', 'dangling'], env)
    await validateSite(readSite(root), {asOf: AS_OF})
    await setNotes(root, 'first', AS_OF)
    const previous = referral(root, 'r-2025-09-12-later0', (t) => t.replace(/\nstatus: .*\n/, '\nstatus: closed\n'))
    const participantOf = /participant: (\S+)/.exec(read(root, other))![1]!
    await judgedAsCold(root, [previous, consent(root, 'c-2026-07-15-later1', undefined, (t) => t.replace('P-5WNVA0', participantOf))])
    await validateSite(readSite(root), {asOf: AS_OF, cache: false})
    await setNotes(root, 'relink', AS_OF)
    const r = await writeAsCold(root, [previous, consent(root, 'c-2026-07-15-later1', undefined, (t) => t.replace('P-5WNVA0', participantOf))])
    expect(r.carried).toBe(1)
  })

  it('a partner (context) changed beside records added: judged in full', async () => {
    const root = exampleSite(env)
    await setNotes(root, 'first', AS_OF)
    await judgedAsCold(root, [referral(root, 'r-2026-01-08-pppppp'), edited(root, 'partners/harbor-pd.yaml', 'partner', 'harbor-pd', (t) => t.replace(/\ntype: .*\n/, '\ntype: nonsense\n'))], {carried: false})
  })

  it('a consent added whose name is a case twin of one there', async () => {
    const root = exampleSite(env)
    const base = read(root, 'consents/c-2026-01-08-3gsa3a.yaml')
    for (const name of ['ä', 'Ab', 'c-2026-01-08-3GSA3A']) fs.writeFileSync(path.join(root, `consents/${name}.yaml`), base.replaceAll('c-2026-01-08-3gsa3a', name))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'odd names'], env)
    await validateSite(readSite(root), {asOf: AS_OF})
    await setNotes(root, 'first', AS_OF)
    await judgedAsCold(root, [consent(root, 'Ä'), consent(root, 'ab'), consent(root, 'AB'), consent(root, 'c-2026-01-08-3gsA3a'), withNotes(root, 'twins') as RecordChange])
  })
})

describe('review 15: the link after a write on a site with errors (performance only)', () => {
  // The first write on a site with errors and no remembered validation of the state before it
  // validates that state (judged-change.ts validationBefore): remembered, its basis, under the same
  // context, replaced the one the write's own validation wrote, and the link the write left named
  // the one replaced, so the next write listed from git and was not carried. It is not remembered now.
  it('the next write is carried', async () => {
    const {root} = siteWithError()
    await setNotes(root, 'first', AS_OF)
    const runs = {...deltaRuns}
    await setNotes(root, 'second', AS_OF)
    expect(deltaRuns.carried - runs.carried).toBe(1)
  })
})

describe('review 15: the git index read by its checksum', () => {
  it('read, rewritten by git with the same size, read again in the same process', async () => {
    const {GitIndex} = await import('../../src/core/records/git-index.js')
    const {readIndex} = await import('../../src/core/records/git-index-view.js')
    const root = tempDir('lead-index-')
    git(root, ['init', '-q', '-b', 'main'], env)
    fs.writeFileSync(path.join(root, 'a.yaml'), 'a: 1\n')
    fs.writeFileSync(path.join(root, 'b.yaml'), 'b: 1\n')
    git(root, ['add', '-A'], env)
    const file = path.join(root, '.git', 'index')
    const summary = path.join(root, '.git', 'lead-summary.json')
    for (let round = 0; round < 4; round++) {
      const size = fs.statSync(file).size
      const view = readIndex(file, summary, 'v1')!
      expect(view.digest()).toBe(GitIndex.parse(fs.readFileSync(file))!.digest())
      expect(view.entries().map((e) => `${e.path} ${e.oid}`)).toEqual(GitIndex.parse(fs.readFileSync(file))!.entries().map((e) => `${e.path} ${e.oid}`))
      // Same size: a content of the same length staged, and the index refreshed.
      fs.writeFileSync(path.join(root, round % 2 ? 'a.yaml' : 'b.yaml'), `x: ${round}\n`)
      git(root, ['add', '-A'], env)
      git(root, ['update-index', '--refresh'], env)
      expect(fs.statSync(file).size).toBe(size)
      // Also the very same bytes written back (a copy over it, renamed as git does).
      const bytes = fs.readFileSync(file)
      fs.writeFileSync(`${file}.tmp`, bytes)
      fs.renameSync(`${file}.tmp`, file)
    }
  })
})
