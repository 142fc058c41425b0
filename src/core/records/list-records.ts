/**
 * The records `lead list` shows: of one kind, filtered, sorted, the first N. Sorting by ID (the
 * default) sorts by each record's `id` field, which is normally the ID its file name implies:
 * when a remembered check (derived-memo.ts) says it is for every record of the kind, exactly as
 * they are now, the order comes from the file names and only the N records shown are read (from
 * their files) instead of every record's value (the 9 MB values file on 10,000 referrals).
 */
import {KIND_INFO, type Kind} from './kinds.js'
import {asRecordData, type RecordData, type SiteRecord, type SiteRecords} from './load.js'
import {siteStateKey} from './derived-memo.js'
import {parseRecordText} from './record-parse.js'
import {sortBy, valueAt, type QueryScope} from './record-query.js'
import type {Site} from '../site.js'

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
  unreadable: SiteRecord[]
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

export function listRecords(site: Site, records: SiteRecords, kind: Kind, query: ListQuery): ListedRecords {
  const all = records.ofKind(kind)
  const sort = query.sort ?? 'id'
  const key = sort === 'id' && !query.where && query.limit !== undefined && query.limit <= FEW ? siteStateKey(site, records, 'list: id fields agree', {kind}, new Set([kind])) : undefined
  const known = key === undefined ? undefined : (records.cache?.derived(key) as IdsAgree | undefined)
  if (known && Array.isArray(known.unreadable)) {
    const fast = firstByFileId(all, known.unreadable, query.limit!, query.scope)
    if (fast) return fast
  }
  const unreadable = all.filter((r) => !r.data)
  let rows = all.filter((r) => r.data && (!query.where || query.where(r.data))).map((r) => r.data!)
  rows = sortBy(rows, sort, (d) => d, query.scope)
  if (query.limit) rows = rows.slice(0, query.limit)
  if (key !== undefined && all.every((r) => !r.data || valueAt(r.data, 'id') === r.id)) {
    records.cache?.setDerived(key, {unreadable: all.flatMap((r, i) => (r.data ? [] : [i]))} satisfies IdsAgree)
  }
  return {rows, total: all.length, unreadable}
}

/**
 * The first `limit` readable records by ID, when every readable record's `id` field is its file's
 * ID: sorting by file ID then gives the order sorting by the field does. Undefined (read them all)
 * when a record shown no longer reads as remembered (changed since it was listed).
 */
function firstByFileId(all: SiteRecord[], unreadableAt: number[], limit: number, scope: QueryScope | undefined): ListedRecords | undefined {
  const skip = new Set(unreadableAt)
  const readable = all.filter((_, i) => !skip.has(i))
  const shown = sortBy(readable, 'id', (r) => ({id: r.id}), scope).slice(0, limit)
  const rows: RecordData[] = []
  for (const r of shown) {
    const data = asRecordData(parseRecordText(r.file, r.source.text, {conceal: KIND_INFO[r.kind].participantData === true}).data)
    if (!data || valueAt(data, 'id') !== r.id) return undefined
    rows.push(data)
  }
  return {rows, total: all.length, unreadable: all.filter((_, i) => skip.has(i))}
}
