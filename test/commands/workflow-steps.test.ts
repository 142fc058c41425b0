/**
 * The site workflow's step scripts, run as GitHub runs them (`bash -e`, the step's env, the
 * runner's RUNNER_TEMP, GITHUB_ENV and GITHUB_STEP_SUMMARY files) on real branches. npm stands in
 * for the registry: `npm ci` "installs" the lead its folder's package.json pins as a script that
 * records that pin and runs the lead under test, so a test sees which lead a step ran.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import {parse} from 'yaml'
import {BIN, cleanupTemp, editSiteFile, exampleSite, git, readSiteFile, tempDir, testEnv, writeSiteFile} from '../support/cli.js'
import {FORK, repinLead} from '../support/change-checks.js'

afterAll(cleanupTemp)
vi.setConfig({testTimeout: 240_000})

const env = testEnv()

interface Runner {
  /** What the fake npm and every lead it installed wrote. */
  log: string
  temp: string
  githubEnv: string
  summary: string
  path: string
}

function runner(): Runner {
  const dir = tempDir('lead-runner-')
  const bin = path.join(dir, 'bin')
  fs.mkdirSync(bin)
  const log = path.join(dir, 'log')
  fs.writeFileSync(log, '')
  fs.writeFileSync(path.join(bin, 'npm'), `#!${process.execPath}
const fs = require('fs')
const args = process.argv.slice(2)
if (args[0] !== 'ci') { console.log('npm ' + args.join(' ')); process.exit(0) }
const pin = JSON.parse(fs.readFileSync('package.json', 'utf8')).devDependencies['lead-cli']
fs.appendFileSync(${JSON.stringify(log)}, 'npm ci in ' + process.cwd() + '\\n')
fs.mkdirSync('node_modules/.bin', {recursive: true})
fs.writeFileSync('node_modules/.bin/lead', '#!/bin/sh\\necho "lead pinned as ' + pin + '" >> ${log}\\nexec ${process.execPath} ${BIN} "$@"\\n', {mode: 0o755})
`, {mode: 0o755})
  const temp = path.join(dir, 'runner-temp')
  fs.mkdirSync(temp)
  return {log, temp, githubEnv: path.join(dir, 'github-env'), summary: path.join(dir, 'summary.md'), path: `${bin}:${process.env.PATH}`}
}

const workflowOf = (root: string) => parse(readSiteFile(root, '.github/workflows/lead.yml'))
const step = (wf: any, name: RegExp) => (wf.jobs.validate.steps as any[]).find((s) => name.test(s.name ?? ''))

