/** The LeadError a promise rejects with; fails the test when it resolves or rejects otherwise. */
import {expect} from 'vitest'
import {LeadError} from '../../src/core/errors.js'

export async function refused(p: Promise<unknown>): Promise<LeadError> {
  try {
    await p
  } catch (error) {
    expect(error).toBeInstanceOf(LeadError)
    return error as LeadError
  }
  throw new Error('expected a refusal (a LeadError), but it succeeded')
}
