/** `lead diff` output: text for a terminal, Markdown for a pull request or job summary, JSON. */
import {chalk} from './colors.js'
import type {Diagnostic} from '../../core/errors.js'
import type {SnapshotSource} from '../../core/git/site-snapshot.js'
import {disclosable, PARTICIPANT_KINDS, shown, shownKey, type PathStep} from '../../core/privacy/disclosable.js'
import type {SiteVocabulary} from '../../core/privacy/vocabulary.js'
import {PathConcealer, shownSitePath} from '../../core/privacy/file-names.js'
import {shownDiagnostics} from '../../core/privacy/shown-findings.js'
import {formatPath, type FieldChange, type Segment} from '../../core/review/record-diff.js'
import type {ProtocolSummary, SummaryItem} from '../../core/review/protocol-summary.js'
import type {DecisionSummary} from '../../core/review/decision-summary.js'
import type {RecordChange} from '../../core/review/site-diff.js'
import type {SiteReview} from '../../core/review/site-review.js'
import {policyJson} from '../../core/review/base-policy.js'
import {gateJson} from '../../core/review/gate-change.js'
import {SUMMARY_BYTES} from './github-actions.js'
import {plural} from './words.js'


function value(v: unknown, max = 100): string {
  if (v === undefined) return '(none)'
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  const one = s.replace(/\s+/g, ' ')
  return one.length > max ? `${one.slice(0, max - 1)}…` : one
}

function countsLine(review: SiteReview): string {
  const c = review.diff.counts
  const parts = [c.added && `${c.added} added`, c.changed && `${c.changed} changed`, c.renamed && `${c.renamed} renamed`, c.removed && `${c.removed} removed`].filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : 'no record changes'
}

function protocolHeading(p: ProtocolSummary): string {
  const facts = [p.status, p.effective?.from ? `in force from ${p.effective.from}${p.effective.to ? ` to ${p.effective.to}` : ''}` : undefined].filter(Boolean).join(', ')
  const v = p.version === undefined ? '' : ` version ${p.version}`
  const what: Record<ProtocolSummary['change'], string> = {
    new_version: `new${v}`,
    added: `added${v}`,
    changed: `changed${v}`,
    renamed: `renamed${v}`,
    removed: `removed${v}`,
  }
  const compared = p.comparedTo ? `, compared with ${p.comparedTo.id}${p.comparedTo.version === undefined ? '' : ` (version ${p.comparedTo.version})`}` : ''
  return `${what[p.change]}${facts ? ` (${facts})` : ''}${compared}`
}

const MARK: Record<SummaryItem['change'], string> = {added: '+', removed: '-', changed: '~'}

const OUTCOME: Record<string, string> = {consensus: 'consensus reached', no_consensus: 'no consensus', deferred: 'deferred'}

/** `pcg-2026-02-18#1 (PCG 2026-02-18) adopt_protocol 2026-v2: consensus reached (was deferred)`. */
function decisionHeading(d: DecisionSummary): string {
  const meeting = d.body && d.date ? ` (${d.body.toUpperCase()} ${d.date})` : ''
  const concerns = d.concerns.length ? ` ${d.concerns.map((c) => c.id).join(', ')}` : ''
  const outcome = d.outcome ? `: ${OUTCOME[d.outcome] ?? d.outcome}${d.oldOutcome ? ` (was ${OUTCOME[d.oldOutcome] ?? d.oldOutcome})` : ''}` : ''
  return `${d.ref}${meeting} ${d.change === 'removed' ? 'removed: ' : ''}${d.kind ?? 'decision'}${concerns}${outcome}`
}

const decisionText = (d: DecisionSummary) => (d.text === undefined ? '(text not shown: it looks like it holds an identifier)' : d.text.replace(/\s+/g, ' '))
const FIELD_TOPICS = new Set(['charge', 'exclusion', 'intake_deadline', 'coverage_hours', 'off_hours_phone', 'pathway'])

