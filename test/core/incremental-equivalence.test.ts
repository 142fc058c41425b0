/**
 * Incremental and full validation agree (issue 15): random edits of the example site, from a
 * seeded generator, each followed by a validation through the site cache (parse results by
 * content, file stamps, schema results, remembered validations, lazily read values) and one that
 * uses no cache at all. Some edits go through the write path, whose decision (write, or refuse
 * with the errors the change brings) must be the one a full validation before and after gives.
 *
 * LEAD_EQUIV_SEED=N reruns one sequence; LEAD_EQUIV_STEPS=N makes it longer.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parseDocument, parse as parseYaml} from 'yaml'
import {kindOfPath, recordPath, type Kind} from '../../src/core/records/kinds.js'
import {loadRecords} from '../../src/core/records/load.js'
import {readSite} from '../../src/core/site.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {deltaRuns} from '../../src/core/validate/delta-basis.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {newErrors} from '../../src/core/write/judged-change.js'
import {LeadError, type Diagnostic} from '../../src/core/errors.js'
import {cleanupTemp, exampleSite, git, testEnv, useGitEnv} from '../support/cli.js'
import {savedLater as later} from '../support/save-times.js'
import {seededRandom} from '../support/seeded-random.js'

const env = testEnv()
useGitEnv(env)

const SEED = Number(process.env.LEAD_EQUIV_SEED ?? 20261130)
const STEPS = Number(process.env.LEAD_EQUIV_STEPS ?? 30)
// Two dates: one before most expiries of the example site, one after many (the date is an input).
const DATES = ['2026-11-27', '2027-07-01']

type Rand = () => number
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!

interface SiteFile {
  rel: string
  kind: Kind
  id: string
  text: string
  data: unknown
}

function siteFiles(root: string): SiteFile[] {
  const out: SiteFile[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), {withFileTypes: true})) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) walk(rel)
        continue
      }
      if (!rel.endsWith('.yaml') || rel === 'lead.yaml') continue
      const place = kindOfPath(rel)
      if (!place.kind || place.problem) continue
      const text = fs.readFileSync(path.join(root, rel), 'utf8')
      let data: unknown
      try {
        data = parseYaml(text)
      } catch {
        data = undefined
      }
      out.push({rel, kind: place.kind, id: place.id, text, data})
    }
  }
  walk('')
  return out.sort((a, b) => a.rel.localeCompare(b.rel))
}

/** Every scalar in a value, with its path (the record's own id left out). */
function leaves(value: unknown, at: Array<string | number> = []): Array<{path: Array<string | number>; value: unknown}> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...at, i]))
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (at.length === 0 && k === 'id' ? [] : leaves(v, [...at, k])))
  return at.length === 0 ? [] : [{path: at, value}]
}

function setIn(text: string, at: Array<string | number>, value: unknown): string {
  const doc = parseDocument(text)
  doc.setIn(at, value)
  return doc.toString()
}

const freshId = (rand: Rand, like: string, step: number): string => {
  const tail = Array.from({length: 6}, () => pick(rand, [...'abcdefghijklmnopqrstuvwxyz0123456789'])).join('')
  return /-[a-z0-9]{6}$/.test(like) && /^[rc]-\d{4}-\d{2}-\d{2}-/.test(like) ? like.replace(/[a-z0-9]{6}$/, tail) : `${like}-copy${step}`
}

/** One edit: the files it writes (null: delete) and what it did, for the failure message. */
interface Edit {
  what: string
  files: Array<{rel: string; kind?: Kind; id?: string; text: string | null}>
}

/**
 * The kinds the per-record rule memo must get right (validate/rule-memo.ts): a referral is judged
 * by itself, the consent and earlier referral it names, and the protocols, partners and rosters
 * (context): half the edits go to one of these kinds, taken in turn.
 */
const FOCUS: readonly Kind[] = ['referral', 'consent', 'protocol', 'partner', 'roster']

