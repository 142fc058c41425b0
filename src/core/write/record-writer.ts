/**
 * The one path every write takes: lock → check git state → apply in memory → validate the new
 * state of the whole site → atomic write → `git add` + commit of exactly the written paths.
 * If validation refuses, nothing is written; if a write fails, what was written is put back.
 */
import {setImmediate as nextTurn} from 'node:timers/promises'
import fs from 'node:fs'
import path from 'node:path'
import {LeadError, ExitCode, stateError, type Diagnostic} from '../errors.js'
import {SiteRepo} from '../git/site-repo.js'
import {checkGitState} from './git-state-check.js'
import {siteFromConfigBytes, type Site} from '../site.js'
import {recordsFindings, validateRecords, type ValidationResult} from '../validate/site-validation.js'
import {assembleValidation, type SiteFindings} from '../validate/site-findings.js'
import {gitFileState, type GitFileState} from '../records/git-file-state.js'
import {rememberCommittedState} from './committed-state.js'
import {flushFileSystem, writeFileAtomic} from '../records/atomic-write.js'
import {checkOutputPath, makeSiteDir, writeOutputFile} from '../records/output-path.js'
import {CONFIG_FILE, idProblem, KIND_INFO, recordPath} from '../records/kinds.js'
import {asRecordData, loadRecords, SiteRecords, type SiteRecord} from '../records/load.js'
import {parseRecordText} from '../records/record-parse.js'
import {YamlSource} from '../records/yaml-source.js'
import {firstAfter, walkOrder} from '../records/site-files.js'
import {holdSaves, runHeldSaves} from '../records/deferred-saves.js'
import {contentHash, type ParseCache} from '../records/parse-cache.js'
import type {RecordChange} from '../records/record-change.js'
import {encodeFacts} from '../records/record-facts.js'

export type {RecordChange}

/** A new text for lead.yaml, written and committed like a record change (lead config set). */
export interface ConfigChange {
  text: string
  /** lead.yaml's text when the change was made from it; checked under the lock like a record's. */
  base: string
}

export interface WriteOptions {
  /** Commit message, e.g. `partner: set harbor-pd name`. */
  message: string
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

export interface WriteResult {
  files: string[]
  commit?: string
  /** Warnings of the new state in the changed files (errors would have refused the write). */
  warnings: Diagnostic[]
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

/** Changes given, or built from the site as loaded under the lock. */
type ChangeSource = RecordChange[] | ((before: SiteRecords) => RecordChange[])

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
    const checkWrite = (changes: RecordChange[]): Promise<void> => {
      checkChanges(site.root, changes)
      if (config) checkConfigBase(site.root, config)
      gitChecked = checkGitState(repo, filesOf(changes), commit)
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
      throw new LeadError('INVALID_CHANGE', `the change was not written: it would leave ${introduced.length} error${introduced.length === 1 ? '' : 's'}`, {
        exit: ExitCode.invalid,
        hint: introduced.slice(0, 5).map((d) => `${d.file}:${d.line}:${d.column}: ${d.code} ${d.message}`).join('; '),
        details: {diagnostics: introduced.map(({file, line, column, severity, code, message, hint}) => ({file, line, column, severity, code, message, hint}))},
      })
    }

