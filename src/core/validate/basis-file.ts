/**
 * The delta basis on disk (.git/lead/delta-basis-SITE.bin, private: delta-basis.ts says what it
 * holds). 95% of a basis is two lines, the records' files (joined by NUL) and their content
 * hashes: as JSON they cost a `lead set` ~15-20 ms to write (every NUL escaped as six characters,
 * then the whole text scanned for non-ASCII) and ~5-10 ms to parse again. So they are kept as
 * they are, their lengths in bytes in a JSON header line, and only the findings are JSON:
 *
 *     {"version":…,"context":…,"sizes":[FILES,HASHES,FLAGS]}\n
 *     FILES bytes (UTF-8) HASHES bytes FLAGS bytes {"groups":…,"schema":…,"parts":…,"runs":…,"asOf":…,"spans":…,"wide":…,"token":…}
 *
 * The header and the findings are written as ASCII JSON (ascii-json.ts), the files as UTF-8 (a
 * path may hold any character but NUL). A file that does not read back whole (another build's,
 * torn, damaged, or of the JSON format before this one) is set aside: a full validation, never a
 * wrong one.
 */
import fs from 'node:fs'
import path from 'node:path'
import {asciiJson, decodeText} from '../records/ascii-json.js'
import {writeFileAtomic} from '../records/atomic-write.js'
import {readPrivateFile} from '../records/private-file.js'
import type {Basis} from './delta-basis.js'

interface Header {
  version: string
  context: string
  sizes: [number, number, number]
}

/** The bytes of a basis kept under `context` by the build of `version`. */
export function encodeBasis(version: string, context: string, basis: Basis): Buffer {
  return Buffer.concat(basisParts(version, context, basis))
}

/**
 * The files line's bytes of each basis read (decodeBasis), by the basis: a validation over the
 * same files (an edit, not an add) writes them again as read, not encoded anew (0.5 MB).
 */
const filesRead = new WeakMap<object, Uint8Array>()

/** encodeBasis's bytes in parts, written one after the other (no copy of the whole, ~1 MB). `read`: a basis decoded from a file, whose files line it has. */
function basisParts(version: string, context: string, basis: Basis, read?: object): Uint8Array[] {
  const {files, hashes, flags, ...findings} = basis
  const held = read === undefined ? undefined : filesRead.get(read)
  const same = held !== undefined && (read as Basis).files === files
  const parts = [same ? held : Buffer.from(files, 'utf8'), Buffer.from(hashes, 'latin1'), Buffer.from(flags, 'latin1')]
  const header: Header = {version, context, sizes: [parts[0]!.length, parts[1]!.length, parts[2]!.length]}
  return [Buffer.from(`${asciiJson(header)}\n`, 'latin1'), ...parts, Buffer.from(asciiJson(findings), 'latin1')]
}

/**
 * The basis in `bytes` when it was kept under `context` by the build of `version`; undefined
 * otherwise or when it does not read back whole. Its findings' shape is checked by the caller.
 */
export function decodeBasis(bytes: Buffer, version: string, context: string): Record<keyof Basis, unknown> | undefined {
  try {
    const end = bytes.indexOf(10)
    if (end < 0) return undefined
    const header = JSON.parse(bytes.toString('latin1', 0, end)) as Partial<Header> | null
    if (header?.version !== version || header.context !== context || !Array.isArray(header.sizes) || header.sizes.length !== 3) return undefined
    if (!header.sizes.every((n) => Number.isInteger(n) && n >= 0)) return undefined
    const [f, h, l] = header.sizes
    const start = end + 1
    if (start + f + h + l > bytes.length) return undefined
    const files = decodeText(bytes.subarray(start, start + f))
    const hashes = bytes.toString('latin1', start + f, start + f + h)
    const flags = bytes.toString('latin1', start + f + h, start + f + h + l)
    const findings = JSON.parse(decodeText(bytes.subarray(start + f + h + l))) as unknown
    if (findings === null || typeof findings !== 'object' || Array.isArray(findings)) return undefined
    const {groups, schema, parts, runs, asOf, spans, wide, token} = findings as Record<string, unknown>
    const basis = {files, hashes, flags, groups, schema, parts, runs, asOf, spans, wide, token}
    filesRead.set(basis, bytes.subarray(start, start + f))
    return basis
  } catch {
    return undefined
  }
}

/**
 * A basis read to list the site's files (basis-listing.ts listingFromBasis, `keep`), kept for the validation that
 * reads it next, once: a validation gives the findings it takes from it excerpts, so the object
 * is handed to no second validation.
 */
let kept: {file: string; version: string; context: string; stamp: string; basis: Record<keyof Basis, unknown> | undefined} | undefined

const stampOf = (st: fs.Stats) => `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`

export function readBasisFile(file: string | undefined, version: string, context: string, options: {keep?: boolean} = {}): Record<keyof Basis, unknown> | undefined {
  try {
    if (!file) return undefined
    const held = kept
    kept = undefined
    if (held && held.file === file && held.version === version && held.context === context && held.stamp === stampOf(fs.lstatSync(file))) return held.basis
    const read = readPrivateFile(file)
    if (!read) return undefined
    const basis = decodeBasis(read.bytes, version, context)
    if (options.keep) kept = {file, version, context, stamp: stampOf(read.stat), basis}
    return basis
  } catch {
    return undefined // missing or unreadable: a full validation
  }
}

/**
 * The basis encoded now (its findings as they are: the caller goes on to add excerpts to the same
 * objects), written to `file` when the returned function is called. `read`: the basis this one was
 * worked out from (readBasisFile's), whose files line's bytes are written again when the files are the same.
 */
export function basisWriter(file: string | undefined, version: string, context: string, basis: Basis, read?: object): () => void {
  if (!file) return () => undefined
  let parts: Uint8Array[]
  try {
    parts = basisParts(version, context, basis, read)
  } catch {
    return () => undefined
  }
  return () => {
    try {
      fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700})
      // Not flushed to disk: a basis lost to a crash costs a full validation, and the rename keeps it whole or old.
      writeFileAtomic(file, parts, 0o600, {keepMode: false, sync: false})
    } catch {
      // An unwritten basis only costs speed.
    }
  }
}
