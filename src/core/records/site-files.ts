/**
 * Which files of a site are records: a walk of the record folders that refuses anything
 * that is not a plain regular file (a symlink could point at ~/.ssh; see reliability §5).
 */
import fs from 'node:fs'
import path from 'node:path'
import type {Diagnostic} from '../errors.js'
import {CONFIG_FILE, KIND_INFO, kindOfPath, participantFolderKind, usualKind, usualRecordPath, type Kind} from './kinds.js'
import type {GitFiles} from './git-file-state.js'
import {LEAD_TEMP, LEFT_BESIDE_RECORDS} from './left-beside.js'
import {trackedByGit} from './ignored-files.js'

export interface SiteFile {
  /** Site-relative path with forward slashes. */
  file: string
  abs: string
  kind: Kind
  /** ID implied by the file name. */
  id: string
}

export interface SiteFileList<F extends SiteFile = SiteFile> {
  files: F[]
  diagnostics: Diagnostic[]
}

/** Makes the object a listed file is kept as (load.ts makes its record inputs directly: one object per file, not two). */
export type MakeSiteFile<F extends SiteFile> = (file: string, kind: Kind, id: string, abs: string, hash?: string) => F

/**
 * Which records a listing keeps (load.ts `select`): the others are not made at all; what is said
 * about non-records is. One that says in which `folders` every record it keeps is (ofKinds, or a
 * command that knows where its few records are) has those folders alone walked; a path there may
 * also name one record's file (one referral among 10,000 in its year's folder: no walk of the folder).
 */
export type RecordFilter = ((kind: Kind, id: string) => boolean) & {folders?: readonly string[]}

/** Every record of these kinds (and no other): a listing walks their folders only. */
export function ofKinds(...kinds: Kind[]): RecordFilter {
  const set: ReadonlySet<Kind> = new Set(kinds)
  return Object.assign((kind: Kind) => set.has(kind), {folders: kinds.map((k) => KIND_INFO[k].folder)})
}

/**
 * The records `only` keeps by a walk of `folders` alone (site-relative), with the walk's
 * refusals: a folder that is a link is not read (SYMLINK). A kind's records live in its folder
 * (a file elsewhere is of another kind or none: classifySitePath), so a filter of kinds misses
 * nothing of theirs. For a few hundred records this costs less than asking git about 13,000 files.
 */
export function listFolders<F extends SiteFile>(root: string, folders: readonly string[], make: MakeSiteFile<F>, only: RecordFilter): SiteFileList<F> {
  const list = new FileCollector(root, make as MakeSiteFile<SiteFile>, only)
  // In the walk's order, each once, none inside another listed (it is walked with its parent).
  const sorted = [...new Set(folders)].sort(walkOrder)
  const walked = sorted.filter((f, i) => !sorted.slice(0, i).some((p) => f.startsWith(`${p}/`)))
  for (const folder of walked) {
    // Every step of the path, so that referrals/2026 is not read through a referrals that is a link.
    const parts = folder.split('/')
    for (let n = 1; n <= parts.length; n++) {
      const rel = parts.slice(0, n).join('/')
      let st: fs.Stats
      try {
        st = fs.lstatSync(path.join(root, rel))
      } catch {
        break
      }
      if (!st.isDirectory()) {
        // A file named itself is listed like one a walk finds; a file or link where a folder should be is not read.
        list.add(rel, st.isSymbolicLink() ? 'symlink' : n === parts.length && st.isFile() ? 'file' : 'other')
        break
      }
      if (n === parts.length) list.walk(folder)
    }
  }
  return {files: list.files as F[], diagnostics: list.diagnostics}
}

const plainFile: MakeSiteFile<SiteFile> = (file, kind, id, abs) => ({file, kind, id, abs})

/** The empty files that keep a folder in git (lead init's .gitkeep). */
export const PLACEHOLDERS: ReadonlySet<string> = new Set(['.gitkeep', '.keep'])

/**
 * A file in a participant folder that lead never reads: not YAML. classifySitePath makes each one
 * a finding (a hidden one too: macOS's `._Jane Doe.pdf` carries a name, .DS_Store the names of the
 * files beside it, a .gitignore there whatever it lists), dropped for a file git ignores
 * (ignored-files.ts); a write never counts on one. A placeholder is none where lead init puts one
 * (the kind's folder or a year folder of it): elsewhere it keeps a folder a person named. Lead's
 * own temporary file is none while it is there for a moment, and one once git tracks it
 * (`tracked`: listed from git's index or a commit, or vouched clean by git's status).
 */
