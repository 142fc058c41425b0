/** What a reviewer reads about a change to the gate: which pin moved, where, and how to undo it. */
import {describe, expect, it} from 'vitest'
import {describePackageChange, gateFindings} from '../../src/core/review/gate-change.js'

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`
const pkg = (lead: string, extra: Record<string, unknown> = {}) => json({name: 'harbor-lead', private: true, devDependencies: {'lead-cli': lead}, ...extra})
const lock = (version: string, resolved: string, others: Record<string, unknown> = {}) =>
  json({lockfileVersion: 3, packages: {'': {devDependencies: {'lead-cli': resolved}}, 'node_modules/lead-cli': {version, resolved}, ...others}})

describe('describePackageChange', () => {
  it('says which dependency moved in package.json, and points at its line', () => {
    const after = pkg('0.2.0')
    const r = describePackageChange('package', pkg('0.1.0'), after)
    expect(r.detail).toBe('devDependencies.lead-cli: 0.1.0 → 0.2.0')
    expect(after.split('\n')[r.line - 1]).toContain('"lead-cli"')
  })

  it('names other settings changed (scripts, overrides) and counts beyond three', () => {
    const r = describePackageChange('package', pkg('0.1.0'), pkg('0.1.0', {scripts: {postinstall: 'curl x | sh'}, overrides: {yaml: '2.0.0'}, dependencies: {a: '1', b: '1'}}))
    expect(r.detail).toBe('dependencies.a: (none) → 1; dependencies.b: (none) → 1; overrides.yaml: (none) → 2.0.0; 1 more')
    const only = describePackageChange('package', pkg('0.1.0'), pkg('0.1.0', {scripts: {postinstall: 'x'}}))
    expect(only.detail).toBe('scripts added')
  })

  it('says which locked version or source of lead moved in the lock file, and how many others', () => {
    const before = lock('0.1.0', 'https://example.org/lead-cli-0.1.0.tgz', {'node_modules/yaml': {version: '2.8.0'}})
    expect(describePackageChange('lock', before, lock('0.1.1', 'https://example.org/lead-cli-0.1.1.tgz', {'node_modules/yaml': {version: '2.8.0'}})).detail).toBe('lead-cli 0.1.0 → 0.1.1')
    expect(describePackageChange('lock', before, lock('0.1.0', 'https://evil.example/lead.tgz', {'node_modules/yaml': {version: '2.8.0'}})).detail).toBe('lead-cli resolved https://example.org/lead-cli-0.1.0.tgz → https://evil.example/lead.tgz')
    const transitive = describePackageChange('lock', before, lock('0.1.0', 'https://example.org/lead-cli-0.1.0.tgz', {'node_modules/yaml': {version: '2.9.0'}}))
    expect(transitive).toEqual({detail: '1 other locked package', line: 1})
  })

  it('says when a file is no longer JSON, and says nothing it cannot tell', () => {
    expect(describePackageChange('package', pkg('0.1.0'), '{not json')).toEqual({detail: 'no longer readable as JSON', line: 1})
    expect(describePackageChange('package', pkg('0.1.0'), pkg('0.1.0').replace(/\n/g, '\n\n'))).toEqual({line: 1})
  })
})

describe('gateFindings', () => {
  it('an error per file, saying why it matters and how to undo it', () => {
    const [added, changed] = gateFindings(
      [
        {file: '.github/workflows/other.yml', status: 'added', role: 'workflow', line: 1},
        {file: 'package.json', status: 'changed', role: 'package', detail: 'devDependencies.lead-cli: 0.1.0 → 0.2.0', line: 7},
      ],
      {label: 'origin/main', commit: '5be0e1c9d1a2b3c4d5e6f708192a3b4c5d6e7f80'},
    )
    expect(added).toMatchObject({code: 'GATE_CHANGED', severity: 'error', file: '.github/workflows/other.yml', line: 1})
    expect(added!.message).toBe(".github/workflows/other.yml added: GitHub runs a pull request's own copy of a workflow, so this decides which checks run on the change")
    expect(added!.hint).toContain('(git rm .github/workflows/other.yml)')
    expect(changed).toMatchObject({line: 7, message: 'package.json changed (devDependencies.lead-cli: 0.1.0 → 0.2.0): it pins the lead CI installs to check every change'})
    expect(changed!.hint).toContain('git checkout 5be0e1c -- package.json')
    expect(changed!.hint).toContain('"lead: accept GATE_CHANGED"')
  })
})