function randomEdit(rand: Rand, root: string, step: number, history: Array<{rel: string; text: string | null}>, only?: readonly Kind[]): Edit {
  const all = siteFiles(root)
  const ids = new Set(all.map((f) => f.id))
  // Every other edit changes, adds or deletes a record of a focus kind or changes lead.yaml, in turn: every seed edits each.
  // With `only`, every edit is to a record of those kinds, in turn.
  const turn = only ? only[step % only.length] : step % 2 === 0 ? [...FOCUS, 'lead.yaml' as const][(step / 2) % (FOCUS.length + 1)] : undefined
  const focus = turn === 'lead.yaml' ? undefined : turn
  const files = focus && all.some((f) => f.kind === focus && f.data && typeof f.data === 'object') ? all.filter((f) => f.kind === focus) : all
  const parsed = files.filter((f) => f.data && typeof f.data === 'object')
  const refs = parsed.flatMap((f) => leaves(f.data).filter((l) => typeof l.value === 'string' && ids.has(l.value)).map((l) => ({f, l})))
  if (only && rand() < 0.2) {
    // What the whole-site parts that read which files there are see: a twin whose name differs in
    // case only (two files on macOS and Windows), or a record made unreadable.
    const f = pick(rand, parsed)
    if (rand() < 0.5) {
      const twin = recordPath(f.kind, f.id.replace(/[a-z0-9]{6}$/, (tail) => tail.toUpperCase()))
      if (twin !== f.rel) return {what: `twin ${twin} (copy of ${f.id})`, files: [{rel: twin, text: f.text}]}
    }
    return {what: `garble ${f.rel}`, files: [{rel: f.rel, kind: f.kind, id: f.id, text: `${f.text}\n  - [unclosed\n`}]}
  }
  let roll = turn === 'lead.yaml' ? 0.95 : only ? rand() * 0.92 : files === all ? rand() : pick(rand, [0, 0.1, 0.2, 0.3, 0.4, 0.55, 0.7, 0.75])
  if (roll >= 0.3 && roll < 0.5 && refs.length === 0) roll = 0.1 // nothing here names a record (a partner): change a field instead
  if (roll < 0.3) {
    // Change a field: to the value another record of the kind has there, or to one of the wrong type.
    const f = pick(rand, parsed)
    const leaf = pick(rand, leaves(f.data))
    const others = files.filter((o) => o.kind === f.kind && o !== f).flatMap((o) => leaves(o.data).filter((l) => JSON.stringify(l.path) === JSON.stringify(leaf.path)).map((l) => l.value))
    const value = others.length > 0 && rand() < 0.6 ? pick(rand, others) : pick(rand, [42, '', 'zzz', true, '2026-02-30', null])
    return {what: `set ${f.rel} ${leaf.path.join('.')} = ${JSON.stringify(value)}`, files: [{rel: f.rel, kind: f.kind, id: f.id, text: setIn(f.text, leaf.path, value)}]}
  }
  if (roll < 0.5) {
    // Break a reference: a value naming another record names none.
    const {f, l} = pick(rand, refs)
    return {what: `break ${f.rel} ${l.path.join('.')} (${String(l.value)})`, files: [{rel: f.rel, kind: f.kind, id: f.id, text: setIn(f.text, l.path, `${String(l.value)}-gone`)}]}
  }
  if (roll < 0.62) {
    const f = pick(rand, files)
    return {what: `delete ${f.rel}`, files: [{rel: f.rel, text: null}]}
  }
  if (roll < 0.82) {
    // Add a record: a copy of one of its kind under a new ID.
    const f = pick(rand, parsed)
    const id = freshId(rand, f.id, step)
    return {what: `add ${recordPath(f.kind, id)} (copy of ${f.id})`, files: [{rel: recordPath(f.kind, id), kind: f.kind, id, text: setIn(f.text, ['id'], id)}]}
  }
  if (roll < 0.92 && history.length > 0 && (turn === undefined || only)) {
    // Undo an earlier edit: the site returns to a state a validation may have remembered.
    const h = pick(rand, history)
    const place = kindOfPath(h.rel)
    return {what: `restore ${h.rel}`, files: [{rel: h.rel, ...(place.kind && !place.problem ? {kind: place.kind, id: place.id} : {}), text: h.text}]}
  }
  const text = fs.readFileSync(path.join(root, 'lead.yaml'), 'utf8')
  const setting = rand()
  if (setting < 0.4) {
    // lead.yaml: change how serious a finding is (a code the site reports or not).
    const code = pick(rand, ['UNKNOWN_PARTNER', 'UNKNOWN_CONSENT', 'CONSENT_EXPIRED', 'MOU_EXPIRING', 'REFERRER_UNTRAINED', 'INTAKE_OVERDUE'])
    const severity = pick(rand, ['error', 'warning', 'off'])
    return {what: `lead.yaml rules.${code} = ${severity}`, files: [{rel: 'lead.yaml', text: setIn(text, ['rules', code], severity)}]}
  }
  // lead.yaml settings the per-record rules read: how long a course's training lasts, the declared districts, the time zone.
  const [at, value] = setting < 0.6 ? [['courses', Math.floor(rand() * 2), 'valid_months'], pick(rand, [1, 6, 36])]
    : setting < 0.8 ? [['privacy', 'districts'], pick(rand, [['D1', 'D2'], ['D1', 'D2', 'D3', 'D4', 'D5', 'N', 'S']])]
    : [['site', 'timezone'], pick(rand, ['America/New_York', 'America/Los_Angeles'])]
  return {what: `lead.yaml ${at.join('.')} = ${JSON.stringify(value)}`, files: [{rel: 'lead.yaml', text: setIn(text, at, value)}]}
}

