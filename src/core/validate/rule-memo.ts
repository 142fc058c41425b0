/**
 * Running the cross-record rules, remembering each per-record part's findings per record
 * (issue 15). On a 10,000-referral site most of validation's rule time is spent judging each
 * referral against the protocols, rosters and trainings, which rarely change: when one referral
 * changes, only its findings are worked out again.
 *
 * A record's findings are remembered (the parse cache's rule memo) by its file, under
 * - the part's context: a digest of the rule's name, the time zone records are judged in, lead.yaml as in effect, every record
 *   of a context kind (file and content hash: its validity follows from them), and the IDs of the
 *   kinds the part declares in `ids` unless it also says which it looks up (`names`: then the
 *   record's key says whether they are there, id-lookups.ts);
 * - the record's key: its content hash or, when its `reads` names other records, a digest of it and
 *   of their files and content hashes;
 * - the dates they hold for: every date, unless a part judging the record said its findings depend
 *   on the date (ctx.holdsFor: an intake due on a day is overdue after it), stored with the key.
 *   A new day, or another --as-of, finds the rest as they were (6.5 s of rules on 10,000 referrals).
 * The file (which gives the kind and ID) and the content hash need no digest: looking a record up
 * costs one Map lookup and a string comparison.
 * Findings are remembered after the privacy guard (applied to each record's own findings, as the
 * whole run's guard would) and before the severity overrides, which apply to every run's findings. Rules run in their order and each part's records in site
 * order, so a run that reuses findings lists them exactly as one that works them all out.
 */
import {createHash} from 'node:crypto'
import {machineClock} from '../clock/dates.js'
import {validSiteTimeZone} from '../clock/site-zone.js'
import {CONTEXT_KINDS} from '../records/kinds.js'
import type {Diagnostic} from '../errors.js'
import {guardFindings} from '../privacy/disclosure-guard.js'
import type {SiteRecord, SiteRecords} from '../records/load.js'
import type {Site} from '../site.js'
import type {DeltaPlan} from './delta-basis.js'
import type {ParseCache} from '../records/parse-cache.js'
import type {PerRecordPart, Rule, RuleContext} from './rule-context.js'
import type {CachedDiagnostic} from '../records/index-file.js'
import {hashRecords} from '../records/record-digest.js'
import {datedKey, spanOfKey, spanText} from '../records/rule-column.js'
import {idListDigest, IdLookups, idReading, type IdReading} from './id-lookups.js'
import {walkPosition} from '../records/site-files.js'


/** Kinds every per-record part may read without declaring them, the site's slow-changing context (records/kinds.ts). */
export {CONTEXT_KINDS}

/** A per-record part with its rule's position and the state it prepared for this run. */
interface Judge {
  /** Its position among the run's parts (where its findings are collected). */
  at: number
  rule: number
  name: string
  part: PerRecordPart<unknown>
  /** Prepared on first use: a validation from the last one may judge no record with it. */
  state?: {value: unknown}
}

const stateOf = (ctx: RuleContext, judge: Judge): unknown => (judge.state ??= {value: judge.part.prepare(ctx)}).value

/**
 * Parts whose findings are remembered together: one memo look-up per record for all of them.
 * Parts that read which participant records exist (`ids`) are kept apart, by what they read: adding
 * a referral then judges every record again for them alone, not for every part.
 */
interface Group {
  judges: Judge[]
  /** Its parts' names joined by +: what its spans are kept under. */
  name: string
  context?: string
  /** The files judged (or kept) whose findings hold for some dates only, and those dates (FROM~UNTIL). */
  spans: Record<string, string>
  /** How its parts read which participant records exist (id-lookups.ts), and the lookups when by names. */
  reading: IdReading
  lookups?: IdLookups
  /** The files judged (or kept) whose findings may read every ID of its `ids` kinds (id-lookups.ts: wide). */
  wide: string[]
}

