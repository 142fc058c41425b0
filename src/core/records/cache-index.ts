/**
 * The parse cache's index as a command reads it: the index file with the journal's lines of its
 * generation applied. Apart from cache-files.ts (where the files are, the version) so that a command
 * answering from a memo loads neither the index's nor the journal's readers.
 */
import fs from 'node:fs'
import {cacheFile, cacheVersion, journalFile} from './cache-files.js'
import {decodeIndex, EntryTable, FileTable, type CacheFile} from './index-file.js'
import {applyDeltas, readJournal, type FileTimes} from './index-journal.js'
import {NO_SAVE, type SaveTime} from './save-time.js'
import {readPrivateFile} from './private-file.js'

/** The index as the next command reads it: the index file with its journal applied (for tests and checks). */
export function readCacheIndex(root: string): CacheFile | undefined {
  const file = cacheFile(root)
  return file && fs.existsSync(file) ? readIndex(file).body : undefined
}

/** What the index file says, with when it was saved and how many bytes it and its journal hold. */
export interface IndexSizes {
  index: number
  journal: number
  /** When the index's stamps were saved: the index file's modification time, by its file system's clock (save-time.ts). */
  saved: SaveTime
  /** When the stamps its journal's lines hold were saved, per file. */
  times: FileTimes
}

/** What an index file holds with its journal applied; an empty index when there is none or it is damaged (a cold run, never a wrong result). */
export function readIndex(file: string | undefined): {body: CacheFile; sizes: IndexSizes} {
  const empty = (): CacheFile => ({version: cacheVersion(), entries: new EntryTable(), files: new FileTable()})
  const none = (): IndexSizes => ({index: 0, journal: 0, saved: NO_SAVE, times: new Map()})
  try {
    if (!file) return {body: empty(), sizes: none()}
    // Its time and contents through one descriptor: an index another process renames in between cannot lend this one a later time.
    const read = readPrivateFile(file)
    if (!read) return {body: empty(), sizes: none()}
    const {stat} = read
    const body = decodeIndex(read.bytes, cacheVersion()) ?? empty()
    // Its stamps were taken since the run that wrote it began: that long before the file's time.
    const sizes: IndexSizes = {index: read.bytes.length, journal: 0, saved: {at: stat.mtimeMs - (body.ran ?? 0), dev: stat.dev}, times: new Map()}
    if (body.generation) {
      // What saves since the index was written learnt (index-journal.ts).
      const journal = readJournal(journalFile(file), body.generation)
      sizes.journal = journal.bytes
      sizes.times = applyDeltas(body, journal.lines)
    }
    return {body, sizes}
  } catch {
    return {body: empty(), sizes: none()}
  }
}
