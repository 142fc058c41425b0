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

export function listSiteFiles(root: string): SiteFileList {
  const files: SiteFile[] = []
  const diagnostics: Diagnostic[] = []
  const problem = (file: string, code: string, message: string, hint: string) =>
    diagnostics.push({code, severity: 'error', message, hint, file, line: 1, column: 1})

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
      if (!isYaml(entry.name) || rel === CONFIG_FILE) continue
      if (entry.isSymbolicLink()) {
        problem(rel, 'SYMLINK', 'record file is a symbolic link', 'replace the link with the record itself: lead never reads or writes through links')
        continue
      }
      if (!entry.isFile()) continue
      const where = kindOfPath(rel)
      if (!where.kind || where.problem) {
        problem(rel, 'UNKNOWN_FOLDER', `YAML file outside the record folders: ${where.problem ?? 'unknown folder'}`, 'move it into the folder of its kind (see `lead schema list`), or delete it')
        continue
      }
      if (!/\.yaml$/.test(entry.name)) {
        problem(rel, 'FILE_NAME', 'record files end in .yaml', `rename it to ${rel.replace(/\.ya?ml$/i, '.yaml')}`)
        continue
      }
      files.push({file: rel, abs: path.join(root, rel), kind: where.kind, id: where.id})
    }
  }
  walk('')
  return {files, diagnostics}
}
