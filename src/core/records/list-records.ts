/**
 * The records `lead list` shows: of one kind, filtered, sorted, the first N. Sorting by ID (the
 * default) sorts by each record's `id` field, which is normally the ID its file name implies:
 * when a remembered check (derived-memo.ts) says it is for every record of the kind, exactly as
 * they are now, the order comes from the file names and only the N records shown are read (from
 * their files) instead of every record's value (the 9 MB values file on 10,000 referrals).
 */
import path from 'node:path'
import {KIND_INFO, type Kind} from './kinds.js'
import type {RecordData, SiteRecord, SiteRecords} from './load.js'
import {readCapped} from './bounded-read.js'
import {gitFileState, type GitFileState} from './git-file-state.js'
import {listSiteFilesFromGit} from './site-files.js'
import {memoKey, readStateMemo, recordsAsDigested, siteStateDigest, writeStateMemo} from './state-memo.js'
import {siteStateKey} from './derived-memo.js'
import {decodeRecordBytes, parseRecordText} from './record-parse.js'
import {asRecordData, sortBy, valueAt, type QueryScope} from './record-query.js'
import type {Site} from '../site.js'
import {machineClock} from '../clock/dates.js'

export interface ListQuery {
  where?: (data: RecordData) => boolean
  /** A field, `-field` for descending; default `id`. */
  sort?: string
  limit?: number
  scope?: QueryScope
}

export interface ListedRecords {
  rows: RecordData[]
  /** Every record of the kind, readable or not. */
  total: number
  /** Records whose file could not be read as a map of fields. */
  unreadable: Array<{file: string}>
}

/**
 * Parsing records one by one beats reading the values file whole only for a few: on 10,000
 * referrals, --limit 200 already cost as much cpu as reading every value, --limit 1000 half as much
 * again.
 */
const FEW = 100

/** What the memo holds: the positions (among the kind's records) of those that are unreadable. */
interface IdsAgree {
  unreadable: number[]
}

/** `byRecords`: use and keep the check under the records' digest (false when the caller keeps it under git's). */
export function listRecords(site: Site, records: SiteRecords, kind: Kind, query: ListQuery, byRecords = true): ListedRecords {
  return listWithShown(site, records, kind, query, byRecords).listed
}

/** listRecords, with the records shown when they came in file-ID order (every `id` field its file's ID). */
function listWithShown(site: Site, records: SiteRecords, kind: Kind, query: ListQuery, byRecords: boolean): {listed: ListedRecords; shown?: SiteRecord[]} {
  const all = records.ofKind(kind)
  const sort = query.sort ?? 'id'
  const few = sort === 'id' && !query.where && query.limit !== undefined && query.limit <= FEW
  const key = byRecords && few ? siteStateKey(site, records, 'list: id fields agree', {kind}, new Set([kind])) : undefined
  const known = key === undefined ? undefined : (records.cache?.derived(key) as IdsAgree | undefined)
  let unreadableAt = known && Array.isArray(known.unreadable) ? known.unreadable : undefined
  if (few && !unreadableAt) {
    // Told from the index's facts where it has them: no referral's value is read.
    const agree = idsAgree(records, all)
    unreadableAt = agree && all.flatMap((r, i) => (agree.has(r) ? [i] : []))
    if (key !== undefined && unreadableAt) records.cache?.setDerived(key, {unreadable: unreadableAt} satisfies IdsAgree)
  }
  if (unreadableAt) {
    const fast = firstByFileId(all, unreadableAt, query.limit!, query.scope)
    if (fast) return fast
  }
  const unreadable = all.filter((r) => !r.data)
  let rows = all.filter((r) => r.data && (!query.where || query.where(r.data))).map((r) => r.data!)
  rows = sortBy(rows, sort, (d) => d, query.scope)
  if (query.limit) rows = rows.slice(0, query.limit)
  return {listed: {rows, total: all.length, unreadable}}
}

/**
 * The unreadable records of `all` when every readable one's `id` field is its file's ID (else
 * undefined): a referral's or consent's `id` from the index's facts (record-facts.ts), so that the
 * first list after a change reads no value but the few it shows.
 */
