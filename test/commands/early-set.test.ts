/**
 * bin/run.js runs `lead set` of a record without oclif (src/cli/early-set.ts). Each line here is
 * run on one of two copies of the same committed site by the early path and, on the other, by
 * oclif (LEAD_EARLY=off); the two must print the same bytes, exit alike, and leave the same files
 * and the same commits (git's dates are fixed, so the same change makes the same commit hash). An
 * error before the write is oclif's to report; from the write on, the early path reports it, once,
 * and the write is never run a second time.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readSetLine} from '../../src/cli/early-set.js'
import {plainLeadError} from '../../src/cli/output.js'
import {ExitCode, LeadError, stateError} from '../../src/core/errors.js'
import {cleanupTemp, exampleSite, git, tempDir} from '../support/cli.js'
import {both, env, FILE, ID, runIn, type Outcome} from '../support/set-twins.js'

afterAll(cleanupTemp)

const commits = (o: Outcome) => o.log.trim().split('\n').length

describe('lead set of a record: the early path does what oclif\'s does', () => {
  it('a plain set, --json, -m, --message=, --no-commit, -u/--unset, nothing to change: early, and the same commits', async () => {
    const before = Number(git(exampleSite(env, {warm: true}), ['rev-list', '--count', 'HEAD'], env))
    const lines: Array<[string[], number]> = [
      [['set', ID, 'notes=Called back; meeting set for Friday.'], 1],
      [['set', ID, 'notes=called back', '--json'], 1],
      [['--json', 'set', ID, 'notes=called back'], 1],
      [['set', ID, 'notes=called back', '-m', 'notes after the call'], 1],
      [['set', ID, '--message=notes: after the call', 'notes=called back', '--commit'], 1],
      [['set', ID, 'notes=called back', '--no-commit'], 0],
      [['set', ID, '--unset', 'notes'], 1],
      [['set', ID, '-u', 'notes', '--json'], 1],
      [['set', ID, 'handoff.method=phone', '--unset=notes'], 1],
      [['set', 'referral', ID, 'handoff.method=phone', '-C', '.'], 1],
      [['set', FILE, 'handoff.method=phone'], 1],
      // oclif gives the words after --unset to it: the second is one more field to unset.
      [['set', ID, '--unset', 'notes', 'handoff.case_manager'], 1],
      [['set', ID, 'handoff.method=scheduled'], 0],
    ]
    for (const [args, made] of lines) {
      const early = await both(args)
      expect(early.path, args.join(' ')).toBe('early')
      expect(early.code, `${args.join(' ')}: ${early.stderr}`).toBe(0)
      expect(commits(early) - before, args.join(' ')).toBe(made)
    }
  })

  it('refusals made by the write (an invalid change, uncommitted changes): the same error, exit status and untouched site', async () => {
    for (const json of [[], ['--json']]) {
      // The referral is enrolled: without its quantity the change would leave an error.
      const invalid = await both(['set', 'r-2026-01-08-z66mn9', 'notes=x', '--unset', 'quantity', ...json])
      expect([invalid.path, invalid.code]).toEqual(['early', 1])
      expect(invalid.stdout + invalid.stderr).toContain('INVALID_CHANGE')
      expect(invalid.status).toBe('')
      const dirty = await both(['set', ID, 'notes=x', ...json], (site) => fs.appendFileSync(path.join(site, FILE), '# a hand edit\n'))
      expect([dirty.path, dirty.code]).toEqual(['early', 3])
      expect(dirty.stdout + dirty.stderr).toContain('UNCOMMITTED_CHANGES')
      expect(dirty.file).toMatch(/# a hand edit\n$/)
    }
  })

  it('errors before the write (unknown record, bad field, nothing to set) and `set lead.yaml`: oclif runs the line', async () => {
    const lines: Array<[string[], number, RegExp]> = [
      [['set', 'r-2026-01-01-zzzzzz', 'notes=x'], 2, /error \S+ .*r-2026-01-01-zzzzzz/],
      [['set', ID, 'no_such_field=1'], 2, /error UNKNOWN_FIELD/],
      // The words after --unset are fields to unset, this one no field path.
      [['set', ID, '--unset=notes', 'handoff.method=phone'], 2, /error/],
      [['set', ID, 'notes'], 2, /error/],
      [['set', ID], 2, /error NOTHING_TO_SET/],
      [['set', ID, '--json'], 2, /NOTHING_TO_SET/],
      [['set', 'lead.yaml', 'referral_phone=+1-360-555-0100'], 0, /lead\.yaml/],
      [['set', ID, 'notes=x', '-m', 'a', '--message', 'b'], 2, /error USAGE/],
      [['set', ID, 'notes=x', '--nope'], 2, /error/],
      [['set', ID, '-unotes'], 0, /committed/],
    ]
    for (const [args, code, said] of lines) {
      const early = await both(args)
      expect(early.path, args.join(' ')).toBe('oclif')
      expect(early.code, `${args.join(' ')}: ${early.stderr}`).toBe(code)
      expect(early.stdout + early.stderr, args.join(' ')).toMatch(said)
    }
  })

  it('a commit that fails after the files are written (a pre-commit hook refuses): reported once, the write not run again', async () => {
    for (const json of [[], ['--json']]) {
      let hookRuns = ''
      const refusingHook = (site: string) => {
        hookRuns = path.join(tempDir('lead-hook-'), 'runs.txt')
        const hook = path.join(site, '.git', 'hooks', 'pre-commit')
        fs.mkdirSync(path.dirname(hook), {recursive: true})
        fs.writeFileSync(hook, `#!/bin/sh\necho ran >> ${JSON.stringify(hookRuns)}\necho "refused by the site's policy" >&2\nexit 1\n`, {mode: 0o755})
      }
      const early = await runIn(['set', ID, 'notes=called back', ...json], {}, refusingHook)
      const runs = fs.readFileSync(hookRuns, 'utf8')
      const oclif = await runIn(['set', ID, 'notes=called back', ...json], {LEAD_EARLY: 'off'}, refusingHook)
      expect({...early, path: ''}).toEqual({...oclif, path: ''})
      expect(early.path).toBe('early')
      expect(runs).toBe('ran\n')
      expect(early.code).toBe(4)
      // One report, the commit's: a second run would have been refused for the file now uncommitted.
      expect(early.stderr.match(/error /g)).toHaveLength(1)
      // A hook ran on a referral's commit: its words are withheld, whatever they say (write/git-words.ts).
      expect(early.stderr).toContain("error GIT_FAILED the change is written but not committed: git's words are not shown")
      expect(early.stderr).not.toContain("refused by the site's policy")
      if (json.length > 0) expect(JSON.parse(early.stdout).error.code).toBe('GIT_FAILED')
      else expect(early.stdout).toBe('')
      expect(early.file).toContain('notes: called back')
      expect(early.status).toBe(` M ${FILE}\n`)
    }
  })

  it('in colour (FORCE_COLOR): the same result line, and the same red error once the write has started', async () => {
    const colour = {NO_COLOR: undefined, FORCE_COLOR: '1'}
    const done = await both(['set', ID, 'notes=called back'], undefined, colour)
    expect([done.path, done.code]).toEqual(['early', 0])
    expect(done.stderr).toContain('\u001B[')
    const refused = await both(['set', 'r-2026-01-08-z66mn9', '--unset', 'quantity'], undefined, colour)
    expect([refused.path, refused.code]).toEqual(['early', 1])
    expect(refused.stderr).toContain('\u001B[31merror\u001B[39m INVALID_CHANGE')
  })
})

describe('the early path reads a set line only in the forms oclif reads the same way', () => {
  it('reads words, -u/--unset (repeatable, and the words after it), -m/--message, --commit/--no-commit, --json, -C/--dir', () => {
    expect(readSetLine([ID, 'a=1', 'b=2', '-u', 'c', '--unset=d', '--no-commit', '-m', 'msg', '--json', '-C', 'site'])).toEqual({words: [ID, 'a=1', 'b=2'], unset: ['c', 'd'], message: 'msg', commit: false, dir: 'site', json: true})
    expect(readSetLine([ID, '--unset', 'a', 'b', '--json', 'c', '-m', 'x', 'd=1', '--dir=s'])).toEqual({words: [ID, 'd=1'], unset: ['a', 'b', 'c'], message: 'x', dir: 's', json: true})
    expect(readSetLine([ID, '--message=a=b', '--commit'])).toMatchObject({message: 'a=b', commit: true})
    // oclif's argv is sorted by where each word first appears in the line.
    expect(readSetLine(['-m', 'a=1', ID, 'a=1'])?.words).toEqual(['a=1', ID])
  })

  it('leaves anything else to oclif', () => {
    for (const tokens of [[], ['--unset', 'x'], [ID, '-ux'], [ID, '-u=x'], [ID, '-mx'], [ID, '-C=x'], [ID, '--unset='], [ID, '--unset'], [ID, '-u', '--json'], [ID, '-m', '-x'], [ID, '-m', 'a', '-m', 'b'], [ID, '--dir', 'a', '-C', 'b'], [ID, '--json', '--json'], [ID, '--commit', '--no-commit'], [ID, '--commit=true'], [ID, '--json=true'], [ID, '--'], [ID, '-'], [ID, '--help'], [ID, '-h'], [ID, '--nope'], [ID, 'a=-1', '-1']]) {
      expect(readSetLine(tokens), tokens.join(' ')).toBeUndefined()
    }
  })
})

describe('what an error after the write started becomes without oclif (cli/output.ts plainLeadError)', () => {
  it('lead\'s own error as it is, a file-system error IO_ERROR, anything else INTERNAL with the bug hint', () => {
    const own = stateError('GIT_BUSY', 'a git rebase is in progress')
    expect(plainLeadError(own)).toBe(own)
    const io = plainLeadError(Object.assign(new Error("EACCES: permission denied, open 'x'"), {code: 'EACCES'}))
    expect(io).toBeInstanceOf(LeadError)
    expect([io.code, io.message, io.exit, io.hint]).toEqual(['IO_ERROR', "EACCES: permission denied, open 'x'", ExitCode.io, 'check the path and its permissions'])
    const bug = plainLeadError(new TypeError('x is not a function'))
    expect([bug.code, bug.message, bug.exit]).toEqual(['INTERNAL', 'x is not a function', ExitCode.io])
    expect(bug.hint).toMatch(/bug in lead: run again with DEBUG=1/)
    expect(plainLeadError('thrown text').message).toBe('thrown text')
    // A code that is not a Node error's (ERR_…, lower case) is no file-system error.
    expect(plainLeadError(Object.assign(new Error('m'), {code: 'ERR_INVALID_ARG_TYPE'})).code).toBe('INTERNAL')
  })
})
