/**
 * git's words after a failed commit, and the names of files a hook committed beside lead's change,
 * for a commit that holds a record written about participants (a referral, a consent, a meeting's
 * case conferences; one saved into another kind's folder too). lead's error names git's reason
 * (git-errors.ts commitFailure), and when a hook ran, that reason is the hook's: the site's own
 * program, which may print the staged change — whole, in part, run together, encoded, the text it
 * replaced, a comment beside it — or name a file after it. No check of its words can tell all of
 * those from a harmless reason, so for such a commit lead prints none of a hook's: when a hook may
 * have run (git/hook-presence.ts), the error says git's words are withheld and its hint gives the
 * command that commits by hand, which prints them to the person at the terminal and to no log;
 * files a hook committed beside the change are counted, not named. With no hook to run, git's
 * words are git's own, and shown.
 */
import {KIND_INFO, recordFolderKind} from '../records/kinds.js'
import {PLACEHOLDERS} from '../records/site-files.js'
import {otherProgramMayRun} from '../git/hook-presence.js'
import {concernsParticipant} from './commit-message.js'
import type {RecordChange} from '../records/record-change.js'

/** What lead says in place of git's words it withholds. */
export const WITHHELD = "git's words are not shown: a git hook or filter may have written them, quoting the referral, consent or meeting; run git yourself to read them"

/** What lead prints of git's words and of files a hook committed, for one commit. */
export interface GitWords {
  line(line: string): string
  hookFile(file: string): string
}

const AS_GIT_SAID: GitWords = {line: (line) => line, hookFile: (file) => file}

const WITHHOLDING: GitWords = {line: () => WITHHELD, hookFile: (file) => `‹a file a hook committed, ${file.length} characters, not shown›`}

/** A record written about participants: a referral or consent (or one saved elsewhere), or a meeting. */
const aboutParticipants = (c: RecordChange): boolean => KIND_INFO[c.kind].participantData === true || concernsParticipant(c)

/**
 * git's words as lead may print them after committing `changes` in the repository at `gitDir`
 * (undefined: not known). Decided when first asked: a commit that succeeds with no hook asks nothing.
 */
export function gitWords(changes: readonly RecordChange[], gitDir: string | undefined): GitWords {
  let words: GitWords | undefined
  const decided = () => (words ??= changes.some(aboutParticipants) && otherProgramMayRun(gitDir) ? WITHHOLDING : AS_GIT_SAID)
  return {line: (line) => decided().line(line), hookFile: (file) => decided().hookFile(file)}
}

/** The same for files committed that were not read as records (a site finished by `lead init`): any in a record folder may be a referral. */
export function gitWordsForFiles(files: readonly string[], gitDir: string | undefined): GitWords {
  const records = files.some((f) => recordFolderKind(f) !== undefined && !PLACEHOLDERS.has(f.slice(f.lastIndexOf('/') + 1)))
  return records && otherProgramMayRun(gitDir) ? WITHHOLDING : AS_GIT_SAID
}

