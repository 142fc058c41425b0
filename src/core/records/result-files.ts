/**
 * A command's remembered results (state-memo.ts), each in a file of its own named by its key
 * (.git/lead/memo-NAME-HASH-SITE.json, HASH the hex SHA-1 of the key: a case-folding file system
 * keeps names apart). One file held them all before: a status result is ~270 KB, so the first run
 * after a write read ~800 KB to find its key missing and rewrote it whole; now a miss is one
 * failed open and a new result one file written.
 *
 * A file is DerivedMemos' checked line holding one result, so a damaged, cut-short or foreign file
 * reads as no result. The newest few by modification time are kept; the others, and the file that
 * held them all (memo-NAME-SITE.json), go when a result is written, and so do the temporary files
 * of saves a crash cut off (abandoned-writes.ts). Another process's prune may
 * remove a file this one is about to read: it is then a miss, never a wrong answer (each file is
 * written whole, by rename).
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {cacheVersion, gitStateHome} from './cache-files.js'
import {DerivedMemos} from './derived-memo.js'
import {removeQuietly as remove, sweepAbandonedWrites} from './abandoned-writes.js'

const EXT = '.json'
const HASH_LENGTH = 40

/** The file the result of `name` under `key` is kept in (undefined outside git). */
function resultFile(root: string, name: string, key: string): string | undefined {
  const home = gitStateHome(root)
  return home && path.join(home.dir, `memo-${name}-${createHash('sha1').update(key).digest('hex')}-${home.key}${EXT}`)
}

const memo = (root: string, name: string, key: string) => new DerivedMemos(resultFile(root, name, key), cacheVersion, 1)

export function readResult(root: string, name: string, key: string): unknown {
  return memo(root, name, key).get(key)
}

/** Keep `value` as the result of `name` under `key`, and prune the results of `name` to the `keep` newest (this one among them). */
export function writeResult(root: string, name: string, key: string, value: unknown, keep: number): void {
  const file = memo(root, name, key)
  file.set(key, value)
  file.save()
  pruneResults(root, name, resultFile(root, name, key), keep)
}

/** The results of `name` kept, newest first. */
export function keptResults(root: string, name: string): unknown[] {
  const home = gitStateHome(root)
  if (!home) return []
  return resultFiles(home, name)
    .map((file) => new DerivedMemos(file, cacheVersion, 1).values()[0])
    .filter((value) => value !== undefined)
}

function pruneResults(root: string, name: string, current: string | undefined, keep: number): void {
  const home = gitStateHome(root)
  if (!home) return
  // The one just written stays whatever the clock says of the others.
  const files = resultFiles(home, name)
  for (const file of files.filter((f) => f !== current).slice(Math.max(keep - 1, 0))) remove(file)
  remove(path.join(home.dir, `memo-${name}-${home.key}${EXT}`))
  sweepAbandonedWrites(home.dir)
}

/** The result files of `name`, newest first. */
function resultFiles(home: {dir: string; key: string}, name: string): string[] {
  const prefix = `memo-${name}-`
  const suffix = `-${home.key}${EXT}`
  let entries: string[]
  try {
    entries = fs.readdirSync(home.dir)
  } catch {
    return [] // no folder yet, or unreadable
  }
  const found: Array<{file: string; at: number}> = []
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith(suffix) || entry.length !== prefix.length + HASH_LENGTH + suffix.length) continue
    if (!/^[0-9a-f]+$/.test(entry.slice(prefix.length, prefix.length + HASH_LENGTH))) continue
    const file = path.join(home.dir, entry)
    const st = fs.lstatSync(file, {throwIfNoEntry: false})
    if (st?.isFile()) found.push({file, at: st.mtimeMs})
  }
  return found.sort((a, b) => b.at - a.at).map((f) => f.file)
}