/** A new version's own status and dates are in its heading; the rest is what differs from its predecessor. */
function shownItems(p: ProtocolSummary): SummaryItem[] {
  return p.change === 'new_version' ? p.items.filter((i) => i.topic !== 'status' && i.topic !== 'effective') : p.items
}

const schemaPath = (segments: readonly Segment[]): PathStep[] => segments.flatMap((s) => ('field' in s ? [s.field] : 'key' in s ? [null] : [null]))

/**
 * A change as the diff may print it: values and path of referrals and consents only as
 * privacy/disclosable.ts allows (values the site declared, enums, dates, minted codes): free text
 * may carry a participant's identifiers, and this output lands in CI logs and job summaries.
 */
export function shownChange(kind: string, c: FieldChange, vocabulary: SiteVocabulary): {path: string; old: unknown; new: unknown; hidden: boolean} {
  const path = schemaPath(c.segments)
  const hidden = !disclosable(kind, path, c.old, vocabulary) || !disclosable(kind, path, c.new, vocabulary)
  const where = shownSegments(kind, c.segments, vocabulary)
  return hidden ? {path: where, old: undefined, new: undefined, hidden} : {path: where, old: c.old, new: c.new, hidden}
}

/** A change's path with unknown keys and undeclared list keys concealed (`screening.overrides[‹…›]`). */
function shownSegments(kind: string, segments: readonly Segment[], vocabulary: SiteVocabulary): string {
  if (!PARTICIPANT_KINDS.has(kind)) return formatPath(segments)
  let out = ''
  const at: PathStep[] = []
  for (const s of segments) {
    if ('field' in s) {
      const key = shownKey(kind, at, s.field)
      out += out === '' ? key : `.${key}`
      at.push(s.field)
    } else if ('index' in s) {
      out += `[${s.index}]`
      at.push(null)
    } else {
      out += `[${shown(kind, [...at, null, s.key], s.value, vocabulary)}]`
      at.push(null)
    }
  }
  return out
}

function changeLine(kind: string, c: FieldChange, vocabulary: SiteVocabulary): string {
  const s = shownChange(kind, c, vocabulary)
  if (s.hidden) return `${c.change === 'added' ? '+' : c.change === 'removed' ? '-' : '~'} ${s.path}: ${c.change} (value not shown)`
  if (c.change === 'added') return `+ ${s.path}: ${value(s.new)}`
  if (c.change === 'removed') return `- ${s.path}: ${value(s.old)}`
  return `~ ${s.path}: ${value(s.old)} → ${value(s.new)}`
}

/** A record's id as the diff may print it: a referral's or consent's only in its minted form (its file is named after it). */
const shownId = (kind: string, id: string) => shown(kind, ['id'], id)
/**
 * The review as it may be printed: its findings, and the decisions of meetings, whose references
 * carry the meeting's ID as its file name gives it.
 */
function shownReview(review: SiteReview): SiteReview {
  const findings = shownDiagnostics(review.review)
  const files = new PathConcealer(review.decisions.map((d) => d.file))
  if (findings === review.review && !files.any) return review
  const decisions = review.decisions.map((d) => ({...d, ref: files.text(d.ref, [d.file]), meeting: files.text(d.meeting, [d.file]), file: files.path(d.file)}))
  return {...review, review: [...findings], decisions}
}

function recordTitle(r: RecordChange): string {
  if (r.kind === 'config') return `site configuration  ${r.file}`
  const kind = r.kind
  const id = shownId(kind, r.id)
  const file = shownSitePath(r.file)
  if (r.status === 'renamed') {
    const oldId = shownId(kind, r.oldId ?? '')
    return `${kind} ${r.oldId === r.id ? id : `${oldId} → ${id}`}  ${shownSitePath(r.oldFile ?? '')} → ${file}`
  }
  return `${kind} ${id}  ${file}`
}

function recordNote(r: RecordChange): string | undefined {
  if (r.unreadable) return `(${r.unreadable === 'both' ? 'neither version' : `the ${r.unreadable} version`} is not readable YAML: see lead validate)`
  if (r.formattingOnly) return '(comments or formatting only)'
  return undefined
}

