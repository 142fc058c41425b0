/**
 * V8's compile cache (src/cli/compile-cache.ts): on Node 22+ lead keeps its modules' bytecode in a
 * folder of the user's own, and never reads it from a folder another user could write. Node 20 has
 * no such API, so the API is given here as a function that records the folder it was given.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {spawnSync} from 'node:child_process'
import {afterAll, describe, expect, it} from 'vitest'
import {compileCacheFolder, enableCompileCache, privateFolder} from '../../src/cli/compile-cache.js'

const made: string[] = []
afterAll(() => made.forEach((d) => fs.rmSync(d, {recursive: true, force: true})))
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-ccache-'))
  made.push(d)
  return d
}
const recorder = () => {
  const given: string[] = []
  return {given, api: (dir: string) => given.push(dir)}
}

describe('the folder', () => {
  it.each([
    ['linux', {XDG_CACHE_HOME: '/x/cache'}, '/x/cache/lead/compile-cache'],
    ['linux', {}, '/home/ana/.cache/lead/compile-cache'],
    ['linux', {XDG_CACHE_HOME: 'relative/cache'}, '/home/ana/.cache/lead/compile-cache'],
    ['darwin', {XDG_CACHE_HOME: '/x/cache'}, '/home/ana/Library/Caches/lead/compile-cache'],
  ] as const)('on %s with %j: %s', (platform, env, expected) => {
    expect(compileCacheFolder(env, platform, () => '/home/ana')).toBe(expected)
  })

  it('on Windows, under LOCALAPPDATA; none without it, nor without a home', () => {
    expect(compileCacheFolder({LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local'}, 'win32', () => 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Local\\lead\\compile-cache')
    expect(compileCacheFolder({}, 'linux', () => '')).toBeUndefined()
    expect(
      compileCacheFolder({}, 'linux', () => {
        throw new Error('no passwd entry')
      }),
    ).toBeUndefined()
  })
})

describe.skipIf(process.platform === 'win32')('turned on', () => {
  it('makes the folder private (0700, the parents it makes too) and gives it to Node', () => {
    const cache = tempDir()
    const {given, api} = recorder()
    const dir = enableCompileCache({XDG_CACHE_HOME: cache}, api)
    expect(dir).toBe(path.join(cache, 'lead', 'compile-cache'))
    expect(given).toEqual([dir])
    expect(fs.statSync(dir!).mode & 0o777).toBe(0o700)
    expect(fs.statSync(path.join(cache, 'lead')).mode & 0o777).toBe(0o700)
  })

  it('refuses a folder others may write, a link, or a file in its place: Node is never given it', () => {
    const cache = tempDir()
    const dir = path.join(cache, 'lead', 'compile-cache')
    fs.mkdirSync(dir, {recursive: true})
    fs.chmodSync(dir, 0o777)
    const {given, api} = recorder()
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, api)).toBeUndefined()
    fs.chmodSync(dir, 0o770)
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, api)).toBeUndefined()
    fs.rmSync(dir, {recursive: true})
    const elsewhere = tempDir()
    fs.symlinkSync(elsewhere, dir)
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, api)).toBeUndefined()
    fs.rmSync(dir)
    fs.writeFileSync(dir, '')
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, api)).toBeUndefined()
    expect(given).toEqual([])
    expect(privateFolder(elsewhere)).toBe(true)
  })

  it("leaves it to Node's own settings (NODE_COMPILE_CACHE, NODE_DISABLE_COMPILE_CACHE) and to a Node without the API", () => {
    const cache = tempDir()
    const {given, api} = recorder()
    expect(enableCompileCache({XDG_CACHE_HOME: cache, NODE_DISABLE_COMPILE_CACHE: '1'}, api)).toBeUndefined()
    expect(enableCompileCache({XDG_CACHE_HOME: cache, NODE_COMPILE_CACHE: path.join(cache, 'mine')}, api)).toBeUndefined()
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, undefined)).toBeUndefined()
    expect(given).toEqual([])
    expect(fs.readdirSync(cache)).toEqual([])
  })

  it('a cache folder that cannot be made (a file where its parent goes) costs nothing: the command runs', () => {
    const cache = tempDir()
    fs.writeFileSync(path.join(cache, 'lead'), '')
    const {given, api} = recorder()
    expect(enableCompileCache({XDG_CACHE_HOME: cache}, api)).toBeUndefined()
    expect(given).toEqual([])
    // The built CLI with such a cache folder (on Node 20 the cache is never asked for).
    const run = spawnSync(process.execPath, [path.resolve('bin/run.js'), '--version'], {env: {...process.env, XDG_CACHE_HOME: cache}, encoding: 'utf8'})
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^lead-cli\/\d/)
  })
})
