/**
 * The one path every write takes: lock → check the files and git's state (write-files.ts,
 * git-state-check.ts) → judge the change (judged-change.ts: the site loaded once, the change applied
 * in memory, the new state validated) → atomic writes (write-files.ts) → a commit of exactly the
 * written paths → what the next command will find remembered (committed-state.ts). If validation
 * refuses, nothing is written; if a write fails, what was written is put back.
 */
import {setImmediate as nextTurn} from 'node:timers/promises'
import {LeadError, ExitCode, printedFinding, type Diagnostic} from '../errors.js'
import {SiteRepo} from '../git/site-repo.js'
import {storedBlobs} from '../git/commit-checks.js'
import type {GitFileState} from '../records/git-file-state.js'
import {checkGitState} from './git-state-check.js'
import type {Site} from '../site.js'
import {committedIndex, rememberCommittedState, writtenAsCommitted} from './committed-state.js'
import {statusCarryNote} from './status-carry-note.js'
import {CONFIG_FILE} from '../records/kinds.js'
import type {SiteRecords} from '../records/load.js'
import {holdSaves, runHeldSaves, saveLater} from '../records/deferred-saves.js'
import type {ParseCache} from '../records/parse-cache.js'
import type {RecordChange} from '../records/record-change.js'
import {judgeChange, rememberWritten, type ChangeSource, type Judged} from './judged-change.js'
import {checkChanges, checkConfigBase, writeAll, type ConfigChange} from './write-files.js'
import {errorsInCommit, type CommitErrors} from './committed-tree.js'
import {shownSitePath} from '../privacy/file-names.js'
import {refuseIdentifyingMessage} from './commit-message.js'
import {hookCheckValue} from './hook-check.js'
import {gitWords} from './git-words.js'
import {findGitDir} from '../git-dir.js'

export type {RecordChange, ConfigChange}

export interface WriteOptions {
  /** Commit message, e.g. `partner: set harbor-pd name`. */
  message: string
  /** The message is a person's (-m), not lead's own: it may not repeat a participant record's text (commit-message.ts). */
  messageTyped?: boolean
  /** Change lead.yaml too: the records are validated under the new settings. */
  config?: ConfigChange
  /** false: write the files and leave them uncommitted (--no-commit). */
  commit?: boolean
  asOf?: string
  lockWaitMs?: number
  /** Validate the change as it would be written, and write nothing (an import's --dry-run). */
  dryRun?: boolean
  /**
   * The parse cache the command already opened to build the change (`lead new`): the site is
   * loaded again under the lock through it, without reading its 2–3 MB index twice. Its results
   * are keyed by content and its stamps compared with the files, so they hold under the lock too.
   */
  parseCache?: ParseCache
}

/** What a git hook changed in lead's commit (WriteResult.changedByHook). */
export interface HookChanges {
  /** Written files the commit holds other content of than lead wrote. */
  rewritten: string[]
  /** Written files committed as lead wrote them, changed in the working tree after (left uncommitted). */
  uncommitted: string[]
  /** Other files the commit changed. */
  others: string[]
}

export interface WriteResult {
  files: string[]
  commit?: string
  /** Warnings of the new state in the changed files (errors would have refused the write). */
  warnings: Diagnostic[]
  /**
   * What a git hook changed after lead judged the change: written files the commit holds otherwise
   * (a formatter rewrote and staged them), or that it changed in the working tree only, and other
   * files the commit changed (one outside the site's folder as ../…). Paths as they may be printed
   * (shownSitePath): only ever shown.
   */
  changedByHook?: HookChanges
}

export async function writeRecords(site: Site, changes: RecordChange[], options: WriteOptions): Promise<WriteResult> {
  return writeUnderLock(site, changes, options)
}

/** The changes a command builds from the site as loaded under the lock, and its commit message. */
export interface BuiltChanges {
  changes: RecordChange[]
  message: string
}

/**
 * A write whose changes are built from the site as the write path loads it, under the lock
 * (`lead new` of a record given whole: its minted ID, its participant code, whether its ID is
 * free). The site is loaded once, not once to build the change and again to judge it (on 10,000
 * referrals a load is 0.1–0.15 s), and what the change was built from is the state it is judged
 * and written against: another writer that added a record meanwhile has finished (the lock), and
 * its record is seen. `build` may throw (a value missing, an ID taken): nothing is written.
 */
