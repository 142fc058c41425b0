/**
 * Rules keep their word (validate/rule-context.ts, Rule.runReads): a validation from the last one
 * (validate/delta-basis.ts) keeps a whole-site part's findings when what it declares it reads did
 * not change. A part declaring `context` must never touch a referral or consent; one declaring
 * `files` may read of them their file, kind, ID and readability, nothing else. Each is run on the
 * example site through records that throw on anything more, and must find what it finds unguarded.
 * The guard bites: the parts that declare nothing read more (the check can fail).
 */
import {afterAll, describe, expect, it} from 'vitest'
import {loadRecords, SiteRecords, type SiteRecord} from '../../src/core/records/load.js'
import {readSite, type Site} from '../../src/core/site.js'
import {RuleContext, type Rule} from '../../src/core/validate/rule-context.js'
import {CONTEXT_KINDS} from '../../src/core/validate/rule-memo.js'
import {ALL_RULES} from '../../src/core/validate/rules/index.js'
import {caseConferenceRule} from '../../src/core/validate/rules/case-conference.js'
import {structureRule} from '../../src/core/validate/rules/structure.js'
import {recordSchemaFindings} from '../../src/core/privacy/schema-findings.js'
import type {Kind} from '../../src/core/records/kinds.js'
import {cleanupTemp, exampleSite, testEnv} from '../support/cli.js'

const env = testEnv()
const AS_OF = '2026-11-27'
const participant = (kind: Kind) => !CONTEXT_KINDS.has(kind)

class Overreach extends Error {}
const refuse = (what: string): never => {
  throw new Overreach(what)
}

/** Records as a part declaring `reads` may see them: anything more throws Overreach. */
function guarded(records: SiteRecords, reads: 'context' | 'files'): {records: SiteRecords; valid: Set<SiteRecord>; plain: Set<SiteRecord>} {
  // A referral or consent as `files` lets it be seen: its file, kind and ID.
  const shown = new Map<SiteRecord, SiteRecord>()
  const seen = (r: SiteRecord): SiteRecord => {
    if (!participant(r.kind)) return r
    if (reads === 'context') return refuse(`${r.file}`)
    let s = shown.get(r)
    if (!s) {
      s = new Proxy(r, {get: (t, p) => (p === 'file' || p === 'kind' || p === 'id' ? t[p] : p === 'then' ? undefined : refuse(`${t.file}: ${String(p)}`))})
      shown.set(r, s)
    }
    return s
  }
  const original = (r: SiteRecord): SiteRecord => [...shown].find(([, s]) => s === r)?.[0] ?? r
  const ofKind = (kind: Kind) => records.ofKind(kind).map(seen)
  const view = new Proxy(records, {
    get(target, p) {
      switch (p) {
        case 'records':
          return reads === 'context' ? refuse('every record') : target.records.map(seen)
        case 'ofKind':
          return (kind: Kind) => (participant(kind) && reads === 'context' ? refuse(`the ${kind}s`) : ofKind(kind))
        case 'get':
          return (kind: Kind, id: string) => {
            if (participant(kind) && reads === 'context') refuse(`${kind} ${id}`)
            const r = target.get(kind, id)
            return r && seen(r)
          }
        case 'has':
          return (kind: Kind, id: string) => (participant(kind) && reads === 'context' ? refuse(`${kind} ${id}`) : target.has(kind, id))
        case 'readable':
          return (r: SiteRecord) => target.readable(original(r))
        case 'field':
        case 'factsOf':
        case 'dataOf':
          return (r: SiteRecord | Kind, ...rest: unknown[]) => {
            const kind = typeof r === 'string' ? r : r.kind
            if (participant(kind)) refuse(`${String(p)} of a ${kind}`)
            return (target[p] as (...a: unknown[]) => unknown).call(target, r, ...rest)
          }
        default: {
          const v = Reflect.get(target, p, target) as unknown
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
        }
      }
    },
  })
  const plain = new Set(records.records.filter((r) => r.data && recordSchemaFindings(r, undefined).length === 0))
  // Validity of a referral or consent is never theirs to read.
  const valid = {has: (r: SiteRecord) => (participant(r.kind) ? refuse(`whether ${r.file} is valid`) : plain.has(r))} as unknown as Set<SiteRecord>
  return {records: view, valid, plain}
}

function findings(site: Site, records: SiteRecords, valid: Set<SiteRecord>, rule: Rule, asOf = AS_OF): string[] {
  const ctx = new RuleContext(site, records, valid, asOf)
  rule.run!(ctx)
  return ctx.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column} ${d.message}`)
}

describe('whole-site parts read what they declare', () => {
  afterAll(cleanupTemp)
  const load = async () => {
    const site = readSite(exampleSite(env))
    return {site, records: await loadRecords(site, {cache: false})}
  }

  const declared = ALL_RULES.filter((r) => r.run && r.runReads)
  it('the declaring rules are those the delta keeps (a rule losing its word fails here first)', () => {
    expect(declared.map((r) => `${r.name}:${r.runReads}`).sort()).toEqual(['declared-places:context', 'meeting:context', 'mou:context', 'protocol-decision:context', 'protocol:context', 'references:context', 'structure:files', 'training:context'])
  })

  for (const rule of declared) {
    it(`${rule.name} (${rule.runReads})`, async () => {
      const {site, records} = await load()
      const view = guarded(records, rule.runReads!)
      const full = findings(site, records, view.plain, rule)
      expect(findings(site, view.records, view.valid, rule)).toEqual(full)
    })
  }

  // A validation from the last one on another date keeps the findings of the parts that do not say they read the date.
  it('only the parts that say so find otherwise on another date', async () => {
    const {site, records} = await load()
    const plain = new Set(records.records.filter((r) => r.data && recordSchemaFindings(r, undefined).length === 0))
    const dates = ['1990-01-01', '2025-06-30', '2026-12-31', '2027-07-01', '2100-12-31']
    const moved: string[] = []
    for (const rule of declared) {
      const here = findings(site, records, plain, rule)
      const differs = dates.some((d) => findings(site, records, plain, rule, d).join('\n') !== here.join('\n'))
      if (differs) moved.push(rule.name)
    }
    expect(moved.sort()).toEqual(declared.filter((r) => r.runReadsDate).map((r) => r.name).sort())
    expect(moved.length).toBeGreaterThan(0)
  })

  it('the guard bites: parts that read referrals and consents overreach it', async () => {
    const {site, records} = await load()
    // The example site's OWG meetings discuss participants: the check reads their referrals.
    const cc = guarded(records, 'files')
    expect(() => findings(site, cc.records, cc.valid, caseConferenceRule)).toThrow(Overreach)
    const st = guarded(records, 'context')
    expect(() => findings(site, st.records, st.valid, structureRule)).toThrow(Overreach)
  })
})
