/**
 * One entry of git's index found in its bytes without walking the others: GitIndex.parse walks all
 * of them (13,400 on a big site, ~3 ms before the JIT warms up), where a write's check of the few
 * files it commits needs their entries alone (git/vouched-clean.ts). Versions 2 and 3: every entry
 * starts a multiple of eight bytes after the header, and its NUL-ended name follows its flags,
 * which hold the name's length; a match elsewhere (inside a longer name, in an extension) is not
 * where an entry's name can be.
 */

/** What an index entry records of a file: its blob (lead's content hash form) and its mode. */
export interface IndexedFile {
  oid: string
  mode: number
}

/** An entry's blob id as git prints it (hex; `oid` is kept in lead's content-hash form, base64url). */
export const oidHex = (entry: IndexedFile): string => Buffer.from(entry.oid, 'base64url').toString('hex')

/** Where the entries start: after "DIRC", the version and the count. */
const HEADER = 12
const FLAGS = 60
const NAME_MASK = 0xfff
const EXTENDED = 0x4000

/**
 * The stage-0 entry at `path` (from the repository's top) in an index's bytes; null when there is
 * none; undefined when it cannot be told this way (version 4's shortened names, a conflict's stages).
 */
export function indexedFile(buf: Buffer, path: string): IndexedFile | null | undefined {
  if (buf.length < HEADER || buf.toString('latin1', 0, 4) !== 'DIRC') return undefined
  const version = buf.readUInt32BE(4)
  if (version !== 2 && version !== 3) return undefined
  const name = Buffer.from(`${path}\0`, 'utf8')
  const length = Math.min(name.length - 1, NAME_MASK)
  for (let at = buf.indexOf(name, HEADER); at >= 0; at = buf.indexOf(name, at + 1)) {
    for (const extended of version === 3 ? [false, true] : [false]) {
      const start = at - FLAGS - (extended ? 4 : 2)
      if (start < HEADER || (start - HEADER) % 8 !== 0) continue
      const flags = buf.readUInt16BE(start + FLAGS)
      if ((flags & NAME_MASK) !== length || ((flags & EXTENDED) !== 0) !== extended) continue
      if ((flags >>> 12) & 3) return undefined
      return {oid: buf.toString('base64url', start + 40, start + 60), mode: buf.readUInt32BE(start + 24)}
    }
  }
  return null
}
