import {describe, expect, it} from 'vitest'
import {suggestCommand} from '../../src/cli/command-suggestion.js'
import {unknownFlagBeforeCommand, unknownFlagsMessage} from '../../src/cli/flag-suggestion.js'
import {hoistGlobalFlags} from '../../src/cli/global-flags.js'
import {TypedWords} from '../../src/cli/typed-words.js'

describe('global flags before the command', () => {
  it.each([
    [['-C', 'site', 'validate'], ['validate', '-C', 'site']],
    [['--json', 'status'], ['status', '--json']],
    [['--dir=x', 'list', 'partner'], ['list', 'partner', '--dir=x']],
    [['-Cx', 'list', 'partner'], ['list', 'partner', '--dir=x']],
    [['-C', 's', '--json', 'training', 'coverage', '--by', 'unit'], ['training', 'coverage', '--by', 'unit', '-C', 's', '--json']],
    [['-C', 's', 'new', 'partner', '--', '-odd'], ['new', 'partner', '-C', 's', '--', '-odd']],
    [['-C', 's', '--help'], ['--help']],
    // -h before the command is --help, which oclif reads as the help of the command after it.
    [['-h', 'status'], ['--help', 'status']],
    [['-h'], ['--help']],
    [['-C', 's', '-h', 'training', 'coverage'], ['--help', 'training', 'coverage']],
    [['--json', '--help', 'status', '--as-of', 'x'], ['--help', 'status', '--as-of', 'x']],
    [['status', '-h'], ['status', '-h']],
    [['validate', '-C', 's'], ['validate', '-C', 's']],
    [['--json'], ['--json']],
    [['-C'], ['-C']],
    [['--frobnicate', 'validate'], ['--frobnicate', 'validate']],
  ])('%j → %j', (given, run) => {
    expect(hoistGlobalFlags(given)).toEqual(run)
  })
})

describe('what a mistyped command line meant', () => {
  const ids = ['new', 'list', 'show', 'set', 'edit', 'history', 'export', 'validate', 'status', 'init', 'referral check', 'training coverage', 'training due', 'form referral', 'config get']
  const index = {ids, isTopic: (w: string) => ['referral', 'training', 'form', 'config'].includes(w)}
  it.each([
    [['referral', 'new'], ['new', 'referral']],
    [['partner', 'list'], ['list', 'partner']],
    [['partner', 'add'], ['new', 'partner']],
    [['add', 'partner'], ['new', 'partner']],
    [['create', 'referral'], ['new', 'referral']],
    [['update', 'partner', 'harbor-pd'], ['set', 'partner', 'harbor-pd']],
    [['log', 'partner', 'harbor-pd'], ['history', 'partner', 'harbor-pd']],
    [['check'], ['validate']],
    [['partners'], ['list', 'partners']],
    [['referrals'], ['list', 'referrals']],
    [['lsit', 'referral'], ['list', 'referral']],
    [['valdate'], ['validate']],
    [['referral', 'chek'], ['referral', 'check']],
    [['trainng', 'coverage'], ['training', 'coverage']],
    // The whole line is too far from every command: its first words are not.
    [['referal', 'check', 'r-2026-11-03-k3f9q2'], ['referral', 'check', 'r-2026-11-03-k3f9q2']],
    [['referral', 'chek', 'r-2026-11-03-k3f9q2'], ['referral', 'check', 'r-2026-11-03-k3f9q2']],
  ])('%j → %j', (typed, meant) => {
    expect(suggestCommand(typed, index)).toEqual(meant)
  })
  it('suggests nothing for a word far from every command', () => {
    expect(suggestCommand(['frobnicate'], index)).toBeUndefined()
  })
})