function diagnosticLine(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`
}

export function renderDiffText(asFound: SiteReview, options: {check?: boolean} = {}): string {
  const review = shownReview(asFound)
  const color: Record<string, (s: string) => string> = {'+': chalk.green, '-': chalk.red, '~': chalk.yellow}
  const paint = (line: string) => (color[line[0]!] ?? ((s: string) => s))(line)
  const lines: string[] = [chalk.bold(`${review.base.label} → ${review.head.label}: ${countsLine(review)}`)]
  // What bends the gate or re-judges the past is read first.
  if (review.review.length > 0 || options.check) {
    lines.push('', chalk.bold('Review'))
    if (review.review.length === 0) lines.push(chalk.green('  ✔ no review findings'))
    for (const d of review.review) {
      lines.push(`  ${d.severity === 'error' ? chalk.red(diagnosticLine(d)) : chalk.yellow(diagnosticLine(d))}`)
      if (d.hint) lines.push(`      ${chalk.cyan('hint:')} ${d.hint}`)
    }
  }
  // Decisions and protocol changes are what the PCG governs: read before any record.
  if (review.decisions.length > 0) {
    lines.push('', chalk.bold('Decisions'))
    for (const d of review.decisions) {
      lines.push(`  ${paint(`${MARK[d.change]} ${decisionHeading(d)}`)}`)
      lines.push(`      ${chalk.dim(decisionText(d))}`)
    }
  }
  if (review.protocols.length > 0) {
    lines.push('', chalk.bold('Protocols'))
    for (const p of review.protocols) {
      lines.push(`  ${chalk.bold(p.id)} ${protocolHeading(p)}`)
      for (const item of shownItems(p)) lines.push(`    ${paint(`${MARK[item.change]} ${item.text}`)}`)
      if (p.unreadable) lines.push(chalk.dim('    not readable YAML: see lead validate'))
      else if (p.items.length === 0 && p.change !== 'removed') lines.push(chalk.dim('    no change to charges, exclusions, deadlines, coverage or pathways'))
    }
  }
  if (review.diff.records.length > 0) {
    lines.push('', chalk.bold('Records'))
    for (const r of review.diff.records) {
      const note = recordNote(r)
      lines.push(`  ${r.status.padEnd(8)} ${recordTitle(r)}${note ? ` ${chalk.dim(note)}` : ''}`)
      for (const c of r.changes) lines.push(`      ${paint(changeLine(r.kind, c, review.vocabulary))}`)
    }
  }
  return lines.join('\n')
}

const md = (s: string) => s.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ')
const code = (s: string) => `\`${s.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``

/** GitHub caps a job summary at 1 MiB: long lists are cut, with a pointer to the full diff. */
export const MARKDOWN_LIMITS = {records: 300, detailed: 60, fieldsPerRecord: 100}

/** What the errors mean, in the order the findings are listed. */
const CALLOUT: Record<string, string> = {
  GATE_CHANGED: 'this change alters the gate itself (a CI workflow, the lead CI installs, or who must approve)',
  POLICY_CHANGED: 'this change alters the policy in lead.yaml it is judged by (it is judged by the base\'s)',
  PROTOCOL_RETROACTIVE: 'a protocol change re-judges referrals already recorded',
  PROTOCOL_HISTORY_REMOVED: 'protocol history was deleted',
  PROTOCOL_HISTORY_RENAMED: 'protocol history was renamed',
  ADOPTED_PROTOCOL_EDITED: 'an adopted protocol changed in place: changes go into a new protocol version',
  SUPERSEDED_PROTOCOL_CHANGED: 'a superseded protocol changed',
}

function reviewCallout(findings: readonly Diagnostic[]): string {
  const errors = findings.filter((d) => d.severity === 'error')
  if (errors.length === 0) return '> [!WARNING]\n> Review findings below: read them before approving.'
  const reasons = [...new Set(errors.map((d) => CALLOUT[d.code] ?? d.code))]
  return `> [!CAUTION]\n> ${plural(errors.length, 'review error')}: ${reasons.join('; ')}.`
}

function sourceName(s: SnapshotSource, label: string): string {
  return s.type === 'commit' ? label : `the ${label}`
}

export function renderDiffMarkdown(asFound: SiteReview): string {
  const review = shownReview(asFound)
  const out: string[] = [`## LEAD records: ${md(sourceName(review.range.base, review.base.label))} → ${md(sourceName(review.range.head, review.head.label))}`, '', `**${countsLine(review)}**`]
  if (review.review.length > 0) {
    out.push('', '### Review findings', '', reviewCallout(review.review), '')
    out.push('| | Where | Finding |', '| --- | --- | --- |')
    for (const d of review.review) out.push(`| ${d.severity === 'error' ? '❌' : '⚠️'} | ${code(`${d.file}:${d.line}`)} | ${code(d.code)} ${md(value(d.message, 2000))}${d.hint ? `<br>_${md(value(d.hint, 1000))}_` : ''} |`)
  }
  if (review.decisions.length > 0) {
    out.push('', '### Decisions', '')
    const icon: Record<DecisionSummary['change'], string> = {added: '➕', removed: '➖', changed: '✏️'}
    for (const d of review.decisions) out.push(`- ${icon[d.change]} ${code(d.ref)} ${md(decisionHeading(d).slice(d.ref.length + 1))}<br>${d.text === undefined ? `_${md(decisionText(d))}_` : md(decisionText(d))}`)
  }
  if (review.protocols.length > 0) {
    out.push('', '### Protocol changes')
    for (const p of review.protocols) {
      out.push('', `#### ${code(p.id)} — ${md(protocolHeading(p))}`, '')
      const field = p.items.filter((i) => FIELD_TOPICS.has(i.topic))
      const other = shownItems(p).filter((i) => !FIELD_TOPICS.has(i.topic))
      const icon: Record<SummaryItem['change'], string> = {added: '➕', removed: '➖', changed: '✏️'}
      if (p.unreadable) out.push('_Not readable YAML: see `lead validate`._', '')
      else if (field.length === 0 && p.change !== 'removed') out.push('_No change to charges, exclusions, deadlines, coverage or pathways._', '')
      for (const i of field) out.push(`- ${icon[i.change]} ${md(i.text)}`)
      if (other.length > 0) {
        if (field.length > 0) out.push('')
        out.push(`Also: ${other.map((i) => md(i.text)).join('; ')}`)
      }
    }
  }
  if (review.diff.records.length > 0) {
    out.push('', '### Records', '', '| Change | Record | File |', '| --- | --- | --- |')
    const listed = review.diff.records.slice(0, MARKDOWN_LIMITS.records)
    for (const r of listed) {
      const file = r.status === 'renamed' ? `${code(shownSitePath(r.oldFile ?? ''))} → ${code(shownSitePath(r.file))}` : code(shownSitePath(r.file))
      const id = r.status === 'renamed' && r.oldId !== r.id ? `${code(shownId(r.kind, r.oldId ?? ''))} → ${code(shownId(r.kind, r.id))}` : code(shownId(r.kind, r.id))
      const note = recordNote(r)
      out.push(`| ${r.status}${note ? ` ${md(note)}` : ''} | ${r.kind === 'config' ? 'site configuration' : `${r.kind} ${id}`} | ${file} |`)
    }
    const more = review.diff.records.length - listed.length
    if (more > 0) out.push('', `_… and ${plural(more, 'more record')}: run \`lead diff\` locally for the full list._`)
    const withChanges = review.diff.records.filter((r) => r.changes.length > 0)
    const detailed = withChanges.slice(0, MARKDOWN_LIMITS.detailed)
    for (const r of detailed) {
      out.push('', `<details><summary>${md(shownSitePath(r.file))}: ${plural(r.changes.length, 'field change')}</summary>`, '', '| Field | Before | After |', '| --- | --- | --- |')
      for (const c of r.changes.slice(0, MARKDOWN_LIMITS.fieldsPerRecord)) {
        const s = shownChange(r.kind, c, review.vocabulary)
        if (s.hidden) out.push(`| ${code(s.path)} | ${c.old === undefined ? '' : '_(not shown)_'} | ${c.new === undefined ? '' : `_${c.change} (not shown)_`} |`)
        else out.push(`| ${code(s.path)} | ${s.old === undefined ? '' : md(value(s.old, 200))} | ${s.new === undefined ? '' : md(value(s.new, 200))} |`)
      }
      if (r.changes.length > MARKDOWN_LIMITS.fieldsPerRecord) out.push('', `_… and ${r.changes.length - MARKDOWN_LIMITS.fieldsPerRecord} more._`)
      out.push('', '</details>')
    }
    if (withChanges.length > detailed.length) out.push('', `_Field changes of ${plural(withChanges.length - detailed.length, 'more record')} are not shown: run \`lead diff\` locally._`)
  }
  return withinBytes(out, SUMMARY_BYTES)
}

