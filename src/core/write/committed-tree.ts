/**
 * What a write commits is HEAD with the files it writes, and nothing else of the working tree
 * (record-writer.ts). The change is judged in the working tree; when git lists other site files
 * as differing from HEAD (a record or lead.yaml edited, staged, untracked, ignored or deleted),
 * the commit is not the state judged: a referral set to name a consent that is still untracked,
 * or valid only under an uncommitted lead.yaml, would be committed into a HEAD it leaves
 * invalid. Then the commit is judged as well, from HEAD's files, and an error it would bring into
 * HEAD refuses the write. With none listed (the usual case) the working tree is the commit, and
 * nothing more is done.
 */
import type {Diagnostic} from '../errors.js'
import type {IsoDate} from '../clock/dates.js'
import {loadSnapshot} from '../git/site-snapshot.js'
import type {SiteRepo} from '../git/site-repo.js'
import {differingFromHead} from '../records/git-file-state.js'
import {classifySitePath, unreadInParticipantFolder} from '../records/site-files.js'
import {CONFIG_FILE} from '../records/kinds.js'
import {siteFromConfigBytes, type Site} from '../site.js'
import {assembleValidation} from '../validate/site-findings.js'
import {recordsFindings, validateRecords} from '../validate/site-validation.js'
import {applyInMemory, newErrors, type Judged} from './judged-change.js'
import type {ConfigChange} from './write-files.js'

export interface CommitErrors {
  /** Errors the commit would bring into HEAD. */
  errors: Diagnostic[]
  /** The site files the working tree differs from HEAD in (the change may count on any of them). */
  others: string[]
}

/** How many commits this process judged from HEAD's files (tests check when the path is taken). */
export const commitJudgements = {count: 0}

/** Errors the commit would bring into HEAD that the working tree's judgement did not see; undefined: none. */
export async function errorsInCommit(site: Site, repo: SiteRepo, judged: Judged, options: {config?: ConfigChange; asOf: IsoDate}): Promise<CommitErrors | undefined> {
  const written = new Set([...(options.config ? [CONFIG_FILE] : []), ...judged.changes.map((c) => c.file)])
  // Git cannot tell: taken as differing everywhere, the commit is judged.
  const differing = (judged.git ? judged.git.differing() : await differingFromHead(site.root)) ?? [CONFIG_FILE]
  // What a load reads: lead.yaml, record files (misplaced ones too: they are findings), folders git did not look into.
  const others = differing.filter((f) => !written.has(f) && (f === CONFIG_FILE || f.endsWith('/') || (classifySitePath(f) !== undefined && !unreadInParticipantFolder(f)))).sort()
  if (others.length === 0) return undefined
  commitJudgements.count++
  const head = await repo.currentHead()
  // No commit yet: nothing in history to leave invalid.
  if (!head) return undefined
  const at = await loadSnapshot(site.root, {type: 'commit', rev: 'HEAD', commit: head}, {parseCache: judged.afterRecords.cache})
  if (!at.hasConfig) return undefined
  const nextSite = options.config ? siteFromConfigBytes(site.root, Buffer.from(options.config.text, 'utf8')) : at.site
  // No basis or memo is left for these states: the next command finds the working tree's.
  const after = assembleValidation(nextSite, recordsFindings(nextSite, applyInMemory(at.records, judged.changes), {asOf: options.asOf, remember: false}), undefined)
  if (after.errors === 0) return undefined
  const before = validateRecords(at.site, at.records, {asOf: options.asOf, remember: false})
  const errors = newErrors(before, after)
  return errors.length === 0 ? undefined : {errors, others}
}
