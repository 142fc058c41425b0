/**
 * Where lead may write. A site's files come from anyone with push access, and git stores
 * symbolic links: a committed `.lead/forms -> ..` would send a form with a participant's code into
 * the work tree (where `git add -A` commits it), a link in place of an export, a lock or a record
 * would overwrite whatever it names. So every file lead writes inside a site lies on a path whose
 * every component below the site root is a real folder (missing ones are created as such), and is
 * never itself a link. Outside the site only the file itself must not be a link: the folders there
 * are the user's own. Every writer goes through here (records, forms, exports, recovered edit
 * buffers, the lock, schema copies, a new site).
 */
import fs from 'node:fs'
import path from 'node:path'
import {stateError, usageError} from '../errors.js'
import {writeFileAtomic} from './atomic-write.js'
import {forgetPrefetch} from './git-file-state.js'

/** Files holding referral or consent data (exports, forms, recovered buffers): the owner only. */
export const PRIVATE_FILE = 0o600
/** Folders lead makes for such files. */
export const PRIVATE_DIR = 0o700

const lstat = (p: string) => fs.lstatSync(p, {throwIfNoEntry: false})

/**
 * Refuse to write `target` (a file or folder) when a symbolic link that lies inside the site is on
 * its path, or when the target itself is a link. The path is walked one component at a time from
 * the file system's root, following the user's own links outside the site (a link to the site
 * itself included), so a path cannot reach a committed link by any route. `root` undefined: not
 * in a site, only the target itself is checked.
 */
export function checkOutputPath(root: string | undefined, target: string): void {
  const abs = path.resolve(target)
  let realRoot: string | undefined
  try {
    realRoot = root === undefined ? undefined : fs.realpathSync(root)
  } catch {
    realRoot = undefined // a site being created: nothing in it can be a link yet
  }
  const inSite = (p: string) => {
    if (realRoot === undefined) return false
    const rel = path.relative(realRoot, p)
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
  }
  const shown = (p: string) => (realRoot ? path.relative(realRoot, p).split(path.sep).join('/') : p)
  const parts = abs.split(path.sep).filter(Boolean)
  let real = path.parse(abs).root
  for (const [i, part] of parts.entries()) {
    const next = path.join(real, part)
    const last = i === parts.length - 1
    const st = lstat(next)
    if (!st) return // missing from here on: lead creates real folders
    if (st.isSymbolicLink()) {
      if (inSite(next)) {
        const written = inSite(path.join(next, ...parts.slice(i + 1))) ? shown(path.join(next, ...parts.slice(i + 1))) : target
        throw stateError('SYMLINK', `refusing to write ${written}: ${shown(next)} in the site is a symbolic link`, `replace ${shown(next)} with a real ${last ? 'file' : 'folder'} (lead never writes through links), e.g. git rm ${shown(next)}`)
      }
      if (last) throw usageError('OUT_IS_LINK', `${target} is a symbolic link; lead does not write through links`, 'give the real path, or another file name')
      try {
        real = fs.realpathSync(next) // the user's own link outside the site
      } catch {
        return // dangling: the write fails with the system's reason
      }
      continue
    }
    if (!last && !st.isDirectory()) {
      if (inSite(next)) throw notAFolder(shown(next))
      return // the write fails with the system's reason
    }
    real = next
  }
}

const notAFolder = (rel: string) => stateError('NOT_A_FOLDER', `${rel} in the site is a file, not a folder`, 'move the file away: lead writes into this folder')

/**
 * Make a folder inside the site (site-relative, e.g. `.lead/forms`), each missing component with
 * `mode`, refusing links on the way. Returns its absolute path.
 */
export function makeSiteDir(root: string, rel: string, mode = 0o755): string {
  const abs = path.join(root, rel)
  checkOutputPath(root, abs)
  let at = path.resolve(root)
  fs.mkdirSync(at, {recursive: true}) // a new site's folder (its parents are the user's)
  for (const part of path.relative(at, path.resolve(abs)).split(path.sep).filter(Boolean)) {
    at = path.join(at, part)
    try {
      fs.mkdirSync(at, {mode})
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      // There already (or made by someone else meanwhile): it must be a real folder.
      const st = lstat(at)
      if (!st?.isDirectory()) {
        checkOutputPath(root, at)
        throw notAFolder(path.relative(root, at).split(path.sep).join('/'))
      }
    }
  }
  return abs
}

export interface OutputOptions {
  /** Permissions of the file; with `private`, also of a file it replaces. */
  mode?: number
  /** A file with referral or consent data: 0600, whatever the file it replaces allowed. */
  private?: boolean
  /** false: no fsync; the caller flushes a batch at once (flushFileSystem). */
  sync?: boolean
  /**
   * The caller has just made or checked the file's folder (makeSiteDir) in this write: only the
   * file itself is checked (it is never a link), not every folder above it again.
   */
  folderChecked?: boolean
  /** A new file: never put in place of one that appeared meanwhile (EEXIST; see writeFileAtomic). */
  exclusive?: boolean
}

/** Write a file lead produces (a record, a form, an export, a schema copy) atomically, through no link. */
export function writeOutputFile(root: string | undefined, target: string, content: string | Uint8Array, options: OutputOptions = {}): void {
  if (!options.folderChecked) checkOutputPath(root, target)
  writeFileAtomic(target, content, options.private ? PRIVATE_FILE : options.mode, {keepMode: !options.private, sync: options.sync, exclusive: options.exclusive})
}

/** Create a new file (never replacing one) through no link; false when the name is taken. */
export function createOutputFile(root: string | undefined, target: string, content: string | Uint8Array, mode = PRIVATE_FILE): boolean {
  checkOutputPath(root, target)
  forgetPrefetch()
  let fd: number
  try {
    fd = fs.openSync(target, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, mode)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    fs.writeFileSync(fd, content)
    fs.fsyncSync(fd)
  } catch (error) {
    fs.closeSync(fd)
    fs.rmSync(target, {force: true})
    throw error
  }
  fs.closeSync(fd)
  return true
}
