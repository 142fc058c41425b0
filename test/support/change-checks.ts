/**
 * A change judged every way lead judges one: a branch in a real repository, checked as CI checks
 * a pull request (validate --since in every format, --policy-from, diff --check in text and
 * Markdown) and as the pre-commit hook checks a commit. Shared by the policy and gate tests.
 */
import {spawnSync} from 'node:child_process'
import {expect} from 'vitest'
import {exampleSite, git, readSiteFile, runLead, writeSiteFile} from './cli.js'

/** A fork of lead a pull request might pin instead of the site's own. */
export const FORK = 'git+https://github.com/someone-else/lead.git#0123456789abcdef0123456789abcdef01234567'

/** Point the site's pinned lead at `spec`, in package.json and in its lock entry (as `version`). */
export function repinLead(root: string, spec = FORK, version = '0.1.1'): void {
  const pkg = JSON.parse(readSiteFile(root, 'package.json'))
  pkg.devDependencies['lead-cli'] = spec
  writeSiteFile(root, 'package.json', `${JSON.stringify(pkg, null, 2)}\n`)
  const lock = JSON.parse(readSiteFile(root, 'package-lock.json'))
  lock.packages[''].devDependencies['lead-cli'] = spec
  lock.packages['node_modules/lead-cli'] = {...lock.packages['node_modules/lead-cli'], version, resolved: spec}
  writeSiteFile(root, 'package-lock.json', `${JSON.stringify(lock, null, 2)}\n`)
}

/** A site on `main` and a branch `pr` holding what `change` does, committed (without the hook). */
export function pullRequest(env: NodeJS.ProcessEnv, change: (root: string) => void): string {
  const root = exampleSite(env, {warm: true})
  git(root, ['checkout', '-q', '-b', 'pr'], env)
  change(root)
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-q', '-m', 'pull request'], env)
  return root
}

export interface Expected {
  /** Codes the gate must report (in every format). */
  codes: string[]
  /** Text the leading finding must say. */
  says?: string
}

/** Findings about the change as a whole: every full run by the base's policy reports them too. */
const WHOLE_CHANGE = ['GATE_CHANGED', 'POLICY_CHANGED']
const REVIEW_CODES = new Set([...WHOLE_CHANGE, 'PROTOCOL_RETROACTIVE', 'PROTOCOL_ADOPTED', 'PROTOCOL_RANGE_MOVED', 'ADOPTED_PROTOCOL_EDITED'])

/** The code a review must lead with: a gate change, then a policy change, then the first expected. */
const leading = (codes: string[]) => WHOLE_CHANGE.find((c) => codes.includes(c)) ?? codes[0]!

/** The first finding line of `lead diff`'s or `lead validate`'s text output. */
export function firstFinding(stdout: string): string {
  return stdout.split('\n').find((l) => /: (error|warning) [A-Z_]+ /.test(l)) ?? ''
}

/** Every way CI judges a pull request fails, and says why; the review leads with the gravest finding. */
export function expectEveryCheckFails(root: string, env: NodeJS.ProcessEnv, expected: Expected): void {
  const first = leading(expected.codes)
  const text = runLead(['validate', '--since', 'main'], {cwd: root, env})
  expect(text.code, text.stdout + text.stderr).toBe(1)
  for (const code of expected.codes) expect(text.stdout).toContain(` ${code} `)
  if (expected.says) expect(text.stdout).toContain(expected.says)
  if (WHOLE_CHANGE.includes(first)) expect(firstFinding(text.stdout), text.stdout).toContain(` ${first} `)

  const json = runLead(['validate', '--since', 'main', '--json'], {cwd: root, env})
  expect(json.code).toBe(1)
  const doc = json.json()
  expect(doc.ok).toBe(false)
  expect(doc.diagnostics.map((d: any) => d.code)).toEqual(expect.arrayContaining(expected.codes))

  const github = runLead(['validate', '--since', 'main', '--format', 'github'], {cwd: root, env})
  expect(github.code).toBe(1)
  for (const code of expected.codes) expect(github.stdout).toMatch(new RegExp(`^::error file=[^\\n]*title=${code}::`, 'm'))
  if (WHOLE_CHANGE.includes(first)) expect(github.stdout.split('\n')[0]).toContain(`title=${first}::`)

  const junit = runLead(['validate', '--since', 'main', '--format', 'junit'], {cwd: root, env})
  expect(junit.code).toBe(1)
  expect(junit.stdout).not.toContain('failures="0"')
  for (const code of expected.codes) expect(junit.stdout).toContain(code)

  // A full run by the base's policy (what a job that annotates every record runs).
  const full = runLead(['validate', '--format', 'github', '--policy-from', 'main'], {cwd: root, env})
  expect(full.code).toBe(1)
  for (const code of expected.codes.filter((c) => WHOLE_CHANGE.includes(c))) expect(full.stdout).toMatch(new RegExp(`^::error file=[^\\n]*title=${code}::`, 'm'))
  if (expected.codes.includes('POLICY_CHANGED')) expect(full.stdout).toMatch(/^::error file=lead\.yaml,[^\n]*title=POLICY_CHANGED::/m)

  const diff = runLead(['diff', 'main...pr', '--check'], {cwd: root, env})
  expect(diff.code).toBe(1)
  for (const code of expected.codes.filter((c) => REVIEW_CODES.has(c))) expect(diff.stdout).toContain(` ${code} `)
  expect(diff.stdout).not.toContain('no review findings')
  expect(firstFinding(diff.stdout), diff.stdout).toContain(first)
  expect(diff.stdout.indexOf('Review')).toBeLessThan(Math.min(...['Protocols', 'Records'].map((h) => diff.stdout.indexOf(`\n${h}\n`)).filter((i) => i >= 0)))

  const md = runLead(['diff', 'main...pr', '--check', '--format', 'markdown'], {cwd: root, env})
  expect(md.code).toBe(1)
  const findings = md.stdout.indexOf('### Review findings')
  expect(findings).toBeGreaterThan(0)
  for (const heading of ['### Protocol changes', '### Records']) {
    const at = md.stdout.indexOf(heading)
    if (at >= 0) expect(findings).toBeLessThan(at)
  }
  if (expected.says) expect(md.stdout).toContain(expected.says.replace(/_/g, '\\_'))
}

/** Stage what the branch changed on top of main, with lead's hook installed, and try to commit. */
export function expectHookRefuses(root: string, env: NodeJS.ProcessEnv, expected: Expected): void {
  git(root, ['checkout', '-q', 'main'], env)
  git(root, ['checkout', '-q', 'pr', '--', '.'], env)
  // Files the branch deleted are deleted here too.
  for (const f of git(root, ['diff', '--name-only', '--diff-filter=D', 'main', 'pr'], env).split('\n').filter(Boolean)) git(root, ['rm', '-q', f], env)
  expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
  const before = git(root, ['rev-parse', 'HEAD'], env)
  const r = spawnSync('git', ['commit', '-m', 'the same change, committed locally'], {cwd: root, env, encoding: 'utf8'})
  expect(r.status, r.stdout + r.stderr).not.toBe(0)
  for (const code of expected.codes) expect(r.stdout + r.stderr).toContain(code)
  expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(before)
}
