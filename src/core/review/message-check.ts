/**
 * The commit-msg hook's check (`lead hooks check-message FILE`): a message typed into `git commit`
 * for a change to a referral or consent is scanned as lead's own `-m` is (write/commit-message.ts)
 * and as the CI gate scans it (commit-messages.ts), but before the commit exists: refused here, it
 * never reaches the user's history, let alone a clone. A commit that touches no participant folder
 * is not scanned, as the gate does not scan it. What is scanned is what git will keep: the lines git
 * strips as comments, and what follows the scissors line of an edited message, are left out (git's
 * template puts "# Author: Name <email>" there). The message is never repeated.
 */
import fs from 'node:fs'
import path from 'node:path'
import {LeadError, ExitCode, usageError} from '../errors.js'
import type {Site} from '../site.js'
import {fromRawDiff, fromStagedEntry, perParticipant, textsIn, valuesOf, WORDED_FOLDERS, type ChangedRecord} from './changed-records.js'
import {identifiersInMessage, identifyingMessageError, SAY_WHAT_CHANGED} from '../privacy/message-scan.js'
import {siteWordsOf} from '../privacy/site-staff.js'
import {NO_VOCABULARY} from '../privacy/vocabulary.js'
import {gitLine, repoPrefix, runGit} from '../git/revision-files.js'
import {repeatedText, repeatingMessageError, REPEAT_ADVICE, type SiteWords} from '../privacy/message-repeats.js'

/** More than any message a person types; a `git commit -v` diff below the scissors line may be longer, and is not read. */
export const MESSAGE_MAX_BYTES = 1024 * 1024

/** The characters git's core.commentChar=auto chooses from, in its order. */
const AUTO_COMMENT_CHARS = '#;@!$%^&|:'
const SCISSORS = ' ------------------------ >8 ------------------------'

export interface MessageCleanup {
  /** core.commentChar (or core.commentString): '#' unless set; 'auto' lets git choose. */
  commentChar: string
  /** commit.cleanup: 'default' unless set. */
  cleanup: string
  /** Whether git opened an editor for the message (git sets GIT_EDITOR=: for the hooks of a commit that does not). */
  editor: boolean
}

/**
 * The message as git will keep it, as near as a hook can know (git's --cleanup on the command line
 * is not told to hooks; commit.cleanup is): with an editor, everything from the scissors line on is
 * cut and, unless commit.cleanup keeps them, comment lines are dropped. A message given with -m or
 * -F keeps its comment lines (git's "whitespace" cleanup), so they are scanned.
 */
export function messageGitKeeps(text: string, how: MessageCleanup): {message: string; cut: boolean} {
  const lines = text.split('\n')
  const mode = how.cleanup === 'default' || how.cleanup === '' ? (how.editor ? 'strip' : 'whitespace') : how.cleanup
  // With core.commentChar=auto, git chose a character no line of the message started with: unknown
  // to the hook without a scissors line, so no line is taken for a comment (a "#" line the user wrote
  // is kept by git when it chose ";"). Scanning git's own template lines too is the safe side.
  const comment = how.commentChar === 'auto' ? autoCommentChar(lines) : how.commentChar || '#'
  let kept = lines
  const cut = how.editor && mode !== 'verbatim' && comment !== undefined ? kept.findIndex((l) => l.replace(/\r$/, '') === `${comment}${SCISSORS}`) : -1
  if (cut >= 0) kept = kept.slice(0, cut)
  if (mode === 'strip' && comment !== undefined) kept = kept.filter((l) => !l.startsWith(comment))
  return {message: kept.join('\n'), cut: cut >= 0}
}

/** The character git chose for core.commentChar=auto: the one its scissors line starts with, else not known. */
function autoCommentChar(lines: readonly string[]): string | undefined {
  const scissors = lines.find((l) => l.replace(/\r$/, '').length === SCISSORS.length + 1 && l.replace(/\r$/, '').endsWith(SCISSORS) && AUTO_COMMENT_CHARS.includes(l[0]!))
  return scissors ? scissors[0]! : undefined
}

/**
 * The referrals, consents and meetings the commit being made changes (the index, against HEAD;
 * every staged file on an unborn branch), each with its blobs before and after.
 */
