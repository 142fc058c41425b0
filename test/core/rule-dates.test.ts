/**
 * Per-record findings are remembered for every date unless the part that judged a record said
 * otherwise (RuleContext.holdsFor, validate/rule-memo.ts): the first validation of a new day, or
 * `lead status --as-of` another date, takes them from the memo instead of judging 10,000
 * referrals again (6.5 s). Here every part of lead's rules judges every record of the example site
 * (and referrals whose intakes fall due around the dates tried) on other dates: within the dates
 * it said, it must find the same; outside them it may differ, and for an intake it does (the check
 * has teeth).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import {addDays, type IsoDate} from '../../src/core/clock/dates.js'
import {loadRecords, type SiteRecord, type SiteRecords} from '../../src/core/records/load.js'
import {readSite, type Site} from '../../src/core/site.js'
import {RuleContext, type DateSpan, type PerRecordPart} from '../../src/core/validate/rule-context.js'
import {ALL_RULES} from '../../src/core/validate/rules/index.js'
import {privacyRule} from '../../src/core/validate/rules/privacy.js'
import {referralRule} from '../../src/core/validate/rules/referral.js'
import {recordSchemaFindings} from '../../src/core/privacy/schema-findings.js'
import {validateSite} from '../../src/core/validate/site-validation.js'
import {deltaRuns} from '../../src/core/validate/delta-basis.js'
import {keyHolds, datedKey, spanText} from '../../src/core/records/rule-column.js'
import {cleanupTemp, exampleSite, testEnv} from '../support/cli.js'

const env = testEnv()
const AS_OF: IsoDate = '2026-11-27'

/** Referrals whose intake is still expected, received days before AS_OF: due before, on and after it. */
function addPendingReferrals(root: string): string[] {
  const source = fs.readFileSync(path.join(root, 'referrals/2026/r-2026-11-25-v3l3ie.yaml'), 'utf8')
  const files: string[] = []
  for (const [i, days] of [1, 3, 6, 9, 14, 30].entries()) {
    const received = addDays(AS_OF, -days)
    const id = `r-${received}-pend0${i}`
    const file = `referrals/2026/${id}.yaml`
    const text = source.replace(/^id: .*$/m, `id: ${id}`).replace(/^received: .*$/m, `received: "${received}T10:00:00-08:00"`).replace(/arrived: "[^"]*"/, `arrived: "${received}T10:20:00-08:00"`).replace(/^status: .*$/m, i % 2 === 0 ? 'status: received' : 'status: eligible')
    fs.writeFileSync(path.join(root, file), text)
    files.push(file)
  }
  return files
}

interface Judged {
  found: string[]
  span: DateSpan
}

