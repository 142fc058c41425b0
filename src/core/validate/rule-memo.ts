/**
 * Running the cross-record rules, remembering each per-record part's findings per record
 * (issue 15). On a 10,000-referral site most of validation's rule time is spent judging each
 * referral against the protocols, rosters and trainings, which rarely change: when one referral
 * changes, only its findings are worked out again.
 *
 * A record's findings are remembered (the parse cache's rule memo) by its file, under
 * - the part's context: a digest of the rule's name, the date, the time zone records are judged in, lead.yaml as in effect, every record
 *   of a context kind (file and content hash: its validity follows from them), and the IDs of the
 *   kinds the part declares in `ids`;
 * - the record's key: its content hash or, when its `reads` names other records, a digest of it and
 *   of their files and content hashes.
 * The file (which gives the kind and ID) and the content hash need no digest: looking a record up
 * costs one Map lookup and a string comparison.
 * Findings are remembered after the privacy guard (applied to each record's own findings, as the
 * whole run's guard would) and before the severity overrides, which apply to every run's findings. Rules run in their order and each part's records in site
 * order, so a run that reuses findings lists them exactly as one that works them all out.
 */
import {createHash} from 'node:crypto'
import {machineClock} from '../clock/dates.js'
import {validSiteTimeZone} from '../clock/site-zone.js'
import {KINDS, type Kind} from '../records/kinds.js'
import type {Diagnostic} from '../errors.js'
import {guardFindings} from '../privacy/disclosure-guard.js'
import type {SiteRecord} from '../records/load.js'
import type {ParseCache} from '../records/parse-cache.js'
import type {Rule, RuleContext} from './rule-context.js'

/** Participant records: thousands, changing every day. A per-record part declares what it reads of them. */
const PER_PARTICIPANT: ReadonlySet<Kind> = new Set<Kind>(['referral', 'consent'])

/**
 * Kinds every per-record part may read without declaring them, the site's slow-changing context:
 * partners, protocols, MOUs, rosters, trainings, meetings (and any kind added later, until it is
 * known to be safe to leave out).
 */
export const CONTEXT_KINDS: ReadonlySet<Kind> = new Set(KINDS.filter((k) => !PER_PARTICIPANT.has(k)))

/**
 * Run `rules` in order into ctx.diagnostics, reusing and remembering per-record findings in `cache`.
 * Returns the findings already passed through the privacy guard: a per-record part's, guarded
 * against their own record before they are remembered, so the cache never holds a message that
 * repeats what a person typed (guarding twice is not the same as once: a mask's words may be a value).
 */
export function runRules(ctx: RuleContext, rules: readonly Rule[], cache: ParseCache | undefined): WeakSet<Diagnostic> {
  const guarded = new WeakSet<Diagnostic>()
  let base: string | undefined | null = null
  for (const rule of rules) {
    const part = rule.perRecord
    // The whole-site part after the per-record one: a rule's findings in its file come in that order.
    if (!part) {
      rule.run?.(ctx)
      continue
    }
    const state = part.prepare(ctx)
    if (cache && base === null) base = siteContext(ctx)
    const context = cache && base ? partContext(ctx, rule.name, base, part.ids ?? []) : undefined
    for (const kind of part.kinds) {
      for (const record of ctx.records.ofKind(kind)) {
        if (!(part.every || (part.readable ? ctx.isReadable(record) : ctx.isValid(record)))) continue
        const key = context === undefined ? undefined : recordKey(record, part.reads?.(ctx, record, state) ?? [])
        const known = key === undefined ? undefined : cache!.memos.ruleFindings(context!, record.file, key)
        if (known) {
          for (const d of known) {
            const copy = {...structuredClone(d), file: record.file}
            guarded.add(copy)
            ctx.diagnostics.push(copy)
          }
          continue
        }
        // Valid by its remembered schema result, yet no value now (its file changed as lead ran): not judged.
        if (!part.every && record.data === undefined) continue
        const before = ctx.diagnostics.length
        part.check(ctx, record, state)
        const found = ctx.diagnostics.slice(before)
        // A part reports about its record only; one that did not is never remembered (it would be wrong under another key).
        if (found.some((d) => d.file !== record.file)) continue
        guardFindings(found, [record], ctx.vocabulary)
        for (const d of found) guarded.add(d)
        if (key === undefined) continue
        cache!.memos.setRuleFindings(context!, record.file, key, found.map(({file: _file, ...rest}) => structuredClone(rest)))
      }
    }
    rule.run?.(ctx)
  }
  return guarded
}

/** The digest of what every part reads: the date, lead.yaml as in effect, and the context records. Undefined when one's content is not known by hash. */
function siteContext(ctx: RuleContext): string | undefined {
  // A site with no time zone of its own is judged in this machine's (received dates, local times).
  const zone = validSiteTimeZone(ctx.site) ?? machineClock().timeZone
  const h = createHash('sha1').update(JSON.stringify([ctx.asOf, zone, ctx.site.config]))
  for (const r of ctx.records.records) {
    if (!CONTEXT_KINDS.has(r.kind)) continue
    if (r.hash === undefined) return undefined
    h.update(`\0${r.file}\0${r.kind}\0${r.id}\0${r.hash}`)
  }
  return h.digest('base64url')
}

function partContext(ctx: RuleContext, name: string, base: string, ids: readonly Kind[]): string {
  const h = createHash('sha1').update(`${name}\0${base}`)
  for (const kind of ids) {
    h.update(`\0${kind}`)
    for (const r of ctx.records.ofKind(kind)) h.update(`\0${r.id}`)
  }
  return `${name}:${h.digest('base64url')}`
}

/** The record's content hash; with records it reads, a digest of it and of theirs (file and content). */
function recordKey(record: SiteRecord, reads: ReadonlyArray<SiteRecord | undefined>): string | undefined {
  if (record.hash === undefined || reads.length === 0) return record.hash
  const h = createHash('sha1').update(record.hash)
  for (const r of reads) {
    if (!r) {
      h.update('\0-')
      continue
    }
    if (r.hash === undefined) return undefined
    h.update(`\0${r.file}\0${r.kind}\0${r.id}\0${r.hash}`)
  }
  return `+${h.digest('base64url')}`
}
