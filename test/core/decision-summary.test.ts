import {describe, expect, it} from 'vitest'
import {summarizeDecisions} from '../../src/core/review/decision-summary.js'
import type {SiteDiff} from '../../src/core/review/site-diff.js'
import {NO_VOCABULARY} from '../../src/core/privacy/vocabulary.js'

const adopt = {kind: 'adopt_protocol', text: 'Adopt version 3.', concerns: [{kind: 'protocol', id: '2027-v3'}], outcome: 'deferred'}
const report = {kind: 'approve_report', text: 'Approve the Q1 report.', outcome: 'consensus'}
const meeting = (decisions: unknown[]) => ({id: 'pcg-2026-06-10', body: 'pcg', date: '2026-06-10', status: 'held', decisions})

function changed(before: unknown[], after: unknown[]): SiteDiff {
  const file = 'meetings/2026/pcg-2026-06-10.yaml'
  return {records: [{status: 'changed', kind: 'meeting', id: 'pcg-2026-06-10', file, old: {file, id: 'pcg-2026-06-10', data: meeting(before)}, new: {file, id: 'pcg-2026-06-10', data: meeting(after)}, changes: []}], counts: {added: 0, removed: 0, changed: 1, renamed: 0}}
}

describe('summarizeDecisions', () => {
  it('an outcome that changed is one changed decision, with the old outcome', () => {
    const s = summarizeDecisions(changed([adopt, report], [{...adopt, outcome: 'consensus'}, report]), undefined, {...NO_VOCABULARY, protocols: new Set(['2027-v3'])})
    expect(s).toEqual([{ref: 'pcg-2026-06-10#1', meeting: 'pcg-2026-06-10', file: 'meetings/2026/pcg-2026-06-10.yaml', body: 'pcg', date: '2026-06-10', change: 'changed', kind: 'adopt_protocol', outcome: 'consensus', oldOutcome: 'deferred', concerns: [{kind: 'protocol', id: '2027-v3'}], text: 'Adopt version 3.'}])
  })

  it('a decision moved in the list is not a change; one removed is listed with its old number', () => {
    expect(summarizeDecisions(changed([adopt, report], [report, adopt]))).toEqual([])
    const s = summarizeDecisions(changed([adopt, report], [report]))
    expect(s.map((d) => [d.ref, d.change, d.kind])).toEqual([['pcg-2026-06-10#1', 'removed', 'adopt_protocol']])
  })

  it('conceals the ID of a record it concerns that the site does not declare', () => {
    const s = summarizeDecisions(changed([], [{...adopt, concerns: [{kind: 'partner', id: 'zebulon-quackenbush'}]}]))
    expect(s[0]!.concerns).toEqual([{kind: 'partner', id: '‹text of 19 characters, not shown›'}])
  })

  it('withholds text the identifier scan flags, not text naming staff the site knows', () => {
    const s = summarizeDecisions(changed([], [{kind: 'other', text: 'Morgan Tate to call 360-555-0199.', outcome: 'consensus'}, {kind: 'other', text: 'Morgan Tate circulates the minutes.', outcome: 'consensus'}]), {staff: new Set(['morgan tate'])})
    expect(s.map((d) => d.text)).toEqual([undefined, 'Morgan Tate circulates the minutes.'])
  })
})