    const changed = new Set(files)
    const warnings = afterResult.diagnostics.filter((d) => d.severity === 'warning' && changed.has(d.file))
    if (options.dryRun) return {files, warnings}
    const written = writeAll(site.root, config ? [{file: CONFIG_FILE, text: config.text}, ...changes] : changes)
    // The next command finds the new content parsed and this state validated.
    if (!commit) {
      rememberWritten(afterRecords, changes)
      return {files, warnings}
    }
    const message = typeof options.message === 'string' ? options.message : options.message()
    const untracked = changes.filter((c) => c.base === null).map((c) => c.file)
    const committing = repo.commitPaths(files, message, {untracked, fromIndex: judged.git?.checksAll(files) ?? false})
    // Saved while git works: by the next turn of the event loop git has been started.
    const [made, saved] = await Promise.allSettled([committing, nextTurn().then(() => (runHeldSaves(), rememberWritten(afterRecords, changes)))])
    if (made.status === 'rejected') throw made.reason
    if (saved.status === 'rejected') throw saved.reason
    const sha = made.value
    // The next validate or status finds this state's findings (not when lead.yaml changed: judged
    // under the old settings' key). Files added make a new list of checked files: one file of its
    // own written (records/file-lists.ts), a few ms on 13,000 paths.
    if (judged.git && !config && (await repo.committedOnly(sha, files))) rememberCommittedState(site, judged.git, afterRecords, judged.findings, options.asOf, written)
    return {files, commit: sha, warnings}
  } finally {
    runHeldSaves() // never throws
    lock.release()
  }
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

/**
 * Load the site (once), build the changes from it when they are built, and validate the site as it
 * would be. `checkWrite`: the write path's checks of the changes and git's state, started as soon
 * as the changes are known and awaited before any finding counts.
 */
async function judgeChange(site: Site, source: ChangeSource, options: Pick<WriteOptions, 'asOf' | 'config' | 'parseCache'>, checkWrite?: (changes: RecordChange[]) => Promise<void>): Promise<Judged> {
  const given = Array.isArray(source) ? source : undefined
  const checked = given && checkWrite?.(given)
  // git's answer is kept: after the commit it tells the state the next command will find (committed-state.ts).
  const git = gitFileState(site.root)
  const before = await loadRecords(site, {saveCache: false, git, ...(options.parseCache ? {parseCache: options.parseCache} : {})})
  await checked
  const changes = given ?? (source as (before: SiteRecords) => RecordChange[])(before)
  // Built from the load: git answers on its own process while the change is validated.
  const builtChecked = given ? undefined : checkWrite?.(changes)
  const afterRecords = applyInMemory(before, changes)
  const nextSite = options.config ? siteFromConfigBytes(site.root, Buffer.from(options.config.text, 'utf8')) : site
  const findings = recordsFindings(nextSite, afterRecords, {asOf: options.asOf})
  const after = assembleValidation(nextSite, findings, undefined)
  await builtChecked
  // The site as it was is validated only when the new state has errors, to tell old from new
  // (usually remembered from the last command that validated it).
  const introduced = after.errors === 0 ? [] : newErrors(validateRecords(site, before, {asOf: options.asOf}), after)
  return {changes, introduced, after, afterRecords, findings, git: await git}
}

interface Judged {
  /** The changes judged (given, or built from the load). */
  changes: RecordChange[]
  introduced: Diagnostic[]
  after: ValidationResult
  afterRecords: SiteRecords
  /** The new state's findings as a validation's memo keeps them. */
  findings: SiteFindings
  /** git's answer before the write (undefined: git cannot tell). */
  git: GitFileState | undefined
}

/**
 * Each change goes where a record of its kind and ID belongs, through no symbolic link, and to a
 * file that is still as the command read it.
 */
function checkChanges(root: string, changes: RecordChange[]): void {
  // Each folder's path is walked once (an import writes thousands of files into a few folders).
  const folders = new Set<string>()
  for (const c of changes) {
    if (idProblem(c.kind, c.id) || c.file !== recordPath(c.kind, c.id)) {
      throw new LeadError('BAD_PATH', `refusing to write ${c.file}: not the file of ${c.kind} ${c.id}`, {exit: ExitCode.usage, hint: 'record IDs are lowercase letters, digits and hyphens'})
    }
    const abs = path.join(root, c.file)
    const folder = path.dirname(abs)
    const st = lstatOrNothing(abs)
    // The whole path for a folder's first file; after it, only whether the file is a link.
    if (!folders.has(folder) || st?.isSymbolicLink()) checkOutputPath(root, abs)
    folders.add(folder)
    const current = st ? fs.readFileSync(abs, 'utf8') : null
    // A byte-order mark is not part of the text a command reads and edits (it is kept on write).
    if (withoutBom(current) !== withoutBom(c.base)) {
      throw stateError(
        'RECORD_CHANGED',
        c.base === null ? `${c.file} was created by someone else meanwhile` : `${c.file} changed while you were working on it (another lead command or an editor saved it)`,
        NOTHING_WRITTEN,
      )
    }
  }
}

/** As fs.existsSync judges: anything that cannot be looked at (a file where a folder goes) is not there; the write reports it. */
function lstatOrNothing(abs: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(abs)
  } catch {
    return undefined
  }
}

