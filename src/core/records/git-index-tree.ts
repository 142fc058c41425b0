/**
 * Which entries two of git's indexes hold differently, from their bytes (versions 2 and 3):
 * git/index-commit.ts tells from it that a commit from the index changed the index only at lead's
 * paths.
 *
 * Each answer is undefined when the bytes are not what these functions fully understand (another
 * version, a split or sparse index, a truncated file): the caller then asks git.
 */

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

/** Each entry's offset and where its name ends, in one pass; undefined when not understood, or not the whole list of entries. */
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
  // An extension not named in capitals is one git must understand to read the index: most entries
  // in another file (link: a split index), folders standing for their files (sdir: a sparse one).
  for (let x = pos; x + 8 <= buf.length - CHECKSUM; x += 8 + buf.readUInt32BE(x + 4)) if (!/^[A-Z]/.test(buf.toString('latin1', x, x + 4))) return undefined
  return {buf, at, nameEnd, end: pos}
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
