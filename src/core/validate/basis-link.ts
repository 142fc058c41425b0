/**
 * Which state of the site the delta basis lists (delta-basis.ts): a validation that wrote a basis
 * and then remembered its findings under git's digest of the working tree (site-findings.ts) says
 * so here, with the token its basis was written under. A command that finds git's state still at
 * that digest takes the basis's files and content hashes as the site's listing (basis-listing.ts
 * listingFromBasis) instead of listing 13,400 files from git's index (~25 ms of a `lead set`).
 *
 * One small file (.git/lead/basis-link-SITE.json, private like the basis): the digest, the token,
 * the site context the basis is kept under, and what the listing said about files that are no
 * records (a stray YAML file, a link), which the basis does not hold. A damaged, foreign or stale
 * link costs the listing, never a wrong one: the digest must match git's answer now, and the token
 * the basis on disk.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {Diagnostic} from '../errors.js'
import {writeFileAtomic} from '../records/atomic-write.js'
import {cacheVersion, gitStateFile} from '../records/cache-files.js'
import {readPrivateFile} from '../records/private-file.js'

export interface BasisLink {
  /** git's digest of the working tree the basis's records were listed from (records/state-memo.ts siteStateDigest). */
  digest: string
  token: string
  context: string
  /** The listing's findings about files that are no records. */
  listed: Diagnostic[]
  /**
   * The same state as GitFileState.listingBase gives it (absent when it gives none): a later state
   * with the same base lists the same files, those git lists as changed then or now read again.
   */
  base?: string
  changed?: string[]
}

const linkFile = (root: string) => gitStateFile(root, 'basis-link', '.json')

export function writeBasisLink(root: string, link: BasisLink): void {
  const file = linkFile(root)
  if (!file) return
  try {
    fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700})
    // Not flushed to disk: a link lost to a crash costs one listing; the rename keeps it whole or old.
    writeFileAtomic(file, JSON.stringify({version: cacheVersion(), ...link}), 0o600, {keepMode: false, sync: false})
  } catch {
    // Unwritten, a link only costs speed.
  }
}

export function readBasisLink(root: string): BasisLink | undefined {
  const file = linkFile(root)
  if (!file) return undefined
  try {
    const read = readPrivateFile(file)
    if (!read) return undefined
    const l = JSON.parse(read.bytes.toString('utf8')) as Partial<BasisLink & {version: string}> | null
    const ok = l !== null && typeof l === 'object' && l.version === cacheVersion() && [l.digest, l.token, l.context].every((s) => typeof s === 'string') && Array.isArray(l.listed) && l.listed.every(isFinding)
    if (!ok) return undefined
    const based = typeof l.base === 'string' && Array.isArray(l.changed) && l.changed.every((f) => typeof f === 'string')
    return {digest: l.digest!, token: l.token!, context: l.context!, listed: l.listed!, ...(based ? {base: l.base!, changed: l.changed!} : {})}
  } catch {
    return undefined
  }
}

function isFinding(d: unknown): d is Diagnostic {
  const f = d as Partial<Diagnostic> | null
  return f !== null && typeof f === 'object' && typeof f.file === 'string' && typeof f.code === 'string' && typeof f.message === 'string' && typeof f.line === 'number' && typeof f.column === 'number' && (f.severity === 'error' || f.severity === 'warning')
}
