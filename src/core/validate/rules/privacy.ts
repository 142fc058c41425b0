/**
 * Privacy: referral, consent and meeting records hold pseudonymous codes only. Every value and every key
 * the schema does not know is scanned (src/core/privacy) for names, birth dates, SSNs, phone
 * numbers, e-mail and street addresses — except values the site declared, staff names the site
 * knows, the charge codes its protocols declare (record-scan.ts chargeTerms), lead.yaml
 * privacy.allow_terms, and fields privacy.allow_identifiers opts out. Readable
 * records are scanned even when they fail their schema, and unreadable ones line by line: a leak
 * is a leak whatever else is wrong with the file. No message repeats what was found.
 */
import {PARTICIPANT_KINDS} from '../../privacy/disclosable.js'
import {scanAllowances, scanComments, scanLines, scanRecord, type RecordFinding, type ScannedKind} from '../../privacy/record-scan.js'
import type {RecordComment} from '../../records/yaml-comments.js'
import type {SiteVocabulary} from '../../privacy/vocabulary.js'
import type {Kind} from '../../records/kinds.js'
import type {RecordData, SiteRecord} from '../../records/load.js'
import {subjectDigest, valueAt, type Rule, type RuleContext} from '../rule-context.js'

/** At most this many findings are reported per value, per record's comments and per unreadable file (a pasted file could hold thousands). */
const MAX_FINDINGS_PER_VALUE = 10

const HINT_REMOVE = 'remove it (git history keeps old versions: see docs/guides/privacy.md)'
const HINTS: Record<string, string> = {
  PII_NAME: `${HINT_REMOVE}; a staff member's name is known once they are a contact of their partner (lead edit partner ID); a place or organisation named like a person goes in lead.yaml privacy.allow_terms, word for word`,
  PII_ADDRESS: `${HINT_REMOVE}; a place the partners agreed to name (a shelter, a clinic) goes in lead.yaml privacy.allow_terms, word for word`,
}

/** lead.yaml terms the scan lets pass: privacy.allow_terms and the declared districts and catchments. */
export const allowedTerms = (ctx: RuleContext): Set<string> => scanAllowances(ctx.site.config).allowedTerms

interface Scan {
  allow: readonly string[]
  terms: Set<string>
}

export const privacyRule: Rule = {
  name: 'privacy',
  // Each record on its own, readable or not: what it was found to hold is remembered with its
  // content (rule-memo.ts), so an unchanged record is neither read nor scanned again.
  perRecord: {
    kinds: [...PARTICIPANT_KINDS] as Kind[],
    every: true,
    prepare: (ctx: RuleContext): Scan => {
      const {allow, allowedTerms: terms} = scanAllowances(ctx.site.config)
      return {allow, terms}
    },
    check(ctx: RuleContext, record: SiteRecord, {allow, terms}: Scan) {
      if (!ctx.isReadable(record)) return scanUnreadable(ctx, record, terms)
      const v = ctx.vocabulary
      report(ctx, record, scanRecord(record.kind as ScannedKind, record.data as RecordData, {allow, staffNames: v.staff, allowedTerms: terms, vocabulary: v}))
      if (record.comments) reportComments(ctx, record, record.comments, v, terms)
    },
  },
}

function report(ctx: RuleContext, record: SiteRecord, findings: RecordFinding[]): void {
  for (const {finding: f, more} of perValue(findings)) {
    const before = ctx.diagnostics.length
    const text = f.inKey ? String(f.path[f.path.length - 1]) : valueText(record.data, f.path)
    const {message, hint} = identifierWords(f, ctx.shownPath(record, f.inKey ? f.path.slice(0, -1) : f.path), more)
    // The subject (what was found) lets the write path tell a new identifier from an old one.
    ctx.report(record, f.path, f.code, message, hint, {target: f.inKey ? 'key' : 'value', subject: text.slice(f.index, f.index + f.length)})
    pointInside(ctx, record.source, before, text, f.index)
  }
}

/** The findings reported, at most MAX_FINDINGS_PER_VALUE per value, the last saying how many more it holds. */
export function perValue(findings: readonly RecordFinding[]): Array<{finding: RecordFinding; more: string}> {
  const groups = new Map<string, RecordFinding[]>()
  for (const f of findings) {
    const key = `${f.inKey ? 'k' : 'v'}:${JSON.stringify(f.path)}`
    groups.set(key, [...(groups.get(key) ?? []), f])
  }
  return [...groups.values()].flatMap((group) => group.slice(0, MAX_FINDINGS_PER_VALUE).map((f, i) => ({finding: f, more: notListed(group.length, i, `the same ${f.inKey ? 'field name' : 'value'}`)})))
}

