/**
 * A git hook that changes lead's commit after lead judged it (a formatter rewriting the file lead
 * wrote, a hook staging a file of its own) was committed without a word: lead said "committed"
 * of content it never validated. It is told now (HOOK_CHANGED_COMMIT), names concealed as anywhere.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

const env = testEnv()
afterAll(cleanupTemp)

const hook = (root: string, body: string) => fs.writeFileSync(path.join(root, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\n${body}\nexit 0\n`, {mode: 0o755})

describe('lead set under a pre-commit hook that changes the commit', () => {
  it('tells a file the hook rewrote and staged, and one it added; conceals a typed name; says nothing without one', () => {
    const root = exampleSite(env, {warm: true})
    const plain = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor City PD', '--json'], {cwd: root, env})
    expect(plain.code, plain.stderr).toBe(0)
    expect(plain.json()).toMatchObject({committed: true, changed_by_hook: null})

    // A formatter of staged YAML (lint-staged): it rewrites what lead wrote, and stages it again.
    hook(root, `for f in $(git diff --cached --name-only -- 'partners/*.yaml'); do printf '# formatted\\n' >> "$f"; git add -- "$f"; done`)
    const text = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor PD'], {cwd: root, env})
    expect(text.code, text.stderr).toBe(0)
    expect(text.stderr).toContain('warning HOOK_CHANGED_COMMIT a git hook changed partners/harbor-pd.yaml after lead wrote it: lead did not validate that')
    expect(text.stderr).toContain('hint: run lead validate')
    expect(git(root, ['show', 'HEAD:partners/harbor-pd.yaml'], env)).toContain('# formatted')

    // A hook that stages a file of its own, named by a person, into a participant folder.
    hook(root, `printf 'x\\n' > 'consents/Jane Doe notes.txt'; git add -- 'consents/Jane Doe notes.txt'`)
    const json = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor County PD', '--json'], {cwd: root, env})
    expect(json.code, json.stderr).toBe(0)
    expect(json.stdout + json.stderr).not.toContain('Jane Doe')
    expect(json.json()).toMatchObject({committed: true, changed_by_hook: {rewritten: [], added: ['consents/‹file name of 18 characters, not shown›']}})
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim().split('\n').sort()).toEqual(['consents/Jane Doe notes.txt', 'partners/harbor-pd.yaml'])
  })
})