export async function writeBuiltRecords(site: Site, build: (before: SiteRecords) => BuiltChanges, options: Omit<WriteOptions, 'message' | 'config' | 'parseCache'>): Promise<WriteResult & BuiltChanges> {
  let built: BuiltChanges | undefined
  const result = await writeUnderLock(site, (before) => (built = build(before)).changes, {...options, message: () => built!.message})
  return {...result, ...built!}
}

async function writeUnderLock(site: Site, source: ChangeSource, options: Omit<WriteOptions, 'message'> & {message: string | (() => string)}): Promise<WriteResult> {
  const {acquireSiteLock} = await import('../records/site-lock.js')
  const lock = await acquireSiteLock(site.root, {waitMs: options.lockWaitMs})
  holdSaves()
  try {
    const commit = options.commit !== false
    const repo = new SiteRepo(site.root)
    const config = options.config
    const filesOf = (changes: RecordChange[]) => [...(config ? [CONFIG_FILE] : []), ...changes.map((c) => c.file)]
    // git's state is read while the site loads (it needs nothing the load gives), or, for changes
    // built from the load, while they are validated; either way it is judged before the
    // validation's findings: a refusal still comes before any finding, and before anything is written.
    let gitChecked: Promise<void> | undefined
    const checkWrite = (changes: RecordChange[], seen: Promise<GitFileState | undefined>): Promise<void> => {
      checkChanges(site.root, changes)
      if (config) checkConfigBase(site.root, config)
      gitChecked = checkGitState(repo, filesOf(changes), commit, seen, gitWords(changes, findGitDir(site.root)?.gitDir).line)
      gitChecked.catch(() => undefined) // awaited; a load that fails first must not leave it unhandled
      return gitChecked
    }
    let judged: Judged
    try {
      judged = await judgeChange(site, source, options, checkWrite)
    } catch (error) {
      await gitChecked // a refusal of the repository's state wins, as when it was checked first
      throw error
    }
    const {changes, introduced, after: afterResult, afterRecords} = judged
    const files = filesOf(changes)
    if (introduced.length > 0) {
      throw refusal('INVALID_CHANGE', `the change was not written: it would leave ${errorCount(introduced)}`, ExitCode.invalid, introduced, {shown: 5})
    }

    // A message naming the person a referral or consent concerns would put in history what the record may not hold.
    const message = typeof options.message === 'string' ? options.message : options.message()
    refuseIdentifyingMessage(message, changes, afterRecords, options.messageTyped ? {config: site.config} : undefined)

    // What is committed is HEAD with these files: judged too when the working tree differs elsewhere.
    const inCommit = commit ? await errorsInCommit(site, repo, judged, {config, asOf: judged.asOf}) : undefined
    if (inCommit) throw commitInvalid(files, inCommit)
    const changed = new Set(files)
    const warnings = afterResult.diagnostics.filter((d) => d.severity === 'warning' && changed.has(d.file))
    if (options.dryRun) return {files, warnings}
    // The rows the status will carry through this write (referrals/status-carry.ts), from the records as judged, before any save.
    const carry = commit && judged.git && !config ? statusCarryNote(site, judged.git, afterRecords, changes) : undefined
    const written = writeAll(site.root, config ? [{file: CONFIG_FILE, text: config.text, base: config.base}, ...changes] : changes)
    // The next command finds the new content parsed and this state validated: saved with the
    // validation's basis while git commits, or before this returns (a save that fails costs the
    // next command speed, never this write its result).
    saveLater(() => rememberWritten(afterRecords, changes))
    if (!commit) return {files, warnings}
    const untracked = changes.filter((c) => c.base === null).map((c) => c.file)
    // The state the commit leaves, read while git says what the commit holds (the last commit's, if git is asked twice).
    const remembers = judged.git !== undefined && !config
    let left: GitFileState | undefined
    const committed = remembers ? () => (left = committedIndex(site, judged.git!)) : undefined
    // lead's pre-commit hook, when installed, starts no second lead for what was judged as it would judge it.
    repo.vouchForStaged(hookCheckValue(site, judged, written, {asOfGiven: options.asOf !== undefined, config: config !== undefined}))
    const words = gitWords(changes, judged.git?.gitDir ?? findGitDir(site.root)?.gitDir)
    const committing = repo.commitPaths(files, message, {untracked, fromIndex: judged.git?.checksAll(files) ?? false, shownWords: words.line, ...(committed ? {committed} : {})})
    // By the next turn of the event loop git has been started; the saves are made before any
    // answer of git's is acted on (its failure included).
    const [made] = await Promise.allSettled([committing, nextTurn().then(runHeldSaves)])
    if (made.status === 'rejected') throw made.reason
    const sha = made.value
    // The next validate or status finds this state's findings (not when lead.yaml changed: judged
    // under the old settings' key). Files added make a new list of checked files: one file of its
    // own written (records/file-lists.ts), a few ms on 13,000 paths.
    // What a git hook changed after lead judged the change (a formatter that rewrote a file it
    // wrote, a file of its own staged into the commit): told, and no findings remembered for it.
    const beside = await repo.committedBeside(sha, files)
    // A hook may also change what is staged and leave the file: the index git left is read anyway.
    const after = judged.git && (left ?? committedIndex(site, judged.git))
    const {rewritten, uncommitted} = await writtenAsCommitted(site.root, after, written, (f) => storedBlobs(repo, f))
    const hooked = rewritten.length + uncommitted.length + (beside?.length ?? 0) > 0
    if (remembers && beside !== undefined && !hooked && !repo.overtook(sha)) rememberCommittedState(site, judged.git!, after, afterRecords, changes, judged.findings, judged.asOf, carry)
    const shown = (files: string[]) => files.map(shownSitePath)
    // A file a hook committed beside lead's is named by the hook, which may name it after the change (git-words.ts).
    const others = (beside ?? []).map((f) => shownSitePath(words.hookFile(f)))
    return {files, commit: sha, warnings, ...(hooked ? {changedByHook: {rewritten: shown(rewritten), uncommitted: shown(uncommitted), others}} : {})}
  } finally {
    runHeldSaves() // never throws
    lock.release()
  }
}

