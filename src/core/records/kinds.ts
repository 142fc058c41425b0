/**
 * The record kinds a site holds: where each lives, how its IDs look, how large its files may be.
 * This registry is the one place that maps kinds to folders and file names.
 */
import path from 'node:path'

export const KINDS = ['partner', 'protocol', 'mou', 'roster', 'training', 'referral', 'consent', 'meeting'] as const
export type Kind = (typeof KINDS)[number]

export interface KindInfo {
  kind: Kind
  /** Folder under the site root. */
  folder: string
  /** Plural for messages ("3 referrals"). */
  plural: string
  summary: string
  /** IDs are minted by lead (merge-safe) rather than chosen by the user. */
  generatedId?: {prefix: string}
  /** IDs are built by lead from these fields (a meeting's body and date: pcg-2026-02-18). */
  idFromFields?: readonly string[]
  /** Files live in a per-year subfolder taken from the ID's date (referrals/2026/r-2026-…). */
  yearFolders: boolean
  /**
   * Byte cap, checked from the file's size before it is read. Rosters of large departments are big
   * (40,000 officers with their histories: 14 MiB), everything else is small.
   */
  maxBytes: number
  /** Default columns for `lead list`. Of a participant kind, only fields whose values are codes, enums or dates: free text (a meeting's location, a referral's notes) is shown when asked for by --fields, never by default. */
  columns: string[]
  /** Records about participants: their values are printed only through privacy/disclosable.ts. */
  participantData?: boolean
}

export const MiB = 1024 * 1024

export const KIND_INFO: Record<Kind, KindInfo> = {
  partner: {kind: 'partner', folder: 'partners', plural: 'partners', summary: 'Partner agencies and organisations', yearFolders: false, maxBytes: MiB, columns: ['id', 'name', 'type', 'pcg_member', 'owg_member']},
  protocol: {kind: 'protocol', folder: 'protocols', plural: 'protocols', summary: 'Operational protocols, one file per version', yearFolders: false, maxBytes: MiB, columns: ['id', 'version', 'status', 'effective.from', 'effective.to', 'adopted.date']},
  mou: {kind: 'mou', folder: 'mous', plural: 'MOUs', summary: 'Memoranda of understanding between partners', yearFolders: false, maxBytes: MiB, columns: ['id', 'status', 'effective.from', 'effective.to', 'protocol']},
  roster: {kind: 'roster', folder: 'rosters', plural: 'rosters', summary: "One law-enforcement agency's officers", yearFolders: false, maxBytes: 32 * MiB, columns: ['id', 'agency', 'as_of']},
  training: {kind: 'training', folder: 'trainings', plural: 'trainings', summary: 'Training sessions with their attendance', yearFolders: false, maxBytes: 4 * MiB, columns: ['id', 'course', 'date', 'agency', 'protocol']},
  referral: {kind: 'referral', folder: 'referrals', plural: 'referrals', summary: 'Referrals into LEAD (pseudonymous)', generatedId: {prefix: 'r'}, yearFolders: true, maxBytes: MiB, columns: ['id', 'pathway', 'received', 'status', 'participant', 'referrer.agency'], participantData: true},
  consent: {kind: 'consent', folder: 'consents', plural: 'consents', summary: 'Release-of-information consents', generatedId: {prefix: 'c'}, yearFolders: false, maxBytes: MiB, columns: ['id', 'participant', 'signed', 'expires', 'revoked'], participantData: true},
  meeting: {kind: 'meeting', folder: 'meetings', plural: 'meetings', summary: 'PCG and OWG meetings: attendance, decisions, case conferences, actions', idFromFields: ['body', 'date'], yearFolders: true, maxBytes: MiB, columns: ['id', 'body', 'date', 'status', 'time.from'], participantData: true},
}

export const CONFIG_FILE = 'lead.yaml'
export const CONFIG_MAX_BYTES = MiB

const FOLDER_TO_KIND = new Map<string, Kind>(KINDS.map((k) => [KIND_INFO[k].folder, k]))

/**
 * The kinds a site holds one or more of per person referred: thousands, changing every day.
 * Everything else (partners, protocols, MOUs, rosters, trainings, meetings) is the site's
 * context, which validation reads whole (validate/rule-memo.ts) and a command that needs one
 * referral loads whole beside it (load.ts `select`).
 */
export const PER_PARTICIPANT_KINDS: ReadonlySet<Kind> = new Set<Kind>(['referral', 'consent'])

