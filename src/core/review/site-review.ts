/**
 * `lead diff`'s engine: resolve what to compare (revisions, the index, the working tree), load
 * both sides, and return the record changes, the protocol summary and the review findings.
 */
import type {Diagnostic} from '../errors.js'
import {usageError} from '../errors.js'
import {mergeBase, repoPrefix, resolveCommit} from '../git/revision-files.js'
import {describeSource, loadChangedSnapshots, type SiteSnapshot, type SnapshotSource} from '../git/site-snapshot.js'
import {SiteRecords} from '../records/load.js'
import type {IsoDate} from '../clock/dates.js'
import {today} from '../clock/dates.js'
import {validSiteTimeZone} from '../clock/site-zone.js'
import {applySeverityOverrides} from '../validate/site-validation.js'
import {acceptFindings} from './accepted-findings.js'
import {judgeWithBase, type JudgedSite, type PolicyBase} from './base-policy.js'
import {gateChanges, gateFindings, type GateChange} from './gate-change.js'
import {commitMessageFindings, commitsOfChange} from './commit-messages.js'
import {commitContentFindings} from './commit-contents.js'
import {wordedBlobs, wordedDiff, wordedDiffOnce} from './changed-records.js'
import {scanAllowances, type RecordScanOptions} from '../privacy/record-scan.js'
import {declaredByBoth, selfDeclaredFindings} from './self-declared.js'
import {adoptionFindings} from './protocol-adoption.js'
import {summarizeProtocols, type ProtocolSummary} from './protocol-summary.js'
import {summarizeDecisions, type DecisionSummary} from './decision-summary.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'
import {siteVocabulary} from '../privacy/site-vocabulary.js'
import {siteWords} from '../privacy/message-repeats.js'
import {reviewDiagnostics, sortReview} from './review-rules.js'
import {diffSites, type SiteDiff, type SiteState} from './site-diff.js'

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
  /** Governance decisions the change records (meetings' decisions added, changed or removed). */
  decisions: DecisionSummary[]
  protocols: ProtocolSummary[]
  /** The policy the change is judged by, and how the change would alter it. */
  policy: JudgedSite
  /** The gate files the change touches (workflows, package.json and lock, .npmrc, CODEOWNERS). */
  gate: GateChange[]
  /** Findings of the review rules: gate and policy changes first, then protocols re-judging referrals, then protocol edits. */
  review: Diagnostic[]
  /**
   * What the site declared, under the policy the change is judged by: the only referral and
   * consent values the diff may print (privacy/disclosable.ts). A change cannot declare its own
   * values printable: lead.yaml's declarations are the base's where stricter.
   */
  vocabulary: SiteVocabulary
}

export function stateOf(snapshot: SiteSnapshot): SiteState {
  return {records: snapshot.records, hashes: snapshot.hashes, config: snapshot.hasConfig ? {data: snapshot.site.configData, source: snapshot.site.configSource} : undefined}
}

/** The head's state with only its records that differ from a partial base (and every protocol, which the summary compares across files). */
export function changedState(base: SiteSnapshot, head: SiteSnapshot): SiteState {
  const state = stateOf(head)
  if (base.partial) state.records = new SiteRecords(head.records.records.filter((r) => r.kind === 'protocol' || head.hashes.get(r.file) !== base.hashes.get(r.file)), [])
  return state
}

export interface ReviewOptions {
  cache?: boolean
  /** Take the policy from this revision instead of the base (`--policy-from`). */
  policyFrom?: PolicyBase
  /** Review codes a maintainer accepted for this change (`--accept`). */
  accept?: ReadonlySet<string>
  /** The day the change is judged (default: today in the site's time zone). */
  asOf?: IsoDate
}

export interface ChangeReviewInput {
  diff: SiteDiff
  base: SiteSnapshot
  head: SiteSnapshot
  policy: JudgedSite
  /** The gate files the change touches (gateChanges). */
  gate: readonly GateChange[]
  /** The base with every record (the snapshot may be partial). */
  completeBase: () => Promise<SiteSnapshot>
  /** judgedVocabulary, when the caller worked it out already. */
  vocabulary?: JudgedVocabulary
  /** The change's commits as readFromGit asked for them, when the caller did. */
  git?: Pick<GitReading, 'commits' | 'changes'>
}

/**
 * What a review reads from git alone, no record needed: the gate files the change touches, the
 * commits it brings, and which referrals, consents and meetings each changes. validateSince asks
 * before loading the records, so that git answers while they are parsed (and is started while
 * lead's heap is small: each process is a fork of it). A failure is the awaiting caller's.
 */
export interface GitReading {
  gate: Promise<GateChange[]>
  commits: Promise<string[]>
  /** The commits' wordedDiff (changed-records.ts), asked as soon as they are listed. */
  changes: () => Promise<string[] | undefined>
}

export function readFromGit(root: string, base: SnapshotSource & {type: 'commit'}, head: SnapshotSource): GitReading {
  const gate = gateChanges(root, base, head)
  const commits = commitsOfChange(root, base.commit, head)
  // None listed: the checks ask git nothing more (commitMessageFindings, commitContentFindings).
  const changes = commits.then((listed) => (listed.length === 0 ? undefined : wordedDiff(root, listed)))
  // Not awaited until the records are judged: a rejection is handled there, not unhandled meanwhile.
  for (const asked of [gate, commits, changes]) asked.catch(() => undefined)
  return {gate, commits, changes: () => changes}
}

