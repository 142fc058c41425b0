import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

const env = testEnv()
const read = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8')
const write = (root: string, rel: string, text: string) => fs.writeFileSync(path.join(root, rel), text)
const edit = (root: string, rel: string, from: string | RegExp, to: string) => {
  const before = read(root, rel)
  const after = before.replace(from, to)
  if (after === before) throw new Error(`edit of ${rel} changed nothing`)
  write(root, rel, after)
}
const lineOf = (root: string, rel: string, text: string) => read(root, rel).split('\n').findIndex((l) => l.includes(text)) + 1

/** protocols/2026-v3.yaml: version 3 of 2026-v2 with one charge more and a 21-day intake deadline. */
function addVersion3(root: string): void {
  const v2 = read(root, 'protocols/2026-v2.yaml')
  const v3 = v2
    .replace('id: "2026-v2"', 'id: "2026-v3"')
    .replace('version: 2', 'version: 3')
    .replace('status: adopted', 'status: draft')
    .replace('supersedes: "2025-v1"', 'supersedes: "2026-v2"')
    .replace('effective: {from: "2026-03-01"}', 'effective: {from: "2027-01-01"}')
    .replace('divertible_charges:\n', 'divertible_charges:\n  - code: RCW 9A.84.020\n    label: Failure to disperse\n    category: public_order\n')
    .replace('intake_deadline_days: 30', 'intake_deadline_days: 21')
  write(root, 'protocols/2026-v3.yaml', v3)
  // Replacing a version closes it: allowed on an adopted protocol.
  edit(root, 'protocols/2026-v2.yaml', 'effective: {from: "2026-03-01"}', 'effective: {from: "2026-03-01", to: "2026-12-31"}')
}

afterAll(cleanupTemp)