/**
 * The kinds whose records declare the site's vocabulary (privacy/site-vocabulary.ts, whose source
 * takes no other kind: privacy/vocabulary.ts VocabularySource): staff names, badges, charge codes
 * and exclusions, partner, protocol, MOU and meeting IDs. The one list of them: what keys the
 * vocabulary's memo, what a comparison's head loads whole (git/site-snapshot.ts), what a check of a
 * message reads the site's words from.
 */
export const DECLARING_KINDS = ['partner', 'protocol', 'mou', 'roster', 'training', 'meeting'] as const satisfies readonly Kind[]
export type DeclaringKind = (typeof DECLARING_KINDS)[number]

/** The site's context: every other kind (and any kind added later, until it is known to be safe to leave out). */
export const CONTEXT_KINDS: ReadonlySet<Kind> = new Set(KINDS.filter((k) => !PER_PARTICIPANT_KINDS.has(k)))

/** Where the context's records are: a load of one record and its context walks these (site-files.ts RecordFilter.folders). */
export const CONTEXT_FOLDERS: readonly string[] = [...CONTEXT_KINDS].map((k) => KIND_INFO[k].folder)

const PARTICIPANT_FOLDER_KIND = new Map<string, Kind>(KINDS.filter((k) => KIND_INFO[k].participantData).map((k) => [KIND_INFO[k].folder, k]))

/** The participant folders (referrals, consents, meetings): what a person typed may be in their paths. */
export const PARTICIPANT_FOLDERS: readonly string[] = [...PARTICIPANT_FOLDER_KIND.keys()]

/** The kind whose participant folder holds `rel` (a site-relative path below it), if any. */
export function participantFolderKind(rel: string): Kind | undefined {
  const slash = rel.indexOf('/')
  return slash > 0 ? PARTICIPANT_FOLDER_KIND.get(rel.slice(0, slash)) : undefined
}

const RECORD_FOLDER_KIND = new Map<string, Kind>(KINDS.map((k) => [KIND_INFO[k].folder, k]))

/** Every kind's folder. A name typed into a path may be in any of them: a referral saved as `partners/Jane Doe.yaml` (privacy/file-names.ts). */
export const RECORD_FOLDERS: readonly string[] = [...RECORD_FOLDER_KIND.keys()]

/** The kind whose folder holds `rel` (a site-relative path below it), if any. */
export function recordFolderKind(rel: string): Kind | undefined {
  const slash = rel.indexOf('/')
  return slash > 0 ? RECORD_FOLDER_KIND.get(rel.slice(0, slash)) : undefined
}

export function isKind(value: string): value is Kind {
  return (KINDS as readonly string[]).includes(value)
}

/** Accept `referral`, `referrals` or the folder name. */
export function parseKind(value: string): Kind | undefined {
  const v = value.toLowerCase()
  if (isKind(v)) return v
  return FOLDER_TO_KIND.get(v) ?? KINDS.find((k) => KIND_INFO[k].plural.toLowerCase() === v)
}

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/
export const GENERATED_ID_PATTERN = /^([rc])-([0-9]{4})-([0-9]{2})-([0-9]{2})-[a-z0-9]{6}$/
/** `pcg-2026-02-18`, `owg-2026-03-10`, `pcg-2026-06-17-special`: body, date, and a suffix for a second meeting that day. */
export const MEETING_ID_PATTERN = /^(pcg|owg)-([0-9]{4})-([0-9]{2})-([0-9]{2})(?:-([a-z0-9]{1,16}))?$/

/** Does lead make this kind's IDs (randomly, or from the record's fields) rather than the user? */
export function idIsMinted(kind: Kind): boolean {
  return KIND_INFO[kind].generatedId !== undefined || KIND_INFO[kind].idFromFields !== undefined
}

/** The year an ID carries (the folder of a kind filed by year). */
export function idYear(kind: Kind, id: string): string | undefined {
  return (kind === 'meeting' ? MEETING_ID_PATTERN : GENERATED_ID_PATTERN).exec(id)?.[2]
}

/** Names Windows refuses as files, in any case and with any extension. */
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)$/

