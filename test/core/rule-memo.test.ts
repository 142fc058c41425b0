/**
 * The per-record rule memo (src/core/validate/rule-memo.ts): a per-record part's findings about a
 * record follow from the record, the site context and what the part declares — nothing else — and
 * a validation after one edit works out again only the records whose inputs changed, with the
 * findings a full validation gives.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, afterEach, describe, expect, it, vi} from 'vitest'
import {parseDocument} from 'yaml'
import type {Diagnostic} from '../../src/core/errors.js'
import {loadRecords, SiteRecords, type SiteRecord} from '../../src/core/records/load.js'
import type {Kind} from '../../src/core/records/kinds.js'
import {readSite, type Site} from '../../src/core/site.js'
import {RuleContext, type Rule} from '../../src/core/validate/rule-context.js'
import {cacheFile, journalFileOf} from '../../src/core/records/parse-cache.js'
import {CONTEXT_KINDS, runRules, siteContext} from '../../src/core/validate/rule-memo.js'
import {ALL_RULES} from '../../src/core/validate/rules/index.js'
import {referralRule} from '../../src/core/validate/rules/referral.js'
import {referencesRule} from '../../src/core/validate/rules/references.js'
import {recordSchemaFindings} from '../../src/core/privacy/schema-findings.js'
import {validateSite, type ValidationResult} from '../../src/core/validate/site-validation.js'
import {basisFile} from '../../src/core/validate/delta-basis.js'
import {cleanupTemp, exampleSite, git, testEnv} from '../support/cli.js'

const env = testEnv()
Object.assign(process.env, {GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL})

const REFERRAL = 'referrals/2025/r-2025-06-03-cv4zgx.yaml' // enrolled; names consent c-2025-06-03-5el0oe
const CONSENT = 'consents/c-2025-06-03-5el0oe.yaml'
const PROTOCOL = 'protocols/2025-v1.yaml' // in force when the referral was received

function edit(root: string, rel: string, change: (doc: ReturnType<typeof parseDocument>) => void): void {
  const doc = parseDocument(fs.readFileSync(path.join(root, rel), 'utf8'))
  change(doc)
  fs.writeFileSync(path.join(root, rel), doc.toString())
}

function site(): string {
  const root = exampleSite(env)
  if (!fs.existsSync(path.join(root, '.git'))) git(root, ['init', '-q', '-b', 'main'], env)
  return root
}

/** The example site with findings that depend on other participant records: a re-referral of another participant, a consent of another. */
function entangledSite(): string {
  const root = site()
  const referrals = fs.readdirSync(path.join(root, 'referrals/2026')).sort()
  // A later referral names the first one as its previous, though it is of another participant.
  edit(root, `referrals/2026/${referrals.at(-1)}`, (doc) => doc.set('previous', 'r-2025-06-03-cv4zgx'))
  // Another names a consent signed by someone else.
  edit(root, `referrals/2026/${referrals.at(-2)}`, (doc) => doc.set('consent', 'c-2025-06-03-5el0oe'))
  return root
}

/** Every record that passed its schema. */
function validSet(records: SiteRecords): Set<SiteRecord> {
  return new Set(records.records.filter((r) => r.data && recordSchemaFindings(r, undefined).length === 0))
}

function partFindings(rule: Rule, ctx: RuleContext, record: SiteRecord): Diagnostic[] {
  const state = rule.perRecord!.prepare(ctx)
  const before = ctx.diagnostics.length
  rule.perRecord!.check(ctx, record, state)
  return ctx.diagnostics.splice(before)
}

/**
 * Each per-record part's findings about each record, worked out from the whole site and from only
 * what the part may read (the record, the context kinds, the records its `reads` names, and the
 * IDs of its `ids` kinds): where they differ, the part reads something it does not declare.
 */
