/**
 * One entry found in git's index bytes without walking the others (records/git-index-entry.ts),
 * held to what the whole walk (GitIndex) and `git ls-files -s` say, on real indexes of each version.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {indexedFile} from '../../src/core/records/git-index-entry.js'
import {GitIndex} from '../../src/core/records/git-index.js'
import {cleanupTemp, git, writeSiteFile} from '../support/cli.js'
import {repositoryWithIndex} from '../support/index-repo.js'

afterAll(cleanupTemp)

const NAMES = ['a.yaml', 'dir/b c.yaml', 'dir/ñandú.yaml', 'dir/sub/d.yaml', 'sub/d.yaml', 'x/dir/sub/d.yaml', 'dir-e.yaml', 'tool.sh', `${'z/'.repeat(40)}deep.yaml`, `${'n/'.repeat(60)}${'n'.repeat(200)}.yaml`]

const repository = (version: number) => repositoryWithIndex(version, NAMES)

describe('an index entry found in the bytes', () => {
  it.each([2, 3])('is the entry the whole walk finds, for every path, and none for paths not there (version %i)', (version) => {
    const root = repository(version)
    const buf = fs.readFileSync(path.join(root, '.git', 'index'))
    const walked = GitIndex.parse(buf)!
    const listed = git(root, ['-c', 'core.quotePath=false', 'ls-files', '-s']).trim().split('\n')
    expect(listed.length).toBe(NAMES.length + 2)
    for (const line of listed) {
      const [mode, oid] = line.split(' ')
      const file = line.slice(line.indexOf('\t') + 1)
      const found = indexedFile(buf, file)
      expect(found, file).toEqual(walked.entry(file))
      expect(found, file).toEqual({oid: Buffer.from(oid!, 'hex').toString('base64url'), mode: Number.parseInt(mode!, 8)})
    }
    // Names inside others' (a suffix, a folder's), and names not there at all.
    for (const absent of ['d.yaml', 'b c.yaml', 'ub/d.yaml', 'dir', 'dir/', 'deep.yaml', 'nope.yaml', 'a.yam']) {
      expect(indexedFile(buf, absent), absent).toBeNull()
      expect(walked.entry(absent), absent).toBeNull()
    }
  })

  it("leaves version 4's shortened names and a conflict's stages to the whole walk", () => {
    const v4 = repository(4)
    expect(indexedFile(fs.readFileSync(path.join(v4, '.git', 'index')), 'a.yaml')).toBeUndefined()
    const root = repository(2)
    git(root, ['switch', '-q', '-c', 'other'])
    writeSiteFile(root, 'a.yaml', 'name: other\n')
    git(root, ['commit', '-qam', 'other'])
    git(root, ['switch', '-q', 'main'])
    writeSiteFile(root, 'a.yaml', 'name: main\n')
    git(root, ['commit', '-qam', 'main'])
    try {
      git(root, ['merge', '-q', 'other'])
    } catch {
      // the conflict is the point
    }
    const buf = fs.readFileSync(path.join(root, '.git', 'index'))
    expect(indexedFile(buf, 'a.yaml')).toBeUndefined()
    expect(indexedFile(buf, 'dir-e.yaml')).toEqual(GitIndex.parse(buf)!.entry('dir-e.yaml'))
  })
})