function checkConfigBase(root: string, config: ConfigChange): void {
  const abs = path.join(root, CONFIG_FILE)
  if (fs.lstatSync(abs).isSymbolicLink()) throw stateError('SYMLINK', `refusing to write through the symbolic link ${CONFIG_FILE}`, 'replace the link with the site configuration itself: lead never writes through links')
  if (fs.readFileSync(abs, 'utf8').replace(/^\uFEFF/, '') !== config.base) {
    throw stateError('RECORD_CHANGED', `${CONFIG_FILE} changed while you were working on it (another lead command or an editor saved it)`, 'nothing was written: look at it now (lead config list), then make your change again')
  }
}

/** The site as it would be with `changes` applied (through the same cache, by content hash). */
export function applyInMemory(records: SiteRecords, changes: RecordChange[]): SiteRecords {
  const replaced = new Map(changes.map((c) => [c.file, c]))
  const next: SiteRecord[] = []
  const diagnostics = records.diagnostics.filter((d) => !replaced.has(d.file))
  const toRecord = (c: RecordChange): SiteRecord => {
    // The text is parsed (lazily, by YamlSource) only if a finding needs a position.
    if (c.data) return {kind: c.kind, id: c.id, file: c.file, data: c.data, source: new YamlSource(c.file, c.text)}
    const parsed = parseRecordText(c.file, c.text, {conceal: KIND_INFO[c.kind].participantData})
    diagnostics.push(...parsed.diagnostics)
    const hash = contentHash(Buffer.from(withoutBom(c.text) ?? ''))
    parsedChanges.set(c.file, {hash, data: parsed.data ?? null, diagnostics: parsed.diagnostics})
    return {kind: c.kind, id: c.id, file: c.file, data: asRecordData(parsed.data), source: parsed.source ?? new YamlSource(c.file, c.text), hash}
  }
  const parsedChanges = new Map<string, {hash: string; data: unknown; diagnostics: Diagnostic[]}>()
  for (let i = 0; i < records.records.length; i++) {
    const r = records.records[i]!
    const change = replaced.get(r.file)
    next.push(change ? toRecord(change) : r)
    replaced.delete(r.file)
  }
  const out = new SiteRecords(replaced.size === 0 ? next : withAdded(next, [...replaced.values()].map(toRecord)), diagnostics, records.cache)
  written.set(out, parsedChanges)
  return out
}

/**
 * New records where a load of the written site lists them (the walk's order), so the state
 * validated here is the one the next command finds: the same memo key and basis list (appended,
 * the next command missed both and judged a big site afresh).
 */
function withAdded(records: readonly SiteRecord[], added: SiteRecord[]): SiteRecord[] {
  const out: SiteRecord[] = []
  let from = 0
  // Each before the first record after it (the load lists records in the walk's order).
  for (const r of added.sort((a, b) => walkOrder(a.file, b.file))) {
    const at = firstAfter(r.file, records.length, (i) => records[i]!.file, from)
    while (from < at) out.push(records[from++]!)
    out.push(r)
  }
  while (from < records.length) out.push(records[from++]!)
  return out
}

/** What applyInMemory parsed, for rememberWritten. */
const written = new WeakMap<SiteRecords, Map<string, {hash: string; data: unknown; diagnostics: Diagnostic[]}>>()

/** Put the written records' parse results in the cache and save it (with the new state's findings). */
function rememberWritten(after: SiteRecords, changes: RecordChange[]): void {
  const parsed = written.get(after)
  if (!after.cache || !parsed) return
  for (const c of changes) {
    const p = parsed.get(c.file)
    if (!p) continue
    // With the schema result the validation found, so the next command needs no ajv for it; and
    // a referral's or consent's facts, so the next validation finds its readers without its value
    // (its facts were worked out before its content was in the cache, where they could not be kept).
    const record = after.records.find((r) => r.file === c.file)
    const schemaResult = record?.schemaResult
    const participant = KIND_INFO[c.kind].participantData === true
    const facts = participant && record?.data !== undefined ? after.factsOf(record) : undefined
    after.cache.set(p.hash, {data: p.data, diagnostics: p.diagnostics.map(({file: _file, ...rest}) => rest), ...(participant ? {concealed: true} : {}), ...(schemaResult ? {schema: {kind: c.kind, diagnostics: schemaResult}} : {})})
    if (participant && record?.data !== undefined) after.cache.setFacts(p.hash, encodeFacts(facts))
  }
  after.cache.save()
}

