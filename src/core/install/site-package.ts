/**
 * The site's package.json, which pins lead like any other tool (a devDependency CI installs with
 * `npm ci`, Dependabot or Renovate updates), and its package-lock.json when lead can write it
 * without a network: when the site pins the very lead that is running, whose tree is known.
 */
import path from 'node:path'
import type {LeadSource} from './lead-source.js'
import type {LockEntry, RunningLead} from './running-lead.js'

export interface SitePackage {
  packageJson: string
  /** Undefined when the pinned lead is not the running one: `npm install` makes it once. */
  lockJson?: string
}

/** An npm package name for the site, from its folder name. */
export function sitePackageName(folder: string): string {
  const slug = path.basename(folder).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-._]+$/g, '').slice(0, 100)
  return slug || 'lead-site'
}

export function sitePackage(root: string, siteName: string, source: LeadSource, lead: RunningLead): SitePackage {
  const name = sitePackageName(root)
  const pkg: Record<string, unknown> = {
    name,
    private: true,
    description: `LEAD site records of ${siteName}, checked by lead`,
    scripts: {validate: 'lead validate'},
    devDependencies: {[lead.name]: source.spec},
  }
  // npm 11 runs a git dependency's build (prepare) only for packages the project allows.
  if (source.kind === 'git') pkg.allowScripts = {[lead.name]: true}
  const packageJson = `${JSON.stringify(pkg, null, 2)}\n`
  const entry = sameLead(source, lead) ? leadEntry(root, source, lead) : undefined
  if (!entry || !lead.tree) return {packageJson}
  const packages: Record<string, LockEntry> = {'': {name, devDependencies: {[lead.name]: source.spec}}}
  const tree: Record<string, LockEntry> = {[`node_modules/${lead.name}`]: entry}
  for (const [key, e] of Object.entries(lead.tree)) tree[key] = asDevEntry(e)
  for (const key of Object.keys(tree).sort((a, b) => a.localeCompare(b, 'en'))) packages[key] = tree[key]!
  const lock = {name, lockfileVersion: 3, requires: true, packages}
  return {packageJson, lockJson: `${JSON.stringify(lock, null, 2)}\n`}
}

/** Is `source` where the running lead came from (so its known tree is what the site installs)? */
function sameLead(source: LeadSource, lead: RunningLead): boolean {
  const own = lead.source
  if (!own || own.kind !== source.kind) return false
  if (source.kind === 'registry') return source.spec === lead.version
  if (source.kind === 'git') return own.commit !== undefined && own.commit === source.commit && stripCommit(own.spec) === stripCommit(source.spec)
  return own.spec === source.spec
}

const stripCommit = (spec: string) => spec.replace(/#.*$/, '')

function leadEntry(root: string, source: LeadSource, lead: RunningLead): LockEntry | undefined {
  if (source.kind === 'registry' || source.kind === 'tarball-url') {
    // What npm verifies the download against: without it, no lock entry lead can vouch for.
    if (!lead.entry?.integrity) return undefined
    return asDevEntry({...lead.entry, ...(source.kind === 'tarball-url' ? {resolved: source.spec} : {})})
  }
  const base: LockEntry = lead.entry ?? {}
  if (source.kind === 'file') {
    if (!base.integrity) return undefined
    const rel = path.relative(root, source.spec.slice(5)).split(path.sep).join('/')
    return asDevEntry({...base, resolved: `file:${rel}`})
  }
  // git: npm installs it by cloning the commit and building it; there is no tarball to verify.
  const {integrity: _none, ...rest} = base
  return asDevEntry({...rest, version: lead.version, resolved: source.spec})
}

/** Everything under a devDependency is dev-only in the site's tree (optional ones stay optional too). */
function asDevEntry(entry: LockEntry): LockEntry {
  const {dev: _dev, devOptional: _devOptional, ...rest} = entry
  return {...rest, dev: true}
}
