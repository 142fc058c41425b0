import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, runLead, testEnv} from '../support/cli.js'

const env = testEnv()
const REFERRAL = 'referrals/2026/r-2026-11-25-v3l3ie.yaml'
const SECRET = ['John Smith', '555-123-4567', 'Pat Doe', 'Sam Tran', '4151234567']
const noSecrets = (out: string) => {
  for (const s of SECRET) expect(out).not.toContain(s)
}

afterAll(cleanupTemp)

describe('referral values stay out of lead diff output', () => {
  let root: string
  beforeAll(() => {
    root = exampleSite(env, {warm: true})
    const file = path.join(root, REFERRAL)
    const text = fs.readFileSync(file, 'utf8')
      .replace('case_manager: Jordan Lee', 'case_manager: Pat Doe')
      .replace('status: received', 'status: eligible\nnotes: Saw John Smith, 555-123-4567')
    fs.writeFileSync(file, text)
  })

  it('text: free-text fields as "changed", codes and enums with values', () => {
    const r = runLead(['diff'], {cwd: root, env})
    expect(r.code).toBe(0)
    noSecrets(r.stdout)
    expect(r.stdout).toContain('~ status: received → eligible')
    expect(r.stdout).toMatch(/~ handoff\.case_manager: changed \(value not shown\)/)
    expect(r.stdout).toMatch(/\+ notes: added \(value not shown\)/)
  })

  it('markdown (the job summary): no values of free-text fields', () => {
    const r = runLead(['diff', '--format', 'markdown'], {cwd: root, env})
    expect(r.code).toBe(0)
    noSecrets(r.stdout)
    expect(r.stdout).toContain('| `status` | received | eligible |')
    expect(r.stdout).toMatch(/\| `notes` \| {2}\| _added \(not shown\)_ \|/)
  })

  it('json: hidden values are null and flagged', () => {
    const r = runLead(['diff', '--json'], {cwd: root, env})
    noSecrets(r.stdout)
    const changes = (r.json() as {records: Array<{id: string; changes: Array<{path: string; old: unknown; new: unknown; hidden: boolean}>}>}).records.find((x) => x.id === 'r-2026-11-25-v3l3ie')!.changes
    expect(changes.find((c) => c.path === 'notes')).toEqual({change: 'added', path: 'notes', old: null, new: null, hidden: true})
    expect(changes.find((c) => c.path === 'status')).toEqual({change: 'changed', path: 'status', old: 'received', new: 'eligible', hidden: false})
  })
})

describe('schema errors in referrals and consents do not repeat their values', () => {
  let root: string
  beforeAll(() => {
    root = exampleSite(env, {warm: true})
    const file = path.join(root, REFERRAL)
    const text = fs.readFileSync(file, 'utf8')
      .replace('participant: P-REW7QN', 'participant: Sam Tran')
      .replace('district: D3', 'district: 4151234567')
    fs.writeFileSync(file, text)
  })

  it('text output: no raw value, no source excerpt', () => {
    const r = runLead(['validate', '--as-of', '2026-11-27'], {cwd: root, env})
    expect(r.code).toBe(1)
    noSecrets(r.stdout + r.stderr)
    expect(r.stdout + r.stderr).toMatch(/participant has the wrong form: ‹text of 8 characters, not shown›/)
    expect(r.stdout + r.stderr).toMatch(/district must be text, not a number/)
  })

  it('json output: no raw value, no excerpt', () => {
    const r = runLead(['validate', '--json', '--as-of', '2026-11-27'], {cwd: root, env})
    noSecrets(r.stdout)
    const ds = (r.json() as {diagnostics: Array<{file: string; excerpt?: string}>}).diagnostics.filter((d) => d.file === REFERRAL)
    expect(ds.length).toBeGreaterThan(0)
    for (const d of ds) expect(d.excerpt).toBeUndefined()
  })
})
