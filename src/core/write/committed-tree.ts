/**
 * What a write commits is HEAD with the files it writes, and nothing else of the working tree
 * (record-writer.ts). The change is judged in the working tree; when git lists other site files
 * as differing from HEAD (a record or lead.yaml edited, staged, untracked, ignored or deleted),
 * the commit is not the state judged: a referral set to name a consent that is still untracked,
 * or valid only under an uncommitted lead.yaml, would be committed into a HEAD it leaves
 * invalid. Then the commit is judged as well, and an error it would bring into HEAD refuses the
 * write. With none listed (the usual case) the working tree is the commit, and nothing more is done.
 *
 * The commit's records are the working tree's as judged, with the files that differ as HEAD
 * holds them (statesFromWorkTree: a few blobs read, no pass over the site), when git's answer
 * tells what HEAD holds at each; otherwise HEAD's files are loaded whole (statesFromSnapshot).
 */
import type {Diagnostic} from '../errors.js'
import type {IsoDate} from '../clock/dates.js'
import {loadBlobRecords, loadSnapshot} from '../git/site-snapshot.js'
import type {SiteRepo} from '../git/site-repo.js'
import {differingFromHead, type HeadFile} from '../records/git-file-state.js'
import {classifySitePath, unreadInParticipantFolder} from '../records/site-files.js'
import {CONFIG_FILE, usualRecordPath} from '../records/kinds.js'
import type {SiteRecords} from '../records/load.js'
import {siteFromConfigBytes, type Site} from '../site.js'
import {assembleValidation} from '../validate/site-findings.js'
import {recordsFindings, validateRecords} from '../validate/site-validation.js'
import {applyInMemory, newErrors, withFilesFrom, type Judged} from './judged-change.js'
import type {ConfigChange} from './write-files.js'

export interface CommitErrors {
  /** Errors the commit would bring into HEAD. */
  errors: Diagnostic[]
  /** The site files the working tree differs from HEAD in (the change may count on any of them). */
  others: string[]
}

/** How many commits this process judged, and how many of them from HEAD's files loaded whole (tests check which path is taken). */
export const commitJudgements = {count: 0, fromSnapshot: 0}

interface CommitOptions {
  config?: ConfigChange
  asOf: IsoDate
}

/** Errors the commit would bring into HEAD that the working tree's judgement did not see; undefined: none. */
export async function errorsInCommit(site: Site, repo: SiteRepo, judged: Judged, options: CommitOptions): Promise<CommitErrors | undefined> {
  const judging = await commitToJudge(site, repo, judged, options.config)
  const states = judging?.states
  if (!states) return undefined
  const {asOf} = options
  // No basis or memo is left for these states: the next command finds the working tree's.
  const after = assembleValidation(states.nextSite, recordsFindings(states.nextSite, await states.commit(), {asOf, remember: false}), undefined)
  if (after.errors === 0) return undefined
  const before = validateRecords(states.site, await states.head(), {asOf, remember: false})
  const errors = newErrors(before, after)
  return errors.length === 0 ? undefined : {errors, others: judging.others}
}

/**
 * Whether the commit must be judged apart from the working tree, and its states: undefined when
 * no other file a load reads differs from HEAD (the working tree is the commit); `states`
 * undefined when there is nothing in history to leave invalid (no commit, or none with lead.yaml).
 */
export async function commitToJudge(site: Site, repo: SiteRepo, judged: Judged, config?: ConfigChange): Promise<{others: string[]; states?: CommitStates} | undefined> {
  const written = new Set([...(config ? [CONFIG_FILE] : []), ...judged.changes.map((c) => c.file)])
  // Git cannot tell: taken as differing everywhere, the commit is judged.
  const differing = (judged.git ? judged.git.differing() : await differingFromHead(site.root)) ?? [CONFIG_FILE]
  const others = readByLoad(differing, written)
  if (others.length === 0) return undefined
  commitJudgements.count++
  const head = await repo.currentHead()
  if (!head) return {others}
  const states = statesFromWorkTree(site, judged, differing, written, others, head, config) ?? (await statesFromSnapshot(site, judged, head, config))
  return states ? {others, states} : {others}
}

/**
 * The files of `differing` (where the working tree may differ from HEAD) a load reads, but for
 * those `written`: lead.yaml, record files (misplaced ones too: they are findings), folders git did
 * not look into. None: the working tree is HEAD with the written files, as far as a judgement goes.
 */
