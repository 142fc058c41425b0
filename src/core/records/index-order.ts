/**
 * The order a rewrite of the parse cache's index lists files and entries in (parse-cache.ts save):
 * the order a run reads them in, so that its look-ups find each next to the last (index-tables.ts).
 * A module of its own: the index's readers, which warm commands load, need not load the walk's order.
 */
import type {FileEntry, IndexEntry} from './index-file.js'
import {walkOrder} from './site-files.js'

/**
 * Files in the walk's order and entries in the order of the files that hold them (then the rest:
 * lead.yaml's): the order a run asks for them in, so that its look-ups find each next to the last
 * (index-tables.ts). Kept in the old index's order with what changed since at the end, a site's
 * index after a day of edits sent every changed record's two look-ups to a map of 13,000 keys.
 */
export function siteOrder(files: Array<[string, FileEntry]>, entries: ReadonlyMap<string, IndexEntry>): {files: Array<[string, FileEntry]>; entries: Map<string, IndexEntry>} {
  files.sort((a, b) => walkOrder(a[0], b[0]))
  const ordered = new Map<string, IndexEntry>()
  for (const [, f] of files) {
    const entry = entries.get(f.hash)
    if (entry && !ordered.has(f.hash)) ordered.set(f.hash, entry)
  }
  for (const [hash, entry] of entries) if (!ordered.has(hash)) ordered.set(hash, entry)
  return {files, entries: ordered}
}
