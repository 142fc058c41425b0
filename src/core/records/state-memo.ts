/**
 * Results remembered under a digest of the whole site's state, so that a command run again over a
 * site nobody changed (a second `lead validate`, `lead status` twice in a morning) answers without
 * building a record at all: no cache index, no values, no rule.
 *
 * The digest comes from git's answer (git-file-state.ts): every tracked file's path and blob hash,
 * and the path, kind and content hash of every file git lists as changed, untracked or ignored.
 * A command adds what else its result depends on (lead.yaml, the date, its flags) to the key. A
 * result must depend on nothing else: the records' files, lead.yaml, the date and lead's own build.
 *
 * Each command keeps its few latest results in its own file (.git/lead/memo-NAME-SITE.json, private,
 * never committed); a damaged or foreign file only costs the computation.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {asciiJson, readText} from './ascii-json.js'
import {writeFileAtomic} from './atomic-write.js'
import {contentHash, cacheVersion, gitStateFile} from './parse-cache.js'
import type {GitFileState} from './git-file-state.js'

/** How many results each command keeps (the state before and after a change, and a spare). */
const KEEP = 3

/** Undefined when the state cannot be told from git's answer (an ignored folder, an unreadable file). */
export function siteStateDigest(root: string, git: GitFileState): string | undefined {
  return git.digest((file) => {
    const abs = path.join(root, file)
    try {
      const st = fs.lstatSync(abs)
      if (st.isSymbolicLink()) return 'link'
      return st.isFile() ? contentHash(fs.readFileSync(abs)) : undefined
    } catch {
      return 'gone'
    }
  })
}

/** The key of a result: the state's digest and whatever else it depends on (as JSON). */
export function memoKey(digest: string, inputs: unknown): string {
  return crypto.createHash('sha1').update(cacheVersion()).update('\0').update(digest).update('\0').update(JSON.stringify(inputs) ?? '').digest('base64url')
}

interface MemoFile {
  version: string
  results: Array<{key: string; value: unknown}>
}

const memoFile = (root: string, name: string) => gitStateFile(root, `memo-${name}`, '.json')

function readFile(root: string, name: string): MemoFile | undefined {
  const file = memoFile(root, name)
  try {
    if (!file || !fs.lstatSync(file).isFile()) return undefined
    const body = JSON.parse(readText(file)) as MemoFile
    return body.version === cacheVersion() && Array.isArray(body.results) ? body : undefined
  } catch {
    return undefined
  }
}

export function readStateMemo<T>(root: string, name: string, key: string): T | undefined {
  return readFile(root, name)?.results.find((r) => r.key === key)?.value as T | undefined
}

export function writeStateMemo(root: string, name: string, key: string, value: unknown): void {
  const file = memoFile(root, name)
  if (!file) return
  const old = readFile(root, name)?.results ?? []
  const body: MemoFile = {version: cacheVersion(), results: [{key, value}, ...old.filter((r) => r.key !== key)].slice(0, KEEP)}
  try {
    fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700})
    writeFileAtomic(file, asciiJson(body), 0o600, {keepMode: false})
  } catch {
    // A memo that cannot be written only costs speed.
  }
}
