/**
 * The gate: the files that decide how a change is checked, as opposed to the records it checks.
 * On a pull request GitHub runs the pull request's own copy of a workflow; the site's package.json,
 * lock file and .npmrc pin the lead CI installs; CODEOWNERS names who must approve. A change that
 * touches any of them could bend the check that judges it (or every later one), so it is a
 * GATE_CHANGED finding of its own: an error a maintainer accepts for one change (`--accept`),
 * never a rule lead.yaml can re-grade. lead reads no configuration of its own from `.lead/` (the
 * schema copies there are for editors: lead judges with the schemas it ships).
 */
import fs from 'node:fs'
import path from 'node:path'
import type {Diagnostic} from '../errors.js'
import {ExitCode, LeadError} from '../errors.js'
import {repoPrefix, runGit} from '../git/revision-files.js'
import type {SnapshotSource} from '../git/site-snapshot.js'

export type GateRole = 'workflow' | 'action' | 'package' | 'lock' | 'npmrc' | 'owners'

export interface GateChange {
  /** Path from the site's folder (`../.github/…` when the site is a subfolder of its repository). */
  file: string
  status: 'added' | 'removed' | 'changed'
  role: GateRole
  /** What changed in it, where lead can tell: `devDependencies.lead-cli: 0.1.0 → 0.2.0`. */
  detail?: string
  /** Where in the changed file (1 when unknown). */
  line: number
}

/** Gate files at the top of the repository (where GitHub reads them). */
const REPO_GATE: ReadonlyArray<{glob: string; role: GateRole}> = [
  {glob: '.github/workflows/**', role: 'workflow'},
  {glob: '.github/actions/**', role: 'action'},
  {glob: '.github/CODEOWNERS', role: 'owners'},
  {glob: 'CODEOWNERS', role: 'owners'},
  {glob: 'docs/CODEOWNERS', role: 'owners'},
]

/** Gate files in the site's folder (where the workflow installs lead). */
const SITE_GATE: ReadonlyArray<{name: string; role: GateRole}> = [
  {name: 'package.json', role: 'package'},
  {name: 'package-lock.json', role: 'lock'},
  {name: 'npm-shrinkwrap.json', role: 'lock'},
  {name: '.npmrc', role: 'npmrc'},
]

const WHY: Record<GateRole, string> = {
  workflow: 'GitHub runs a pull request\'s own copy of a workflow, so this decides which checks run on the change',
  action: 'an action the workflows run, taken from the change itself',
  package: 'it pins the lead CI installs to check every change',
  lock: 'it pins the lead CI installs to check every change',
  npmrc: 'npm\'s settings (registry, scripts) for installing lead',
  owners: 'who must approve changes to the records and to the gate',
}

/** Larger package files are compared as bytes only (a lock file of a site is a few hundred KB). */
const DETAIL_BYTES = 8 * 1024 * 1024

