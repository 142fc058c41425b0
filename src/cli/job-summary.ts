/** Appending to a job summary file ($GITHUB_STEP_SUMMARY): one write, never a partial one. */
import fs from 'node:fs'
import {LeadError, ExitCode} from '../core/errors.js'

export function appendSummary(file: string, markdown: string): void {
  try {
    fs.appendFileSync(file, markdown)
  } catch (error) {
    throw new LeadError('IO_ERROR', `could not write the summary to ${file}: ${(error as Error).message}`, {exit: ExitCode.io, hint: 'give a file lead may write, e.g. --summary "$GITHUB_STEP_SUMMARY"'})
  }
}