/** What a run found, by where it came from (what a validation from this one keeps: delta-basis.ts). */
export interface RuleFindings {
  /** Per-record parts' findings by rule, then by the file of the record judged. */
  parts: Record<string, Record<string, Diagnostic[]>>
  /** Whole-site parts' findings by rule. */
  runs: Record<string, Diagnostic[]>
  /** The contexts of the per-record groups (undefined ones left out). */
  groups: string[]
  /** Per group (its parts' names joined by +), the files whose findings hold for some dates only, and those dates (FROM~UNTIL). */
  spans: Record<string, Record<string, string>>
  /** Per group reading IDs by names, the files whose findings may read every ID (judged again when one is added or removed). */
  wide: Record<string, string[]>
}

/** Where a part's findings go: listed by the position of the record's kind in the part's kinds, and kept by file. */
class Collected {
  readonly byKind: Diagnostic[][][]
  readonly byFile: Array<Record<string, Diagnostic[]>>
  constructor(judges: readonly Judge[]) {
    this.byKind = judges.map((j) => j.part.kinds.map((): Diagnostic[] => []))
    this.byFile = judges.map(() => ({}))
  }

  add(judge: number, kind: number, file: string, d: Diagnostic): void {
    this.byKind[judge]![kind]!.push(d)
    const mine = this.byFile[judge]!
    if (Object.hasOwn(mine, file)) mine[file]!.push(d)
    else mine[file] = [d]
  }
}

/**
 * Run `rules` in order into ctx.diagnostics, reusing and remembering per-record findings in `cache`
 * under `base` (siteContext's digest). Adds to `guarded` the findings already passed through the
 * privacy guard: a per-record part's, guarded against their own record before they are remembered,
 * so the cache never holds a message that repeats what a person typed (guarding twice is not the
 * same as once: a mask's words may be a value), and those a `delta` keeps from the last validation.
 *
 * Every per-record part is judged in one pass over the records (on 10,000 referrals, eight passes
 * with a look-up each cost more than the judging they saved); the findings are then listed as a
 * run rule by rule would list them: each rule's per-record findings (by kind as the part lists
 * them, records in site order), then its whole-site part's. With a `delta`, a record it does not
 * count as affected keeps the findings the last validation listed for it, in the same place.
 */
