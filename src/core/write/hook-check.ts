/**
 * Whether lead's pre-commit hook (`lead validate --staged --since HEAD`: git/pre-commit-hook.ts)
 * would pass a write's commit, told from what the write judged; if so, the value that lets the hook
 * start no second lead for it (git/staged-check.ts). A second lead costs a `lead set` on 10,000
 * referrals more than the write itself. The write's judgement is the hook's only when:
 * - the commit is HEAD as git's status saw it with the written files: the value holds HEAD's
 *   commit and each file's blob, and the hook compares them with what git lists as staged;
 * - git lists no other file a load reads as differing from HEAD, and none it does not check, and no
 *   attribute makes git convert a file's content (a filter, an encoding: git-file-state.ts files()):
 *   the records judged are the ones staged, and lead.yaml's policy is HEAD's, which the hook judges by
 *   (and every file the write read held the blob git vouched for: records/parse-cache.ts gitHashesDiffer);
 * - every file written is a referral or consent at its usual path, new or a plain file in HEAD:
 *   the review rules judge protocols, lead.yaml and the gate's files, so none fires;
 * - the day judged is today, not within five minutes of the site's midnight (the hook judges as of
 *   its own today);
 * - no written file has an error, and every finding (warnings too) of any other file with an error
 *   is one the site had before at the same place with the same code and message: the hook reports
 *   the changed files, and the others that gained a finding, whole (review/incremental-validation.ts).
 * Otherwise undefined, and the hook runs its check as ever.
 */
import {today, wallClock} from '../clock/dates.js'
import {validSiteTimeZone} from '../clock/site-zone.js'
import type {Diagnostic} from '../errors.js'
import {stagedCheckedValue, stagedDigest, type StagedPath} from '../git/staged-check.js'
import {leadFile} from '../lead-files.js'
import {KIND_INFO, usualRecordPath} from '../records/kinds.js'
import type {Site} from '../site.js'
import {readByLoad} from './committed-tree.js'
import type {Judged} from './judged-change.js'
import {preCommitHookMayRun} from '../git/hook-presence.js'

const PLAIN_FILE = 0o100644
/** Minutes before the site's midnight after which the hook might judge another day. */
const BEFORE_MIDNIGHT = 5

/**
 * The value for the commit of `written` (file → content hash, as writeAll returns it), judged as
 * `judged`; undefined when the hook must check. `asOfGiven`: the write was judged as of a day asked
 * for; `config`: it changes lead.yaml.
 */
export function hookCheckValue(site: Site, judged: Judged, written: ReadonlyMap<string, string>, options: {asOfGiven: boolean; config: boolean}): string | undefined {
  const git = judged.git
  const head = git?.head?.commit
  if (!git || !head || options.config || options.asOfGiven || written.size === 0) return undefined
  if (!judgedToday(site, judged.asOf)) return undefined
  // No hook to read it: the value below costs git's view of every file (hook-presence.ts).
  if (git.gitDir !== undefined && !preCommitHookMayRun(git.gitDir)) return undefined
  // A file git converts (a filter, an encoding) may hold other bytes than its blob while git finds it
  // unchanged: the write judged the working tree's, the hook judges the blob's.
  if (!git.files()) return undefined
  // A link the index holds may be a plain file in the working tree (core.symlinks=false) that git
  // finds unchanged: the write read it as a record, the hook finds a link (committed-tree.ts statesFromWorkTree).
  if (git.holdsLinks()) return undefined
  // A file read from the working tree whose bytes were not the blob git vouched for (saved after
  // git looked, or a stat git trusts: core.trustctime=false) was judged as it is, not as staged.
  const cache = judged.afterRecords.cache
  if (!cache || cache.gitHashesDiffer) return undefined
  const files = new Set(written.keys())
  if (readByLoad(git.differing(), files).length > 0) return undefined
  const paths: StagedPath[] = []
  for (const [file, hash] of written) {
    const usual = usualRecordPath(file)
    if (!usual || !KIND_INFO[usual.kind].participantData) return undefined
    const inHead = git.inHead(file)
    if (inHead === undefined || (inHead !== null && inHead.mode !== PLAIN_FILE)) return undefined
    paths.push({path: git.fromTop(file), head: inHead, mode: PLAIN_FILE, oid: Buffer.from(hash, 'base64url').toString('hex')})
  }
  if (!errorsAsBefore(judged, files)) return undefined
  return stagedCheckedValue(stagedDigest(head, paths), leadFile('bin/run.js'))
}

function judgedToday(site: Site, asOf: string): boolean {
  const zone = validSiteTimeZone(site)
  const now = wallClock(Date.now(), zone)
  return asOf === today(zone) && now.getUTCHours() * 60 + now.getUTCMinutes() < 24 * 60 - BEFORE_MIDNIGHT
}

/** The hook's key of a finding (incremental-validation.ts): where, what and how it is worded. */
const hookKey = (d: Diagnostic) => `${d.file}\0${d.code}\0${d.line}\0${d.column}\0${d.message}`

/**
 * No error in a written file, and no other file with an error the hook would report: the hook
 * reports an unchanged file whole (its old errors too) once it gained any finding, a warning
 * included (review/incremental-validation.ts `affected`), so every finding of a file with an error
 * must be one the site had before.
 */
function errorsAsBefore(judged: Judged, written: ReadonlySet<string>): boolean {
  const errors = judged.after.diagnostics.filter((d) => d.severity === 'error')
  if (errors.length === 0) return true
  if (!judged.was || errors.some((d) => written.has(d.file))) return false
  const had = new Set(judged.was.diagnostics.map(hookKey))
  const withErrors = new Set(errors.map((d) => d.file))
  return judged.after.diagnostics.every((d) => !withErrors.has(d.file) || had.has(hookKey(d)))
}
