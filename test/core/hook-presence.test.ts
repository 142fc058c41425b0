/** Whether a pre-commit hook may run, told from the files git reads (git/hook-presence.ts): never "no" when one may. */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {otherProgramMayRun, preCommitHookMayRun} from '../../src/core/git/hook-presence.js'
import {cleanupTemp, git, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

/** A repository and a home of its own; the environment git would run with (no system config). */
function repo(): {root: string; gitDir: string; env: NodeJS.ProcessEnv} {
  const root = tempDir('lead-hooks-')
  const home = tempDir('lead-home-')
  const {GIT_CONFIG_GLOBAL: _, ...shared} = testEnv()
  const env = {...shared, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1'}
  git(root, ['init', '-q', '-b', 'main'], env)
  return {root, gitDir: path.join(root, '.git'), env}
}

describe('preCommitHookMayRun', () => {
  it('no: no hook in the hooks folder, and nothing in the configuration that could move it', () => {
    const {gitDir, env} = repo()
    // git init leaves samples (pre-commit.sample): no hook git runs.
    expect(fs.existsSync(path.join(gitDir, 'hooks'))).toBe(true)
    expect(preCommitHookMayRun(gitDir, env)).toBe(false)
  })

  it('may: a pre-commit file in the hooks folder, whoever wrote it', () => {
    const {gitDir, env} = repo()
    fs.writeFileSync(path.join(gitDir, 'hooks', 'pre-commit'), '#!/bin/sh\nexit 0\n', {mode: 0o755})
    expect(preCommitHookMayRun(gitDir, env)).toBe(true)
  })

  it('may: core.hooksPath or an include in the repository, the user\'s or the system\'s configuration, or git\'s GIT_CONFIG_* settings', () => {
    const cases: Array<(r: ReturnType<typeof repo>) => NodeJS.ProcessEnv> = [
      (r) => (git(r.root, ['config', 'core.hooksPath', 'hooks'], r.env), r.env),
      (r) => (git(r.root, ['config', 'include.path', 'more.config'], r.env), r.env),
      (r) => (fs.writeFileSync(path.join(r.env.HOME!, '.gitconfig'), '[core]\n\tHooksPath = ~/hooks\n'), r.env),
      (r) => (fs.mkdirSync(path.join(r.env.XDG_CONFIG_HOME!, 'git'), {recursive: true}), fs.writeFileSync(path.join(r.env.XDG_CONFIG_HOME!, 'git', 'config'), '[includeIf "gitdir:~/work/"]\n\tpath = work.config\n'), r.env),
      (r) => {
        const global = path.join(r.env.HOME!, 'elsewhere.config')
        fs.writeFileSync(global, '[core]\n\thookspath = /srv/hooks\n')
        return {...r.env, GIT_CONFIG_GLOBAL: global}
      },
      (r) => {
        const system = path.join(r.env.HOME!, 'system.config')
        fs.writeFileSync(system, '[core]\n\thooksPath = /srv/hooks\n')
        const {GIT_CONFIG_NOSYSTEM: _, ...env} = r.env
        return {...env, GIT_CONFIG_SYSTEM: system}
      },
      (r) => ({...r.env, GIT_CONFIG_PARAMETERS: "'core.hooksPath'='/srv/hooks'"}),
      (r) => ({...r.env, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.hooksPath', GIT_CONFIG_VALUE_0: '/srv/hooks'}),
      (r) => ({...r.env, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'include.path', GIT_CONFIG_VALUE_0: '/srv/more.config'}),
    ]
    for (const [i, make] of cases.entries()) {
      const r = repo()
      const env = make(r)
      expect(preCommitHookMayRun(r.gitDir, env), `case ${i}`).toBe(true)
    }
  })

  it('a linked worktree: its hooks and configuration are the repository\'s own', () => {
    const r = repo()
    git(r.root, ['-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '-q', '--allow-empty', '-m', 'first'], r.env)
    const linked = path.join(tempDir('lead-wt-'), 'wt')
    git(r.root, ['worktree', 'add', '-q', linked], r.env)
    const linkedGitDir = path.resolve(linked, git(linked, ['rev-parse', '--git-dir'], r.env).trim())
    expect(linkedGitDir).not.toBe(r.gitDir)
    expect(preCommitHookMayRun(linkedGitDir, r.env)).toBe(false)
    fs.writeFileSync(path.join(r.gitDir, 'hooks', 'pre-commit'), '#!/bin/sh\nexit 0\n', {mode: 0o755})
    expect(preCommitHookMayRun(linkedGitDir, r.env)).toBe(true)
  })

  it('may, when a configuration file cannot be read (a folder in its place)', () => {
    const r = repo()
    fs.mkdirSync(path.join(r.env.HOME!, '.gitconfig'))
    expect(preCommitHookMayRun(r.gitDir, r.env)).toBe(true)
  })
})

describe('otherProgramMayRun (git words after a failed write of a participant record: write/git-words.ts)', () => {
  it('no: only git\'s samples and a configuration that names no hook, filter or fsmonitor', () => {
    const {gitDir, env} = repo()
    expect(otherProgramMayRun(gitDir, env)).toBe(false)
  })

  it('may: any hook, a filter (clean, smudge or process) or fsmonitor in the configuration, or no git directory known', () => {
    const hook = repo()
    fs.writeFileSync(path.join(hook.gitDir, 'hooks', 'post-commit'), '#!/bin/sh\n', {mode: 0o755})
    expect(otherProgramMayRun(hook.gitDir, hook.env)).toBe(true)
    for (const [key, value] of [['filter.leak.clean', 'cat'], ['filter.lfs.process', 'git-lfs filter-process'], ['core.fsmonitor', 'true']] as const) {
      const r = repo()
      git(r.root, ['config', key, value], r.env)
      expect(otherProgramMayRun(r.gitDir, r.env), key).toBe(true)
      // Not a pre-commit hook: the write's vouch is not built for it.
      expect(preCommitHookMayRun(r.gitDir, r.env), key).toBe(false)
    }
    expect(otherProgramMayRun(undefined)).toBe(true)
  })
})