export function runRules(ctx: RuleContext, rules: readonly Rule[], cache: ParseCache | undefined, base: string | undefined, guarded: WeakSet<Diagnostic>, delta?: DeltaPlan): RuleFindings {
  const judges: Judge[] = []
  rules.forEach((rule, at) => {
    if (rule.perRecord) judges.push({at: judges.length, rule: at, name: rule.name, part: rule.perRecord})
  })
  const found = new Collected(judges)
  const memo = base === undefined ? undefined : cache
  const groups = groupsOf(ctx, judges, memo ? base : undefined, delta)
  // A group judges every record when a delta cannot vouch for it (its context changed: a record added or removed).
  const everyRecord = groups.map((g) => !delta || g.context === undefined || !delta.basis.groups.includes(g.context))
  for (const g of groups) if (g.context !== undefined) memo!.memos.keep(g.context)
  // The files the basis lists findings for, by group: any other record unaffected has none to keep.
  const withFindings = groups.map((g) => new Set(delta ? g.judges.flatMap((j) => Object.keys(delta.basis.parts[j.name] ?? {})) : []))
  // The dates kept findings hold for, by group, as the basis has them.
  const keptSpans = groups.map((g) => (delta ? (delta.basis.spans[g.name] ?? {}) : {}))
  // Findings that may read every ID (id-lookups.ts): kept only while the same records are there.
  const keptWide = groups.map((g) => new Set(delta ? (delta.basis.wide[g.name] ?? []) : []))
  const all = ctx.records.records
  // Listed from the basis and changed only by a write, with no group judging every record: only
  // the records something is to be done for are visited (judged, or findings or wide IDs kept);
  // the dates the others' findings hold for are kept as the basis has them (after the pass).
  const visits = delta?.carried && !everyRecord.some(Boolean) ? positionsOf(all, [[...delta.affected].map((r) => r.file), ...withFindings, ...keptWide]) : undefined
  const count = visits ? visits.length : all.length
  for (let k = 0; k < count; k++) {
    const record = all[visits ? visits[k]! : k]!
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!
      const wide = keptWide[g]!.size > 0 && keptWide[g]!.has(record.file)
      const keep = !everyRecord[g] && !delta!.affected.has(record) && !(wide && !delta!.sameList)
      if (!keep || (withFindings[g]!.has(record.file) && !keepFindings(record, group, delta!, found, guarded))) judgeRecord(ctx, record, group, judges, found, guarded, memo)
      else {
        if (Object.hasOwn(keptSpans[g]!, record.file)) group.spans[record.file] = keptSpans[g]![record.file]!
        if (wide) group.wide.push(record.file)
      }
    }
  }
  if (visits) {
    const visited = new Set(visits.map((i) => all[i]!.file))
    groups.forEach((group, g) => {
      for (const [file, span] of Object.entries(keptSpans[g]!)) if (!visited.has(file)) group.spans[file] = span
    })
  }
  const changedFiles = delta && new Set([...delta.changed].map((r) => r.file))
  const runs: Record<string, Diagnostic[]> = {}
  rules.forEach((rule, at) => {
    const j = judges.findIndex((x) => x.rule === at)
    // One by one: a spread of a list past ~150,000 findings (a big site full of them) overflows the stack.
    if (j >= 0) for (const list of found.byKind[j]!) for (const d of list) ctx.diagnostics.push(d)
    if (!rule.run) return
    const stands = (rule.runReads === 'context' || (rule.runReads === 'files' && delta?.sameFiles === true)) && (!rule.runReadsDate || delta?.sameDate === true)
    const last = delta?.basis.runs[rule.name]
    const kept = stands || (last && rule.runReads === 'files' && delta!.onlyAdded && (!rule.runReadsDate || delta!.sameDate) && rule.runAdded?.(ctx, last, delta!.added)) ? last : undefined
    // Not when one is about a changed record: it would keep that record's old position (DUPLICATE_ID at its id line).
    if (kept && !kept.some((d) => changedFiles!.has(d.file))) {
      for (const d of kept) {
        guarded.add(d)
        ctx.diagnostics.push(d)
      }
      runs[rule.name] = kept
      return
    }
    const before = ctx.diagnostics.length
    rule.run(ctx)
    runs[rule.name] = ctx.diagnostics.slice(before)
  })
  const parts = Object.fromEntries(judges.map((j) => [j.name, found.byFile[j.at]!]))
  return {parts, runs, groups: groups.flatMap((g) => (g.context === undefined ? [] : [g.context])), spans: Object.fromEntries(groups.map((g) => [g.name, g.spans])), wide: Object.fromEntries(groups.flatMap((g) => (g.wide.length > 0 ? [[g.name, g.wide]] : [])))}
}

/**
 * The positions in `all` (in the walk's order) of the files named, ascending and each once;
 * undefined when one is not found so (a list in another order: every record is then visited).
 */
function positionsOf(all: readonly SiteRecord[], named: ReadonlyArray<Iterable<string>>): number[] | undefined {
  const out = new Set<number>()
  for (const list of named) {
    for (const file of list) {
      const at = walkPosition(all, file)
      if (at < 0) return undefined
      out.add(at)
    }
  }
  return [...out].sort((a, b) => a - b)
}

/**
 * A record the delta does not count as affected: what the group's parts found last time, as they
 * found it. False, keeping nothing, when one is about another file (its position there may have moved).
 */
