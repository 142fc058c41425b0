import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {addCourse, listCourses, parseValidity, setCourse, validityText} from '../../src/core/config/site-courses.js'
import {LeadError} from '../../src/core/errors.js'
import {readSite} from '../../src/core/site.js'
import {cleanupTemp, exampleSite, git, testEnv, useGitEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv()
// The write path runs git in this process: give it the test identity.
useGitEnv(env)

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<LeadError> {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (error) {
    expect(error).toBeInstanceOf(LeadError)
    return error as LeadError
  }
  throw new Error('expected a refusal')
}

describe('parseValidity and validityText', () => {
  it('takes whole months within the schema range, or never in any case', () => {
    expect(parseValidity('24')).toBe(24)
    expect(parseValidity(' 600 ')).toBe(600)
    expect(parseValidity('never')).toBe('never')
    expect(parseValidity('Never')).toBe('never')
  })

  it('refuses anything else with BAD_VALIDITY, exit 2, and a hint naming both forms', async () => {
    for (const bad of ['0', '601', '2y', '1.5', '-3', '', 'forever']) {
      const e = await refusal(() => parseValidity(bad, 'valid_months'))
      expect(e.code, bad).toBe('BAD_VALIDITY')
      expect(e.exit).toBe(2)
      expect(e.message.startsWith('valid_months: ')).toBe(true)
      expect(e.hint).toContain('from 1 to 600')
      expect(e.hint).toContain('never')
    }
  })

  it('says validity in words', () => {
    expect(validityText('never')).toBe('never expires')
    expect(validityText(1)).toBe('1 month')
    expect(validityText(12)).toBe('12 months (1 year)')
    expect(validityText(18)).toBe('18 months')
    expect(validityText(36)).toBe('36 months (3 years)')
  })
})

describe('courses in lead.yaml', () => {
  let root: string
  const config = () => parse(fs.readFileSync(path.join(root, 'lead.yaml'), 'utf8'))
  const head = () => git(root, ['rev-parse', 'HEAD'], env).trim()
  beforeEach(() => {
    root = exampleSite(env)
  })

  it('adds a course at the end, in schema order, committed alone, comments kept', async () => {
    const before = fs.readFileSync(path.join(root, 'lead.yaml'), 'utf8')
    const {course, result} = await addCourse(readSite(root), {id: 'cit', name: ' Crisis intervention (40 hours) ', valid_months: 'never', kind: 'initial'})
    expect(course).toEqual({id: 'cit', name: 'Crisis intervention (40 hours)', valid_months: 'never', kind: 'initial'})
    expect(result.message).toBe('config: add course cit')
    expect(config().courses.at(-1)).toEqual(course)
    expect(config().courses).toHaveLength(3)
    const after = fs.readFileSync(path.join(root, 'lead.yaml'), 'utf8')
    expect(after).toContain('# Reports and exports never publish a count smaller than this.')
    expect(after.replace(/  - id: cit\n    name: Crisis intervention \(40 hours\)\n    valid_months: never\n    kind: initial\n/, '')).toBe(before)
    expect(git(root, ['show', '--name-only', '--format=%s', 'HEAD'], env).trim().split('\n')).toEqual(['config: add course cit', '', 'lead.yaml'])
  })

  it('refuses a duplicate id, a bad id, an empty name and an unknown kind, writing nothing', async () => {
    const commit = head()
    const site = readSite(root)
    const dup = await refusal(addCourse(site, {id: 'roll-call', name: 'Again', valid_months: 6}))
    expect([dup.code, dup.exit]).toEqual(['DUPLICATE_COURSE', 2])
    expect(dup.message).toBe('course "roll-call" already exists (Roll-call refresher, 12 months (1 year))')
    expect(dup.hint).toContain('lead training course set roll-call')
    const id = await refusal(addCourse(site, {id: 'CIT 40', name: 'CIT', valid_months: 6}))
    expect([id.code, id.exit]).toEqual(['BAD_COURSE_ID', 2])
    expect(id.hint).toContain('e.g. cit-40')
    expect((await refusal(addCourse(site, {id: 'cit', name: '  ', valid_months: 6}))).code).toBe('BAD_VALUE')
    const kind = await refusal(addCourse(site, {id: 'cit', name: 'CIT', valid_months: 6, kind: 'roll-call'}))
    expect(kind.message).toContain('(did you mean "roll_call"?)')
    expect(head()).toBe(commit)
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('sets fields of a course by id; unknown ids and fields get the closest name', async () => {
    const {course, result} = await setCourse(readSite(root), 'roll-call', ['valid_months=never', 'name=Roll-call briefing'])
    expect(course).toEqual({id: 'roll-call', name: 'Roll-call briefing', valid_months: 'never', kind: 'roll_call'})
    expect(result.message).toBe('config: course roll-call: set valid_months, name')
    expect(result.changed).toEqual(['courses[1].valid_months', 'courses[1].name'])
    // Stopping expiry is a policy loosening, as CI will judge it.
    expect(result.policy.map((p) => `${p.direction}: ${p.text}`)).toEqual(['loosened: courses.roll-call.valid_months 12 → never'])
    expect(config().courses[1]).toEqual(course)

    const unset = await setCourse(readSite(root), 'roll-call', [], ['kind'])
    expect(unset.course).toEqual({id: 'roll-call', name: 'Roll-call briefing', valid_months: 'never'})
    expect(unset.result.message).toBe('config: course roll-call: unset kind')

    const unknown = await refusal(setCourse(readSite(root), 'rollcall', ['valid_months=6']))
    expect([unknown.code, unknown.exit, unknown.message]).toEqual(['UNKNOWN_COURSE', 2, 'unknown course "rollcall" (did you mean "roll-call"?)'])
    expect(unknown.hint).toContain('lead-initial, roll-call')
    const field = await refusal(setCourse(readSite(root), 'roll-call', ['valid=6']))
    expect([field.code, field.message]).toEqual(['UNKNOWN_FIELD', 'a course has no field "valid" (did you mean "valid_months"?)'])
    expect((await refusal(setCourse(readSite(root), 'roll-call', ['valid_months=two years']))).code).toBe('BAD_VALIDITY')
    expect((await refusal(setCourse(readSite(root), 'roll-call', [], ['name']))).code).toBe('REQUIRED_FIELD')
    expect((await refusal(setCourse(readSite(root), 'roll-call', []))).code).toBe('NOTHING_TO_SET')
    expect((await refusal(setCourse(readSite(root), 'roll-call', ['id=lead-initial']))).code).toBe('DUPLICATE_COURSE')
  })

  it('renames only a course no session names; the same values change nothing', async () => {
    const inUse = await refusal(setCourse(readSite(root), 'roll-call', ['id=roll-call-briefing']))
    expect([inUse.code, inUse.exit]).toEqual(['COURSE_IN_USE', 1])
    expect(inUse.message).toBe('course "roll-call" is named by 3 training sessions; renaming it would leave them without a course')
    await addCourse(readSite(root), {id: 'cit', name: 'CIT', valid_months: 24})
    const renamed = await setCourse(readSite(root), 'cit', ['id=cit-40'])
    expect(renamed.course.id).toBe('cit-40')
    const commit = head()
    const same = await setCourse(readSite(root), 'cit-40', ['valid_months=24'])
    expect(same.result.write).toBeUndefined()
    expect(head()).toBe(commit)
  })

  it('lists the courses in file order with validity in words and the sessions that name each', async () => {
    await addCourse(readSite(root), {id: 'cit', name: 'CIT', valid_months: 'never'})
    const listing = await listCourses(readSite(root))
    expect(listing.map((c) => [c.id, c.valid_months, c.validity, c.kind, c.sessions, c.last_session])).toEqual([
      ['lead-initial', 24, '24 months (2 years)', 'initial', 5, '2026-10-07'],
      ['roll-call', 12, '12 months (1 year)', 'roll_call', 3, '2026-03-11'],
      ['cit', 'never', 'never expires', null, 0, null],
    ])
  })
})
