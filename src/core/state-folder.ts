/**
 * Whether lead may keep its files in a git directory's `lead` folder (.git/lead: the parse cache,
 * whose values file holds every record's values, the memos, the index summary, the import key), and
 * where that folder really is. lead makes it itself, private (0700). Something else found there is
 * judged before anything is read or written through it:
 *
 * - a folder of this user's: used (one an older lead made readable by others, 0755, but writable by
 *   no one else, is made 0700 again: it is lead's own);
 * - a symbolic link (the cache put on another disk): followed only to a folder of this user's that
 *   no one else can read, write or enter (0700), at a real path no other user can replace at any
 *   level (each folder above it this user's or root's, and writable by others only when sticky);
 *   the folder is then used by its real path, so no link on the way is followed again;
 * - anything else — a folder another user owns or others can write to, a link to someone else's
 *   folder, to one others can read, to a file, or to nothing, a file — is refused: lead reads and
 *   writes nothing there for the rest of the run, runs without its cache, and says why once, to the
 *   listener the command line sets (stderr). An import, whose key cannot be left out, stops instead.
 *
 * Where there is no owner to compare (Windows), a link is refused. Judged once per folder and run.
 */
import fs from 'node:fs'
import path from 'node:path'

/** Why `.git/lead` was refused: one sentence, and what to do. */
export interface StateFolderRefusal {
  /** The `lead` folder (or link) in the git directory. */
  at: string
  /** What was found there, the folder named. */
  what: string
  /** That, and what lead does without it. */
  message: string
  hint: string
}

export type StateFolderVerdict = {dir: string; linked: boolean} | {refused: StateFolderRefusal}

const verdicts = new Map<string, StateFolderVerdict>()
/** Real paths of folders reached through a link (abandoned-writes.ts removes nothing there). */
const linkedFolders = new Set<string>()
let listener: ((refusal: StateFolderRefusal) => void) | undefined
const pending: StateFolderRefusal[] = []

/** The judgement of `gitDir`/lead (see above), made once per run. */
export function stateFolderVerdict(gitDir: string): StateFolderVerdict {
  const at = path.join(gitDir, 'lead')
  let verdict = verdicts.get(at)
  if (verdict === undefined) {
    try {
      verdict = judge(at)
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? 'an error'
      verdict = refusal(at, `could not be checked (${why})`, `check what ${at} is and who owns it (ls -ld ${at})`)
    }
    verdicts.set(at, verdict)
    if ('refused' in verdict) {
      if (listener) listener(verdict.refused)
      else pending.push(verdict.refused)
    } else if (verdict.linked) linkedFolders.add(verdict.dir)
  }
  return verdict
}

/** The folder lead keeps its files in for `gitDir` (its real path), or undefined when it was refused. */
export function stateFolder(gitDir: string): string | undefined {
  const verdict = stateFolderVerdict(gitDir)
  return 'refused' in verdict ? undefined : verdict.dir
}

/** A file of lead's in that folder, or undefined when the folder was refused. */
export function stateFolderFile(gitDir: string, name: string): string | undefined {
  const dir = stateFolder(gitDir)
  return dir && path.join(dir, name)
}

/** Whether `dir` is a state folder reached through a link: the user's own folder, shared with their own files. */
export function reachedThroughLink(dir: string): boolean {
  return linkedFolders.has(dir)
}

/** Tell `report` of every refusal, those already made included (the command line prints each once). */
export function onStateFolderRefused(report: (refusal: StateFolderRefusal) => void): void {
  listener = report
  for (const refusal of pending.splice(0)) report(refusal)
}

const SAYS = 'lead keeps record values, memos and its import key there, so this run reads and keeps none of them (slower, never wrong)'

function refusal(at: string, found: string, hint: string): StateFolderVerdict {
  return {refused: {at, what: `${at} ${found}`, message: `${at} ${found}: ${SAYS}`, hint}}
}

