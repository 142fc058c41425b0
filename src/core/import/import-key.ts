/**
 * How an imported referral remembers the row it came from without holding it. A police case or
 * report number is itself an identifier (it leads straight to a person in the police records), and
 * a plain hash of it — or of a row's time, badge and charge — can be recomputed by anyone who can
 * guess the inputs. So each referral records a keyed hash (HMAC-SHA-256) under a random key that
 * stays in this clone's git directory (.git/lead/import-key-…, 0600, never committed or pushed):
 * the repository alone cannot confirm that a given case number is in LEAD.
 *
 * The hash is written with lowercase letters only (26 of them, 122 bits), so the privacy scan
 * never mistakes a run of its digits for a phone or case number.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {stateError} from '../errors.js'
import {gitStateFile} from '../records/parse-cache.js'
import {findGitDir} from '../git-dir.js'
import {stateFolderVerdict} from '../state-folder.js'

export const IMPORT_KEY_LENGTH = 26

export interface ImportKey {
  /** Where the key lives (for messages). */
  file: string
  secret: Buffer
  /** Made by this run (written only when the import is written). */
  created: boolean
}

/**
 * The site's import key. A new one is made only for a site that has never imported: once
 * referrals carry import keys, a missing key file means re-imports could not be recognised, and
 * that is refused rather than silently starting over.
 */
export function loadImportKey(root: string, siteHasImports: boolean, allowNew: boolean): ImportKey {
  const file = gitStateFile(root, 'import-key', '')
  if (!file) {
    const gitDir = findGitDir(root)?.gitDir
    const verdict = gitDir === undefined ? undefined : stateFolderVerdict(gitDir)
    // A cache can be done without; the key cannot, and is never kept where others could read it.
    if (verdict && 'refused' in verdict) throw stateError('LEAD_FOLDER_REFUSED', `the import key cannot be kept or read: ${verdict.refused.what}`, verdict.refused.hint)
    throw stateError('NOT_A_REPO', 'the site is not a git repository: lead keeps the import key in its git directory', 'run `git init` in the site (lead init does this)')
  }
  try {
    const text = fs.readFileSync(file, 'utf8').trim()
    if (!/^[0-9a-f]{64}$/.test(text)) throw stateError('IMPORT_KEY_DAMAGED', `the import key ${file} is damaged`, 'copy it again from the clone that made it')
    return {file, secret: Buffer.from(text, 'hex'), created: false}
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  if (siteHasImports && !allowNew) {
    throw stateError(
      'IMPORT_KEY_MISSING',
      `this clone has no import key (${path.relative(root, file)}), but the site already holds imported referrals or consents: without the key they made, a re-import cannot be recognised and would create them again`,
      'copy .git/lead/import-key-* from the clone that imported before; or, if that key is lost, pass --new-import-key (rows imported before will not be recognised)',
    )
  }
  return {file, secret: crypto.randomBytes(32), created: true}
}

/** Keep a new key (0600) once the import it made is written. */
export function saveImportKey(key: ImportKey): void {
  if (!key.created) return
  fs.mkdirSync(path.dirname(key.file), {recursive: true, mode: 0o700})
  fs.writeFileSync(key.file, `${key.secret.toString('hex')}\n`, {mode: 0o600, flag: 'wx'})
}

/** Take back a key this run made, when the import it was kept for was not written. */
export function discardImportKey(key: ImportKey): void {
  if (key.created) fs.rmSync(key.file, {force: true})
}

/** The keyed hash of `material`, as 26 lowercase letters. */
export function keyedHash(key: ImportKey, material: string): string {
  const digest = crypto.createHmac('sha256', key.secret).update(material).digest()
  let n = BigInt(`0x${digest.toString('hex')}`)
  let out = ''
  for (let i = 0; i < IMPORT_KEY_LENGTH; i++) {
    out += String.fromCharCode(97 + Number(n % 26n))
    n /= 26n
  }
  return out
}
