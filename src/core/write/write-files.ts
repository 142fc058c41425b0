/**
 * The files of a write: checked before it is judged (each the file of its record, through no
 * link, still as the command read it) and written after (atomically, each put back if a later one
 * fails).
 */
import fs from 'node:fs'
import path from 'node:path'
import {LeadError, ExitCode, stateError} from '../errors.js'
import {flushFileSystem, writeFileAtomic} from '../records/atomic-write.js'
import {checkOutputPath, makeSiteDir, writeOutputFile} from '../records/output-path.js'
import {CONFIG_FILE, idProblem, recordPath} from '../records/kinds.js'
import {contentHash} from '../records/parse-cache.js'
import type {RecordChange} from '../records/record-change.js'

/** A new text for lead.yaml, written and committed like a record change (lead config set). */
export interface ConfigChange {
  text: string
  /** lead.yaml's text when the change was made from it; checked under the lock like a record's. */
  base: string
}

const NOTHING_WRITTEN = 'nothing was written: look at the record now (lead show), then make your change again'
const createdMeanwhile = (file: string) => stateError('RECORD_CHANGED', `${file} was created by someone else meanwhile`, NOTHING_WRITTEN)
const changedMeanwhile = (file: string) =>
  stateError('RECORD_CHANGED', `${file} changed while you were working on it (another lead command or an editor saved it)`, file === CONFIG_FILE ? 'nothing was written: look at it now (lead config list), then make your change again' : NOTHING_WRITTEN)

/**
 * Refuse a change whose file is no longer the text it was made from (`base`; null: no file), by
 * RECORD_CHANGED. A byte-order mark is not part of the text a command reads and edits (it is kept
 * on write).
 */
function refuseUnlessAsRead(file: string, current: string | null, base: string | null): void {
  if (withoutBom(current) !== withoutBom(base)) throw base === null ? createdMeanwhile(file) : changedMeanwhile(file)
}

/** Above this many new files, they are flushed together rather than one fsync each. */
const BATCH_FLUSH = 8

export const withoutBom = (text: string | null): string | null => (text?.startsWith('\uFEFF') ? text.slice(1) : text)

/**
 * The text a change puts on disk: with a byte-order mark when its file has one (`bom`, noted by
 * checkChanges) or the text brings one, as Windows editors save it. Judged
 * (applyInMemory) and written (writeAll) from this one text, so the size, the content hash and the
 * cache entry a write leaves are those a load finds.
 */
export function textOnDisk(c: Pick<RecordChange, 'text' | 'bom'>): string {
  const text = withoutBom(c.text) ?? ''
  return c.bom === true || c.text.startsWith('\uFEFF') ? `\uFEFF${text}` : text
}

/**
 * Each change goes where a record of its kind and ID belongs, through no symbolic link, and to a
 * file that is still as the command read it.
 */
export function checkChanges(root: string, changes: RecordChange[]): void {
  // Each folder's path is walked once (an import writes thousands of files into a few folders).
  const folders = new Set<string>()
  for (const c of changes) {
    if (idProblem(c.kind, c.id) || c.file !== recordPath(c.kind, c.id)) {
      throw new LeadError('BAD_PATH', `refusing to write ${c.file}: not the file of ${c.kind} ${c.id}`, {exit: ExitCode.usage, hint: 'record IDs are lowercase letters, digits and hyphens'})
    }
    const abs = path.join(root, c.file)
    const folder = path.dirname(abs)
    const st = lstatOrNothing(abs)
    // The whole path for a folder's first file; after it, only whether the file is a link.
    if (!folders.has(folder) || st?.isSymbolicLink()) checkOutputPath(root, abs)
    folders.add(folder)
    const current = st ? fs.readFileSync(abs, 'utf8') : null
    c.bom = current?.startsWith('\uFEFF') === true
    refuseUnlessAsRead(c.file, current, c.base)
  }
}

/** As fs.existsSync judges: anything that cannot be looked at (a file where a folder goes) is not there; the write reports it. */
function lstatOrNothing(abs: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(abs)
  } catch {
    return undefined
  }
}

export function checkConfigBase(root: string, config: ConfigChange): void {
  const abs = path.join(root, CONFIG_FILE)
  if (fs.lstatSync(abs).isSymbolicLink()) throw stateError('SYMLINK', `refusing to write through the symbolic link ${CONFIG_FILE}`, 'replace the link with the site configuration itself: lead never writes through links')
  refuseUnlessAsRead(CONFIG_FILE, fs.readFileSync(abs, 'utf8'), config.base)
}

/** Write the changes; the content hash of the bytes each file was given (committed-state.ts checks a commit left them). */
export function writeAll(root: string, changes: ReadonlyArray<Pick<RecordChange, 'file' | 'text' | 'bom'> & {base?: RecordChange['base']}>): Map<string, string> {
  const written = new Map<string, string>()
  const undo: Array<{abs: string; old: Buffer | undefined}> = []
  const batched: string[] = []
  const folders = new Set<string>()
  const batch = changes.filter((c) => c.base === null).length > BATCH_FLUSH
  try {
    for (const c of changes) {
      const abs = path.join(root, c.file)
      const old = fs.existsSync(abs) ? fs.readFileSync(abs) : undefined
      // A new record's file that appeared while the change was judged (checkChanges looked before
      // the validation) is someone else's: never replaced, and what was written so far is undone.
      const fresh = c.base === null
      // A file saved or created meanwhile (an editor, while the change was judged: a big site's
      // validation takes a while) is never written over; checkChanges looked before the judging.
      if (c.base !== undefined) refuseUnlessAsRead(c.file, old?.toString('utf8') ?? null, c.base)
      // Each folder is made (and checked for links) once per write, not once per file.
      const dir = path.dirname(c.file)
      if (!folders.has(dir)) makeSiteDir(root, dir)
      folders.add(dir)
      // A file saved with a byte-order mark (by Windows editors) keeps it: as checkChanges found
      // the file when the change was judged, or (lead.yaml, a change not checked) as it is now.
      const bom = c.bom ?? (old !== undefined && old[0] === 0xef && old[1] === 0xbb && old[2] === 0xbf)
      // A new file has no old content a crash could lose: it can wait for the batch's one flush.
      const later = batch && old === undefined
      const text = textOnDisk({text: c.text, bom})
      try {
        writeOutputFile(root, abs, text, {sync: !later, folderChecked: true, exclusive: fresh})
      } catch (error) {
        if (fresh && (error as NodeJS.ErrnoException).code === 'EEXIST') throw createdMeanwhile(c.file)
        throw error
      }
      written.set(c.file, contentHash(Buffer.from(text, 'utf8')))
      if (later) batched.push(abs)
      undo.push({abs, old})
    }
    if (batched.length > 0) flushFileSystem(root, batched)
    return written
  } catch (error) {
    for (const {abs, old} of undo.reverse()) {
      try {
        if (old === undefined) fs.rmSync(abs, {force: true})
        else writeFileAtomic(abs, old)
      } catch {
        // Keep the original error: it says what went wrong first.
      }
    }
    if (error instanceof LeadError) throw error
    const full = (error as NodeJS.ErrnoException).code === 'ENOSPC'
    throw new LeadError(full ? 'DISK_FULL' : 'IO_ERROR', `could not write the change: ${(error as Error).message}`, {exit: ExitCode.io, hint: full ? 'the disk is full: free some space and try again; nothing was changed' : 'check the permissions of the site folder; nothing was changed'})
  }
}

