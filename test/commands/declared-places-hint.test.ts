/**
 * A protocol naming districts or catchments lead.yaml does not declare (a new site following the
 * first-site guide) is warned about with the one command that declares them all, runnable as
 * printed; a referral's undeclared place may be anything typed, so its hint names no value.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {BIN, cleanupTemp, exampleSite, git, runLead, testEnv} from '../support/cli.js'

const env = testEnv()
afterAll(cleanupTemp)

describe('undeclared districts and catchments', () => {
  it('a protocol\'s warnings give one command that declares them all; pasted, it leaves none', () => {
    const site = exampleSite(env)
    const config = path.join(site, 'lead.yaml')
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/^ {2}districts: .*$/m, '  districts: [D1, D2, D4, D5, "N", S]').replace(/^ {2}catchments: .*$/m, '  catchments: [downtown, north-county]'))
    git(site, ['commit', '-q', '--no-verify', '-am', 'fewer places'], env)
    const r = runLead(['validate'], {cwd: site, env})
    const warned = r.stdout.match(/warning (DISTRICT|CATCHMENT)_NOT_DECLARED/g) ?? []
    expect(warned.length).toBeGreaterThanOrEqual(2)
    const commands = [...new Set([...r.stdout.matchAll(/`(lead config set [^`]+)`/g)].map((m) => m[1]!))]
    expect(commands).toEqual([`lead config set 'privacy.catchments=["downtown", "north-county", "waterfront"]'`, `lead config set 'privacy.districts=["D1", "D2", "D4", "D5", "N", "S", "D3"]'`])
    for (const command of commands) {
      const ran = spawnSync('bash', ['-c', command.replace(/^lead /, `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} `)], {cwd: site, env, encoding: 'utf8'})
      expect(ran.status, ran.stderr).toBe(0)
    }
    const after = runLead(['validate'], {cwd: site, env})
    expect(after.stdout).not.toMatch(/NOT_DECLARED/)
    expect(after.code).toBe(0)
  })

  it('a referral\'s undeclared district is an error whose hint names no value and no command holding one', () => {
    const site = exampleSite(env)
    const file = git(site, ['ls-files', 'referrals'], env).split('\n')[0]!
    const abs = path.join(site, file)
    fs.writeFileSync(abs, fs.readFileSync(abs, 'utf8').replace(/^district: .*$/m, 'district: 412 Pine Street'))
    const r = runLead(['validate'], {cwd: site, env})
    expect(r.stdout).toContain('error DISTRICT_NOT_DECLARED')
    expect(r.stdout).not.toContain('Pine')
    expect(r.stdout).not.toMatch(/`lead config set [^`]*412/)
  })

  it('no command when lead.yaml\'s own list holds what a command would drop (a number the schema refuses)', () => {
    const site = exampleSite(env)
    const config = path.join(site, 'lead.yaml')
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/^ {2}districts: .*$/m, '  districts: [D1, D2, 7, D4, D5, "N", S]'))
    git(site, ['commit', '-q', '--no-verify', '-am', 'a number among the districts'], env)
    const r = runLead(['validate'], {cwd: site, env})
    expect(r.stdout).toContain('warning DISTRICT_NOT_DECLARED district "D3"')
    expect(r.stdout).not.toContain('lead config set \'privacy.districts')
    expect(r.stdout).toContain('correct the district, or declare it there')
  })
})

