/**
 * V8's compile cache (src/cli/compile-cache.ts): on Node 22+ lead keeps its modules' bytecode in a
 * folder of the user's own, and never reads it from a folder another user could put in its place,
 * at any level of its path (helper-81 raced a swap of a checked folder and ran planted bytecode).
 * Node 20 has no such API, so it is given here as a function that records the folder it was given.
 * Another user is played by chown, so those cases run only as root (as CI does here).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {spawnSync} from 'node:child_process'
import {afterAll, describe, expect, it} from 'vitest'
import {userCacheFolder, enableCompileCache} from '../../src/cli/compile-cache.js'
import {replaceableAt} from '../../src/core/state-folder.js'

const made: string[] = []
afterAll(() => made.forEach((d) => fs.rmSync(d, {recursive: true, force: true})))
/** A folder of this user's, 0700, in the system's temporary folder (sticky). */
const tempDir = () => {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lead-ccache-')))
  made.push(d)
  return d
}
const recorder = () => {
  const given: string[] = []
  return {given, api: (dir: string) => given.push(dir)}
}
const uid = process.geteuid?.() ?? -1
const OTHER = 12345
const asRoot = uid === 0

describe('the folder', () => {
  it.each([
    ['linux', {XDG_CACHE_HOME: '/x/cache'}, '/x/cache'],
    ['linux', {}, '/home/ana/.cache'],
    ['linux', {XDG_CACHE_HOME: 'relative/cache'}, '/home/ana/.cache'],
    ['darwin', {XDG_CACHE_HOME: '/x/cache'}, '/home/ana/Library/Caches'],
  ] as const)('on %s with %j: %s', (platform, env, expected) => {
    expect(userCacheFolder(env, platform, () => '/home/ana')).toBe(expected)
  })

  it('on Windows, under LOCALAPPDATA; none without a home', () => {
    expect(userCacheFolder({LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local'}, 'win32', () => 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Local')
    expect(userCacheFolder({}, 'linux', () => '')).toBeUndefined()
    expect(
      userCacheFolder({}, 'linux', () => {
        throw new Error('no passwd entry')
      }),
    ).toBeUndefined()
  })
})

describe.skipIf(process.platform === 'win32')('turned on', () => {
  it('makes lead\'s folders one at a time, private (0700), a folder per lead version, and gives Node the real path', () => {
    const cache = tempDir()
    const {given, api} = recorder()
    const dir = enableCompileCache({XDG_CACHE_HOME: cache}, api, '1.2.3')
    expect(dir).toBe(path.join(cache, 'lead', 'compile-cache', 'lead-1.2.3'))
    expect(given).toEqual([dir])
    for (const d of [dir!, path.dirname(dir!), path.join(cache, 'lead')]) expect(fs.statSync(d).mode & 0o777).toBe(0o700)
    // Through a link to it: the folder Node is given has no link in it.
    const link = path.join(tempDir(), 'cache-link')
    fs.symlinkSync(cache, link)
    expect(enableCompileCache({XDG_CACHE_HOME: link}, api, '1.2.3')).toBe(dir)
  })

  it('refuses lead\'s folder when others may write it, it is a link, or a file is in its place: Node is never given it', () => {
    const cache = tempDir()
    const dir = path.join(cache, 'lead', 'compile-cache')
    fs.mkdirSync(dir, {recursive: true, mode: 0o700})
    fs.chmodSync(dir, 0o777)
    const {given, api} = recorder()
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, api)).toBeUndefined()
    fs.chmodSync(dir, 0o770)
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, api)).toBeUndefined()
    fs.rmSync(dir, {recursive: true})
    fs.symlinkSync(tempDir(), dir)
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, api)).toBeUndefined()
    fs.rmSync(dir)
    fs.writeFileSync(dir, '')
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, api)).toBeUndefined()
    expect(given).toEqual([])
  })

  it('refuses a base any folder above which others may write without the sticky bit', () => {
    const open = tempDir()
    fs.chmodSync(open, 0o777) // writable by all, not sticky: a folder in it can be renamed away
    const cache = path.join(open, 'mine')
    fs.mkdirSync(cache, {mode: 0o700})
    const {given, api} = recorder()
    expect(replaceableAt(cache, uid)).toBeDefined()
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, api)).toBeUndefined()
    fs.chmodSync(open, 0o1777) // sticky, as /tmp: only the owner of `mine` may rename it
    expect(replaceableAt(cache, uid)).toBeUndefined()
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, api)).toBeDefined()
    expect(given).toHaveLength(1)
  })

  it.skipIf(!asRoot)('refuses a base another user owns or made in a sticky folder, and root under a user\'s home (sudo keeping HOME)', () => {
    const {given, api} = recorder()
    const sticky = tempDir()
    fs.chmodSync(sticky, 0o1777)
    const planted = path.join(sticky, 'xdg-ana')
    fs.mkdirSync(planted, {mode: 0o700})
    fs.chownSync(planted, OTHER, OTHER) // made by another user before this one used it
    expect(enableCompileCache({XDG_CACHE_HOME: planted}, api)).toBeUndefined()
    const home = tempDir()
    fs.mkdirSync(path.join(home, '.cache'), {mode: 0o700})
    fs.chownSync(home, OTHER, OTHER)
    fs.chownSync(path.join(home, '.cache'), OTHER, OTHER)
    expect(enableCompileCache({XDG_CACHE_HOME: path.join(home, '.cache')}, api)).toBeUndefined()
    // Root under a user's home that has no ~/.cache yet makes none (it would be root's: helper-82).
    const bare = tempDir()
    fs.chownSync(bare, OTHER, OTHER)
    expect(enableCompileCache({XDG_CACHE_HOME: path.join(bare, '.cache')}, api)).toBeUndefined()
    expect(fs.readdirSync(bare)).toEqual([])
    // lead's own folder made by another user beforehand.
    const cache = tempDir()
    fs.mkdirSync(path.join(cache, 'lead'), {mode: 0o700})
    fs.chownSync(path.join(cache, 'lead'), OTHER, OTHER)
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, api)).toBeUndefined()
    expect(given).toEqual([])
  })

  it('removes other versions\' folders unused for 30 days when a new version makes its own; a version in use is kept', () => {
    const cache = tempDir()
    const {api} = recorder()
    const parent = path.dirname(enableCompileCache({XDG_CACHE_HOME: cache}, api, '1.0.0')!)
    for (const name of ['lead-0.9.0', 'lead-0.9.1', 'notes']) fs.mkdirSync(path.join(parent, name))
    const old = new Date(Date.now() - 40 * 24 * 3600 * 1000)
    for (const name of ['lead-0.9.0', 'notes', 'lead-1.0.0']) fs.utimesSync(path.join(parent, name), old, old)
    enableCompileCache({XDG_CACHE_HOME: cache}, api, '1.0.0') // 1.0.0 used again: its time is now
    enableCompileCache({XDG_CACHE_HOME: cache}, api, '1.1.0')
    expect(fs.readdirSync(parent).sort()).toEqual(['lead-0.9.1', 'lead-1.0.0', 'lead-1.1.0', 'notes'])
  })

  it("leaves it to Node's own settings and to a Node without the API; a base that cannot be made or is no folder costs nothing", () => {
    const cache = tempDir()
    const {given, api} = recorder()
    expect(enableCompileCache({XDG_CACHE_HOME: cache, NODE_DISABLE_COMPILE_CACHE: '1'}, api)).toBeUndefined()
    expect(enableCompileCache({XDG_CACHE_HOME: cache, NODE_COMPILE_CACHE: path.join(cache, 'mine')}, api)).toBeUndefined()
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, undefined)).toBeUndefined()
    expect(fs.readdirSync(cache)).toEqual([])
    fs.writeFileSync(path.join(cache, 'lead'), '')
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, api)).toBeUndefined()
    // procfs (a recursive mkdir there never returned), and a base two folders deep that is missing.
    expect(enableCompileCache({XDG_CACHE_HOME: '/proc/lead-nothing/x'}, api)).toBeUndefined()
    expect(enableCompileCache({XDG_CACHE_HOME: path.join(cache, 'a', 'b')}, api)).toBeUndefined()
    expect(fs.existsSync(path.join(cache, 'a'))).toBe(false)
    expect(given).toEqual([])
    const run = spawnSync(process.execPath, [path.resolve('bin/run.js'), '--version'], {env: {...process.env, XDG_CACHE_HOME: cache}, encoding: 'utf8'})
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^lead-cli\/\d/)
  })
})
