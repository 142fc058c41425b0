/**
 * What of a commit message the commit-msg hook scans: what git will keep, as near as a hook can
 * tell (message-check.ts messageGitKeeps).
 */
import {describe, expect, it} from 'vitest'
import {messageGitKeeps} from '../../src/core/review/message-check.js'

const SCISSORS = '------------------------ >8 ------------------------'
const edited = `fix the handoff\n# Author: Jane Smith <jane@example.org>\n# ${SCISSORS}\n# Do not modify or remove the line above.\nMaria Lopez\n`

describe('messageGitKeeps', () => {
  it('with an editor (git strip cleanup): drops comment lines and everything from the scissors line', () => {
    expect(messageGitKeeps(edited, {commentChar: '#', cleanup: 'default', editor: true})).toEqual({message: 'fix the handoff', cut: true})
  })

  it('without one (-m, -F: git whitespace cleanup): keeps # lines and the scissors line, unless commit.cleanup=strip', () => {
    expect(messageGitKeeps(edited, {commentChar: '#', cleanup: 'default', editor: false}).message).toBe(edited)
    expect(messageGitKeeps('#42 Maria Lopez\n', {commentChar: '#', cleanup: 'default', editor: false}).message).toContain('Maria Lopez')
    expect(messageGitKeeps('fix\n# Maria Lopez\n', {commentChar: '#', cleanup: 'strip', editor: false}).message).toBe('fix\n')
    // scissors mode without an editor is git's whitespace
    expect(messageGitKeeps(edited, {commentChar: '#', cleanup: 'scissors', editor: false}).message).toBe(edited)
  })

  it('follows core.commentChar (a character, auto) and commit.cleanup=verbatim or whitespace', () => {
    const semi = `fix\n; Author: Jane Smith\n#42 Maria Lopez\n; ${SCISSORS}\nAlex Doe\n`
    expect(messageGitKeeps(semi, {commentChar: ';', cleanup: 'default', editor: true}).message).toBe('fix\n#42 Maria Lopez')
    // auto: the character git chose is the one its scissors line starts with
    expect(messageGitKeeps(semi, {commentChar: 'auto', cleanup: 'default', editor: true}).message).toBe('fix\n#42 Maria Lopez')
    expect(messageGitKeeps(edited, {commentChar: '#', cleanup: 'verbatim', editor: true}).message).toBe(edited)
    // whitespace with an editor keeps comment lines; the scissors cut still applies (git commit -v)
    expect(messageGitKeeps(edited, {commentChar: '#', cleanup: 'whitespace', editor: true}).message).toBe('fix the handoff\n# Author: Jane Smith <jane@example.org>')
  })
})
