/**
 * The parse cache's index as a command reads it: the index file with the journal's lines of its
 * generation applied. Apart from cache-files.ts (where the files are, the version) so that a command
 * answering from a memo loads neither the index's nor the journal's readers.
 */
import fs from 'node:fs'
import {readText} from './ascii-json.js'
import {cacheFile, cacheVersion, journalFile} from './cache-files.js'
import {decodeIndex, EntryTable, FileTable, type CacheFile} from './index-file.js'
import {applyDeltas, readJournal, type FileTimes} from './index-journal.js'

/** The index as the next command reads it: the index file with its journal applied (for tests and checks). */
export function readCacheIndex(root: string): CacheFile | undefined {
  const file = cacheFile(root)
  return file && fs.existsSync(file) ? readIndex(file).body : undefined
}

/** What an index file holds with its journal applied; an empty index when there is none or it is damaged (a cold run, never a wrong result). */
export function readIndex(file: string | undefined): {body: CacheFile; sizes: {index: number; journal: number; times: FileTimes}} {
  const empty = (): CacheFile => ({version: cacheVersion(), savedAt: 0, entries: new EntryTable(), files: new FileTable()})
  const sizes = {index: 0, journal: 0, times: new Map() as FileTimes}
  try {
    if (!file || !fs.lstatSync(file).isFile()) return {body: empty(), sizes}
    const text = readText(file)
    const body = decodeIndex(text, cacheVersion()) ?? empty()
    sizes.index = text.length
    if (body.generation) {
      // What saves since the index was written learnt (index-journal.ts).
      const journal = readJournal(journalFile(file), body.generation)
      sizes.journal = journal.bytes
      sizes.times = applyDeltas(body, journal.deltas)
    }
    return {body, sizes}
  } catch {
    return {body: empty(), sizes: {index: 0, journal: 0, times: new Map()}}
  }
}
