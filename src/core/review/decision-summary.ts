/**
 * The governance decisions a change records, read before any field-level detail (as protocol
 * changes are): each decision a meeting gains, loses or changes (kind, outcome or the records it
 * concerns), numbered as the minutes number them (pcg-2026-02-18#1).
 *
 * A decision's text is shown only for the PCG (which never discusses participants) and only when the
 * identifier scan finds nothing in it: meetings are participant-data records and this output
 * lands in CI logs; an OWG decision's text is never shown. Kinds and outcomes are the schema's
 * values; the ID of a record a decision concerns is shown only when the site declares it (the
 * schema takes any slug there, and a meeting's fields are typed by hand).
 */
import {formatDecisionRef} from '../meetings/decision-ref.js'
import {clearText, type ClearTextAllowances} from '../meetings/clear-text.js'
import type {Decision, Meeting} from '../records/types.js'
import {shown} from '../privacy/disclosable.js'
import {NO_VOCABULARY, type SiteVocabulary} from '../privacy/vocabulary.js'
import {deepEqual} from './record-diff.js'
import type {SiteDiff} from './site-diff.js'

export interface DecisionSummary {
  /** pcg-2026-02-18#1 (the number in the new version; in the old one for a removed decision). */
  ref: string
  meeting: string
  file: string
  body?: string
  date?: string
  change: 'added' | 'removed' | 'changed'
  kind?: string
  outcome?: string
  /** The outcome before, when it changed. */
  oldOutcome?: string
  /** An ID the site does not declare is concealed. */
  concerns: Array<{kind: string; id: string}>
  /** Withheld (undefined) when it looks like it holds an identifier. */
  text?: string
}

type M = Partial<Meeting>

/**
 * `judged`: the staff names and charge codes a PCG decision's text may hold (in the gate, those its
 * base declares too); `declared`: the protocols, MOUs, partners and meetings whose IDs are shown
 * among what a decision concerns (none when not given).
 */
export function summarizeDecisions(diff: SiteDiff, judged?: ClearTextAllowances, declared: SiteVocabulary = NO_VOCABULARY): DecisionSummary[] {
  const out: DecisionSummary[] = []
  for (const change of diff.records) {
    if (change.kind !== 'meeting' || change.unreadable) continue
    const neu = change.new?.data as M | undefined
    const old = change.old?.data as M | undefined
    const now = decisionsOf(neu)
    const before = decisionsOf(old)
    const meeting = {meeting: change.id, file: change.file, ...pick(neu ?? old)}
    // The PCG sets policy and never discusses participants; an OWG decision's text may name one.
    const staff = pick(neu ?? old).body === 'pcg' ? judged : null
    const matched = new Set<number>()
    now.forEach((d, i) => {
      // The same decision may move in the list: match by kind and concerns, else by position.
      let j = before.findIndex((b, k) => !matched.has(k) && deepEqual(b, d))
      if (j < 0) j = before.findIndex((b, k) => !matched.has(k) && b.kind === d.kind && deepEqual(b.concerns ?? [], d.concerns ?? []))
      if (j < 0 && i < before.length && !matched.has(i)) j = i
      if (j >= 0) matched.add(j)
      const was = j >= 0 ? before[j] : undefined
      if (was && deepEqual(was, d)) return
      const outcomeChanged = was !== undefined && was.outcome !== d.outcome
      out.push({...meeting, ref: formatDecisionRef(change.id, i + 1), change: was ? 'changed' : 'added', ...facts(d, staff, declared), ...(outcomeChanged ? {oldOutcome: str(was.outcome)} : {})})
    })
    before.forEach((d, j) => {
      if (!matched.has(j)) out.push({...meeting, meeting: change.oldId ?? change.id, ref: formatDecisionRef(change.oldId ?? change.id, j + 1), change: 'removed', ...facts(d, staff, declared)})
    })
  }
  return out.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.ref.localeCompare(b.ref, 'en', {numeric: true}))
}

function decisionsOf(m: M | undefined): Partial<Decision>[] {
  return Array.isArray(m?.decisions) ? (m.decisions as unknown[]).filter((d): d is Partial<Decision> => typeof d === 'object' && d !== null) : []
}

function pick(m: M | undefined): {body?: string; date?: string} {
  return {...(typeof m?.body === 'string' ? {body: m.body} : {}), ...(typeof m?.date === 'string' ? {date: m.date} : {})}
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

const CONCERNS_KIND = ['decisions', null, 'concerns', null, 'kind']
const CONCERNS_ID = ['decisions', null, 'concerns', null, 'id']

/** `judged` null: the text is never shown (an OWG decision). */
function facts(d: Partial<Decision>, judged: ClearTextAllowances | undefined | null, declared: SiteVocabulary): Pick<DecisionSummary, 'kind' | 'outcome' | 'concerns' | 'text'> {
  const text = judged === null ? undefined : clearText(str(d.text), judged)
  const concerns = Array.isArray(d.concerns) ? d.concerns.filter((c) => typeof c?.kind === 'string' && typeof c?.id === 'string').map((c) => ({kind: shown('meeting', CONCERNS_KIND, c.kind), id: shown('meeting', CONCERNS_ID, c.id, declared)})) : []
  return {...(str(d.kind) ? {kind: str(d.kind)} : {}), ...(str(d.outcome) ? {outcome: str(d.outcome)} : {}), concerns, ...(text !== undefined ? {text} : {})}
}

