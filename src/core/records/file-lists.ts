/**
 * Lists of a site's files (a validation's checked files: 13,000 paths, ~580 KB on a big site),
 * each kept in a file of its own named by its hash (.git/lead/NAME-HASH-SITE.nul: private, the
 * paths joined by NUL as raw text). A memo names its list by hash, so the few results a memo keeps
 * share a list when the site's files did not change (an edit, not a new file), and a new list is
 * one file written, not a file of all the lists read and rewritten (~25 ms a `lead set`, ~90 ms a
 * `lead new`).
 *
 * Held = a file of that name and the list's size: nothing is read to keep a list again. A list is
 * checked against its hash when read, so a damaged, foreign or vanished file (another process's
 * prune) costs a computation, never a wrong list. The hash names the content, not lead's version:
 * a list is right under any build, and one no kept result names is pruned.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {writeFileAtomic} from './atomic-write.js'
import {gitStateHome} from './cache-files.js'
import {removeQuietly as remove, sweepAbandonedWrites} from './abandoned-writes.js'
import {readPrivateFile} from './private-file.js'

const EXT = '.nul'

/** The name a list is kept under: the SHA-1 of its text (hex: a case-folding file system keeps names apart). */
export const listHash = (list: string): string => createHash('sha1').update(list).digest('hex')

function listFile(root: string, name: string, hash: string): string | undefined {
  const home = gitStateHome(root)
  return home && path.join(home.dir, `${name}-${hash}-${home.key}${EXT}`)
}

/** Keep `list` (whose hash is `hash`) unless a file of its name and size is there already. */
export function keepList(root: string, name: string, hash: string, list: string): void {
  const file = listFile(root, name, hash)
  if (!file) return
  try {
    const held = fs.lstatSync(file, {throwIfNoEntry: false})
    if (held?.isFile() && held.size === Buffer.byteLength(list)) return
    fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700})
    // Not flushed to disk: a list lost to a crash costs a computation; the rename keeps it whole.
    writeFileAtomic(file, list, 0o600, {keepMode: false, sync: false})
  } catch {
    // Unwritten, a list only costs speed.
  }
}

/** The list kept under `hash`, or undefined when it is missing or not the list of that hash (then it is removed, to be kept again). */
export function readList(root: string, name: string, hash: string): string | undefined {
  const file = listFile(root, name, hash)
  if (!file) return undefined
  let bytes: Buffer
  try {
    const read = readPrivateFile(file)
    if (!read) return undefined
    bytes = read.bytes
  } catch {
    return undefined // gone (pruned by another process meanwhile) or unreadable
  }
  if (createHash('sha1').update(bytes).digest('hex') === hash) return bytes.toString('utf8')
  // Damaged: removed, or a garbled file of the right size would pass for held and never be mended.
  remove(file)
  return undefined
}

/**
 * Remove the site's lists of `name` but those in `keep` (the lists its memo's kept results name,
 * the one just kept among them), the temporary files of writes that never finished, and the file
 * that held all the lists before (memo-NAME-SITE.json, state-memo.ts). A list another process
 * reads as it goes is read whole or found missing: either way its answer is right.
 */
export function pruneLists(root: string, name: string, keep: Iterable<string>): void {
  const home = gitStateHome(root)
  if (!home) return
  const kept = new Set(keep)
  const prefix = `${name}-`
  const suffix = `-${home.key}${EXT}`
  const legacy = `memo-${name}-${home.key}.json`
  try {
    for (const entry of fs.readdirSync(home.dir)) {
      const ours = entry.startsWith(prefix) && entry.endsWith(suffix) && entry.length === prefix.length + 40 + suffix.length
      if ((ours && !kept.has(entry.slice(prefix.length, prefix.length + 40))) || entry === legacy) remove(path.join(home.dir, entry))
    }
  } catch {
    // No folder yet, or unreadable: nothing to prune.
  }
  sweepAbandonedWrites(home.dir)
}
