/**
 * lead as organisations install it: the packed tarball (a release asset) installed with
 * production dependencies only into an empty folder, then used as a site uses it — `lead init`
 * pins it, the site installs it with `npm ci` from the lock file lead wrote (offline, from the
 * npm cache), and the installed lead validates, writes, prints a form and refuses to prompt
 * without a terminal. LEAD_TEST_NODE runs lead with another Node binary (.ci/run's smoke suite
 * on every supported LTS); npm always runs on the Node running the tests.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupTemp, EXAMPLE_SITE, git, REPO_ROOT, tempDir, testEnv} from '../support/cli.js'
import {npm, packLead} from '../support/install.js'

const NODE = process.env.LEAD_TEST_NODE ?? process.execPath

let tarball: string
let installed: string
let env: NodeJS.ProcessEnv

function lead(bin: string, args: string[], cwd: string) {
  const r = spawnSync(NODE, [bin, ...args], {cwd, env, encoding: 'utf8', input: '', timeout: 120_000})
  return {code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr}
}

beforeAll(() => {
  env = testEnv()
  tarball = packLead(tempDir('lead-pack-'))
  const consumer = tempDir('lead-consumer-')
  fs.writeFileSync(path.join(consumer, 'package.json'), '{"name": "consumer", "private": true}\n')
  npm(['install', '--omit=dev', tarball], consumer, env)
  installed = path.join(consumer, 'node_modules', 'lead-cli')
}, 600_000)

afterAll(cleanupTemp, 600_000)

describe('lead from its packed tarball', () => {
  it('holds the built commands and the manifest, and no sources or tests', () => {
    // the guides lead --help points to ship with it, the screenshots do not
    for (const f of ['bin/run.js', 'oclif.manifest.json', 'dist/commands/validate.js', 'schemas/referral.schema.json', 'docs/guides/first-site.md', 'docs/glossary.md', 'docs/reference/commands.md']) expect(fs.existsSync(path.join(installed, f)), f).toBe(true)
    for (const f of ['src', 'test', 'tsconfig.json', 'docs/forms']) expect(fs.existsSync(path.join(installed, f)), f).toBe(false)
    // the yaml library as one file (scripts/bundle-yaml.mjs), with the notice its ISC licence asks every copy to carry
    const bundle = fs.readFileSync(path.join(installed, 'dist/core/records/yaml-bundle.cjs'), 'utf8')
    expect(bundle.slice(0, 2000)).toMatch(/^\/\/ yaml \d+\.\d+\.\d+ [^\n]*\n\/\/ Copyright Eemeli Aro[\s\S]*this permission notice appear in all copies/)
    // production dependencies only
    expect(fs.existsSync(path.join(installed, '..', 'typescript'))).toBe(false)
    expect(fs.existsSync(path.join(installed, '..', 'vitest'))).toBe(false)
  })

  it('validates the example site', () => {
    const site = tempDir('lead-ex-')
    fs.cpSync(EXAMPLE_SITE, site, {recursive: true})
    const r = lead(path.join(installed, 'bin/run.js'), ['validate', '--json'], site)
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).records.referral).toBeGreaterThanOrEqual(40)
  })

  it('pins itself in a new site, which installs it offline with npm ci and runs it', () => {
    const site = path.join(tempDir('lead-site-'), 'harbor')
    const init = lead(path.join(installed, 'bin/run.js'), ['init', site, '--example', '--json'], REPO_ROOT)
    expect(init.code, init.stderr).toBe(0)
    const out = JSON.parse(init.stdout)
    expect(out.leadSource).toMatchObject({kind: 'file', spec: `file:${tarball}`})
    expect(out.lockFile).toBe(true)
    const pkg = JSON.parse(fs.readFileSync(path.join(site, 'package.json'), 'utf8'))
    expect(pkg).toMatchObject({private: true, devDependencies: {'lead-cli': `file:${tarball}`}})
    expect(git(site, ['status', '--porcelain'], env)).toBe('')

    npm(['ci', '--offline'], site, env)
    const bin = path.join(site, 'node_modules', 'lead-cli', 'bin', 'run.js')
    const nodeVersion = spawnSync(NODE, ['-p', 'process.versions.node'], {encoding: 'utf8'}).stdout.trim()
    expect(lead(bin, ['--version'], site).stdout).toMatch(new RegExp(`^lead-cli/0\\.1\\.0 .* node-v${nodeVersion.replace(/\./g, '\\.')}`))
    // validate
    const v = lead(bin, ['validate'], site)
    expect(v.code, v.stderr + v.stdout).toBe(0)
    // a write, committed
    const set = lead(bin, ['set', 'partner', 'harbor-pd', 'phone=+1-360-555-0199'], site)
    expect(set.code, set.stderr).toBe(0)
    expect(git(site, ['log', '-1', '--format=%s'], env)).toMatch(/partner/)
    // a form (PDF)
    const pdf = path.join(tempDir('lead-form-'), 'card.pdf')
    const form = lead(bin, ['form', 'pocket-card', '--out', pdf], site)
    expect(form.code, form.stderr).toBe(0)
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-')
    // a prompt without a terminal: a clear usage error, never a hang
    const edit = lead(bin, ['edit', 'partner', 'harbor-pd'], site)
    expect(edit.code).toBe(2)
    expect(edit.stderr).toMatch(/NO_TERMINAL/)
  }, 600_000)

  it('says in one line, with exit 4, when the installation is incomplete', () => {
    const copy = path.join(tempDir('lead-broken-'), 'lead-cli')
    fs.cpSync(installed, copy, {recursive: true})
    fs.rmSync(path.join(copy, 'dist'), {recursive: true})
    const r = lead(path.join(copy, 'bin/run.js'), ['validate'], REPO_ROOT)
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/^error INCOMPLETE_INSTALL .*dist\/commands.* is missing/)
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/) // no stack trace
    expect(r.stderr.trim().split('\n')).toHaveLength(2)
    expect(r.stderr).toMatch(/hint: reinstall lead/)

    // dependencies missing: the copy sits in a folder with no node_modules
    fs.cpSync(path.join(installed, 'dist'), path.join(copy, 'dist'), {recursive: true})
    const deps = lead(path.join(copy, 'bin/run.js'), ['validate', '--json'], REPO_ROOT)
    expect(deps.code).toBe(4)
    expect(JSON.parse(deps.stdout).error.code).toBe('INCOMPLETE_INSTALL')
    expect(deps.stderr).toMatch(/dependencies are not installed/)
  })
})
