/**
 * Creating a site: the folder layout, lead.yaml, schemas, editor and CI wiring, optionally the
 * bundled example records, then one git commit. All or nothing: on failure, what was created goes
 * — except when only the commit fails (git has no identity yet): the files stay, and running
 * `lead init` again on the folder finishes the site by committing them.
 */
import fs from 'node:fs'
import path from 'node:path'
import {yaml} from './records/yaml-lib.js'
import {stateError, LeadError, ExitCode} from './errors.js'
import {commitState} from './git/first-commit.js'
import {findGitDir, headBranch} from './git-dir.js'
import {leadFile} from './lead-files.js'
import {SiteRepo, shellQuote} from './git/site-repo.js'
import {gitWordsForFiles} from './write/git-words.js'
import {CONFIG_FILE, KIND_INFO, KINDS} from './records/kinds.js'
import {makeSiteDir, writeOutputFile} from './records/output-path.js'
import {codeOwners, dependabotConfig, GITIGNORE, githubWorkflow, LAYOUT_PATHS, leadYaml, SCHEMA_FILES, vscodeSettings, type NewSiteSettings} from './site-layout.js'
import type {LeadSource} from './install/lead-source.js'
import type {RunningLead} from './install/running-lead.js'
import {sitePackage} from './install/site-package.js'
import {SCHEMA_DIR} from './schemas/schema-registry.js'
import {today, type IsoDate} from './clock/dates.js'
import {EXAMPLE_AS_WRITTEN, exampleShiftWeeks, shiftExampleFiles} from './example-dates.js'

export const EXAMPLE_SITE_DIR = leadFile('fixtures/example-site') + path.sep

export interface InitOptions extends Partial<NewSiteSettings> {
  dir: string
  example?: boolean
  /** With `example`: the day the example should read as of (default: today in the site's zone); its dates move forward by whole weeks to it. */
  asOf?: IsoDate
  /** Skip the git commit (tests of the layout itself). */
  commit?: boolean
  /** Where the site installs lead from (package.json), and the lead that is running. */
  lead?: {source: LeadSource; running: RunningLead}
  /** GitHub users or teams that must approve policy, protocol and gate changes (.github/CODEOWNERS; none: a commented template). */
  codeOwners?: string[]
}

export interface InitResult {
  root: string
  files: string[]
  commit?: string
  example: boolean
  /** The example's dates: the day asked for, the first day of the week it was written for, and the whole weeks they moved by. */
  exampleDates?: {asOf: IsoDate; asWritten: IsoDate; weeks: number}
  /** The lead the site's package.json pins, and whether lead could write its lock file. */
  leadSource?: LeadSource
  lockFile?: boolean
  /** The site's time zone, and where it came from: the caller, this machine, or the example. */
  timezone: string
  timezoneFrom: 'option' | 'machine' | 'example'
  /** A re-run that committed what an interrupted first run left uncommitted. */
  finished?: boolean
}

/** This machine's IANA time zone (what a new site gets when none is given). */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/**
 * The example's files as text (only the records and lead.yaml: never a cache or other local state
 * the folder may hold), and the time zone its date-times were written in.
 */
function exampleFiles(): {files: Map<string, string>; timezone: string} {
  const files = new Map<string, string>()
  for (const rel of listFiles(EXAMPLE_SITE_DIR)) if (!rel.startsWith('.')) files.set(rel, fs.readFileSync(path.join(EXAMPLE_SITE_DIR, rel), 'utf8'))
  const timezone = yaml().parseDocument(files.get(CONFIG_FILE) ?? '').getIn(['site', 'timezone'])
  return {files, timezone: typeof timezone === 'string' ? timezone : 'UTC'}
}

/** Is this folder free for a new site? Empty, or holding only a fresh .git. */
export function checkTarget(root: string): void {
  if (!fs.existsSync(root)) return
  if (!fs.statSync(root).isDirectory()) throw stateError('NOT_A_FOLDER', `${root} exists and is not a folder`, 'choose another path')
  if (fs.existsSync(path.join(root, CONFIG_FILE))) {
    throw stateError('SITE_EXISTS', `${root} is already a LEAD site`, `nothing to do: work in it with \`lead -C ${shellQuote(root)} validate\`, or choose another folder`)
  }
  const entries = fs.readdirSync(root).filter((e) => e !== '.git')
  if (entries.length > 0) {
    throw stateError('NOT_EMPTY', `${root} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''})`, 'create the site in a new or empty folder')
  }
}

