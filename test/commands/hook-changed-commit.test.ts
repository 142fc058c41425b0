/**
 * A git hook that changes lead's commit after lead judged it (a formatter rewriting the file lead
 * wrote, a hook staging a file of its own) was committed without a word: lead said "committed"
 * of content it never validated. It is told now (HOOK_CHANGED_COMMIT), names concealed as anywhere.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, siteInSubfolder, testEnv} from '../support/cli.js'
import {committedReferralSite} from '../support/referral-site.js'

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
    expect(text.stderr).toContain('warning HOOK_CHANGED_COMMIT a git hook committed partners/harbor-pd.yaml otherwise than lead wrote it: lead did not validate that')
    expect(text.stderr).toContain('hint: run lead validate')
    expect(git(root, ['show', 'HEAD:partners/harbor-pd.yaml'], env)).toContain('# formatted')

    // A hook that stages a file of its own, named by a person, into a participant folder.
    hook(root, `printf 'x\\n' > 'consents/Jane Doe notes.txt'; git add -- 'consents/Jane Doe notes.txt'`)
    const json = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor County PD', '--json'], {cwd: root, env})
    expect(json.code, json.stderr).toBe(0)
    expect(json.stdout + json.stderr).not.toContain('Jane Doe')
    expect(json.json()).toMatchObject({committed: true, changed_by_hook: {rewritten: [], others: ['consents/‹file name of 18 characters, not shown›']}})
    expect(git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim().split('\n').sort()).toEqual(['consents/Jane Doe notes.txt', 'partners/harbor-pd.yaml'])
  })
})


describe('what a hook changes without touching the file, and where lead commits with --only (helper-83)', () => {
  it('a hook that stages other content, or takes the file out of the index, is told', () => {
    const root = exampleSite(env, {warm: true})
    const bad = fs.readFileSync(path.join(root, 'partners/harbor-pd.yaml'), 'utf8').replace(/^type: .*$/m, 'type: not-a-type')
    fs.writeFileSync(path.join(root, '..', 'bad.yaml'), bad)
    hook(root, `git update-index --cacheinfo 100644,$(git hash-object -w '${path.join(root, '..', 'bad.yaml')}'),partners/harbor-pd.yaml`)
    const staged = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor PD', '--json'], {cwd: root, env})
    expect(staged.code, staged.stderr).toBe(0)
    expect(staged.json()).toMatchObject({changed_by_hook: {rewritten: ['partners/harbor-pd.yaml'], others: []}})
    expect(git(root, ['show', 'HEAD:partners/harbor-pd.yaml'], env)).toContain('type: not-a-type')
    git(root, ['checkout', 'HEAD~1', '--', 'partners/harbor-pd.yaml'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'back'], env)
    hook(root, `git rm -q --cached -- partners/harbor-lead-pm.yaml`)
    const removed = runLead(['set', 'partner', 'harbor-lead-pm', 'name=Harbor LEAD PM', '--json'], {cwd: root, env})
    expect(removed.code, removed.stderr).toBe(0)
    expect(removed.json()).toMatchObject({changed_by_hook: {rewritten: ['partners/harbor-lead-pm.yaml']}})
  })

  it('a hook that changes the file and does not stage it: the commit holds what lead wrote, the change is left uncommitted', () => {
    const root = exampleSite(env, {warm: true})
    hook(root, `printf '# touched by a hook\\n' >> partners/harbor-pd.yaml`)
    const r = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor PD'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('a git hook changed partners/harbor-pd.yaml in the working tree after lead committed it (left uncommitted)')
    expect(git(root, ['show', 'HEAD:partners/harbor-pd.yaml'], env)).not.toContain('# touched by a hook')
    expect(git(root, ['status', '--porcelain'], env).trim()).toBe('M partners/harbor-pd.yaml')
    git(root, ['checkout', '--', 'partners/harbor-pd.yaml'], env)
    const json = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor City PD', '--json'], {cwd: root, env})
    expect(json.json()).toMatchObject({committed: true, changed_by_hook: {rewritten: [], others: [], uncommitted: ['partners/harbor-pd.yaml']}})
  })

  it('no false alarm where git converts line endings as it stores a file', () => {
    const root = exampleSite(env, {warm: true})
    fs.writeFileSync(path.join(root, '.gitattributes'), '*.yaml text eol=crlf\n')
    git(root, ['add', '.gitattributes'], env)
    git(root, ['commit', '-q', '--no-verify', '-m', 'crlf'], env)
    hook(root, 'true')
    const r = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor PD', '--json'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json()).toMatchObject({committed: true, changed_by_hook: null})
  })

  it('with other work staged (lead commits with --only), a hook running git add -u is told; a file outside a site in a subfolder too', () => {
    const {top, site} = siteInSubfolder(exampleSite(env, {warm: true}), 'sites/harbor', env)
    fs.appendFileSync(path.join(site, 'partners/harbor-lead-pm.yaml'), 'type: unfinished\n')
    git(top, ['add', '-A'], env)
    fs.writeFileSync(path.join(top, 'outside.txt'), 'x\n')
    hook(top, `git add -u; git add -- outside.txt`)
    const r = runLead(['set', 'partner', 'harbor-pd', 'name=Harbor PD', '--json'], {cwd: site, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json().changed_by_hook.others.sort()).toEqual(['../../outside.txt', 'partners/harbor-lead-pm.yaml'])
  })
})

describe('an import under a hook that rewrites what lead wrote', () => {
  it('is told (changedByHook in --json; the text is the warning set prints)', () => {
    const root = committedReferralSite(env)
    fs.writeFileSync(path.join(root, 'arrests.csv'), 'Report No,Arrest Date,Arrest Time,Offense,Beat,Badge,Age OK,Exclusions,Status\nRD-1,2025-11-02,01:30,TRESP,D2,0077,yes,none,received\n')
    hook(root, `for f in $(git diff --cached --name-only -- 'referrals/*'); do printf '# formatted\\n' >> "$f"; git add -- "$f"; done`)
    const r = runLead(['import', 'referrals', 'arrests.csv', '--set', 'pathway=arrest_diversion', '--set', 'referrer.agency=harbor-pd', '--value', 'charges:TRESP=RCW 2', '--fold', 'earlier', '--json'], {cwd: root, env})
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.json().changedByHook.rewritten).toHaveLength(1)
    expect(r.json().changedByHook.rewritten[0]).toMatch(/^referrals\/2025\/r-2025-11-02-[a-z0-9]{6}\.yaml$/)
  })
})
