/**
 * `lead set` on a record the yaml Document cannot take a field edit in: refused with lead
 * validate's finding at its file:line:column (exit 2), nothing of a participant's text in any
 * output, nothing written or committed; never the library's message or INTERNAL.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, exampleSite, git, runLead, testEnv, writeSiteFile} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv()
const read = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8')
const log = (root: string) => git(root, ['log', '--format=%s'], env).trim().split('\n')

describe('lead set on a file that is not a record lead can edit', () => {
  const root = exampleSite(env, {warm: true})

  it('refuses a record git holds that is not valid YAML with its file:line:column and none of its text (exit 2)', () => {
    const file = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
    const broken = read(root, file).replace(/^charges: \[(.*)\]$/m, 'charges: [$1\n  - Marisol Quintanilla-Ortega')
    expect(broken).toContain('Marisol')
    writeSiteFile(root, file, broken)
    git(root, ['commit', '-qam', 'a hand edit gone wrong'], env)
    const commits = log(root)
    // Where lead validate places the same finding.
    const v = runLead(['validate', file, '--json'], {cwd: root, env})
    const {line, column} = v.json().diagnostics.find((d: {code: string}) => d.code === 'YAML_SYNTAX')
    expect(line).toBeGreaterThan(broken.split('\n').findIndex((l) => l.includes('Marisol')))
    for (const json of [false, true]) {
      const r = runLead(['set', 'r-2026-11-03-k3f9q2', 'notes=x', ...(json ? ['--json'] : [])], {cwd: root, env})
      expect(r.code, r.stderr).toBe(2)
      expect(r.stdout + r.stderr).not.toMatch(/Marisol|Quintanilla/)
      if (json) expect(r.json().error).toMatchObject({code: 'YAML_SYNTAX', file, line, column})
      else expect(r.stderr).toContain(`${file}:${line}:${column}: error YAML_SYNTAX the file cannot be edited field by field`)
    }
    expect(read(root, file)).toBe(broken)
    expect(log(root)).toEqual(commits)
    writeSiteFile(root, file, read(root, file).replace(/\n {2}- Marisol Quintanilla-Ortega/, ']').replace(/^charges: \[(.*)\]\]$/m, 'charges: [$1]'))
    git(root, ['commit', '-qam', 'mended'], env)
    expect(runLead(['validate', file], {cwd: root, env}).code).toBe(0)
  })

  it('refuses a record that is a list, not a map of fields, as NOT_A_RECORD (exit 2), never as a bug in lead', () => {
    const file = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
    const good = read(root, file)
    writeSiteFile(root, file, '- Marisol Quintanilla-Ortega\n- P-7Q2M4K\n')
    git(root, ['commit', '-qam', 'pasted over by hand'], env)
    const r = runLead(['set', 'r-2026-11-03-k3f9q2', 'handoff.method=phone'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toContain(`${file}:1:1: error NOT_A_RECORD the file cannot be edited field by field`)
    expect(r.stderr).not.toMatch(/INTERNAL|Marisol|Quintanilla/)
    writeSiteFile(root, file, good)
    git(root, ['commit', '-qam', 'mended'], env)
  })
})