export async function initSite(options: InitOptions): Promise<InitResult> {
  const root = path.resolve(options.dir)
  if (options.commit !== false && (await unfinished(root))) return finishSite(root)
  checkTarget(root)
  const createdRoot = !fs.existsSync(root)
  const files = new Map<string, string | Uint8Array>()

  let timezone = options.timezone ?? machineTimeZone()
  let timezoneFrom: InitResult['timezoneFrom'] = options.timezone ? 'option' : 'machine'
  let exampleDates: InitResult['exampleDates']
  if (options.example) {
    const example = exampleFiles()
    if (!options.timezone) {
      timezone = example.timezone
      timezoneFrom = 'example'
    }
    // Moved to the day asked for (default: today where the site is), so the example reads then as
    // it read when written (example-dates.ts).
    const asOf = options.asOf ?? today(timezone)
    const weeks = exampleShiftWeeks(asOf)
    for (const [rel, content] of shiftExampleFiles(example.files, weeks, example.timezone)) files.set(rel, content)
    files.set(CONFIG_FILE, withSettings(String(files.get(CONFIG_FILE)), options))
    exampleDates = {asOf, asWritten: EXAMPLE_AS_WRITTEN, weeks}
  } else {
    files.set(CONFIG_FILE, leadYaml({name: options.name ?? titleFromFolder(root), timezone, jurisdiction: options.jurisdiction, referralPhone: options.referralPhone, districts: options.districts, catchments: options.catchments}))
  }
  for (const kind of KINDS) {
    const folder = KIND_INFO[kind].folder
    if (![...files.keys()].some((f) => f.startsWith(`${folder}/`))) files.set(`${folder}/.gitkeep`, '')
  }
  for (const name of SCHEMA_FILES) files.set(`.lead/schemas/${name}`, fs.readFileSync(path.join(SCHEMA_DIR, name)))
  files.set('.gitignore', GITIGNORE)
  files.set('.vscode/settings.json', vscodeSettings())
  files.set('.github/workflows/lead.yml', githubWorkflow({defaultBranch: currentBranch(root) ?? 'main'}))
  files.set('.github/dependabot.yml', dependabotConfig())
  files.set('.github/CODEOWNERS', codeOwners(options.codeOwners))
  let lockFile = false
  if (options.lead) {
    const pkg = sitePackage(root, siteName(files.get(CONFIG_FILE)), options.lead.source, options.lead.running)
    files.set('package.json', pkg.packageJson)
    if (pkg.lockJson) files.set('package-lock.json', pkg.lockJson)
    lockFile = pkg.lockJson !== undefined
  }

  const written: string[] = []
  try {
    for (const [rel, content] of files) {
      const abs = path.join(root, rel)
      makeSiteDir(root, path.dirname(rel))
      writeOutputFile(root, abs, content)
      written.push(rel)
    }
  } catch (error) {
    rollback(root, createdRoot, written)
    if (error instanceof LeadError) throw error
    throw new LeadError('IO_ERROR', `could not create the site: ${(error as Error).message}`, {exit: ExitCode.io, hint: 'check that you may write to the folder'})
  }

  const result: InitResult = {root, files: [...files.keys()].sort(), example: Boolean(options.example), ...(exampleDates ? {exampleDates} : {}), timezone, timezoneFrom, ...(options.lead ? {leadSource: options.lead.source, lockFile} : {})}
  if (options.commit === false) return result
  const repo = new SiteRepo(root)
  try {
    if (!(await repo.isRepo()) || !fs.existsSync(path.join(root, '.git'))) await repo.init()
  } catch (error) {
    rollback(root, createdRoot, written)
    throw new LeadError('GIT_FAILED', `could not create a git repository: ${(error as Error).message}`, {exit: ExitCode.io, hint: 'is git installed and on the PATH?'})
  }
  result.commit = await commitFirst(repo, result.files, siteName(files.get(CONFIG_FILE)), root)
  return result
}

/** A site whose files are there but not in git: its first commit failed (or was never made). */
async function unfinished(root: string): Promise<boolean> {
  if (!fs.existsSync(path.join(root, CONFIG_FILE))) return false
  const state = commitState(root)
  if (state === 'unborn' || state === 'no-repo') return true
  return !(await new SiteRepo(root).isTracked(CONFIG_FILE))
}

