/**
 * A site as it stands in one place: the working tree, the git index (what is about to be
 * committed) or a commit. Each gives lead.yaml and the records, loaded the same way
 * `lead validate` loads the working tree, plus a content hash per file to see what changed.
 */
import fs from 'node:fs'
import path from 'node:path'
import {stateError, type Diagnostic} from '../errors.js'
import {CONFIG_FILE} from '../records/kinds.js'
import {loadRecords, SiteRecords, workingTreeInputs, type RecordInput} from '../records/load.js'
import {contentHash} from '../records/parse-cache.js'
import {classifySitePath} from '../records/site-files.js'
import {siteFromConfigBytes, type Site} from '../site.js'
import {listIndexFiles, listRevisionFiles, readBlobs, type TreeEntry} from './revision-files.js'

export type SnapshotSource = {type: 'worktree'} | {type: 'index'} | {type: 'commit'; rev: string; commit: string}

export interface SiteSnapshot {
  source: SnapshotSource
  /** For people: `working tree`, `index`, `main (3f2a9c1)`. */
  label: string
  site: Site
  records: SiteRecords
  /** Content hash of every record file and of lead.yaml. */
  hashes: Map<string, string>
  /** False when lead.yaml is not there (a commit from before the site existed). */
  hasConfig: boolean
}

export function describeSource(source: SnapshotSource): string {
  if (source.type === 'worktree') return 'working tree'
  if (source.type === 'index') return 'index'
  const short = source.commit.slice(0, 7)
  return source.rev === source.commit || source.rev === short ? short : `${source.rev} (${short})`
}

export interface SnapshotOptions {
  cache?: boolean
}

export async function loadSnapshot(root: string, source: SnapshotSource, options: SnapshotOptions = {}): Promise<SiteSnapshot> {
  const hashes = new Map<string, string>()
  const listing: Diagnostic[] = []
  let configBytes: Uint8Array | undefined
  let inputs: RecordInput[]

  if (source.type === 'worktree') {
    const listed = workingTreeInputs(root)
    listing.push(...listed.diagnostics)
    inputs = listed.inputs
    try {
      configBytes = fs.readFileSync(path.join(root, CONFIG_FILE))
    } catch {
      configBytes = undefined
    }
  } else {
    let entries: TreeEntry[]
    if (source.type === 'index') {
      const index = await listIndexFiles(root)
      if (index.unmerged.length > 0) {
        throw stateError('MERGE_CONFLICT', `unresolved merge conflicts in ${index.unmerged.slice(0, 3).join(', ')}${index.unmerged.length > 3 ? ', …' : ''}`, 'resolve them and `git add` the results first')
      }
      entries = index.entries
    } else {
      entries = await listRevisionFiles(root, source.commit)
    }
    const records: Array<{entry: TreeEntry; file: Omit<RecordInput, 'read'>}> = []
    let configEntry: TreeEntry | undefined
    for (const entry of entries) {
      if (entry.path === CONFIG_FILE) {
        if (entry.mode !== '120000') configEntry = entry
        continue
      }
      const found = classifySitePath(entry.path, {symlink: entry.mode === '120000'})
      if (!found) continue
      if ('code' in found) listing.push(found)
      else records.push({entry, file: found})
    }
    const blobs = await readBlobs(root, [...records.map((r) => r.entry.sha), ...(configEntry ? [configEntry.sha] : [])])
    configBytes = configEntry ? blobs.get(configEntry.sha) : undefined
    inputs = records.map(({entry, file}) => ({...file, read: () => blobs.get(entry.sha)!}))
  }

  // Hash what is actually read, so every source compares the same way.
  const hashed = inputs.map((input) => ({
    ...input,
    read: () => {
      const bytes = input.read()
      hashes.set(input.file, contentHash(bytes))
      return bytes
    },
  }))
  const site = siteFromConfigBytes(root, configBytes ?? new Uint8Array())
  if (configBytes) hashes.set(CONFIG_FILE, contentHash(configBytes))
  const loaded = await loadRecords(site, {inputs: hashed, cache: options.cache})
  const records = new SiteRecords(loaded.records, [...listing, ...loaded.diagnostics])
  return {source, label: describeSource(source), site, records, hashes, hasConfig: configBytes !== undefined}
}
