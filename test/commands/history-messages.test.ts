/**
 * `lead history` of a referral or consent prints a commit message only when the scan finds no
 * identifier in it (privacy/shown-messages.ts): a commit made with git itself that names the
 * participant is a placeholder in the table, --patch and --json, and a line on stderr says how to
 * find it. Names the site declares as staff pass, and other kinds' histories print as they are.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv({NO_COLOR: '1'})
const REFERRAL = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
const ID = 'r-2026-11-03-k3f9q2'

describe('lead history: commit messages of a participant record', () => {
  const root = exampleSite(env, {warm: true})
  const commit = (file: string, message: string) => {
    fs.appendFileSync(path.join(root, file), `# ${message.length}\n`)
    git(root, ['commit', '-q', '--no-verify', '-am', message], env)
  }
  commit(REFERRAL, 'referral: called Maria Lopez back, born 1984-03-02')
  commit(REFERRAL, 'referral: handed to Casey Ruiz')
  commit('partners/harbor-pd.yaml', 'partner: Maria Lopez joins as liaison')

  it('conceals a message that names someone, in the table, --patch and --json; staff names pass', () => {
    for (const args of [[], ['--patch'], ['--json']]) {
      const r = runLead(['history', ID, ...args], {cwd: root, env})
      expect(r.code, r.stderr).toBe(0)
      const out = r.stdout + r.stderr
      expect(out, args.join(' ')).not.toMatch(/Maria|Lopez|1984/)
      expect(out, args.join(' ')).toContain('‹message not shown: it looks like it holds')
      expect(out, args.join(' ')).toContain('handed to Casey Ruiz')
      // --json prints one document and no talk: the placeholder is the subject.
      if (args[0] !== '--json') expect(r.stderr, args.join(' ')).toContain(`1 commit message not shown`)
      if (args[0] !== '--json') expect(r.stderr, args.join(' ')).toContain(`git log ${REFERRAL}`)
    }
    const json = JSON.parse(runLead(['history', ID, '--json'], {cwd: root, env}).stdout) as Array<{subject: string}>
    expect(json.map((c) => c.subject)).toContain('referral: handed to Casey Ruiz')
  })

  it("prints another kind's messages as they are", () => {
    const r = runLead(['history', 'partner', 'harbor-pd'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Maria Lopez joins as liaison')
    expect(r.stderr).not.toContain('not shown')
  })
})
