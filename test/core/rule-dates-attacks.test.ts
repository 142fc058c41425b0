/**
 * Attacks on findings remembered for every date (validate/rule-memo.ts, delta-basis.ts): after the
 * date moves (forward, back, far off, to before a record was received), with edits on the same day
 * as the move, without the basis (the rule memo alone), through the index journal, through the
 * write path and the commands, what is served from the memo and the basis must be what a fresh
 * full validation finds on that date.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {addDays, type IsoDate} from '../../src/core/clock/dates.js'
import {basisFile, deltaRuns} from '../../src/core/validate/delta-basis.js'
import {readSite} from '../../src/core/site.js'
import {validateRecords, validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {ALL_RULES} from '../../src/core/validate/rules/index.js'
import {RuleContext} from '../../src/core/validate/rule-context.js'
import {loadRecords} from '../../src/core/records/load.js'
import {recordSchemaFindings} from '../../src/core/privacy/schema-findings.js'
import {introducedErrors} from '../../src/core/write/record-writer.js'
import {journalFileOf} from '../../src/core/records/cache-files.js'
import type {Diagnostic} from '../../src/core/errors.js'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'
import {seededRandom} from '../support/seeded-random.js'

const env = testEnv()
const AS_OF: IsoDate = '2026-11-27'
const TEMPLATE = 'referrals/2026/r-2026-11-25-v3l3ie.yaml'
// A referral naming a consent, and the re-referral of the same participant (delta-basis.test.ts).
const CONSENT = 'consents/c-2025-06-03-5el0oe.yaml'
const READER = 'referrals/2025/r-2025-06-03-cv4zgx.yaml'
const REREFERRAL = 'referrals/2025/r-2025-09-12-8d0q66.yaml'

const said = (r: ValidationResult | {diagnostics: Diagnostic[]}) => r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.column} ${d.message} ${JSON.stringify(d.related ?? [])}`)
const edit = (root: string, rel: string, change: (text: string) => string) => {
  const before = fs.readFileSync(path.join(root, rel), 'utf8')
  const after = change(before)
  if (after === before) throw new Error(`edit of ${rel} changed nothing`)
  fs.writeFileSync(path.join(root, rel), after)
}

/** Referrals still awaiting intake, received `days` before AS_OF, under protocol v2 (30 days) or v1 (14). */
function addPending(root: string, days: readonly number[], tag = 'pend'): string[] {
  const source = fs.readFileSync(path.join(root, TEMPLATE), 'utf8')
  return days.map((d, i) => {
    const received = addDays(AS_OF, -d)
    const id = `r-${received}-${tag}${String(i).padStart(2, '0')}`
    const file = `referrals/${received.slice(0, 4)}/${id}.yaml`
    const text = source.replace(/^id: .*$/m, `id: ${id}`).replace(/^received: .*$/m, `received: "${received}T23:30:00-08:00"`).replace(/arrived: "[^"]*"/, `arrived: "${received}T23:50:00-08:00"`).replace(/^status: .*$/m, i % 2 === 0 ? 'status: received' : 'status: eligible')
    fs.mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
    fs.writeFileSync(path.join(root, file), text)
    return file
  })
}

/** Validate through the cache on `asOf` and fresh, and hold them equal. */
async function same(root: string, asOf: IsoDate, what: string): Promise<ValidationResult> {
  const cached = await validateSite(readSite(root), {asOf})
  const fresh = await validateSite(readSite(root), {asOf, cache: false})
  expect(said(cached), `${what}: as of ${asOf}`).toEqual(said(fresh))
  return cached
}

// Around the dues of the pending referrals (2026-11-27 - d + 30 or + 14), back before they were
// received, far off, and back again.
const WALK: IsoDate[] = ['2026-11-27', '2026-12-10', '2026-12-11', '2026-12-12', '2026-11-28', '2027-02-01', '2026-01-01', '2026-12-11', '2026-12-26', '2026-12-27', '2026-11-27', '2030-01-01', '2026-12-12']

