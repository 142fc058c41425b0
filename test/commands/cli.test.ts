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

  it('a mistyped command repeats the line by its shape, never a value typed in it; under --json, one document', () => {
    const ID = 'r-2026-11-03-k3f9q2'
    const lines: Array<[string[], string]> = [
      [['sett', ID, 'notes=Jane'], `lead set ${ID} …`],
      [['sett', ID, '--message', 'Jane Doe'], `lead set ${ID} --message …`],
      [['sett', ID, '--message=Jane Doe', '-mJane'], `lead set ${ID} --message=… -m…`],
      [['referal', 'check', ID, '--as-of', 'Jane'], `lead referral check ${ID} --as-of …`],
      [['sett', 'Jane', 'Doe'], 'lead set …'],
      [['add', 'partner', 'Jane', '--set', 'name=Jane'], 'lead new partner … --set …'],
    ]
    for (const [line, shape] of lines) {
      for (const json of [[], ['--json'], ['-C', tempDir(), '--json']]) {
        // --json anywhere: before the command (moved after it), or last.
        const r = runLead(json[0] === '-C' ? [...json, ...line] : [...line, ...json])
        expect(r.code, line.join(' ')).toBe(2)
        expect(r.stdout + r.stderr, line.join(' ')).not.toContain('Jane')
        expect(r.stderr).toMatch(/^error UNKNOWN_COMMAND [^\n]*\n  hint: [^\n]*\n$/)
        expect(r.stderr).toContain(`run \`${shape}`)
        if (json.length === 0) {
          expect(r.stdout).toBe('')
          continue
        }
        const error = r.json().error
        expect(error).toMatchObject({code: 'UNKNOWN_COMMAND', hint: expect.stringContaining(shape)})
        expect(r.stderr).toBe(`error UNKNOWN_COMMAND ${error.message}\n  hint: ${error.hint}\n`)
      }
    }
    // Words that are no lead word nor close to one are not repeated even as the command.
    const name = runLead(['Jane', 'Doe', '--json'])
    expect(name.code).toBe(2)
    expect(name.json().error).toEqual({code: 'UNKNOWN_COMMAND', message: 'the first word is not a lead command', hint: 'run `lead --help` for the list of commands'})
    expect(name.stderr).not.toContain('Jane')
  })

  it('-h or --help before a command is that command\'s help', () => {
    const help = runLead(['status', '--help'])
    expect(help.stdout).toContain("The project manager's one screen")
    for (const line of [['-h', 'status'], ['--help', 'status'], ['--json', '-h', 'status'], ['-C', tempDir(), '-h', 'status']]) {
      const r = runLead(line)
      expect(r.code, line.join(' ')).toBe(0)
      expect(r.stdout, line.join(' ')).toBe(help.stdout)
    }
    const root = runLead(['-h'])
    expect(root.code).toBe(0)
    expect(root.stdout).toMatch(/validate\s+Check every record/)
    // Help for no command is a mistyped command, said by its shape (oclif's "Command sett:Jane not found." was not).
    for (const line of [['-h', 'sett', 'Jane'], ['help', 'sett', 'Jane'], ['--help', 'sett', 'Jane', '--json']]) {
      const r = runLead(line)
      expect(r.code, line.join(' ')).toBe(2)
      expect(r.stdout + r.stderr, line.join(' ')).not.toContain('Jane')
      expect(r.stderr).toBe('error UNKNOWN_COMMAND "sett …" is not a lead command (did you mean "lead set …"?)\n  hint: run `lead set --help`, or `lead --help` for the list of commands\n')
      if (line.includes('--json')) expect(r.json().error).toMatchObject({code: 'UNKNOWN_COMMAND', hint: expect.stringContaining('lead set --help')})
    }
  })

  it('reports an unknown flag as a usage error on one line (exit 2)', () => {
    const r = runLead(['validate', '--frobnicate'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^error USAGE .*frobnicate/m)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('a misspelt flag says which one was meant, on every path, and never echoes a value after =', () => {
    const hint = '  hint: see --help for the arguments and flags this command takes\n'
    for (const extra of [{}, {LEAD_EARLY: 'off'}]) {
      const env = testEnv(extra)
      const status = runLead(['status', '--jsn'], {env})
      expect(status.code).toBe(2)
      expect(status.stderr).toBe(`error USAGE unknown flag --jsn (did you mean "--json"?)\n${hint}`)
      const json = runLead(['status', '--jsn', '--json'], {env})
      expect(json.code).toBe(2)
      expect(json.json().error).toMatchObject({code: 'USAGE', message: 'unknown flag --jsn (did you mean "--json"?)'})
      expect(json.stderr).toBe(status.stderr)
      expect(runLead(['list', 'referral', '--limt', '3'], {env}).stderr).toContain('unknown flag --limt (did you mean "--limit"?)')
      expect(runLead(['status', '-c', 'site'], {env}).stderr).toContain('unknown flag -c (did you mean "-C"?)')
      const set = runLead(['set', 'r-2026-01-08-z66mn9', 'notes=x', '--mesage=Jane Roe', '--no-comit'], {env})
      expect(set.code).toBe(2)
      expect(set.stderr).toBe(`error USAGE unknown flags --mesage (did you mean "--message"?), --no-comit (did you mean "--no-commit"?)\n${hint}`)
      const far = runLead(['set', 'r-2026-01-08-z66mn9', '--nots=Jane', '--json'], {env})
      expect(far.json().error.message).toBe('unknown flag --nots')
      expect(far.stdout + far.stderr).not.toContain('Jane')
      expect(runLead(['validate', '--frobnicate'], {env}).stderr).not.toContain('did you mean')
    }
    // Before the command, where oclif looks for a command named "--jsn".
    const before = runLead(['--jsn', 'status'])
    expect(before.code).toBe(2)
    expect(before.stderr).toMatch(/^error USAGE unknown flag --jsn \(did you mean "--json"\?\)\n  hint: [^\n]*\n$/)
    const leaked = runLead(['--json', '--nots=Jane', 'status'])
    expect(leaked.json().error.message).toBe('unknown flag --nots')
    expect(leaked.stdout + leaked.stderr).not.toContain('Jane')
  })

  it('a missing argument is named with what it takes, without oclif\'s paragraph unless flags came first', () => {
    const bare = runLead(['new'])
    expect(bare.code).toBe(2)
    expect(bare.stderr).toMatch(/^error USAGE missing KIND \(The kind of record: partner, protocol, mou, roster, training, referral, consent, meeting\)\n  hint: /)
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
