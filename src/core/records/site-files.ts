/**
 * Which files of a site are records: a walk of the record folders that refuses anything
 * that is not a plain regular file (a symlink could point at ~/.ssh; see reliability §5).
 */
import fs from 'node:fs'
import path from 'node:path'
import type {Diagnostic} from '../errors.js'
import {CONFIG_FILE, kindOfPath, type Kind} from './kinds.js'

export interface SiteFile {
  /** Site-relative path with forward slashes. */
  file: string
  abs: string
  kind: Kind
  /** ID implied by the file name. */
  id: string
}

export interface SiteFileList {
  files: SiteFile[]
  diagnostics: Diagnostic[]
}

/** Folders at the site root that are never records. */
const SKIP_DIRS = new Set(['.git', '.lead', '.github', '.vscode', 'node_modules'])

const isYaml = (name: string) => /\.ya?ml$/i.test(name)

function isDirectory(abs: string): boolean {
  try {
    return fs.statSync(abs).isDirectory()
  } catch {
    return false
  }
}

export function listSiteFiles(root: string): SiteFileList {
  const files: SiteFile[] = []
  const diagnostics: Diagnostic[] = []
  const walk = (relDir: string) => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(path.join(root, relDir), {withFileTypes: true})
    } catch {
      return
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name
      if (!relDir && (SKIP_DIRS.has(entry.name) || entry.name.startsWith('.'))) continue
      if (entry.isDirectory()) {
        walk(rel)
        continue
      }
      if (entry.isSymbolicLink() && kindOfPath(`${rel}/x.yaml`).kind && isDirectory(path.join(root, rel))) {
        diagnostics.push({code: 'SYMLINK', severity: 'error', message: `folder ${rel} is a symbolic link: its records are not read`, hint: 'replace the link with a real folder: lead never reads or writes through links', file: rel, line: 1, column: 1})
        continue
      }
      if (!entry.isSymbolicLink() && !entry.isFile()) continue
      const found = classifySitePath(rel, {symlink: entry.isSymbolicLink()})
      if (!found) continue
      if ('code' in found) diagnostics.push(found)
      else files.push({...found, abs: path.join(root, rel)})
    }
  }
  walk('')
  return {files, diagnostics}
}

/**
 * Whether a site-relative path holds a record, and of which kind; a Diagnostic when a YAML file
 * sits where no record belongs; undefined for files that are not records at all. Shared by the
 * working-tree walk and by listings of the git index or a revision.
 */
export function classifySitePath(rel: string, options: {symlink?: boolean} = {}): Omit<SiteFile, 'abs'> | Diagnostic | undefined {
  const name = path.posix.basename(rel)
  const top = rel.split('/')[0]!
  if (rel === CONFIG_FILE || SKIP_DIRS.has(top) || top.startsWith('.') || !isYaml(name)) return undefined
  const problem = (code: string, message: string, hint: string): Diagnostic => ({code, severity: 'error', message, hint, file: rel, line: 1, column: 1})
  if (options.symlink) return problem('SYMLINK', 'record file is a symbolic link', 'replace the link with the record itself: lead never reads or writes through links')
  const where = kindOfPath(rel)
  if (!where.kind) {
    // A docker-compose.yml or a docs config may live in the site repository: say so, don't fail.
    return {...problem('STRAY_YAML', `YAML file outside the record folders is not checked: ${where.problem ?? 'unknown folder'}`, 'if it is a record, move it into the folder of its kind (see `lead schema list`); if not, set rules: {STRAY_YAML: off} in lead.yaml'), severity: 'warning'}
  }
  if (where.problem) return problem('UNKNOWN_FOLDER', `YAML file in the wrong place: ${where.problem}`, 'move it into the folder of its kind (see `lead schema list`)')
  if (!/\.yaml$/.test(name)) return problem('FILE_NAME', 'record files end in .yaml', `rename it to ${rel.replace(/\.ya?ml$/i, '.yaml')}`)
  return {file: rel, kind: where.kind, id: where.id}
}
