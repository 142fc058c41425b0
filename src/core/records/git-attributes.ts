/**
 * The attributes files whose attributes may make git convert a site's files between blob and
 * working tree (records/git-file-state.ts): then a file git finds unchanged may hold other bytes
 * than its blob, and neither lead's reading of it by its blob nor a judgement of its blob (the
 * pre-commit hook's) is the working tree's.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {commonDir} from '../git-dir.js'

/**
 * Attributes under which git converts a file's content between blob and working tree beyond line
 * ends (an encoding, a filter such as git-crypt's or LFS's, `ident`): then a file git finds
 * unchanged may hold other bytes than its blob, and its blob's parse is not the file's. Line ends
 * alone (`text`, `eol`, core.autocrlf) change no value and no line number, so they are let be.
 */
const CONVERTS = /\b(working-tree-encoding|filter|ident)\b/

/** Whether one of these attributes files (read from the working tree, as git reads them) names a converting attribute. */
export function convertsContent(files: readonly string[]): boolean {
  return files.some((file) => CONVERTS.test(readOrEmpty(file)))
}

/**
 * The attributes files git reads for the site's files that its status does not speak of: the
 * user's and the system's, the repository's info/attributes, and a .gitattributes in each folder
 * from the repository's top down to the site's, tracked or not (those within the site are in the
 * index or in the status).
 */
export function outerAttributes(repo: {top: string; gitDir: string}, prefix: string): string[] {
  const files = [...everyRepositorysAttributes(repo.gitDir), path.join(commonDir(repo.gitDir), 'info', 'attributes'), path.join(repo.top, '.gitattributes')]
  const parts = prefix === '' ? [] : prefix.split('/')
  for (let i = 1; i <= parts.length; i++) files.push(path.join(repo.top, ...parts.slice(0, i), '.gitattributes'))
  return files
}

/**
 * The attributes files git reads for every repository: the user's (core.attributesFile, by default
 * $XDG_CONFIG_HOME/git/attributes) and the system's (/etc/gitattributes), unless GIT_ATTR_NOSYSTEM.
 * A filter named there converts the site's files as one in the site's .gitattributes does.
 */
function everyRepositorysAttributes(gitDir: string): string[] {
  const home = process.env.HOME || os.homedir()
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, '.config')
  const files = [path.join(xdg, 'git', 'attributes')]
  if (!process.env.GIT_ATTR_NOSYSTEM) files.push('/etc/gitattributes')
  // core.attributesFile, wherever git's config names it (the last one named wins in git; each is read here).
  const configs = [path.join(commonDir(gitDir), 'config'), process.env.GIT_CONFIG_GLOBAL || path.join(home, '.gitconfig'), path.join(xdg, 'git', 'config')]
  if (!process.env.GIT_CONFIG_NOSYSTEM) configs.push('/etc/gitconfig')
  for (const config of configs) {
    for (const m of readOrEmpty(config).matchAll(/^\s*attributesfile\s*=\s*"?([^"\n]*?)"?\s*$/gim)) {
      const named = m[1]!
      files.push(named.startsWith('~/') ? path.join(home, named.slice(2)) : path.resolve(path.dirname(config), named))
    }
  }
  return files
}

export function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}
