/**
 * Which entries two of git's indexes hold differently, from their walks (GitIndex.walked: versions
 * 2 and 3): git/index-commit.ts tells from it that a commit from the index changed the index only
 * at lead's paths.
 */
import type {WalkedIndex} from './git-index.js'

/** Stat data (40 bytes), the blob (20) and the flags (2) come before an entry's name. */
const FLAGS = 60
const NAME = 62

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
