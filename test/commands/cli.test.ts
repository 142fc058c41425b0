import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, runLead, tempDir, testEnv} from '../support/cli.js'

afterAll(cleanupTemp)

describe('the lead binary', () => {
  it('prints help listing the commands', () => {
    const r = runLead(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/validate\s+Check every record/)
    expect(r.stdout).toMatch(/init/)
  })

  it('prints its version', () => {
    const r = runLead(['--version'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^lead-cli\/\d+\.\d+\.\d+/)
  })

  it('suggests the right command for a typo without prompting', () => {
    const r = runLead(['valdate'])
    expect(r.code).not.toBe(0)
    expect(r.stderr + r.stdout).toMatch(/validate/)
  })

  it('a typo in the command word keeps its arguments in the suggestion', () => {
    expect(runLead(['lsit', 'referral']).stderr).toMatch(/did you mean "lead list referral"/)
    expect(runLead(['trainng', 'coverage']).stderr).toMatch(/did you mean "lead training coverage"/)
  })

  it('reports an unknown flag as a usage error on one line (exit 2)', () => {
    const r = runLead(['validate', '--frobnicate'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^error USAGE .*frobnicate/m)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('a missing argument is named with what it takes, without oclif\'s paragraph unless flags came first', () => {
    const bare = runLead(['new'])
    expect(bare.code).toBe(2)
    expect(bare.stderr).toMatch(/^error USAGE missing KIND \(The kind of record: partner, protocol, mou, roster, training, referral, consent\)\n  hint: /)
    expect(bare.stderr).not.toContain('Note:')
    const flagged = runLead(['list', '--where', 'status=enrolled', 'referral'])
    expect(flagged.code).toBe(2)
    expect(flagged.stderr).toContain('missing KIND (The kind of record')
    expect(flagged.stderr).toContain('put it before flags that take several values (--set, --where), or after --')
    expect(flagged.stderr.trim().split('\n')).toHaveLength(2)
  })

  it('outside a site: exit 3 with NOT_A_SITE and a hint, and JSON under --json', () => {
    const cwd = tempDir()
    const r = runLead(['validate'], {cwd})
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/error NOT_A_SITE/)
    expect(r.stderr).toMatch(/hint: .*lead init/)
    const j = runLead(['validate', '--json'], {cwd})
    expect(j.code).toBe(3)
    expect(j.json()).toMatchObject({ok: false, error: {code: 'NOT_A_SITE'}})
  })

  it('a --dir that does not exist is NOT_A_SITE', () => {
    const r = runLead(['validate', '-C', '/nonexistent/site'])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/NOT_A_SITE/)
  })

  it('every command has help with examples', () => {
    const r = runLead(['validate', '--help'])
    expect(r.stdout).toMatch(/EXAMPLES/)
    for (const cmd of [['init'], ['demo'], ['schema', 'list'], ['schema', 'show'], ['schema', 'export']]) {
      const h = runLead([...cmd, '--help'])
      expect(h.code, cmd.join(' ')).toBe(0)
      expect(h.stdout, cmd.join(' ')).toMatch(/EXAMPLES/)
    }
  })

  it('prints a bash completion script from the autocomplete plugin', () => {
    const r = runLead(['autocomplete', 'script', 'bash'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/LEAD_AC_BASH_SETUP_PATH/)
  })

  it('uses no colour when NO_COLOR is set, even when forced', () => {
    const r = runLead(['validate', '-C', tempDir()], {env: testEnv({FORCE_COLOR: '1', NO_COLOR: '1'})})
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).not.toMatch(/\u001B\[/)
  })
})
