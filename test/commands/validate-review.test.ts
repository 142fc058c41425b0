import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parseDocument} from 'yaml'
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

afterAll(cleanupTemp)

describe('lead validate --staged', () => {
  it('catches an invalid staged record whose working-tree copy is valid', () => {
    const root = exampleSite(env, {warm: true})
    const good = read(root, 'partners/harbor-pd.yaml')
    edit(root, 'partners/harbor-pd.yaml', /^name: /m, 'nmae: ')
    git(root, ['add', 'partners/harbor-pd.yaml'], env)
    write(root, 'partners/harbor-pd.yaml', good) // working tree fixed, index still bad

    expect(runLead(['validate'], {cwd: root, env}).code).toBe(0)
    const r = runLead(['validate', '--staged', '--json'], {cwd: root, env})
    expect(r.code).toBe(1)
    const codes = r.json().diagnostics.map((d: any) => `${d.file}:${d.line}:${d.code}`)
    expect(codes).toContain('partners/harbor-pd.yaml:4:UNKNOWN_FIELD')
    expect(codes).toContain('partners/harbor-pd.yaml:3:MISSING_FIELD')
    const text = runLead(['validate', '--staged'], {cwd: root, env})
    expect(text.stdout).toContain('partners/harbor-pd.yaml:4:1: error UNKNOWN_FIELD unknown field "nmae" (did you mean "name"?)')
    expect(text.stdout).toContain('    4 | nmae: ') // the code frame shows the staged line
  })

  it('passes a valid staged record whose working-tree copy is invalid', () => {
    const root = exampleSite(env, {warm: true})
    edit(root, 'partners/harbor-pd.yaml', /^name: /m, 'nmae: ')
    expect(runLead(['validate'], {cwd: root, env}).code).toBe(1)
    const r = runLead(['validate', '--staged'], {cwd: root, env})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/✔ \d+ files valid/)
  })

  it('resolves references against the whole staged site, not the working tree', () => {
    const root = exampleSite(env, {warm: true})
    // A new training staged without the roster change it needs; the roster change exists only on disk.
    const training = read(root, 'trainings/2026-06-17-pd-initial.yaml').replace('id: "2026-06-17-pd-initial"', 'id: "2026-12-01-pd-initial"').replace('  - {badge: "0286"}\n', '  - {badge: "9999"}\n')
    write(root, 'trainings/2026-12-01-pd-initial.yaml', training)
    git(root, ['add', 'trainings/2026-12-01-pd-initial.yaml'], env)
    const roster = parseDocument(read(root, 'rosters/harbor-pd.yaml'))
    const officers = roster.get('officers') as any
    officers.add(roster.createNode({badge: '9999', name: 'Robin Vale', rank: 'Officer', unit: 'Patrol', district: 'D1', shift: 'day', status: 'active', catchment: true}))
    write(root, 'rosters/harbor-pd.yaml', roster.toString())
    expect(runLead(['validate'], {cwd: root, env}).code).toBe(0)
    // On a day the example site's planned meetings have not passed (after it they warn).
    const r = runLead(['validate', '--staged', '--json', '--as-of', '2026-11-27'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.json().diagnostics).toEqual([expect.objectContaining({file: 'trainings/2026-12-01-pd-initial.yaml', code: 'UNKNOWN_BADGE'})])
    git(root, ['add', 'rosters/harbor-pd.yaml'], env)
    expect(runLead(['validate', '--staged'], {cwd: root, env}).code).toBe(0)
  })

  it('refuses an index with merge conflicts (exit 3)', () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['checkout', '-q', '-b', 'other'], env)
    edit(root, 'partners/harbor-pd.yaml', /^name: .*$/m, 'name: Other Name')
    git(root, ['commit', '-q', '-am', 'other'], env)
    git(root, ['checkout', '-q', 'main'], env)
    edit(root, 'partners/harbor-pd.yaml', /^name: .*$/m, 'name: Main Name')
    git(root, ['commit', '-q', '-am', 'main'], env)
    spawnMerge(root)
    const r = runLead(['validate', '--staged'], {cwd: root, env})
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('error MERGE_CONFLICT unresolved merge conflicts in partners/harbor-pd.yaml')
  })
})

function spawnMerge(root: string): void {
  try {
    git(root, ['merge', '-q', 'other'], env)
  } catch {
    // the conflict is the point
  }
}

