/**
 * Reading (and writing small ones of) the files lead keeps for itself in the git directory (its caches, memos, lists, basis):
 * never through a link planted in its place, never waiting on a FIFO put there, and its bytes and
 * times through one descriptor, so a file another process renames in between cannot lend this one
 * another's time.
 */
import fs from 'node:fs'
import path from 'node:path'

/** The file's bytes and stat; undefined when it is no regular file. Throws when it cannot be opened (missing, a link). */
export function readPrivateFile(file: string): {bytes: Buffer; stat: fs.Stats} | undefined {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK)
  try {
    const stat = fs.fstatSync(fd)
    return stat.isFile() ? {bytes: fs.readFileSync(fd), stat} : undefined
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Write `value` as JSON to `file` for lead alone (0600 in a 0700 folder), whole or not at all
 * (temp file + rename). False when it could not: what it held is then worked out again next time.
 */
export function writePrivateJson(file: string, value: unknown): boolean {
  return writePrivateText(file, JSON.stringify(value))
}

/** writePrivateJson's write, of a text. */
export function writePrivateText(file: string, text: string): boolean {
  const temp = `${file}.${process.pid}.tmp`
  try {
    fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700})
    fs.writeFileSync(temp, text, {mode: 0o600, flag: 'wx'})
    fs.renameSync(temp, file)
    return true
  } catch {
    fs.rmSync(temp, {force: true})
    return false
  }
}
