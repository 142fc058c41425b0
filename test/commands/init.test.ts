import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, git, runLead, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

describe('lead init', () => {
  it('creates the site layout as a git repository with one commit', () => {
    const env = testEnv()
    const dir = path.join(tempDir(), 'harbor')
    const r = runLead(['init', dir, '--name', 'Harbor LEAD', '--jurisdiction', 'Harbor County, WA', '--timezone', 'America/Los_Angeles'], {env})
    expect(r.code, r.stderr).toBe(0)
    for (const f of ['lead.yaml', '.gitignore', '.vscode/settings.json', '.github/workflows/lead.yml', '.github/CODEOWNERS', '.lead/schemas/referral.schema.json', '.lead/schemas/lead.schema.json', 'partners/.gitkeep', 'referrals/.gitkeep']) {
      expect(fs.existsSync(path.join(dir, f)), f).toBe(true)
    }
    expect(git(dir, ['log', '--format=%s'], env).trim()).toBe('lead: create site Harbor LEAD')
    expect(git(dir, ['status', '--porcelain'], env)).toBe('')
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toContain('.lead/lock')
    const vscode = JSON.parse(fs.readFileSync(path.join(dir, '.vscode/settings.json'), 'utf8'))
    expect(vscode['yaml.schemas']['./.lead/schemas/referral.schema.json']).toEqual(['referrals/*/*.yaml'])
    expect(fs.readFileSync(path.join(dir, '.github/workflows/lead.yml'), 'utf8')).toContain('"$LEAD_BIN" validate --format github')
    const v = runLead(['validate', '--json'], {cwd: dir, env})
    expect(v.code, v.stdout).toBe(0)
    expect(v.json().ok).toBe(true)
  })

  it('fills the site from the example with --example and reports JSON', () => {
    const env = testEnv()
    const dir = path.join(tempDir(), 'demo')
    const r = runLead(['init', dir, '--example', '--json'], {env})
    expect(r.code, r.stderr).toBe(0)
    const out = r.json()
    expect(out.ok).toBe(true)
    expect(out.example).toBe(true)
    expect(out.files).toContain('protocols/2026-v2.yaml')
    const v = runLead(['validate', '--json', '-C', dir], {env})
    expect(v.json().records.referral).toBeGreaterThanOrEqual(40)
  })

  it('refuses an existing site with exit 3 and writes nothing', () => {
    const env = testEnv()
    const dir = path.join(tempDir(), 'site')
    expect(runLead(['init', dir], {env}).code).toBe(0)
    const before = fs.readFileSync(path.join(dir, 'lead.yaml'), 'utf8')
    const r = runLead(['init', dir, '--example'], {env})
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/SITE_EXISTS/)
    expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2)
    expect(fs.readFileSync(path.join(dir, 'lead.yaml'), 'utf8')).toBe(before)
    expect(git(dir, ['log', '--oneline'], env).trim().split('\n')).toHaveLength(1)
  })

  it('refuses a non-empty folder that is not a site, leaving it untouched', () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine')
    const r = runLead(['init', dir])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/NOT_EMPTY/)
    expect(fs.readdirSync(dir)).toEqual(['notes.txt'])
  })

  it('accepts an empty clone that holds only .git', () => {
    const env = testEnv()
    const dir = tempDir()
    git(dir, ['init', '-q'], env)
    const r = runLead(['init', dir, '--timezone', 'UTC'], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(git(dir, ['log', '--format=%s'], env)).toMatch(/create site/)
  })

  it('rejects an unknown time zone as a usage error', () => {
    const dir = path.join(tempDir(), 'x')
    const r = runLead(['init', dir, '--timezone', 'Mars/Olympus'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/BAD_TIMEZONE/)
    expect(fs.existsSync(dir)).toBe(false)
  })

  it('says exactly how to commit by hand when git has no identity (exit 4), leaving the files', () => {
    const env = testEnv({GIT_AUTHOR_NAME: undefined, GIT_AUTHOR_EMAIL: undefined, GIT_COMMITTER_NAME: undefined, GIT_COMMITTER_EMAIL: undefined, EMAIL: undefined})
    fs.writeFileSync(env.GIT_CONFIG_GLOBAL!, '[user]\n\tuseConfigOnly = true\n')
    const dir = path.join(tempDir(), 'noid')
    const r = runLead(['init', dir], {env})
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/GIT_IDENTITY/)
    expect(r.stderr).toMatch(/git config --global user.name/)
    expect(fs.existsSync(path.join(dir, 'lead.yaml'))).toBe(true)
  })
})

describe('lead init: the districts and catchments referrals may name', () => {
  it('declares them in lead.yaml from --district and --catchment; a referral naming another is an error', () => {
    const env = testEnv()
    const dir = path.join(tempDir(), 'site')
    const r = runLead(['init', dir, '--timezone', 'America/Chicago', '--district', 'D1', '--district', "O'Hare", '--district', 'D1', '--catchment', 'downtown'], {env})
    expect(r.code, r.stderr).toBe(0)
    const config = fs.readFileSync(path.join(dir, 'lead.yaml'), 'utf8')
    expect(config).toMatch(/districts:\n\s+- D1\n\s+- O'Hare\n\s+catchments:\n\s+- downtown\n/)
    expect(config).toMatch(/allow_terms: \[\]/)
    expect(runLead(['validate'], {cwd: dir, env}).code).toBe(0)
    expect(runLead(['init', path.join(tempDir(), 's'), '--district', 'D1; rm -rf'], {env}).code).toBe(2)
    expect(runLead(['init', path.join(tempDir(), 's'), '--catchment', 'Down Town'], {env}).code).toBe(2)
  })
})

describe('lead init defaults', () => {
  it('a site made without --jurisdiction or --name is valid', () => {
    const env = testEnv()
    const dir = path.join(tempDir(), 'river-city-lead')
    expect(runLead(['init', dir, '--timezone', 'America/Chicago'], {env}).code).toBe(0)
    expect(fs.readFileSync(path.join(dir, 'lead.yaml'), 'utf8')).toMatch(/name: River City Lead\n/)
    const v = runLead(['validate'], {cwd: dir, env})
    expect(v.code, v.stdout).toBe(0)
  })
})