function keepFindings(record: SiteRecord, group: Group, delta: DeltaPlan, found: Collected, guarded: WeakSet<Diagnostic>): boolean {
  if (group.judges.some((j) => delta.basis.parts[j.name]?.[record.file]?.some((d) => d.file !== record.file))) return false
  for (const judge of group.judges) {
    const list = delta.basis.parts[judge.name]?.[record.file]
    if (!list) continue
    const kind = judge.part.kinds.indexOf(record.kind)
    for (const d of list) {
      guarded.add(d)
      found.add(judge.at, kind, record.file, d)
    }
  }
  return true
}

function groupsOf(ctx: RuleContext, judges: readonly Judge[], base: string | undefined, delta: DeltaPlan | undefined): Group[] {
  const byIds = new Map<string, Judge[]>()
  for (const j of judges) {
    const ids = (j.part.ids ?? []).join(',')
    byIds.get(ids)?.push(j) ?? byIds.set(ids, [j])
  }
  return [...byIds.values()].map((members) => {
    const reading = idReading(members.map((j) => j.part))
    const kinds = [...new Set(members.flatMap((j) => j.part.ids ?? []))]
    return {judges: members, name: members.map((j) => j.name).join('+'), spans: {}, wide: [], reading, ...(reading === 'names' ? {lookups: new IdLookups(ctx, kinds)} : {}), ...(base === undefined ? {} : {context: groupContext(ctx, members, reading, base, delta)})}
  })
}

/** Judge one record by a group's parts, or take what they found last time under the same key. */
function judgeRecord(ctx: RuleContext, record: SiteRecord, group: Group, judges: readonly Judge[], found: Collected, guarded: WeakSet<Diagnostic>, cache: ParseCache | undefined): void {
  const applying: Array<{judge: number; kind: number}> = []
  for (const judge of group.judges) {
    const kind = judge.part.kinds.indexOf(record.kind)
    if (kind < 0) continue
    const {part} = judge
    if (part.every || (part.readable ? ctx.isReadable(record) : ctx.isValid(record))) applying.push({judge: judge.at, kind})
  }
  if (applying.length === 0) return
  const reads = applying.map(({judge}) => judges[judge]!.part.reads?.(ctx, record, stateOf(ctx, judges[judge]!)) ?? [])
  const lookups = group.lookups?.of(record, applying.map(({judge}) => judges[judge]!.part))
  if (lookups?.wide) group.wide.push(record.file)
  const contentKey = group.context === undefined ? undefined : recordKey(record, reads)
  const key = contentKey === undefined || !lookups ? contentKey : contentKey + lookups.suffix
  const memo = key === undefined ? undefined : cache!.memos.ruleFindings(group.context!, record.file, key, ctx.asOf)
  const known = memo?.found as TaggedFinding[] | undefined
  // Tagged by the parts that judge the record now (what judges it follows from its content, part of the key).
  if (known && known.every((d) => Number.isInteger(d.part) && d.part >= 0 && d.part < applying.length)) {
    const span = spanOfKey(memo!.key, key!)
    if (span !== '') group.spans[record.file] = span
    for (const {part, ...d} of known) {
      const copy = {...structuredClone(d), file: record.file}
      guarded.add(copy)
      found.add(applying[part]!.judge, applying[part]!.kind, record.file, copy)
    }
    return
  }
  let remember = key !== undefined
  const tagged: Diagnostic[][] = []
  ctx.takeSpan() // what the parts say from here on is about this record's findings
  for (const {judge} of applying) {
    const {part} = judges[judge]!
    // Valid by its remembered schema result, yet no value now (its file changed as lead ran): not judged.
    if (!part.every && record.data === undefined) {
      remember = false
      tagged.push([])
      continue
    }
    const before = ctx.diagnostics.length
    part.check(ctx, record, stateOf(ctx, judges[judge]!))
    const mine = ctx.diagnostics.splice(before)
    // A part reports about its record only; one that did not is never remembered (it would be wrong under another key).
    if (mine.some((d) => d.file !== record.file)) remember = false
    tagged.push(mine)
  }
  // Guarded against their record; a finding about another file is left to the whole run's guard.
  guardFindings(tagged.flat(), [record], ctx.vocabulary)
  tagged.forEach((mine, i) => {
    for (const d of mine) {
      if (d.file === record.file) guarded.add(d)
      found.add(applying[i]!.judge, applying[i]!.kind, record.file, d)
    }
  })
  const {from, until} = ctx.takeSpan()
  const span = spanText(from, until)
  if (span !== '') group.spans[record.file] = span
  if (!remember) return
  const tags = tagged.flatMap((mine, part) => mine.map(({file: _file, ...rest}): TaggedFinding => ({...structuredClone(rest), part})))
  // Kept for every date, or for the dates a part said they hold for (a referral's intake still due).
  cache!.memos.setRuleFindings(group.context!, record.file, datedKey(key!, span), tags)
}