describe('findings remembered across dates, attacked', () => {
  afterAll(cleanupTemp)

  it('a walk over dates forward, back, before receipt and far off finds what a fresh validation finds', async () => {
    const root = exampleSite(env)
    addPending(root, [0, 1, 15, 16, 17, 29, 30, 31, 45, 400])
    const runs = deltaRuns.count
    for (const asOf of WALK) await same(root, asOf, 'walk')
    // Served from the basis (not a full validation every time), else the walk tests nothing.
    expect(deltaRuns.count - runs).toBeGreaterThanOrEqual(WALK.length - 1)
  })

  it('an edit on the day the date moves: a pending referral completed, reopened, its consent and re-referral changed', async () => {
    const root = exampleSite(env)
    const pending = addPending(root, [2, 20, 35])
    await same(root, AS_OF, 'start')
    // Completed on a new day: no longer reads the date.
    edit(root, pending[1]!, (t) => t.replace(/^status: .*$/m, 'status: enrolled\nintake:\n  completed: "2026-11-20"'))
    await same(root, '2026-12-20', 'completed')
    // Back to pending (its old content: the memo's entry for it was overwritten) on another day.
    edit(root, pending[1]!, (t) => t.replace(/^status: enrolled\nintake:\n {2}completed: "2026-11-20"$/m, 'status: eligible'))
    await same(root, '2026-12-30', 'reopened')
    await same(root, '2026-12-01', 'reopened, back')
    // A consent edit with the date moved: its readers are judged again, on the new date.
    edit(root, CONSENT, (t) => `${t}# reviewed\n`)
    edit(root, READER, (t) => t.replace(/^status: .*$/m, 'status: received').replace(/^intake: .*\n/m, ''))
    await same(root, '2025-06-10', 'consent and reader')
    await same(root, '2025-07-10', 'reader overdue')
    edit(root, REREFERRAL, (t) => `${t}# seen\n`)
    await same(root, '2026-12-31', 're-referral')
    // The protocol's deadline changes (site context): every due date moves.
    edit(root, 'protocols/2026-v2.yaml', (t) => t.replace(/^intake_deadline_days: 30$/m, 'intake_deadline_days: 10'))
    await same(root, '2026-12-05', 'deadline 10 days')
    edit(root, 'protocols/2026-v2.yaml', (t) => t.replace(/^intake_deadline_days: 10$/m, 'intake_deadline_days: 30'))
    await same(root, '2026-12-05', 'deadline back to 30 days')
    await same(root, '2027-01-05', 'deadline back to 30 days, later')
  })

  it('without the basis (the rule memo alone), and with the journal, on every date', async () => {
    const root = exampleSite(env)
    const pending = addPending(root, [3, 25, 40])
    await validateSite(readSite(root), {asOf: AS_OF}) // cold: the index written whole
    edit(root, pending[0]!, (t) => `${t}# journaled\n`)
    await same(root, '2026-12-28', 'journal')
    expect(fs.existsSync(journalFileOf(root)!), 'the edit went to the journal').toBe(true)
    for (const asOf of ['2026-12-24', '2026-12-25', '2026-12-26', '2026-11-27', '2027-05-01']) {
      fs.rmSync(basisFile(root)!, {force: true})
      await same(root, asOf, 'memo only')
    }
    // A subset of lead's own rules (export's privacy scan) keeps no basis and still takes the memo.
    for (const asOf of ['2026-12-24', '2026-12-26']) {
      const rules = ALL_RULES.filter((r) => r.name === 'referral' || r.name === 'privacy')
      const cached = await validateSite(readSite(root), {asOf, rules})
      expect(said(cached), `subset as of ${asOf}`).toEqual(said(await validateSite(readSite(root), {asOf, rules, cache: false})))
    }
  })

  it('the write path on a new day tells the errors a change brings as a site with no cache does', async () => {
    const warm = exampleSite(env)
    const cold = exampleSite(env)
    for (const root of [warm, cold]) addPending(root, [5, 28])
    await validateSite(readSite(warm), {asOf: AS_OF})
    await validateSite(readSite(warm), {asOf: '2026-12-20'})
    const file = `referrals/2026/r-${addDays(AS_OF, -28)}-pend01.yaml`
    const text = fs.readFileSync(path.join(warm, file), 'utf8')
    // An intake completed before the referral was received: an error the change brings.
    const change = {kind: 'referral' as const, id: path.basename(file, '.yaml'), file, text: text.replace(/^status: .*$/m, 'status: enrolled\nintake:\n  completed: "2026-10-01"'), base: text}
    for (const asOf of ['2026-12-30', '2026-11-28']) {
      const a = await introducedErrors(readSite(warm), [change], {asOf})
      const b = await introducedErrors(readSite(cold), [change], {asOf})
      expect(said({diagnostics: a}), `as of ${asOf}`).toEqual(said({diagnostics: b}))
      expect(a.map((d) => d.code)).toContain('INTAKE_BEFORE_RECEIVED')
    }
  })

  it('lead validate and lead status --as-of on new dates print what they print with no cache', () => {
    const root = exampleSite(env)
    addPending(root, [1, 29, 31])
    const run = (args: string[]) => runLead([...args, '-C', root, '--json'], {env})
    for (const asOf of ['2026-11-27', '2026-12-27', '2026-12-28', '2026-12-26', '2027-01-30']) {
      const warm = run(['validate', '--as-of', asOf])
      const cold = run(['validate', '--as-of', asOf, '--no-cache'])
      expect(warm.code, warm.stderr).toBe(cold.code)
      expect(warm.json(), `validate as of ${asOf}`).toEqual(cold.json())
      const status = run(['status', '--as-of', asOf])
      expect(status.code, status.stderr).toBe(0)
      const copy = path.join(path.dirname(root), `copy-${asOf}`)
      fs.cpSync(root, copy, {recursive: true})
      fs.rmSync(path.join(copy, '.git', 'lead'), {recursive: true, force: true})
      expect(status.json(), `status as of ${asOf}`).toEqual(runLead(['status', '--as-of', asOf, '-C', copy, '--json'], {env}).json())
    }
  })
  it('lead.yaml grading the overdue intake an error, files added, removed and renamed on a new day', async () => {
    const root = exampleSite(env)
    const pending = addPending(root, [4, 26, 33])
    fs.appendFileSync(path.join(root, 'lead.yaml'), 'rules:\n  INTAKE_OVERDUE: error\n')
    await same(root, AS_OF, 'graded')
    const errors = (await same(root, '2026-12-23', 'graded, new day')).errors
    expect(errors, 'an overdue intake counts as an error').toBeGreaterThan((await same(root, AS_OF, 'graded, back')).errors)
    // Added on a new day: its own span; the others kept with theirs.
    addPending(root, [10], 'late')
    await same(root, '2026-12-08', 'added')
    fs.rmSync(path.join(root, pending[2]!))
    await same(root, '2026-12-31', 'removed')
    // Renamed (the id with it): the basis knows its span under the old file only.
    const moved = pending[0]!.replace('pend00', 'mvd000')
    fs.writeFileSync(path.join(root, moved), fs.readFileSync(path.join(root, pending[0]!), 'utf8').replace(/pend00/g, 'mvd000'))
    fs.rmSync(path.join(root, pending[0]!))
    await same(root, '2026-12-22', 'renamed')
    await same(root, '2026-12-24', 'renamed, past due')
  })

  it('a basis that does not hold its date or spans as this build writes them costs a full validation, not a wrong one', async () => {
    const root = exampleSite(env)
    addPending(root, [6, 27])
    for (const [from, to] of [[/"asOf":"[^"]*"/, '"asOf":7'], [/"spans":\{/, '"spans":{"x":{"y":3},'], [/,"asOf":"[^"]*"/, '']] as const) {
      await validateSite(readSite(root), {asOf: AS_OF})
      const file = basisFile(root)!
      const bytes = fs.readFileSync(file, 'latin1')
      expect(from.test(bytes), String(from)).toBe(true)
      fs.writeFileSync(file, bytes.replace(from, to), 'latin1')
      const runs = deltaRuns.count
      await same(root, '2026-12-25', `basis with ${to}`)
      expect(deltaRuns.count, 'a full validation').toBe(runs)
    }
  })

  it('lead set on the real today after validations on other dates, then validate and validate --since on several dates', () => {
    const root = exampleSite(env)
    // Pending intakes falling due around the real today (the write path judges on it).
    const now = new Date().toISOString().slice(0, 10) as IsoDate
    const source = fs.readFileSync(path.join(root, TEMPLATE), 'utf8')
    const files = [-40, -31, -30, -29, -3].map((d, i) => {
      const received = addDays(now, d)
      const id = `r-${received}-today${i}`
      const file = `referrals/${received.slice(0, 4)}/${id}.yaml`
      fs.mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
      fs.writeFileSync(path.join(root, file), source.replace(/^id: .*$/m, `id: ${id}`).replace(/^received: .*$/m, `received: "${received}T12:00:00-08:00"`).replace(/arrived: "[^"]*"/, `arrived: "${received}T12:20:00-08:00"`))
      return {file, id}
    })
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-qm', 'pending'], env)
    const run = (args: string[]) => runLead([...args, '-C', root, '--json'], {env})
    const cold = (args: string[]) => runLead([...args, '-C', root, '--json', '--no-cache'], {env})
    expect(run(['validate', '--as-of', addDays(now, -20)]).code).not.toBe(-1)
    expect(run(['validate', '--as-of', addDays(now, 20)]).code).not.toBe(-1)
    const set = run(['set', 'referral', files[4]!.id, 'district=D2'])
    expect(set.code, set.stderr).toBe(0)
    for (const args of [['validate'], ['validate', '--as-of', addDays(now, -1)], ['validate', '--as-of', addDays(now, 1)], ['validate', '--since', 'HEAD~2', '--as-of', addDays(now, 2)], ['validate', '--since', 'HEAD~2']]) {
      const warm = run(args)
      const fresh = cold(args)
      expect(warm.code, `${args.join(' ')}: ${warm.stderr}`).toBe(fresh.code)
      expect(warm.json(), args.join(' ')).toEqual(fresh.json())
    }
  })
  it('no part reads the date but those that say so: whole-site parts kept across dates and per-record parts other than the referral rule never touch asOf', async () => {
    const root = exampleSite(env)
    addPending(root, [2, 31])
    const site = readSite(root)
    const records = await loadRecords(site, {cache: false})
    const valid = new Set(records.records.filter((r) => r.data && recordSchemaFindings(r, undefined).length === 0))
    /** A context whose date counts its readers. */
    const watched = () => {
      const ctx = new RuleContext(site, records, valid, AS_OF)
      const seen = {reads: 0}
      Object.defineProperty(ctx, 'asOf', {get: () => (seen.reads++, AS_OF)})
      return {ctx, seen}
    }
    const readers: string[] = []
    for (const rule of ALL_RULES) {
      if (rule.run && rule.runReads && !rule.runReadsDate) {
        const {ctx, seen} = watched()
        rule.run(ctx)
        if (seen.reads > 0) readers.push(`${rule.name} (run)`)
      }
      const part = rule.perRecord
      if (!part || rule.name === 'referral') continue
      const {ctx, seen} = watched()
      const state = part.prepare(ctx)
      for (const kind of part.kinds) {
        for (const record of records.ofKind(kind)) {
          if (!(part.every || (part.readable ? records.readable(record) : valid.has(record)))) continue
          part.reads?.(ctx, record, state)
          part.check(ctx, record, state)
        }
      }
      if (seen.reads > 0) readers.push(`${rule.name} (per record)`)
    }
    expect(readers).toEqual([])
  })
  it('one load validated on several dates in turn (the memo added in memory, the basis just written)', async () => {
    const root = exampleSite(env)
    addPending(root, [1, 14, 29, 31])
    const site = readSite(root)
    const records = await loadRecords(site)
    for (const asOf of ['2026-11-27', '2026-12-27', '2026-12-26', '2026-12-11', '2026-12-12', '2026-11-27']) {
      const fresh = await validateSite(readSite(root), {asOf, cache: false})
      expect(said(validateRecords(site, records, {asOf})), `as of ${asOf}`).toEqual(said(fresh))
    }
  })
  it('random edits of referrals and consents, each validated on a random date near their dues', async () => {
    const seed = Number(process.env.LEAD_DATES_SEED ?? 20261202)
    const rand = seededRandom(seed)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
    const root = exampleSite(env)
    const files = addPending(root, [0, 2, 13, 14, 15, 28, 30, 32, 60])
    const consents = fs.readdirSync(path.join(root, 'consents')).map((f) => `consents/${f}`)
    const dates = [...new Set(files.flatMap((f) => {
      const received = /r-(\d{4}-\d{2}-\d{2})-/.exec(f)![1] as IsoDate
      return [13, 14, 15, 29, 30, 31].map((d) => addDays(received, d))
    }))]
    let added = 0
    for (let step = 0; step < 24; step++) {
      const file = pick(files)
      const at = path.join(root, file)
      const move = rand()
      if (!fs.existsSync(at)) {
        // Removed earlier: a new pending referral instead.
        addPending(root, [Math.floor(rand() * 40)], `bk${String(added++).padStart(2, '0')}`).forEach((f) => files.push(f))
      } else if (move < 0.3) {
        edit(root, file, (t) => t.replace(/^status: .*$/m, `${pick(['status: received', 'status: eligible', 'status: intake_missed'])}\n# step ${step}`))
      } else if (move < 0.5) {
        edit(root, file, (t) => (/^intake:/m.test(t) ? t.replace(/^intake:.*\n(?: {2}.*\n)*/m, '') : t.replace(/^status: .*$/m, (m) => `${m}\nintake: {completed: "${pick(dates)}"}`)))
      } else if (move < 0.65) {
        edit(root, file, (t) => t.replace(/^received: "(\d{4}-\d{2}-\d{2})/m, (_m, d: string) => `received: "${addDays(d as IsoDate, pick([-3, -1, 1, 3]))}`))
      } else if (move < 0.8) {
        edit(root, pick(consents), (t) => `${t}# step ${step}\n`)
      } else {
        fs.rmSync(at)
      }
      await same(root, pick(dates), `seed ${seed} step ${step}`)
    }
  })
  it('a basis made from remembered findings (lead.yaml changed and changed back) keeps their dates for the next day', async () => {
    const root = exampleSite(env)
    addPending(root, [5, 20])
    const config = fs.readFileSync(path.join(root, 'lead.yaml'), 'utf8')
    await same(root, AS_OF, 'first') // every pending referral remembered until its due day
    fs.writeFileSync(path.join(root, 'lead.yaml'), config.replace('allow_terms: []', 'allow_terms: [Logan Square]'))
    await same(root, AS_OF, 'another lead.yaml') // its basis replaces the first one's
    fs.writeFileSync(path.join(root, 'lead.yaml'), config)
    // No basis under this context: every record from the memo, and the basis written from them.
    const runs = deltaRuns.count
    await same(root, '2026-12-01', 'back, from the memo')
    expect(deltaRuns.count, 'a validation without a basis').toBe(runs)
    // From that basis, past the due day of the referral received 2026-11-07 (2026-12-07).
    for (const asOf of ['2026-12-08', '2026-12-27']) await same(root, asOf, 'from the basis made from the memo')
    expect(deltaRuns.count).toBe(runs + 2)
  })
})
