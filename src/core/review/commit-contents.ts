/**
 * What the commits a change brings leave in referrals, consents and meetings on the way (`lead validate
 * --since`, `lead diff`, the CI gate). The gate judges the change's last state; a commit that
 * writes a name into a referral's notes, or saves a referral under a person's name, and a later
 * commit that takes it out leave nothing there to judge — yet merged (a merge commit, a rebase)
 * every commit is in every clone for good. Each version of such a record a commit leaves
 * that neither the base nor the change's last state holds is scanned as the record would be (by the
 * judged policy); a file it saves under a name that is no ID is found by its path. A finding is a
 * PII_COMMIT_CONTENT error on that path (concealed where it is no ID), never repeating what it holds.
 */
import type {Diagnostic} from '../errors.js'
import {readBlobs, runGit} from '../git/revision-files.js'
import {KIND_INFO} from '../records/kinds.js'
import {contentHash} from '../records/cache-files.js'
import {parseRecordText} from '../records/record-parse.js'
import {identifierList} from '../privacy/message-scan.js'
import type {IdentifierMatch} from '../privacy/identifiers.js'
import type {ParticipantKind} from '../privacy/disclosable.js'
import {namesConcealed} from '../privacy/file-names.js'
import {scanComments, scanLines, scanRecord, type RecordScanOptions} from '../privacy/record-scan.js'
import {fromRawDiff, WORDED_FOLDERS, wordedDiffOnce} from './changed-records.js'
import {blobHash} from '../git/blob-store.js'

const NO_BLOB = /^0+$/

interface Left {
  commit: string
  file: string
  kind: ParticipantKind
  blob: string
}

/** What the caller read already: the commits' wordedDiff, and the blobs the base holds in the worded folders (its listing's). */
export interface ReadAlready {
  diff?: () => Promise<string[] | undefined>
  baseBlobs?: () => ReadonlySet<string>
}

/**
 * PII_COMMIT_CONTENT findings about `commits` (commitsOfChange); `last`: the content hash of each record as the change leaves it,
 * `present`: whether the change leaves a file at that path (site-relative; its findings are validation's).
 */
export async function commitContentFindings(root: string, prefix: string, base: string, commits: readonly string[], last: ReadonlyMap<string, string>, present: (file: string) => boolean, scan: () => RecordScanOptions, read: ReadAlready = {}): Promise<Diagnostic[]> {
  if (commits.length === 0) return []
  const parts = await (read.diff ?? wordedDiffOnce(root, commits))()
  if (parts === undefined) return []
  const left: Left[] = []
  const found: Diagnostic[] = []
  let commit = ''
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (/^[0-9a-f]{40,64}$/.test(part)) commit = part
    else if (commit !== '' && part.startsWith(':') && i + 1 < parts.length) {
      const [, mode, , after = ''] = part.split(' ')
      const record = fromRawDiff(part, parts[++i]!, prefix)
      if (!record || NO_BLOB.test(after)) continue
      // A submodule: the checkout holds no file there (lead's walk sees none), and what it points to is another repository's.
      if (mode === GITLINK) found.push(finding(commit, record.file, `makes this path in ${KIND_INFO[record.kind].folder}/ a submodule (a link to a commit of another repository): lead cannot check what it holds, and git keeps it in every clone`, `remove it (git rm --cached, the path as \`git ls-files -s ${KIND_INFO[record.kind].folder} | grep ^160000\` lists it): records are .yaml files in their folder`))
      else left.push({commit, file: record.file, kind: record.kind, blob: after})
    }
  }
  if (left.length === 0) return found
  // The versions already in the base's history are not the change's to answer for.
  const inBase = read.baseBlobs?.() ?? (await blobsIn(root, base))
  // A file saved under a name that is no ID (one the change no longer has) is found by its path, whatever it holds.
  const named = (l: Left) => namesConcealed(l.file) && !present(l.file)
  // The change's last state is judged by validation itself: a version that is it by its blob id
  // (lead's content hash, in a SHA-1 repository) is not even read; any other, by its bytes.
  const isLast = (l: Left) => last.get(l.file) !== undefined && last.get(l.file) === blobHash(l.blob)
  const pending = left.filter((l) => !isLast(l) && (!inBase.has(l.blob) || named(l)))
  const blobs = await readBlobs(root, pending.filter((l) => !inBase.has(l.blob)).map((l) => l.blob))
  const options = scan()
  const seen = new Set<string>()
  for (const l of pending) {
    const scanned = !inBase.has(l.blob)
    const bytes = scanned ? blobs.get(l.blob) : undefined
    if (bytes !== undefined && last.get(l.file) === contentHash(bytes)) continue
    const what = !scanned ? undefined : bytes === undefined ? 'cannot be read from git to check it' : bytes.length > KIND_INFO[l.kind].maxBytes ? 'is too large to check' : describe(findingsOf(l.kind, bytes.toString('utf8'), options).map((f) => f.what))
    const record = l.file.endsWith('.yaml')
    const said = [record ? what : undefined, named(l) ? (record ? 'is saved under a name that is no ID' : 'is a file that is no record, which lead cannot check') : undefined].filter((w): w is string => w !== undefined)
    if (said.length === 0 || seen.has(`${l.commit}\0${l.file}`)) continue
    seen.add(`${l.commit}\0${l.file}`)
    found.push(finding(l.commit, l.file, `leaves this file in ${KIND_INFO[l.kind].folder}/ as no later state of the change does: it ${said.join(', and ')} (not shown): git keeps every commit's files in every clone`, `rewrite the change's history before it is merged, so that no commit holds it (git rebase -i ${base.slice(0, 12)}: drop or squash that commit, then git push --force-with-lease)`))
  }
  return found
}

const GITLINK = '160000'

/** The blobs under the worded folders at a commit, as git lists them. */
async function blobsIn(root: string, commit: string): Promise<Set<string>> {
  const inBase = new Set<string>()
  const listed = await runGit(root, ['ls-tree', '-r', '-z', commit, '--', ...WORDED_FOLDERS])
  if (listed.code === 0) for (const entry of listed.stdout.toString('utf8').split('\0')) inBase.add(entry.split(/\s/)[2] ?? '')
  return inBase
}

/**
 * A version's findings as validation would make them: its value and its comments scanned, or its
 * text line by line when it is no YAML (a conflict, a duplicate key).
 */
function findingsOf(kind: ParticipantKind, text: string, options: RecordScanOptions): IdentifierMatch[] {
  const parsed = parseRecordText('', text, {conceal: true})
  if (parsed.data === undefined) return scanLines(text, options)
  return [...scanRecord(kind, parsed.data, options), ...scanComments(parsed.comments ?? [], options)]
}

function finding(commit: string, file: string, what: string, hint: string): Diagnostic {
  return {
    code: 'PII_COMMIT_CONTENT',
    severity: 'error',
    file,
    line: 1,
    column: 1,
    message: `commit ${commit.slice(0, 7)} ${what}`,
    hint,
  }
}

/** "looks like it holds a person's name and a phone number" (what the scan found, in its words), or undefined for nothing found. */
function describe(found: readonly string[]): string | undefined {
  return found.length === 0 ? undefined : `looks like it holds ${identifierList(found)}`
}
