/**
 * records/line-merge.ts carries an edit made on the library's layout back onto the text as written:
 * lines the edit did not touch (comments, hand layout) come from the original.
 */
import {describe, expect, it} from 'vitest'
import {mergeEdit} from '../../src/core/records/line-merge.js'

describe('mergeEdit', () => {
  it('keeps the original\'s own lines around the edited one', () => {
    const original = '# kept\nname: Old  # note\nunit: Patrol\n'
    const normalized = 'name: Old # note\nunit: Patrol\n'
    const edited = 'name: Old # note\nunit: Traffic\n'
    expect(mergeEdit(original, normalized, edited)).toBe('# kept\nname: Old  # note\nunit: Traffic\n')
  })

  it('keeps 200,000 lines of the original after the edit without overflowing the stack', () => {
    const comments = Array.from({length: 200_000}, (_, i) => `# line ${i}`).join('\n')
    const out = mergeEdit(`a: 1\n${comments}`, 'a: 1', 'a: 2')
    expect(out).toBe(`a: 2\n${comments}`)
  })
})
