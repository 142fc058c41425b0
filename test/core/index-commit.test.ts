/**
 * A write's commit from git's index (git/index-commit.ts): what is staged is asked of git's
 * diff-index unless the index holds the entries git found, after lead's last commit, to be HEAD's
 * tree; what the commit holds is always asked of git's diff-tree; the commit holds lead's files
 * alone. Real repositories, lead run as a user runs it, its git processes counted through a git
 * on PATH that logs them.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {cleanupTemp, git, runLead, testEnv, writeSiteFile} from '../support/cli.js'
import {gitShim, siteWithReadme, type GitShim} from '../support/git-shim.js'

afterAll(cleanupTemp)

const env = testEnv()
let root: string
let shim: GitShim

beforeEach(() => {
  root = siteWithReadme(env)
  shim = gitShim(env)
})

const asked = (command: string) => shim.asked(command)
const committed = () => git(root, ['show', '--name-only', '--format=%s', 'HEAD'], env).trim().split('\n').filter(Boolean)
function lead(args: string[]) {
  const r = runLead([...args, '--json', '-C', root], {env: shim.env})
  expect(r.code, r.stderr).toBe(0)
  return r
}
const setName = (name: string) => lead(['set', 'partner', 'harbor-pd', `name=${name}`])

describe("a write's commit from the index", () => {
  it('asks git what is staged for the first write only, then knows it from the entries git found to be HEAD\'s tree; what the commit holds is always asked', () => {
    setName('Harbor Police Dept.')
    expect(committed()).toEqual(['partner: set harbor-pd name', 'partners/harbor-pd.yaml'])
    lead(['new', 'partner', '--id', 'bay-clinic', '--set', 'name=Bay Clinic', '--set', 'type=other'])
    expect(committed()[1]).toBe('partners/bay-clinic.yaml')
    setName('Harbor PD')
    expect(shim.calls().filter((l) => l.includes('commit ')).length).toBe(3)
    expect(asked('diff-index')).toBe(1)
    expect(asked('diff-tree')).toBe(3)
    expect(git(root, ['status', '--porcelain'], env).trim()).toBe('')
  })

  it('asks git when the user has something staged, and leaves it staged and out of the commit', () => {
    fs.appendFileSync(path.join(root, 'README.md'), 'work in progress\n')
    git(root, ['add', 'README.md'], env)
    setName('Harbor Police Dept.')
    expect(asked('diff-index')).toBe(1)
    expect(committed()).toEqual(['partner: set harbor-pd name', 'partners/harbor-pd.yaml'])
    expect(git(root, ['status', '--porcelain'], env).trim()).toBe('M  README.md')
  })

  it('needs no diff-index after git gc (objects packed, entries the same), and asks it of an index version 4, committing the same', () => {
    setName('Harbor Police Dept.')
    git(root, ['gc', '-q'], env)
    shim.clear()
    setName('Harbor PD')
    expect(asked('diff-index')).toBe(0)
    expect(committed()).toEqual(['partner: set harbor-pd name', 'partners/harbor-pd.yaml'])
    git(root, ['update-index', '--index-version', '4'], env)
    shim.clear()
    setName('Harbor Police')
    expect(asked('diff-index')).toBe(1)
    expect(committed()).toEqual(['partner: set harbor-pd name', 'partners/harbor-pd.yaml'])
  })

  it('asks git again once the user stages and unstages (entries the same, asked while the digest differs) and after a commit of the user\'s', () => {
    setName('Harbor Police Dept.')
    fs.appendFileSync(path.join(root, 'README.md'), 'draft\n')
    git(root, ['commit', '-qam', 'readme by hand'], env)
    shim.clear()
    setName('Harbor PD')
    expect(asked('diff-index')).toBe(1)
    shim.clear()
    setName('Harbor Police')
    expect(asked('diff-index')).toBe(0)
  })

  it('asks git what the commit holds when a pre-commit hook stages a file of its own, and never leaves it in a commit under its message from the index', () => {
    writeSiteFile(root, '.git/hooks/pre-commit', `#!/bin/sh\necho "# stamped" >> README.md\ngit add README.md\n`)
    fs.chmodSync(path.join(root, '.git/hooks/pre-commit'), 0o755)
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
    setName('Harbor Police Dept.')
    expect(asked('diff-tree')).toBeGreaterThan(0)
    // The commit from the index that took README.md in was taken back, and made again with --only (which a hook's staging still reaches: git's own answer, reported).
    expect(shim.calls().some((l) => l.includes('commit') && l.includes('--only'))).toBe(true)
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).not.toBe(readme)
  })

  it('asks git what the commit holds when a post-commit hook stages a file, and keeps the commit', () => {
    writeSiteFile(root, '.git/hooks/post-commit', `#!/bin/sh\necho "# after" >> README.md\ngit add README.md\n`)
    fs.chmodSync(path.join(root, '.git/hooks/post-commit'), 0o755)
    setName('Harbor Police Dept.')
    expect(asked('diff-tree')).toBe(1)
    expect(committed()).toEqual(['partner: set harbor-pd name', 'partners/harbor-pd.yaml'])
    expect(git(root, ['status', '--porcelain'], env).trim()).toBe('M  README.md')
  })
})