describe('lead diff across branches', () => {
  let root: string
  beforeAll(() => {
    root = exampleSite(env, {warm: true})
    git(root, ['checkout', '-q', '-b', 'protocol-v3'], env)
    addVersion3(root)
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '-m', 'protocol: draft 2026-v3'], env)
    // main moves on after the branch was made
    git(root, ['checkout', '-q', 'main'], env)
    edit(root, 'partners/harbor-pd.yaml', /^name: .*$/m, 'name: Harbor City Police Department')
    git(root, ['commit', '-q', '-am', 'partner: rename harbor-pd'], env)
    git(root, ['checkout', '-q', 'protocol-v3'], env)
  })

  it('shows a charge added in a new protocol version (text)', () => {
    const r = runLead(['diff', 'main...protocol-v3', '--check'], {cwd: root, env})
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/2026-v3 new version 3 \(draft, in force from 2027-01-01\), compared with 2026-v2 \(version 2\)/)
    expect(r.stdout).toContain('+ divertible charge added: RCW 9A.84.020 Failure to disperse (public_order)')
    expect(r.stdout).toContain('~ intake deadline: 30 days → 21 days')
    expect(r.stdout).toContain('added    protocol 2026-v3  protocols/2026-v3.yaml')
    expect(r.stdout).toContain('+ effective.to: 2026-12-31')
    // Closing 2026-v2 on a future date re-judges no referral: a note for the reviewer, not an error.
    expect(r.stdout).toContain("warning PROTOCOL_RANGE_MOVED protocol 2026-v2's effective range moves from 2026-03-01… to 2026-03-01…2026-12-31: it re-judges no recorded referral")
    expect(r.stdout.indexOf('\nReview\n')).toBeLessThan(r.stdout.indexOf('\nProtocols\n'))
    expect(r.stdout).not.toContain('\u001b[') // NO_COLOR
    // A...B compares with the merge base: main's later partner change is not part of the branch.
    expect(r.stdout).not.toContain('harbor-pd')
  })

  it('shows it in markdown for a pull request summary', () => {
    const r = runLead(['diff', 'main...protocol-v3', '--format', 'markdown'], {cwd: root, env})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^## LEAD records: merge-base of main and protocol-v3 \([0-9a-f]{7}\) → protocol-v3 \([0-9a-f]{7}\)/)
    expect(r.stdout).toContain('#### `2026-v3` — new version 3 (draft, in force from 2027-01-01), compared with 2026-v2 (version 2)')
    expect(r.stdout).toContain('- ➕ divertible charge added: RCW 9A.84.020 Failure to disperse (public\\_order)')
    expect(r.stdout).toContain('| added | protocol `2026-v3` | `protocols/2026-v3.yaml` |')
    expect(r.stdout).toContain('| `effective.to` |  | 2026-12-31 |')
  })

  it('shows it in JSON, with both revisions', () => {
    const r = runLead(['diff', 'main...protocol-v3', '--json'], {cwd: root, env})
    expect(r.code).toBe(0)
    const doc = r.json()
    expect(doc.ok).toBe(true)
    expect(doc.head).toMatchObject({type: 'commit', rev: 'protocol-v3', commit: git(root, ['rev-parse', 'protocol-v3'], env).trim()})
    expect(doc.base.commit).toBe(git(root, ['merge-base', 'main', 'protocol-v3'], env).trim())
    expect(doc.counts).toEqual({added: 1, removed: 0, changed: 1, renamed: 0})
    const v3 = doc.protocols.find((p: any) => p.id === '2026-v3')
    expect(v3).toMatchObject({change: 'new_version', version: 3, compared_to: {id: '2026-v2', version: 2}})
    expect(v3.items).toContainEqual(expect.objectContaining({topic: 'charge', change: 'added', subject: 'RCW 9A.84.020'}))
    expect(v3.items).toContainEqual(expect.objectContaining({topic: 'intake_deadline', change: 'changed', old: 30, new: 21}))
    const v2 = doc.records.find((x: any) => x.id === '2026-v2')
    expect(v2).toMatchObject({status: 'changed', file: 'protocols/2026-v2.yaml', changes: [{change: 'added', path: 'effective.to', old: null, new: '2026-12-31'}]})
    expect(doc.review).toMatchObject({errors: 0, warnings: 1, diagnostics: [{code: 'PROTOCOL_RANGE_MOVED', severity: 'warning', file: 'protocols/2026-v2.yaml'}]})
    expect(doc.policy).toEqual({from: expect.stringMatching(/^merge-base of main and protocol-v3 \([0-9a-f]{7}\)$/), changes: []})
  })

  it('A..B compares the tips, so main\'s own change shows as undone', () => {
    const r = runLead(['diff', 'main..protocol-v3', '--json'], {cwd: root, env})
    const doc = r.json()
    expect(doc.counts.changed).toBe(2)
    const pd = doc.records.find((x: any) => x.id === 'harbor-pd')
    expect(pd.changes).toEqual([{change: 'changed', path: 'name', old: 'Harbor City Police Department', new: 'Harbor Police Department', hidden: false}])
    // two revisions as two arguments are the same comparison
    expect(runLead(['diff', 'main', 'protocol-v3', '--json'], {cwd: root, env}).json().records).toEqual(doc.records)
  })

  it('refuses an unknown revision with exit 2', () => {
    const r = runLead(['diff', 'no-such-branch'], {cwd: root, env})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error BAD_REVISION unknown revision "no-such-branch"')
    expect(r.stderr).toContain('hint:')
    const opt = runLead(['diff', '--', '--output=/tmp/x'], {cwd: root, env})
    expect(opt.code).toBe(2)
  })
})