export function idProblem(kind: Kind, id: string): string | undefined {
  const info = KIND_INFO[kind]
  if (info.generatedId) {
    const m = GENERATED_ID_PATTERN.exec(id)
    if (!m || m[1] !== info.generatedId.prefix) {
      return `${kind} IDs look like ${info.generatedId.prefix}-YYYY-MM-DD-xxxxxx (lowercase letters and digits)`
    }
    return undefined
  }
  if (kind === 'meeting') return MEETING_ID_PATTERN.test(id) ? undefined : 'meeting IDs look like pcg-YYYY-MM-DD or owg-YYYY-MM-DD (the body and the date), with -WORD after the date for a second meeting that day'
  if (!SLUG_PATTERN.test(id)) return 'IDs are 1–64 lowercase letters, digits and hyphens, starting with a letter or digit'
  if (RESERVED_NAMES.test(id)) return `"${id}" is a reserved file name on Windows`
  return undefined
}

/** Site-relative path (always with forward slashes) of a record's file. */
export function recordPath(kind: Kind, id: string): string {
  const info = KIND_INFO[kind]
  if (info.yearFolders) {
    const year = idYear(kind, id) ?? 'unknown'
    return `${info.folder}/${year}/${id}.yaml`
  }
  return `${info.folder}/${id}.yaml`
}

export interface PathKind {
  kind?: Kind
  /** The ID the file name implies. */
  id: string
  /** Why the path is not where a record of its folder belongs (unknown folder, wrong year folder…). */
  problem?: string
}

/** The usual record path, FOLDER/ID.yaml or FOLDER/YYYY/ID.yaml: judged without the general rules below. */
const USUAL_PATH = /^([^/\\.][^/\\]*)\/(?:([0-9]{4})\/)?([^/\\]+)\.yaml$/

/**
 * A record where records belong, by the usual path alone (13,400 paths on a big site, every
 * command: one match and a lookup); undefined means "judge it by kindOfPath".
 */
export function usualRecordPath(rel: string): {kind: Kind; id: string} | undefined {
  const usual = USUAL_PATH.exec(rel)
  const kind = usual && FOLDER_TO_KIND.get(usual[1]!)
  return kind && Boolean(KIND_INFO[kind].yearFolders) === (usual[2] !== undefined) ? {kind, id: usual[3]!} : undefined
}

/** USUAL_PATH without its groups: tested, not matched (no array or strings made). */
const USUAL_SHAPE = /^[^/\\.][^/\\]*\/(?:[0-9]{4}\/)?[^/\\]+\.yaml$/

/** The folder usualKind last looked up, and its kind: a site's paths come folder by folder. */
let lastFolder = ''
let lastKind: Kind | undefined

/**
 * usualRecordPath's kind, judged without a match array, a result or a string per path (the ID is
 * the last name less `.yaml`): listing a big site's files meets 13,000 of them. A regular
 * expression, not a loop over the characters: it runs compiled from the first path, where a loop
 * runs in the interpreter for thousands (twice usualRecordPath's time, measured).
 * `test/core/record-paths.test.ts` holds the two to the same answers.
 */
export function usualKind(rel: string): Kind | undefined {
  if (!USUAL_SHAPE.test(rel)) return undefined
  const first = rel.indexOf('/')
  if (first !== lastFolder.length || !rel.startsWith(lastFolder)) {
    lastFolder = rel.slice(0, first)
    lastKind = FOLDER_TO_KIND.get(lastFolder)
  }
  const kind = lastKind
  // A year folder between: the shape allows only one.
  return kind !== undefined && Boolean(KIND_INFO[kind].yearFolders) === (rel.lastIndexOf('/') !== first) ? kind : undefined
}

/** Which kind a site-relative path holds, judged by its folder. */
export function kindOfPath(rel: string): PathKind {
  return usualRecordPath(rel) ?? kindOfPathByRules(rel)
}

/** kindOfPath without the shortcut (exported so tests can hold the two to the same answers). */
export function kindOfPathByRules(rel: string): PathKind {

  const parts = rel.split(/[\\/]/)
  const id = path.posix.basename(rel).replace(/\.ya?ml$/i, '')
  const kind = FOLDER_TO_KIND.get(parts[0] ?? '')
  if (!kind) return {id, problem: `"${parts[0]}" is not a record folder`}
  const info = KIND_INFO[kind]
  const depth = info.yearFolders ? 3 : 2
  if (parts.length !== depth) {
    return {kind, id, problem: info.yearFolders ? `${info.plural} belong in ${info.folder}/<year>/<id>.yaml` : `${info.plural} belong directly in ${info.folder}/`}
  }
  if (info.yearFolders && !/^[0-9]{4}$/.test(parts[1]!)) return {kind, id, problem: `${info.folder}/${parts[1]} is not a year folder`}
  return {kind, id}
}
