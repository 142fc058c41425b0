/**
 * Writing a file so that a reader (or a crash) sees the old content or the new, never half:
 * exclusive temp file in the same folder, fsync, rename over the target, fsync the folder.
 * Refuses to write through a symbolic link.
 */
import {execFileSync} from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {forgetPrefetch} from './git-file-state.js'

/**
 * `mode` applies to new files; an existing file keeps its permissions (a 0600 record stays 0600)
 * unless `keepMode` is false (a private export replacing a world-readable file becomes `mode`).
 * `content` may be in parts, written in order. `sync: false` leaves flushing to the caller (flushFileSystem once after a batch of new files:
 * one fsync per file costs ~10 ms, which is minutes for an import of thousands).
 */
export function writeFileAtomic(
  target: string,
  content: string | Uint8Array | ReadonlyArray<string | Uint8Array>,
  mode = 0o644,
  options: {keepMode?: boolean; sync?: boolean; exclusive?: boolean} = {},
): void {
  // git's answer from before this write is no longer current.
  forgetPrefetch()
  const sync = options.sync !== false
  const dir = path.dirname(target)
  const st = fs.lstatSync(target, {throwIfNoEntry: false})
  if (st?.isSymbolicLink()) throw Object.assign(new Error(`${target} is a symbolic link; lead does not write through links`), {code: 'ELOOP'})
  if (st && options.keepMode !== false) mode = st.mode & 0o777
  const temp = path.join(dir, `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.tmp`)
  const fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, mode)
  try {
    // Each loops until every byte is written, unlike one writeSync; parts one after the other (no copy of the whole).
    if (typeof content === 'string' || !Array.isArray(content)) fs.writeFileSync(fd, content as string | Uint8Array)
    else for (const part of content as ReadonlyArray<string | Uint8Array>) fs.writeFileSync(fd, part)
    if (sync) fs.fsyncSync(fd)
  } catch (error) {
    fs.closeSync(fd)
    fs.rmSync(temp, {force: true})
    throw error
  }
  fs.closeSync(fd)
  try {
    if (options.exclusive) placeExclusively(temp, target)
    else fs.renameSync(temp, target)
  } catch (error) {
    fs.rmSync(temp, {force: true})
    throw error
  }
  if (!sync) return
  try {
    fsyncPath(dir)
  } catch {
    // Some platforms cannot fsync a directory; the rename has still happened.
  }
}

/**
 * Put the written temporary file at `target` only if no file is there: a hard link fails with
 * EEXIST where a rename would replace a file someone created meanwhile (an editor's new record).
 * A file system without hard links gets the rename, after a last look.
 */
function placeExclusively(temp: string, target: string): void {
  try {
    fs.linkSync(temp, target)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error
    if (fs.lstatSync(target, {throwIfNoEntry: false})) throw Object.assign(new Error(`${target} exists`), {code: 'EEXIST'})
    fs.renameSync(temp, target)
    return
  }
  fs.rmSync(temp, {force: true})
}

function fsyncPath(file: string): void {
  const fd = fs.openSync(file, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Flush everything written to the file system holding `dir` (syncfs through `sync -f`), for a batch
 * written with `sync: false`; where that is not available, fsync each file and its folder.
 */
export function flushFileSystem(dir: string, files: readonly string[]): void {
  try {
    execFileSync('sync', ['-f', dir], {stdio: 'ignore'})
    return
  } catch {
    // not Linux coreutils: fall back to one fsync per file
  }
  for (const f of files) fsyncPath(f)
  for (const d of new Set(files.map((f) => path.dirname(f)))) {
    try {
      fsyncPath(d)
    } catch {
      // some platforms cannot fsync a directory
    }
  }
}
