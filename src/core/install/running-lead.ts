/**
 * The lead that is running: its package, where it was installed from, and the npm lock entries
 * of its dependency tree. From these `lead init` pins the same lead in a new site and writes the
 * site's lock file without a network: the site then installs exactly what runs here.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {LEAD_ROOT} from '../lead-files.js'
import {gitRemoteSpec, type LeadSource} from './lead-source.js'

/** One entry of package-lock.json's `packages` (lockfileVersion 3), as much as lead reads. */
export interface LockEntry {
  version?: string
  resolved?: string
  integrity?: string
  link?: boolean
  dev?: boolean
  optional?: boolean
  devOptional?: boolean
  peer?: boolean
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, {optional?: boolean}>
  [field: string]: unknown
}

export interface RunningLead {
  root: string
  name: string
  version: string
  /** Where it came from, when that can be told; undefined for a copy npm did not install. */
  source?: LeadSource
  /** lead's own lock entry (resolved, integrity) as the installing project recorded it. */
  entry?: LockEntry
  /** Its dependency tree, keyed as it sits when lead is installed at node_modules/NAME. */
  tree?: Record<string, LockEntry>
}

export {LEAD_ROOT}

export function runningLead(root = LEAD_ROOT): RunningLead {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as LockEntry & {name: string; version: string}
  const lead: RunningLead = {root, name: manifest.name, version: manifest.version}
  const installed = installedLock(root)
  if (installed) {
    const entry = installed.packages[installed.key]
    if (entry) {
      lead.entry = entry
      lead.source = sourceFromResolved(entry, installed.projectRoot)
      lead.tree = closure(installed.packages, installed.key, `node_modules/${lead.name}`)
    }
    return lead
  }
  const clone = cloneSource(root)
  if (clone) {
    lead.source = clone
    const own = readLock(path.join(root, 'package-lock.json'))
    if (own) {
      // As npm records a git dependency: its package.json's fields, no integrity.
      lead.entry = {version: manifest.version, license: manifest.license, dependencies: manifest.dependencies, bin: manifest.bin, engines: manifest.engines}
      lead.tree = closure({...own.packages, '': lead.entry}, '', `node_modules/${lead.name}`)
    }
  }
  return lead
}

interface Lock {
  packages: Record<string, LockEntry>
}

function readLock(file: string): Lock | undefined {
  try {
    const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as {lockfileVersion?: number; packages?: Record<string, LockEntry>}
    return lock.packages && (lock.lockfileVersion ?? 0) >= 2 ? {packages: lock.packages} : undefined
  } catch {
    return undefined
  }
}

/** The lock of the project (or global prefix) whose node_modules holds lead, and lead's key in it. */
function installedLock(root: string): (Lock & {key: string; projectRoot: string}) | undefined {
  let modules = path.dirname(root)
  if (path.basename(modules).startsWith('@')) modules = path.dirname(modules)
  if (path.basename(modules) !== 'node_modules') return undefined
  const projectRoot = path.dirname(modules)
  const key = path.relative(projectRoot, root).split(path.sep).join('/')
  // npm keeps a copy of the tree it installed in node_modules/.package-lock.json (also for -g).
  for (const file of [path.join(modules, '.package-lock.json'), path.join(projectRoot, 'package-lock.json')]) {
    const lock = readLock(file)
    if (lock?.packages[key]) return {...lock, key, projectRoot}
  }
  return undefined
}

function sourceFromResolved(entry: LockEntry, projectRoot: string): LeadSource | undefined {
  const resolved = entry.resolved
  if (resolved === undefined || /\/-\/[^/]+\.tgz$/.test(resolved)) {
    // From a registry (npm leaves `resolved` out under omit-lockfile-registry-resolved).
    return entry.version ? {kind: 'registry', spec: entry.version} : undefined
  }
  if (/^git(\+|:)/.test(resolved)) {
    const commit = /#([0-9a-f]{40})$/.exec(resolved)?.[1]
    return {kind: 'git', spec: resolved, commit, caveat: resolved.startsWith('git+file:') ? 'a git repository on this machine: CI cannot clone it' : undefined}
  }
  if (resolved.startsWith('file:')) {
    const file = path.resolve(projectRoot, resolved.slice(5))
    return {kind: 'file', spec: `file:${file}`, caveat: 'a file on this machine: commit it into the site (e.g. vendor/) or CI cannot install it'}
  }
  if (/^https:\/\//.test(resolved)) return {kind: 'tarball-url', spec: resolved}
  return undefined
}

/** A clone of lead's repository: its remote (without credentials) at the commit checked out. */
function cloneSource(root: string): LeadSource | undefined {
  if (!fs.existsSync(path.join(root, '.git'))) return undefined
  const env = {...process.env}
  for (const k of Object.keys(env)) if (/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|COMMON_DIR)$/.test(k)) delete env[k]
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, {cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim()
    } catch {
      return ''
    }
  }
  const commit = git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])
  if (!/^[0-9a-f]{40}$/.test(commit)) return undefined
  const remote = gitRemoteSpec(git(['remote', 'get-url', 'origin']))
  if (remote && !remote.startsWith('git+file:')) return {kind: 'git', spec: `${remote}#${commit}`, commit}
  return {kind: 'git', spec: `git+file://${root}#${commit}`, commit, caveat: 'a git repository on this machine: CI cannot clone it'}
}

/**
 * The entries lead's dependencies resolve to (Node's lookup: the nearest node_modules upwards),
 * re-keyed for lead sitting at `target`. Only the two layouts npm produces for a top-level
 * dependency or the project itself map one to one; anything else gives no tree.
 */
function closure(packages: Record<string, LockEntry>, key: string, target: string): Record<string, LockEntry> | undefined {
  if (key !== '' && key !== target) return undefined
  const out: Record<string, LockEntry> = {}
  const queue = [key]
  const seen = new Set<string>()
  while (queue.length > 0) {
    const at = queue.shift()!
    if (seen.has(at)) continue
    seen.add(at)
    const entry = packages[at]
    if (!entry || entry.link) return undefined
    if (at !== key) out[at] = entry
    const optionalPeers = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n))
    const names = [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !optionalPeers.has(n))]
    for (const name of names) {
      const found = resolveFrom(packages, at, name)
      if (found !== undefined) queue.push(found)
      else if (!entry.optionalDependencies?.[name]) return undefined
    }
  }
  return out
}

function resolveFrom(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let dir = from
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`
    if (packages[candidate]) return candidate
    if (!dir) return undefined
    const i = dir.lastIndexOf('/node_modules/')
    dir = i < 0 ? '' : dir.slice(0, i)
  }
}
