/**
 * `lead list`'s default columns print a referral's, consent's or meeting's value only when it is
 * a code, a date or a value the site declared (privacy/listed-cells.ts): a name typed into
 * `status` or `participant` is a cell `‹not shown›`, on the early path and through oclif alike.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, editSiteFile, exampleSite, runLead, testEnv, writeSiteFile} from '../support/cli.js'

afterAll(cleanupTemp)

const env = testEnv({NO_COLOR: '1'})
const REFERRAL = 'referrals/2026/r-2026-11-03-k3f9q2.yaml'
const SECRETS = ['Maria', 'Lopez', 'Jane', 'Okafor', '1984', 'Smith', '555']

describe('lead list: default columns of participant kinds', () => {
  const root = exampleSite(env, {warm: true})
  editSiteFile(root, REFERRAL, 'status: enrolled', 'status: Maria Lopez')
  editSiteFile(root, REFERRAL, 'participant: P-7K2D9Q', 'participant: Jane Okafor 1984-03-02')
  editSiteFile(root, REFERRAL, 'agency: harbor-pd', 'agency: Officer Tom Smith 555-0134')
  // A referral copied into partners/ as a template: listed as the referral it is.
  const copy = fs.readFileSync(path.join(root, REFERRAL), 'utf8').replace(/^id: .*$/m, 'id: r-2026-11-03-k3f9q3') + 'name: Jane Okafor\n'
  writeSiteFile(root, 'partners/intake-template.yaml', copy)

  for (const args of [['--limit', '200'], [], ['--sort', '-received']]) {
    it(`conceals values that fail their field (${args.join(' ') || 'no flags'}), prints the rest`, () => {
      const r = runLead(['list', 'referral', ...args], {cwd: root, env})
      expect(r.code, r.stderr).toBe(0)
      for (const secret of SECRETS) expect(r.stdout + r.stderr).not.toContain(secret)
      const row = r.stdout.split('\n').find((l) => l.startsWith('r-2026-11-03-k3f9q2'))!
      expect(row).toBeDefined()
      // status, participant and referrer.agency concealed; pathway and received printed.
      expect(row.match(/‹not shown›/g)).toHaveLength(3)
      expect(row).toContain('arrest_diversion')
      expect(row).toContain('2026-11-03T')
      expect(r.stdout).toContain('harbor-pd')
      expect(r.stdout).toMatch(/enrolled|closed|declined/)
      expect(r.stderr).toContain('3 values are ‹not shown›')
      expect(r.stderr).toContain('lead validate')
    })
  }

  it('a referral saved in partners/ is listed as a referral: its partner columns concealed', () => {
    const r = runLead(['list', 'partner'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    for (const secret of SECRETS) expect(r.stdout + r.stderr).not.toContain(secret)
    const row = r.stdout.split('\n').find((l) => l.startsWith('intake-template'))
    // The partners' own columns print as before.
    expect(r.stdout).toContain('Harbor Police Department')
    expect(row ?? r.stdout).toContain('‹not shown›')
  })

  it('--fields shows values as they are (asked for by name); meetings keep their clock times', () => {
    const r = runLead(['list', 'referral', '--fields', 'id,status', '--where', 'id=r-2026-11-03-k3f9q2'], {cwd: root, env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Maria Lopez')
    expect(r.stderr).not.toContain('not shown')
    const m = runLead(['list', 'meeting', '--limit', '3'], {cwd: root, env})
    expect(m.code, m.stderr).toBe(0)
    expect(m.stdout).toMatch(/\b\d\d:\d\d\n/)
    expect(m.stdout).not.toContain('not shown')
  })
})
