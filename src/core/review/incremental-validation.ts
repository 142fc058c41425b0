/**
 * Validation of what changed since a revision (`lead validate --since REV`): the findings of a
 * full run, limited to the records that changed plus the unchanged records that gained a finding
 * because of those changes (a removed officer breaks the trainings that list the badge), and the
 * review rules on what changed, all judged by the revision's policy (see base-policy.ts). A changed
 * lead.yaml puts every file in scope; `allFiles` reports on every file, judged as a change since
 * the revision (`lead validate --policy-from REV`).
 */
import {countBySeverity, countedFiles, type Diagnostic} from '../errors.js'
import {resolveCommit} from '../git/revision-files.js'
import {loadSnapshot, loadSnapshotAgainst, type SiteSnapshot, type SnapshotSource} from '../git/site-snapshot.js'
import {CONFIG_FILE} from '../records/kinds.js'
import {ParseCache} from '../records/parse-cache.js'
import {validateRecords, type ValidationResult} from '../validate/site-validation.js'
import type {JudgedSite} from './base-policy.js'
import {gateChanges, type GateChange} from './gate-change.js'
import {diffSites} from './site-diff.js'
import {changedState, judgeSnapshot, judgedVocabulary, readFromGit, reviewChange, stateOf, type GitReading, type ReviewOptions} from './site-review.js'
import {guardFindings} from '../privacy/disclosure-guard.js'

export interface SinceOptions extends ReviewOptions {
  /** Judge the index (what is about to be committed) instead of the working tree. */
  staged?: boolean
  /** Report on every file, not only what changed (`lead validate --policy-from REV`). */
  allFiles?: boolean
}

export interface SinceResult extends ValidationResult {
  since: {rev: string; commit: string}
  /** Files added, changed or renamed since the revision. */
  changedFiles: string[]
  /** Unchanged files with findings the changes caused. */
  affectedFiles: string[]
  /** Files removed since the revision. */
  removedFiles: string[]
  /** lead.yaml changed, so every file was in scope. */
  configChanged: boolean
  /** The policy the change was judged by (the base's where stricter), and what the change would alter in it. */
  policy: JudgedSite
  /** The gate files the change touches (workflows, package.json and lock, .npmrc, CODEOWNERS). */
  gate: GateChange[]
}

const key = (d: Diagnostic) => `${d.code}\u0000${d.line}\u0000${d.column}\u0000${d.message}`

export async function validateSince(root: string, rev: string, options: SinceOptions = {}): Promise<SinceResult> {
  const commit = await resolveCommit(root, rev)
  // Both sides (and the base in full, if it is needed) load through one parse cache, saved once
  // at the end with everything the run used: the head's records and the base's.
  const parseCache = options.cache === false ? undefined : ParseCache.open(root)
  const headSource: SnapshotSource = options.staged ? {type: 'index'} : {type: 'worktree'}
  // What the review reads from git alone, asked now: git answers while the records are parsed.
  const git = readFromGit(root, {type: 'commit', rev, commit}, headSource)
  // Both are validated (the base where unchanged files' findings are compared): schemas checked as parsed.
  const snapshotOptions = {cache: options.cache, parseCache, checkSchemas: true}
  const head = await loadSnapshot(root, headSource, snapshotOptions)
  // The base is parsed only where it differs, unless unchanged files have findings to compare.
  const base = await loadSnapshotAgainst(root, {type: 'commit', rev, commit}, head, snapshotOptions)
  const result = await validateSnapshotsSince(base.snapshot, head, {rev, commit}, {...options, git}, base.complete)
  parseCache?.save()
  return result
}

export interface SnapshotsSinceOptions extends ReviewOptions {
  allFiles?: boolean
  /** What the review reads from git alone, when the caller asked for it already (readFromGit). */
  git?: GitReading
}

/**
 * `base` may be partial (only what differs from `head`); `completeBase` then loads it in full
 * when findings in unchanged files must be compared with the base.
 */
export async function validateSnapshotsSince(base: SiteSnapshot, head: SiteSnapshot, since: {rev: string; commit: string}, options: SnapshotsSinceOptions = {}, completeBase?: () => Promise<SiteSnapshot>): Promise<SinceResult> {
  const asOf = options.asOf
  // Judged by the policy of the revision it enters (or the change's own where stricter), never by what it loosens.
  const policy = judgeSnapshot(base, head, options.policyFrom)
  let whole: SiteSnapshot | undefined = base.partial ? undefined : base
  const wholeBase = async () => (whole ??= completeBase ? await completeBase() : base)
  // Against a partial base, compare only the head files that differ from it (the rest are unchanged).
  const diff = diffSites(stateOf(base), changedState(base, head))
  const changed = new Set(diff.records.filter((r) => r.status !== 'removed').map((r) => r.file))
  // A file that is no record but a finding (a scan in consents/, a link) is changed when its bytes are: a
  // scan already committed and then added to must not pass because its finding reads as before.
  for (const [file, blob] of head.others) if (blob === '' || base.others.get(file) !== blob) changed.add(file)
  const removedFiles = diff.records.filter((r) => r.status === 'removed').map((r) => r.file)
  const configChanged = changed.has(CONFIG_FILE) || !base.hasConfig
  const full = validateRecords(policy.site, head.records, {asOf})

  const everything = configChanged || options.allFiles
  const scope = new Set<string>(everything ? full.checkedFiles : changed)
  if (everything) for (const d of full.diagnostics) scope.add(d.file)
  const affected: string[] = []
  if (!everything) {
    const candidates = new Set(full.diagnostics.filter((d) => !scope.has(d.file)).map((d) => d.file))
    if (candidates.size > 0) {
      // Same files, same bytes: a finding the base did not have was caused by the changes.
      const before = validateRecords(policy.site, (await wholeBase()).records, {asOf, only: candidates})
      const had = new Set(before.diagnostics.map((d) => `${d.file}\u0000${key(d)}`))
      for (const d of full.diagnostics) {
        if (candidates.has(d.file) && !had.has(`${d.file}\u0000${key(d)}`) && !affected.includes(d.file)) affected.push(d.file)
      }
    }
    for (const f of affected) scope.add(f)
  }

  const gate = await (options.git?.gate ?? gateChanges(head.site.root, base.source, head.source))
  const vocabulary = judgedVocabulary(policy, base, head)
  const review = await reviewChange({diff, base, head, policy, gate, completeBase: wholeBase, vocabulary, git: options.git}, options)
  // The head's findings name what its records declare; a value the change declares itself (a badge
  // on a roster it adds to) is printed from a referral, consent or meeting only if the base declared it too.
  const found = full.diagnostics.filter((d) => scope.has(d.file)).map((d) => ({...d}))
  guardFindings(found, head.records.records, vocabulary.both)
  const diagnostics = [...found, ...review]
  // What bends the check comes first: the gate, then lead.yaml's policy, then the records in file order.
  const rank = (d: Diagnostic) => (d.code === 'GATE_CHANGED' ? 0 : d.file === CONFIG_FILE ? 1 : 2)
  diagnostics.sort((a, b) => rank(a) - rank(b) || (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1))
  const checkedFiles = full.checkedFiles.filter((f) => scope.has(f))
  const counts = countBySeverity(diagnostics)
  return {
    ...full,
    ...counts,
    ok: counts.errors === 0,
    files: countedFiles(checkedFiles, diagnostics),
    checkedFiles,
    diagnostics,
    since,
    changedFiles: [...changed].sort(),
    affectedFiles: affected.sort(),
    removedFiles,
    configChanged,
    policy,
    gate,
  }
}