export function readByLoad(differing: readonly string[], written: ReadonlySet<string>): string[] {
  return differing.filter((f) => !written.has(f) && (f === CONFIG_FILE || f.endsWith('/') || (classifySitePath(f) !== undefined && !unreadInParticipantFolder(f)))).sort()
}

/** HEAD and the commit a write would make on it. */
export interface CommitStates {
  /** The settings HEAD's records are judged by (its lead.yaml), and the commit's (the written one's, when the write changes it). */
  site: Site
  nextSite: Site
  commit(): Promise<SiteRecords>
  /** HEAD's records: asked for only when the commit has errors, to tell which are new. */
  head(): Promise<SiteRecords>
}

/** HEAD's files loaded whole (as `lead diff` loads a commit), the change applied to them; undefined when HEAD has no lead.yaml. */
async function statesFromSnapshot(site: Site, judged: Judged, head: string, config?: ConfigChange): Promise<CommitStates | undefined> {
  commitJudgements.fromSnapshot++
  const at = await loadSnapshot(site.root, {type: 'commit', rev: 'HEAD', commit: head}, {parseCache: judged.afterRecords.cache})
  if (!at.hasConfig) return undefined
  const nextSite = config ? siteFromConfigBytes(site.root, Buffer.from(config.text, 'utf8')) : at.site
  const commit = applyInMemory(at.records, judged.changes)
  return {site: at.site, nextSite, commit: async () => commit, head: async () => at.records}
}

/** Modes of files a load reads as records (a link or a submodule at a record's path is a finding, or nothing). */
const REGULAR = new Set([0o100644, 0o100755])

/**
 * The commit's records from the working tree's as judged (`judged.afterRecords`): the same, but
 * for the files that differ from HEAD (`others`), which it holds as HEAD does; HEAD's are those
 * with the written files as HEAD holds them too. Taken only when that is exactly what a load of
 * HEAD gives: every site file a load reads that differs, and every file written, is a record at
 * its usual path (no listing finding is about one) that HEAD holds as a regular file or not at
 * all, as git's status and its index tell (git-file-state.ts inHead), lead.yaml is not among
 * them, and HEAD is the commit git's status saw. Otherwise undefined.
 */
function statesFromWorkTree(site: Site, judged: Judged, differing: readonly string[], written: ReadonlySet<string>, others: readonly string[], head: string, config?: ConfigChange): CommitStates | undefined {
  const git = judged.git
  if (!git || git.head?.commit !== head || differing.some((f) => f === CONFIG_FILE || f.endsWith('/'))) return undefined
  // A link the index holds (the working tree may hold a plain file git finds unchanged: core.symlinks=false), or a
  // finding of the working tree's load about a differing path that is no record's file (a folder replaced by a link):
  // HEAD's load sees neither as the working tree's did (review-92, A17 A21 A22).
  if (git.holdsLinks()) return undefined
  const differs = new Set(differing)
  if (judged.afterRecords.diagnostics.some((d) => d.file !== undefined && differs.has(d.file) && !usualRecordPath(d.file))) return undefined
  const read = differing.filter((f) => !written.has(f) && classifySitePath(f) !== undefined)
  const records = [...written].filter((f) => f !== CONFIG_FILE)
  const inHead = new Map<string, HeadFile | null>()
  for (const f of [...read, ...records]) {
    const entry = usualRecordPath(f) ? git.inHead(f) : undefined
    if (entry === undefined || (entry !== null && !REGULAR.has(entry.mode))) return undefined
    inHead.set(f, entry)
  }
  const cache = judged.afterRecords.cache
  const asInHead = (files: readonly string[]) => loadBlobRecords(site, files.flatMap((file) => (inHead.get(file) ? [{file, oid: inHead.get(file)!.oid}] : [])), cache)
  let commit: Promise<SiteRecords> | undefined
  const commitRecords = () => (commit ??= asInHead(others).then((loaded) => withFilesFrom(judged.afterRecords, new Set(others), loaded)))
  return {
    site,
    nextSite: config ? siteFromConfigBytes(site.root, Buffer.from(config.text, 'utf8')) : site,
    commit: commitRecords,
    head: async () => withFilesFrom(await commitRecords(), new Set(records), await asInHead(records)),
  }
}
