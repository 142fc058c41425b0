/**
 * `lead set` of values a record already holds changes nothing; when the file is not committed (an
 * earlier set whose commit a hook refused left it so), it says so and how to commit it, instead of
 * a bare "nothing to change" that reads as done.
 */
import {execSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)
const env = testEnv()
const REFERRAL = 'r-2026-11-03-k3f9q2'
const FILE = `referrals/2026/${REFERRAL}.yaml`

describe('lead set of values already held, the file not committed', {timeout: 120_000}, () => {
  it.each([['early path', {}], ['oclif', {LEAD_EARLY: 'off'}]])('says it is not committed and how to commit it (%s)', (_, extra) => {
    const root = exampleSite(env)
    const run = (args: string[]) => runLead(args, {cwd: root, env: {...env, ...extra}})
    const hook = path.join(root, '.git', 'hooks', 'pre-commit')
    fs.writeFileSync(hook, '#!/bin/sh\nexit 1\n', {mode: 0o755})
    const refused = run(['set', REFERRAL, 'notes=called back'])
    expect(refused.code).toBe(4)
    fs.rmSync(hook)
    const again = run(['set', REFERRAL, 'notes=called back'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toContain(`nothing to change: ${FILE} already holds these values, but it is not committed`)
    const hint = /hint: .*commit it by hand: (git add .*)$/m.exec(again.stderr)?.[1]
    expect(hint).toBe(`git add -- ${FILE} && git commit -m 'referral: set ${REFERRAL} notes' -- ${FILE}`)
    const json = run(['set', REFERRAL, 'notes=called back', '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ok: true, committed: false, uncommitted: true})
    // --no-commit asked for no commit: the file's state is told, no commit urged.
    const noCommit = JSON.parse(run(['set', REFERRAL, 'notes=called back', '--no-commit', '--json']).stdout)
    expect(noCommit).toMatchObject({uncommitted: true})
    expect(noCommit.hint).toBeUndefined()
    // From another folder the lines go to the site first.
    const away = runLead(['set', REFERRAL, 'notes=called back', '-C', root], {cwd: path.dirname(root), env: {...env, ...extra}})
    expect(away.stderr).toContain(`commit it by hand: cd ${root} && git add -- ${FILE}`)
    // The hint, pasted, commits it; then there is nothing more to say.
    execSync(hint!, {cwd: root, env})
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
    const done = run(['set', REFERRAL, 'notes=called back'])
    expect(done.stderr.trim()).toBe(`nothing to change: ${FILE} already holds these values`)
    expect(JSON.parse(run(['set', REFERRAL, 'notes=called back', '--json']).stdout)).toMatchObject({uncommitted: false})
  })
})
