/**
 * git's index file, read directly (https://git-scm.com/docs/index-format, versions 2–4): a path,
 * mode, blob hash and flags per tracked file. Asking `git ls-files -s` costs a process and ~100 ms
 * under load.
 *
 * A warm command needs only the index's digest, its flagged entries and whether it holds a
 * submodule (git-index-view.ts keeps them), so read() makes one pass that records each entry's offset and flags and builds no
 * path: the 13,400 entries of a 10,000-referral site take ~3 ms instead of ~50 ms with a string
 * and a Buffer per path. Paths are decoded only when entries() is asked (a command that loads).
 *
 * read() refuses (undefined) anything it does not fully understand: another version, a sparse
 * index (folders as entries), a split index (most entries in another file), a truncated file.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import type {IndexedFile} from './git-index-entry.js'

export interface GitIndexEntry {
  path: string
  mode: number
  /** The blob hash, base64url (lead's content hash form). */
  oid: string
  /** Stage 0, with no assume-unchanged, skip-worktree or intent-to-add flag: git checks it. */
  plain: boolean
}

const ASSUME_VALID = 0x8000
const EXTENDED = 0x4000
const SKIP_WORKTREE_OR_INTENT = 0x6000
/** A name length of 0xFFF in an entry's flags means "this long or longer": look for its NUL. */
const NAME_MASK = 0xfff

/** An index's entries walked (GitIndex.walked): each one's offset and where its name ends, and where the extensions start. */
export interface WalkedIndex {
  buf: Buffer
  at: Uint32Array
  nameEnd: Uint32Array
  end: number
}

let lastParsed: {buf: Buffer; index: GitIndex | undefined} | undefined

export class GitIndex {
  private constructor(
    private readonly buf: Buffer,
    /** Where the entries end (the extensions, then the checksum, follow). */
    private readonly end: number,
    /** Each entry's offset, and where its path starts and ends (a version 4 path is rebuilt from the previous one). */
    private readonly at: Uint32Array,
    private readonly nameAt: Uint32Array,
    private readonly nameEnd: Uint32Array,
    private readonly flags: Uint32Array,
    /** Version 4's whole paths (its entries hold only what differs from the previous path). */
    private readonly v4Paths: string[] | undefined,
    /** The entries git does not check (flags, or a stage of a conflict), by position. */
    private readonly flagged: number[],
    private readonly submodule: boolean,
    /** The symbolic links (mode 120000), by position. */
    private readonly linked: number[],
    /** The attributes files (.gitattributes), by position: their attributes may make git convert content (GitFileState.converts). */
    private readonly attributed: number[],
  ) {}

  static read(file: string): GitIndex | undefined {
    try {
      return GitIndex.parse(fs.readFileSync(file))
    } catch {
      return undefined
    }
  }

  /**
   * The index in `buf`. The last one parsed is kept: the write path's state check and the load
   * read the same index within one command, and comparing the bytes costs a tenth of walking them.
   */
  static parse(buf: Buffer): GitIndex | undefined {
    if (lastParsed?.buf.equals(buf)) return lastParsed.index
    const index = GitIndex.walk(buf)
    lastParsed = {buf, index}
    return index
  }

