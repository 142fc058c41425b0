/**
 * git's index read as the tree it would commit, from its bytes (versions 2 and 3): the root of its
 * cache-tree (the TREE extension, where git keeps the tree object of every folder whose entries
 * have not changed since it last wrote one), and which entries two indexes hold differently.
 * git/index-commit.ts tells from them what a commit from the index held, without a git process.
 *
 * Each answer is undefined when the bytes are not what these functions fully understand (another
 * version, a split or sparse index, a truncated file): the caller then asks git.
 */

import crypto from 'node:crypto'

/** An index's entries walked: each one's offset and where its name ends, and where the extensions start. */
export interface WalkedIndex {
  buf: Buffer
  at: Uint32Array
  nameEnd: Uint32Array
  end: number
}

const HEADER = 12
/** Stat data (40 bytes), the blob (20) and the flags (2) come before an entry's name. */
const FLAGS = 60
const NAME = 62
const NAME_MASK = 0xfff
const EXTENDED = 0x4000
const CHECKSUM = 20

/** Each entry's offset and where its name ends, in one pass; undefined when not understood. */
export function walkIndex(buf: Buffer): WalkedIndex | undefined {
  if (buf.length < HEADER + CHECKSUM || buf.toString('latin1', 0, 4) !== 'DIRC') return undefined
  const version = buf.readUInt32BE(4)
  if (version !== 2 && version !== 3) return undefined
  const count = buf.readUInt32BE(8)
  if (count > buf.length / NAME) return undefined
  const at = new Uint32Array(count)
  const nameEnd = new Uint32Array(count)
  let pos = HEADER
  for (let i = 0; i < count; i++) {
    if (pos + NAME > buf.length - CHECKSUM) return undefined
    const flags = (buf[pos + FLAGS]! << 8) | buf[pos + FLAGS + 1]!
    if (flags & EXTENDED && version < 3) return undefined
    const name = pos + NAME + (flags & EXTENDED ? 2 : 0)
    const short = flags & NAME_MASK
    const end = short < NAME_MASK ? name + short : buf.indexOf(0, name)
    if (end < 0 || end >= buf.length - CHECKSUM || buf[end] !== 0) return undefined
    at[i] = pos
    nameEnd[i] = end
    // Entries are padded with NULs to a multiple of eight bytes.
    pos += Math.ceil((end - pos + 1) / 8) * 8
  }
  return {buf, at, nameEnd, end: pos}
}

/**
 * The tree (hex) the index's cache-tree gives for the repository's top, when it holds one that is
 * still valid: what `git write-tree` would write, and what a commit from this index would hold,
 * as long as the cache-tree is true to the entries (verifiedIndexTree).
 */
export function indexTree(w: WalkedIndex): string | undefined {
  const tree = treeExtension(w)
  return tree && topTree(w.buf, tree.body, tree.end)
}

/** Where the TREE extension's body is; undefined when there is none or the index is not one this module reads whole. */
function treeExtension({buf, end}: WalkedIndex): {body: number; end: number} | undefined {
  let found: {body: number; end: number} | undefined
  for (let x = end; x + 8 <= buf.length - CHECKSUM; ) {
    const sig = buf.toString('latin1', x, x + 4)
    const size = buf.readUInt32BE(x + 4)
    const body = x + 8
    if (body + size > buf.length - CHECKSUM) return undefined
    // An extension not named in capitals is one git must understand to read the index: most
    // entries in another file (link: split), folders standing for their files (sdir: sparse), or
    // one this module does not know.
    if (!/^[A-Z]/.test(sig)) return undefined
    if (sig === 'TREE') found = {body, end: body + size}
    x = body + size
  }
  return found
}
/**
 * The first node of a TREE extension is the top: an empty path, its NUL, "<entries> <subtrees>\n",
 * then its tree when the entry count is not -1 (invalidated since git last wrote it).
 */
function topTree(buf: Buffer, body: number, end: number): string | undefined {
  if (buf[body] !== 0) return undefined
  const line = buf.indexOf(0x0a, body + 1)
  if (line < 0 || line >= end) return undefined
  const counts = /^(-?\d+) (\d+)$/.exec(buf.toString('latin1', body + 1, line))
  if (!counts || Number(counts[1]) < 0 || line + 1 + 20 > end) return undefined
  return buf.toString('hex', line + 1, line + 21)
}

/**
 * The paths (from the repository's top) whose entries differ between index `a` and index `b`: an
 * entry in one only, or a different mode, blob, stage or flag. Stat data (times, inode, size) is not
 * compared: git rewrites it without the content changing.
 */