export function unreadInParticipantFolder(rel: string, tracked = false): boolean {
  const kind = participantFolderKind(rel)
  if (kind === undefined) return false
  const last = rel.lastIndexOf('/')
  const name = rel.slice(last + 1)
  if (name === '' || isYaml(name)) return false
  if (LEAD_TEMP.test(name)) return tracked
  if (!PLACEHOLDERS.has(name)) return true
  // Where lead init puts one: the kind's folder, or a year folder of a kind filed by year.
  const between = rel.slice(KIND_INFO[kind].folder.length + 1, last + 1)
  return !(between === '' || (KIND_INFO[kind].yearFolders && /^[0-9]{4}\/$/.test(between)))
}

/** Folders at the site root that are never records. */
const SKIP_DIRS = new Set(['.git', '.lead', '.github', '.vscode', 'node_modules'])

/** Under a folder never read (SKIP_DIRS, or any starting with a dot), judged without slicing the path. */
function skipped(rel: string): boolean {
  if (rel.charCodeAt(0) === 46) return true
  for (const dir of SKIP_DIRS) if (rel.startsWith(dir) && (rel.length === dir.length || rel.charCodeAt(dir.length) === 47)) return true
  return false
}

const isYaml = (name: string) => /\.ya?ml$/i.test(name)

function isDirectory(abs: string): boolean {
  try {
    return fs.statSync(abs).isDirectory()
  } catch {
    return false
  }
}

export function listSiteFiles(root: string): SiteFileList
export function listSiteFiles<F extends SiteFile>(root: string, make: MakeSiteFile<F>, only?: RecordFilter): SiteFileList<F>
export function listSiteFiles(root: string, make: MakeSiteFile<SiteFile> = plainFile, only?: RecordFilter): SiteFileList {
  const list = new FileCollector(root, make, only)
  list.walk('')
  return {files: list.files, diagnostics: list.diagnostics}
}

/**
 * The same list from git's answer (git-file-state.ts), in the walk's order and with the same
 * refusals; `hashes` holds the content hash of each file git found unchanged.
 */
export function listSiteFilesFromGit(root: string, state: GitFiles): SiteFileList
export function listSiteFilesFromGit<F extends SiteFile>(root: string, state: GitFiles, make: MakeSiteFile<F>, only?: RecordFilter): SiteFileList<F>
export function listSiteFilesFromGit(root: string, state: GitFiles, make: MakeSiteFile<SiteFile> = plainFile, only?: RecordFilter): SiteFileList {
  const list = new FileCollector(root, make, only)
  // The clean files come in git's order, nearly always the walk's already: sorted (by position)
  // only if not. The few others are sorted and merged in. Walked by position, with their content
  // hashes (git's blobs): no map, pair or object per file.
  const {files, hashes} = state.clean
  const order = inOrder(files) ? undefined : files.map((_, i) => i).sort((a, b) => walkOrder(files[a]!, files[b]!))
  const at = (k: number) => files[order ? order[k]! : k]!
  const other = [...state.other].sort(walkOrder)
  const dirs = [...state.ignoredDirs].sort(walkOrder)
  const n = files.length
  let k = 0
  const cleanUntil = (end: number) => {
    for (; k < end; k++) {
      const i = order ? order[k]! : k
      list.addClean(files[i]!, hashes[i]!)
    }
  }
  // Merged in the walk's order: each other file, and each ignored folder (walked where it sorts), after the clean files before it.
  let o = 0
  let d = 0
  while (o < other.length || d < dirs.length) {
    const dir = d < dirs.length && (o >= other.length || walkOrder(dirs[d]!, other[o]!) < 0)
    const next = dir ? dirs[d++]! : other[o++]!
    // The clean files after it start here (a few other files and folders among 13,000 clean ones).
    cleanUntil(firstAfter(next, n, at, k))
    if (dir) list.walk(next)
    else list.addFound(next)
  }
  cleanUntil(n)
  return {files: list.files, diagnostics: list.diagnostics}
}

/**
 * Whether git's order (by bytes) is the walk's. It differs only where, after a common start, one
 * path has "/" and the other a lower character ("a/b" and "a-c"): looked for at the slashes of
 * the later path, so a site of usual paths costs a native comparison and its slashes' look-ups
 * per path, not a character loop.
 */
function inOrder(files: readonly string[]): boolean {
  for (let i = 1; i < files.length; i++) {
    const a = files[i - 1]!
    const b = files[i]!
    if (a < b) {
      for (let q = b.indexOf('/'); q >= 0; q = b.indexOf('/', q + 1)) if (q < a.length && a.charCodeAt(q) < 47 && walkOrder(a, b) > 0) return false
    } else if (walkOrder(a, b) > 0) return false
  }
  return true
}

/**
 * The first of `count` files in the walk's order (the i-th is `fileAt(i)`), from `from` on, that
 * comes after `file`: found by halving, where a pass would compare it with 13,000 paths.
 */