function undeclaredReads(s: Site, records: SiteRecords, asOf: string, rules: readonly Rule[]): string[] {
  const valid = validSet(records)
  const whole = new RuleContext(s, records, valid, asOf)
  const problems: string[] = []
  for (const rule of rules) {
    const part = rule.perRecord
    if (!part) continue
    const state = part.prepare(whole)
    // The records runRules judges with the part: valid ones, or every readable one, or every one.
    const judged = (r: SiteRecord) => part.every || (part.readable ? r.data !== undefined : valid.has(r))
    for (const record of records.records.filter((r) => part.kinds.includes(r.kind) && judged(r))) {
      const keep = new Set([record, ...(part.reads?.(whole, record, state) ?? [])])
      const ids = new Set(part.ids ?? [])
      // A part that names the IDs it looks up sees only those, unless one is not there (then every one: a did-you-mean).
      const names = part.names?.(whole, record)
      const named = names && names.every(([kind, id]) => typeof id !== 'string' || records.has(kind, id)) ? new Set(names.map(([kind, id]) => `${kind}\0${String(id)}`)) : undefined
      const seen = (r: SiteRecord) => ids.has(r.kind) && (!named || named.has(`${r.kind}\0${r.id}`))
      // Records of an `ids` kind that may not be read stand in as unreadable files of the same ID
      // (a record read through the cache has its source behind a getter, which a spread leaves out).
      const narrowed = records.records.flatMap((r): SiteRecord[] => (CONTEXT_KINDS.has(r.kind) || keep.has(r) ? [r] : seen(r) ? [{...r, source: r.source, data: undefined, hash: undefined}] : []))
      const narrowValid = new Set(narrowed.filter((r) => valid.has(r)))
      const alone = new RuleContext(s, new SiteRecords(narrowed, []), narrowValid, asOf)
      const got = JSON.stringify(partFindings(rule, alone, record))
      const expected = JSON.stringify(partFindings(rule, new RuleContext(s, records, valid, asOf), record))
      if (got !== expected) problems.push(`${rule.name} ${record.file}: ${expected} from the whole site, ${got} from what it declares`)
    }
  }
  return problems
}

const said = (r: ValidationResult) => r.diagnostics.map((d) => JSON.stringify(Object.fromEntries(Object.entries(d).sort())))
const about = (r: ValidationResult, file: string) => said(r).filter((d) => JSON.parse(d).file === file)

describe('per-record rule parts read only what they declare', () => {
  afterAll(cleanupTemp)

  it('on the example site, with re-referrals and consents that tie participant records together', async () => {
    const root = entangledSite()
    const s = readSite(root)
    const records = await loadRecords(s, {cache: false})
    const parts = ALL_RULES.filter((r) => r.perRecord)
    expect(parts.map((r) => r.name)).toEqual(expect.arrayContaining(['referral', 'references', 'training']))
    for (const asOf of ['2026-11-27', '2027-07-01']) expect(undeclaredReads(s, records, asOf, ALL_RULES)).toEqual([])
  })

  it('catches a part that looks up an ID it does not name (the check can fail)', async () => {
    const root = entangledSite()
    const s = readSite(root)
    const records = await loadRecords(s, {cache: false})
    // The references part as if it forgot that a referral's consent is looked up.
    const part = referencesRule.perRecord!
    const forgetful: Rule = {...referencesRule, perRecord: {...part, names: (ctx, record) => part.names!(ctx, record).filter(([kind]) => kind !== 'consent')}}
    const problems = undeclaredReads(s, records, '2026-11-27', [forgetful])
    expect(problems.join('\n')).toContain('UNKNOWN_CONSENT')
  })

  it('catches a part that reads a record it does not declare (the check can fail)', async () => {
    const root = entangledSite()
    const s = readSite(root)
    const records = await loadRecords(s, {cache: false})
    // The referral rule as if it forgot that a re-referral reads its previous referral and its consent.
    const forgetful: Rule = {...referralRule, perRecord: {...referralRule.perRecord!, reads: () => []}}
    const problems = undeclaredReads(s, records, '2026-11-27', [forgetful])
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.join('\n')).toContain('PREVIOUS_OTHER_PARTICIPANT')
  })
})

