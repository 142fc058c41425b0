/**
 * The write path's check of git's state answered from the `git status` lead took when it started
 * (git/vouched-clean.ts): a "clean" only while HEAD, the index's entries and each file's bytes are
 * as that status saw them; every other case goes back to git, whose answer refuses. Real
 * repositories; the status is taken, then the repository changed, then the check made.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {cleanAsGitSaw} from '../../src/core/git/vouched-clean.js'
import {findGitDir} from '../../src/core/git-dir.js'
import {cacheVersion} from '../../src/core/records/cache-files.js'
import {gitFileState, prefetchAnswered, prefetchGitStatus, type GitFileState} from '../../src/core/records/git-file-state.js'
import {workTreeIndex} from '../../src/core/records/git-index-view.js'
import {readSite} from '../../src/core/site.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv, useGitEnv} from '../support/cli.js'
import {refused} from '../support/lead-error.js'
import {gitShim} from '../support/git-shim.js'

afterAll(cleanupTemp)

const env = testEnv()
useGitEnv(env)

const FILE = 'partners/harbor-pd.yaml'
const NEW = 'partners/not-yet.yaml'

let root: string
/** The example site as a user has it: git has looked at it once since the checkout (a fresh index is rewritten by the first status). */
function settledSite(): string {
  const site = exampleSite(env)
  git(site, ['status', '--porcelain'], env)
  return site
}

beforeEach(() => {
  root = settledSite()
  expect(fs.existsSync(path.join(root, FILE))).toBe(true)
})

/** git's answer now, as the write path's load takes it. */
async function seenNow(): Promise<GitFileState> {
  const seen = await gitFileState(root)
  expect(seen).toBeDefined()
  return seen!
}

/** The check made now, against the status taken before. */
function vouches(seen: GitFileState, files: string[]): boolean {
  const gitDir = findGitDir(root)!.gitDir
  return cleanAsGitSaw(seen, root, gitDir, workTreeIndex(gitDir, cacheVersion())!, files)
}

const append = (file: string, text = '# more\n') => fs.appendFileSync(path.join(root, file), text)

describe('cleanAsGitSaw', () => {
  it('vouches for a committed, unchanged file and a new path with no file, on a branch', async () => {
    const seen = await seenNow()
    expect(seen.head?.branch).toBe('main')
    expect(seen.head?.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(vouches(seen, [FILE, NEW])).toBe(true)
  })

  it('does not once the file is edited, staged, created, or HEAD moves after the status', async () => {
    const cases: Array<[string, () => void, string[]]> = [
      ['edited, not staged', () => append(FILE), [FILE]],
      ['edited and staged (its bytes are the index blob)', () => (append(FILE), git(root, ['add', FILE], env)), [FILE]],
      ['created, untracked', () => fs.writeFileSync(path.join(root, NEW), 'id: not-yet\n'), [NEW]],
      ['staged as new, then removed from the disk', () => (fs.writeFileSync(path.join(root, NEW), 'x: 1\n'), git(root, ['add', NEW], env), fs.rmSync(path.join(root, NEW))), [NEW]],
      ['HEAD moved back (reset --soft): the index now differs from it', () => git(root, ['reset', '-q', '--soft', 'HEAD~1'], env), [FILE]],
      ['another branch at the same commit', () => git(root, ['switch', '-q', '-c', 'other'], env), [FILE]],
      ['flagged assume-unchanged', () => git(root, ['update-index', '--assume-unchanged', FILE], env), [FILE]],
      ['replaced by a symbolic link to the same bytes', () => {
        const abs = path.join(root, FILE)
        const copy = path.join(tempDir(), 'copy.yaml')
        fs.copyFileSync(abs, copy)
        fs.rmSync(abs)
        fs.symlinkSync(copy, abs)
      }, [FILE]],
    ]
    for (const [name, change, files] of cases) {
      root = settledSite()
      // A second commit, so that reset --soft has somewhere to go and FILE is in it.
      append(FILE, '# second\n')
      git(root, ['commit', '-qam', 'second'], env)
      git(root, ['status', '--porcelain'], env)
      const seen = await seenNow()
      expect(vouches(seen, files), `${name}: clean before`).toBe(true)
      change()
      expect(vouches(seen, files), name).toBe(false)
    }
  })

  it('does not when git listed the file, even once it is as committed again', async () => {
    append(FILE)
    const seen = await seenNow()
    git(root, ['checkout', '-q', '--', FILE], env)
    expect(vouches(seen, [FILE])).toBe(false)
  })

  it('does not on a detached HEAD, before the first commit, or for a path the status left out', async () => {
    git(root, ['switch', '-q', '--detach'], env)
    expect(vouches(await seenNow(), [FILE])).toBe(false)
    git(root, ['switch', '-q', 'main'], env)
    expect(vouches(await seenNow(), ['.hidden/x.yaml', 'node_modules/x.yaml'])).toBe(false)

    const fresh = tempDir()
    fs.cpSync(path.join(root, 'lead.yaml'), path.join(fresh, 'lead.yaml'))
    git(fresh, ['init', '-q', '-b', 'main'], env)
    git(fresh, ['add', 'lead.yaml'], env)
    git(fresh, ['status', '--porcelain'], env)
    const unborn = await gitFileState(fresh)
    expect(unborn?.head).toEqual({branch: 'main', commit: undefined})
    const gitDir = findGitDir(fresh)!.gitDir
    const index = workTreeIndex(gitDir, cacheVersion())
    expect(index === undefined || !cleanAsGitSaw(unborn!, fresh, gitDir, index, ['partners/a.yaml'])).toBe(true)
  })
})

describe('the write path', () => {
  it('refuses a file staged after lead took its status at the start', async () => {
    prefetchGitStatus(root)
    // git answers (~20 ms here); then the user stages an edit of the file while lead loads.
    await prefetchAnswered(root)
    append(FILE, '# staged by hand\n')
    git(root, ['add', FILE], env)
    const text = fs.readFileSync(path.join(root, FILE), 'utf8')
    const error = await refused(writeRecords(readSite(root), [{kind: 'partner', id: 'harbor-pd', file: FILE, text: `${text}# lead's change\n`, base: text}], {message: 'partner: set harbor-pd'}))
    expect(error.code).toBe('UNCOMMITTED_CHANGES')
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).not.toBe('partner: set harbor-pd')
  })

  it('asks git status once for a `lead set` on a clean site (and after its own commit), and twice when the file has changes (then refuses)', () => {
    const shim = gitShim(env)
    const shimmed = shim.env
    const statuses = () => shim.calls().filter((l) => /(^| )status /.test(l)).length

    const ok = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor Police Department', '--json', '-C', root], {env: shimmed})
    expect(ok.code, ok.stderr).toBe(0)
    expect(statuses()).toBe(1)
    // The next write after lead's own commit too.
    shim.clear()
    const again = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor Police', '--json', '-C', root], {env: shimmed})
    expect(again.code, again.stderr).toBe(0)
    expect(statuses()).toBe(1)

    shim.clear()
    append(FILE)
    const dirty = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor PD', '--json', '-C', root], {env: shimmed})
    expect(dirty.json().error.code).toBe('UNCOMMITTED_CHANGES')
    expect(statuses()).toBe(2)
  })
})