describe('lead validate --since', () => {
  it('reports the changed records and those the changes broke, exactly as a full run does', () => {
    const root = exampleSite(env, {warm: true})
    // An error that already existed at REV, in a file nobody touches afterwards: out of scope.
    edit(root, 'partners/harbor-housing-coalition.yaml', /^name: /m, 'nmae: ')
    git(root, ['commit', '-q', '-am', 'an old mistake'], env)

    // Changes since REV: a training gains an unknown badge; an officer leaves the roster, which
    // breaks an unchanged training listing that badge; a partner is edited validly.
    edit(root, 'trainings/2026-03-04-pd-v2-roll-call.yaml', /badge: "0577"/, 'badge: "5770"')
    const roster = parseDocument(read(root, 'rosters/harbor-pd.yaml'))
    const officers = roster.get('officers') as any
    const idx = officers.items.findIndex((o: any) => o.get('badge') === '1402')
    expect(idx).toBeGreaterThanOrEqual(0)
    officers.delete(idx)
    write(root, 'rosters/harbor-pd.yaml', roster.toString())
    edit(root, 'partners/harbor-pd.yaml', /^name: .*$/m, 'name: Harbor City Police')

    const since = runLead(['validate', '--since', 'HEAD', '--json'], {cwd: root, env})
    const full = runLead(['validate', '--json'], {cwd: root, env})
    expect(since.code).toBe(1)
    expect(full.code).toBe(1)
    const s = since.json()
    const f = full.json()
    expect(s.changed_files).toEqual(['partners/harbor-pd.yaml', 'rosters/harbor-pd.yaml', 'trainings/2026-03-04-pd-v2-roll-call.yaml'])
    expect(s.affected_files).toEqual(['trainings/2026-06-17-pd-initial.yaml'])
    const scope = new Set([...s.changed_files, ...s.affected_files])
    expect(s.diagnostics).toEqual(f.diagnostics.filter((d: any) => scope.has(d.file)))
    expect(s.diagnostics.map((d: any) => `${d.file}:${d.code}`)).toEqual(expect.arrayContaining(['trainings/2026-03-04-pd-v2-roll-call.yaml:UNKNOWN_BADGE', 'trainings/2026-06-17-pd-initial.yaml:UNKNOWN_BADGE']))
    expect(s.diagnostics.some((d: any) => d.file === 'partners/harbor-housing-coalition.yaml')).toBe(false)
    expect(f.diagnostics.some((d: any) => d.file === 'partners/harbor-housing-coalition.yaml')).toBe(true)
    expect(s.errors).toBe(s.diagnostics.filter((d: any) => d.severity === 'error').length)

    const text = runLead(['validate', '--since', 'HEAD'], {cwd: root, env})
    expect(text.stderr).toMatch(/^Checking 3 changed files and 1 file they affect since HEAD \([0-9a-f]{7}\)\.$/m)
  })

  it('puts every file in scope when lead.yaml changed', () => {
    const root = exampleSite(env, {warm: true})
    edit(root, 'partners/harbor-housing-coalition.yaml', /^name: /m, 'nmae: ')
    git(root, ['commit', '-q', '-am', 'an old mistake'], env)
    edit(root, 'lead.yaml', /\n$/, '\n# a comment\n')
    const s = runLead(['validate', '--since', 'HEAD', '--json'], {cwd: root, env}).json()
    const f = runLead(['validate', '--json'], {cwd: root, env}).json()
    expect(s.config_changed).toBe(true)
    expect(s.diagnostics).toEqual(f.diagnostics)
  })

  it('with --staged judges the index: a staged edit of an adopted protocol is caught', () => {
    const root = exampleSite(env, {warm: true})
    const good = read(root, 'protocols/2026-v2.yaml')
    edit(root, 'protocols/2026-v2.yaml', 'intake_deadline_days: 30', 'intake_deadline_days: 45')
    git(root, ['add', 'protocols/2026-v2.yaml'], env)
    write(root, 'protocols/2026-v2.yaml', good)
    expect(runLead(['validate', '--since', 'HEAD'], {cwd: root, env}).code).toBe(0)
    const r = runLead(['validate', '--since', 'HEAD', '--staged', '--json', '--as-of', '2026-11-27'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.json().diagnostics.map((d: any) => d.code)).toEqual(['ADOPTED_PROTOCOL_EDITED'])
    // The hint names a file the maintainer can create, shown as it is (a protocol's file name is no participant's).
    expect(r.json().diagnostics[0].hint).toContain('put the change in a new file protocols/2026-v3.yaml with version: 3, status: draft and supersedes: 2026-v2')
    expect(r.stdout).not.toContain('not shown')
  })

  it('is clean when nothing changed, and refuses an unknown revision', () => {
    const root = exampleSite(env, {warm: true})
    const r = runLead(['validate', '--since', 'HEAD'], {cwd: root, env})
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('✔ 0 files valid')
    const bad = runLead(['validate', '--since', 'nope'], {cwd: root, env})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('BAD_REVISION')
  })
})