export async function stagedRecords(root: string): Promise<ChangedRecord[]> {
  const born = (await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD'])).code === 0
  // A commit whose index is HEAD's own tree is `git commit --amend` (and rebase -i's reword, which
  // amends) or --allow-empty: the commit it makes changes what HEAD changed, from HEAD's parent.
  const amends = born && (await runGit(root, ['diff-index', '--cached', '--quiet', 'HEAD', '--'])).code === 0
  const parent = amends && (await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^'])).code === 0
  const base = amends ? (parent ? 'HEAD^' : undefined) : born ? 'HEAD' : undefined
  // Pathspecs are read from the folder git runs in: the site's, which may be a subfolder of the repository.
  const args = base ? ['diff-index', '--cached', '--raw', '-z', '--no-renames', base, '--', ...WORDED_FOLDERS] : ['ls-files', '--cached', '--stage', '-z', '--', ...WORDED_FOLDERS]
  const [r, prefix] = await Promise.all([runGit(root, args), repoPrefix(root)])
  if (r.code !== 0) throw new LeadError('GIT_FAILED', `git ${args[0]} failed: ${r.stderr.trim().split('\n')[0] ?? ''}`, {exit: ExitCode.io})
  const fields = r.stdout.toString('utf8').split('\0')
  const out: ChangedRecord[] = []
  const add = (record: ChangedRecord | undefined) => record && out.push(record)
  // diff-index: ":OLDMODE NEWMODE OLDSHA NEWSHA STATUS" then the path, each ended by NUL; ls-files: "MODE SHA STAGE\tPATH".
  if (base) for (let i = 0; i + 1 < fields.length; i += 2) add(fromRawDiff(fields[i]!, fields[i + 1]!, prefix))
  else for (const line of fields.filter(Boolean)) add(fromStagedEntry(line, prefix))
  return out
}

/** The message file, at most MESSAGE_MAX_BYTES of it; a file that cannot be read is one line. */
function readMessage(file: string): {text: string; whole: boolean} {
  let fd: number
  try {
    // Non-blocking: opening a FIFO for reading waits for a writer, and a hook must never hold a commit forever (fstat then refuses it).
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0))
  } catch (error) {
    throw unreadable(file, error)
  }
  try {
    if (!fs.fstatSync(fd).isFile()) throw new LeadError('MESSAGE_UNREADABLE', `cannot read the commit message ${file}: it is not a file`, {exit: ExitCode.io, hint: 'git passes the hook the file holding the message (.git/COMMIT_EDITMSG)'})
    const buf = Buffer.alloc(MESSAGE_MAX_BYTES + 1)
    let length = 0
    for (let n; length < buf.length && (n = fs.readSync(fd, buf, length, buf.length - length, null)) > 0; ) length += n
    return {text: buf.toString('utf8', 0, Math.min(length, MESSAGE_MAX_BYTES)), whole: length <= MESSAGE_MAX_BYTES}
  } catch (error) {
    throw error instanceof LeadError ? error : unreadable(file, error)
  } finally {
    fs.closeSync(fd)
  }
}

function unreadable(file: string, error: unknown): LeadError {
  const code = (error as NodeJS.ErrnoException).code
  const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : `${code ?? 'read error'}`
  return new LeadError('MESSAGE_UNREADABLE', `cannot read the commit message ${file}: ${why}`, {exit: ExitCode.io, hint: 'git passes the hook the file holding the message (.git/COMMIT_EDITMSG); run `lead hooks check-message FILE` with such a file'})
}

export interface MessageCheck {
  /** Whether the commit changes a referral, consent or meeting (only then is its message scanned). */
  scanned: boolean
  file: string
}

/**
 * Refuse (MESSAGE_HOLDS_IDENTIFIER, exit 2) a message for a commit that changes a referral or
 * consent when it holds a name, birth date or contact detail; the site's staff names are read only
 * for a message that holds something. Refuse (MESSAGE_REPEATS_RECORD, exit 2) one that repeats the
 * free text of a referral, consent or meeting the commit changes.
 */
