/**
 * The CI gate a pull request cannot bend: whatever a branch changes is judged by the policy of the
 * branch it wants to enter (lead.yaml's rules and privacy settings at the base), a change to that
 * policy is itself a finding, and a protocol adopted or moved so that it re-judges recorded
 * referrals fails. Each attack is a real branch in a real repository, checked the ways CI and the
 * pre-commit hook check it.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import {cleanupTemp, editSiteFile, exampleSite, git, readSiteFile, runLead, testEnv, writeSiteFile} from '../support/cli.js'
import {expectEveryCheckFails as everyCheckFails, expectHookRefuses as hookRefuses, firstFinding, pullRequest as branch, type Expected} from '../support/change-checks.js'

const env = testEnv()
const read = readSiteFile
const write = writeSiteFile
const edit = editSiteFile

const NOTES_FILE = 'referrals/2026/r-2026-01-08-z66mn9.yaml'
const pullRequest = (change: (root: string) => void) => branch(env, change)
const expectEveryCheckFails = (root: string, expected: Expected) => everyCheckFails(root, env, expected)
const expectHookRefuses = (root: string, expected: Expected) => hookRefuses(root, env, expected)
const hideName = (root: string) => edit(root, NOTES_FILE, 'notes: Prefers afternoon check-ins.', 'notes: Saw John Smith at the shelter.')

afterAll(cleanupTemp)
// Each case runs lead a dozen times against a real repository.
vi.setConfig({testTimeout: 240_000})

describe('policy comes from the base', () => {
  it('a branch that allows identifiers in referral notes and writes a name there fails every check', () => {
    const root = pullRequest((r) => {
      edit(r, 'lead.yaml', 'allow_identifiers: []', 'allow_identifiers: [referral.notes]')
      hideName(r)
    })
    // Judged by its own lead.yaml the branch is clean: that is the hole.
    expect(runLead(['validate'], {cwd: root, env}).code).toBe(0)
    const expected = {codes: ['POLICY_CHANGED', 'PII_NAME'], says: 'privacy.allow_identifiers gains referral.notes'}
    expectEveryCheckFails(root, expected)
    expectHookRefuses(root, expected)
  })

  it('a branch that downgrades PII_NAME to a warning and writes a name fails every check', () => {
    const root = pullRequest((r) => {
      edit(r, 'lead.yaml', 'schema_version: 1', 'rules:\n  PII_NAME: warning\nschema_version: 1')
      hideName(r)
    })
    const expected = {codes: ['POLICY_CHANGED', 'PII_NAME'], says: 'rules.PII_NAME error (default) → warning'}
    expectEveryCheckFails(root, expected)
    const doc = runLead(['validate', '--since', 'main', '--json'], {cwd: root, env}).json()
    expect(doc.diagnostics.find((d: any) => d.code === 'PII_NAME').severity).toBe('error')
    expectHookRefuses(root, expected)
  })

  it('a branch that sets min_cell: 1 fails every check', () => {
    const root = pullRequest((r) => edit(r, 'lead.yaml', 'min_cell: 11', 'min_cell: 1'))
    const expected = {codes: ['POLICY_CHANGED'], says: 'privacy.min_cell 11 → 1'}
    expectEveryCheckFails(root, expected)
    expectHookRefuses(root, expected)
  })

  it('a branch that turns ADOPTED_PROTOCOL_EDITED off and edits an adopted protocol in place fails every check', () => {
    const root = pullRequest((r) => {
      edit(r, 'lead.yaml', 'schema_version: 1', 'rules: {ADOPTED_PROTOCOL_EDITED: "off"}\nschema_version: 1')
      edit(r, 'protocols/2026-v2.yaml', /max_quantity: 3\n/, 'max_quantity: 300\n')
    })
    const expected = {codes: ['POLICY_CHANGED', 'ADOPTED_PROTOCOL_EDITED'], says: 'rules.ADOPTED_PROTOCOL_EDITED error (default) → off'}
    expectEveryCheckFails(root, expected)
    expectHookRefuses(root, expected)
  })

  it('fails closed when the branch deletes lead.yaml or makes it unreadable', () => {
    const deleted = pullRequest((r) => {
      fs.rmSync(path.join(r, 'lead.yaml'))
      hideName(r)
    })
    // On the branch itself lead finds no site at all (exit 3); from main, the review names it.
    expect(runLead(['validate', '--since', 'main'], {cwd: deleted, env}).code).toBe(3)
    git(deleted, ['checkout', '-q', 'main'], env)
    const d = runLead(['diff', 'main...pr', '--check', '--json'], {cwd: deleted, env})
    expect(d.code).toBe(1)
    expect(d.json().review.diagnostics[0]).toMatchObject({code: 'POLICY_CHANGED', severity: 'error', file: 'lead.yaml'})
    expect(d.json().review.diagnostics[0].message).toBe('policy unreadable: lead.yaml was deleted')
    // A commit that drops lead.yaml from the index (the file stays on disk) is refused by the hook.
    expect(runLead(['hooks', 'install'], {cwd: deleted, env}).code).toBe(0)
    git(deleted, ['rm', '-q', '--cached', 'lead.yaml'], env)
    hideName(deleted)
    git(deleted, ['add', NOTES_FILE], env)
    const hook = spawnSync('git', ['commit', '-m', 'drop the policy'], {cwd: deleted, env, encoding: 'utf8'})
    expect(hook.status).not.toBe(0)
    expect(hook.stdout + hook.stderr).toContain('error POLICY_CHANGED policy unreadable: lead.yaml was deleted')
    expect(hook.stdout + hook.stderr).toContain('error PII_NAME')

    const broken = pullRequest((r) => {
      edit(r, 'lead.yaml', 'privacy:\n', 'privacy: [\n')
      hideName(r)
    })
    const v = runLead(['validate', '--since', 'main', '--json'], {cwd: broken, env})
    expect(v.code).toBe(1)
    const codes = v.json().diagnostics.map((x: any) => x.code)
    expect(codes).toContain('POLICY_CHANGED')
    expect(codes).toContain('PII_NAME') // judged by main's policy, not by defaults or nothing
    expect(v.json().diagnostics.find((x: any) => x.code === 'POLICY_CHANGED').message).toContain('is not valid')
  })

  it('reports tightening as a warning, and judges with the stricter policy', () => {
    // main tolerates a name as a warning; the branch makes it an error again and tightens min_cell.
    const root = exampleSite(env, {warm: true})
    edit(root, 'lead.yaml', 'schema_version: 1', 'rules:\n  PII_NAME: warning\nschema_version: 1')
    hideName(root)
    git(root, ['commit', '-q', '-am', 'a site that tolerates names (for this test)'], env)
    expect(runLead(['validate'], {cwd: root, env}).code).toBe(0)
    git(root, ['checkout', '-q', '-b', 'pr'], env)
    edit(root, 'lead.yaml', 'rules:\n  PII_NAME: warning\n', '')
    edit(root, 'lead.yaml', 'min_cell: 11', 'min_cell: 20')
    git(root, ['commit', '-q', '-am', 'tighten'], env)

    const r = runLead(['validate', '--since', 'main', '--json'], {cwd: root, env})
    const policy = r.json().diagnostics.filter((d: any) => d.code === 'POLICY_CHANGED')
    expect(policy.map((d: any) => `${d.severity} ${d.message}`).sort()).toEqual([
      'warning policy tightened: privacy.min_cell 11 → 20',
      'warning policy tightened: rules.PII_NAME warning → error (default)',
    ])
    // The stricter severity applies at once, so the branch cannot merge records main would then reject.
    expect(r.code).toBe(1)
    expect(r.json().diagnostics.find((d: any) => d.code === 'PII_NAME').severity).toBe('error')
    const full = runLead(['validate', '--json', '--policy-from', 'main'], {cwd: root, env})
    expect(full.code).toBe(1)
    expect(full.json().policy).toEqual({from: 'main (' + git(root, ['rev-parse', '--short=7', 'main'], env).trim() + ')', changes: [
      {setting: 'privacy.min_cell', direction: 'tightened', text: 'privacy.min_cell 11 → 20'},
      {setting: 'rules.PII_NAME', direction: 'tightened', text: 'rules.PII_NAME warning → error (default)'},
    ]})
    expect(runLead(['diff', 'main...pr', '--check'], {cwd: root, env}).code).toBe(0)
  })

  it('a policy change accepted by a maintainer (--accept / LEAD_ACCEPT) passes alone, but never hides a change judged by the base', () => {
    const alone = pullRequest((r) => edit(r, 'lead.yaml', 'min_cell: 11', 'min_cell: 5'))
    expect(runLead(['diff', 'main...pr', '--check'], {cwd: alone, env}).code).toBe(1)
    const accepted = runLead(['diff', 'main...pr', '--check', '--accept', 'POLICY_CHANGED'], {cwd: alone, env})
    expect(accepted.code).toBe(0)
    expect(firstFinding(accepted.stdout)).toMatch(/warning POLICY_CHANGED policy loosened: privacy\.min_cell 11 → 5 \(accepted\)/)
    expect(runLead(['validate', '--since', 'main'], {cwd: alone, env: {...env, LEAD_ACCEPT: 'POLICY_CHANGED'}}).code).toBe(0)

    const hiding = pullRequest((r) => {
      edit(r, 'lead.yaml', 'allow_identifiers: []', 'allow_identifiers: [referral.notes]')
      hideName(r)
    })
    const r = runLead(['validate', '--since', 'main', '--accept', 'POLICY_CHANGED', '--json'], {cwd: hiding, env})
    expect(r.code).toBe(1)
    expect(r.json().diagnostics.filter((d: any) => d.severity === 'error').map((d: any) => d.code)).toEqual(['PII_NAME'])
    expect(runLead(['validate', '--since', 'main', '--accept', 'PII_NAME'], {cwd: hiding, env}).code).toBe(2)
  })
})

describe('protocol adoption is reviewed', () => {
  /** Close adopted 2026-v2 the day before `from`, and add 2026-v3, already adopted, in force from `from`. */
  function adoptNextVersion(root: string, from: string, closeV2: {to: string; superseded: boolean}, change = (v3: string) => v3): void {
    const v2 = read(root, 'protocols/2026-v2.yaml')
    const v3 = v2
      .replace('id: "2026-v2"', 'id: "2026-v3"')
      .replace('version: 2', 'version: 3')
      .replace('date: "2026-02-18"', 'date: "2026-05-20"')
      .replace('effective: {from: "2026-03-01"}', `effective: {from: "${from}"}`)
      .replace('supersedes: "2025-v1"', 'supersedes: "2026-v2"')
      .replace('decision: "pcg-2026-02-18#1"', 'decision: "pcg-2026-05-20#1"')
    write(root, 'protocols/2026-v3.yaml', change(v3))
    // The PCG meeting that adopted it (an adopted protocol names its decision).
    const pcg = read(root, 'meetings/2026/pcg-2026-04-15.yaml').replace(/2026-04-15/g, '2026-05-20').replace(/^decisions:\n[\s\S]*?(?=^actions:)/m, 'decisions:\n  - {kind: adopt_protocol, text: Adopt protocol version 3., concerns: [{kind: protocol, id: 2026-v3}], outcome: consensus}\n')
    write(root, 'meetings/2026/pcg-2026-05-20.yaml', pcg.replace(/^actions:[\s\S]*$/m, ''))
    const closed = v2.replace('effective: {from: "2026-03-01"}', `effective: {from: "2026-03-01", to: "${closeV2.to}"}`)
    write(root, 'protocols/2026-v2.yaml', closeV2.superseded ? closed.replace('status: adopted', 'status: superseded') : closed)
  }

  /** The attack: 2026-v2 superseded from 2026-06-01 by a 2026-v3 already adopted, its threshold 3 g → 300 g. */
  const retroactive = (root: string) => adoptNextVersion(root, '2026-06-01', {to: '2026-05-31', superseded: true}, (v3) => v3.replace(/max_quantity: 3\n/, 'max_quantity: 300\n'))

  /** Referrals of the example site received on or after a date (the local date is the written one). */
  function referralsFrom(root: string, date: string): number {
    const dir = path.join(root, 'referrals')
    let n = 0
    for (const year of fs.readdirSync(dir)) {
      for (const f of fs.readdirSync(path.join(dir, year))) {
        const received = /^received: "(\d{4}-\d\d-\d\d)/m.exec(read(root, `referrals/${year}/${f}`))?.[1]
        if (received && received >= date) n++
      }
    }
    return n
  }

  it('a retroactive version that re-judges recorded referrals fails every check, and the review leads with it', () => {
    const root = pullRequest(retroactive)
    // Before this gate, the branch was valid.
    expect(runLead(['validate'], {cwd: root, env}).code).toBe(0)
    const n = referralsFrom(root, '2026-06-01')
    expect(n).toBeGreaterThan(10)
    const expected = {codes: ['PROTOCOL_RETROACTIVE'], says: `re-judges ${n} recorded referrals`}
    expectEveryCheckFails(root, expected)

    const md = runLead(['diff', 'main...pr', '--format', 'markdown'], {cwd: root, env}).stdout
    expect(md).toContain('[!CAUTION]')
    expect(md).not.toContain('must go into a new protocol version')
    const json = runLead(['diff', 'main...pr', '--json'], {cwd: root, env}).json()
    expect(json.ok).toBe(false)
    expect(json.review.diagnostics[0].code).toBe('PROTOCOL_RETROACTIVE')
    expect(json.review.diagnostics.map((d: any) => d.code)).toEqual(expect.arrayContaining(['PROTOCOL_ADOPTED', 'PROTOCOL_RANGE_MOVED']))
    expectHookRefuses(root, expected)
  })

  it('adopting the next version from a future date passes, and says it re-judges no recorded referral', () => {
    const root = pullRequest((r) => adoptNextVersion(r, '2100-01-01', {to: '2099-12-31', superseded: false}))
    const d = runLead(['diff', 'main...pr', '--check', '--json'], {cwd: root, env})
    expect(d.code).toBe(0)
    const review = d.json().review.diagnostics
    expect(review.map((x: any) => `${x.severity} ${x.code}`)).toEqual(['warning PROTOCOL_ADOPTED', 'warning PROTOCOL_RANGE_MOVED'])
    expect(review[0].message).toContain('re-judges no recorded referral')
    expect(runLead(['validate', '--since', 'main'], {cwd: root, env}).code).toBe(0)
  })

  it('closing the version in force early leaves recorded referrals without a protocol: retroactive', () => {
    const root = pullRequest((r) => edit(r, 'protocols/2026-v2.yaml', 'effective: {from: "2026-03-01"}', 'effective: {from: "2026-03-01", to: "2026-09-30"}'))
    const d = runLead(['diff', 'main...pr', '--check', '--json'], {cwd: root, env})
    expect(d.code).toBe(1)
    const finding = d.json().review.diagnostics.find((x: any) => x.code === 'PROTOCOL_RETROACTIVE')
    expect(finding.message).toContain(`leaves ${referralsFrom(root, '2026-10-01')} recorded referrals without a protocol in force`)
  })
})