function idsAgree(records: SiteRecords, all: readonly SiteRecord[]): Set<SiteRecord> | undefined {
  const unreadable = new Set<SiteRecord>()
  for (const r of all) {
    if (!records.readable(r)) unreadable.add(r)
    else if (records.field(r, 'id') !== r.id) return undefined
  }
  return unreadable
}

/**
 * The first `limit` readable records by ID, when every readable record's `id` field is its file's
 * ID: sorting by file ID then gives the order sorting by the field does. Undefined (read them all)
 * when a record shown no longer reads as remembered (changed since it was listed).
 */
function firstByFileId(all: SiteRecord[], unreadableAt: number[], limit: number, scope: QueryScope | undefined): {listed: ListedRecords; shown: SiteRecord[]} | undefined {
  const skip = new Set(unreadableAt)
  const readable = all.filter((_, i) => !skip.has(i))
  const shown = sortBy(readable, 'id', (r) => ({id: r.id}), scope).slice(0, limit)
  const rows: RecordData[] = []
  for (const r of shown) {
    const data = asRecordData(parseRecordText(r.file, r.source.text, {conceal: KIND_INFO[r.kind].participantData === true}).data)
    if (!data || valueAt(data, 'id') !== r.id) return undefined
    rows.push(data)
  }
  return {listed: {rows, total: all.length, unreadable: all.filter((_, i) => skip.has(i))}, shown}
}

/**
 * listRecords for the site as it is now. The first few by ID come from git's answer alone (no
 * cache index, no values) when a check remembered under the working tree's digest (state-memo.ts)
 * says every record's `id` field is its file's ID and which files cannot be read; otherwise the
 * site is loaded, and that check remembered for next time.
 */
export async function listSiteRecords(site: Site, kind: Kind, query: ListQuery): Promise<ListedRecords> {
  const few = (query.sort ?? 'id') === 'id' && !query.where && query.limit !== undefined && query.limit <= FEW
  const git = await gitFileState(site.root)
  const digest = few && git ? siteStateDigest(site.root, git) : undefined
  // Which files this very list showed when asked of the same working tree: only those are read
  // (no path of the site classified or sorted). The order of IDs follows this machine's locale
  // (localeCompare). Like the check below, it holds file names, never a record's value.
  const answerKey = digest && memoKey(digest, ['list: first by id', kind, query.limit, machineClock().locale])
  const answer = answerKey ? readStateMemo<ListAnswer>(site.root, 'list-answer', answerKey) : undefined
  if (answer && Array.isArray(answer.shown) && typeof answer.total === 'number' && Array.isArray(answer.unreadableFiles)) {
    const rows = readShown(site.root, kind, answer.shown)
    if (rows) return {rows, total: answer.total, unreadable: answer.unreadableFiles.map((file) => ({file}))}
  }
  const {listed, shown} = await listFreshly(site, git, digest, kind, query)
  if (answerKey && shown) writeStateMemo(site.root, 'list-answer', answerKey, {shown, total: listed.total, unreadableFiles: listed.unreadable.map((r) => r.file)} satisfies ListAnswer)
  return listed
}

/** What the state memo holds for one `list --limit N` by ID: the files shown, in order, and the counts. */
interface ListAnswer {
  shown: Array<{file: string; id: string}>
  total: number
  unreadableFiles: string[]
}

/** The listing, and which files it showed when every record's `id` field is its file's ID (else undefined). */
async function listFreshly(site: Site, git: GitFileState | undefined, digest: string | undefined, kind: Kind, query: ListQuery): Promise<{listed: ListedRecords; shown?: ListAnswer['shown']}> {
  const key = digest && memoKey(digest, [IDS_AGREE, kind])
  const known = key ? readStateMemo<IdsAgreeFiles>(site.root, 'list', key) : undefined
  if (git && known && Array.isArray(known.unreadableFiles)) {
    const fast = firstFromGit(site.root, git, kind, new Set(known.unreadableFiles), query.limit!, query.scope)
    if (fast) return fast
  }
  // The reader (load.js, the parse cache) is loaded only when the list is worked out from the records.
  const {loadRecords} = await import('./load.js')
  const records = await loadRecords(site, {saveCache: false, git: git ?? null})
  const {listed, shown} = listWithShown(site, records, kind, query, key === undefined)
  records.cache?.save()
  // Remembered only for records that hold what the digest read of its files (one saved meanwhile would pair it with other content).
  const agree = key && git && recordsAsDigested(git, records.records) ? idsAgree(records, records.ofKind(kind)) : undefined
  if (key && agree) {
    writeStateMemo(site.root, 'list', key, {unreadableFiles: [...agree].map((r) => r.file)} satisfies IdsAgreeFiles)
    if (shown) return {listed, shown: shown.map((r) => ({file: r.file, id: r.id}))}
  }
  return {listed}
}

