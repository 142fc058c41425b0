/**
 * A referral or consent saved into another kind's folder under a name that is a legal ID of that
 * folder (`partners/quennell-zavorski.yaml`): the path alone cannot tell it is a participant's
 * name, the record can. Its findings remember it (Diagnostic participantFile), so no output of
 * validate (every format, cold and from the memo), the CI gate, `lead diff` or the pre-commit
 * hook prints the name, and the hint sends the record back to its own folder.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv, type RunResult} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv({NO_COLOR: '1'})
const all = (r: RunResult) => r.stdout + r.stderr
const CASES = [
  {what: 'a referral in partners/', from: 'referrals/2026/r-2026-11-03-k3f9q2.yaml', to: 'partners/quennell-zavorski.yaml', name: /quennell|zavorski/i, home: 'it is a referral: move it to referrals/2026/r-2026-11-03-k3f9q2.yaml'},
  {what: 'a consent in protocols/', from: 'consents/c-2026-11-03-p8m2wd.yaml', to: 'protocols/okonkwo-adeyemi.yaml', name: /okonkwo|adeyemi/i, home: 'it is a consent: move it to consents/c-2026-11-03-p8m2wd.yaml'},
]

describe.each(CASES)('$what under a legal ID that is a name', ({from, to, name, home}) => {
  const root = exampleSite(env, {warm: true})
  fs.copyFileSync(path.join(root, from), path.join(root, to))
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-q', '--no-verify', '-m', 'a template'], env)
  const folder = to.split('/')[0]!

  it('validate prints its findings without its name, in every format, cold and from the memo', () => {
    for (const pass of ['cold', 'warm']) {
      for (const format of ['text', 'json', 'junit', 'github']) {
        const r = runLead(['validate', '--format', format], {cwd: root, env})
        expect(r.code, `${pass} ${format}: ${r.stderr}`).toBe(1)
        expect(all(r), `${pass} ${format}`).not.toMatch(name)
        expect(all(r), `${pass} ${format}`).toContain(`${folder}/‹file name of`)
      }
    }
    const text = all(runLead(['validate'], {cwd: root, env}))
    expect(text).toContain(home)
    expect(text).toContain(`\`git status ${folder}\``)
  })

  it('the CI gate and lead diff name the change without the name', () => {
    const gate = runLead(['validate', '--since', 'HEAD~1', '--format', 'github'], {cwd: root, env})
    expect(gate.code, gate.stderr).toBe(1)
    expect(all(gate)).not.toMatch(name)
    for (const args of [['diff', 'HEAD~1'], ['diff', 'HEAD~1', '--json'], ['diff', 'HEAD~1', '--format', 'markdown']]) {
      const d = runLead(args, {cwd: root, env})
      expect(d.code, `${args.join(' ')}: ${d.stderr}`).toBe(0)
      expect(all(d), args.join(' ')).not.toMatch(name)
      expect(all(d), args.join(' ')).toContain(`${folder}/‹file name of`)
    }
  })

  it('lead edit without a terminal refuses without the name in its hint', () => {
    const [kindFolder, file] = to.split('/') as [string, string]
    const kind = {partners: 'partner', protocols: 'protocol'}[kindFolder]!
    const r = runLead(['edit', kind, file.replace(/\.yaml$/, '')], {cwd: root, env, input: ''})
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toContain('NO_TERMINAL')
    expect(all(r)).not.toMatch(name)
  })

  it('the pre-commit hook refuses a change to it without the name', () => {
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    fs.appendFileSync(path.join(root, to), 'notes: changed\n')
    git(root, ['add', '-A'], env)
    const r = runLead(['validate', '--staged'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(1)
    expect(all(r)).not.toMatch(name)
    expect(all(r)).toContain(`${folder}/‹file name of`)
  })
})
