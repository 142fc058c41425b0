/**
 * A newcomer's `lead init`: the time zone said out loud, questions at a terminal, a first commit
 * that a re-run finishes when git could not make it, and the printed next steps runnable as printed.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {BIN, cleanupTemp, exampleSite, git, REPO_ROOT, runLead, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const DRIVER = path.join(REPO_ROOT, 'test/support/pty-driver.py')
const ENTER = '\r'
const CLEAR = '\u0015'

/** Run a printed command line through bash, as a person pasting it would. */
function paste(line: string, cwd: string, env: NodeJS.ProcessEnv) {
  return spawnSync('bash', ['-c', line], {cwd, env, encoding: 'utf8', timeout: 120_000})
}

/** The command after a "Next:" or "Try:" label, or inside the backticks of a hint. */
const printed = (text: string, label: RegExp) => label.exec(text)?.[1]?.trim()

describe('lead init for a newcomer', () => {
  it('takes the machine time zone when none is given, and says so', () => {
    const env = testEnv({TZ: 'America/Chicago'})
    const dir = path.join(tempDir(), 'river')
    const r = runLead(['init', dir], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain("Time zone: America/Chicago (this machine's). Referral times, deadlines and reports use it.")
    expect(parse(fs.readFileSync(path.join(dir, 'lead.yaml'), 'utf8')).site.timezone).toBe('America/Chicago')
    const given = runLead(['init', path.join(tempDir(), 'harbor'), '--timezone', 'America/Los_Angeles', '--phone', '(360) 555-0100', '--json'], {env})
    expect(given.json()).toMatchObject({timezone: 'America/Los_Angeles', timezoneFrom: 'option'})
    expect(parse(fs.readFileSync(path.join(given.json().root, 'lead.yaml'), 'utf8')).referral_phone).toBe('+1-360-555-0100')
  })

  it('offers the closest time zone for a misspelt one', () => {
    const r = runLead(['init', path.join(tempDir(), 'x'), '--timezone', 'America/Los_Angles'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('(did you mean "America/Los_Angeles"?)')
  })

  it('its Next: line and the SITE_EXISTS hint run as printed', () => {
    const env = testEnv()
    const parent = tempDir()
    const r = runLead(['init', 'harbor', '--timezone', 'America/Los_Angeles'], {cwd: parent, env})
    const next = printed(r.stderr, /^Next: (.+?)(?: {2,}\(.*)?$/m)
    expect(next).toMatch(/ -C harbor validate$/)
    const ran = paste(next!, parent, env)
    expect(ran.status, ran.stderr).toBe(0)
    const again = runLead(['init', 'harbor'], {cwd: parent, env})
    expect(again.code).toBe(3)
    const hint = printed(again.stderr, /hint: nothing to do: work in it with `([^`]+)`/)
    expect(hint).toMatch(/^lead -C .*harbor validate$/)
    const pasted = paste(hint!.replace(/^lead /, `node ${BIN} `), parent, env)
    expect(pasted.status, pasted.stderr).toBe(0)
  })

  it('without a git identity the files stay; validate and status notice; init again finishes the first commit', () => {
    const noIdentity = testEnv({GIT_AUTHOR_NAME: undefined, GIT_AUTHOR_EMAIL: undefined, GIT_COMMITTER_NAME: undefined, GIT_COMMITTER_EMAIL: undefined, EMAIL: undefined})
    fs.writeFileSync(noIdentity.GIT_CONFIG_GLOBAL!, '[user]\n\tuseConfigOnly = true\n')
    const dir = path.join(tempDir(), 'noid')
    const first = runLead(['init', dir, '--timezone', 'America/Los_Angeles'], {env: noIdentity})
    expect(first.code).toBe(4)
    expect(first.stderr).toContain('error GIT_IDENTITY')
    expect(first.stderr).toContain(`then run \`lead init ${dir}\` again: it finishes the site`)

    const validate = runLead(['validate', '--json'], {cwd: dir, env: noIdentity})
    expect(validate.code).toBe(0)
    expect(validate.json().diagnostics).toContainEqual(expect.objectContaining({code: 'SITE_NOT_COMMITTED', severity: 'warning', file: 'lead.yaml'}))
    const status = runLead(['status'], {cwd: dir, env: noIdentity})
    expect(status.stdout).toMatch(/^history\s+the site's files are not committed yet/m)
    expect(runLead(['status', '--json'], {cwd: dir, env: noIdentity}).json().uncommitted.command).toBe('lead init')

    // The person sets their identity (here: the test identity) and runs init again.
    const env = testEnv()
    const second = runLead(['init', dir], {env})
    expect(second.code, second.stderr).toBe(0)
    expect(second.stderr).toMatch(/Finished the site in .*: committed the \d+ files the first run left uncommitted/)
    expect(git(dir, ['log', '--format=%s'], env).trim()).toBe('lead: create site Noid')
    expect(git(dir, ['status', '--porcelain', '--untracked-files=all'], env)).toBe('')
    expect(git(dir, ['ls-files'], env)).toContain('.lead/schemas/referral.schema.json')
    expect(runLead(['validate', '--json'], {cwd: dir, env}).json().warnings).toBe(0)
    // Once finished, init refuses as for any site.
    expect(runLead(['init', dir], {env}).code).toBe(3)
  })

  it('a site folder without git at all: validate says so, init makes the repository and commits', () => {
    const env = testEnv()
    const dir = path.join(tempDir(), 'plain')
    expect(runLead(['init', dir, '--timezone', 'UTC'], {env}).code).toBe(0)
    fs.rmSync(path.join(dir, '.git'), {recursive: true})
    expect(runLead(['validate'], {cwd: dir, env}).stdout).toContain('SITE_NOT_COMMITTED the site is not a git repository')
    expect(runLead(['init', dir], {env}).code).toBe(0)
    expect(git(dir, ['log', '--format=%s'], env).trim()).toBe('lead: create site Plain')
  })

  it('asks for name, jurisdiction, time zone and LEAD phone at a terminal', () => {
    const env = testEnv({CI: undefined, TERM: 'xterm', PTY_STEP_TIMEOUT: '90'})
    const parent = tempDir()
    const steps = [
      ['Site name', `${CLEAR}Harbor County LEAD${ENTER}`],
      ['Jurisdiction', `Harbor County, WA${ENTER}`],
      ['Time zone', `${CLEAR}America/Los_Angles${ENTER}`],
      ['did you mean America/Los_Angeles', `${CLEAR}America/Los_Angeles${ENTER}`],
      ['LEAD phone', `(360) 555-0100${ENTER}`],
    ]
    const run = spawnSync('python3', [DRIVER, JSON.stringify(steps), '--', process.execPath, BIN, 'init', 'harbor'], {cwd: parent, env, encoding: 'utf8', timeout: 300_000})
    const r = JSON.parse(run.stdout) as {code: number; output: string; timeout: boolean}
    expect(r.timeout, r.output).toBe(false)
    expect(r.code, r.output).toBe(0)
    const config = parse(fs.readFileSync(path.join(parent, 'harbor', 'lead.yaml'), 'utf8'))
    expect(config.site).toEqual({name: 'Harbor County LEAD', jurisdiction: 'Harbor County, WA', timezone: 'America/Los_Angeles'})
    expect(config.referral_phone).toBe('+1-360-555-0100')
    expect(r.output).toContain('Time zone: America/Los_Angeles.')
  })
})

describe('lead status on a new site', () => {
  it('lists the setup steps still to do, in order, each with its command, until there are none', () => {
    const env = testEnv()
    const dir = path.join(tempDir(), 'bay')
    expect(runLead(['init', dir, '--timezone', 'America/Los_Angeles'], {env}).code).toBe(0)
    const fresh = runLead(['status'], {cwd: dir, env})
    expect(fresh.code).toBe(0)
    expect(fresh.stdout).toMatch(/^set up {10}0 of 5 steps done; next: a police or sheriff partner {2}→ lead new partner --set type=law_enforcement$/m)
    expect(fresh.stdout).toMatch(/^ {16}then: a protocol adopted by the PCG {2}→ lead new protocol$/m)
    expect(fresh.stdout).toContain('docs/guides/first-site.md')
    runLead(['new', 'partner', '--id', 'bay-pd', '--set', 'name=Bay Police', '--set', 'type=law_enforcement'], {cwd: dir, env})
    const next = runLead(['status', '--json'], {cwd: dir, env}).json()
    expect(next.setup.complete).toBe(false)
    expect(next.setup.steps.filter((s: {done: boolean}) => !s.done).map((s: {command: string}) => s.command)).toContain('lead training import-roster ROSTER.csv --agency bay-pd')
    // The example site is set up: no setup line.
    const example = runLead(['status'], {cwd: exampleSite(env), env})
    expect(example.stdout).not.toMatch(/^set up/m)
  })
})

describe('npm start', () => {
  it("its closing Try: lines run as printed from the clone's folder, before lead is on the PATH", () => {
    const env = testEnv()
    const demo = path.join(tempDir(), 'demo-site')
    const r = runLead(['demo', demo], {cwd: REPO_ROOT, env})
    expect(r.code, r.stderr).toBe(0)
    const tries = [...r.stderr.matchAll(/^(?:Try:| {5})\s*(node .+)$/gm)].map((m) => m[1]!)
    expect(tries).toEqual([`node bin/run.js -C ${demo} validate`, `node bin/run.js -C ${demo} status`])
    for (const line of tries) {
      const ran = paste(line, REPO_ROOT, env)
      expect(ran.status, `${line}\n${ran.stderr}`).toBe(0)
    }
  })
})