function apply(root: string, edit: Edit): void {
  for (const f of edit.files) {
    const abs = path.join(root, f.rel)
    if (f.text === null) fs.rmSync(abs, {force: true})
    else {
      fs.mkdirSync(path.dirname(abs), {recursive: true})
      fs.writeFileSync(abs, f.text)
    }
  }
}

const read = (root: string, rel: string): string | null => (fs.existsSync(path.join(root, rel)) ? fs.readFileSync(path.join(root, rel), 'utf8') : null)

/** Everything a finding says (excerpts included; not the order of its properties): the cached path must say the same. */
const said = (r: ValidationResult) => ({ok: r.ok, errors: r.errors, warnings: r.warnings, records: r.records, checkedFiles: r.checkedFiles, diagnostics: r.diagnostics.map((d) => JSON.stringify(Object.fromEntries(Object.entries(d).sort())))})
const errorKey = (d: Pick<Diagnostic, 'file' | 'code' | 'message'>) => `${d.file} ${d.code} ${d.message}`

describe('incremental and full validation agree on random edits of the example site', () => {
  afterAll(cleanupTemp)

  it(`seed ${SEED}, ${STEPS} edits`, async () => {
    const rand = seededRandom(SEED)
    const root = exampleSite(env)
    if (!fs.existsSync(path.join(root, '.git'))) git(root, ['init', '-q', '-b', 'main'], env)
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'example', '--allow-empty'], env)
    const log: string[] = []
    const history: Array<{rel: string; text: string | null}> = []
    const kinds = new Set<string>()
    const touched = new Set<string>()
    let refused = 0
    let written = 0
    let last: {asOf: string; result: ValidationResult} | undefined

    await validateSite(readSite(root), {asOf: DATES[0]}) // fill the cache
    const carriedBefore = {...deltaRuns}
    for (let step = 0; step < STEPS; step++) {
      const asOf = pick(rand, DATES)
      const edit = randomEdit(rand, root, step, history)
      kinds.add(edit.what.split(' ')[0]!)
      for (const f of edit.files) touched.add(f.rel === 'lead.yaml' ? 'lead.yaml' : kindOfPath(f.rel).kind ?? f.rel)
      for (const f of edit.files) history.push({rel: f.rel, text: read(root, f.rel)})
      const through = edit.files.every((f) => f.kind && f.id && f.text !== null && f.rel === recordPath(f.kind, f.id)) && rand() < 0.5 ? 'lead' : 'editor'
      log.push(`${step}: ${edit.what} (${through}, as of ${asOf})`)
      const where = `seed ${SEED}\n${log.join('\n')}`

      // A full validation (no cache) of the state the edit leads to, whichever way it is made.
      const full = async () => validateSite(readSite(root), {asOf, cache: false})
      let fresh: ValidationResult
      if (through === 'lead') {
        // The write path's decision against full validations of the state before and after.
        const before = last?.asOf === asOf ? last.result : await full()
        const bases = edit.files.map((f) => read(root, f.rel))
        apply(root, edit)
        const after = await full()
        fresh = after
        edit.files.forEach((f, i) => (bases[i] === null ? fs.rmSync(path.join(root, f.rel)) : fs.writeFileSync(path.join(root, f.rel), bases[i]!)))
        const expected = newErrors(before, after).map(errorKey).sort()
        if (rand() < 0.5) later(root)
        const changes = edit.files.map((f, i) => ({kind: f.kind!, id: f.id!, file: f.rel, text: f.text!, base: bases[i]!}))
        let got: string[] = []
        try {
          await writeRecords(readSite(root), changes, {message: `step ${step}`, commit: false, asOf})
          written++
        } catch (error) {
          if (!(error instanceof LeadError) || error.code !== 'INVALID_CHANGE') throw error
          got = (error.details as {diagnostics: Diagnostic[]}).diagnostics.map(errorKey).sort()
          refused++
          log[log.length - 1] += ' refused'
        }
        expect(got, where).toEqual(expected)
        // Refused: the file is as it was; the edit is made by hand instead, so the site keeps changing.
        for (const [i, f] of edit.files.entries()) expect(read(root, f.rel), where).toBe(got.length > 0 ? bases[i] : f.text)
        if (got.length > 0) apply(root, edit)
      } else {
        apply(root, edit)
        fresh = await full()
      }
      last = {asOf, result: fresh}

      if (rand() < 0.5) later(root)
      const cached = await validateSite(readSite(root), {asOf})
      expect(said(cached), where).toEqual(said(fresh))
      // A second cached run over the same state repeats the remembered findings.
      if (rand() < 0.3) expect(said(await validateSite(readSite(root), {asOf})), where).toEqual(said(fresh))
      // And the values read back from the cache are the records' values.
      if (rand() < 0.3) {
        later(root)
        const values = async (cache: boolean) => Object.fromEntries((await loadRecords(readSite(root), {cache})).records.map((r) => [r.file, JSON.stringify(r.data)]))
        expect(await values(true), where).toEqual(await values(false))
      }
    }
    // The sequence exercised what it claims to (a changed seed must not quietly test less).
    expect([...kinds].sort()).toEqual(['add', 'break', 'delete', 'lead.yaml', 'restore', 'set'])
    expect([...touched], `seed ${SEED}: the kinds edited`).toEqual(expect.arrayContaining([...FOCUS, 'lead.yaml']))
    expect(written).toBeGreaterThan(0)
    expect(refused).toBeGreaterThan(0)
    // Some writes judged their change from the basis's lines alone (only the changed records visited).
    expect(deltaRuns.carried - carriedBefore.carried).toBeGreaterThan(0)
  }, 120_000)

  it(`seed ${SEED}: referrals and consents alone, on one date, validated from the last validation`, async () => {
    // The everyday case validate/delta-basis.ts serves: the site context stays, participant records change.
    const rand = seededRandom(SEED + 1)
    const root = exampleSite(env)
    const log: string[] = []
    const history: Array<{rel: string; text: string | null}> = []
    const kinds = new Set<string>()
    const asOf = DATES[0]!
    await validateSite(readSite(root), {asOf})
    const before = deltaRuns.count
    for (let step = 0; step < STEPS; step++) {
      const edit = randomEdit(rand, root, step, history, ['referral', 'consent'])
      kinds.add(edit.what.split(' ')[0]!)
      for (const f of edit.files) history.push({rel: f.rel, text: read(root, f.rel)})
      apply(root, edit)
      log.push(`${step}: ${edit.what}`)
      if (rand() < 0.5) later(root)
      const cached = await validateSite(readSite(root), {asOf})
      expect(said(cached), `seed ${SEED + 1}\n${log.join('\n')}`).toEqual(said(await validateSite(readSite(root), {asOf, cache: false})))
    }
    expect([...kinds].sort()).toEqual(['add', 'break', 'delete', 'garble', 'restore', 'set', 'twin'])
    // Nearly every step started from the last one (a step that restores an earlier state may be remembered whole).
    expect(deltaRuns.count - before).toBeGreaterThan(STEPS / 2)
  }, 120_000)
})
