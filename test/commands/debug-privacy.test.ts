/**
 * DEBUG is lead's own (DEBUG=1: the stack's frames under an error, for a bug report). DEBUG=* used
 * to turn on the logs of the libraries that read it through the `debug` package too: oclif's
 * repeated the command line as typed (`notes=Jane Doe …`), and simple-git's printed git's output,
 * a referral's text in `history --patch` included. They now see only LEAD_LIBRARY_DEBUG.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

const env = testEnv()
const AS_OF = ['--as-of', '2026-11-27']
const TYPED = 'Jane Doe called from 555-0142'

afterAll(cleanupTemp)

describe('DEBUG=* on real records', () => {
  it('prints nothing typed and nothing of git\'s output: a set, a refused set and history --patch read as without it', () => {
    const root = exampleSite(env, {warm: true})
    const file = git(root, ['ls-files', 'referrals'], env).split('\n').find((f) => f.endsWith('.yaml'))!
    const id = path.basename(file, '.yaml')
    for (const DEBUG of ['*', 'oclif*,simple-git*', 'oclif:config']) {
      // Refused (a name and a phone number in a note), and written.
      const refused = runLead(['set', id, `notes=${TYPED}`, '--no-commit'], {cwd: root, env: {...env, DEBUG}})
      expect(refused.code, refused.stderr).toBe(1)
      const written = runLead(['set', id, 'notes=asked about housing on Tuesday', '--no-commit'], {cwd: root, env: {...env, DEBUG}})
      expect(written.code, written.stderr).toBe(0)
      for (const r of [refused, written]) {
        expect(r.stdout + r.stderr).not.toMatch(/Jane Doe|555-0142|housing on Tuesday/)
        expect(r.stderr).not.toMatch(/\b(oclif|simple-git):[a-z]/)
      }
      git(root, ['checkout', '--', file], env)
    }
    // A note committed by hand: history --patch shows a record's changes to whoever asks (as show
    // shows a record), and DEBUG=* must add nothing to it (simple-git printed git's output again).
    fs.appendFileSync(path.join(root, file), `# ${TYPED}\n`)
    git(root, ['commit', '-q', '--no-verify', '-am', 'a note'], env)
    const plain = runLead(['history', id, '--patch'], {cwd: root, env})
    const debug = runLead(['history', id, '--patch'], {cwd: root, env: {...env, DEBUG: '*'}})
    expect(plain.code).toBe(0)
    expect({out: debug.stdout, err: debug.stderr, code: debug.code}).toEqual({out: plain.stdout, err: plain.stderr, code: 0})
  })

  it('DEBUG=1 still gives the stack\'s frames of an error; LEAD_LIBRARY_DEBUG gives a library\'s log, for work on lead itself', () => {
    const root = exampleSite(env, {warm: true})
    const bad = runLead(['set', 'partner', 'no-such-partner', 'name=x'], {cwd: root, env: {...env, DEBUG: '1'}})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^LeadError [A-Z_]+:\n\s+at /m)
    const library = runLead(['status', ...AS_OF], {cwd: root, env: {...env, LEAD_LIBRARY_DEBUG: 'oclif:*', LEAD_EARLY: 'off'}})
    expect(library.stderr).toContain('oclif:')
  })
})