/**
 * The lines that fit in `budget` bytes, whole lines only, and a note when some were left out: a
 * job summary over GitHub's limit is dropped entirely, whatever a change puts in its records.
 */
function withinBytes(lines: readonly string[], budget: number): string {
  const text = lines.join('\n')
  if (Buffer.byteLength(text) <= budget) return text
  const kept: string[] = []
  let bytes = 0
  let open = false
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1
    if (bytes + size > budget - 400) break
    kept.push(line)
    bytes += size
    if (line.startsWith('<details>')) open = true
    if (line === '</details>') open = false
  }
  if (open) kept.push('', '</details>')
  kept.push('', `_… the rest is not shown (a job summary has a size limit): run \`lead diff\` locally for all of it._`)
  return kept.join('\n')
}

function sourceJson(s: SnapshotSource, label: string): unknown {
  return s.type === 'commit' ? {type: 'commit', rev: s.rev, commit: s.commit, label} : {type: s.type, label}
}

export function diffJson(asFound: SiteReview): unknown {
  const review = shownReview(asFound)
  const errors = review.review.filter((d) => d.severity === 'error').length
  return {
    ok: errors === 0,
    base: sourceJson(review.range.base, review.base.label),
    head: sourceJson(review.range.head, review.head.label),
    counts: review.diff.counts,
    policy: policyJson(review.policy),
    gate: gateJson(review.gate),
    decisions: review.decisions.map((d) => ({ref: d.ref, meeting: d.meeting, file: d.file, body: d.body ?? null, date: d.date ?? null, change: d.change, kind: d.kind ?? null, outcome: d.outcome ?? null, old_outcome: d.oldOutcome ?? null, concerns: d.concerns, text: d.text ?? null})),
    protocols: review.protocols.map((p) => ({id: p.id, file: p.file, change: p.change, version: p.version ?? null, status: p.status ?? null, effective: p.effective ?? null, compared_to: p.comparedTo ?? null, unreadable: Boolean(p.unreadable), items: p.items.map((i) => ({topic: i.topic, change: i.change, subject: i.subject ?? null, text: i.text, old: i.old ?? null, new: i.new ?? null}))})),
    records: review.diff.records.map((r) => ({
      status: r.status,
      kind: r.kind,
      id: r.kind === 'config' ? r.id : shownId(r.kind, r.id),
      file: r.kind === 'config' ? r.file : shownSitePath(r.file),
      old_file: r.oldFile === undefined ? null : shownSitePath(r.oldFile),
      old_id: r.oldId === undefined ? null : shownId(r.kind, r.oldId),
      formatting_only: Boolean(r.formattingOnly),
      unreadable: r.unreadable ?? null,
      changes: r.changes.map((c) => {
        const s = shownChange(r.kind, c, review.vocabulary)
        return {change: c.change, path: s.path, old: s.old ?? null, new: s.new ?? null, hidden: s.hidden}
      }),
    })),
    review: {errors, warnings: review.review.length - errors, diagnostics: review.review.map(({file, line, column, severity, code: c, message, hint}) => ({file, line, column, severity, code: c, message, hint: hint ?? null}))},
  }
}
