/**
 * The messages of the commits a change brings (`lead validate --since`, `lead diff`, the CI gate):
 * lead refuses a `-m` that names a participant (write/commit-message.ts), but commits made with
 * git itself carry whatever was typed, and merged they are in every clone for good (a squash merge
 * copies them into its own message). A commit that touches referrals or consents and whose message
 * holds a name, birth date or contact detail is a PII_COMMIT_MESSAGE finding, pointed at a
 * participant file it touches and never repeating the message; so is one whose message repeats the
 * free text of a referral or consent it changes (privacy/message-repeats.ts), as lead's own -m and
 * the commit-msg hook refuse it. Commits that touch only other
 * records are not scanned, as `-m` is not for them.
 */
import type {Diagnostic} from '../errors.js'
import {readBlobs, runGit} from '../git/revision-files.js'
import {literal} from '../git/pathspecs.js'
import {KIND_INFO, PER_PARTICIPANT_KINDS} from '../records/kinds.js'
import {identifiersInMessage, SAY_WHAT_CHANGED} from '../privacy/message-scan.js'
import {concealedTexts, parsedOrText, repeatedText, REPEAT_ADVICE, type RecordText} from '../privacy/message-repeats.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'

/** The commit a side of the change stands for: a commit's, or HEAD for the working tree and the index. */
export type RangeEnd = {type: 'worktree'} | {type: 'index'} | {type: 'commit'; commit: string}

/** More commits than a change brings: a range this long (a base far back) is not a change to review message by message. */
const MOST = 2000

/** The participant folders as git pathspecs, read from the site's folder (where git runs): what a message is scanned for touching. */
export const PARTICIPANT_FOLDERS: readonly string[] = literal([...PER_PARTICIPANT_KINDS].map((k) => `${KIND_INFO[k].folder}/`))

export async function commitMessageFindings(root: string, prefix: string, base: string, head: RangeEnd, staff: () => ReadonlySet<string>, vocabulary: () => SiteVocabulary): Promise<Diagnostic[]> {
  const tip = head.type === 'commit' ? head.commit : 'HEAD'
  // Pathspecs are read from the folder git runs in, the site's; the paths git prints are from the repository's top.
  const folders = PARTICIPANT_FOLDERS
  const listed = await runGit(root, ['rev-list', `--max-count=${MOST}`, `${base}..${tip}`, '--', ...folders])
  // No HEAD yet, or a base git cannot reach from it: nothing brought by commits to read.
  if (listed.code !== 0) return []
  const commits = listed.stdout.toString('latin1').split('\n').filter((h) => /^[0-9a-f]{40,64}$/.test(h))
  if (commits.length === 0) return []
  const [messages, changes] = await Promise.all([messagesOf(root, commits), participantChanges(root, commits, folders, prefix)])
  const texts = await textsOf(root, changes, vocabulary())
  const found: Diagnostic[] = []
  for (const commit of commits) {
    const message = messages.get(commit)
    const file = changes.get(commit)?.first
    if (message === undefined || file === undefined) continue
    const held = identifiersInMessage(message, staff)
    const repeat = held ? undefined : repeatedText(message, texts.get(commit) ?? [])
    const what = held ? `looks like it holds ${held.listed} (${held.where}; not shown)` : repeat ? `repeats the ${repeat.kind}'s ${repeat.field} (${repeat.where}; not shown)` : undefined
    if (what === undefined) continue
    found.push({
      code: 'PII_COMMIT_MESSAGE',
      severity: 'error',
      file,
      line: 1,
      column: 1,
      message: `the message of commit ${commit.slice(0, 7)}, which changes this file, ${what}: git keeps every commit message in every clone`,
      hint: `reword that commit before the change is merged (git rebase -i ${base.slice(0, 12)}, mark it "reword", then git push --force-with-lease): ${held ? SAY_WHAT_CHANGED : REPEAT_ADVICE}`,
    })
  }
  return found
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

/** What each commit changes among participant files: the first file (a site path), and each file's kind and blobs before and after. */
interface CommitChange {
  first: string
  files: Array<{kind: 'referral' | 'consent'; blobs: string[]}>
}

async function participantChanges(root: string, commits: readonly string[], folders: readonly string[], prefix: string): Promise<Map<string, CommitChange>> {
  const r = await runGit(root, ['diff-tree', '--stdin', '-r', '--root', '--raw', '--no-renames', '-z', '--', ...folders], `${commits.join('\n')}\n`)
  const out = new Map<string, CommitChange>()
  if (r.code !== 0) return out
  let current: CommitChange | undefined
  const blob = (sha: string | undefined) => (sha && /^[0-9a-f]{40,64}$/.test(sha) && !/^0+$/.test(sha) ? [sha] : [])
  const parts = r.stdout.toString('utf8').split('\0')
  // A commit's line, then for each file its ":MODE MODE SHA SHA STATUS" and its path.
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (/^[0-9a-f]{40,64}$/.test(part)) {
      out.set(part, (current = {first: '', files: []}))
    } else if (current && part.startsWith(':') && i + 1 < parts.length) {
      const [, , before, after] = part.split(' ')
      const file = parts[++i]!
      if (current.first === '') current.first = file.startsWith(prefix) ? file.slice(prefix.length) : file
      current.files.push({kind: file.split('/').includes(KIND_INFO.consent.folder) ? 'consent' : 'referral', blobs: [...blob(before), ...blob(after)]})
    }
  }
  for (const [commit, change] of out) if (change.first === '') out.delete(commit)
  return out
}

/** The free text of each commit's participant files, as they were and as it left them (message-repeats.ts). */
async function textsOf(root: string, changes: ReadonlyMap<string, CommitChange>, vocabulary: SiteVocabulary): Promise<Map<string, RecordText[]>> {
  const blobs = await readBlobs(root, [...changes.values()].flatMap((c) => c.files.flatMap((f) => f.blobs)))
  const texts = new Map<string, RecordText[]>()
  const of = new Map<string, RecordText[]>()
  for (const [commit, change] of changes) {
    texts.set(commit, change.files.flatMap((f) => f.blobs.flatMap((sha) => {
      let found = of.get(`${f.kind}\0${sha}`)
      if (!found) of.set(`${f.kind}\0${sha}`, (found = concealedTexts(f.kind, parsedOrText(blobs.get(sha)!), vocabulary)))
      return found
    })))
  }
  return texts
}
