/**
 * `lead diff`'s engine: resolve what to compare (revisions, the index, the working tree), load
 * both sides, and return the record changes, the protocol summary and the review findings.
 */
import type {Diagnostic} from '../errors.js'
import {usageError} from '../errors.js'
import {mergeBase, resolveCommit} from '../git/revision-files.js'
import {describeSource, loadChangedSnapshots, type SiteSnapshot, type SnapshotSource} from '../git/site-snapshot.js'
import {summarizeProtocols, type ProtocolSummary} from './protocol-summary.js'
import {reviewDiagnostics} from './review-rules.js'
import {diffSites, type SiteDiff, type SiteState} from './site-diff.js'
import {siteVocabulary, type SiteVocabulary} from '../privacy/vocabulary.js'

export interface Range {
  base: SnapshotSource
  head: SnapshotSource
  /** How the user wrote it, for headings: `main...HEAD`, `HEAD..working tree`. */
  spec: string
}

export interface RangeOptions {
  /** Compare against the index (what is staged) instead of the working tree. */
  staged?: boolean
}

const commitSource = async (root: string, rev: string): Promise<SnapshotSource> => ({type: 'commit', rev, commit: await resolveCommit(root, rev)})

/**
 * `[]` → HEAD against the working tree (or the index with `staged`); `[A]` → A against it;
 * `[A, B]`, `A..B` → A against B; `A...B` → the merge base of A and B against B. An empty side of
 * `..`/`...` means HEAD, as in git.
 */
export async function resolveRange(root: string, revs: readonly string[], options: RangeOptions = {}): Promise<Range> {
  const tip: SnapshotSource = options.staged ? {type: 'index'} : {type: 'worktree'}
  if (revs.length > 2) throw usageError('TOO_MANY_REVISIONS', 'give at most two revisions: BASE and HEAD', 'e.g. lead diff main HEAD, or lead diff main...HEAD')
  if (revs.length === 2) {
    if (revs.some((r) => r.includes('..'))) throw usageError('BAD_REVISION', 'give either BASE HEAD or BASE..HEAD, not both', 'e.g. lead diff main HEAD')
    if (options.staged) throw usageError('STAGED_WITH_HEAD', '--staged compares against the index, so it takes at most one revision', 'e.g. lead diff --staged HEAD')
    const [a, b] = revs as [string, string]
    const base = await commitSource(root, a)
    const head = await commitSource(root, b)
    return {base, head, spec: `${a} ${b}`}
  }
  const rev = revs[0]
  if (rev === undefined) {
    const base = await commitSource(root, 'HEAD')
    return {base, head: tip, spec: `HEAD..${describeSource(tip)}`}
  }
  const three = rev.indexOf('...')
  const two = rev.indexOf('..')
  if (three >= 0 || two >= 0) {
    if (options.staged) throw usageError('STAGED_WITH_HEAD', '--staged compares against the index, so it takes no A..B range', 'e.g. lead diff --staged main')
    const symmetric = three >= 0
    const cut = symmetric ? three : two
    const left = rev.slice(0, cut) || 'HEAD'
    const right = rev.slice(cut + (symmetric ? 3 : 2)) || 'HEAD'
    const head = await commitSource(root, right)
    const leftCommit = await resolveCommit(root, left)
    const base: SnapshotSource = {type: 'commit', rev: symmetric ? `merge-base of ${left} and ${right}` : left, commit: symmetric ? await mergeBase(root, leftCommit, (head as {commit: string}).commit) : leftCommit}
    return {base, head, spec: rev}
  }
  return {base: await commitSource(root, rev), head: tip, spec: `${rev}..${describeSource(tip)}`}
}

export interface SiteReview {
  range: Range
  base: SiteSnapshot
  head: SiteSnapshot
  diff: SiteDiff
  protocols: ProtocolSummary[]
  /** Findings of the review rules (adopted and superseded protocols). */
  review: Diagnostic[]
  /** What the site declared: the only referral and consent values the diff may print (privacy/disclosable.ts). */
  vocabulary: SiteVocabulary
}

export function stateOf(snapshot: SiteSnapshot): SiteState {
  return {records: snapshot.records, hashes: snapshot.hashes, config: snapshot.hasConfig ? {data: snapshot.site.configData, source: snapshot.site.configSource} : undefined}
}

export function reviewSnapshots(range: Range, base: SiteSnapshot, head: SiteSnapshot): SiteReview {
  const diff = diffSites(stateOf(base), stateOf(head))
  const protocols = summarizeProtocols(diff, base.records.dataOf('protocol'), head.records.dataOf('protocol'))
  const review = reviewDiagnostics(diff, head.site.config.rules ?? base.site.config.rules, {protocols: head.records.dataOf('protocol')})
  // Declarations come from the base's lead.yaml when it has one: a change cannot declare its own values printable.
  const vocabulary = siteVocabulary(base.hasConfig ? base.site.config : head.site.config, head.records)
  return {range, base, head, diff, protocols, review, vocabulary}
}

export async function reviewRange(root: string, range: Range, options: {cache?: boolean} = {}): Promise<SiteReview> {
  const [base, head] = await loadChangedSnapshots(root, range.base, range.head, options)
  return reviewSnapshots(range, base, head)
}