describe('review rules', () => {
  it('catch an adopted protocol edited in place (diff --check and validate --since exit 1)', () => {
    const root = exampleSite(env, {warm: true})
    edit(root, 'protocols/2026-v2.yaml', 'intake_deadline_days: 30', 'intake_deadline_days: 45')
    const line = lineOf(root, 'protocols/2026-v2.yaml', 'intake_deadline_days: 45')
    const plain = runLead(['diff'], {cwd: root, env})
    expect(plain.code).toBe(0) // without --check the findings are shown, the status stays 0
    expect(plain.stdout).toContain('error ADOPTED_PROTOCOL_EDITED')

    const r = runLead(['diff', '--check', '--json'], {cwd: root, env})
    expect(r.code).toBe(1)
    const doc = r.json()
    expect(doc.ok).toBe(false)
    expect(doc.review.diagnostics).toEqual([
      expect.objectContaining({file: 'protocols/2026-v2.yaml', line, column: 23, severity: 'error', code: 'ADOPTED_PROTOCOL_EDITED', message: 'adopted protocol 2026-v2 changed without a new version: intake_deadline_days: 30 → 45'}),
    ])

    const v = runLead(['validate', '--since', 'HEAD', '--json', '--as-of', '2026-11-27'], {cwd: root, env})
    expect(v.code).toBe(1)
    const vd = v.json()
    expect(vd.changed_files).toEqual(['protocols/2026-v2.yaml'])
    expect(vd.diagnostics).toEqual([expect.objectContaining({code: 'ADOPTED_PROTOCOL_EDITED', file: 'protocols/2026-v2.yaml', line, column: 23})])
    // a full validation does not know about history: the file itself is valid
    expect(runLead(['validate'], {cwd: root, env}).code).toBe(0)
  })

  it('catch a charge threshold changed in an adopted protocol, pointing at the value', () => {
    const root = exampleSite(env, {warm: true})
    const text = read(root, 'protocols/2026-v2.yaml')
    const at = text.indexOf('max_quantity: 3')
    write(root, 'protocols/2026-v2.yaml', `${text.slice(0, at)}max_quantity: 5${text.slice(at + 'max_quantity: 3'.length)}`)
    const line = text.slice(0, at).split('\n').length
    const r = runLead(['diff', '--check'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`protocols/2026-v2.yaml:${line}:19: error ADOPTED_PROTOCOL_EDITED adopted protocol 2026-v2 changed without a new version: divertible_charges[RCW 69.50.4013].max_quantity: 3 → 5`)
    expect(r.stdout).toContain('~ divertible charge RCW 69.50.4013: threshold 3 g or less → 5 g or less')
  })

  it('catch any change to a superseded protocol, and its deletion', () => {
    const root = exampleSite(env, {warm: true})
    edit(root, 'protocols/2025-v1.yaml', 'min_age: 18', 'min_age: 21')
    const r = runLead(['diff', '--check', '--json'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.json().review.diagnostics).toEqual([expect.objectContaining({code: 'SUPERSEDED_PROTOCOL_CHANGED', file: 'protocols/2025-v1.yaml', line: lineOf(root, 'protocols/2025-v1.yaml', 'min_age: 21')})])

    git(root, ['checkout', '-q', '--', 'protocols/2025-v1.yaml'], env)
    expect(runLead(['diff', '--check'], {cwd: root, env}).code).toBe(0)
    fs.rmSync(path.join(root, 'protocols/2025-v1.yaml'))
    const gone = runLead(['diff', '--check', '--json'], {cwd: root, env})
    expect(gone.code).toBe(1)
    expect(gone.json().review.diagnostics.map((d: any) => d.code)).toEqual(['PROTOCOL_RETROACTIVE', 'PROTOCOL_HISTORY_REMOVED'])
    expect(gone.json().review.diagnostics[0].message).toMatch(/^deleting 2025-v1 leaves \d+ recorded referrals without a protocol in force \(received 2025-/)
  })

  it('allow formatting-only edits of a superseded protocol', () => {
    const root = exampleSite(env, {warm: true})
    edit(root, 'protocols/2025-v1.yaml', /^# Operational protocol, version 1\./m, '# Operational protocol, version 1 (history).')
    const r = runLead(['diff', '--check'], {cwd: root, env})
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('changed  protocol 2025-v1  protocols/2025-v1.yaml (comments or formatting only)')
  })
})

describe('renames', () => {
  it('pairs a record renamed with git mv, and a moved and edited one', () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['mv', 'trainings/2025-01-22-pd-initial.yaml', 'trainings/2025-01-22-pd-initial-d1.yaml'], env)
    edit(root, 'trainings/2025-01-22-pd-initial-d1.yaml', 'id: "2025-01-22-pd-initial"', 'id: "2025-01-22-pd-initial-d1"')
    git(root, ['mv', 'partners/harbor-housing-coalition.yaml', 'partners/harbor-housing.yaml'], env)
    edit(root, 'partners/harbor-housing.yaml', 'id: harbor-housing-coalition', 'id: harbor-housing')
    git(root, ['commit', '-q', '-am', 'renames'], env)
    const doc = runLead(['diff', 'HEAD~1', 'HEAD', '--json'], {cwd: root, env}).json()
    expect(doc.counts).toMatchObject({added: 0, removed: 0, renamed: 2})
    const training = doc.records.find((r: any) => r.kind === 'training')
    expect(training).toMatchObject({status: 'renamed', old_file: 'trainings/2025-01-22-pd-initial.yaml', file: 'trainings/2025-01-22-pd-initial-d1.yaml', old_id: '2025-01-22-pd-initial', id: '2025-01-22-pd-initial-d1'})
    expect(training.changes).toEqual([{change: 'changed', path: 'id', old: '2025-01-22-pd-initial', new: '2025-01-22-pd-initial-d1', hidden: false}])
    const text = runLead(['diff', 'HEAD~1', 'HEAD'], {cwd: root, env}).stdout
    expect(text).toContain('renamed  partner harbor-housing-coalition → harbor-housing  partners/harbor-housing-coalition.yaml → partners/harbor-housing.yaml')
  })
})

describe('lead diff against the index and the working tree', () => {
  it('--staged compares with what is staged; the default with the working tree', () => {
    const root = exampleSite(env, {warm: true})
    edit(root, 'partners/harbor-pd.yaml', /^name: .*$/m, 'name: Staged Name')
    git(root, ['add', 'partners/harbor-pd.yaml'], env)
    edit(root, 'partners/harbor-pd.yaml', /^name: .*$/m, 'name: Working Name')
    edit(root, 'lead.yaml', /^  name: .*$/m, '  name: Harbour County LEAD')
    const staged = runLead(['diff', '--staged', '--json'], {cwd: root, env}).json()
    expect(staged.head).toEqual({type: 'index', label: 'index'})
    expect(staged.records.map((r: any) => [r.kind, r.changes])).toEqual([['partner', [{change: 'changed', path: 'name', old: 'Harbor Police Department', new: 'Staged Name', hidden: false}]]])
    const text = runLead(['diff'], {cwd: root, env})
    expect(text.stdout).toMatch(/^HEAD \([0-9a-f]{7}\) → working tree: 2 changed$/m)
    expect(text.stdout).toContain('changed  site configuration  lead.yaml')
    expect(text.stdout).toContain('~ site.name: Harbor County LEAD → Harbour County LEAD')
    expect(text.stdout).toContain('~ name: Harbor Police Department → Working Name')
  })

  it('says so when nothing changed, and needs a git repository', () => {
    const root = exampleSite(env, {warm: true})
    const r = runLead(['diff'], {cwd: root, env})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^HEAD \([0-9a-f]{7}\) → working tree: no record changes\n$/)
    fs.rmSync(path.join(root, '.git'), {recursive: true, force: true})
    const outside = runLead(['diff'], {cwd: root, env: {...env, GIT_CEILING_DIRECTORIES: path.dirname(root)}})
    expect(outside.code).toBe(3)
    expect(outside.stderr).toContain('error NOT_A_REPO')
  })
})

describe('lead diff --format markdown on a large change', () => {
  it('stays within a job summary: long lists are cut with a pointer to the full diff', () => {
    const root = exampleSite(env, {warm: true})
    const partner = read(root, 'partners/harbor-pd.yaml')
    for (let i = 0; i < 305; i++) write(root, `partners/bulk-${i}.yaml`, partner.replace('id: harbor-pd', `id: bulk-${i}`))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '-m', 'bulk'], env)
    const r = runLead(['diff', 'HEAD~1', 'HEAD', '--format', 'markdown'], {cwd: root, env})
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('**305 added**')
    expect(r.stdout.match(/^\| added \| partner /gm)).toHaveLength(300)
    expect(r.stdout).toContain('_… and 5 more records: run `lead diff` locally for the full list._')
    expect(runLead(['diff', 'HEAD~1', 'HEAD', '--json'], {cwd: root, env}).json().records).toHaveLength(305)
  })
})