/** Commit what an interrupted `lead init` left: the layout's files, staged or not. */
async function finishSite(root: string): Promise<InitResult> {
  const repo = new SiteRepo(root)
  if (commitState(root) === 'no-repo') await repo.init()
  const files = (await repo.filesUnder(LAYOUT_PATHS.filter((p) => fs.existsSync(path.join(root, p))))).sort()
  const config = fs.readFileSync(path.join(root, CONFIG_FILE), 'utf8')
  // What is committed is what is there: a referral someone saved into the site since, which a hook
  // (a global core.hooksPath one) may print; nothing is loaded to tell (write/git-words.ts).
  const commit = await commitFirst(repo, files, siteName(config), root, gitWordsForFiles(files, findGitDir(root)?.gitDir).line)
  const timezone = yaml().parseDocument(config).getIn(['site', 'timezone'])
  return {root, files, commit, example: false, timezone: typeof timezone === 'string' ? timezone : '', timezoneFrom: 'option', finished: true}
}

/** The first commit; without a git identity the files stay and a re-run of `lead init` finishes. */
async function commitFirst(repo: SiteRepo, files: string[], name: string, root: string, shownWords?: (line: string) => string): Promise<string> {
  try {
    return await repo.commitPaths(files, `lead: create site ${name}`, shownWords ? {shownWords} : {})
  } catch (error) {
    if (!(error instanceof LeadError) || error.code !== 'GIT_IDENTITY') throw error
    throw new LeadError('GIT_IDENTITY', `the site's files are written in ${root} but not committed: git does not know who you are yet`, {
      exit: ExitCode.io,
      hint: `tell git your name and email (git config --global user.name 'Your Name' && git config --global user.email you@example.org), then run \`lead init ${shellQuote(root)}\` again: it finishes the site`,
    })
  }
}

function withSettings(config: string, options: InitOptions): string {
  if (!options.name && !options.timezone && !options.jurisdiction && !options.referralPhone && !options.districts && !options.catchments) return config
  const doc = yaml().parseDocument(config)
  if (options.name) doc.setIn(['site', 'name'], options.name)
  if (options.jurisdiction) doc.setIn(['site', 'jurisdiction'], options.jurisdiction)
  if (options.timezone) doc.setIn(['site', 'timezone'], options.timezone)
  if (options.districts) doc.setIn(['privacy', 'districts'], doc.createNode(options.districts, {flow: true}))
  if (options.catchments) doc.setIn(['privacy', 'catchments'], doc.createNode(options.catchments, {flow: true}))
  if (options.referralPhone) doc.set('referral_phone', options.referralPhone)
  // Quote what a YAML 1.1 reader would mistype (a site named "NO", a zone like "12:30").
  return doc.toString({compat: 'yaml-1.1'} as Parameters<typeof doc.toString>[0])
}

/** The branch the folder's own repository (a worktree's too) is on; a new one starts on main. */
function currentBranch(root: string): string | undefined {
  const at = findGitDir(root)
  return at && at.top === path.resolve(root) ? headBranch(at.gitDir) : undefined
}

function siteName(config: string | Uint8Array | undefined): string {
  const text = typeof config === 'string' ? config : Buffer.from(config ?? '').toString('utf8')
  const name = yaml().parseDocument(text).getIn(['site', 'name'])
  return typeof name === 'string' ? name : 'LEAD site'
}

/** A site name from its folder's name: harbor-lead → Harbor Lead. */
export function titleFromFolder(root: string): string {
  root = path.resolve(root)
  const base = path.basename(root).replace(/[-_]+/g, ' ').trim()
  return base ? base.replace(/\b\w/g, (c) => c.toUpperCase()) : 'LEAD site'
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(path.join(dir, prefix), {withFileTypes: true})) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) out.push(...listFiles(dir, rel))
    else if (entry.isFile()) out.push(rel)
  }
  return out
}

function rollback(root: string, createdRoot: boolean, written: string[]): void {
  if (createdRoot) {
    fs.rmSync(root, {recursive: true, force: true})
    return
  }
  for (const rel of written) fs.rmSync(path.join(root, rel), {force: true})
  for (const dir of ['.lead/schemas', '.lead', '.vscode', '.github/workflows', '.github', ...KINDS.map((k) => KIND_INFO[k].folder)]) {
    try {
      fs.rmdirSync(path.join(root, dir))
    } catch {
      // not empty or not there
    }
  }
}
