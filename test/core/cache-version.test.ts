/**
 * The parse cache's version names the yaml library lead parses with: the package.json it reads is
 * the one Node's resolution finds from lead's own modules (a shortcut reads lead's node_modules
 * directly, skipping ~2 ms of look-ups).
 */
import fs from 'node:fs'
import {createRequire} from 'node:module'
import {describe, expect, it} from 'vitest'
import {cacheVersion, yamlPackage} from '../../src/core/records/cache-files.js'

describe('cache version', () => {
  it("reads the yaml library's version from the package Node resolves for lead", () => {
    const resolved = createRequire(new URL('../../src/core/records/cache-files.ts', import.meta.url)).resolve('yaml/package.json')
    expect(fs.realpathSync(yamlPackage())).toBe(fs.realpathSync(resolved))
    expect(cacheVersion()).toMatch(/^parse-v\d+\/[A-Za-z0-9_-]{27}$/)
  })
})
