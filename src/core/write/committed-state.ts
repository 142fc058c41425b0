/**
 * After the write path's commit the site is in the state it validated: its findings are
 * remembered under the digest git's next answer will give for it (records/git-file-state.ts
 * afterCommit), so that the `lead validate` or `lead status` that usually follows a `lead set`
 * answers from the memo instead of loading 13,000 records again. The files git listed before the
 * write (changed, untracked, ignored) count with the content the write path read and judged: one
 * changed since has another hash, and git's next answer another digest. Any other change (a file
 * staged or edited meanwhile, lead.yaml, the date) gives another key, never a wrong answer.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {SiteRecords} from '../records/load.js'
import {cacheVersion, contentHash} from '../records/cache-files.js'
import {usualRecordPath, type Kind} from '../records/kinds.js'
import type {GitFileState} from '../records/git-file-state.js'
import type {Site} from '../site.js'
import type {IsoDate} from '../clock/dates.js'
import {rememberSiteFindings, type SiteFindings} from '../validate/site-findings.js'
import {rememberListChecks} from '../records/list-records.js'
import {noteStatusCarry, type StatusCarryNote} from '../referrals/status-carry-notes.js'

/** A listed record read without a content hash: a digest no answer of git's gives, so no run finds the memo. */
const UNREAD = '?'

/** git's state after the commit (GitFileState.afterCommit): `before`, git's answer before the write, with the index the commit left. */
export function committedIndex(site: Site, before: GitFileState): GitFileState | undefined {
  return before.afterCommit(site.root, cacheVersion())
}

/**
 * What became of the files lead wrote (`written`: file → content hash) once git committed them:
 * - `rewritten`: the commit holds other content (a pre-commit hook rewrote and staged the file,
 *   lint-staged; or staged other content, `git update-index --cacheinfo`; or took it out,
 *   `git rm --cached`): no validation judged it, and git's next answer would not tell it;
 * - `uncommitted`: committed as lead wrote it, the file changed after (left uncommitted).
 * `after` is git's state after the commit (undefined: the file on disk alone tells). A blob that
 * differs only as git stores the file (line endings, a clean filter) is asked of git in one go
 * (`stored`: git hash-object of the files).
 */
export async function writtenAsCommitted(root: string, after: GitFileState | undefined, written: ReadonlyMap<string, string>, stored: (files: string[]) => Promise<Map<string, string>>): Promise<{rewritten: string[]; uncommitted: string[]}> {
  const rewritten: string[] = []
  const uncommitted: string[] = []
  const ask = new Map<string, string>()
  for (const [file, hash] of written) {
    const onDisk = fileHash(path.join(root, file)) === hash
    const blob = after && (after.indexEntry(file)?.oid ?? null)
    if (!onDisk) (blob === hash ? uncommitted : rewritten).push(file)
    else if (blob === null) rewritten.push(file)
    else if (blob !== undefined && blob !== hash) ask.set(file, blob)
  }
  if (ask.size > 0) {
    const asStored = await stored([...ask.keys()])
    for (const [file, blob] of ask) if (asStored.get(file) !== blob) rewritten.push(file)
  }
  return {rewritten, uncommitted}
}

/**
 * `records` as written and committed (`changes`: the files written), and their findings (and list's
 * check, records/list-records.ts), for git's state after the commit (`before`: git's answer before
 * the write), with the write's note for the status after it (`carry`, write/status-carry-note.ts);
 * the caller has checked that the commit and the files hold what was written (writtenAsCommitted,
 * SiteRepo.committedBeside).
 */
export function rememberCommittedState(site: Site, before: GitFileState, after: GitFileState | undefined, records: SiteRecords, changes: ReadonlyArray<{file: string; kind: Kind}>, findings: SiteFindings, asOf: IsoDate, carry?: StatusCarryNote): void {
  if (!after) return
  // git lists few files: a record's found by its kind and ID, without a map of 13,000 paths unless
  // one sits where no record usually does. Other files are read (not records: nothing judged them).
  let byPath: Map<string, string> | undefined
  const known = (file: string): string | undefined => {
    if (!/\.ya?ml$/i.test(file)) return undefined
    const usual = usualRecordPath(file)
    const record = usual && records.get(usual.kind, usual.id)
    if (record?.file === file) return record.hash ?? UNREAD
    byPath ??= new Map(records.records.map((r) => [r.file, r.hash ?? UNREAD]))
    return byPath.get(file)
  }
  const digest = rememberSiteFindings(site, after, known, asOf, findings)
  if (digest && carry) noteStatusCarry(site.root, digest, carry)
  rememberListChecks(site.root, before, after, known, records, changes)
}

function fileHash(abs: string): string | undefined {
  try {
    return contentHash(fs.readFileSync(abs))
  } catch {
    return undefined
  }
}