describe('which typed words an error repeats', () => {
  const typed = new TypedWords(['new', 'list', 'set', 'referral check', 'training coverage', 'training'])
  it.each([
    [['set', 'r-2026-11-03-k3f9q2', 'notes=Jane'], 'set r-2026-11-03-k3f9q2 …'],
    [['set', 'c-2026-11-03-aaaaaa', '--message', 'Jane Doe', '--json'], 'set c-2026-11-03-aaaaaa --message … --json'],
    [['set', 'r-2026-11-03-k3f9q2', '--message=Jane', '-mJane', '-m', '--no-commit'], 'set r-2026-11-03-k3f9q2 --message=… -m… -m --no-commit'],
    [['referral', 'check', 'r-2026-11-03-k3f9q2', '--as-of', 'Jane'], 'referral check r-2026-11-03-k3f9q2 --as-of …'],
    [['new', 'partner', 'harbor-pd', 'Jane', 'Doe', 'name=Jane'], 'new partner …'],
    [['list', 'referrals', 'pcg-2026-02-18', 'pcg-2026-02-18-jane'], 'list referrals pcg-2026-02-18 …'],
    [['set', '--Jane', '--x y', '-1', '-', '--', '--json', 'Jane'], 'set … -- …'],
    [['set', 'R-2026-11-03-K3F9Q2', 'r-2026-11-03-k3f9q2x'], 'set …'],
  ])('%j → %s', (tokens, shape) => {
    expect(typed.line(tokens)).toBe(shape)
  })
  it('repeats a misspelt command word, lowercase and close to one of lead\'s, and no other', () => {
    expect(typed.command(['sett', 'r-2026-11-03-k3f9q2'])).toBe('sett r-2026-11-03-k3f9q2')
    expect(typed.command(['trainng', 'coverag'])).toBe('trainng coverag')
    expect(typed.command(['sett', 'Jane', 'Doe'])).toBe('sett …')
    expect(typed.command(['Sett', 'jane'])).toBe('…')
  })
})

describe('what a misspelt flag meant', () => {
  // As oclif's parse input holds them for `lead set`: its own flags and the global ones.
  const flags = {
    unset: {type: 'option', char: 'u', multiple: true},
    message: {type: 'option', char: 'm'},
    commit: {type: 'boolean', allowNo: true},
    staged: {type: 'boolean', aliases: ['cached']},
    secret: {type: 'boolean', hidden: true},
    json: {type: 'boolean'},
    dir: {type: 'option', char: 'C'},
  }
  it.each([
    [['--jsn'], 'unknown flag --jsn (did you mean "--json"?)'],
    [['--JSON'], 'unknown flag --JSON (did you mean "--json"?)'],
    [['--dri'], 'unknown flag --dri (did you mean "--dir"?)'],
    [['--comit'], 'unknown flag --comit (did you mean "--commit"?)'],
    [['--no-comit'], 'unknown flag --no-comit (did you mean "--no-commit"?)'],
    [['--nocommit'], 'unknown flag --nocommit (did you mean "--no-commit"?)'],
    [['--cachd'], 'unknown flag --cachd (did you mean "--cached"?)'],
    [['-json'], 'unknown flag -json (did you mean "--json"?)'],
    [['-c'], 'unknown flag -c (did you mean "-C"?)'],
    [['-x'], 'unknown flag -x'],
    [['--frobnicate'], 'unknown flag --frobnicate'],
    [['--secrte'], 'unknown flag --secrte'],
    [['--no-jsn'], 'unknown flag --no-jsn'],
    [['--jsn', '--xyzzy', '--jsn'], 'unknown flags --jsn (did you mean "--json"?), --xyzzy'],
  ])('%j → %s', (typed, said) => {
    expect(unknownFlagsMessage(typed, flags)).toBe(said)
  })
  it('never shows what was typed as a value: after `=`, or after a short flag\'s letter', () => {
    expect(unknownFlagsMessage(['--mesage=Jane Doe'], flags)).toBe('unknown flag --mesage (did you mean "--message"?)')
    expect(unknownFlagsMessage(['--nots=Jane'], flags)).toBe('unknown flag --nots')
    expect(unknownFlagsMessage(['-xJane'], flags)).toBe('unknown flag -x')
    expect(unknownFlagsMessage(['-x=Jane'], flags)).toBe('unknown flag -x')
  })
  it('before the command: the first flag that is not a global one, or nothing when all are', () => {
    expect(unknownFlagBeforeCommand(['--jsn', 'status'])).toBe('unknown flag --jsn (did you mean "--json"?)')
    expect(unknownFlagBeforeCommand(['-C', 'site', '--json', '--dri=x', 'status'])).toBe('unknown flag --dri (did you mean "--dir"?)')
    expect(unknownFlagBeforeCommand(['--nots=Jane'])).toBe('unknown flag --nots')
    expect(unknownFlagBeforeCommand(['-C', 'site'])).toBeUndefined()
    expect(unknownFlagBeforeCommand(['sttus'])).toBeUndefined()
  })
})