  private static walk(buf: Buffer): GitIndex | undefined {
    if (buf.length < 32 || buf.toString('latin1', 0, 4) !== 'DIRC') return undefined
    const version = buf.readUInt32BE(4)
    if (version < 2 || version > 4) return undefined
    const count = buf.readUInt32BE(8)
    if (count > buf.length / 62) return undefined
    const at = new Uint32Array(count)
    const nameAt = new Uint32Array(count)
    const nameEnd = new Uint32Array(count)
    const flags = new Uint32Array(count)
    const v4Paths: string[] | undefined = version === 4 ? new Array<string>(count) : undefined
    let previous: Buffer = Buffer.alloc(0)
    const flagged: number[] = []
    const linked: number[] = []
    const attributed: number[] = []
    let submodule = false
    let pos = 12
    for (let i = 0; i < count; i++) {
      const start = pos
      if (pos + 62 > buf.length) return undefined
      const f = (buf[pos + 60]! << 8) | buf[pos + 61]!
      let extended = 0
      pos += 62
      if (f & EXTENDED) {
        if (version < 3 || pos + 2 > buf.length) return undefined
        extended = (buf[pos]! << 8) | buf[pos + 1]!
        pos += 2
      }
      if (version === 4) {
        // How many bytes of the previous path to drop: git's offset varint (each continuation adds one).
        if (pos >= buf.length) return undefined
        let byte = buf[pos++]!
        let strip = byte & 0x7f
        while (byte & 0x80) {
          if (pos >= buf.length) return undefined
          byte = buf[pos++]!
          strip = ((strip + 1) << 7) + (byte & 0x7f)
        }
        const end = buf.indexOf(0, pos)
        if (end < 0 || strip > previous.length) return undefined
        previous = Buffer.concat([previous.subarray(0, previous.length - strip), buf.subarray(pos, end)])
        v4Paths![i] = previous.toString('utf8')
        nameAt[i] = pos
        nameEnd[i] = end
        pos = end + 1
      } else {
        const short = f & NAME_MASK
        const end = short < NAME_MASK ? pos + short : buf.indexOf(0, pos)
        if (end < 0 || end >= buf.length || buf[end] !== 0) return undefined
        nameAt[i] = pos
        nameEnd[i] = end
        // Entries are padded with NULs to a multiple of eight bytes.
        pos = start + Math.ceil((end - start + 1) / 8) * 8
      }
      at[i] = start
      flags[i] = ((f << 16) | extended) >>> 0
      if (!isPlain(flags[i]!)) flagged.push(i)
      // Mode 160000 (a gitlink): the four bytes 00 00 E0 00.
      if (buf[start + 26] === 0xe0 && buf[start + 27] === 0 && buf[start + 25] === 0 && buf[start + 24] === 0) submodule = true
      // Mode 120000 (a symbolic link): 00 00 A0 00.
      if (buf[start + 26] === 0xa0 && buf[start + 27] === 0 && buf[start + 25] === 0 && buf[start + 24] === 0) linked.push(i)
      // A .gitattributes (its name whole: v4's entries hold only what differs from the previous path).
      const name = v4Paths ? v4Paths[i]! : undefined
      if (name !== undefined ? isAttributes(name) : buf[nameEnd[i]! - 1] === 0x73 && isAttributes(buf.toString('latin1', Math.max(nameAt[i]!, nameEnd[i]! - 15), nameEnd[i]!))) attributed.push(i)
    }
    if (pos > buf.length - 20) return undefined
    // Extensions up to the trailing checksum: a sparse or split index is not the whole list.
    for (let x = pos; x + 8 <= buf.length - 20; ) {
      const sig = buf.toString('latin1', x, x + 4)
      if (sig === 'sdir' || sig === 'link') return undefined
      x += 8 + buf.readUInt32BE(x + 4)
    }
    return new GitIndex(buf, pos, at, nameAt, nameEnd, flags, v4Paths, flagged, submodule, linked, attributed)
  }

  get size(): number {
    return this.at.length
  }

  private mode(i: number): number {
    return this.buf.readUInt32BE(this.at[i]! + 24)
  }

