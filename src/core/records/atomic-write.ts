/**
 * Writing a file so that a reader (or a crash) sees the old content or the new, never half:
 * exclusive temp file in the same folder, fsync, rename over the target, fsync the folder.
 * Refuses to write through a symbolic link.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * `mode` applies to new files; an existing file keeps its permissions (a 0600 record stays 0600)
 * unless `keepMode` is false (a private export replacing a world-readable file becomes `mode`).
 */
export function writeFileAtomic(target: string, content: string | Uint8Array, mode = 0o644, options: {keepMode?: boolean} = {}): void {
  const dir = path.dirname(target)
  const st = fs.lstatSync(target, {throwIfNoEntry: false})
  if (st?.isSymbolicLink()) throw Object.assign(new Error(`${target} is a symbolic link; lead does not write through links`), {code: 'ELOOP'})
  if (st && options.keepMode !== false) mode = st.mode & 0o777
  const temp = path.join(dir, `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.tmp`)
  const fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, mode)
  try {
    fs.writeFileSync(fd, content) // loops until every byte is written, unlike one writeSync
    fs.fsyncSync(fd)
  } catch (error) {
    fs.closeSync(fd)
    fs.rmSync(temp, {force: true})
    throw error
  }
  fs.closeSync(fd)
  try {
    fs.renameSync(temp, target)
  } catch (error) {
    fs.rmSync(temp, {force: true})
    throw error
  }
  try {
    const dirFd = fs.openSync(dir, 'r')
    try {
      fs.fsyncSync(dirFd)
    } finally {
      fs.closeSync(dirFd)
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename has still happened.
  }
}
