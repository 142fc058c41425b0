/**
 * Mistyped lines whose words name a lead command in another order or with everyday words
 * inside a topic: `lead import roster x.csv` is `lead training import-roster x.csv` (not `lead
 * export roster`, which takes no file), `lead config show` is `lead config list`.
 */
import {describe, expect, it} from 'vitest'
import {commandPrefix, suggestCommand} from '../../src/cli/command-suggestion.js'

const ids = [
  'new', 'list', 'show', 'set', 'export', 'status', 'validate',
  'import referrals', 'import consents',
  'training coverage', 'training due', 'training import-roster', 'training import-attendance', 'training migrate-rosters',
  'config get', 'config list', 'config set',
]
const index = {ids, isTopic: (w: string) => ['training', 'config', 'import'].includes(w)}

describe('a command whose name joins two words, typed as two words', () => {
  it.each([
    [['import', 'roster', 'x.csv'], ['training', 'import-roster', 'x.csv']],
    [['roster', 'import', 'x.csv'], ['training', 'import-roster', 'x.csv']],
    [['training', 'roster', 'import', 'x.csv', '--agency', 'harbor-pd'], ['training', 'import-roster', 'x.csv', '--agency', 'harbor-pd']],
    [['training', 'import', 'roster', 'x.csv'], ['training', 'import-roster', 'x.csv']],
    [['import', 'attendance', 'sessions.csv'], ['training', 'import-attendance', 'sessions.csv']],
  ])('%j → %j', (typed, meant) => {
    expect(suggestCommand(typed, index)).toEqual(meant)
  })
})

describe('everyday words for a command inside a topic', () => {
  it.each([
    [['config', 'show'], ['config', 'list']],
    [['config', 'view'], ['config', 'list']],
    [['config', 'show', 'site.timezone'], ['config', 'get', 'site.timezone']],
    [['config', 'edit', 'referral_phone=x'], ['config', 'set', 'referral_phone=x']],
    [['config', 'update', 'referral_phone=x'], ['config', 'set', 'referral_phone=x']],
  ])('%j → %j', (typed, meant) => {
    expect(suggestCommand(typed, index)).toEqual(meant)
  })
})

describe('words after a command that takes no arguments', () => {
  it.each([
    [['status', 'foo'], ['status']],
    [['training', 'due', 'import', 'x.csv'], ['training', 'due']],
    [['config', 'list', 'foo'], ['config', 'list']],
  ])('%j starts with the command %j', (typed, command) => {
    expect(commandPrefix(typed, ids)).toEqual(command)
  })
  it('is no command prefix for a mistyped command', () => {
    expect(commandPrefix(['stauts'], ids)).toBeUndefined()
    expect(commandPrefix(['config', 'show'], ids)).toBeUndefined()
  })
})