export function changedEntries(a: WalkedIndex, b: WalkedIndex): string[] {
  const changed: string[] = []
  const na = a.at.length
  const nb = b.at.length
  let i = 0
  let j = 0
  while (i < na && j < nb) {
    // Runs of byte-identical entries are skipped whole (git rewrote none of them).
    const same = identicalRun(a, b, i, j)
    if (same > 0) {
      i += same
      j += same
      continue
    }
    const order = a.buf.compare(b.buf, nameStart(b, j), b.nameEnd[j]!, nameStart(a, i), a.nameEnd[i]!)
    if (order < 0) changed.push(nameOf(a, i++))
    else if (order > 0) changed.push(nameOf(b, j++))
    else {
      // Mode (4 bytes at 24), then the blob and the flags up to the name; not the stat data.
      const pa = a.at[i]!
      const pb = b.at[j]!
      const sameMode = a.buf.compare(b.buf, pb + 24, pb + 28, pa + 24, pa + 28) === 0
      if (!sameMode || a.buf.compare(b.buf, pb + 40, nameStart(b, j), pa + 40, nameStart(a, i)) !== 0) changed.push(nameOf(a, i))
      i++
      j++
    }
  }
  while (i < na) changed.push(nameOf(a, i++))
  while (j < nb) changed.push(nameOf(b, j++))
  return changed
}

/**
 * How many entries from `i` in `a` and `j` in `b` are the same bytes: runs doubled, then halved,
 * each comparison of entries beyond those already found the same.
 */
function identicalRun(a: WalkedIndex, b: WalkedIndex, i: number, j: number): number {
  const most = Math.min(a.at.length - i, b.at.length - j)
  // Entries from..to-1 of the run are the same bytes in both.
  const same = (from: number, to: number) => {
    const as = a.at[i + from]!
    const ae = entryEnd(a, i + to - 1)
    const bs = b.at[j + from]!
    const be = entryEnd(b, j + to - 1)
    return ae - as === be - bs && a.buf.compare(b.buf, bs, be, as, ae) === 0
  }
  if (most === 0 || !same(0, 1)) return 0
  let lo = 1
  let hi = 2
  while (hi <= most && same(lo, hi)) {
    lo = hi
    hi *= 2
  }
  hi = Math.min(hi, most + 1)
  // The first lo entries are the same; the first hi are not (or hi is past the end).
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1
    if (same(lo, mid)) lo = mid
    else hi = mid
  }
  return lo
}

function entryEnd(w: WalkedIndex, i: number): number {
  return i + 1 < w.at.length ? w.at[i + 1]! : w.end
}

function nameStart(w: WalkedIndex, i: number): number {
  const at = w.at[i]!
  return at + NAME + (w.buf[at + FLAGS]! & 0x40 ? 2 : 0)
}

function nameOf(w: WalkedIndex, i: number): string {
  return w.buf.toString('utf8', nameStart(w, i), w.nameEnd[i]!)
}

const ITA = 0x2000
const STAGE = 0x3000
const modes = new Map<number, Buffer>()

/**
 * The top's tree as the index's entries alone make it (git's write-tree, no cache-tree used), when
 * every valid node of the cache-tree agrees with them: same tree, same entry count. A commit from
 * the index reuses valid nodes as they are, so a cache-tree left stale by a tool that rewrote
 * entries (gitoxide, jj, GitPython have) would put what its nodes do not say into the commit.
 * Undefined when any node disagrees, or an entry is in conflict or intent-to-add (git leaves it
 * out of the tree): the caller asks git.
 */
