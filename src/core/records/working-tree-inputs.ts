/**
 * The record files of a site's working tree, as load.ts reads them: listed from git's answer when
 * there is one (git-file-state.ts), else walked.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {Diagnostic} from '../errors.js'
import {KIND_INFO, MiB, usualKind, type Kind} from './kinds.js'
import {readCapped} from './bounded-read.js'
import type {FileStamp} from './parse-cache.js'
import type {GitFiles} from './git-file-state.js'
import type {RecordInput} from './load.js'
import {classifySitePath, listFolders, listSiteFiles, listSiteFilesFromGit, strayFinding, type RecordFilter} from './site-files.js'
import {withoutIgnored} from './ignored-files.js'

/** The working tree's record files (those `only` selects): the folders it names walked when it does, else as git lists them when `git` is given (see git-file-state.ts), else walked. */
export function workingTreeInputs(root: string, git?: GitFiles, only?: RecordFilter): {inputs: RecordInput[]; diagnostics: Diagnostic[]} {
  const make = (file: string, kind: Kind, id: string, abs: string, hash?: string) => new WorkingTreeFile(file, kind, id, abs, hash)
  const listed = only?.folders ? listFolders(root, only.folders, make, only) : git ? listSiteFilesFromGit(root, git, make, only) : listSiteFiles(root, make, only)
  // The folders walked for `only` are not git's listing: asked of git's ignore rules as a walk's are.
  const diagnostics = withoutIgnored(root, listed.diagnostics, only?.folders ? undefined : git)
  return {inputs: listed.files, diagnostics: diagnostics.map((d) => strayFinding(d, () => firstBytes(path.join(root, d.file), MiB)))}
}

/** Up to `most` bytes from the start of a regular file, never through a link nor from a FIFO (undefined then). */
function firstBytes(file: string, most: number): Uint8Array | undefined {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK)
  try {
    if (!fs.fstatSync(fd).isFile()) return undefined
    const bytes = Buffer.alloc(most)
    let total = 0
    for (let n = -1; n !== 0 && total < most; total += n) n = fs.readSync(fd, bytes, total, most - total, null)
    return bytes.subarray(0, total)
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Record files a listing found before, by their site-relative paths (`files`) and the content hash
 * each was found with (`hash(i)`), which the caller vouches for (undefined: read again, as a file
 * git lists as changed); undefined when a path is no record's (the list is then not what a listing gives).
 */
export function knownRecordInputs(root: string, files: readonly string[], hash: (i: number) => string | undefined): RecordInput[] | undefined {
  const base = path.join(root, path.sep)
  const out: RecordInput[] = new Array(files.length)
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!
    // As a listing of git's clean files takes them (site-files.ts addClean): by the usual shape first.
    const kind = usualKind(file)
    if (kind !== undefined) {
      out[i] = new WorkingTreeFile(file, kind, file.slice(file.lastIndexOf('/') + 1, -5), base + file, hash(i))
      continue
    }
    const found = classifySitePath(file)
    if (!found || 'code' in found) return undefined
    out[i] = new WorkingTreeFile(file, found.kind, found.id, base + file, hash(i))
  }
  return out
}

/** A record file in the working tree (a class, not closures: a big site has 13,400 of them). */
class WorkingTreeFile implements RecordInput {
  constructor(
    readonly file: string,
    readonly kind: Kind,
    readonly id: string,
    readonly abs: string,
    readonly hash: string | undefined,
  ) {}

  read(): Uint8Array {
    const read = readCapped(this.abs, KIND_INFO[this.kind].maxBytes, {noFollow: true})
    if (read.bytes === undefined) throw new Error(`${this.file} is over the size limit`)
    return read.bytes
  }

  stamp(): FileStamp | undefined {
    try {
      const st = fs.statSync(this.abs)
      return {size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, dev: st.dev}
    } catch {
      return undefined
    }
  }
}