function judge(at: string): StateFolderVerdict {
  const uid = process.platform === 'win32' ? undefined : process.geteuid?.()
  let own: fs.Stats
  try {
    own = fs.lstatSync(at)
  } catch {
    return {dir: at, linked: false} // not made yet: lead makes it, private
  }
  const refuse = (found: string, hint: string): StateFolderVerdict => refusal(at, found, hint)
  if (own.isDirectory()) {
    if (uid === undefined) return {dir: at, linked: false}
    if (own.uid !== uid) return refuse(`is a folder another user owns (uid ${own.uid})`, `lead makes that folder itself: remove it (rm -r ${at}), or give it to this user (chown -R $(id -u) ${at})`)
    if ((own.mode & 0o022) !== 0) return refuse(`is a folder others can write to (${modeText(own.mode)})`, `chmod 700 ${at}`)
    if ((own.mode & 0o077) !== 0) {
      try {
        fs.chmodSync(at, 0o700)
      } catch {
        // Still writable by no one else: its files are 0600.
      }
    }
    return {dir: at, linked: false}
  }
  if (!own.isSymbolicLink()) return refuse('is not a folder', `remove it (rm ${at}): lead makes a private folder there`)
  const unlink = `or remove the link (rm ${at}) and lead makes a private folder there`
  if (uid === undefined) return refuse('is a symbolic link, and lead cannot tell here who may read the folder it leads to', `remove the link (rm ${at}): lead makes a private folder there`)
  let real: string
  try {
    real = fs.realpathSync.native(at)
  } catch {
    return refuse(`is a symbolic link to ${fs.readlinkSync(at)}, which does not exist`, `make that folder, private (mkdir -m 700 …), ${unlink}`)
  }
  const target = fs.statSync(real)
  if (!target.isDirectory()) return refuse(`is a symbolic link to ${real}, which is not a folder`, `point it at a folder of your own (chmod 700), ${unlink}`)
  if (target.uid !== uid) return refuse(`is a symbolic link to ${real}, a folder another user owns (uid ${target.uid})`, `point it at a folder of your own (chmod 700), ${unlink}`)
  if ((target.mode & 0o077) !== 0) return refuse(`is a symbolic link to ${real}, a folder others can ${(target.mode & 0o022) !== 0 ? 'write to' : 'read'} (${modeText(target.mode)})`, `chmod 700 ${real}, ${unlink}`)
  const open = replaceableAt(real, uid)
  if (open !== undefined) return refuse(`is a symbolic link to ${real}, inside ${open}, which another user could replace or change`, `keep the folder where only you can change the folders above it, ${unlink}`)
  return {dir: real, linked: true}
}

/**
 * The first folder of `real` (a path without links), from the root down, that a user other than
 * `uid` and root could replace or change: one another user owns, one others can write to that is
 * not sticky, one under a sticky one (such as /tmp) that is not this user's, a part that is missing
 * or no folder; `real` itself when others can write to it. Undefined when there is none. Also what
 * the compile cache's folder is judged by (cli/compile-cache.ts).
 */
export function replaceableAt(real: string, uid: number): string | undefined {
  let at = path.parse(real).root
  let stickyAbove = false
  for (const part of ['', ...real.slice(at.length).split(path.sep).filter(Boolean)]) {
    at = path.join(at, part)
    let stat: fs.Stats
    try {
      stat = fs.lstatSync(at)
    } catch {
      return at
    }
    if (!stat.isDirectory() || (stat.uid !== uid && (stickyAbove || stat.uid !== 0))) return at
    const othersWrite = (stat.mode & 0o022) !== 0
    if (othersWrite && (stat.mode & 0o1000) === 0) return at
    stickyAbove = othersWrite
  }
  // A folder others may add to (sticky): what is in it is theirs to make.
  return stickyAbove ? at : undefined
}

/** A folder's mode as ls prints it (drwxr-xr-x). */
function modeText(mode: number): string {
  return `d${[6, 3, 0].map((shift) => ['r', 'w', 'x'].map((c, i) => ((mode >> shift) & (4 >> i) ? c : '-')).join('')).join('')}`
}