export function verifiedIndexTree(w: WalkedIndex): string | undefined {
  const ext = treeExtension(w)
  const nodes = ext && cacheTreeNodes(w.buf, ext.body, ext.end)
  if (!nodes?.has('')) return undefined
  const {buf, at, nameEnd} = w
  // Plain typed arrays: Buffer's own copy and toString cost ten times more before the JIT warms up.
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length)
  // The open folders, the top first: each one's tree written at its depth (a folder's tree is never
  // longer than its entries in the index), its entry count, its path (where in `buf`, its length; -1 the top).
  const levels = [new Uint8Array(buf.length)]
  const trees = [levels[0]!]
  const used = [0]
  const counts = [0]
  const from = [0]
  const lengths = [-1]
  let agrees = true
  const close = (): Buffer => {
    const d = trees.length - 1
    const oid = crypto.createHash('sha1').update(`tree ${used[d]}\0`).update(trees[d]!.subarray(0, used[d])).digest()
    const dir = d > 0 ? buf.toString('latin1', from[d]!, from[d]! + lengths[d]!) : ''
    const node = nodes.get(dir)
    if (node && (node.count !== counts[d] || node.oid !== oid.toString('hex'))) agrees = false
    nodes.delete(dir)
    if (d > 0) {
      const entry = Buffer.from(`40000 ${dir.slice(dir.lastIndexOf('/') + 1)}\0`, 'latin1')
      trees[d - 1]!.set(entry, used[d - 1])
      trees[d - 1]!.set(oid, used[d - 1]! + entry.length)
      used[d - 1]! += entry.length + 20
      counts[d - 1]! += counts[d]!
      trees.pop(), used.pop(), counts.pop(), from.pop(), lengths.pop()
    }
    return oid
  }
  // Whether the name at `start` goes on past folder d's path and its '/'.
  const inside = (d: number, start: number, end: number): boolean => {
    const length = lengths[d]!
    if (length < 0) return true
    if (end - start <= length || bytes[start + length] !== 0x2f) return false
    for (let k = length - 1; k >= 0; k--) if (bytes[start + k] !== bytes[from[d]! + k]) return false
    return true
  }
  for (let i = 0; i < at.length; i++) {
    const a = at[i]!
    const flags = (bytes[a + FLAGS]! << 8) | bytes[a + FLAGS + 1]!
    if (flags & STAGE || (flags & EXTENDED && bytes[a + NAME]! & (ITA >> 8))) return undefined
    const start = nameStart(w, i)
    const end = nameEnd[i]!
    const last = bytes.lastIndexOf(0x2f, end - 1)
    const slash = last < start ? -1 : last - start
    while (trees.length > 1 && !inside(trees.length - 1, start, end)) close()
    // Open the folders from the last one still open down to the entry's.
    for (let k = lengths[trees.length - 1]! + 1; k <= slash; k++) {
      if (bytes[start + k] !== 0x2f) continue
      trees.push((levels[trees.length] ??= new Uint8Array(buf.length))), used.push(0), counts.push(0), from.push(start), lengths.push(k)
    }
    // A tree's entry: the mode in octal, a space, the name's last part with its NUL, the blob.
    const d = trees.length - 1
    const out = trees[d]!
    const mode = ((bytes[a + 24]! << 24) | (bytes[a + 25]! << 16) | (bytes[a + 26]! << 8) | bytes[a + 27]!) >>> 0
    let prefix = modes.get(mode)
    if (!prefix) modes.set(mode, (prefix = Buffer.from(`${mode.toString(8)} `, 'latin1')))
    let o = used[d]!
    out.set(prefix, o)
    o += prefix.length
    out.set(bytes.subarray(start + slash + 1, end + 1), o)
    o += end - start - slash
    out.set(bytes.subarray(a + 40, a + 60), o)
    used[d] = o + 20
    counts[d]!++
  }
  while (trees.length > 1) close()
  const top = close().toString('hex')
  // A valid node of no folder the entries have is one git would not write: the cache-tree is not git's.
  return agrees && nodes.size === 0 ? top : undefined
}

/** The valid nodes of a TREE extension: each folder ('' the top, latin1) with its entry count and tree; undefined when malformed. */
function cacheTreeNodes(buf: Buffer, body: number, end: number): Map<string, {count: number; oid: string}> | undefined {
  const nodes = new Map<string, {count: number; oid: string}>()
  let x = body
  // Each node: its name, NUL, "<entries> <subtrees>\n", its tree when valid, then its subtrees.
  const read = (parent: string | undefined): boolean => {
    const nul = buf.indexOf(0, x)
    const line = nul < 0 ? -1 : buf.indexOf(0x0a, nul + 1)
    if (line < 0 || line >= end) return false
    const name = buf.toString('latin1', x, nul)
    const counts = /^(-?\d+) (\d+)$/.exec(buf.toString('latin1', nul + 1, line))
    const dir = parent === undefined ? name : parent ? `${parent}/${name}` : name
    if (!counts || (parent === undefined) !== (name === '') || nodes.has(dir)) return false
    x = line + 1
    const count = Number(counts[1])
    if (count >= 0) {
      if (x + 20 > end) return false
      nodes.set(dir, {count, oid: buf.toString('hex', x, x + 20)})
      x += 20
    }
    for (let n = Number(counts[2]); n > 0; n--) if (!read(dir)) return false
    return true
  }
  try {
    return read(undefined) && x === end ? nodes : undefined
  } catch {
    // Nested deeper than the stack (a forged extension).
    return undefined
  }
}
