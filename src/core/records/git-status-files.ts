/**
 * The site's files as one `git status` and the index tell them (git-file-state.ts): which are
 * unchanged, with their blobs, and which git listed. One pass over the index by position.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {IndexView} from './git-index-view.js'
import {parsePorcelainV2, type PorcelainStatus} from '../git-status.js'

export interface GitFiles {
  /** Files whose bytes are their index blob, with their content hashes. */
  clean: CleanFiles
  /** Other site-relative paths that exist: modified, untracked or ignored files (and links). */
  other: string[]
  /** Ignored site-relative folders git did not look into (walked like the rest of the site). */
  ignoredDirs: string[]
  /** Of `other`, the files git ignores (ignored-files.ts: what git would never commit). */
  ignored: ReadonlySet<string>
  /** The .gitattributes files in the site or above it that git tracks or lists (paths from the repository's top). */
  attributes: string[]
}

/**
 * The files git found unchanged, in git's order, and their content hashes: two lists by position,
 * not a map of 13,000 paths (listSiteFilesFromGit walks them once, in order).
 */
export class CleanFiles {
  private set?: Set<string>
  constructor(
    readonly files: readonly string[],
    readonly hashes: readonly string[],
  ) {}

  get size(): number {
    return this.files.length
  }

  /** Whether git found `file` unchanged (a set built on first use: tests, rare paths). */
  has(file: string): boolean {
    this.set ??= new Set(this.files)
    return this.set.has(file)
  }
}

/**
 * Combine the index and git status's list into the site's view, in one pass over the index by
 * position (an entry's path and blob are the only strings made; no object per entry).
 */
export function fileState(prefix: string, index: IndexView, items: ReadonlyArray<StatusItem>): GitFiles | undefined {
  if (index.hasSubmodule()) return undefined
  const table = index.table()
  const under = prefix === '' ? '' : `${prefix}/`
  const listed = new Map<string, StatusKind>()
  for (const item of items) if (item.path.startsWith(under)) listed.set(item.path.slice(under.length), item.kind)
  const files: string[] = []
  const hashes: string[] = []
  const other: string[] = []
  const ignoredDirs: string[] = []
  const ignored = new Set<string>()
  for (const item of items) if (item.ignored && item.path.startsWith(under)) ignored.add(item.path.slice(under.length))
  // Listed paths that are in the index (not untracked or ignored files): few.
  const inIndex = new Set<string>()
  // The stages of an unmerged file: one file. git keeps its index sorted, so they are next to each
  // other; a set of the (few) unchecked paths guards the rest without one set entry per file.
  const seen = new Set<string>()
  const anyListed = listed.size > 0
  let previous: string | undefined
  const attributes: string[] = []
  for (let i = 0, n = table.size; i < n; i++) {
    const path = table.path(i)
    // A .gitattributes applies to its folder and below: the site's own, and its ancestors'.
    if (path.endsWith('.gitattributes') && (path === '.gitattributes' || path.endsWith('/.gitattributes')) && (path.startsWith(under) || under.startsWith(path.slice(0, -'.gitattributes'.length)))) attributes.push(path)
    if (under !== '' && !path.startsWith(under)) continue
    const file = under === '' ? path : path.slice(under.length)
    if (file === previous) continue
    previous = file
    const plain = table.plain(i)
    if (!plain) {
      if (seen.has(file)) continue
      seen.add(file)
    }
    const kind = anyListed ? listed.get(file) : undefined
    if (kind === 'deleted') continue
    if (kind === undefined && plain && table.regular(i)) {
      files.push(file)
      hashes.push(table.oid(i))
      continue
    }
    other.push(file)
    if (kind !== undefined) inIndex.add(file)
  }
  // Untracked and ignored paths are not in the index; checked all the same.
  for (const [file, kind] of listed) {
    if (kind !== 'deleted' && (file === '.gitattributes' || file.endsWith('/.gitattributes'))) attributes.push(under + file)
    if (kind === 'deleted' || kind === 'changed' || inIndex.has(file)) continue
    if (file.endsWith('/')) ignoredDirs.push(file.slice(0, -1))
    else other.push(file)
  }
  return {clean: new CleanFiles(files, hashes), other, ignoredDirs, ignored, attributes}
}

export type StatusKind = 'changed' | 'deleted' | 'new'
export type StatusItem = {path: string; kind: StatusKind; ignored: boolean}

/** What git status lists, by path from the repository's top (no renames asked for). */
export function statusItems(out: string | PorcelainStatus): StatusItem[] {
  return (typeof out === 'string' ? parsePorcelainV2(out, {ignored: true}) : out).entries.map((e) => ({
    path: e.path,
    kind: e.state === 'deleted' ? 'deleted' : e.state === 'untracked' || e.state === 'ignored' ? 'new' : 'changed',
    ignored: e.state === 'ignored',
  }))
}

/** The site's folder from the repository's top ('' at the top), or undefined when it is not inside it. */
export function sitePrefix(root: string, top: string): string | undefined {
  try {
    const prefix = path.relative(fs.realpathSync.native(top), fs.realpathSync.native(root)).split(path.sep).join('/')
    return prefix.startsWith('..') || path.isAbsolute(prefix) ? undefined : prefix
  } catch {
    return undefined
  }
}

/** `paths` (from the repository's top) under the site's folder, site-relative, each once. */
export function listedUnder(prefix: string, paths: readonly string[]): string[] {
  const under = prefix === '' ? '' : `${prefix}/`
  return [...new Set(paths.flatMap((p) => (p.startsWith(under) ? [p.slice(under.length)] : [])))]
}
