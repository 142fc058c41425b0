/**
 * What a command asks of git's index (IndexView): the walked index itself (git-index.ts), or what
 * was remembered of it under the checksum git ends it with, so that an index git has not rewritten
 * since is read, not walked.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {readPrivateFile, writePrivateJson} from './private-file.js'
import {stateFolderFile} from '../state-folder.js'
import {indexedFile, type IndexedFile} from './git-index-entry.js'
import {GitIndex, type GitIndexEntry} from './git-index.js'

/** What a warm command asks of the index: GitIndex, or its remembered summary (below). */
export interface IndexView {
  digest(): string
  unchecked(): string[]
  /** Paths in conflict, as GitIndex.unmerged lists them. */
  unmerged(): string[]
  /** Paths of tracked symbolic links, as GitIndex.links lists them. */
  links(): string[]
  /** Paths of tracked .gitattributes files, as GitIndex.attributes lists them. */
  attributes(): string[]
  hasSubmodule(): boolean
  entries(): GitIndexEntry[]
  /** The same entries by position, without an object per entry. */
  table(): GitIndex
  /** The entry at a path from the repository's top (null: none), found without walking the others where it can be. */
  entry(path: string): IndexedFile | null
}

interface Summary {
  version: string
  /** SHA-1 of the index file's bytes. */
  raw: string
  digest: string
  unchecked: string[]
  unmerged: string[]
  links: string[]
  attributes: string[]
  submodule: boolean
}

/** The index of the work tree whose git directory is `gitDir`, summarised as readIndex does (under `version`, lead's build). */
export function workTreeIndex(gitDir: string, version: string): IndexView | undefined {
  return readIndex(path.join(gitDir, 'index'), stateFolderFile(gitDir, 'index-summary.json'), version)
}

/**
 * The index at `file`, its digest, flagged paths (in conflict too) and submodule flag remembered in `summaryFile`
 * under the checksum git ends the index with (a hash of its bytes where git wrote none), and
 * `version` (lead's build): an index git has not rewritten since is read, not walked (~15-25 ms
 * before the JIT warms up), and its entries are read only if asked. Undefined as GitIndex.read.
 */
export function readIndex(file: string, summaryFile: string | undefined, version: string): IndexView | undefined {
  const read = readIndexBytes(file)
  if (!read) return undefined
  const {buf, checksum} = read
  // git's own checksum of the bytes before it names them (~2 ms of hashing fewer on 13,400 entries);
  // an index written without one (index.skipHash) is hashed here.
  const raw = !summaryFile ? '' : checksum !== undefined ? `git:${checksum}` : crypto.createHash('sha1').update(buf).digest('base64url')
  const known = summaryFile ? readSummary(summaryFile) : undefined
  if (known && known.version === version && known.raw === raw) return rememberedView(buf, known)
  const index = GitIndex.parse(buf)
  if (index && summaryFile) writeSummary(summaryFile, {version, raw, digest: index.digest(), unchecked: index.unchecked(), unmerged: index.unmerged(), links: index.links(), attributes: index.attributes(), submodule: index.hasSubmodule()})
  return index
}

/** The checksum git ends its index with (SHA-1 of the bytes before it), as written; undefined when it wrote none (zeros). */
const CHECKSUM = 20

/** The last index this process read, by its checksum: the write path reads the index three times, twice unchanged. */
let lastRead: {file: string; size: number; checksum: string; buf: Buffer} | undefined

/** The bytes of the index at `file` (those read last while its size and checksum are the same), with the checksum git ended it with. */
export function readIndexBytes(file: string): {buf: Buffer; checksum?: string} | undefined {
  let fd: number
  try {
    fd = fs.openSync(file, 'r')
  } catch {
    return undefined
  }
  try {
    const size = fs.fstatSync(fd).size
    let checksum: string | undefined
    if (size >= 32 + CHECKSUM) {
      const tail = Buffer.alloc(CHECKSUM)
      if (fs.readSync(fd, tail, 0, CHECKSUM, size - CHECKSUM) === CHECKSUM && tail.some((b) => b !== 0)) checksum = tail.toString('base64url')
    }
    // git never rewrites an index in place (it renames a new one over it): the same checksum and size are the same bytes.
    if (checksum !== undefined && lastRead?.file === file && lastRead.size === size && lastRead.checksum === checksum) return {buf: lastRead.buf, checksum}
    const buf = fs.readFileSync(fd)
    // Read whole through the same descriptor: its checksum is the one read above unless the file grew or shrank meanwhile.
    if (checksum !== undefined && (buf.length !== size || buf.toString('base64url', size - CHECKSUM) !== checksum)) return {buf}
    if (checksum !== undefined) lastRead = {file, size, checksum, buf}
    return {buf, ...(checksum === undefined ? {} : {checksum})}
  } catch {
    return undefined
  } finally {
    fs.closeSync(fd)
  }
}

function rememberedView(buf: Buffer, s: Summary): IndexView {
  let parsed: GitIndex | undefined
  const table = (): GitIndex => {
    // The same bytes were read whole when the summary was written, by this build.
    parsed ??= GitIndex.parse(buf)
    if (!parsed) throw new Error('the git index no longer reads as it did')
    return parsed
  }
  return {
    digest: () => s.digest,
    unchecked: () => [...s.unchecked],
    unmerged: () => [...s.unmerged],
    links: () => [...s.links],
    attributes: () => [...s.attributes],
    hasSubmodule: () => s.submodule,
    entries: () => table().entries(),
    table,
    entry: (path) => (parsed ? parsed.entry(path) : (indexedFile(buf, path) ?? table().entry(path))),
  }
}

function readSummary(file: string): Summary | undefined {
  try {
    const read = readPrivateFile(file)
    if (!read) return undefined
    const s = JSON.parse(read.bytes.toString('utf8')) as Partial<Summary>
    const ok = typeof s.version === 'string' && typeof s.raw === 'string' && typeof s.digest === 'string' && typeof s.submodule === 'boolean' && [s.unchecked, s.unmerged, s.links, s.attributes].every((list) => Array.isArray(list) && list.every((p) => typeof p === 'string'))
    return ok ? (s as Summary) : undefined
  } catch {
    return undefined
  }
}

function writeSummary(file: string, s: Summary): void {
  // Unremembered, the index is walked again next time.
  writePrivateJson(file, s)
}
