/**
 * File names in the participant folders (referrals, consents, meetings) are typed by a person
 * too: `consents/Jane Doe 1984-03-02.yaml` holds a name and a birth date in its path; and so in
 * every other kind's folder, where a referral saved by mistake as `partners/Jane Doe.yaml` lands. A
 * path is printed as it is when every part of it under a record folder is a code — a year folder, a
 * legal ID of the folder's kind (the name lead gives every file it writes, and the only name a
 * record's file may have) — and any other part is concealed like a value:
 * `referrals/2026/‹file name of 11 characters, not shown›.yaml`.
 *
 * The folder stays, so `ls` or `git status` of it finds the file. No digest of the name is shown
 * to tell two such files apart: anyone holding the output could confirm a guessed name against it
 * (the reason Diagnostic.subject is never printed).
 *
 * Concealment is applied where findings and errors become output (privacy/shown-findings.ts), not
 * by the rules: a rule may name its record by the ID its file name implies, and every renderer
 * then conceals it. A path of a legal ID costs one lookup and one regular expression.
 */
import {idProblem, KIND_INFO, RECORD_FOLDERS, recordFolderKind, type Kind} from '../records/kinds.js'
import {concealedName} from '../text/concealed.js'
import {FIXED_NAMES_LEFT_BESIDE} from '../records/left-beside.js'
import {PLACEHOLDERS} from '../records/site-files.js'

const YEAR = /^[0-9]{4}$/
const YEAR_FOLDER = /^[0-9]{4}\/$/
const RECORD_EXTENSION = /\.ya?ml$/i

/** A part of a path under a record folder as it may be printed: a year, a legal ID's file name, or concealed. */
function shownPart(kind: Kind, part: string, last: boolean): string {
  // A year is the name of a folder of a kind filed by year; any other four digits (a file's name, a
  // folder of consents) may be the end of an SSN.
  if (part === '' || (!last && KIND_INFO[kind].yearFolders === true && YEAR.test(part))) return part
  if (!last) return concealedName(part, 'folder')
  // .DS_Store, Thumbs.db: an operating system's name, not a person's (shown, the file is found by it);
  // .gitkeep, lead init's placeholder (a hint's `git add` names it).
  if (FIXED_NAMES_LEFT_BESIDE.has(part) || PLACEHOLDERS.has(part)) return part
  const extension = RECORD_EXTENSION.exec(part)
  if (!extension) return concealedName(part)
  const stem = part.slice(0, extension.index)
  // Only `.yaml` is a record's: `partners/quennell-zavorski.yml` (a FILE_NAME error) is never read,
  // so nothing tells whether it holds a referral saved there under a participant's name.
  return idProblem(kind, stem) === undefined && extension[0] === '.yaml' ? part : `${concealedName(stem)}${extension[0]}`
}

/**
 * Files this run learnt hold a referral or consent saved into another kind's folder
 * (disclosable.ts shownAsParticipant): `partners/quennell-zavorski.yaml` is a legal partner ID and
 * a participant's name. What the path alone cannot tell, their findings say (Diagnostic
 * `participantFile`, remembered with them, so a run that reads no record knows it too); every
 * later output of the run conceals their names, unless the name is a referral's or consent's ID.
 */
const holdingParticipantData = new Set<string>()

/** Learn from findings which files hold a referral or consent in another kind's folder (see above). */
export function learnParticipantFiles(diagnostics: ReadonlyArray<{file: string; participantFile?: boolean}>): void {
  for (const d of diagnostics) if (d.participantFile === true) holdingParticipantData.add(d.file)
}

/** Learn that `file` holds a referral or consent in another kind's folder (a diff read it). */
export function learnParticipantFile(file: string): void {
  holdingParticipantData.add(file)
}

/**
 * A site-relative path as it may be printed: itself (the same string) unless it is under a
 * record folder and a part of it below that folder is not a code, or it is a file that holds a
 * referral or consent in another kind's folder.
 */
export function shownSitePath(file: string): string {
  return shownPathOf(file, holdingParticipantData.size > 0 && holdingParticipantData.has(file))
}

/** shownSitePath, told whether the file holds a referral or consent in another kind's folder (`anyName`: its name concealed whatever it is). */
function shownPathOf(file: string, anyName: boolean): string {
  const kind = recordFolderKind(file)
  // A referral, consent or meeting saved outside the record folders (site-files.ts strayFinding): any part may name the person.
  if (!kind) return anyName ? file.split('/').map((part, i, parts) => (i === parts.length - 1 ? concealedFileName(part) : concealedName(part, 'folder'))).join('/') : file
  const slash = file.indexOf('/')
  // The usual path (a year folder or none, then an ID's file) without splitting it: junit lists 13,000.
  const last = file.lastIndexOf('/')
  const between = file.slice(slash + 1, last + 1)
  if (!anyName && (between === '' || (KIND_INFO[kind].yearFolders === true && YEAR_FOLDER.test(between))) && shownPart(kind, file.slice(last + 1), true) === file.slice(last + 1)) return file
  const parts = file.slice(slash + 1).split('/')
  let changed = false
  const shown = parts.map((part, i) => {
    const s = anyName && i === parts.length - 1 ? concealedFileName(part) : shownPart(kind, part, i === parts.length - 1)
    if (s !== part) changed = true
    return s
  })
  return changed ? `${file.slice(0, slash + 1)}${shown.join('/')}` : file
}

