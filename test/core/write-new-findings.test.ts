/**
 * The write path refuses a change that adds an error, and only then: findings it already had are
 * not held against a change, so a broken record can be mended one field at a time. An identifier
 * the privacy scan finds is told apart by its field and what it found, not by its masked message.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeEach, describe, expect, it} from 'vitest'
import {LeadError, type Diagnostic} from '../../src/core/errors.js'
import {readSite} from '../../src/core/site.js'
import type {ValidationResult} from '../../src/core/validate/site-validation.js'
import {writeRecords} from '../../src/core/write/record-writer.js'
import {newErrors} from '../../src/core/write/judged-change.js'
import {cleanupTemp, git, runLead, testEnv, useGitEnv} from '../support/cli.js'
import {committedReferralSite} from '../support/referral-site.js'

afterAll(cleanupTemp)

const env = testEnv()
useGitEnv(env)

const RB = 'referrals/2026/r-2026-03-01-bbbbbb.yaml'
let root: string
let text: string

beforeEach(() => {
  root = committedReferralSite(env)
  // A name already committed behind lead's back (a finding the site has today).
  text = `${fs.readFileSync(path.join(root, RB), 'utf8')}notes: Call John Smith at intake.\n`
  fs.writeFileSync(path.join(root, RB), text)
  git(root, ['commit', '-qam', 'a name slipped in'], env)
})

const change = (notes: string) => ({kind: 'referral' as const, id: 'r-2026-03-01-bbbbbb', file: RB, text: text.replace(/^notes: .*$/m, `notes: ${notes}`), base: text})

describe('identifiers added to a record that already holds one', () => {
  it('a second name whose mask looks the same as the first is new: refused', async () => {
    let error: unknown
    try {
      await writeRecords(readSite(root), [change('Call John Smith and Jose Silva at intake.')], {message: 'x', asOf: '2026-04-06'})
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(LeadError)
    const e = error as LeadError
    expect(e.code).toBe('INVALID_CHANGE')
    const found = (e.details as {diagnostics: Diagnostic[]}).diagnostics
    expect(found.map((d) => d.code)).toEqual(['PII_NAME'])
    // What is reported carries no digest or path of what was found.
    expect(Object.keys(found[0]!).sort()).toEqual(['code', 'column', 'file', 'hint', 'line', 'message', 'severity'])
    expect(fs.readFileSync(path.join(root, RB), 'utf8')).toBe(text)
  })

  it('the same name said twice is a second occurrence: refused', async () => {
    await expect(writeRecords(readSite(root), [change('Call John Smith at intake; John Smith agreed.')], {message: 'x', asOf: '2026-04-06'})).rejects.toMatchObject({code: 'INVALID_CHANGE'})
  })

  it('the name already there, moved within its field, is not new: the change goes through', async () => {
    const r = await writeRecords(readSite(root), [change('Intake done; call John Smith.')], {message: 'referral: reword notes', asOf: '2026-04-06'})
    expect(r.commit).toMatch(/^[0-9a-f]{40}$/)
  })

  it('lead set refuses the second name (exit 1) and leaves the file', () => {
    const r = runLead(['set', 'referral', 'r-2026-03-01-bbbbbb', 'notes=Call John Smith and Jose Silva at intake.', '--json'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.json().error.code).toBe('INVALID_CHANGE')
    expect(r.stdout).not.toMatch(/Jose|Silva/)
    expect(fs.readFileSync(path.join(root, RB), 'utf8')).toBe(text)
  })
})

describe('newErrors', () => {
  const result = (diagnostics: Diagnostic[]): ValidationResult => ({ok: false, errors: diagnostics.length, warnings: 0, files: 1, records: {} as ValidationResult['records'], checkedFiles: [], diagnostics})
  const d = (over: Partial<Diagnostic>): Diagnostic => ({code: 'UNKNOWN_BADGE', severity: 'error', message: 'badge "1" is not on the roster', file: 't.yaml', line: 3, column: 5, ...over})

  it('ignores positions, counts repeats, and keeps warnings out', () => {
    const before = result([d({line: 3})])
    expect(newErrors(before, result([d({line: 9})]))).toEqual([])
    expect(newErrors(before, result([d({line: 3}), d({line: 4})]))).toHaveLength(1)
    expect(newErrors(before, result([d({message: 'badge "2" is not on the roster'})]))).toHaveLength(1)
    expect(newErrors(result([]), result([d({severity: 'warning'})]))).toEqual([])
  })

  it('tells masked findings apart by field and subject, not message', () => {
    const pii = (path: Array<string | number>, subject: string) => d({code: 'PII_NAME', message: 'notes looks like it holds a name ("J••• S••••")', path, subject})
    const before = result([pii(['notes'], 'a')])
    expect(newErrors(before, result([pii(['notes'], 'a')]))).toEqual([])
    expect(newErrors(before, result([pii(['notes'], 'a'), pii(['notes'], 'b')]))).toHaveLength(1)
    expect(newErrors(before, result([pii(['evidence', 0, 'description'], 'a')]))).toHaveLength(1)
  })
})
