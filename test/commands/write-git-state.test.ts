/**
 * `lead set` end to end where the write path's reading of git could go wrong: a site in a
 * subfolder (with spaces and non-ASCII letters in its name) of a repository checked out in a
 * linked worktree, with a rebase in progress there and not in the main worktree.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv()

describe('lead set in a linked worktree of a repository holding the site in a subfolder', () => {
  it('refuses during a rebase there (exit 3, GIT_BUSY, nothing written), and commits once it is done', () => {
    const top = path.join(tempDir('lead-mono-'), 'repo')
    const siteDir = 'sites/Harbor Léad team'
    fs.cpSync(exampleSite(env), path.join(top, siteDir), {recursive: true, filter: (src) => path.basename(src) !== '.git'})
    git(top, ['init', '-q', '--initial-branch=main'], env)
    git(top, ['add', '.'], env)
    git(top, ['commit', '-qm', 'sites'], env)
    const linked = path.join(path.dirname(top), 'linked')
    git(top, ['worktree', 'add', '-q', '-b', 'feature', linked], env)
    const site = path.join(linked, siteDir)
    const file = 'partners/harbor-pd.yaml'
    git(linked, ['commit', '-q', '--allow-empty', '-m', 'feature'], env)
    git(linked, ['rebase', '-q', '-i', 'HEAD~1'], {...env, GIT_SEQUENCE_EDITOR: `sed -i '1i break'`})
    const before = fs.readFileSync(path.join(site, file), 'utf8')

    const busy = runLead(['set', 'partner', 'harbor-pd', 'phone=+1-360-555-0199', '--json'], {cwd: site, env})
    expect(busy.code, busy.stderr).toBe(3)
    expect(busy.json().error.code).toBe('GIT_BUSY')
    expect(busy.json().error.hint).toContain('git rebase --abort')
    expect(fs.readFileSync(path.join(site, file), 'utf8')).toBe(before)

    // The main worktree has no rebase: lead commits there.
    const main = runLead(['set', 'partner', 'harbor-pd', 'phone=+1-360-555-0198'], {cwd: path.join(top, siteDir), env})
    expect(main.code, main.stderr).toBe(0)
    expect(git(top, ['show', '--name-only', '--format=', '-z', 'main'], env).split('\0').filter(Boolean)).toEqual([`${siteDir}/${file}`])

    git(linked, ['rebase', '--abort'], env)
    const done = runLead(['set', 'partner', 'harbor-pd', 'phone=+1-360-555-0199', '--json'], {cwd: site, env})
    expect(done.code, done.stderr).toBe(0)
    expect(done.json().commit).toBe(git(linked, ['rev-parse', 'HEAD'], env).trim())
    expect(git(linked, ['status', '--porcelain'], env)).toBe('')
  })
})
