import {describe, expect, it} from 'vitest'
import {suggestCommand} from '../../src/cli/command-suggestion.js'
import {hoistGlobalFlags} from '../../src/cli/global-flags.js'

describe('global flags before the command', () => {
  it.each([
    [['-C', 'site', 'validate'], ['validate', '-C', 'site']],
    [['--json', 'status'], ['status', '--json']],
    [['--dir=x', 'list', 'partner'], ['list', 'partner', '--dir=x']],
    [['-Cx', 'list', 'partner'], ['list', 'partner', '--dir=x']],
    [['-C', 's', '--json', 'training', 'coverage', '--by', 'unit'], ['training', 'coverage', '--by', 'unit', '-C', 's', '--json']],
    [['-C', 's', 'new', 'partner', '--', '-odd'], ['new', 'partner', '-C', 's', '--', '-odd']],
    [['-C', 's', '--help'], ['--help']],
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
  ])('%j → %j', (typed, meant) => {
    expect(suggestCommand(typed, index)).toEqual(meant)
  })
  it('suggests nothing for a word far from every command', () => {
    expect(suggestCommand(['frobnicate'], index)).toBeUndefined()
  })
})
