/**
 * Reading a file lead keeps for itself in the git directory (its caches, memos, lists, basis):
 * never through a link planted in its place, never waiting on a FIFO put there, and its bytes and
 * times through one descriptor, so a file another process renames in between cannot lend this one
 * another's time.
 */
import fs from 'node:fs'

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
