/**
 * A write run by bin/run.js without oclif (cli/early-set.ts, cli/early-new.ts). A write must not
 * be made twice: until the body says it is writing (its `writing` hook, called just before
 * writeRecords), lead has only read, and any error leaves the line to oclif, which runs it from the
 * start and reports as it always has. From then on an error is reported here, as LeadCommand.catch
 * reports it (cli/output.ts reportError), and the line is done. What the body prints is held until
 * it has run to its end, so a line left to oclif is printed once, by oclif.
 */
import type {Output} from './output.js'

/** The body of a write; false (nothing done) leaves the line to oclif. */
export type WriteBody = (io: Output, hooks: {writing(): void}) => Promise<boolean>

/** Run the body; false means nothing was written or printed, and oclif should run the line. */
export async function runEarlyWrite(json: boolean, body: WriteBody): Promise<boolean> {
  let writing = false
  let output: typeof import('./output.js')
  let release: () => void
  try {
    output = await import('./output.js')
    output.chooseColor()
    output.watchOutputStreams()
    const held = output.heldOutput(json)
    release = held.release
    if (!(await body(held.io, {writing: () => void (writing = true)}))) return false
  } catch (error) {
    if (!writing) return false
    release!()
    reportError(output!, error, json)
    return true
  }
  release()
  return true
}

/** The error as LeadCommand.catch reports it; should even that fail, the exit status still says so. */
function reportError(output: typeof import('./output.js'), error: unknown, json: boolean): void {
  try {
    output.reportError(output.plainLeadError(error), json)
  } catch {
    process.exitCode = process.exitCode || 1
  }
}