/** What the runner's GITHUB_ENV file set for later steps. */
function exported(r: Runner): Record<string, string> {
  if (!fs.existsSync(r.githubEnv)) return {}
  return Object.fromEntries(fs.readFileSync(r.githubEnv, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
}

/** Run one step of the workflow checked out at `root` (the base's copy: `wf`), as GitHub does. */
function run(root: string, r: Runner, wf: any, name: RegExp, event: 'pull_request' | 'push', stepEnv: Record<string, string>) {
  const s = step(wf, name)
  expect(s, String(name)).toBeDefined()
  const e = {...env, PATH: r.path, GITHUB_EVENT_NAME: event, RUNNER_TEMP: r.temp, GITHUB_ENV: r.githubEnv, GITHUB_STEP_SUMMARY: r.summary, LEAD_ACCEPT: ',,', ...exported(r), ...stepEnv}
  return spawnSync('bash', ['-e', '-c', s.run], {cwd: root, env: e, encoding: 'utf8'})
}

/** A site whose main is also origin/main, and a pull request branch `pr` holding `change`. */
function pullRequest(change: (root: string) => void): {root: string; base: any; own: any} {
  const root = exampleSite(env, {warm: true})
  git(root, ['update-ref', 'refs/remotes/origin/main', 'HEAD'], env)
  const base = workflowOf(root)
  git(root, ['checkout', '-q', '-b', 'pr'], env)
  change(root)
  git(root, ['add', '-A'], env)
  git(root, ['commit', '-q', '-m', 'pull request'], env)
  return {root, base, own: workflowOf(root)}
}

/** A pull request that re-pins lead to a fork, loosens the workflow and commits a lead of its own into the checkout. */
function bendTheGate(root: string): void {
  repinLead(root)
  editSiteFile(root, '.github/workflows/lead.yml', ' --format markdown --check', ' --format markdown')
  writeSiteFile(root, '.npmrc', 'registry=https://registry.example.org/\n')
  const trap = path.join(root, 'node_modules', '.bin', 'lead')
  fs.mkdirSync(path.dirname(trap), {recursive: true})
  fs.writeFileSync(trap, `#!/bin/sh\necho PWNED > ${JSON.stringify(path.join(root, '..', 'pwned'))}\nexit 0\n`, {mode: 0o755})
  git(root, ['add', '-f', 'node_modules/.bin/lead'], env)
}

describe('the pull-request job', () => {
  // GitHub runs the pull request's own copy of the workflow: here its install and validation steps
  // are unchanged, its review step lost --check.
  it('installs the lead the BASE branch pins, outside the checkout, and never runs a lead the pull request brings', () => {
    const {root, own} = pullRequest(bendTheGate)
    const r = runner()
    const install = run(root, r, own, /^Install lead/, 'pull_request', {BASE_REF: 'main'})
    expect(install.status, install.stdout + install.stderr).toBe(0)
    const tool = path.join(r.temp, 'lead')
    expect(fs.readFileSync(path.join(tool, 'package.json'), 'utf8')).toBe(git(root, ['show', 'main:package.json'], env))
    expect(fs.readFileSync(path.join(tool, 'package-lock.json'), 'utf8')).toBe(git(root, ['show', 'main:package-lock.json'], env))
    expect(fs.existsSync(path.join(tool, '.npmrc'))).toBe(false) // the base has none; the pull request's is ignored
    expect(fs.readFileSync(r.log, 'utf8')).toBe(`npm ci in ${tool}\n`)
    expect(exported(r)).toEqual({LEAD_BIN: path.join(tool, 'node_modules/.bin/lead')})

    // The validation runs that lead, and finds the gate changed, first.
    const validate = run(root, r, own, /^Validate the change/, 'pull_request', {BASE_REF: 'main'})
    expect(validate.status, validate.stdout + validate.stderr).toBe(1)
    expect(validate.stdout.split('\n')[0]).toMatch(/^::error file=\.github\/workflows\/lead\.yml,line=\d+,col=1,title=GATE_CHANGED::/)
    for (const f of ['\\.npmrc', 'package\\.json', 'package-lock\\.json']) expect(validate.stdout).toMatch(new RegExp(`^::error file=${f},[^\\n]*title=GATE_CHANGED::`, 'm'))
    // The edited review step passes: what lead cannot close, and why .github/ needs a code owner.
    const diff = run(root, r, own, /^Summarise and review/, 'pull_request', {BASE_REF: 'main'})
    expect(diff.status).toBe(0)
    const summary = fs.readFileSync(r.summary, 'utf8')
    expect(summary).toMatch(/^\| `GATE_CHANGED` \| error \| 4 \| 4 \|$/m)
    expect(summary).toContain('this change alters the gate itself')
    expect(summary).toContain(`devDependencies.lead-cli: ${git(root, ['show', 'main:package.json'], env).match(/"lead-cli": "([^"]*)"/)![1]} → ${FORK}`)

    const log = fs.readFileSync(r.log, 'utf8')
    expect(log).not.toContain(FORK)
    expect(log.match(/^lead pinned as (.*)$/gm)!.every((l) => l === `lead pinned as ${JSON.parse(git(root, ['show', 'main:package.json'], env)).devDependencies['lead-cli']}`)).toBe(true)
    expect(log.match(/^lead pinned as /gm)).toHaveLength(2)
    expect(fs.existsSync(path.join(root, '..', 'pwned'))).toBe(false)
  })

  it('passes a gate change a maintainer accepted by label, and reports it as a warning', () => {
    const {root, base} = pullRequest((r) => repinLead(r))
    const r = runner()
    expect(run(root, r, base, /^Install lead/, 'pull_request', {BASE_REF: 'main'}).status).toBe(0)
    // what the job's LEAD_ACCEPT expression yields with the "lead: accept GATE_CHANGED" label alone
    const labelled = {BASE_REF: 'main', LEAD_ACCEPT: 'GATE_CHANGED,,'}
    const validate = run(root, r, base, /^Validate the change/, 'pull_request', labelled)
    expect(validate.status, validate.stdout).toBe(0)
    expect(validate.stdout).toMatch(/^::warning file=package\.json,[^\n]*title=GATE_CHANGED::[^\n]*\(accepted\)/m)
    expect(run(root, r, base, /^Summarise and review/, 'pull_request', labelled).status).toBe(0)
  })

  it('stops with one clear annotation when the base branch pins no lead', () => {
    const root = exampleSite(env, {warm: true})
    git(root, ['rm', '-q', 'package-lock.json'], env)
    git(root, ['commit', '-q', '-m', 'no lock'], env)
    git(root, ['update-ref', 'refs/remotes/origin/main', 'HEAD'], env)
    const base = workflowOf(root)
    git(root, ['checkout', '-q', '-b', 'pr'], env)
    // the pull request brings a lock file: it does not count
    git(root, ['checkout', '-q', 'main~1', '--', 'package-lock.json'], env)
    git(root, ['commit', '-q', '-m', 'bring a lock'], env)
    const r = runner()
    const install = run(root, r, base, /^Install lead/, 'pull_request', {BASE_REF: 'main'})
    expect(install.status).toBe(1)
    expect(install.stdout).toMatch(/^::error title=package-lock\.json is missing::The lead this workflow installs is pinned by package-lock\.json on the default branch \(for a pull request, its base branch\)/m)
    expect(fs.readFileSync(r.log, 'utf8')).toBe('')
  })
})

describe('the push job', () => {
  it('installs the lead the pushed commit pins', () => {
    const root = exampleSite(env, {warm: true})
    const r = runner()
    const install = run(root, r, workflowOf(root), /^Install lead/, 'push', {BASE_REF: ''})
    expect(install.status, install.stderr).toBe(0)
    expect(fs.readFileSync(path.join(r.temp, 'lead', 'package.json'), 'utf8')).toBe(readSiteFile(root, 'package.json'))
  })

  it('a push that edits an adopted protocol in place fails the review step, which reports in the summary', () => {
    const root = exampleSite(env, {warm: true})
    const wf = workflowOf(root)
    const review = step(wf, /^Review what this push changed/)
    expect(review.env).toEqual({BEFORE: '${{ github.event.before }}'})
    const before = git(root, ['rev-parse', 'HEAD'], env).trim()
    editSiteFile(root, 'protocols/2026-v2.yaml', 'min_age: 18', 'min_age: 21')
    git(root, ['commit', '-q', '-am', 'protocol: raise age in place'], env)
    const r = runner()
    expect(run(root, r, wf, /^Install lead/, 'push', {}).status).toBe(0)
    const pushed = run(root, r, wf, /^Review what this push changed/, 'push', {BEFORE: before})
    expect(pushed.status).toBe(1)
    expect(fs.readFileSync(r.summary, 'utf8')).toContain('ADOPTED_PROTOCOL_EDITED')
    const fresh = run(root, r, wf, /^Review what this push changed/, 'push', {BEFORE: '0000000000000000000000000000000000000000'})
    expect(fresh.status).toBe(0)
    expect(fresh.stdout).toContain('review rules skipped')
  })
})

describe('annotations', () => {
  it('the pull-request step annotates the change, errors and changed files first, and lists every finding in the summary', () => {
    const {root, base} = pullRequest((r) => {
      // a branch adds 12 broken partners: 24 errors (an unknown and a missing field each)
      const partner = readSiteFile(r, 'partners/harbor-pd.yaml')
      for (let i = 0; i < 12; i++) writeSiteFile(r, `partners/bad-${i}.yaml`, partner.replace('id: harbor-pd', `id: bad-${i}`).replace(/^name:/m, 'nmae:'))
    })
    const validate = step(base, /^Validate the change/)
    expect(validate.env).toEqual({BASE_REF: '${{ github.base_ref }}'})
    const r = runner()
    expect(run(root, r, base, /^Install lead/, 'pull_request', {BASE_REF: 'main'}).status).toBe(0)
    const out = run(root, r, base, /^Validate the change/, 'pull_request', {BASE_REF: 'main'})
    expect(out.status).toBe(1)
    const annotations = out.stdout.split('\n').filter((l) => /^::(error|warning) /.test(l))
    expect(annotations.filter((l) => l.startsWith('::error '))).toHaveLength(10)
    expect(out.stdout).toMatch(/^::notice title=lead::14 more findings not annotated/m)
    // the rest are still in the log, as plain lines
    expect(out.stdout.match(/^partners\/bad-\d+\.yaml:\d+:\d+: error /gm)).toHaveLength(14)
    const md = fs.readFileSync(r.summary, 'utf8')
    expect(md).toMatch(/^## lead validate: changes since origin\/main/m)
    expect(md).toContain('**24 errors, 0 warnings**')
    expect(md).toMatch(/^\| `UNKNOWN_FIELD` \| error \| 12 \| 12 \|$/m)
    expect(md).toMatch(/^\| `MISSING_FIELD` \| error \| 12 \| 12 \|$/m)
    expect(md.match(/^\| ❌ \| `partners\/bad-\d+\.yaml:\d+:\d+` \(changed\) \|/gm)).toHaveLength(24)
  })
})
