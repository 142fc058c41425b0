/**
 * V8's compile cache for lead's own modules (Node 22.1 and later: module.enableCompileCache): a
 * command starts from the bytecode an earlier run kept instead of parsing ~0.8 MB of JavaScript
 * again (`lead set` on 10,000 referrals, Node 22: ~25 ms less; docs/performance.md). Node 20 has no
 * such cache for ES modules: there this does nothing.
 *
 * Bytecode read from a folder is run as lead, so the folder must be one no other user can write:
 * lead's own under the user's cache folder, made private, and refused when it is a link, another
 * user's, or writable by others (Node's default, one folder in the shared temporary folder, is not
 * checked so). NODE_COMPILE_CACHE (a folder the user chose) and NODE_DISABLE_COMPILE_CACHE are
 * Node's own settings and win.
 */
import fs from 'node:fs'
import nodeModule from 'node:module'
import os from 'node:os'
import path from 'node:path'

/** What Node 22.1+ offers (node:module), or undefined on Node 20. */
export type CompileCacheApi = (dir: string) => unknown

/** The folder lead keeps compiled code in, by the platform's custom for per-user caches; undefined when there is no home to keep it in. */
export function compileCacheFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: () => string = os.homedir): string | undefined {
  const paths = platform === 'win32' ? path.win32 : path.posix
  const absolute = (dir: string | undefined) => (dir && paths.isAbsolute(dir) ? dir : undefined)
  let base: string | undefined
  if (platform === 'win32') base = absolute(env.LOCALAPPDATA)
  else if (platform === 'darwin') base = withHome(home, paths, (h) => paths.join(h, 'Library', 'Caches'))
  else base = absolute(env.XDG_CACHE_HOME) ?? withHome(home, paths, (h) => paths.join(h, '.cache'))
  return base === undefined ? undefined : paths.join(base, 'lead', 'compile-cache')
}

function withHome(home: () => string, paths: path.PlatformPath, under: (home: string) => string): string | undefined {
  try {
    const h = home()
    return h && paths.isAbsolute(h) ? under(h) : undefined
  } catch {
    return undefined // no home directory (a user without a passwd entry)
  }
}

/** Whether `dir` is a folder only this user can write: not a link, owned by them, no group or other write bit. */
export function privateFolder(dir: string): boolean {
  try {
    const stat = fs.lstatSync(dir)
    if (!stat.isDirectory()) return false
    if (process.platform === 'win32') return true // per-user by LOCALAPPDATA's own permissions
    return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0
  } catch {
    return false
  }
}

/**
 * Turn the cache on for the rest of this process, if Node offers it and no setting of the user's
 * says otherwise. Returns the folder used, or undefined. Never throws: a cache is only a head start.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env, api: CompileCacheApi | undefined = nodeApi()): string | undefined {
  if (!api || env.NODE_DISABLE_COMPILE_CACHE || env.NODE_COMPILE_CACHE) return undefined
  const dir = compileCacheFolder(env)
  if (dir === undefined) return undefined
  try {
    fs.mkdirSync(dir, {recursive: true, mode: 0o700})
    if (!privateFolder(dir)) return undefined
    api(dir)
    return dir
  } catch {
    return undefined
  }
}

function nodeApi(): CompileCacheApi | undefined {
  const enable = (nodeModule as {enableCompileCache?: (dir: string) => unknown}).enableCompileCache
  return typeof enable === 'function' ? (dir) => enable(dir) : undefined
}
