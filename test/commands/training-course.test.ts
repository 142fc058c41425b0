import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv()
const config = (root: string) => fs.readFileSync(path.join(root, 'lead.yaml'), 'utf8')
const head = (root: string) => git(root, ['rev-parse', 'HEAD'], env).trim()
const coverage = (root: string, asOf: string) => runLead(['training', 'coverage', '--course', 'lead-initial', '--as-of', asOf, '--json'], {cwd: root, env}).json().total

describe('lead training course', () => {
  it('add, list and set, each committed alone; --json is one document; validity may be never', () => {
    const root = exampleSite(env, {warm: true})
    const add = runLead(['training', 'course', 'add', 'cit', '--name', 'Crisis intervention (40 hours)', '--valid-months', 'never', '--kind', 'initial'], {cwd: root, env})
    expect(add.code, add.stderr).toBe(0)
    expect(add.stdout).toBe('')
    expect(add.stderr).toMatch(/^✔ changed lead\.yaml — committed [0-9a-f]{7} "config: add course cit"\ncourse cit: Crisis intervention \(40 hours\), never expires, initial\n$/)
    expect(parse(config(root)).courses[2]).toEqual({id: 'cit', name: 'Crisis intervention (40 hours)', valid_months: 'never', kind: 'initial'})
    expect(git(root, ['show', '--name-only', '--format=%s', 'HEAD'], env).trim().split('\n')).toEqual(['config: add course cit', '', 'lead.yaml'])
    expect(git(root, ['status', '--porcelain'], env)).toBe('')

    const list = runLead(['training', 'course', 'list'], {cwd: root, env})
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout.split('\n')[0]).toMatch(/^id\s+name\s+counts for\s+kind\s+sessions\s+last session$/)
    expect(list.stdout).toMatch(/^lead-initial\s+LEAD initial training\s+24 months \(2 years\)\s+initial\s+5\s+2026-10-07$/m)
    expect(list.stdout).toMatch(/^roll-call\s+Roll-call refresher\s+12 months \(1 year\)\s+roll_call\s+3\s+2026-03-11$/m)
    expect(list.stdout).toMatch(/^cit\s+Crisis intervention \(40 hours\)\s+never expires\s+initial\s+0$/m)
    // NO_COLOR (set by testEnv): no escape sequence anywhere.
    expect(list.stdout + add.stderr).not.toMatch(/\u001B\[/)
    const json = runLead(['training', 'course', 'list', '--json'], {cwd: root, env}).json()
    expect(json.courses.map((c: {id: string; valid_months: unknown; validity: string; sessions: number}) => [c.id, c.valid_months, c.validity, c.sessions])).toEqual([
      ['lead-initial', 24, '24 months (2 years)', 5],
      ['roll-call', 12, '12 months (1 year)', 3],
      ['cit', 'never', 'never expires', 0],
    ])

    const set = runLead(['training', 'course', 'set', 'cit', 'valid_months=36', 'name=CIT (40 hours)', '--json'], {cwd: root, env})
    expect(set.code, set.stderr).toBe(0)
    expect(set.stderr).toBe('')
    const j = set.json()
    expect(j).toMatchObject({ok: true, file: 'lead.yaml', committed: true, message: 'config: course cit: set valid_months, name', changed: ['courses[2].valid_months', 'courses[2].name']})
    expect(j.course).toEqual({id: 'cit', name: 'CIT (40 hours)', valid_months: 36, kind: 'initial', validity: '36 months (3 years)'})
    expect(j.commit).toBe(head(root))
    // A shorter validity than never is a tightening, told as CI will judge it.
    const again = runLead(['training', 'course', 'set', 'cit', 'valid_months=24', '--unset', 'kind'], {cwd: root, env})
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toContain('policy change (tightened): courses.cit.valid_months 36 → 24')
    expect(again.stderr).toContain('"config: course cit: set valid_months; unset kind"')
    expect(parse(config(root)).courses[2]).toEqual({id: 'cit', name: 'CIT (40 hours)', valid_months: 24})
  })

  it('a course that never expires keeps counting: coverage years later is what it was while valid', () => {
    const root = exampleSite(env, {warm: true})
    // Every lead-initial session (2025-01-22 … 2026-10-07) is within 24 months of 2026-11-30.
    expect(coverage(root, '2026-11-30')).toEqual({trained: 59, total: 60, percent: 98.3})
    expect(coverage(root, '2030-06-01')).toEqual({trained: 0, total: 60, percent: 0})
    const set = runLead(['training', 'course', 'set', 'lead-initial', 'valid_months=never'], {cwd: root, env})
    expect(set.code, set.stderr).toBe(0)
    expect(set.stderr).toContain('policy change: courses.lead-initial.valid_months 24 → never')
    expect(coverage(root, '2030-06-01')).toEqual({trained: 59, total: 60, percent: 98.3})
    const due = runLead(['training', 'due', '--as-of', '2030-06-01', '--course', 'lead-initial', '--json'], {cwd: root, env}).json()
    expect(due.counts).toMatchObject({expired: 0, expiring: 0})
  })

  it('bad input is one line with a code and a hint, exit 2, and nothing changes', () => {
    const root = exampleSite(env, {warm: true})
    const before = head(root)
    const cases: Array<[string[], string, string]> = [
      [['add', 'roll-call', '--name', 'Again', '--valid-months', '6'], 'error DUPLICATE_COURSE course "roll-call" already exists (Roll-call refresher, 12 months (1 year))', 'hint: change it with lead training course set roll-call FIELD=VALUE'],
      [['add', 'cit', '--name', 'CIT', '--valid-months', 'forever'], 'error BAD_VALIDITY --valid-months: "forever" is not a number of months or never', 'hint: give whole months from 1 to 600'],
      [['add', 'cit', '--name', 'CIT', '--valid-months', '0'], 'error BAD_VALIDITY --valid-months: 0 months is out of range', 'or never for a certification'],
      [['add', 'CIT', '--name', 'CIT', '--valid-months', '12'], 'error BAD_COURSE_ID ID: "CIT" is not a course id', 'hint: use lowercase letters, digits and hyphens, e.g. cit'],
      [['add', 'cit', '--valid-months', '12'], 'error USAGE', 'hint: see --help'],
      [['set', 'roll-cal', 'valid_months=6'], 'error UNKNOWN_COURSE unknown course "roll-cal" (did you mean "roll-call"?)', 'hint: courses in lead.yaml: lead-initial, roll-call'],
      [['set', 'roll-call', 'valid_months=121x'], 'error BAD_VALIDITY valid_months: "121x" is not a number of months or never', 'hint:'],
      [['set', 'roll-call', 'vaild_months=6'], 'error UNKNOWN_FIELD a course has no field "vaild_months" (did you mean "valid_months"?)', 'hint: fields of a course: id, name, valid_months, kind'],
      [['set', 'roll-call', 'valid_months'], 'error BAD_ASSIGNMENT "valid_months" is not FIELD=VALUE', 'hint: e.g. lead training course set roll-call valid_months=never'],
    ]
    for (const [args, line, hint] of cases) {
      const r = runLead(['training', 'course', ...args], {cwd: root, env})
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stdout).toBe('')
      const lines = r.stderr.trimEnd().split('\n')
      expect(lines, args.join(' ')).toHaveLength(2)
      expect(lines[0]!.startsWith(line), `${lines[0]} ≠ ${line}`).toBe(true)
      expect(lines[1], args.join(' ')).toContain(hint)
    }
    const json = runLead(['training', 'course', 'set', 'roll-cal', 'valid_months=6', '--json'], {cwd: root, env})
    expect(json.code).toBe(2)
    expect(json.json()).toEqual({ok: false, error: {code: 'UNKNOWN_COURSE', message: 'unknown course "roll-cal" (did you mean "roll-call"?)', hint: 'courses in lead.yaml: lead-initial, roll-call (lead training course list)'}})
    // Renaming a course three sessions name would orphan them: refused as invalid (exit 1).
    const rename = runLead(['training', 'course', 'set', 'roll-call', 'id=briefing'], {cwd: root, env})
    expect(rename.code).toBe(1)
    expect(rename.stderr).toContain('error COURSE_IN_USE course "roll-call" is named by 3 training sessions')
    expect(head(root)).toBe(before)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('--no-commit writes lead.yaml and leaves it for the user to commit', () => {
    const root = exampleSite(env, {warm: true})
    const before = head(root)
    const r = runLead(['training', 'course', 'add', 'peer-support', '--name', 'Peer support', '--valid-months', '12', '--kind', 'peer', '--no-commit'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('not committed (--no-commit)')
    expect(head(root)).toBe(before)
    expect(git(root, ['status', '--porcelain'], env).trim()).toBe('M lead.yaml')
  })

  it('--help shows usage and quoted examples', () => {
    for (const verb of ['add', 'list', 'set']) {
      const r = runLead(['training', 'course', verb, '--help'], {env})
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('EXAMPLES')
      expect(r.stdout).toContain(`$ lead training course ${verb}`)
    }
  })
})