const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`)

function classify(repoPath: string, prefix: string): GateRole | undefined {
  const site = repoPath.startsWith(prefix) ? SITE_GATE.find((g) => g.name === repoPath.slice(prefix.length)) : undefined
  if (site) return site.role
  for (const g of REPO_GATE) {
    if (g.glob.endsWith('/**') ? repoPath.startsWith(g.glob.slice(0, -2)) : repoPath === g.glob) return g.role
  }
  return undefined
}

function pathspecs(prefix: string): string[] {
  return [...REPO_GATE.map((g) => `:(top,glob)${g.glob}`), ...SITE_GATE.map((g) => `:(top,glob)${escapeGlob(prefix)}${escapeGlob(g.name)}`)]
}

async function git(root: string, args: string[]): Promise<string> {
  const r = await runGit(root, args)
  if (r.code !== 0) throw new LeadError('GIT_FAILED', `git ${args[0]} failed: ${r.stderr.trim().split('\n')[0] ?? ''}`, {exit: ExitCode.io})
  return r.stdout.toString('utf8')
}

const STATUS: Record<string, GateChange['status']> = {A: 'added', D: 'removed'}

/**
 * The gate files a change touches, from `base` (a commit) to `head` (a commit, the index or the
 * working tree, with files git does not track yet). Git compares: a file whose bytes are the same
 * is unchanged, whatever its timestamps.
 */
export async function gateChanges(root: string, base: SnapshotSource, head: SnapshotSource): Promise<GateChange[]> {
  if (base.type !== 'commit') return []
  const prefix = await repoPrefix(root)
  const specs = pathspecs(prefix)
  const diff = ['diff', '--name-status', '-z', '--no-renames', '--no-ext-diff', '--no-textconv']
  const args = head.type === 'commit' ? [...diff, base.commit, head.commit] : head.type === 'index' ? [...diff, '--cached', base.commit] : [...diff, base.commit]
  const found = new Map<string, GateChange['status']>()
  const fields = (await git(root, [...args, '--', ...specs])).split('\0')
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i]!
    const file = fields[i + 1]!
    if (file !== '') found.set(file, STATUS[status[0]!] ?? 'changed')
  }
  if (head.type === 'worktree') {
    for (const file of (await git(root, ['ls-files', '-z', '--others', '--exclude-standard', '--full-name', '--', ...specs])).split('\0')) {
      if (file !== '') found.set(file, 'added')
    }
  }
  const up = prefix === '' ? '' : '../'.repeat(prefix.split('/').filter(Boolean).length)
  const out: GateChange[] = []
  for (const [repoPath, status] of [...found.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const role = classify(repoPath, prefix)
    if (!role) continue
    const file = prefix !== '' && repoPath.startsWith(prefix) ? repoPath.slice(prefix.length) : `${up}${repoPath}`
    const change: GateChange = {file, status, role, line: 1}
    if (status === 'changed') {
      const [before, after] = await Promise.all([readAt(root, base, repoPath), readAt(root, head, repoPath)])
      Object.assign(change, role === 'package' || role === 'lock' ? describePackageChange(role, before, after) : {line: firstDifference(before, after)})
    }
    out.push(change)
  }
  return out
}

/** A file's text at a commit, in the index or on disk; undefined when it is missing or too large to compare. */
async function readAt(root: string, source: SnapshotSource, repoPath: string): Promise<string | undefined> {
  if (source.type === 'worktree') {
    const top = (await git(root, ['rev-parse', '--show-toplevel'])).trim()
    const abs = path.join(top, repoPath)
    try {
      const stat = fs.lstatSync(abs)
      return stat.isFile() && stat.size <= DETAIL_BYTES ? fs.readFileSync(abs, 'utf8') : undefined
    } catch {
      return undefined
    }
  }
  const object = `${source.type === 'commit' ? source.commit : ''}:${repoPath}`
  const size = await runGit(root, ['cat-file', '-s', object])
  if (size.code !== 0 || Number(size.stdout.toString('utf8')) > DETAIL_BYTES) return undefined
  const blob = await runGit(root, ['cat-file', 'blob', object])
  return blob.code === 0 ? blob.stdout.toString('utf8') : undefined
}

type Json = Record<string, unknown>
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const parse = (text: string | undefined): Json | undefined => {
  try {
    const v: unknown = text === undefined ? undefined : JSON.parse(text)
    return isObj(v) ? v : undefined
  } catch {
    return undefined
  }
}
const shown = (v: unknown) => {
  const s = v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v)
  return s.length > 100 ? `${s.slice(0, 99)}…` : s
}
const DEPENDENCY_MAPS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'overrides']

/** The first line (1-based) where two texts differ, so an annotation points at the change. */
function firstDifference(before: string | undefined, after: string | undefined): number {
  if (before === undefined || after === undefined) return 1
  const a = before.split('\n')
  const b = after.split('\n')
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return Math.min(i + 1, b.length)
}

/** Line (1-based) of the first line of `text` holding `needle`, else 1. */
function lineOf(text: string | undefined, needle: string): number {
  const at = text?.indexOf(needle) ?? -1
  return at < 0 ? 1 : text!.slice(0, at).split('\n').length
}

/** What a package.json or lock file change does to what gets installed, in a reviewer's words. */
export function describePackageChange(role: 'package' | 'lock', beforeText: string | undefined, afterText: string | undefined): {detail?: string; line: number} {
  const before = parse(beforeText)
  const after = parse(afterText)
  if (!before || !after) return {detail: after ? undefined : 'no longer readable as JSON', line: 1}
  const items: Array<{text: string; needle: string}> = []
  if (role === 'package') {
    for (const key of DEPENDENCY_MAPS) {
      const b = isObj(before[key]) ? before[key] : {}
      const a = isObj(after[key]) ? after[key] : {}
      for (const name of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
        if (JSON.stringify(b[name]) !== JSON.stringify(a[name])) items.push({text: `${key}.${name}: ${shown(b[name])} → ${shown(a[name])}`, needle: JSON.stringify(name)})
      }
    }
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      if (!DEPENDENCY_MAPS.includes(key) && JSON.stringify(before[key]) !== JSON.stringify(after[key])) items.push({text: `${key} ${before[key] === undefined ? 'added' : after[key] === undefined ? 'removed' : 'changed'}`, needle: JSON.stringify(key)})
    }
  } else {
    const b = isObj(before.packages) ? before.packages : {}
    const a = isObj(after.packages) ? after.packages : {}
    const root = isObj(a['']) ? a[''] : {}
    const direct = new Set(DEPENDENCY_MAPS.flatMap((k) => (isObj(root[k]) ? Object.keys(root[k]) : [])))
    let others = 0
    for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
      if (key === '' || JSON.stringify(b[key]) === JSON.stringify(a[key])) continue
      const name = key.replace(/^node_modules\//, '')
      if (!direct.has(name)) {
        others++
        continue
      }
      const x = isObj(b[key]) ? b[key] : {}
      const y = isObj(a[key]) ? a[key] : {}
      const text = x.version !== y.version ? `${name} ${shown(x.version)} → ${shown(y.version)}` : x.resolved !== y.resolved ? `${name} resolved ${shown(x.resolved)} → ${shown(y.resolved)}` : `${name} ${shown(y.version)} with another checksum`
      items.push({text, needle: JSON.stringify(key)})
    }
    if (others > 0) items.push({text: `${others} other locked ${others === 1 ? 'package' : 'packages'}`, needle: ''})
  }
  if (items.length === 0) return {line: 1}
  const listed = items.slice(0, 3).map((i) => i.text)
  if (items.length > 3) listed.push(`${items.length - 3} more`)
  return {detail: listed.join('; '), line: items[0]!.needle ? lineOf(afterText, items[0]!.needle) : 1}
}

/** GATE_CHANGED findings, one per gate file the change touches. */
export function gateFindings(changes: readonly GateChange[], base: {label: string; commit?: string}): Diagnostic[] {
  return changes.map((c) => {
    const undo = c.status === 'added' ? `git rm ${c.file}` : `git checkout ${base.commit ? base.commit.slice(0, 7) : base.label} -- ${c.file}`
    return {
      code: 'GATE_CHANGED',
      severity: 'error',
      message: `${c.file} ${c.status}${c.detail ? ` (${c.detail})` : ''}: ${WHY[c.role]}`,
      hint: `a change to the gate is reviewed on its own: if it is meant, a maintainer accepts it for this change (the "lead: accept GATE_CHANGED" label in CI, --accept GATE_CHANGED, or LEAD_ACCEPT=GATE_CHANGED git commit); otherwise undo it (${undo}). See docs/guides/ci-reviewer.md`,
      file: c.file,
      line: c.line,
      column: 1,
    } satisfies Diagnostic
  })
}

/** The `gate` member of --json output. */
export function gateJson(changes: readonly GateChange[]): unknown {
  return changes.map(({file, status, role, detail}) => ({file, status, role, detail: detail ?? null}))
}
