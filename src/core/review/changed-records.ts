/**
 * The referrals, consents and meetings a commit changes (or the commit being made: the index), as
 * git lists them in a raw diff, and the free text of each as it was and as the commit leaves it:
 * what a typed commit message may not repeat (privacy/message-repeats.ts), read by the commit-msg
 * hook (message-check.ts) and the CI gate (commit-messages.ts) from git's objects.
 */
import {readBlobs} from '../git/revision-files.js'
import {literal} from '../git/pathspecs.js'
import {KIND_INFO, PER_PARTICIPANT_KINDS, recordFolderKind} from '../records/kinds.js'
import {concealedTexts, parsedOrText, type RecordText} from '../privacy/message-repeats.js'
import type {ParticipantKind} from '../privacy/disclosable.js'
import type {SiteVocabulary} from '../privacy/vocabulary.js'

/** The referral and consent folders as git pathspecs, read from the site's folder (where git runs): a commit touching them has its message scanned for identifiers. */
export const PARTICIPANT_FOLDERS: readonly string[] = literal([...PER_PARTICIPANT_KINDS].map((k) => `${KIND_INFO[k].folder}/`))

/** Those and the meetings' (a case conference's notes are a participant's): a message may repeat none of their free text. */
export const WORDED_FOLDERS: readonly string[] = [...PARTICIPANT_FOLDERS, ...literal([`${KIND_INFO.meeting.folder}/`])]

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
