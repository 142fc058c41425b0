/**
 * The messages of the commits a change brings (`lead validate --since`, `lead diff`, the CI gate):
 * lead refuses a `-m` that names a participant (write/commit-message.ts), but commits made with
 * git itself carry whatever was typed, and merged they are in every clone for good (a squash merge
 * copies them into its own message). A commit that touches referrals or consents and whose message
 * holds a name, birth date or contact detail is a PII_COMMIT_MESSAGE finding, pointed at a
 * participant file it touches and never repeating the message; so is one whose message repeats the
 * free text of a referral, consent or meeting it changes (privacy/message-repeats.ts), as lead's own
 * -m and the commit-msg hook refuse it. Merges are read too, with what they bring (against their
 * first parent). Commits that touch only other records are not scanned, as `-m` is not for them.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {Diagnostic} from '../errors.js'
import {CONFIG_FILE} from '../records/kinds.js'
import {runGit} from '../git/revision-files.js'
import {identifiersInMessage, SAY_WHAT_CHANGED} from '../privacy/message-scan.js'
import {repeatedText, REPEAT_ADVICE, type SiteWords} from '../privacy/message-repeats.js'
import {fromRawDiff, perParticipant, textsIn, valuesOf, wordedDiffOnce, type ChangedRecord} from './changed-records.js'

export {PARTICIPANT_FOLDERS} from './changed-records.js'

/** The commit a side of the change stands for: a commit's, or HEAD for the working tree and the index. */
export type RangeEnd = {type: 'worktree'} | {type: 'index'} | {type: 'commit'; commit: string}

/**
 * Every commit the change brings, merges included: a pathspec here would let git simplify a merge
 * away (its files are the side it merges); each commit's files are listed against its first parent.
 * None is left out, however many: a name in the oldest of a long change is merged as surely as in the newest.
 */
export async function commitsOfChange(root: string, base: string, head: RangeEnd): Promise<string[]> {
  const listed = await runGit(root, ['rev-list', `${base}..${head.type === 'commit' ? head.commit : 'HEAD'}`])
  // No HEAD yet, or a base git cannot reach from it: nothing brought by commits to read.
  if (listed.code !== 0) return []
  return listed.stdout.toString('latin1').split('\n').filter((h) => /^[0-9a-f]{40,64}$/.test(h))
}

/**
 * PII_COMMIT_MESSAGE findings about `commits` (commitsOfChange), or HISTORY_CUT_SHORT when a shallow clone cut them short.
 * `diff`: their wordedDiff, when the caller reads it for commitContentFindings too.
 */
export async function commitMessageFindings(root: string, prefix: string, base: string, commits: readonly string[], staff: () => ReadonlySet<string>, words: () => SiteWords, diff = wordedDiffOnce(root, commits)): Promise<Diagnostic[]> {
  if (commits.length === 0) return []
  const cut = await cutShort(root, commits)
  if (cut) return [cut]
  const [messages, changes] = await Promise.all([messagesOf(root, commits), diff().then((parts) => changedRecords(parts, prefix))])
  const site = changes.size > 0 ? words() : undefined
  const touching = [...changes.keys()]
  const values = site ? await valuesOf(root, touching.map((c) => changes.get(c)!)) : []
  const textOf = new Map(touching.map((c, i) => [c, textsIn(values[i]!, site!.vocabulary)]))
  const found: Diagnostic[] = []
  for (const commit of commits) {
    const message = messages.get(commit)
    const records = changes.get(commit)
    if (message === undefined || records === undefined) continue
    // Identifiers only in a referral's or consent's commit, as -m; the record's own text in any of theirs or a meeting's.
    const participant = records.find(perParticipant)
    const held = participant ? identifiersInMessage(message, staff, () => site!.vocabulary.charges) : undefined
    const repeat = held ? undefined : repeatedText(message, textOf.get(commit) ?? [], site!.declared)
    const what = held ? `looks like it holds ${held.listed} (${held.where}; not shown)` : repeat ? `repeats the ${repeat.kind}'s ${repeat.field} (${repeat.where}; not shown)` : undefined
    if (what === undefined) continue
    found.push({
      code: 'PII_COMMIT_MESSAGE',
      severity: 'error',
      file: (participant ?? records[0]!).file,
      line: 1,
      column: 1,
      message: `the message of commit ${commit.slice(0, 7)}, which changes this file, ${what}: git keeps every commit message in every clone`,
      hint: `reword that commit before the change is merged (git rebase -i ${base.slice(0, 12)}, mark it "reword", then git push --force-with-lease): ${held ? SAY_WHAT_CHANGED : REPEAT_ADVICE}`,
    })
  }
  return found
}