/** A remembered finding, with the position of its part among the group's parts that judged the record. */
type TaggedFinding = CachedDiagnostic & {part: number}

/**
 * The digest of what every part reads besides its records: lead.yaml as in effect, the time zone
 * and the context records; not the date, which a part reads only as far as it says (holdsFor), so
 * the first validation of a new day, or `lead status --as-of` another date, finds what the last
 * one remembered. Undefined when a context record's content is not known by hash.
 */
export function siteContext(site: Site, records: SiteRecords): string | undefined {
  // A site with no time zone of its own is judged in this machine's (received dates, local times).
  const zone = validSiteTimeZone(site) ?? machineClock().timeZone
  const h = createHash('sha1').update(JSON.stringify([zone, site.config]))
  return hashRecords(h, records.records, CONTEXT_KINDS) ? h.digest('base64url') : undefined
}



/**
 * The group's parts (name and the kinds whose IDs they read) under the site context, and every ID
 * of those kinds when a part reads them without saying which (id-lookups.ts). A validation from
 * the last one over the same list of files (an edit, not an add or remove) takes the last one's:
 * the same site context (the basis is read under it), the same parts, and the same IDs of every
 * kind (a record's kind and ID follow from its file), so the same digest, without a pass over
 * 10,000 referrals' IDs.
 */
function groupContext(ctx: RuleContext, judges: readonly Judge[], reading: IdReading, base: string, delta: DeltaPlan | undefined): string {
  const name = judges.map((j) => j.name).join('+')
  const kept = delta?.sameList ? delta.basis.groups.find((g) => g.startsWith(`${name}:`)) : undefined
  if (kept !== undefined) return kept
  const h = createHash('sha1').update(base)
  for (const {name, part} of judges) {
    h.update(`\0${name}`)
    for (const kind of part.ids ?? []) h.update(`\0${kind}`)
  }
  // Parts that read IDs by names key each record by what it names instead (id-lookups.ts).
  if (reading === 'list') h.update(`\0${idListDigest(ctx, [...new Set(judges.flatMap((j) => j.part.ids ?? []))])}`)
  return `${name}:${h.digest('base64url')}`
}

/**
 * The record's content hash; when the parts judging it read other records, a digest of it and of
 * theirs (file and content), part by part.
 */
function recordKey(record: SiteRecord, reads: ReadonlyArray<ReadonlyArray<SiteRecord | undefined>>): string | undefined {
  if (record.hash === undefined || reads.every((r) => r.length === 0)) return record.hash
  const h = createHash('sha1').update(record.hash)
  for (const [part, list] of reads.entries()) {
    if (list.length > 0) h.update(`\0|${part}`)
    for (const r of list) {
      if (!r) {
        h.update('\0-')
        continue
      }
      if (r.hash === undefined) return undefined
      h.update(`\0${r.file}\0${r.kind}\0${r.id}\0${r.hash}`)
    }
  }
  return `+${h.digest('base64url')}`
}
