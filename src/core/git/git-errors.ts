/**
 * git's failures as lead reports them: one line, an exit status, and what to do (by hand, when a
 * change is written but not committed).
 */
import path from 'node:path'
import {ExitCode, LeadError} from '../errors.js'
import {pathForHand} from './pathspecs.js'
import {shellQuote} from '../text/shell-quote.js'

export {shellQuote}

export interface GitRun {
  code: number
  stdout: Buffer
  stderr: string
}

/** A failed git command as an Error with git's message (what simple-git would have thrown). */
export function gitError(r: GitRun, command: string): Error {
  // A hook that refuses without a word leaves only the exit status.
  return new Error(r.stderr.trim() || `git ${command} failed with exit status ${r.code}${command === 'commit' ? ' (a hook may have rejected it without saying why)' : ''}`)
}

/** git's words for a full disk (its own and the system's). */
export const DISK_FULL = /No space left on device|Out of diskspace|ENOSPC|Disk quota exceeded/i

/** A git command that failed while lead was checking the repository: one line, exit 4, never a stack trace; `shown`: git's words as lead may print them (write/git-words.ts). */
export function gitFailure(error: unknown, doing: string, shown: (line: string) => string = (line) => line): LeadError {
  if (error instanceof LeadError) return error
  const text = (error as Error).message ?? String(error)
  if (DISK_FULL.test(text)) return new LeadError('DISK_FULL', `git could not ${doing}: the disk is full`, {exit: ExitCode.io, hint: 'free some space and try again; nothing was written'})
  return new LeadError('GIT_FAILED', `git could not ${doing}: ${shown(firstLine(text))}`, {exit: ExitCode.io, hint: 'run git status in the site to see what is wrong; nothing was written'})
}

/** The git command lines that commit `paths` by hand with `message`, quoted for a shell. */
export function commitByHand(paths: readonly string[], message: string, root?: string): string {
  const given = paths.map((p) => shellQuote(pathForHand(p))).join(' ')
  // The paths are the site's: from another folder (-C, a subfolder) the lines first go there.
  const cd = root !== undefined && path.resolve(process.cwd()) !== path.resolve(root) ? `cd ${shellQuote(root)} && ` : ''
  return `${cd}git add -- ${given} && git commit -m ${shellQuote(message)} -- ${given}`
}

/** `shown`: git's words as lead may print them (write/git-words.ts withholds a hook's quote of a referral). */
export function commitFailure(error: unknown, paths: readonly string[], message: string, shown: (line: string) => string = (line) => line, root?: string): LeadError {
  const text = (error as Error).message ?? String(error)
  const byHand = commitByHand(paths, message, root)
  if (DISK_FULL.test(text)) {
    return new LeadError('DISK_FULL', 'the change is written but not committed: the disk is full', {exit: ExitCode.io, hint: `free some space, then: ${byHand}`})
  }
  if (/Please tell me who you are|unable to auto-detect email|empty ident/i.test(text)) {
    return new LeadError('GIT_IDENTITY', 'the change is written but not committed: git does not know who you are', {
      exit: ExitCode.io,
      hint: `run git config --global user.name "Your Name" && git config --global user.email you@example.org, then: ${byHand}`,
    })
  }
  if (/index\.lock/.test(text)) {
    return new LeadError('GIT_LOCKED', 'the change is written but not committed: another git process holds the index lock (.git/index.lock)', {
      exit: ExitCode.io,
      hint: `when no git command is running, remove .git/index.lock if it is left over, then: ${byHand}`,
    })
  }
  return new LeadError('GIT_FAILED', `the change is written but not committed: ${shown(firstLine(text))}`, {exit: ExitCode.io, hint: `commit it by hand: ${byHand}`})
}


/** git's own reason: its fatal:/error: line, else the first line. */
function firstLine(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter((l) => l.length > 0)
  return lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? s
}
