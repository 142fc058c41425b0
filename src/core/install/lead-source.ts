/**
 * Where a site gets lead from: an npm dependency spec (a registry version, a git URL with a
 * commit, a tarball URL or file), classified so `lead init` can pin it and say what CI can reach.
 */
import path from 'node:path'
import {usageError} from '../errors.js'

export type LeadSourceKind = 'registry' | 'git' | 'tarball-url' | 'file'

export interface LeadSource {
  kind: LeadSourceKind
  /** The spec written into the site's package.json devDependencies. */
  spec: string
  /** A git source's pinned commit (40 hex digits), when the spec names one. */
  commit?: string
  /** Why CI may not be able to install it (a local path, an unpinned git ref). */
  caveat?: string
}

const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/
const GIT_PREFIX = /^(?:git\+(?:https?|ssh|file):\/\/|git:\/\/|github:|gitlab:|bitbucket:)/
const COMMIT = /#([0-9a-f]{40})$/

/**
 * Classify a `--lead-source` value. `name` is lead's package name, so `lead-cli@0.2.0` and
 * `0.2.0` both mean that version from the registry the site's .npmrc names.
 */
export function parseLeadSource(raw: string, name: string, cwd = process.cwd()): LeadSource {
  const value = raw.trim()
  if (value === '') throw usageError('BAD_LEAD_SOURCE', '--lead-source is empty', 'give a version (0.1.0), a git URL with a commit, a tarball URL or a tarball file')
  const version = value.startsWith(`${name}@`) ? value.slice(name.length + 1) : value
  if (EXACT_VERSION.test(version)) return {kind: 'registry', spec: version}
  if (GIT_PREFIX.test(value)) {
    const commit = COMMIT.exec(value)?.[1]
    if (/^git\+file:/.test(value)) return {kind: 'git', spec: value, commit, caveat: 'a git repository on this machine: CI cannot clone it'}
    return commit ? {kind: 'git', spec: value, commit} : {kind: 'git', spec: value, caveat: 'no commit given: the lock file pins the commit npm finds when it is made'}
  }
  if (/^https:\/\//.test(value)) return {kind: 'tarball-url', spec: value}
  if (/^http:\/\//.test(value)) throw usageError('BAD_LEAD_SOURCE', `${value} is a plain http address`, 'use https, so nobody on the way can swap the package')
  if (value.startsWith('file:') || /\.(?:tgz|tar\.gz)$/.test(value)) {
    const file = path.resolve(cwd, value.replace(/^file:/, ''))
    return {kind: 'file', spec: `file:${file}`, caveat: 'a file on this machine: commit it into the site (e.g. vendor/) or CI cannot install it'}
  }
  if (/^[~^<>=*]|\d+\.x|\s/.test(version) || /^\d+(\.\d+)?$/.test(version)) {
    throw usageError('BAD_LEAD_SOURCE', `--lead-source ${value} is a range, not one version`, 'pin an exact version, e.g. 0.1.0: the site must install the lead it was checked with')
  }
  throw usageError('BAD_LEAD_SOURCE', `--lead-source ${value} is not a version, git URL or tarball`, 'e.g. 0.1.0, git+https://github.com/your-org/lead.git#<commit>, https://…/lead-cli-0.1.0.tgz or ./lead-cli-0.1.0.tgz')
}

/**
 * A git remote as npm writes it (`git+https://host/org/repo.git`, `git+ssh://git@host/org/repo.git`),
 * without any user name or token an https remote may carry.
 */
export function gitRemoteSpec(remote: string): string | undefined {
  const url = remote.trim()
  const scp = /^([\w.-]+)@([\w.-]+):(?!\/)(.+)$/.exec(url)
  if (scp) return `git+ssh://${scp[1]}@${scp[2]}/${scp[3]}`
  if (/^(?:https?|ssh|git):\/\//.test(url)) {
    try {
      const u = new URL(url)
      if (u.protocol !== 'ssh:') {
        u.username = ''
        u.password = ''
      }
      return `${u.protocol === 'git:' ? '' : 'git+'}${u.toString()}`
    } catch {
      return undefined
    }
  }
  if (url.startsWith('file://')) return `git+${url}`
  if (path.isAbsolute(url)) return `git+file://${url}`
  return undefined
}