/** One part's findings about one record on `asOf`, and the dates it said they hold for. */
function judge(site: Site, records: SiteRecords, valid: Set<SiteRecord>, part: PerRecordPart<unknown>, record: SiteRecord, asOf: IsoDate): Judged {
  const ctx = new RuleContext(site, records, valid, asOf)
  const state = part.prepare(ctx)
  ctx.takeSpan()
  part.check(ctx, record, state)
  return {found: ctx.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.column} ${d.message}`), span: ctx.takeSpan()}
}

/** Dates inside a span to judge again on: its ends, and far off where it is open. */
function inside(span: DateSpan): IsoDate[] {
  return [span.from ?? '1990-01-01', span.until ?? '2100-12-31', ...(span.from ? [addDays(span.from, 1)] : []), ...(span.until ? [addDays(span.until, -1)] : [])].filter((d) => (!span.from || d >= span.from) && (!span.until || d <= span.until))
}

describe('per-record findings and the date', () => {
  afterAll(cleanupTemp)

  it('every part finds the same on every date it did not rule out, and an intake falls due', async () => {
    const root = exampleSite(env)
    const pending = addPendingReferrals(root)
    const site = readSite(root)
    const records = await loadRecords(site, {cache: false})
    const valid = new Set(records.records.filter((r) => r.data && recordSchemaFindings(r, undefined).length === 0))
    let judged = 0
    let narrowed = 0
    let differedOutside = 0
    for (const rule of ALL_RULES) {
      const part = rule.perRecord
      if (!part) continue
      for (const kind of part.kinds) {
        for (const record of records.ofKind(kind)) {
          if (!(part.every || (part.readable ? records.readable(record) : valid.has(record)))) continue
          const base = judge(site, records, valid, part, record, AS_OF)
          judged++
          for (const date of inside(base.span)) {
            const again = judge(site, records, valid, part, record, date)
            expect(again.found, `${rule.name} on ${record.file}: as of ${date}, inside ${JSON.stringify(base.span)}`).toEqual(base.found)
          }
          if (base.span.from === undefined && base.span.until === undefined) continue
          narrowed++
          expect(rule.name, 'only the referral rule reads the date per record').toBe('referral')
          const outside = base.span.until ? addDays(base.span.until, 1) : addDays(base.span.from!, -1)
          if (judge(site, records, valid, part, record, outside).found.join('\n') !== base.found.join('\n')) differedOutside++
        }
      }
    }
    expect(judged).toBeGreaterThan(100)
    // Every pending intake narrows its referral's dates, and the day past the span changes its findings.
    expect(narrowed).toBeGreaterThanOrEqual(pending.length)
    expect(differedOutside).toBe(narrowed)
  })

  it('a validation on another date starts from the last one, judges only the records whose findings depend on it, and finds what a fresh one finds', async () => {
    const root = exampleSite(env)
    addPendingReferrals(root)
    const said = (r: Awaited<ReturnType<typeof validateSite>>) => r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.column} ${d.message}`)
    await validateSite(readSite(root), {asOf: AS_OF})
    // The referrals whose intake is still expected: the only ones whose findings read the date.
    const referrals = (await loadRecords(readSite(root), {cache: false})).ofKind('referral')
    const pendingFiles = new Set(referrals.filter((r) => ['received', 'eligible'].includes(String(r.data?.status)) && (r.data?.intake as {completed?: string} | undefined)?.completed === undefined).map((r) => r.file))
    expect(pendingFiles.size).toBeGreaterThanOrEqual(6)
    expect(pendingFiles.size).toBeLessThan(referrals.length / 2)
    const privacy = vi.spyOn(privacyRule.perRecord!, 'check')
    const referral = vi.spyOn(referralRule.perRecord!, 'check')
    try {
      for (const asOf of ['2026-12-01', '2026-12-20', '2027-03-01', '2026-11-27', '2026-11-28']) {
        privacy.mockClear()
        referral.mockClear()
        const runs = deltaRuns.count
        const cached = await validateSite(readSite(root), {asOf})
        expect(deltaRuns.count, `as of ${asOf}: from the last validation`).toBe(runs + 1)
        // Pending intakes whose remembered dates this one is not among, and nothing else.
        expect(referral.mock.calls.map((c) => (c[1] as SiteRecord).file).filter((f) => !pendingFiles.has(f)), `as of ${asOf}`).toEqual([])
        // The privacy scan never reads the date: it scans again only a record whose memo entry (one
        // for the parts judged together) the referral part's dates ruled out.
        const again = new Set(referral.mock.calls.map((c) => (c[1] as SiteRecord).file))
        expect(privacy.mock.calls.filter((c) => !again.has((c[1] as SiteRecord).file)), `as of ${asOf}`).toEqual([])
        expect(said(cached), `as of ${asOf}`).toEqual(said(await validateSite(readSite(root), {asOf, cache: false})))
      }
    } finally {
      privacy.mockRestore()
      referral.mockRestore()
    }
  })

  it('a remembered key holds on the dates it says, and only for its own key', () => {
    const key = 'Abc_-123'
    expect(datedKey(key, spanText(undefined, undefined))).toBe(key)
    const k = datedKey(key, spanText('2026-12-02', '2026-12-09'))
    expect(keyHolds(k, key, '2026-12-02')).toBe(true)
    expect(keyHolds(k, key, '2026-12-09')).toBe(true)
    expect(keyHolds(k, key, '2026-12-01')).toBe(false)
    expect(keyHolds(k, key, '2026-12-10')).toBe(false)
    expect(keyHolds(k, key, undefined)).toBe(false)
    expect(keyHolds(k, 'Abc_-12', '2026-12-05')).toBe(false)
    expect(keyHolds(datedKey(key, spanText('2026-12-02', undefined)), key, '2099-01-01')).toBe(true)
    expect(keyHolds(datedKey(key, spanText(undefined, '2026-12-02')), key, '1999-01-01')).toBe(true)
    expect(keyHolds(`${key}@garbled`, key, '2026-12-05')).toBe(false)
    expect(keyHolds(key, key, '2026-12-05')).toBe(true)
  })
})