/** The records of `shown` read from their files; undefined when one no longer reads as its ID. */
function readShown(root: string, kind: Kind, shown: ReadonlyArray<{file: string; id: string}>): RecordData[] | undefined {
  const rows: RecordData[] = []
  const maxBytes = KIND_INFO[kind].maxBytes
  for (const f of shown) {
    if (typeof f?.file !== 'string' || typeof f.id !== 'string') return undefined
    const bytes = readCapped(path.join(root, f.file), maxBytes, {noFollow: true}).bytes
    const text = bytes && decodeRecordBytes(f.file, bytes, {maxBytes}).text
    const data = text === undefined ? undefined : asRecordData(parseRecordText(f.file, text, {conceal: KIND_INFO[kind].participantData === true}).data)
    if (!data || valueAt(data, 'id') !== f.id) return undefined
    rows.push(data)
  }
  return rows
}

/**
 * After a write, for each kind whose check a `list` remembered for the state before it: the check
 * carried to the state after it, remembered under the state git's next answer gives
 * (write/committed-state.ts: `after` and `known`, as the validation's findings are). Only the
 * written files (`changes`) differ between the two states, so only their records are looked at,
 * as the write judged and committed them: a `set` pays for its own record, not the site's. The
 * `list` that follows then reads only the records it shows. A kind no list asked of is left alone.
 */
export function rememberListChecks(root: string, before: GitFileState, after: GitFileState, known: (file: string) => string | undefined, records: SiteRecords, changes: ReadonlyArray<{file: string; kind: Kind}>): void {
  const was = siteStateDigest(root, before)
  const now = siteStateDigest(root, after, known)
  if (!was || !now) return
  for (const kind of new Set(changes.map((c) => c.kind))) {
    const had = readStateMemo<IdsAgreeFiles>(root, 'list', memoKey(was, [IDS_AGREE, kind]))
    if (!had || !Array.isArray(had.unreadableFiles)) continue
    const unreadable = new Set(had.unreadableFiles)
    let agree = true
    for (const {file} of changes.filter((c) => c.kind === kind)) {
      const record = records.atFile(file)
      unreadable.delete(file)
      // Not a record (it did not parse): one the list cannot read, as a load would find it.
      if (!record || !records.readable(record)) unreadable.add(file)
      else if (records.field(record, 'id') !== record.id) agree = false
    }
    if (agree) writeStateMemo(root, 'list', memoKey(now, [IDS_AGREE, kind]), {unreadableFiles: [...unreadable]} satisfies IdsAgreeFiles)
  }
}

/** What the check that lets `list` sort by file ID is remembered under, beside the state's digest and the kind. */
const IDS_AGREE = 'list: id fields agree'

/** What the state memo holds for `list`: the files of the kind that cannot be read. */
interface IdsAgreeFiles {
  unreadableFiles: string[]
}

function firstFromGit(root: string, git: GitFileState, kind: Kind, unreadable: ReadonlySet<string>, limit: number, scope: QueryScope | undefined): {listed: ListedRecords; shown: ListAnswer['shown']} | undefined {
  const files = git.files()
  if (!files) return undefined
  const all = listSiteFilesFromGit(root, files).files.filter((f) => f.kind === kind)
  const shown = sortBy(all.filter((f) => !unreadable.has(f.file)), 'id', (f) => ({id: f.id}), scope).slice(0, limit).map((f) => ({file: f.file, id: f.id}))
  const rows = readShown(root, kind, shown)
  return rows && {listed: {rows, total: all.length, unreadable: all.filter((f) => unreadable.has(f.file))}, shown}
}