/**
 * Errors the change causes, anywhere in the site. Errors that were there before are not held
 * against it, so a broken record can be mended one field at a time; positions are left out
 * because an edit shifts the lines below it. A finding whose message masks what it found (an
 * identifier in a referral) is told apart by its field and a digest of what it found, and counted:
 * a second name in a field that already held one is new, however alike their masks look.
 */
export function newErrors(before: ValidationResult, after: ValidationResult): Diagnostic[] {
  const key = (d: Diagnostic) => (d.subject === undefined ? `${d.file}\0${d.code}\0${d.message}` : `${d.file}\0${d.code}\0${JSON.stringify(d.path ?? [])}\0${d.subject}`)
  const old = new Map<string, number>()
  for (const d of before.diagnostics) if (d.severity === 'error') old.set(key(d), (old.get(key(d)) ?? 0) + 1)
  return after.diagnostics.filter((d) => {
    if (d.severity !== 'error') return false
    const left = old.get(key(d)) ?? 0
    old.set(key(d), left - 1)
    return left <= 0
  })
}

const NOTHING_WRITTEN = 'nothing was written: look at the record now (lead show), then make your change again'
const createdMeanwhile = (file: string) => stateError('RECORD_CHANGED', `${file} was created by someone else meanwhile`, NOTHING_WRITTEN)

/** Above this many new files, they are flushed together rather than one fsync each. */
const BATCH_FLUSH = 8

const withoutBom = (text: string | null): string | null => (text?.startsWith('\uFEFF') ? text.slice(1) : text)

/** Write the changes; the content hash of the bytes each file was given (committed-state.ts checks a commit left them). */
function writeAll(root: string, changes: ReadonlyArray<Pick<RecordChange, 'file' | 'text'> & {base?: RecordChange['base']}>): Map<string, string> {
  const written = new Map<string, string>()
  const undo: Array<{abs: string; old: Buffer | undefined}> = []
  const batched: string[] = []
  const folders = new Set<string>()
  const batch = changes.filter((c) => c.base === null).length > BATCH_FLUSH
  try {
    for (const c of changes) {
      const abs = path.join(root, c.file)
      const old = fs.existsSync(abs) ? fs.readFileSync(abs) : undefined
      // A new record's file that appeared while the change was judged (checkChanges looked before
      // the validation) is someone else's: never replaced, and what was written so far is undone.
      const fresh = c.base === null
      if (fresh && old !== undefined) throw createdMeanwhile(c.file)
      // Each folder is made (and checked for links) once per write, not once per file.
      const dir = path.dirname(c.file)
      if (!folders.has(dir)) makeSiteDir(root, dir)
      folders.add(dir)
      // A file saved with a byte-order mark (by Windows editors) keeps it.
      const bom = old !== undefined && old[0] === 0xef && old[1] === 0xbb && old[2] === 0xbf
      // A new file has no old content a crash could lose: it can wait for the batch's one flush.
      const later = batch && old === undefined
      const text = bom ? `\uFEFF${withoutBom(c.text)}` : c.text
      try {
        writeOutputFile(root, abs, text, {sync: !later, folderChecked: true, exclusive: fresh})
      } catch (error) {
        if (fresh && (error as NodeJS.ErrnoException).code === 'EEXIST') throw createdMeanwhile(c.file)
        throw error
      }
      written.set(c.file, contentHash(Buffer.from(text, 'utf8')))
      if (later) batched.push(abs)
      undo.push({abs, old})
    }
    if (batched.length > 0) flushFileSystem(root, batched)
    return written
  } catch (error) {
    for (const {abs, old} of undo.reverse()) {
      try {
        if (old === undefined) fs.rmSync(abs, {force: true})
        else writeFileAtomic(abs, old)
      } catch {
        // Keep the original error: it says what went wrong first.
      }
    }
    if (error instanceof LeadError) throw error
    const full = (error as NodeJS.ErrnoException).code === 'ENOSPC'
    throw new LeadError(full ? 'DISK_FULL' : 'IO_ERROR', `could not write the change: ${(error as Error).message}`, {exit: ExitCode.io, hint: full ? 'the disk is full: free some space and try again; nothing was changed' : 'check the permissions of the site folder; nothing was changed'})
  }
}