function commitInvalid(files: string[], {errors, others}: CommitErrors): LeadError {
  const listed = `${others.slice(0, 3).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''}`
  const message = `the change was not written: committed alone it would leave ${errorCount(errors)} in the site's history that the working tree does not show; the working tree differs from HEAD in ${others.length === 1 ? 'another file' : `${others.length} other files`} (${listed})`
  const next = `Commit what the change counts on first, then run the command again; or, with lead set, new or edit, write with --no-commit and commit ${files.length === 1 ? 'the file' : 'the files'} together with it`
  return refusal('COMMIT_INVALID', message, ExitCode.state, errors, {shown: 3, next, details: {uncommitted: others}})
}

const errorCount = (errors: readonly Diagnostic[]) => `${errors.length} error${errors.length === 1 ? '' : 's'}`

/** A write refused for findings: the first `shown` in the hint (with what to do `next`), all of them in --json's details. */
function refusal(code: string, message: string, exit: ExitCode, errors: readonly Diagnostic[], options: {shown: number; next?: string; details?: object}): LeadError {
  const shown = errors.slice(0, options.shown).map((d) => `${d.file}:${d.line}:${d.column}: ${d.code} ${d.message}`).join('; ')
  return new LeadError(code, message, {
    exit,
    hint: options.next ? `${shown}. ${options.next}` : shown,
    details: {diagnostics: errors.map(printedFinding), ...options.details},
  })
}

/**
 * The errors a change would bring into the site, judged as writeRecords judges it but without
 * writing: `lead new` runs this before its last question and asks again what a rule rejects.
 */
export async function introducedErrors(site: Site, changes: RecordChange[], options: Pick<WriteOptions, 'asOf' | 'config'> = {}): Promise<Diagnostic[]> {
  const judged = await judgeChange(site, changes, options)
  // What was parsed and validated is kept for the write that usually follows.
  judged.afterRecords.cache?.save()
  return judged.introduced
}
