/**
 * A pull request that changes the gate itself — the workflow GitHub runs on it, the lead CI
 * installs (package.json, package-lock.json, .npmrc), who must approve (CODEOWNERS) — is a
 * GATE_CHANGED error in every check, listed first, until a maintainer accepts it. Each case is a
 * real branch in a real repository.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import {cleanupTemp, editSiteFile, exampleSite, git, readSiteFile, runLead, tempDir, testEnv, writeSiteFile} from '../support/cli.js'
import {expectEveryCheckFails, expectHookRefuses, firstFinding, FORK, pullRequest, repinLead} from '../support/change-checks.js'

const env = testEnv()
afterAll(cleanupTemp)
// Each case runs lead a dozen times against a real repository.
vi.setConfig({testTimeout: 240_000})

const repin = (root: string) => repinLead(root)

describe('a change to the gate', () => {
  it('a branch that pins another lead fails every check, package.json and the lock file first, and says what changed', () => {
    const root = pullRequest(env, repin)
    // The records are untouched: judged by its own lead.yaml the branch is clean.
    expect(runLead(['validate'], {cwd: root, env}).code).toBe(0)
    const expected = {codes: ['GATE_CHANGED'], says: `package.json changed (devDependencies.lead-cli: `}
    expectEveryCheckFails(root, env, expected)
    const doc = runLead(['validate', '--since', 'main', '--json'], {cwd: root, env}).json()
    const gate = doc.diagnostics.filter((d: any) => d.code === 'GATE_CHANGED')
    expect(gate.map((d: any) => d.file)).toEqual(['package-lock.json', 'package.json'])
    expect(gate[0].message).toMatch(/^package-lock\.json changed \(lead-cli 0\.1\.0 → 0\.1\.1\): it pins the lead CI installs/)
    expect(gate[1].message).toContain(`→ ${FORK}`)
    // The annotation points at the changed line.
    expect(readSiteFile(root, 'package.json').split('\n')[gate[1].line - 1]).toContain('"lead-cli"')
    expect(readSiteFile(root, 'package-lock.json').split('\n')[gate[0].line - 1]).toContain('"node_modules/lead-cli"')
    expect(doc.gate).toEqual([
      {file: 'package-lock.json', status: 'changed', role: 'lock', detail: 'lead-cli 0.1.0 → 0.1.1'},
      {file: 'package.json', status: 'changed', role: 'package', detail: expect.stringContaining('devDependencies.lead-cli')},
    ])
    expectHookRefuses(root, env, expected)
  })

  it('a branch that edits the workflow, adds one, or adds an .npmrc fails every check', () => {
    const root = pullRequest(env, (r) => {
      editSiteFile(r, '.github/workflows/lead.yml', '--format markdown --check', '--format markdown')
      writeSiteFile(r, '.github/workflows/other.yml', 'name: other\non: pull_request\njobs: {}\n')
      writeSiteFile(r, '.npmrc', 'registry=https://registry.example.org/\n')
    })
    expectEveryCheckFails(root, env, {codes: ['GATE_CHANGED'], says: '.github/workflows/lead.yml changed: GitHub runs a pull request\'s own copy of a workflow'})
    const doc = runLead(['diff', 'main...pr', '--json'], {cwd: root, env}).json()
    expect(doc.gate.map((g: any) => `${g.status} ${g.role} ${g.file}`)).toEqual(['changed workflow .github/workflows/lead.yml', 'added workflow .github/workflows/other.yml', 'added npmrc .npmrc'])
    const workflow = doc.review.diagnostics.find((d: any) => d.file === '.github/workflows/lead.yml')
    expect(readSiteFile(root, '.github/workflows/lead.yml').split('\n')[workflow.line - 1]).toContain('--format markdown')
    const md = runLead(['diff', 'main...pr', '--format', 'markdown'], {cwd: root, env}).stdout
    expect(md).toContain('this change alters the gate itself')
  })

  it('CODEOWNERS changed or deleted, and the workflow deleted, are gate changes too', () => {
    const root = pullRequest(env, (r) => {
      writeSiteFile(r, '.github/CODEOWNERS', '/lead.yaml @someone\n')
      fs.rmSync(path.join(r, '.github/workflows/lead.yml'))
    })
    const r = runLead(['diff', 'main...pr', '--check', '--json'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.json().gate.map((g: any) => `${g.status} ${g.file}`)).toEqual(['changed .github/CODEOWNERS', 'removed .github/workflows/lead.yml'])
    const removed = r.json().review.diagnostics.find((d: any) => d.file === '.github/workflows/lead.yml')
    expect(removed.hint).toMatch(/git checkout [0-9a-f]{7} -- \.github\/workflows\/lead\.yml/)
  })

  it('a maintainer accepts a gate change (--accept, LEAD_ACCEPT as the label sets it): reported, as a warning, first', () => {
    const root = pullRequest(env, repin)
    const accepted = runLead(['diff', 'main...pr', '--check', '--accept', 'GATE_CHANGED'], {cwd: root, env})
    expect(accepted.code, accepted.stdout).toBe(0)
    expect(firstFinding(accepted.stdout)).toMatch(/warning GATE_CHANGED .*\(accepted\)$/)
    // What the workflow's label expression yields: empty entries for labels not set.
    const labelled = runLead(['validate', '--since', 'main', '--format', 'github'], {cwd: root, env: {...env, LEAD_ACCEPT: 'GATE_CHANGED,,'}})
    expect(labelled.code, labelled.stdout).toBe(0)
    expect(labelled.stdout.split('\n')[0]).toMatch(/^::warning file=package-lock\.json,.*title=GATE_CHANGED::/)
    // Accepting the gate change accepts nothing else: a policy loosening in the same branch still fails.
    const both = pullRequest(env, (r) => {
      repin(r)
      editSiteFile(r, 'lead.yaml', 'min_cell: 11', 'min_cell: 1')
    })
    expect(runLead(['validate', '--since', 'main', '--accept', 'GATE_CHANGED'], {cwd: both, env}).code).toBe(1)
  })

  it('cannot be re-graded in lead.yaml, not even by the base', () => {
    const root = exampleSite(env, {warm: true})
    editSiteFile(root, 'lead.yaml', 'schema_version: 1', 'rules: {GATE_CHANGED: "off"}\nschema_version: 1')
    git(root, ['commit', '-q', '-am', 'try to switch the gate off'], env)
    git(root, ['checkout', '-q', '-b', 'pr'], env)
    repin(root)
    git(root, ['commit', '-q', '-am', 'repin'], env)
    const r = runLead(['validate', '--since', 'main', '--json'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.json().diagnostics.filter((d: any) => d.code === 'GATE_CHANGED').map((d: any) => d.severity)).toEqual(['error', 'error'])
  })

  it('what is staged, and files git does not track yet, count in the working tree and the index', () => {
    const root = exampleSite(env, {warm: true})
    writeSiteFile(root, '.github/workflows/new.yml', 'name: new\n')
    // untracked: the working tree (lead diff, validate --since) sees it; the index does not
    expect(runLead(['diff', '--check'], {cwd: root, env}).stdout).toMatch(/\.github\/workflows\/new\.yml:1:1: error GATE_CHANGED .*added/)
    expect(runLead(['validate', '--staged', '--since', 'HEAD'], {cwd: root, env}).code).toBe(0)
    git(root, ['add', '.github/workflows/new.yml'], env)
    const staged = runLead(['validate', '--staged', '--since', 'HEAD', '--json'], {cwd: root, env})
    expect(staged.code).toBe(1)
    expect(staged.json().gate).toEqual([{file: '.github/workflows/new.yml', status: 'added', role: 'workflow', detail: null}])
    // a record-only change is not a gate change
    git(root, ['reset', '-q'], env)
    fs.rmSync(path.join(root, '.github/workflows/new.yml'))
    editSiteFile(root, 'partners/harbor-pd.yaml', /^name: .*$/m, 'name: Harbor Police Department (renamed)')
    const clean = runLead(['validate', '--since', 'HEAD', '--json'], {cwd: root, env})
    expect(clean.code).toBe(0)
    expect(clean.json().gate).toEqual([])
  })

  it('a site in a subfolder: the workflow and CODEOWNERS at the repository top, package.json in the site', () => {
    const repo = tempDir('lead-mono-')
    git(repo, ['init', '-q', '--initial-branch=main'], env)
    fs.cpSync(exampleSite(env), path.join(repo, 'sites', 'harbor'), {recursive: true, filter: (src) => path.basename(src) !== '.git'})
    fs.mkdirSync(path.join(repo, '.github', 'workflows'), {recursive: true})
    fs.copyFileSync(path.join(repo, 'sites/harbor/.github/workflows/lead.yml'), path.join(repo, '.github/workflows/lead.yml'))
    git(repo, ['add', '-A'], env)
    git(repo, ['commit', '-q', '-m', 'monorepo'], env)
    git(repo, ['checkout', '-q', '-b', 'pr'], env)
    const site = path.join(repo, 'sites', 'harbor')
    repin(site)
    fs.appendFileSync(path.join(repo, '.github/workflows/lead.yml'), '# changed\n')
    fs.writeFileSync(path.join(repo, 'package.json'), '{"name": "not-the-site"}\n')
    git(repo, ['add', '-A'], env)
    git(repo, ['commit', '-q', '-m', 'pr'], env)
    const r = runLead(['validate', '--since', 'main', '--json'], {cwd: site, env})
    expect(r.code).toBe(1)
    expect(r.json().gate.map((g: any) => g.file)).toEqual(['../../.github/workflows/lead.yml', 'package-lock.json', 'package.json'])
    // annotations name files from the repository's top
    const github = runLead(['validate', '--since', 'main', '--format', 'github'], {cwd: site, env}).stdout
    expect(github).toMatch(/^::error file=\.github\/workflows\/lead\.yml,line=\d+,col=1,title=GATE_CHANGED::/m)
    expect(github).toMatch(/^::error file=sites\/harbor\/package\.json,/m)
  })
})

describe('git\'s pathspec switches and odd site folders (helper-82)', () => {
  it('a commit made with GIT_LITERAL_PATHSPECS set (as Magit makes them) is refused by the hook for a workflow edit', () => {
    const root = exampleSite(env, {warm: true})
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    fs.appendFileSync(path.join(root, '.github/workflows/lead.yml'), '# changed\n')
    git(root, ['add', '.github/workflows/lead.yml'], env)
    const before = git(root, ['rev-parse', 'HEAD'], env)
    for (const switches of [{GIT_LITERAL_PATHSPECS: '1'}, {GIT_NOGLOB_PATHSPECS: '1'}, {GIT_ICASE_PATHSPECS: '1'}]) {
      const r = spawnSync('git', ['commit', '-m', 'workflow'], {cwd: root, env: {...env, ...switches}, encoding: 'utf8'})
      expect(r.status, JSON.stringify(switches)).not.toBe(0)
      expect(r.stdout + r.stderr).toContain('GATE_CHANGED')
    }
    expect(git(root, ['rev-parse', 'HEAD'], env)).toBe(before)
  })

  it('a site whose folder starts with a colon (git\'s pathspec magic): the hook and validate --since read it', () => {
    const repo = tempDir('lead-colon-')
    git(repo, ['init', '-q', '--initial-branch=main'], env)
    fs.cpSync(exampleSite(env), path.join(repo, ':-h'), {recursive: true, filter: (src) => path.basename(src) !== '.git'})
    git(repo, ['add', '-A'], env)
    git(repo, ['commit', '-q', '-m', 'site'], env)
    const site = path.join(repo, ':-h')
    expect(runLead(['hooks', 'install'], {cwd: site, env}).code).toBe(0)
    fs.appendFileSync(path.join(site, 'partners/harbor-pd.yaml'), '# a note\n')
    git(repo, ['add', '-A'], env)
    const r = spawnSync('git', ['commit', '-m', 'note'], {cwd: site, env, encoding: 'utf8'})
    expect(r.status, r.stdout + r.stderr).toBe(0)
    const since = runLead(['validate', '--since', 'HEAD~1', '--json', '--as-of', '2026-11-27'], {cwd: site, env})
    expect(since.code, since.stderr).toBe(0)
    expect(since.json()).toMatchObject({changed_files: ['partners/harbor-pd.yaml']})
  })
})

describe('the pre-commit hook', () => {
  it('refuses a local commit of a new pin, and lets a maintainer commit it alone with LEAD_ACCEPT', () => {
    const root = exampleSite(env, {warm: true})
    expect(runLead(['hooks', 'install'], {cwd: root, env}).code).toBe(0)
    repin(root)
    git(root, ['add', 'package.json', 'package-lock.json'], env)
    const refused = spawnSync('git', ['commit', '-m', 'update lead'], {cwd: root, env, encoding: 'utf8'})
    expect(refused.status).not.toBe(0)
    expect(refused.stdout + refused.stderr).toContain('GATE_CHANGED')
    const ok = spawnSync('git', ['commit', '-m', 'update lead'], {cwd: root, env: {...env, LEAD_ACCEPT: 'GATE_CHANGED'}, encoding: 'utf8'})
    expect(ok.status, ok.stdout + ok.stderr).toBe(0)
  })
})