describe('validation after an edit works out again only what the edit touches', () => {
  afterAll(cleanupTemp)
  afterEach(() => vi.restoreAllMocks())

  const asOf = '2026-11-27'
  const full = async (root: string) => validateSite(readSite(root), {asOf, cache: false})
  const cached = async (root: string) => validateSite(readSite(root), {asOf})

  it('a comment added to one referral: its per-record checks run for it (and the re-referral that reads it) alone, with the full run\'s findings', async () => {
    const root = site()
    await cached(root)
    const check = vi.spyOn(referralRule.perRecord!, 'check')
    fs.appendFileSync(path.join(root, REFERRAL), '# called back on Tuesday\n')
    const after = await cached(root)
    const rereferral = 'referrals/2025/r-2025-09-12-8d0q66.yaml'
    expect(fs.readFileSync(path.join(root, rereferral), 'utf8')).toContain('previous: r-2025-06-03-cv4zgx')
    expect(check.mock.calls.map(([, record]) => record.file).sort()).toEqual([REFERRAL, rereferral])
    expect(said(after)).toEqual(said(await full(root)))
    // Nothing changed since: the whole run is remembered.
    check.mockClear()
    expect(said(await cached(root))).toEqual(said(after))
    expect(check).not.toHaveBeenCalled()
  })

  /** A referral r-2026-11-03-zzzzzz of its own participant, at `file`, naming nothing. */
  const addReferral = (root: string, file: string) => {
    fs.copyFileSync(path.join(root, REFERRAL), path.join(root, file))
    edit(root, file, (doc) => {
      doc.set('id', 'r-2026-11-03-zzzzzz')
      doc.set('received', '2026-11-03T10:00:00-08:00')
      doc.delete('consent')
    })
  }

  it('a referral added, then removed: the IDs a record names are looked up again only for the records that name them, with the full run\'s findings', async () => {
    const root = site()
    const added = 'referrals/2026/r-2026-11-03-zzzzzz.yaml'
    // One referral names the new one before it exists: its finding (a did-you-mean over every ID) reads the whole list.
    const later = `referrals/2026/${fs.readdirSync(path.join(root, 'referrals/2026')).sort().at(-1)}`
    edit(root, later, (doc) => doc.set('previous', 'r-2026-11-03-zzzzzz'))
    const before = await cached(root)
    expect(about(before, later).join('\n')).toContain('UNKNOWN_REFERRAL')
    const check = vi.spyOn(referencesRule.perRecord!, 'check')
    addReferral(root, added)
    const after = await cached(root)
    // The new referral and the one naming it; not the other referrals and consents (every one, when IDs were read as a list).
    expect(check.mock.calls.map(([, record]) => record.file).sort()).toEqual([added, later].sort())
    expect(about(after, later).join('\n')).not.toContain('UNKNOWN_REFERRAL')
    expect(said(after)).toEqual(said(await full(root)))
    check.mockClear()
    fs.rmSync(path.join(root, added))
    const removed = await cached(root)
    // Only the one naming it is looked at again: its findings as they were before the add come from the memo (same content, same IDs).
    expect(check.mock.calls.map(([, record]) => record.file).filter((f) => f !== later)).toEqual([])
    expect(about(removed, later).join('\n')).toContain('UNKNOWN_REFERRAL')
    expect(said(removed)).toEqual(said(await full(root)))
  })

  it('a record naming an ID not there is judged again whenever a record is added (its did-you-mean lists them all)', async () => {
    const root = site()
    const later = `referrals/2026/${fs.readdirSync(path.join(root, 'referrals/2026')).sort().at(-1)}`
    // Close to an ID a referral added below will have: the suggestion appears with it.
    edit(root, later, (doc) => doc.set('previous', 'r-2026-11-03-zzzzzy'))
    const before = await cached(root)
    expect(about(before, later).join('\n')).not.toContain('r-2026-11-03-zzzzzz')
    const check = vi.spyOn(referencesRule.perRecord!, 'check')
    const added = 'referrals/2026/r-2026-11-03-zzzzzz.yaml'
    addReferral(root, added)
    const after = await cached(root)
    expect(check.mock.calls.map(([, record]) => record.file).sort()).toEqual([added, later].sort())
    expect(said(after)).toEqual(said(await full(root)))
    // The same from the memo alone (no basis to start from).
    fs.rmSync(basisFile(root)!)
    fs.appendFileSync(path.join(root, added), '# checked\n')
    expect(said(await cached(root))).toEqual(said(await full(root)))
  })

  it('a protocol the referral is judged under: its eligibility finding follows the protocol', async () => {
    const root = site()
    const before = await cached(root)
    // The referral's 0.8 g is over the new limit.
    edit(root, PROTOCOL, (doc) => doc.setIn(['divertible_charges', 0, 'max_quantity'], 0.5))
    const after = await cached(root)
    expect(about(after, REFERRAL)).not.toEqual(about(before, REFERRAL))
    expect(about(after, REFERRAL).join('\n')).toContain('"severity":"error"')
    expect(said(after)).toEqual(said(await full(root)))
  })

  it('the consent a referral names: its consent finding follows the consent', async () => {
    const root = site()
    const before = await cached(root)
    edit(root, CONSENT, (doc) => doc.set('participant', 'P-XXXXX9'))
    const after = await cached(root)
    expect(about(after, REFERRAL)).not.toEqual(about(before, REFERRAL))
    expect(said(after)).toEqual(said(await full(root)))
  })

  it('the previous referral a re-referral names: its finding follows the earlier referral', async () => {
    const root = site()
    const referrals = fs.readdirSync(path.join(root, 'referrals/2026')).sort()
    const later = `referrals/2026/${referrals.at(-1)}`
    const earlier = fs.readFileSync(path.join(root, REFERRAL), 'utf8')
    const participant = /participant: (\S+)/.exec(fs.readFileSync(path.join(root, later), 'utf8'))![1]!
    edit(root, later, (doc) => doc.set('previous', 'r-2025-06-03-cv4zgx'))
    edit(root, REFERRAL, (doc) => doc.set('participant', participant))
    const before = await cached(root)
    expect(about(before, later).join('\n')).not.toContain('PREVIOUS_OTHER_PARTICIPANT')
    fs.writeFileSync(path.join(root, REFERRAL), earlier) // back to its own participant
    const after = await cached(root)
    expect(about(after, later).join('\n')).toContain('PREVIOUS_OTHER_PARTICIPANT')
    expect(said(after)).toEqual(said(await full(root)))
  })

  it('lead.yaml, a roster and a training: the referrals are judged again, as a full run judges them', async () => {
    const root = site()
    const first = await cached(root)
    const check = vi.spyOn(referralRule.perRecord!, 'check')
    // A comment changes no setting: nothing is worked out again.
    fs.appendFileSync(path.join(root, 'lead.yaml'), '# reviewed by the PCG\n')
    expect(said(await cached(root))).toEqual(said(first))
    expect(check).not.toHaveBeenCalled()
    // Trainings now last a month: referring officers' trainings have lapsed (lead.yaml is context).
    edit(root, 'lead.yaml', (doc) => {
      doc.setIn(['courses', 0, 'valid_months'], 1)
      doc.setIn(['courses', 1, 'valid_months'], 1)
    })
    const lapsed = await cached(root)
    expect(check.mock.calls.length).toBeGreaterThan(10)
    expect(said(lapsed).join('\n')).toContain('REFERRER_UNTRAINED')
    expect(said(lapsed)).toEqual(said(await full(root)))
    // The roster loses its officers' badges, then a training its attendees.
    edit(root, 'rosters/harbor-pd.yaml', (doc) => doc.setIn(['officers', 0, 'badge'], '99999'))
    expect(said(await cached(root))).toEqual(said(await full(root)))
    const training = fs.readdirSync(path.join(root, 'trainings')).sort()[0]!
    edit(root, `trainings/${training}`, (doc) => doc.set('date', '2024-01-02'))
    expect(said(await cached(root))).toEqual(said(await full(root)))
  })
})

