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
const CONVERTING = new Set(['working-tree-encoding', 'filter', 'ident'])

/**
 * Whether one of these attributes files (read from the working tree, as git reads them, in git's
 * order) gives a converting attribute, directly or through a macro (`[attr]NAME filter=…`), to a
 * path that may be a record: a site that keeps its scanned MOUs in LFS (`*.pdf filter=lfs`) keeps
 * git's answers for its YAML. Read as git reads the lines; anything this reading cannot rule out
 * (a quoted pattern, a wildcard it does not follow) counts as converting.
 */
export function convertsContent(files: readonly string[]): boolean {
  const macros = new Set<string>()
  const converting = (attributes: string[]) => attributes.some((a) => !a.startsWith('-') && !a.startsWith('!') && (CONVERTING.has(a.split('=')[0]!) || macros.has(a)))
  for (const file of files) {
    for (const line of readOrEmpty(file).split(/\r?\n/)) {
      const [pattern, ...attributes] = line.trim().split(/\s+/)
      if (!pattern || pattern.startsWith('#')) continue
      if (pattern.startsWith('[attr]')) {
        if (converting(attributes)) macros.add(pattern.slice('[attr]'.length))
      } else if (converting(attributes) && mayMatchRecord(pattern)) return true
    }
  }
  return false
}

const RECORD_ENDINGS = ['.yaml', '.yml']
const GLOB = /[*?[\\]/

/**
 * Whether an attributes pattern may match a record's path (a name ending in .yaml or .yml, any
 * case: git matches without case where core.ignorecase is set). A pattern ending in `/` matches no
 * file in an attributes file; a last component that is a name, or `*` and an ending, is judged by
 * it; anything else may match.
 */
function mayMatchRecord(pattern: string): boolean {
  if (pattern.startsWith('"')) return true
  if (pattern.endsWith('/')) return false
  const last = pattern.slice(pattern.lastIndexOf('/') + 1).toLowerCase()
  // A name: a record's only if it is one. `*` and an ending: any name with that ending, so one a record's ending ends with too.
  if (!GLOB.test(last)) return RECORD_ENDINGS.some((e) => last.endsWith(e))
  const ending = last.slice(1)
  if (!last.startsWith('*') || GLOB.test(ending)) return true
  return RECORD_ENDINGS.some((e) => ending.endsWith(e) || e.endsWith(ending))
}

/**
 * The attributes files git reads for the site's files that its status does not speak of: the
 * user's and the system's, the repository's info/attributes, and a .gitattributes in each folder
 * from the repository's top down to the site's, tracked or not (those within the site are in the
 * index or in the status).
 */
export function outerAttributes(repo: {top: string; gitDir: string}, prefix: string): string[] {
  const files = [...everyRepositorysAttributes(repo.gitDir, repo.top), path.join(commonDir(repo.gitDir), 'info', 'attributes'), path.join(repo.top, '.gitattributes')]
  const parts = prefix === '' ? [] : prefix.split('/')
  for (let i = 1; i <= parts.length; i++) files.push(path.join(repo.top, ...parts.slice(0, i), '.gitattributes'))
  return files
}

/**
 * The attributes files git reads for every repository: the user's (core.attributesFile, by default
 * $XDG_CONFIG_HOME/git/attributes) and the system's (/etc/gitattributes), unless GIT_ATTR_NOSYSTEM.
 * A filter named there converts the site's files as one in the site's .gitattributes does.
 */
function everyRepositorysAttributes(gitDir: string, top: string): string[] {
  const home = process.env.HOME || os.homedir()
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, '.config')
  const files = [path.join(xdg, 'git', 'attributes')]
  if (!process.env.GIT_ATTR_NOSYSTEM) files.push('/etc/gitattributes')
  // core.attributesFile, wherever git's config names it (the last one named wins in git; each is read here).
  const configs = [path.join(commonDir(gitDir), 'config'), path.join(gitDir, 'config.worktree'), process.env.GIT_CONFIG_GLOBAL || path.join(home, '.gitconfig'), path.join(xdg, 'git', 'config')]
  if (!process.env.GIT_CONFIG_NOSYSTEM) configs.push(process.env.GIT_CONFIG_SYSTEM || '/etc/gitconfig')
  const named = (value: string, config: string) => files.push(...configPaths(value, config, home, top))
  const read = new Set<string>()
  for (const config of configs) attributesNamedIn(config, home, named, read)
  // Settings given in the environment (GIT_CONFIG_COUNT, GIT_CONFIG_KEY_n, GIT_CONFIG_VALUE_n), as git reads them for every command.
  const count = Math.min(Number(process.env.GIT_CONFIG_COUNT) || 0, 1000)
  for (let i = 0; i < count; i++) {
    const key = (process.env[`GIT_CONFIG_KEY_${i}`] ?? '').toLowerCase()
    const value = process.env[`GIT_CONFIG_VALUE_${i}`] ?? ''
    if (!value) continue
    // git resolves a relative include given so from the folder it runs in (the site's top, for lead's git).
    if (key === 'core.attributesfile') named(value, path.join(top, '.git-environment'))
    else if (/^include(if\..*)?\.path$/.test(key)) for (const p of configPaths(value, path.join(top, '.git-environment'), home)) attributesNamedIn(p, home, named, read, 1)
  }
  return files
}

/** How deep git follows a config file's includes (its own limit). */
const MAX_INCLUDE_DEPTH = 10

/**
 * Each core.attributesFile a config file names (`named`), and those of the files it includes,
 * followed whatever an [includeIf] asks: a file git would skip here makes lead read the site's
 * files itself (slower), never trust what it should not. Any section's attributesFile counts.
 */
function attributesNamedIn(config: string, home: string, named: (value: string, config: string) => void, read: Set<string>, depth = 0): void {
  if (depth > MAX_INCLUDE_DEPTH || read.has(config)) return
  read.add(config)
  let section = ''
  for (let line of readOrEmpty(config).split('\n')) {
    // A section header, and what follows it on the same line ("[include] path = x" is git's too).
    const header = /^\s*\[\s*([A-Za-z0-9.-]+)(?:\s+"(?:[^"\\]|\\.)*")?\s*\]/.exec(line)
    if (header) {
      section = header[1]!.toLowerCase()
      line = line.slice(header[0].length)
    }
    const entry = /^\s*([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*?)\s*$/.exec(line)
    if (!entry) continue
    const key = entry[1]!.toLowerCase()
    const value = unquoted(entry[2]!)
    if (!value) continue
    if (key === 'attributesfile') named(value, config)
    else if (key === 'path' && (section === 'include' || section === 'includeif')) for (const p of configPaths(value, config, home)) attributesNamedIn(p, home, named, read, depth + 1)
  }
}

/** A config value with its quotes and a trailing comment taken off. */
function unquoted(value: string): string {
  const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(value)
  return quoted ? quoted[1]!.replace(/\\(.)/g, '$1') : value.replace(/\s*[#;].*$/, '')
}

/**
 * Where a path a config file names is: `~/` in the home folder; a relative one beside the config
 * file (where git looks for an include) and, for an attributesFile (`top`), also from the top of the
 * work tree, where git runs: both are read, as either may be the one git reads.
 */
function configPaths(value: string, config: string, home: string, top?: string): string[] {
  if (value.startsWith('~/')) return [path.join(home, value.slice(2))]
  if (path.isAbsolute(value)) return [value]
  const beside = path.resolve(path.dirname(config), value)
  return top === undefined ? [beside] : [beside, path.resolve(top, value)]
}

export function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}
