import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv()
const read = (root: string) => fs.readFileSync(path.join(root, 'lead.yaml'), 'utf8')
const head = (root: string) => git(root, ['rev-parse', 'HEAD'], env).trim()

describe('lead config', () => {
  const root = exampleSite(env, {warm: true})
  // A comment a project manager wrote: it must survive every change.
  fs.writeFileSync(path.join(root, 'lead.yaml'), read(root).replace(/^referral_phone:/m, '# Agreed at the PCG meeting of 2026-01-14.\nreferral_phone:'))
  git(root, ['commit', '-qam', 'comment'], env)

  it('list prints every setting, policy ones marked; --json is lead.yaml as data', () => {
    const r = runLead(['config', 'list'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^site\.timezone\s+America\/Los_Angeles\s+\(policy\)$/m)
    expect(r.stdout).toMatch(/^site\.name\s+Harbor County LEAD$/m)
    expect(r.stdout).toMatch(/^courses\[1\]\.valid_months\s+12\s+\(policy\)$/m)
    expect(r.stdout).toMatch(/^privacy\.min_cell\s+11\s+\(policy\)$/m)
    const j = runLead(['config', 'list', '--json'], {cwd: root, env})
    expect(j.json()).toEqual(parse(read(root)))
  })

  it('get prints one value (YAML for lists), exit 1 when not set, exit 2 with did-you-mean for a key lead.yaml cannot hold', () => {
    expect(runLead(['config', 'get', 'site.timezone'], {cwd: root, env}).stdout).toBe('America/Los_Angeles\n')
    expect(runLead(['config', 'get', 'courses[0].valid_months', '--json'], {cwd: root, env}).json()).toEqual({ok: true, key: 'courses[0].valid_months', value: 24})
    expect(parse(runLead(['config', 'get', 'courses'], {cwd: root, env}).stdout)[1].id).toBe('roll-call')
    const unset = runLead(['config', 'get', 'rules.MOU_EXPIRING'], {cwd: root, env})
    expect(unset.code).toBe(1)
    expect(unset.stderr).toContain('error NOT_SET rules.MOU_EXPIRING is not set in lead.yaml')
    // The hint's command pastes safely: a list index is quoted away from the shell's globbing.
    expect(runLead(['config', 'get', 'courses[5].name'], {cwd: root, env}).stderr).toContain("hint: set it with `lead config set 'courses[5].name=VALUE'`")
    const typo = runLead(['config', 'get', 'site.timzone'], {cwd: root, env})
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('(did you mean "timezone"?)')
  })

  it('set normalises a phone number, rewrites only that line, keeps comments, and commits lead.yaml alone', () => {
    const before = read(root)
    const r = runLead(['config', 'set', 'referral_phone=(360) 555-0199'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/changed lead\.yaml — committed [0-9a-f]{7} "config: set referral_phone"/)
    const after = read(root)
    expect(after).toContain('# Agreed at the PCG meeting of 2026-01-14.\nreferral_phone: "+1-360-555-0199"')
    expect(after.split('\n').filter((l, i) => l !== before.split('\n')[i])).toEqual(['referral_phone: "+1-360-555-0199"'])
    expect(git(root, ['show', '--name-only', '--format=%s', 'HEAD'], env).trim().split('\n')).toEqual(['config: set referral_phone', '', 'lead.yaml'])
    expect(git(root, ['status', '--porcelain'], env)).toBe('')
  })

  it('set takes KEY VALUE too; an unknown time zone is refused with the closest name and nothing changes', () => {
    const before = head(root)
    const bad = runLead(['config', 'set', 'site.timezone', 'America/Los_Angles'], {cwd: root, env})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('unknown time zone "America/Los_Angles" (did you mean "America/Los_Angeles"?)')
    expect(head(root)).toBe(before)
    const ok = runLead(['config', 'set', 'site.timezone', 'America/Vancouver', '--json'], {cwd: root, env})
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.json()).toMatchObject({ok: true, file: 'lead.yaml', committed: true, changed: ['site.timezone'], policy: [{setting: 'site.timezone', direction: 'changed'}]})
    expect(parse(read(root)).site.timezone).toBe('America/Vancouver')
  })

  it('a policy setting says it is a policy change reviewers will see, loosened or tightened', () => {
    const tighter = runLead(['config', 'set', 'privacy.min_cell=20'], {cwd: root, env})
    expect(tighter.code, tighter.stderr).toBe(0)
    expect(tighter.stderr).toContain('policy change (tightened): privacy.min_cell 11 → 20. Reviewers will see it in the pull request as a POLICY_CHANGED warning.')
    const looser = runLead(['config', 'set', 'privacy.min_cell=5'], {cwd: root, env})
    expect(looser.stderr).toContain('policy change: privacy.min_cell 20 → 5. CI judges a branch by the policy of the branch it merges into')
    expect(looser.stderr).toContain('POLICY_CHANGED, an error until a maintainer accepts it')
    const j = runLead(['config', 'set', 'rules.MOU_EXPIRING=off', '--json'], {cwd: root, env}).json()
    expect(j.policy).toEqual([{setting: 'rules.MOU_EXPIRING', direction: 'loosened', text: expect.stringContaining('rules.MOU_EXPIRING')}])
    expect(runLead(['config', 'set', 'site.name=Harbor County LEAD', '--json'], {cwd: root, env}).json()).toMatchObject({committed: false, policy: []})
    const name = runLead(['config', 'set', 'site.name=Harbor County LEAD Program'], {cwd: root, env})
    expect(name.code).toBe(0)
    expect(name.stderr).not.toContain('policy change')
  })

  it('refuses a change that would break records (courses still used), leaving lead.yaml and history as they were', () => {
    const before = read(root)
    const sha = head(root)
    const r = runLead(['config', 'set', '--unset', 'courses[1]'], {cwd: root, env})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('error INVALID_CHANGE')
    expect(r.stderr).toContain('UNKNOWN_COURSE unknown course "roll-call"')
    expect(read(root)).toBe(before)
    expect(head(root)).toBe(sha)
  })

  it('refuses to commit over uncommitted edits of lead.yaml (exit 3)', () => {
    const edited = read(root).replace('Harbor County, WA', 'Harbor County, Washington')
    fs.writeFileSync(path.join(root, 'lead.yaml'), edited)
    const r = runLead(['config', 'set', 'referral_phone=+1-360-555-0100'], {cwd: root, env})
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('UNCOMMITTED_CHANGES')
    expect(read(root)).toBe(edited)
    git(root, ['checkout', 'lead.yaml'], env)
  })

  it('refuses to change a lead.yaml that is not valid YAML, at its file:line:column (exit 2), pointing to an editor', () => {
    const good = read(root)
    const broken = good.replace(/^privacy:$/m, 'privacy: [')
    expect(broken).not.toBe(good)
    fs.writeFileSync(path.join(root, 'lead.yaml'), broken)
    git(root, ['commit', '-qam', 'broken by hand'], env)
    const before = head(root)
    for (const args of [['config', 'set', 'referral_phone=+1-360-555-0100'], ['set', 'lead.yaml', 'referral_phone=+1-360-555-0100']]) {
      const r = runLead(args, {cwd: root, env})
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr).toMatch(/^lead\.yaml:\d+:\d+: error YAML_SYNTAX the file cannot be edited field by field: /)
      expect(r.stderr).toContain('any editor')
      expect(r.stderr).not.toContain('lead edit')
    }
    expect(read(root)).toBe(broken)
    expect(head(root)).toBe(before)
    fs.writeFileSync(path.join(root, 'lead.yaml'), good)
    git(root, ['commit', '-qam', 'mended'], env)
  })

  it('lead set lead.yaml KEY=VALUE is the same change; lead show lead.yaml points to lead config', () => {
    const r = runLead(['set', 'lead.yaml', 'site.jurisdiction=Harbor County, Washington'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('"config: set site.jurisdiction"')
    expect(parse(read(root)).site.jurisdiction).toBe('Harbor County, Washington')
    const show = runLead(['show', 'lead.yaml'], {cwd: root, env})
    expect(show.code).toBe(2)
    expect(show.stderr).toContain('lead config get|set|list')
  })
})

describe('lead config set rules', () => {
  const root = exampleSite(env, {warm: true})
  it('refuses a code lead does not have (with the closest), a fixed check, and hiding privacy findings', () => {
    const before = head(root)
    const typo = runLead(['config', 'set', 'rules.MOU_EXPIRNG=off'], {cwd: root, env})
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('"MOU_EXPIRNG" is not a lead check (did you mean "MOU_EXPIRING"?)')
    expect(runLead(['config', 'set', 'rules.YAML_SYNTAX=warning'], {cwd: root, env}).code).toBe(2)
    expect(runLead(['config', 'set', 'rules.PII_NAME=off'], {cwd: root, env}).stderr).toContain('never turned off')
    expect(head(root)).toBe(before)
  })
})
