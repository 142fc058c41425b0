/**
 * Which index git's directory holds, told apart without reading it: git-file-state.ts compares it
 * before and after a `git status` ran, to know the index lead reads is the one git's answer is of.
 */
import fs from 'node:fs'
import path from 'node:path'

/** The checksum git ends its index with (SHA-1 of the bytes before it). */
const CHECKSUM = 20

/**
 * Which index git's directory holds now, from its size and the checksum git ends it with, without
 * reading it (git renames a new index over the old, never rewrites one in place); undefined when
 * there is none, or git wrote it without a checksum (index.skipHash).
 */
export function indexStamp(gitDir: string): string | undefined {
  let fd: number | undefined
  try {
    fd = fs.openSync(path.join(gitDir, 'index'), 'r')
    const size = fs.fstatSync(fd).size
    const tail = Buffer.alloc(CHECKSUM)
    if (size < 32 + CHECKSUM || fs.readSync(fd, tail, 0, CHECKSUM, size - CHECKSUM) !== CHECKSUM || tail.every((b) => b === 0)) return undefined
    return `${size}:${tail.toString('base64url')}`
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}