export function firstAfter(file: string, count: number, fileAt: (i: number) => string, from = 0): number {
  let lo = from
  let hi = count
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (walkOrder(file, fileAt(mid)) < 0) hi = mid
    else lo = mid + 1
  }
  return lo
}

/**
 * Where `file` is among records listed in the walk's order (by halving), or -1 when it is not
 * there: or when they are in another order (callers then look through them).
 */
export function walkPosition(records: ReadonlyArray<{file: string}>, file: string): number {
  const at = firstAfter(file, records.length, (i) => records[i]!.file) - 1
  return at >= 0 && records[at]!.file === file ? at : -1
}

/** The walk's order: folder by folder, names compared as strings ("a/b" before "a-c"). */
export function walkOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    if (x === 47) return -1
    if (y === 47) return 1
    return x - y
  }
  return a.length - b.length
}

class FileCollector {
  readonly files: SiteFile[] = []
  readonly diagnostics: Diagnostic[] = []
  /** The root with a separator: a site-relative path appended is already normal (no path.join per file). */
  private readonly base: string
  constructor(
    private readonly root: string,
    private readonly make: MakeSiteFile<SiteFile>,
    private readonly only?: RecordFilter,
  ) {
    this.base = path.join(root, path.sep)
  }

  walk(relDir: string): void {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(path.join(this.root, relDir), {withFileTypes: true})
    } catch {
      return
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name
      if (!relDir && (SKIP_DIRS.has(entry.name) || entry.name.startsWith('.'))) continue
      if (entry.isDirectory()) this.walk(rel)
      else if (entry.isFile()) this.addFile(rel)
      else this.add(rel, entry.isSymbolicLink() ? 'symlink' : 'other')
    }
  }

  /** A regular file the walk found: one in its usual place that the filter leaves out is passed by at once (10,000 in a year's folder for one referral's collisions). */
  private addFile(rel: string): void {
    const kind = this.only && usualKind(rel)
    if (kind && !this.only!(kind, rel.slice(rel.lastIndexOf('/') + 1, -5))) return
    this.add(rel, 'file')
  }

  /** A path git listed: what is there now decides (it may have become a link or a folder). */
  addFound(rel: string): void {
    let st: fs.Stats
    try {
      st = fs.lstatSync(path.join(this.root, rel))
    } catch {
      return
    }
    if (st.isDirectory()) this.walk(rel)
    else this.add(rel, st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : 'other')
  }

  /** A regular file git vouches for by `hash`: a record in its usual place is added without the general rules (13,000 on a big site). */
  addClean(rel: string, hash: string): void {
    const kind = usualKind(rel)
    // A usual path is never under a skipped folder (its folder is a kind's).
    if (kind === undefined) return this.add(rel, 'file', hash)
    const id = rel.slice(rel.lastIndexOf('/') + 1, -5)
    if (!this.only || this.only(kind, id)) this.files.push(this.make(rel, kind, id, this.base + rel, hash))
  }

  /** `hash`: the content hash git vouches for (a clean file's blob). */
  add(rel: string, type: 'file' | 'symlink' | 'other', hash?: string): void {
    if (skipped(rel)) return
    if (type === 'symlink' && kindOfPath(`${rel}/x.yaml`).kind && isDirectory(path.join(this.root, rel))) {
      this.diagnostics.push({code: 'SYMLINK', severity: 'error', message: `folder ${rel} is a symbolic link: its records are not read`, hint: 'replace the link with a real folder: lead never reads or writes through links', file: rel, line: 1, column: 1})
      return
    }
    if (type === 'other') return
    // Tracked: vouched clean by git's status (`hash`), or, for lead's own temporary file alone (its finding depends on it), asked of git.
    const tracked = hash !== undefined || (LEAD_TEMP.test(rel.slice(rel.lastIndexOf('/') + 1)) && trackedByGit(this.root, rel))
    const found = classifySitePath(rel, {symlink: type === 'symlink', tracked})
    if (!found) return
    if ('code' in found) this.diagnostics.push(found)
    else if (!this.only || this.only(found.kind, found.id)) this.files.push(this.make(found.file, found.kind, found.id, this.base + rel, hash))
  }
}

/**
 * A referral, consent or meeting saved outside the record folders (`archive/<a name>.yaml`), told
 * by its text: its ID, a `participant:`, or a meeting's `case_conferences:`. Its file is never read
 * as a record, so nothing in it is checked, and its path may name the person.
 */
const PARTICIPANT_TEXT = /(?:^|[{,])[ \t]*["']?(?:participant|case_conferences|id["']?[ \t]*:[ \t]*["']?(?:[rc]|owg|pcg)-[0-9]{4}-[0-9]{2}-[0-9]{2}\b)/m