/** What the `i`th of `total` findings listed says of those past the cap: the last listed, "; 3 more in the same value are not listed". */
function notListed(total: number, i: number, where: string): string {
  const more = total - MAX_FINDINGS_PER_VALUE
  return i === MAX_FINDINGS_PER_VALUE - 1 && more > 0 ? `; ${more} more in ${where} ${more === 1 ? 'is' : 'are'} not listed` : ''
}

/**
 * What a finding says: where (`shown`: the field's path as it may be printed), what kind of
 * identifier, at which characters, never the text. An import's refused rows are worded the same
 * (import/refused-rows.ts).
 */
export function identifierWords(f: RecordFinding, shown: string, more = ''): {message: string; hint: string} {
  const where = f.inKey ? `a field name in ${shown}` : shown
  const at = `${f.length} character${f.length === 1 ? '' : 's'} from character ${f.index + 1}`
  return {message: `${where} looks like it holds ${f.what} (${at}); referral, consent and meeting records hold pseudonymous codes only${more}`, hint: HINTS[f.code] ?? HINT_REMOVE}
}

/**
 * A comment is text outside every field that git keeps with the file: scanned as an unreadable
 * record's lines are, each finding at its place (the comment's line and the match's column).
 */
function reportComments(ctx: RuleContext, record: SiteRecord, comments: readonly RecordComment[], vocabulary: SiteVocabulary, terms: ReadonlySet<string>): void {
  const found = scanComments(comments, {staffNames: vocabulary.staff, allowedTerms: terms, vocabulary})
  for (const [i, m] of found.slice(0, MAX_FINDINGS_PER_VALUE).entries()) {
    const comment = comments.find((c) => c.line === m.line)!
    ctx.diagnostics.push({
      code: m.code,
      severity: 'error',
      message: `a comment on this line looks like it holds ${m.what} (${m.length} characters from character ${m.column}); comments stay in the file and in git history as values do: referral, consent and meeting records hold pseudonymous codes only${notListed(found.length, i, "this record's comments")}`,
      hint: HINTS[m.code] ?? HINT_REMOVE,
      file: record.file,
      line: m.line,
      column: m.column,
      // As ctx.report keeps it: a digest, since the findings are remembered in lead's caches.
      subject: subjectDigest(comment.text.slice(m.index, m.index + m.length)),
    })
  }
}

/**
 * A referral or consent that cannot be read as YAML may still hold a name: its text is scanned
 * line by line (labelled birth dates only, as its dates are expected) and findings point at the line.
 */
function scanUnreadable(ctx: RuleContext, record: SiteRecord, terms: ReadonlySet<string>): void {
  const text = record.source.text
  if (!text) return
  const found = scanLines(text, {staffNames: ctx.vocabulary.staff, allowedTerms: terms, vocabulary: ctx.vocabulary})
  for (const [i, m] of found.slice(0, MAX_FINDINGS_PER_VALUE).entries()) {
    ctx.diagnostics.push({
      code: m.code,
      severity: 'error',
      message: `this ${record.kind} cannot be read as YAML, and this line looks like it holds ${m.what} (${m.length} characters); referral, consent and meeting records hold pseudonymous codes only${notListed(found.length, i, "this file's lines")}`,
      hint: HINTS[m.code] ?? HINT_REMOVE,
      file: record.file,
      line: m.line,
      column: m.index + 1,
    })
  }
}

function valueText(data: unknown, path: ReadonlyArray<string | number>): string {
  const v = valueAt(data, path)
  return typeof v === 'string' || typeof v === 'number' ? String(v) : ''
}

/** Move the column to the match itself when the value sits on one line as written. */
function pointInside(ctx: RuleContext, source: {lineText(line: number): string}, index: number, value: string, offset: number): void {
  const d = ctx.diagnostics[index]
  if (!d) return
  const rest = source.lineText(d.line).slice(d.column - 1)
  if (rest.startsWith(value)) d.column += offset
  else if ((rest.startsWith(`"${value}`) || rest.startsWith(`'${value}`)) && !/["'\\]/.test(value.slice(0, offset))) d.column += offset + 1
}