describe('parts judged in one pass, remembered together', () => {
  afterAll(cleanupTemp)

  it('a run from the memo lists every part\'s findings under its rule, in the order a rule-by-rule run gives', async () => {
    const root = site()
    // One referral fails its schema: parts that judge valid records skip it, a `readable` one does not.
    edit(root, REFERRAL, (doc) => doc.set('status', 'misfiled'))
    const code = (name: string, record: SiteRecord) => `${name.toUpperCase()}_${record.kind.toUpperCase()}`
    const part = (name: string, kinds: Kind[], options: Partial<Rule['perRecord']> = {}) => ({
      kinds,
      prepare: () => undefined,
      check: vi.fn((ctx: RuleContext, record: SiteRecord) => {
        // Some records only, at two places, so that order within a record and across records shows.
        if (record.id.charCodeAt(record.id.length - 1) % 3 === 1) return
        ctx.report(record, ['id'], code(name, record), `${name} judged ${record.id}`, undefined, {severity: 'warning'})
        ctx.report(record, [], `${code(name, record)}_2`, `${name} again`, undefined, {severity: 'warning'})
      }),
      ...options,
    })
    const rules: Rule[] = [
      {name: 'alpha', perRecord: part('alpha', ['referral']), run: (ctx) => ctx.report(ctx.records.ofKind('partner')[0]!, [], 'ALPHA_RUN', 'whole site')},
      {name: 'beta', run: (ctx) => ctx.report(ctx.records.ofKind('protocol')[0]!, [], 'BETA_RUN', 'whole site')},
      {name: 'gamma', perRecord: part('gamma', ['consent', 'referral'], {ids: ['referral']})},
      {name: 'delta', perRecord: part('delta', ['referral', 'consent'], {readable: true}), run: (ctx) => ctx.report(ctx.records.ofKind('partner')[0]!, [], 'DELTA_RUN', 'whole site')},
      {name: 'epsilon', perRecord: part('epsilon', ['partner', 'referral'], {every: true})},
    ]
    const run = async (cache: boolean) => {
      const records = await loadRecords(readSite(root), {cache})
      const ctx = new RuleContext(readSite(root), records, validSet(records), '2026-11-27')
      runRules(ctx, rules, cache ? records.cache : undefined, cache ? siteContext(ctx.site, records) : undefined, new WeakSet())
      records.cache?.save()
      return ctx.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`)
    }
    // What running each rule in turn gives: its part over its kinds in order, records in site order, then its whole-site part.
    const records = await loadRecords(readSite(root), {cache: false})
    const valid = validSet(records)
    const ctx = new RuleContext(readSite(root), records, valid, '2026-11-27')
    for (const rule of rules) {
      const p = rule.perRecord
      for (const kind of p?.kinds ?? []) {
        for (const record of records.ofKind(kind)) if (p!.every || (p!.readable ? record.data !== undefined : valid.has(record))) p!.check(ctx, record, undefined)
      }
      rule.run?.(ctx)
    }
    const byRule = ctx.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`)
    const fresh = await run(false)
    expect(fresh).toEqual(byRule)
    // The misfiled referral: judged by the parts that take any readable record or every record, not by the others.
    expect(fresh.filter((d) => d.includes(` ${REFERRAL}:`)).map((d) => d.split(' ')[0]).sort()).toEqual(['DELTA_REFERRAL', 'DELTA_REFERRAL_2', 'EPSILON_REFERRAL', 'EPSILON_REFERRAL_2'])
    expect(new Set(fresh.map((d) => d.split(' ')[0]))).toEqual(new Set(['ALPHA_REFERRAL', 'ALPHA_REFERRAL_2', 'ALPHA_RUN', 'BETA_RUN', 'GAMMA_CONSENT', 'GAMMA_CONSENT_2', 'GAMMA_REFERRAL', 'GAMMA_REFERRAL_2', 'DELTA_REFERRAL', 'DELTA_REFERRAL_2', 'DELTA_CONSENT', 'DELTA_CONSENT_2', 'DELTA_RUN', 'EPSILON_PARTNER', 'EPSILON_PARTNER_2', 'EPSILON_REFERRAL', 'EPSILON_REFERRAL_2']))
    expect(await run(true)).toEqual(fresh) // worked out, and remembered
    const checks = rules.flatMap((r) => (r.perRecord ? [r.perRecord.check as ReturnType<typeof vi.fn>] : []))
    for (const c of checks) c.mockClear()
    expect(await run(true)).toEqual(fresh) // every record's findings from the memo
    for (const c of checks) expect(c).not.toHaveBeenCalled()
  })
})

