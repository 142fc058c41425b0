/**
 * `lead new meeting` at a terminal: a meeting's ID is its body and date, so a date whose meeting
 * is already recorded is said at the date question and asked again, never refused with
 * RECORD_EXISTS after the last question. Driven in a pseudo-terminal.
 */
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {BIN, cleanupTemp, git, REPO_ROOT, runLead, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const DRIVER = path.join(REPO_ROOT, 'test/support/transcript-driver.py')
const env = testEnv()
const terminal: NodeJS.ProcessEnv = {...testEnv({TERM: 'xterm', PTY_STEP_TIMEOUT: '120'})}
delete terminal.CI

function answer(cwd: string, args: string[], answers: Array<[string, string]>): {code: number; output: string; stuck: string | null} {
  const r = spawnSync('python3', [DRIVER, JSON.stringify(answers), '--', process.execPath, BIN, ...args], {cwd, env: terminal, encoding: 'utf8', timeout: 900_000})
  if (r.status !== 0) throw new Error(`transcript driver failed: ${r.stderr}`)
  const s = JSON.parse(r.stdout) as {code: number; output: string; stuck: string | null}
  return {...s, output: s.output.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '')}
}

describe('lead new meeting at a terminal', () => {
  const root = path.join(tempDir(), 'harbor')
  runLead(['init', root, '--name', 'Harbor', '--timezone', 'America/Los_Angeles'], {env})
  runLead(['new', 'partner', '--id', 'harbor-pd', '--set', 'name=Harbor Police Department', '--set', 'type=law_enforcement', '--set', 'pcg_member=true'], {cwd: root, env})
  const made = runLead(['new', 'meeting', '--set', 'body=pcg', '--set', 'date=2099-12-16', '--set', 'status=planned'], {cwd: root, env})

  it('asks the date again when that meeting is already recorded, and creates the meeting', () => {
    expect(made.code, made.stderr).toBe(0)
    const s = answer(root, ['new', 'meeting'], [
      ['body', 'pcg'],
      ['date', '2099-12-16'],
      ['date', '2099-12-17'],
      ['status', 'planned'],
      ['Who is expected', '(none)'],
      ['Optional fields', '(none)'],
      ['Create this meeting?', 'y'],
    ])
    expect(s.stuck, s.output).toBeNull()
    expect(s.output).toContain('already recorded')
    expect(s.output).not.toContain('RECORD_EXISTS')
    expect(s.code, s.output).toBe(0)
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe('meeting: add pcg-2099-12-17')
  }, 600_000)
})
