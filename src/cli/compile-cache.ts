/**
 * V8's compile cache for lead's own modules (Node 22.1 and later: module.enableCompileCache): a
 * command starts from the bytecode an earlier run kept instead of parsing ~0.8 MB of JavaScript
 * again (`lead set` on 10,000 referrals, Node 22: ~10 ms less; docs/performance.md). Node 20 has no
 * such cache for ES modules: there this does nothing.
 *
 * Bytecode read from the folder runs as lead, and Node opens the folder by name all through the run
 * (each module's entry as it loads, the new ones at exit), so no other user may be able to put a
 * folder of theirs in its place, at any level: every folder of the real path, from the root, is
 * this user's or root's and writable by no one else (a sticky one like /tmp only when the next is
 * this user's), lead's own are made one at a time and checked, and Node is given the real path.
 * Root does not use a cache under a folder another user owns (sudo keeping HOME). NODE_COMPILE_CACHE
 * (a folder the user chose) and NODE_DISABLE_COMPILE_CACHE are Node's own settings and win.
 */
import fs from 'node:fs'
import nodeModule from 'node:module'
import os from 'node:os'
import path from 'node:path'
import {replaceableAt} from '../core/state-folder.js'

/** What Node 22.1+ offers (node:module), or undefined on Node 20. */
export type CompileCacheApi = (dir: string) => unknown

/** A lead version's folder unused this long is removed when another version makes its own. */
const KEPT_FOR_MS = 30 * 24 * 3600 * 1000

/** lead's folders under the user's cache folder, the last one per build (enableCompileCache). */
const OWN_FOLDERS = ['lead', 'compile-cache']

/** The user's cache folder, by the platform's custom (lead's go under it); undefined when there is no home to keep it in. */
export function userCacheFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: () => string = os.homedir): string | undefined {
  const paths = platform === 'win32' ? path.win32 : path.posix
  const absolute = (dir: string | undefined) => (dir && paths.isAbsolute(dir) ? dir : undefined)
  let base: string | undefined
  if (platform === 'win32') base = absolute(env.LOCALAPPDATA)
  else if (platform === 'darwin') base = withHome(home, paths, (h) => paths.join(h, 'Library', 'Caches'))
  else base = absolute(env.XDG_CACHE_HOME) ?? withHome(home, paths, (h) => paths.join(h, '.cache'))
  return base
}

function withHome(home: () => string, paths: path.PlatformPath, under: (home: string) => string): string | undefined {
  try {
    const h = home()
    return h && paths.isAbsolute(h) ? under(h) : undefined
  } catch {
    return undefined // no home directory (a user without a passwd entry)
  }
}

/** `name` made in `parent` (only if missing, never through a link) and checked to be this user's alone; its path, or undefined. */
function ownFolder(parent: string, name: string, uid: number | undefined): {dir: string; made: boolean} | undefined {
  const dir = path.join(parent, name)
  let made = true
  try {
    fs.mkdirSync(dir, {mode: 0o700})
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined
    made = false
  }
  try {
    const stat = fs.lstatSync(dir)
    if (!stat.isDirectory()) return undefined
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o077) !== 0)) return undefined
  } catch {
    return undefined
  }
  return {dir, made}
}

/**
 * Turn the cache on for the rest of this process, if Node offers it and no setting of the user's
 * says otherwise, in a folder of this lead `version`'s own (a build of it: `bin/run.js` adds when it
 * was built, so a lead installed from git makes a new one per build). Returns the folder used, or undefined.
 * Never throws: a cache is only a head start.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env, api: CompileCacheApi | undefined = nodeApi(), version = 'unknown'): string | undefined {
  if (!api || env.NODE_DISABLE_COMPILE_CACHE || env.NODE_COMPILE_CACHE) return undefined
  const base = userCacheFolder(env)
  if (base === undefined) return undefined
  const uid = process.platform === 'win32' ? undefined : process.geteuid?.()
  try {
    // The cache folder's base (~/.cache) is made if missing, alone (never a chain of folders), and
    // only where nobody else could replace it: root under another user's home (sudo keeping HOME)
    // makes none, which would leave that user's own programs a folder they cannot write.
    if (!fs.existsSync(base)) {
      const parent = fs.realpathSync.native(path.dirname(base))
      if (uid !== undefined && replaceableAt(parent, uid) !== undefined) return undefined
      ownFolder(parent, path.basename(base), uid)
    }
    const real = fs.realpathSync.native(base)
    if (uid !== undefined && replaceableAt(real, uid) !== undefined) return undefined
    let dir = real
    let made = false
    for (const name of [...OWN_FOLDERS, `lead-${version.replace(/[^\w.+-]/g, '_')}`]) {
      const own = ownFolder(dir, name, uid)
      if (!own) return undefined
      ;({dir, made} = own)
    }
    // Its time is when it was last used: another version's removes only what is no longer used.
    if (made) removeUnused(path.dirname(dir), path.basename(dir))
    else fs.utimesSync(dir, new Date(), new Date())
    api(dir)
    return dir
  } catch {
    return undefined
  }
}

/** Other versions' folders not used for KEPT_FOR_MS (each build's chunks are new files, with entries of their own). */
function removeUnused(parent: string, keep: string): void {
  const now = Date.now()
  for (const name of fs.readdirSync(parent)) {
    if (name === keep || !/^lead-[\w.+-]+$/.test(name)) continue
    const at = path.join(parent, name)
    const stat = fs.lstatSync(at)
    if (stat.isDirectory() && now - stat.mtimeMs > KEPT_FOR_MS) fs.rmSync(at, {recursive: true, force: true})
  }
}

function nodeApi(): CompileCacheApi | undefined {
  const enable = (nodeModule as {enableCompileCache?: (dir: string) => unknown}).enableCompileCache
  return typeof enable === 'function' ? (dir) => enable(dir) : undefined
}
