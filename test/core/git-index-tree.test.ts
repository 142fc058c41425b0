/**
 * git's index walked and compared (records/git-index-tree.ts), held to what git itself says on
 * real repositories: the entries two indexes hold differently against `git diff --cached` over
 * random edits; and the index's digest (git-index.ts), hashed a window at a time.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {changedEntries} from '../../src/core/records/git-index-tree.js'
import {GitIndex, type WalkedIndex} from '../../src/core/records/git-index.js'
import {cleanupTemp, git, tempDir, writeSiteFile} from '../support/cli.js'
import {repositoryWithIndex} from '../support/index-repo.js'

afterAll(cleanupTemp)

const walkIndex = (buf: Buffer): WalkedIndex | undefined => GitIndex.parse(buf)?.walked()
const indexOf = (root: string): WalkedIndex | undefined => walkIndex(fs.readFileSync(path.join(root, '.git', 'index')))
const NAMES = ['a.yaml', 'dir/b c.yaml', 'dir/sub/d.yaml', 'tool.sh', `${'n/'.repeat(60)}${'n'.repeat(200)}.yaml`]

/** A repository of `n` files in nested folders, committed. */
function repository(n: number): string {
  const root = tempDir('lead-tree-')
  git(root, ['init', '-q', '-b', 'main'])
  for (let i = 0; i < n; i++) writeSiteFile(root, `${['referrals/2026', 'referrals/2025', 'partners', 'a', 'a/b/c'][i % 5]}/f-${i}.yaml`, `n: ${i}\n`)
  git(root, ['add', '-A'])
  git(root, ['commit', '-qm', 'files'])
  return root
}

describe("the index's entries walked", () => {
  it('are not read from a version 4, split or sparse index, nor a truncated one', () => {
    const v4 = repositoryWithIndex(4, NAMES)
    expect(indexOf(v4)).toBeUndefined()
    const split = repository(20)
    expect(indexOf(split)).toBeDefined()
    git(split, ['update-index', '--split-index'])
    writeSiteFile(split, 'partners/f-2.yaml', 'n: 2 again\n')
    git(split, ['add', 'partners/f-2.yaml'])
    expect(indexOf(split)).toBeUndefined()
    const sparse = repository(20)
    git(sparse, ['sparse-checkout', 'init', '--cone', '--sparse-index'])
    git(sparse, ['sparse-checkout', 'set', 'partners'])
    expect(indexOf(sparse)).toBeUndefined()
    const whole = fs.readFileSync(path.join(repository(10), '.git', 'index'))
    for (const cut of [11, 100]) expect(walkIndex(whole.subarray(0, cut)), String(cut)).toBeUndefined()
  })
})

describe('the entries two indexes hold differently', () => {
  it("are git's diff of the index against HEAD, over random edits", () => {
    const root = repository(300)
    const files = () => git(root, ['ls-files', '-z']).split('\0').filter(Boolean)
    let seed = 7
    let seen = 0
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    for (let round = 0; round < 12; round++) {
      const before = indexOf(root)!
      const tracked = files()
      const edits = 1 + random(6)
      for (let e = 0; e < edits; e++) {
        const file = tracked[random(tracked.length)]!
        const kind = random(6)
        if (kind === 0) writeSiteFile(root, file, `n: ${round}-${e}\n`)
        else if (kind === 1) writeSiteFile(root, `${path.posix.dirname(file)}/new-${round}-${e}.yaml`, 'new: 1\n')
        else if (kind === 2 && fs.existsSync(path.join(root, file))) git(root, ['rm', '-q', '-f', file])
        else if (kind === 3) git(root, ['update-index', '--chmod=+x', file])
        // Stat data only: the same bytes written again, the index refreshed.
        else if (kind === 4 && fs.existsSync(path.join(root, file))) fs.writeFileSync(path.join(root, file), fs.readFileSync(path.join(root, file)))
        else writeSiteFile(root, `z-${round}-${e}/deep/new.yaml`, 'deep: 1\n')
      }
      git(root, ['add', '-A'])
      git(root, ['update-index', '-q', '--refresh'])
      const expected = git(root, ['diff', '--cached', '--name-only', '--no-renames', '-z']).split('\0').filter(Boolean).sort()
      expect(changedEntries(before, indexOf(root)!).sort(), `round ${round}`).toEqual(expected)
      seen += expected.length
      expect(changedEntries(indexOf(root)!, before).sort()).toEqual(expected)
      expect(changedEntries(before, before)).toEqual([])
      git(root, ['commit', '-qm', `round ${round}`, '--allow-empty'])
    }
    expect(seen).toBeGreaterThan(20)
  })

  it('count a flag git sets without a content change (assume-unchanged) as a difference', () => {
    const root = repository(10)
    const before = indexOf(root)!
    git(root, ['update-index', '--assume-unchanged', 'a/f-3.yaml'])
    expect(changedEntries(before, indexOf(root)!)).toEqual(['a/f-3.yaml'])
  })
})

describe("the index's digest", () => {
  /** The digest as it was first written: the whole index copied, each entry's stat data zeroed, hashed at once. */
  function wholeCopyDigest(buf: Buffer): string {
    const index = GitIndex.parse(buf)!
    const walked = index.walked()
    const end = walked?.end ?? buf.length - 20
    const copy = Buffer.from(buf.subarray(0, end))
    const at = walked ? [...walked.at] : undefined
    if (!at) return index.digest()
    for (const a of at) {
      copy.fill(0, a, a + 24)
      copy.fill(0, a + 28, a + 40)
    }
    return crypto.createHash('sha1').update(copy).digest('base64url')
  }

  it('is the whole copy\'s, hashed a window at a time: an index of several windows with a long name in it, and each version', () => {
    const big = repository(4000)
    writeSiteFile(big, `${'long/'.repeat(30)}${'x'.repeat(200)}.yaml`, 'long: 1\n')
    git(big, ['add', '-A'])
    const buf = fs.readFileSync(path.join(big, '.git', 'index'))
    expect(buf.length).toBeGreaterThan(300 * 1024)
    expect(GitIndex.parse(buf)!.digest()).toBe(wholeCopyDigest(buf))
    for (const version of [2, 3]) {
      const b = fs.readFileSync(path.join(repositoryWithIndex(version, NAMES), '.git', 'index'))
      expect(GitIndex.parse(b)!.digest(), String(version)).toBe(wholeCopyDigest(b))
    }
    // Version 4 against the same entries as version 2: the digest hashes the stored bytes, so the two differ; each is stable.
    const v4 = fs.readFileSync(path.join(repositoryWithIndex(4, NAMES), '.git', 'index'))
    expect(GitIndex.parse(v4)!.digest()).toBe(GitIndex.parse(Buffer.from(v4))!.digest())
  })
})