describe('a site full of findings', () => {
  afterAll(cleanupTemp)

  it('lists 250,000 findings of one part without overflowing the stack', async () => {
    const root = site()
    const records = await loadRecords(readSite(root), {cache: false})
    const referrals = records.ofKind('referral').length
    const each = Math.ceil(250_000 / referrals)
    const noisy: Rule = {
      name: 'noisy',
      perRecord: {
        kinds: ['referral'],
        every: true,
        prepare: () => undefined,
        check(ctx: RuleContext, record: SiteRecord) {
          for (let i = 0; i < each; i++) ctx.diagnostics.push({code: 'NOISY', severity: 'warning', message: 'noise', file: record.file, line: 1, column: 1})
        },
      },
    }
    const result = await validateSite(readSite(root), {asOf: '2026-11-27', rules: [noisy]})
    expect(result.diagnostics.filter((d) => d.code === 'NOISY')).toHaveLength(each * referrals)
  })
})

describe('remembered findings hold nothing a person typed', () => {
  afterAll(cleanupTemp)

  it('a per-record finding about another record is guarded against that record', async () => {
    const root = site()
    const typed = 'Declined at the scene; open to a later contact.'
    const other = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
    edit(root, other, (doc) => doc.set('notes', typed))
    // A careless rule that, judging one referral, quotes another's notes.
    const crossing: Rule = {
      name: 'crossing',
      perRecord: {
        kinds: ['referral'],
        prepare: () => undefined,
        check(ctx: RuleContext, record: SiteRecord) {
          if (record.file !== REFERRAL) return
          const target = ctx.records.records.find((r) => r.file === other)!
          ctx.report(target, ['notes'], 'CROSSING', `the other's notes: ${(target.data as {notes: string}).notes}`)
        },
      },
    }
    const result = await validateSite(readSite(root), {asOf: '2026-11-27', rules: [crossing]})
    const found = result.diagnostics.filter((d) => d.code === 'CROSSING')
    expect(found).toHaveLength(1)
    expect(found[0]!.message).not.toContain('Declined')
  })

  it('a finding that repeats a referral\'s free text is guarded before it is remembered, and reused guarded', async () => {
    const root = site()
    const typed = 'Met John Appleseed at 12 Harbor Street'
    edit(root, REFERRAL, (doc) => doc.set('notes', typed))
    // A careless rule of tomorrow that puts a value straight into its message.
    const check = vi.fn((ctx: RuleContext, record: SiteRecord) => {
      const notes = (record.data as {notes?: string}).notes
      if (notes) ctx.report(record, ['notes'], 'LEAKY', `the notes say ${notes}`)
    })
    const leaky: Rule = {name: 'leaky', perRecord: {kinds: ['referral'], prepare: () => undefined, check}}
    const run = async () => {
      const records = await loadRecords(readSite(root))
      const ctx = new RuleContext(readSite(root), records, validSet(records), '2026-11-27')
      runRules(ctx, [leaky], records.cache, siteContext(ctx.site, records), new WeakSet())
      records.cache!.save()
      return ctx.diagnostics.filter((d) => d.code === 'LEAKY' && d.file === REFERRAL)
    }
    const first = await run()
    expect(first).toHaveLength(1)
    expect(first[0]!.message).not.toContain('Appleseed')
    // The index and its journal (whichever the save wrote to) hold the finding, never the name.
    const saved = [cacheFile(root)!, journalFileOf(root)!].map((f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '')).join('\n')
    expect(saved).not.toContain('Appleseed')
    expect(saved).toContain('LEAKY')
    check.mockClear()
    const again = await run()
    expect(check).not.toHaveBeenCalled() // nothing changed: every referral's finding is reused
    expect(again).toEqual(first)
  })
})