export async function checkCommitMessage(site: Site, file: string, env: NodeJS.ProcessEnv = process.env): Promise<MessageCheck> {
  const abs = path.resolve(file)
  // Read first, so a hook given no readable file says so whatever the commit changes.
  const {text, whole} = readMessage(abs)
  const changed = await stagedRecords(site.root)
  if (changed.length === 0) return {scanned: false, file: abs}
  const [commentChar, cleanup] = await Promise.all([
    gitLine(site.root, ['config', '--get', 'core.commentString']).then(async (s) => s ?? (await gitLine(site.root, ['config', '--get', 'core.commentChar']))),
    gitLine(site.root, ['config', '--get', 'commit.cleanup']),
  ])
  const how: MessageCleanup = {commentChar: commentChar ?? '#', cleanup: cleanup ?? 'default', editor: env.GIT_EDITOR !== ':'}
  const {message, cut} = messageGitKeeps(text, how)
  if (!whole && !cut) {
    const kept = await editMessagePath(site.root, abs)
    // Longer than any typed message, with no scissors line in its first MiB: not read to its end, so not passed.
    throw usageError('MESSAGE_TOO_LONG', `the commit message is longer than ${MESSAGE_MAX_BYTES / 1024 / 1024} MiB; it was not scanned to its end and nothing was committed`, `shorten it: ${SAY_WHAT_CHANGED}. ${kept}\`git commit --no-verify\` skips this check`)
  }
  // Most messages hold nothing: the site's staff names are read only for one that does.
  // Identifiers only in a referral's or consent's commit, as lead's -m.
  // The site's declared words, staff names among them, read once and only when a check needs them.
  let words: Promise<SiteWords> | undefined
  const siteWords = () => (words ??= siteWordsOf(site))
  const declared = changed.some(perParticipant) && identifiersInMessage(message, () => new Set()) ? (await siteWords()).vocabulary : undefined
  const found = declared && identifiersInMessage(message, () => declared.staff, () => declared.charges)
  if (!found) {
    await refuseRepeatingMessage(site, message, changed, siteWords, async () => `${await editMessagePath(site.root, abs)}\`git commit --no-verify\` skips this check`)
    return {scanned: true, file: abs}
  }
  // Given with -m or -F, a line starting with the comment character is kept by git: say so when only such a line holds something.
  const onlyInComments = !how.editor && !identifiersInMessage(messageGitKeeps(text, {...how, cleanup: 'strip'}).message, () => declared!.staff, () => declared!.charges)
  const comments = onlyInComments ? `; a line starting with ${how.commentChar === 'auto' ? '#' : how.commentChar} counts too: git keeps it in a message given with -m or -F unless told --cleanup=strip, which a hook cannot see (commit.cleanup=strip it can)` : ''
  const kept = await editMessagePath(site.root, abs)
  throw identifyingMessageError(found, 'nothing was committed', `${SAY_WHAT_CHANGED}${comments}. ${kept}\`git commit --no-verify\` skips this check`)
}

/**
 * Refuse (MESSAGE_REPEATS_RECORD, exit 2) a message that repeats the free text of a record the
 * commit changes, as it was or as it will be (privacy/message-repeats.ts), as lead's own -m is
 * refused. What the site declared (districts, partners, badges, staff) is read from its working
 * tree: a message may name it.
 */
async function refuseRepeatingMessage(site: Site, message: string, changed: readonly ChangedRecord[], siteWords: () => Promise<SiteWords>, skip: () => Promise<string>): Promise<void> {
  const [values] = await valuesOf(site.root, [changed])
  // The site's words only for a message that repeats something without them (repeatedInSite).
  if (!repeatedText(message, textsIn(values!, NO_VOCABULARY))) return
  const words = await siteWords()
  const repeat = repeatedText(message, textsIn(values!, words.vocabulary), words.declared)
  if (repeat) throw repeatingMessageError(repeat, 'nothing was committed', `${REPEAT_ADVICE}. ${await skip()}`)
}

/** Where git keeps the refused message, and how to reopen it, in words for the hint ('' for a file git did not give). */
async function editMessagePath(root: string, abs: string): Promise<string> {
  const name = path.basename(abs)
  if (!['COMMIT_EDITMSG', 'MERGE_MSG', 'SQUASH_MSG'].includes(name)) return ''
  const top = (await gitLine(root, ['rev-parse', '--show-toplevel'])) ?? ''
  const rel = top && !path.relative(top, abs).startsWith('..') ? path.relative(top, abs) : abs
  if (name !== 'COMMIT_EDITMSG') return `git keeps the message in ${rel}; `
  return `git keeps the message in ${rel}: \`git commit -e -F ${rel}\` at the top of the repository reopens it; `
}
