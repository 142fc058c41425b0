/**
 * lead's own files in the git directory are read through one descriptor, never through a link
 * planted in their place and never waiting on a FIFO (records/private-file.ts): the basis, its
 * link, the index summary, the journal, the lists and the parse cache's index all read so.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readPrivateFile} from '../../src/core/records/private-file.js'
import {cleanupTemp, tempDir} from '../support/cli.js'

afterAll(cleanupTemp)

describe('a file lead keeps for itself', () => {
  it('is read with its stat; a link in its place is refused, a FIFO or a folder is no file', () => {
    const dir = tempDir('lead-private-')
    const file = path.join(dir, 'memo.json')
    fs.writeFileSync(file, '{"a":1}')
    const read = readPrivateFile(file)!
    expect(read.bytes.toString()).toBe('{"a":1}')
    expect(read.stat.size).toBe(7)
    const link = path.join(dir, 'link.json')
    fs.symlinkSync(file, link)
    expect(() => readPrivateFile(link)).toThrow()
    const fifo = path.join(dir, 'fifo.json')
    execFileSync('mkfifo', [fifo])
    const started = Date.now()
    expect(readPrivateFile(fifo)).toBeUndefined()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(readPrivateFile(dir)).toBeUndefined()
    expect(() => readPrivateFile(path.join(dir, 'missing.json'))).toThrow()
  })
})
