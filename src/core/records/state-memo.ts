/**
 * Results remembered under a digest of the whole site's state, so that a command run again over a
 * site nobody changed (a second `lead validate`, `lead status` twice in a morning) answers without
 * building a record at all: no cache index, no values, no rule.
 *
 * The digest comes from git's answer (git-file-state.ts): every tracked file's path and blob hash,
 * and the path, kind and content hash of every file git lists as changed, untracked or ignored.
 * A command adds what else its result depends on (lead.yaml, the date, its flags) to the key. A
 * result must depend on nothing else: the records' files, lead.yaml, the date and lead's own build.
 *
 * Each command keeps its few latest results, each in a file of its own (result-files.ts: private,
 * never committed); a damaged or foreign file only costs the computation.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {asStored, memoized, siteStateKey} from './derived-memo.js'
import type {LoadOptions, SiteRecords} from './load.js'
import type {Site} from '../site.js'
import {machineClock} from '../clock/dates.js'
import {contentHash, cacheVersion} from './cache-files.js'
import type {GitFileState} from './git-file-state.js'
import {keptResults, readResult, writeResult} from './result-files.js'

/** How many results each command keeps (the state before and after a change, and a spare). */
const KEEP = 3

/**
 * Undefined when the state cannot be told from git's answer (an ignored folder, an unreadable
 * file). `known`: the content hash a caller already read a file as (the write path: what it
 * validated), undefined to read the file. `seen`: filled with what each file git listed counted
 * as (a form checks that the records it read are those the digest describes). The digest is
 * worked out once per answer of git's (GitFileState.digest): the first call decides.
 */
export function siteStateDigest(root: string, git: GitFileState, known?: (file: string) => string | undefined, seen?: Map<string, string | undefined>): string | undefined {
  return git.digest((file) => {
    const hash = known?.(file) ?? readHash(path.join(root, file))
    seen?.set(file, hash)
    let reads = digestReads.get(git)
    if (!reads) digestReads.set(git, (reads = new Map()))
    reads.set(file, hash)
    return hash
  })
}

/** What each file git listed counted as when a state's digest was worked out (once per GitFileState). */
const digestReads = new WeakMap<GitFileState, Map<string, string | undefined>>()

/**
 * Whether records loaded after git's digest was worked out hold what it read of the files it read:
 * one edited in between (an editor saving while lead reads the site) pairs the digest with other
 * records, and a result remembered under it (or a basis linked to it) would be another state's
 * answer once the file is back as the digest read it. `except`: files whose records are not the
 * digest's by design (those a write changes).
 */
export function recordsAsDigested(git: GitFileState, records: ReadonlyArray<{file: string; hash?: string}>, except?: ReadonlySet<string>): boolean {
  const reads = digestReads.get(git)
  return !reads || records.every((r) => !reads.has(r.file) || reads.get(r.file) === r.hash || except?.has(r.file) === true)
}

function readHash(abs: string): string | undefined {
  try {
    const st = fs.lstatSync(abs)
    // A link is not read, but a listing says something of one to a folder it does not say of one to a file (site-files.ts).
    if (st.isSymbolicLink()) return isFolder(abs) ? 'link to a folder' : 'link'
    return st.isFile() ? contentHash(fs.readFileSync(abs)) : undefined
  } catch {
    return 'gone'
  }
}

function isFolder(abs: string): boolean {
  try {
    return fs.statSync(abs).isDirectory()
  } catch {
    return false
  }
}

/** The key of a result: the state's digest and whatever else it depends on (as JSON). */
export function memoKey(digest: string, inputs: unknown): string {
  return crypto.createHash('sha1').update(cacheVersion()).update('\0').update(digest).update('\0').update(JSON.stringify(inputs) ?? '').digest('base64url')
}

export function readStateMemo<T>(root: string, name: string, key: string): T | undefined {
  return readResult(root, name, key) as T | undefined
}

/** Keep `value` under `key` (and the command's KEEP newest results). */
export function writeStateMemo(root: string, name: string, key: string, value: unknown): void {
  writeResult(root, name, key, value, KEEP)
}

/** The results a command keeps, newest first. */
export function keptStateMemos(root: string, name: string): unknown[] {
  return keptResults(root, name)
}

/**
 * A result for the state `digest` names worked out from one remembered for an earlier state
 * (`rememberedAt`, under the same other inputs), or undefined (referrals/status-carry.ts).
 */
export type Carried<T> = (digest: string, rememberedAt: (earlier: string) => T | undefined) => Promise<T | undefined>

/** Where a command gets the site's records when it must compute: one load shared by its parts. */
export type RecordsLoader = () => Promise<SiteRecords>

export function recordsLoader(site: Site, git: GitFileState | undefined, listing?: LoadOptions['listing']): RecordsLoader {
  let loaded: Promise<SiteRecords> | undefined
  // The reader (load.js, the parse cache, the YAML readers) is loaded only by a run that computes.
  return () => (loaded ??= import('./load.js').then(({loadRecords}) => loadRecords(site, {saveCache: false, git: git ?? null, ...(listing ? {listing} : {})})))
}

/**
 * A result computed from the whole site (status, a report), remembered: under the working tree's
 * digest when git can tell it (a run over a site nobody changed loads no record at all), else
 * under a digest of the records' content hashes (derived-memo.ts). `compute` may read nothing but
 * the records, the site and `inputs` (which hold the date and flags).
 */
export async function derivedResult<T>(site: Site, what: string, inputs: unknown, compute: (records: SiteRecords) => T | Promise<T>, options: {git?: GitFileState; load?: RecordsLoader; carried?: Carried<T>} = {}): Promise<T> {
  const digest = options.git && siteStateDigest(site.root, options.git)
  // This machine's zone places times when lead.yaml names none; its locale orders text.
  const machine = machineClock()
  const keyOf = (digest: string) => memoKey(digest, [what, inputs, machine.timeZone, machine.locale, site.config, site.configSource?.text ?? null, site.configDiagnostics])
  const key = digest && keyOf(digest)
  const remembered = key ? readStateMemo<T>(site.root, what, key) : undefined
  if (remembered !== undefined) return remembered
  const carried = key ? await options.carried?.(digest!, (earlier) => readStateMemo<T>(site.root, what, keyOf(earlier))) : undefined
  if (carried !== undefined) {
    // Made of a remembered result's plain data: what a memo holds already.
    writeStateMemo(site.root, what, key!, carried)
    return carried
  }
  const records = await (options.load ?? recordsLoader(site, options.git))()
  // Remembered once: under git's digest when there is one, else under the records' digest.
  const value = key ? asStored(await compute(records)) : await memoized(records, siteStateKey(site, records, what, inputs), () => compute(records))
  records.cache?.save() // with what computing it learnt
  if (key && recordsAsDigested(options.git!, records.records)) writeStateMemo(site.root, what, key, value)
  return value
}
