/**
 * The referrals, consents and meetings a commit changes (or the commit being made: the index), as
 * git lists them in a raw diff, and the free text of each as it was and as the commit leaves it:
 * what a typed commit message may not repeat (privacy/message-repeats.ts), read by the commit-msg
 * hook (message-check.ts) and the CI gate (commit-messages.ts) from git's objects.
 */
import {readBlobs, runGit} from '../git/revision-files.js'
import {literal} from '../git/pathspecs.js'
import {KIND_INFO, PER_PARTICIPANT_KINDS, recordFolderKind} from '../records/kinds.js'
import {concealedTexts, parsedOrText, type RecordText} from '../privacy/message-repeats.js'
import type {ParticipantKind} from '../privacy/disclosable.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'

/** The referral and consent folders as git pathspecs, read from the site's folder (where git runs): a commit touching them has its message scanned for identifiers. */
export const PARTICIPANT_FOLDERS: readonly string[] = literal([...PER_PARTICIPANT_KINDS].map((k) => `${KIND_INFO[k].folder}/`))

/** Those and the meetings' (a case conference's notes are a participant's), site-relative: a message may repeat none of their free text. */
const WORDED_FOLDER_NAMES: readonly string[] = [...PER_PARTICIPANT_KINDS, 'meeting' as const].map((k) => `${KIND_INFO[k].folder}/`)

/** WORDED_FOLDER_NAMES as git pathspecs. */
export const WORDED_FOLDERS: readonly string[] = literal(WORDED_FOLDER_NAMES)

export interface ChangedRecord {
  /** Site-relative path. */
  file: string
  kind: ParticipantKind
  /** Its blobs before and after (one for a file added or removed). */
  blobs: string[]
}

/** A referral's or consent's (its message is scanned for identifiers); not a meeting's. */
export const perParticipant = (r: ChangedRecord): boolean => r.kind !== 'meeting'

const blobOf = (sha: string | undefined): string[] => (sha && /^[0-9a-f]{40,64}$/.test(sha) && !/^0+$/.test(sha) ? [sha] : [])

/** A file of the worded folders, by its repository path; undefined for any other. */
function changed(path: string, prefix: string, blobs: string[]): ChangedRecord | undefined {
  const file = path.startsWith(prefix) ? path.slice(prefix.length) : path
  const kind = recordFolderKind(file)
  return kind === 'referral' || kind === 'consent' || kind === 'meeting' ? {file, kind, blobs} : undefined
}

/** A raw diff's entry (":MODE MODE SHA SHA STATUS", then its repository path). */
export function fromRawDiff(entry: string, path: string, prefix: string): ChangedRecord | undefined {
  const [, , before, after] = entry.split(' ')
  return changed(path, prefix, [...blobOf(before), ...blobOf(after)])
}

/**
 * Each commit's raw diff in the worded folders (`git diff-tree --stdin`: a commit's line, then for
 * each file its ":MODE MODE SHA SHA STATUS" and its repository path), split at its NULs; undefined
 * when git fails. Asked once for a change (wordedDiffOnce): its commit messages and what its commits
 * leave in the records both read it.
 */
export async function wordedDiff(root: string, commits: readonly string[]): Promise<string[] | undefined> {
  // Pathspecs are read from the folder git runs in, the site's; the paths git prints are from the repository's top.
  const r = await runGit(root, ['diff-tree', '--stdin', '-r', '--root', '--raw', '--no-renames', '-z', '--diff-merges=first-parent', '--', ...WORDED_FOLDERS], `${commits.join('\n')}\n`)
  return r.code === 0 ? r.stdout.toString('utf8').split('\0') : undefined
}

/** wordedDiff of these commits, asked of git the first time it is called. */
export function wordedDiffOnce(root: string, commits: readonly string[]): () => Promise<string[] | undefined> {
  let asked: Promise<string[] | undefined> | undefined
  return () => (asked ??= wordedDiff(root, commits))
}

/** The blobs of a listing (site-relative paths, git's TreeEntry) in the worded folders: what `git ls-tree -r REV -- WORDED_FOLDERS` lists. */
export function wordedBlobs(tree: ReadonlyArray<{path: string; sha: string}>): Set<string> {
  const blobs = new Set<string>()
  for (const entry of tree) if (WORDED_FOLDER_NAMES.some((f) => entry.path.startsWith(f))) blobs.add(entry.sha)
  return blobs
}

/** A staged entry of `git ls-files --stage` ("MODE SHA STAGE\tPATH"). */
export function fromStagedEntry(line: string, prefix: string): ChangedRecord | undefined {
  return changed(line.slice(line.indexOf('\t') + 1), prefix, blobOf(line.split(' ')[1]))
}

/** Each group's records as read from their blobs (every blob read once, through one git process): their free text is listed from these (textsIn). */
export async function valuesOf(root: string, groups: ReadonlyArray<readonly ChangedRecord[]>): Promise<Array<Array<{kind: ParticipantKind; data: unknown}>>> {
  const blobs = await readBlobs(root, groups.flatMap((g) => g.flatMap((r) => r.blobs)))
  const parsed = new Map<string, unknown>()
  const data = (r: ChangedRecord, sha: string) => {
    const key = `${r.kind}\0${sha}`
    if (!parsed.has(key)) parsed.set(key, parsedOrText(blobs.get(sha)!, r.kind))
    return parsed.get(key)
  }
  return groups.map((group) => group.flatMap((r) => r.blobs.map((sha) => ({kind: r.kind, data: data(r, sha)}))))
}

/** The free text of records read by valuesOf, under a vocabulary. */
export function textsIn(values: ReadonlyArray<{kind: ParticipantKind; data: unknown}>, vocabulary: SiteVocabulary): RecordText[] {
  return values.flatMap((v) => concealedTexts(v.kind, v.data, vocabulary))
}