/** The name of a file holding a referral or consent: shown only when it is a referral's or consent's ID (a code lead mints), its extension kept. */
function concealedFileName(name: string): string {
  const extension = RECORD_EXTENSION.exec(name)
  if (!extension) return concealedName(name)
  const stem = name.slice(0, extension.index)
  return idProblem('referral', stem) === undefined || idProblem('consent', stem) === undefined ? name : `${concealedName(stem)}${extension[0]}`
}

/**
 * How to find a file whose name is concealed: the nearest folder above it that is printed as it
 * is, listed. undefined for a path printed whole. `participantFile`: the file holds a referral or
 * consent saved into another kind's folder (a rule knows it before this run's outputs do).
 */
export function findingHint(file: string, participantFile = false): string | undefined {
  const shown = participantFile ? shownPathOf(file, true) : shownSitePath(file)
  if (shown === file) return undefined
  const parts = file.split('/')
  const shownParts = shown.split('/')
  let shared = 0
  while (shared < parts.length - 1 && parts[shared] === shownParts[shared]) shared++
  const folder = parts.slice(0, shared).join('/') || '.'
  return `the file's name is not shown: \`git status ${folder}\` or \`ls ${folder}\` lists it`
}

/** Whether a path is printed otherwise than it is. */
export const namesConcealed = (file: string): boolean => shownSitePath(file) !== file

/**
 * A path of a participant folder anywhere in a text (an absolute path in a file-system error, a
 * list of files in a refusal): an optional year folder, then a name up to its `.yaml`, never
 * across a `/` (so `referrals/<year>/<id>.yaml` in a sentence is no path). A name this cannot
 * delimit (one holding a `/` or `‹`) is found only as a known path (PathConcealer).
 */
const folders = RECORD_FOLDERS.join('|')
const MENTIONED = new RegExp(`(?<![\\p{L}\\p{N}_-])(?:${folders})/(?:[0-9]{4}/)?[^/\\s‹›][^/‹›]{0,254}?\\.ya?ml(?![\\p{L}\\p{N}_])`, 'u')
const MENTIONS = new RegExp(`(?:${folders})/`)

/** The participant paths a text mentions whose names are concealed (an error names its record by the file's name too). */
export function mentionedPaths(text: string): string[] {
  if (!MENTIONS.test(text)) return []
  return [...text.matchAll(new RegExp(MENTIONED.source, 'gu'))].map((m) => m[0]).filter(namesConcealed)
}

const escaped = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
/** A name alone (a record's ID implied by its file name) only as a word of its own. */
const asWord = (s: string) => `(?<![\\p{L}\\p{N}_])${escaped(s)}(?![\\p{L}\\p{N}_])`

interface Replacement {
  shown: string
  /** For a name alone: the paths whose findings may name it so (elsewhere it is left, being likely a word of lead's own). */
  owners?: Set<string>
}

/**
 * Conceals the known paths whose names are not codes (each finding's file, an error's position
 * and the paths its details list) wherever a text repeats them — whole, as a folder, as the file's
 * name, or as the name alone — and any other participant path a text mentions.
 */
export class PathConcealer {
  private readonly replacements = new Map<string, Replacement>()
  private readonly pattern: RegExp

  constructor(paths: Iterable<string>) {
    for (const file of new Set(paths)) {
      const shown = shownSitePath(file)
      if (shown === file) continue
      const parts = file.split('/')
      const shownParts = shown.split('/')
      for (let i = 1; i < parts.length; i++) {
        const part = parts[i]!
        if (part === shownParts[i]) continue
        this.add(parts.slice(0, i + 1).join('/'), shownParts.slice(0, i + 1).join('/'))
        const extension = i === parts.length - 1 ? RECORD_EXTENSION.exec(part) : null
        if (!extension) {
          this.add(part, shownParts[i]!, file)
          continue
        }
        this.add(part, shownParts[i]!)
        // The name without its extension: the ID a rule names the record by.
        const stem = part.slice(0, extension.index)
        this.add(stem, concealedName(stem), file)
      }
    }
    const known = [...this.replacements.keys()].sort((a, b) => b.length - a.length)
    const literal = known.map((k) => (this.replacements.get(k)!.owners ? asWord(k) : escaped(k)))
    this.pattern = new RegExp([...literal, MENTIONED.source].join('|'), 'gu')
  }

  private add(original: string, shown: string, owner?: string): void {
    if (original === '') return
    const had = this.replacements.get(original)
    if (!had) this.replacements.set(original, {shown, owners: owner === undefined ? undefined : new Set([owner])})
    else if (owner !== undefined) had.owners?.add(owner)
    // A whole name (with its folder or extension) is concealed everywhere, whoever else names it alone.
    else had.owners = undefined
  }

  /** Whether any known path is concealed (else only mentions in text are looked for). */
  get any(): boolean {
    return this.replacements.size > 0
  }

  /** `text` with every concealed path and name replaced; a name alone only in a text about one of `own`. */
  text(text: string, own: readonly string[] = []): string {
    if (!this.any && !MENTIONS.test(text)) return text
    return text.replace(this.pattern, (match) => {
      const known = this.replacements.get(match)
      if (!known) return shownSitePath(match)
      if (known.owners && !own.some((f) => known.owners!.has(f))) return match
      return known.shown
    })
  }

  path(file: string): string {
    return this.replacements.get(file)?.shown ?? shownSitePath(file)
  }
}
