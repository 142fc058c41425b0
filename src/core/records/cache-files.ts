/**
 * Where the parse cache of a site lives and which cache a build may read: the files in the git
 * directory (.git/lead/STEM-KEY.EXT), the content hash everything is keyed by, and the version
 * that a changed lead, yaml library, schema or build starts afresh under. Reading the index is
 * cache-index.ts: a command answering from a memo (state-memo.ts) needs these and not the index's
 * readers.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {findGitDir} from '../git-dir.js'
import {stateFolder} from '../state-folder.js'
import {leadFile} from '../lead-files.js'
import {schemasDigest} from '../schemas/schema-dir.js'

/**
 * Bump when the cache layout changes, or what a stored field means (v13: a stamp's save time is
 * its cache file's modification time, save-time.ts, not this machine's clock; v15: the index's
 * stamps as raw bytes after its line, index-file.ts; v16: a participant record's comments with its
 * entry, records/yaml-comments.ts). lead's and yaml's
 * versions and the schemas are part of the key too.
 */
const CACHE_FORMAT = 'parse-v16'

const require = createRequire(import.meta.url)

/**
 * The cache file for a site: in the git directory of the repository holding it, one file per site
 * folder. Undefined outside git.
 */
export function cacheFile(root: string): string | undefined {
  return gitStateFile(root, 'index', '.json')
}

/**
 * A file lead keeps for a site in the git directory (.git/lead/STEM-KEY.EXT, KEY naming the site
 * folder): never committed, pushed or cloned. Undefined outside git.
 */
export function gitStateFile(root: string, stem: string, ext: string): string | undefined {
  const home = gitStateHome(root)
  return home && path.join(home.dir, `${stem}-${home.key}${ext}`)
}

/**
 * The folder of those files (.git/lead, or the real path of the private folder a link there leads
 * to: state-folder.ts) and the KEY that names the site folder in their names. Undefined outside git,
 * and where that folder was refused (a link to a folder others can read, …): lead then runs without.
 */
export function gitStateHome(root: string): {dir: string; key: string} | undefined {
  const at = findGitDir(root)
  const dir = at && stateFolder(at.gitDir)
  if (!at || !dir) return undefined
  const site = path.relative(at.top, path.resolve(root)) || '.'
  return {dir, key: crypto.createHash('sha1').update(site).digest('hex').slice(0, 12)}
}

/** The journal beside a site's index (index-journal.ts). Undefined outside git. */
export function journalFileOf(root: string): string | undefined {
  const file = cacheFile(root)
  return file && journalFile(file)
}

/** git's blob hash of the bytes (base64url): git's index then tells lead a file's hash unread (git-file-state.ts). */
/** How long a content hash is: a SHA-1 in base64url. */
export const CONTENT_HASH_LENGTH = 27

export function contentHash(bytes: Uint8Array): string {
  return crypto.createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('base64url')
}

/**
 * The yaml library's package.json: in lead's own node_modules where it is there (the first folder
 * Node's resolution from lead's files looks in), else as resolved (a hoisted install), which costs
 * ~2 ms of package look-ups on every command.
 */
export function yamlPackage(): string {
  const own = leadFile('node_modules/yaml/package.json')
  return fs.existsSync(own) ? own : require.resolve('yaml/package.json')
}

let version: string | undefined

/**
 * The cache format, lead's and yaml's versions, the shipped schemas and lead's build (the oclif
 * manifest and the chunk manifest are written by every build, so a rebuilt rule never meets results
 * of the old one; the chunk manifest also names each chunk by a hash of its code): changing any
 * starts afresh.
 */
export function cacheVersion(): string {
  if (!version) {
    const h = crypto.createHash('sha1').update(CACHE_FORMAT)
    for (const pkg of [leadFile('package.json'), yamlPackage()]) {
      h.update((JSON.parse(fs.readFileSync(pkg, 'utf8')) as {version: string}).version)
    }
    // Read from source too (tests import src/ while their child processes run dist/): both must
    // open the same cache files.
    for (const built of [leadFile('oclif.manifest.json'), leadFile('dist/chunks.json')]) {
      try {
        const stat = fs.statSync(built)
        h.update(`${stat.size}:${stat.mtimeMs}`)
      } catch {
        // Run from source (tests import src/): no build to tell apart.
      }
    }
    h.update(schemasDigest())
    version = `${CACHE_FORMAT}/${h.digest('base64url')}`
  }
  return version
}

export const valuesFile = (indexFile: string) => indexFile.replace(/index-([^/\\]+)\.json$/, 'values-$1.json')
export const derivedFile = (indexFile: string) => indexFile.replace(/index-([^/\\]+)\.json$/, 'derived-$1.json')
export const validationsFile = (indexFile: string) => indexFile.replace(/index-([^/\\]+)\.json$/, 'validations-$1.json')
export const journalFile = (indexFile: string) => indexFile.replace(/index-([^/\\]+)\.json$/, 'journal-$1.log')