  /** The entry at `path` (from the repository's top; its first stage), null when there is none. */
  entry(path: string): IndexedFile | null {
    const found = (i: number): IndexedFile => ({oid: this.oid(i), mode: this.mode(i)})
    // git keeps entries in byte order of their paths; a name where UTF-16 order differs is found by a walk.
    let lo = 0
    let hi = this.size - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const at = this.path(mid)
      if (at === path) return found(mid)
      if (at < path) lo = mid + 1
      else hi = mid - 1
    }
    for (let i = 0; i < this.size; i++) if (this.path(i) === path) return found(i)
    return null
  }

  /** Entry `i`'s path (by position: listing the site's files builds no entry object, see git-file-state.ts). */
  path(i: number): string {
    return this.v4Paths ? this.v4Paths[i]! : this.buf.toString('utf8', this.nameAt[i]!, this.nameEnd[i]!)
  }

  /** Entry `i`'s blob hash, base64url (lead's content hash form). */
  oid(i: number): string {
    return this.buf.toString('base64url', this.at[i]! + 40, this.at[i]! + 60)
  }

  /** Entry `i` is a regular file (mode 100644 or 100755), read from its four bytes without a number made. */
  regular(i: number): boolean {
    const a = this.at[i]!
    const b = this.buf
    // 100644 = 0x81A4, 100755 = 0x81ED.
    return b[a + 24] === 0 && b[a + 25] === 0 && b[a + 26] === 0x81 && (b[a + 27] === 0xa4 || b[a + 27] === 0xed)
  }

  /** Entry `i` is git's to check: see isPlain. */
  plain(i: number): boolean {
    return isPlain(this.flags[i]!)
  }

  entries(): GitIndexEntry[] {
    const out: GitIndexEntry[] = new Array(this.at.length)
    for (let i = 0; i < this.at.length; i++) out[i] = {path: this.path(i), mode: this.mode(i), oid: this.oid(i), plain: isPlain(this.flags[i]!)}
    return out
  }

  /** The entries by position (GitIndex itself): what listing the site's files reads. */
  table(): GitIndex {
    return this
  }

  /** Its walk as git-index-tree.ts compares two (versions 2 and 3; version 4 names entries otherwise). */
  walked(): WalkedIndex | undefined {
    return this.v4Paths ? undefined : {buf: this.buf, at: this.at, nameEnd: this.nameEnd, end: this.end}
  }

  /** Paths in conflict (a stage other than 0), once for each of their stages, as `git ls-files --unmerged` lists them. */
  unmerged(): string[] {
    return this.flagged.filter((i) => ((this.flags[i]! >>> 28) & 3) !== 0).map((i) => this.path(i))
  }

  /** Paths of entries git does not check against the working tree (flags), or in conflict. */
  unchecked(): string[] {
    return this.flagged.map((i) => this.path(i))
  }

  hasSubmodule(): boolean {
    return this.submodule
  }

  /**
   * Paths of the symbolic links git tracks: git finds one unchanged while its target stays the same
   * text, but what the target is (a folder or not) decides what a listing says of it.
   */
  links(): string[] {
    return this.linked.map((i) => this.path(i))
  }

  /** Paths of the .gitattributes files git tracks (any folder's), from the repository's top. */
  attributes(): string[] {
    return this.attributed.map((i) => this.path(i))
  }

  /**
   * A digest of every entry's path, mode, blob and flags: the entries as stored, with the file
   * times, device, inode, owner and size git keeps for its own checks left out (zeroed), since
   * git rewrites those without any content changing. The version and count are in the header.
   */
  digest(): string {
    return (this.digested ??= this.workOutDigest())
  }

  private digested?: string

  private workOutDigest(): string {
    // The entries go through one small buffer a window at a time (a copy of the whole index was
    // 1.3 MB of fresh memory on 13,400 entries: ~330 page faults), each window whole entries.
    const hash = crypto.createHash('sha1')
    let start = 0
    let first = 0
    for (let i = 0; i < this.at.length; i++) {
      const next = i + 1 < this.at.length ? this.at[i + 1]! : this.end
      if (next - start > DIGEST_WINDOW && i > first) {
        this.digestWindow(hash, start, this.at[i]!, first, i)
        start = this.at[i]!
        first = i
      }
    }
    this.digestWindow(hash, start, this.end, first, this.at.length)
    return hash.digest('base64url')
  }

  /** Bytes start..end (entries from..to-1, the header too in the first) hashed with each entry's stat data zeroed. */
  private digestWindow(hash: crypto.Hash, start: number, end: number, from: number, to: number): void {
    if (digestScratch.length < end - start) digestScratch = new Uint8Array(end - start)
    digestScratch.set(this.buf.subarray(start, end))
    // A window starts at offset 0 of its buffer and on an entry (or the header), so entries of
    // versions 2 and 3 are on four-byte boundaries in it and their fields are zeroed a word at a
    // time (this runs before the JIT has warmed up).
    const words = new Uint32Array(digestScratch.buffer, 0, (end - start) >>> 2)
    for (let k = from; k < to; k++) {
      const a = this.at[k]! - start
      if (!this.v4Paths) {
        const w = a >>> 2
        words[w] = words[w + 1] = words[w + 2] = words[w + 3] = words[w + 4] = words[w + 5] = 0 // ctime, mtime, dev, ino
        words[w + 7] = words[w + 8] = words[w + 9] = 0 // uid, gid, size
      } else {
        digestScratch.fill(0, a, a + 24)
        digestScratch.fill(0, a + 28, a + 40)
      }
    }
    hash.update(digestScratch.subarray(0, end - start))
  }
}

/** How many bytes of the index the digest hashes at a time, through one buffer kept for the process. */
const DIGEST_WINDOW = 256 * 1024
let digestScratch = new Uint8Array(DIGEST_WINDOW)

/** Stage 0, with no assume-unchanged, skip-worktree or intent-to-add flag: git checks the file. */
function isPlain(f: number): boolean {
  const stage = (f >>> 28) & 3
  return stage === 0 && ((f >>> 16) & ASSUME_VALID) === 0 && (f & SKIP_WORKTREE_OR_INTENT) === 0
}

/** A path (or a path's last 15 bytes) that names a .gitattributes file. */
const isAttributes = (p: string) => p === '.gitattributes' || p.endsWith('/.gitattributes')
