/**
 * The site's files listed from the last validation's basis (delta-basis.ts) instead of from git's
 * index: a write after a write, or a validation after a record was edited by hand, names 13,400
 * files and their content hashes from one file the validation left, not from git's answer file by
 * file (~25 ms of a `lead set` on 10,000 referrals, ~100 ms on 50,000).
 */
import fs from 'node:fs'
import path from 'node:path'
import type {ListedFiles} from '../records/load.js'
import type {GitFileState} from '../records/git-file-state.js'
import {siteStateDigest} from '../records/state-memo.js'
import {knownRecordInputs} from '../records/working-tree-inputs.js'
import {CONTENT_HASH_LENGTH} from '../records/cache-files.js'
import {readBasisLink} from './basis-link.js'
import {readBasis} from './delta-basis.js'

/**
 * The site's listing from the basis, when git's state is the one the basis's records were listed
 * from (basis-link.ts): its files with the content hashes it judged, and the listing's findings
 * about files that are no records. Also when git's state differs from it only by what git lists
 * as changed (a record edited by hand since, GitFileState.listingBase): the same files, those git
 * lists as changed then or now without a hash (read again, as a listing from git reads them), and
 * no basis lines (the records are not the state the basis judged). Undefined when the link, the
 * digest or the basis disagree (the caller lists the site from git's answer, as ever).
 */
export function listingFromBasis(root: string, git: GitFileState): ListedFiles | undefined {
  const link = readBasisLink(root)
  if (!link) return undefined
  const exact = siteStateDigest(root, git) === link.digest
  const now = exact ? undefined : git.listingBase()
  if (!exact && (!now || link.base === undefined || now.digest !== link.base)) return undefined
  // Attributes under which git converts content (ident, a filter): a file git finds unchanged may
  // hold other bytes than those the basis read or its blob (a listing from git walks then); a
  // .gitattributes edited since the link may have given them.
  if (git.converts()) return undefined
  const basis = readBasis(root, link.context, {keep: true})
  if (!basis || basis.token !== link.token) return undefined
  const files = basis.files === '' ? [] : basis.files.split('\0')
  if (files.length !== basis.flags.length) return undefined
  const unknown = now ? new Set([...link.changed!, ...now.changed]) : undefined
  // A file listed as changed that the basis does not hold is a record file added, or a file no
  // record: the listing's findings about it may differ; listed from git instead.
  // So is one no longer a plain file (made a link or a folder): what a listing says of it differs,
  // a record's or not (a placeholder or a note made a link is a SYMLINK finding). And one the
  // link's listing had a finding of other than the one of any file there (it was a link then).
  if (unknown && unknown.size > 0) {
    const held = new Set(files)
    const foundThen = new Set(link.listed.filter((d) => d.code !== 'PII_UNCHECKED_FILE').map((d) => d.file))
    for (const file of unknown) if (!plainFile(path.join(root, file)) || foundThen.has(file) || (!held.has(file) && /\.ya?ml$/i.test(file))) return undefined
  }
  const hashAt = (i: number) => basis.hashes.slice(i * CONTENT_HASH_LENGTH, (i + 1) * CONTENT_HASH_LENGTH)
  const inputs = knownRecordInputs(root, files, unknown && unknown.size > 0 ? (i) => (unknown.has(files[i]!) ? undefined : hashAt(i)) : hashAt)
  if (!inputs) return undefined
  basisListings.count++
  if (now) basisListings.withChanged++
  const diagnostics = link.listed.map((d) => ({...d}))
  return exact ? {inputs, diagnostics, basis: {files: basis.files, hashes: basis.hashes, token: basis.token}} : {inputs, diagnostics}
}

function plainFile(abs: string): boolean {
  try {
    return fs.lstatSync(abs).isFile()
  } catch {
    return false
  }
}

/** How many loads in this process took their listing from the basis (tests check the path is taken). */
export const basisListings = {count: 0, withChanged: 0}
