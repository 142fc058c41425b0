/**
 * Lines a newcomer types that name a command in other words, and words after a command that takes
 * none: the suggestion is a command that does what was meant, never the line that failed again.
 */
import {afterAll, describe, expect, it} from 'vitest'
import {cleanupTemp, runLead, tempDir} from '../support/cli.js'

afterAll(cleanupTemp)

describe('words after a command that takes no arguments', () => {
  it('is a usage error of that command, not a mistyped command suggesting the same line', () => {
    for (const line of [['status', 'Jane', 'Doe'], ['training', 'due', 'Jane'], ['config', 'list', 'Jane'], ['--json', 'status', 'Jane']]) {
      const r = runLead(line)
      const command = line.filter((w) => w !== '--json' && w !== 'Jane' && w !== 'Doe').join(' ')
      expect(r.code, line.join(' ')).toBe(2)
      expect(r.stdout + r.stderr).not.toContain('Jane')
      expect(r.stderr).not.toContain('UNKNOWN_COMMAND')
      expect(r.stderr).not.toContain('did you mean')
      expect(r.stderr).toMatch(/^error USAGE [^\n]*unexpected argument[^\n]*\n  hint: [^\n]*\n$/)
      expect(r.stderr).toContain(`\`lead ${command} --help\``)
      if (line.includes('--json')) expect(r.json().error).toMatchObject({code: 'USAGE'})
    }
  })
})

describe('a command named in other words', () => {
  it('lead import roster FILE is lead training import-roster FILE', () => {
    const r = runLead(['import', 'roster', 'roster.csv', '--agency', 'harbor-pd'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('did you mean "lead training import-roster …"?')
    expect(r.stderr).toContain('run `lead training import-roster … --agency …`')
  })

  it('lead config show is lead config list; lead config edit KEY=VALUE is lead config set', () => {
    expect(runLead(['config', 'show']).stderr).toContain('run `lead config list`')
    expect(runLead(['config', 'edit', 'referral_phone=1']).stderr).toContain('run `lead config set …`')
  })
})

describe('a time zone abbreviation', () => {
  it('lead init --timezone BST is refused (ICU reads it as Asia/Dhaka), exit 2', () => {
    const dir = tempDir()
    const r = runLead(['init', dir + '/site', '--name', 'Site', '--timezone', 'BST'], {cwd: dir})
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toMatch(/^error BAD_TIMEZONE [^\n]*"BST"[^\n]*abbreviation/)
  })
})