/**
 * In a shallow clone (CI's default checkout fetches one commit) the walk from the tip stops at the
 * commits whose parents were not fetched: the change's older commits are not there to read, and a
 * name in one of their messages, or in a record one of them leaves (commit-contents.ts), would pass
 * unseen. A base fetched shallower than the change cuts the walk too (base..tip then also lists the
 * base's own commits down to its cut). The gate then fails, saying how to fetch them.
 */
async function cutShort(root: string, commits: readonly string[]): Promise<Diagnostic | undefined> {
  const asked = await runGit(root, ['rev-parse', '--is-shallow-repository', '--git-path', 'shallow'])
  const [shallow, file] = asked.stdout.toString('utf8').split('\n')
  if (asked.code !== 0 || shallow !== 'true' || !file) return undefined
  let boundary: Set<string> | undefined
  try {
    boundary = new Set(fs.readFileSync(path.resolve(root, file), 'latin1').split('\n'))
  } catch {
    // Shallow, and where the walk stops unknown: the gate cannot say every commit was read.
  }
  const at = boundary && commits.find((c) => boundary.has(c))
  // The walk passed no commit whose parents are missing: the cut lies below the base.
  if (boundary && at === undefined) return undefined
  return {
    code: 'HISTORY_CUT_SHORT',
    severity: 'error',
    file: CONFIG_FILE,
    line: 1,
    column: 1,
    message: `this clone is shallow: ${at ? `the walk from the change's tip stops at commit ${at.slice(0, 7)}, whose parents were not fetched` : 'where its history stops cannot be read'}, so lead cannot tell every commit the change brings, nor check each one (its message, what it leaves in referrals, consents and meetings)`,
    hint: 'fetch the whole history, then run the gate again: actions/checkout with fetch-depth: 0 (or git fetch --unshallow)',
  }
}

/** Each commit's message, read from its object (sized by git, so no byte of a message can be taken for a separator). */
async function messagesOf(root: string, commits: readonly string[]): Promise<Map<string, string>> {
  const r = await runGit(root, ['cat-file', '--batch'], `${commits.join('\n')}\n`)
  const out = new Map<string, string>()
  if (r.code !== 0) return out
  const bytes = r.stdout
  let at = 0
  while (at < bytes.length) {
    const eol = bytes.indexOf(10, at)
    if (eol < 0) break
    const [name, type, size] = bytes.toString('latin1', at, eol).split(' ')
    const length = Number(size)
    if (type !== 'commit' || !Number.isInteger(length)) break
    const object = bytes.subarray(eol + 1, eol + 1 + length)
    const body = object.indexOf('\n\n')
    // The whole message, its encoding header aside: read as UTF-8, as git writes by default.
    out.set(name!, body < 0 ? '' : object.toString('utf8', body + 2))
    at = eol + 1 + length + 1
  }
  return out
}

/** The referrals, consents and meetings each commit changes (a merge: against its first parent); commits that change none are left out. */
function changedRecords(parts: readonly string[] | undefined, prefix: string): Map<string, ChangedRecord[]> {
  const out = new Map<string, ChangedRecord[]>()
  if (parts === undefined) return out
  let current: ChangedRecord[] | undefined
  // A commit's line, then for each file its ":MODE MODE SHA SHA STATUS" and its path.
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (/^[0-9a-f]{40,64}$/.test(part)) out.set(part, (current = []))
    else if (current && part.startsWith(':') && i + 1 < parts.length) {
      const record = fromRawDiff(part, parts[++i]!, prefix)
      if (record) current.push(record)
    }
  }
  for (const [commit, records] of out) if (records.length === 0) out.delete(commit)
  return out
}
