/**
 * `lead new` at a terminal never fails after its last question for a reason it could have asked
 * about: it asks what the rules require once it applies (the adoption date once a protocol is
 * adopted), says before the first question what the site lacks, says at the badge question that
 * the agency has no roster, and asks again what the rules reject. Driven in a pseudo-terminal.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {BIN, cleanupTemp, exampleSite, git, REPO_ROOT, runLead, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const DRIVER = path.join(REPO_ROOT, 'test/support/transcript-driver.py')
const env = testEnv()
const terminal: NodeJS.ProcessEnv = {...testEnv({TERM: 'xterm', PTY_STEP_TIMEOUT: '120'})}
delete terminal.CI

interface Session {
  code: number
  output: string
  stuck: string | null
}

/** Run lead in a pseudo-terminal answering [prompt, answer] as a person types them. */
function answer(cwd: string, args: string[], answers: Array<[string, string]>): Session {
  const r = spawnSync('python3', [DRIVER, JSON.stringify(answers), '--', process.execPath, BIN, ...args], {cwd, env: terminal, encoding: 'utf8', timeout: 900_000})
  if (r.status !== 0) throw new Error(`transcript driver failed: ${r.stderr}`)
  const s = JSON.parse(r.stdout) as Session
  // Without colour codes, for readable assertions.
  return {...s, output: s.output.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '')}
}

const head = (root: string) => git(root, ['rev-parse', 'HEAD'], env).trim()

describe('lead new protocol at a terminal', () => {
  const root = path.join(tempDir(), 'harbor')
  runLead(['init', root, '--timezone', 'America/Los_Angeles'], {env})
  runLead(['new', 'partner', '--id', 'harbor-pd', '--set', 'name=Harbor Police Department', '--set', 'type=law_enforcement'], {cwd: root, env})

  it('a referral before any adopted protocol is stopped before the first question, saying what to do first (exit 3)', () => {
    const before = head(root)
    const s = answer(root, ['new', 'referral'], [])
    expect(s.code, s.output).toBe(3)
    expect(s.output).toContain('error PREREQUISITE_MISSING a referral cannot be accepted yet: no adopted protocol yet')
    expect(s.output).toContain('hint: first: `lead new protocol` (status adopted')
    expect(s.output).not.toContain('? pathway')
    expect(head(root)).toBe(before)
  }, 600_000)

  it('asks the adoption date as soon as the status is adopted, reads 12-hour clock times, and creates a protocol that validates', () => {
    const s = answer(root, ['new', 'protocol'], [
      ['id', 'harbor-2026'],
      ['title', 'Harbor County LEAD Operational Protocol'],
      ['version', '1'],
      ['status', 'adopted'],
      ['adopted.date', '2026-11-18'],
      ['effective.from', '2026-11-20'],
      ['pathways', '1'],
      ['divertible_charges[0].code', 'RCW 69.50.4013'],
      ['divertible_charges[0].label', 'Possession of a controlled substance'],
      ['divertible_charges[0].category', 'drug'],
      ['Add another to divertible_charges?', 'n'],
      ['exclusions[0].id', 'under-18'],
      ['exclusions[0].text', 'Under 18 years old.'],
      ['exclusions[0].overridable', 'n'],
      ['Add another to exclusions?', 'n'],
      ['intake_deadline_days', '14'],
      ['coverage.hours[0].days', '1'],
      ['coverage.hours[0].from', '6:00 AM'],
      ['coverage.hours[0].to', '10 PM'],
      ['Add another to coverage.hours?', 'n'],
      ['Optional fields', '(none)'],
      ['Create this protocol?', 'y'],
    ])
    expect(s.stuck, s.output).toBe(null)
    expect(s.code, s.output).toBe(0)
    // Asked right after the status, and said why.
    expect(s.output.indexOf('adopted is needed now: an adopted protocol records when the PCG adopted it')).toBeGreaterThan(s.output.indexOf('? status'))
    expect(s.output.indexOf('? adopted.date')).toBeLessThan(s.output.indexOf('? effective.from'))
    expect(s.output).toContain('adopted.by: pcg (the only choice)')
    const p = parse(fs.readFileSync(path.join(root, 'protocols/harbor-2026.yaml'), 'utf8'))
    expect(p).toMatchObject({status: 'adopted', adopted: {date: '2026-11-18', by: 'pcg'}, effective: {from: '2026-11-20'}, pathways: ['arrest_diversion']})
    expect(p.coverage.hours).toEqual([{days: ['mon'], from: '06:00', to: '22:00'}])
    expect(git(root, ['log', '-1', '--format=%s'], env).trim()).toBe('protocol: add harbor-2026')
    expect(runLead(['validate', '--json'], {cwd: root, env}).json().errors).toBe(0)
  }, 900_000)

  it('without a terminal, an adopted protocol without its adoption date is named among the missing fields (exit 2)', () => {
    const r = runLead(['new', 'protocol', '--id', 'x', '--set', 'title=X', '--set', 'version=2', '--set', 'status=adopted', '--set', 'effective.from=2027-01-01', '--set', 'pathways=[community]', '--set', 'divertible_charges=[]', '--set', 'exclusions=[]', '--set', 'intake_deadline_days=14', '--set', 'coverage={hours: []}'], {cwd: root, env})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error MISSING_FIELDS a new protocol needs adopted')
    expect(r.stderr).toContain('--set adopted.FIELD=VALUE')
  })
})