describe('what the site declares, in a diff of a few changed files', () => {
  it('is every declaring record of the head, not only those the change touches: staff and partners are shown, and a commit message naming staff passes, as in validate --since', () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['branch', 'base'], env)
    const file = git(root, ['ls-files', 'referrals'], env).split('\n').find((f) => /agency: harbor-pd/.test(read(root, f)) && /case_manager: (?!Casey Ruiz)/.test(read(root, f)))!
    edit(root, file, /agency: harbor-pd/, 'agency: harbor-county-sheriff')
    edit(root, file, /case_manager: .*/, 'case_manager: Casey Ruiz')
    git(root, ['commit', '-q', '--no-verify', '-am', 'Hand-off to Casey Ruiz at the day center'], env)
    const r = runLead(['diff', 'base...HEAD', '--check'], {cwd: root, env})
    expect(r.stdout).toContain('referrer.agency: harbor-pd → harbor-county-sheriff')
    expect(r.stdout).toMatch(/handoff\.case_manager: [^\n]* → Casey Ruiz/)
    expect(r.stdout).not.toContain('PII_COMMIT_MESSAGE')
    expect(r.code, r.stdout + r.stderr).toBe(0)
    // The records compared are still only those that changed.
    expect(r.stdout).toMatch(/→ HEAD \([0-9a-f]+\): 1 changed\n/)
  })
})