/**
 * What the site declares under the policy a change is judged by (lead.yaml's places and terms are
 * the base's where stricter): `head`, all the head's records declare; `both`, what the base's
 * declared as well, the only values printed from a referral, consent or meeting the change brings
 * and let pass its scan (self-declared.ts).
 */
export interface JudgedVocabulary {
  head: SiteVocabulary
  both: SiteVocabulary
}

/** The review findings of a change: its gate and policy changes, the protocol rules, and the referrals protocol changes re-judge. */
export async function reviewChange(input: ChangeReviewInput, options: ReviewOptions = {}): Promise<Diagnostic[]> {
  const {diff, base, head, policy, gate} = input
  const rules = policy.site.config.rules
  const timeZone = validSiteTimeZone(policy.site)
  const adoption = await adoptionFindings({
    diff,
    baseProtocols: base.records.dataOf('protocol'),
    headProtocols: head.records.dataOf('protocol'),
    baseReferrals: async () => (base.partial ? await input.completeBase() : base).records.dataOf('referral'),
    timeZone,
    changeDate: options.asOf ?? today(timeZone),
  })
  const gateBase = {label: base.label, commit: base.source.type === 'commit' ? base.source.commit : undefined}
  // What the site declares, under the policy the change is judged by, worked out once for the checks
  // below (lead.yaml's places and terms are the base's where stricter): the records' declarations
  // the base made too, and the head's own for telling what passes only by them.
  const vocabulary = input.vocabulary ?? judgedVocabulary(policy, base, head)
  let scanning: RecordScanOptions | undefined
  // One set of terms for every scan: the scan's memo is keyed by it (privacy/record-scan.ts).
  const scan = (): RecordScanOptions => (scanning ??= {...scanAllowances(policy.site.config), staffNames: vocabulary.both.staff, vocabulary: vocabulary.both})
  let commitFindings: Diagnostic[][] = []
  if (base.source.type === 'commit') {
    // The commits the change brings, listed once: their messages, and what they leave in referrals,
    // consents and meetings on the way, scanned as the records are.
    const root = head.site.root
    const [prefix, commits] = await Promise.all([repoPrefix(root), input.git?.commits ?? commitsOfChange(root, base.source.commit, head.source)])
    // Which records each commit changes, asked of git once for both checks; the base's blobs from its listing.
    const changes = input.git?.changes ?? wordedDiffOnce(root, commits)
    const tree = base.tree
    const baseBlobs = tree ? () => wordedBlobs(tree) : undefined
    commitFindings = await Promise.all([
      commitMessageFindings(root, prefix, base.source.commit, commits, () => vocabulary.both.staff, () => siteWords(vocabulary.both, head.records), changes),
      commitContentFindings(root, prefix, base.source.commit, commits, head.hashes, (f) => head.hashes.has(f) || head.others.has(f), scan, {diff: changes, baseBlobs}),
    ])
  }
  const [messages = [], contents = []] = commitFindings
  // What the change itself declares (a staff name, a badge, a charge code…) lets pass in no record it brings.
  const selfDeclared = selfDeclaredFindings(base, head, {...scan(), staffNames: vocabulary.head.staff, vocabulary: vocabulary.head}, vocabulary.both)
  const found = [...gateFindings(gate, gateBase), ...policy.findings, ...reviewDiagnostics(diff, rules, {protocols: head.records.dataOf('protocol')}), ...applySeverityOverrides([...adoption, ...messages, ...contents, ...selfDeclared], rules)]
  return sortReview(acceptFindings(found, options.accept ?? new Set()))
}

export function judgeSnapshot(base: SiteSnapshot, head: SiteSnapshot, policyFrom?: PolicyBase): JudgedSite {
  return judgeWithBase(policyFrom ?? {label: base.label, site: base.site, present: base.hasConfig, commit: base.source.type === 'commit' ? base.source.commit : undefined}, {site: head.site, present: head.hasConfig})
}

export async function reviewRange(root: string, range: Range, options: ReviewOptions = {}): Promise<SiteReview> {
  const [base, head, completeBase] = await loadChangedSnapshots(root, range.base, range.head, options)
  // The head holds every declaring record (partners, rosters, trainings…) for the vocabulary: a
  // diff of it alone would judge by the few that changed. Compared are the files that differ.
  const diff = diffSites(stateOf(base), changedState(base, head))
  const protocols = summarizeProtocols(diff, base.records.dataOf('protocol'), head.records.dataOf('protocol'))
  const policy = judgeSnapshot(base, head, options.policyFrom)
  const vocabulary = judgedVocabulary(policy, base, head)
  // A decision's text is shown only when it names no one but staff the base knew as well. The IDs it
  // concerns, only when a record declares them: one the change adds is the ID of a protocol, MOU or
  // partner the diff lists as added anyway, while one no record declares was typed into the meeting.
  const decisions = diff.records.some((r) => r.kind === 'meeting') ? summarizeDecisions(diff, vocabulary.both, vocabulary.head) : []
  const gate = await gateChanges(root, range.base, range.head)
  const review = await reviewChange({diff, base, head, policy, gate, completeBase, vocabulary}, options)
  return {range, base, head, diff, decisions, protocols, policy, gate, review, vocabulary: vocabulary.both}
}

/** What a change is judged as declaring (JudgedVocabulary). */
export function judgedVocabulary(policy: JudgedSite, base: SiteSnapshot, head: SiteSnapshot): JudgedVocabulary {
  const ofHead = siteVocabulary(policy.site.config, head.records)
  return {head: ofHead, both: declaredByBoth(policy.site.config, base, head, ofHead)}
}
