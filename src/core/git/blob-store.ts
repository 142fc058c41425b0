/**
 * The contents of the blobs a snapshot of the index or a commit names, read only when needed.
 * lead's content hash is git's blob hash, so a blob's object id names its cached parse: a warm
 * load of 13,000 index entries reads none of them. What a load must parse comes from git in one
 * `git cat-file --batch` (`fetch`); a single blob asked for later (the line a finding quotes, a
 * value missing from the cache) is taken from the working tree when the file there hashes to the
 * blob (the index and HEAD mostly hold what is checked out), else from git.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {ExitCode, LeadError} from '../errors.js'
import {readCapped} from '../records/bounded-read.js'
import {contentHash} from '../records/parse-cache.js'
import {readBlobs} from './revision-files.js'

/**
 * lead's content hash of a blob from its object id, in a SHA-1 repository (the same digest of the
 * same bytes, in base64url); undefined for SHA-256 object ids, whose blobs must be read and hashed.
 */
export function blobHash(sha: string): string | undefined {
  return sha.length === 40 && /^[0-9a-f]{40}$/.test(sha) ? Buffer.from(sha, 'hex').toString('base64url') : undefined
}

export class BlobStore {
  private readonly blobs = new Map<string, Uint8Array>()

  constructor(private readonly root: string) {}

  /** Read these blobs from git in one batch (those not held yet). */
  async fetch(shas: Iterable<string>): Promise<void> {
    const missing = [...new Set(shas)].filter((sha) => !this.blobs.has(sha))
    if (missing.length === 0) return
    for (const [sha, bytes] of await readBlobs(this.root, missing)) this.blobs.set(sha, bytes)
  }

  /**
   * One blob's bytes. `file` (site-relative) is where the working tree may hold the same bytes;
   * they are taken from there only when they hash to the blob, so the answer is git's either way.
   */
  read(sha: string, file: string, maxBytes: number): Uint8Array {
    let bytes = this.blobs.get(sha)
    if (!bytes) {
      bytes = this.fromWorkTree(sha, file, maxBytes) ?? this.fromGit(sha)
      this.blobs.set(sha, bytes)
    }
    return bytes
  }

  private fromWorkTree(sha: string, file: string, maxBytes: number): Uint8Array | undefined {
    const hash = blobHash(sha)
    if (hash === undefined) return undefined
    const abs = path.join(this.root, file)
    try {
      // Only a regular file: opening a FIFO would wait for a writer.
      if (!fs.lstatSync(abs).isFile()) return undefined
      const read = readCapped(abs, maxBytes, {noFollow: true})
      return read.bytes !== undefined && contentHash(read.bytes) === hash ? read.bytes : undefined
    } catch {
      return undefined
    }
  }

  private fromGit(sha: string): Uint8Array {
    try {
      // The caller's environment reaches git, as for every git lead runs (a hook's GIT_DIR).
      return execFileSync('git', ['cat-file', 'blob', sha], {cwd: this.root, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1024 * 1024 * 1024})
    } catch {
      throw new LeadError('GIT_FAILED', `git object ${sha.slice(0, 12)} cannot be read from the repository`, {exit: ExitCode.io, hint: 'the clone may be shallow or damaged: git fetch --unshallow, or git fsck'})
    }
  }
}