describe('lead new referral at a terminal', () => {
  const root = exampleSite(env)
  runLead(['new', 'partner', '--id', 'harbor-transit', '--set', 'name=Harbor Transit Police', '--set', 'type=law_enforcement'], {cwd: root, env})

  it('says at the badge question that the agency has no roster and offers to leave the badge out; times are local', () => {
    const s = answer(root, ['new', 'referral'], [
      ['pathway', 'arrest_diversion'],
      ['received', '2026-11-20 9:15 AM'],
      ['referrer.agency', 'harbor-transit'],
      ['referrer.badge', 'Leave'],
      ['charges', '1'],
      ['status', 'received'],
      ['Optional fields', '(none)'],
      ['Create this referral?', 'y'],
    ])
    expect(s.stuck, s.output).toBe(null)
    expect(s.code, s.output).toBe(0)
    expect(s.output).toContain('harbor-transit has no roster yet, so its badges cannot be checked')
    expect(s.output).toContain('received: 2026-11-20T09:15:00-08:00')
    const id = /r-2026-11-20-[a-z0-9]{6}/.exec(s.output)![0]
    const data = parse(fs.readFileSync(path.join(root, `referrals/2026/${id}.yaml`), 'utf8'))
    expect(data).toMatchObject({pathway: 'arrest_diversion', received: '2026-11-20T09:15:00-08:00', referrer: {agency: 'harbor-transit'}, charges: ['RCW 69.50.4013'], status: 'received'})
  }, 900_000)

  it('runs the rules before the last question and asks again what they reject (a badge the agency cannot check)', () => {
    const before = head(root)
    const s = answer(root, ['new', 'referral'], [
      ['pathway', 'arrest_diversion'],
      ['received', 'now'],
      ['referrer.agency', 'harbor-transit'],
      ['referrer.badge', 'Type'],
      ['referrer.badge', '0999'],
      ['charges', '1'],
      ['status', 'received'],
      ['Optional fields', '(none)'],
      ['referrer.badge', 'Leave'],
      ['Create this referral?', 'y'],
    ])
    expect(s.stuck, s.output).toBe(null)
    expect(s.code, s.output).toBe(0)
    expect(s.output).toContain('The referral would not be accepted yet:')
    expect(s.output).toContain('referrer.badge: NO_ROSTER agency "harbor-transit" has no roster, so badge ‹text of 4 characters, not shown› cannot be checked')
    expect(s.output).toContain('Asking referrer.badge again')
    expect(head(root)).not.toBe(before)
    const file = git(root, ['show', '--name-only', '--format=', 'HEAD'], env).trim()
    const data = parse(fs.readFileSync(path.join(root, file), 'utf8'))
    expect(data.referrer).toEqual({agency: 'harbor-transit'})
    // `now` at the prompt: the moment, in the site's zone with its offset.
    expect(data.received).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[78]:00$/)
    expect(Math.abs(Date.parse(data.received) - Date.now())).toBeLessThan(30 * 60_000)
  }, 900_000)

  it('stopping at a rejected answer keeps the answers and writes nothing (exit 130)', () => {
    const before = head(root)
    // An open-ended protocol in force from 2024 overlaps both adopted versions. The overlap is
    // reported on every protocol involved, the new one's effective.from too, so lead asks that
    // again first; given the same date, it offers to stop.
    const s = answer(root, ['new', 'protocol', '--file', path.join(REPO_ROOT, 'fixtures/example-site/protocols/2026-v2.yaml'), '--id', 'overlap', '--set', 'version=9', '--set', 'effective.from=2024-01-01'], [
      ['effective.from', '2024-01-01'],
      ['What now?', 'Stop'],
    ])
    expect(s.stuck, s.output).toBe(null)
    expect(s.code, s.output).toBe(130)
    expect(s.output).toContain('PROTOCOL_OVERLAP')
    expect(s.output).toMatch(/your answers are kept in \.lead\/recovered\/protocol-overlap-\S+\.yaml/)
    expect(head(root)).toBe(before)
    expect(fs.existsSync(path.join(root, 'protocols/overlap.yaml'))).toBe(false)
  }, 900_000)
})