/**
 * A STRAY_YAML finding (classifySitePath) made an error, with its name concealed (participantFile),
 * when the file's bytes (`bytes`: capped, never through a link) read as a referral, consent or
 * meeting, or cannot be read at all (nothing then tells that it is none); other findings as they are.
 */
export function strayFinding(d: Diagnostic, bytes: () => Uint8Array | undefined): Diagnostic {
  if (d.code !== 'STRAY_YAML') return d
  let text: string | undefined
  try {
    const read = bytes()
    text = read === undefined ? undefined : Buffer.from(read).toString('utf8')
  } catch {
    text = undefined
  }
  if (text !== undefined && !PARTICIPANT_TEXT.test(text)) return d
  return {
    ...d,
    code: 'PII_UNCHECKED_FILE',
    severity: 'error',
    participantFile: true,
    message: text === undefined ? 'a YAML file outside the record folders cannot be read to tell whether it holds a referral, consent or meeting: lead cannot check it for names, birth dates or other identifiers' : 'a YAML file outside the record folders reads as a referral, consent or meeting: lead does not check it for names, birth dates or other identifiers, and git keeps every file committed in every clone',
    hint: 'move it into the folder of its kind (see `lead schema list`), or out of the site repository; `git status` lists it (the name is not shown)',
  }
}

/**
 * Whether a site-relative path holds a record, and of which kind; a Diagnostic when a YAML file
 * sits where no record belongs; undefined for files that are not records at all. Shared by the
 * working-tree walk and by listings of the git index or a revision.
 */
export function classifySitePath(rel: string, options: {symlink?: boolean; tracked?: boolean} = {}): Omit<SiteFile, 'abs'> | Diagnostic | undefined {
  const usual = options.symlink ? undefined : usualRecordPath(rel)
  if (usual) return {file: rel, kind: usual.kind, id: usual.id}
  const name = path.posix.basename(rel)
  const top = rel.split('/')[0]!
  if (rel === CONFIG_FILE || SKIP_DIRS.has(top) || top.startsWith('.')) return undefined
  const problem = (code: string, message: string, hint: string): Diagnostic => ({code, severity: 'error', message, hint, file: rel, line: 1, column: 1})
  if (!isYaml(name)) {
    if (!unreadInParticipantFolder(rel, options.tracked)) return undefined
    // A link there is never read either, and git keeps its target's path (which may name someone).
    if (options.symlink) return problem('SYMLINK', `${top}/ holds a symbolic link: lead never reads through links, and git keeps the path it points to`, 'replace the link with the record itself, or move it out of the site')
    // A scan of a signed consent, a records export, a note: lead reads records only, so nothing in
    // it is checked for names, and git keeps what is committed in every clone.
    const left = LEFT_BESIDE_RECORDS.find((l) => l.matches(name))
    const keep = left ? `${left.by ?? 'an editor or the operating system'} leaves such a file: add the line \`${left.line}\` to the .gitignore at the site's top (lead init writes it), and remove the file if it was committed` : `keep scans, exports and notes outside the site repository (the case-management system is their place), and add what should never be committed (an editor's backups, .DS_Store) to the .gitignore at the site's top, by pattern, not name`
    return problem('PII_UNCHECKED_FILE', `${top}/ holds a file that is not a record: lead cannot check it for names, birth dates or other identifiers, and git keeps every file committed in every clone`, `${keep}; \`git status --short ${top}\` or \`git ls-files ${top} | grep -v '\\.yaml$'\` lists it (the name is not shown); one committed stays in history until it is rewritten (docs/guides/privacy.md, Limits)`)
  }
  if (options.symlink) return problem('SYMLINK', 'record file is a symbolic link', 'replace the link with the record itself: lead never reads or writes through links')
  const where = kindOfPath(rel)
  if (!where.kind) {
    // A docker-compose.yml or a docs config may live in the site repository: say so, don't fail.
    return {...problem('STRAY_YAML', `YAML file outside the record folders is not checked: ${where.problem ?? 'unknown folder'}`, 'if it is a record, move it into the folder of its kind (see `lead schema list`); if not, set rules: {STRAY_YAML: off} in lead.yaml'), severity: 'warning'}
  }
  if (where.problem) return problem('UNKNOWN_FOLDER', `YAML file in the wrong place: ${where.problem}`, 'move it into the folder of its kind (see `lead schema list`)')
  // The name is not repeated (privacy/file-names.ts conceals it: a file never read may be a referral saved under a participant's name).
  if (!/\.yaml$/.test(name)) return problem('FILE_NAME', 'record files end in .yaml', `rename it so that its name ends in .yaml; the file's name is not shown: \`git status ${top}\` lists it`)
  return {file: rel, kind: where.kind, id: where.id}
}
