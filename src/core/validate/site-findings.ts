/**
 * `lead validate` over the working tree: the findings remembered under the working tree's digest
 * (records/state-memo.ts) when nobody changed the site since a recent run, else worked out by the
 * validation engine (site-validation.ts), which is loaded only then. A warm run so loads no rule,
 * no schema check, no privacy scan and no record reader (~100 ms of module loading on a
 * 10,000-referral site's warm `lead validate`); and the result is assembled here the same way
 * either way (the schema copies in .lead/schemas/ judged afresh, narrowed to the files asked for).
 */
import fs from 'node:fs'
import path from 'node:path'
import {countBySeverity, involves, type Diagnostic} from '../errors.js'
import {machineClock, today, type IsoDate} from '../clock/dates.js'
import {validSiteTimeZone} from '../clock/site-zone.js'
import {CONFIG_FILE, type Kind} from '../records/kinds.js'
import {gitFileState, type GitFileState} from '../records/git-file-state.js'
import {keepList, listHash, pruneLists, readList} from '../records/file-lists.js'
import {learnParticipantFiles} from '../privacy/file-names.js'
import {keptStateMemos, memoKey, readStateMemo, siteStateDigest, writeStateMemo} from '../records/state-memo.js'
import type {Site} from '../site.js'
import {overrideProblem} from '../diagnostic-codes.js'
import {writeBasisLink, type BasisLink} from './basis-link.js'
import {SCHEMA_DIR} from '../schemas/schema-dir.js'
import {SCHEMA_NAMES, schemaFile} from '../schemas/schema-names.js'
import type {ValidateOptions, ValidationResult} from './site-validation.js'

/** What validating a site's records found: every finding (sorted, with excerpts) and what was checked. */
export interface SiteFindings {
  diagnostics: Diagnostic[]
  records: Record<Kind, number>
  /** Every file checked (site-relative), lead.yaml first. */
  checkedFiles: string[]
  /** checkedFiles joined by NUL, when the engine had it at hand (no second pass over 13,000 paths). */
  checkedLine?: string
  /** The delta basis the engine wrote for these records, and the listing's findings about files that are no records (basis-link.ts). */
  basis?: Omit<BasisLink, 'digest'>
  /** The records read were not those git's digest read (ValidateOptions.digestOf): neither remembered nor linked under it. */
  unsure?: true
}

export async function validateSite(site: Site, options: ValidateOptions = {}): Promise<ValidationResult> {
  const {key, asOf, git, digest} = await memoOf(site, options)
  let findings = key ? fromMemo(site.root, readStateMemo<StoredFindings>(site.root, 'validate', key)) : undefined
  if (!findings) {
    const {findingsOfSite} = await import('./site-validation.js')
    findings = await findingsOfSite(site, asOf, {...options, git, ...(key ? {digestOf: git} : {})})
    if (key && !findings.unsure) toMemo(site.root, key, findings, digest!, git)
  }
  return assembleValidation(site, findings, options.only)
}

/**
 * How many errors and warnings validating the site gives (what `lead status` shows): from the
 * memo's findings when a run remembered them, without reading its list of checked files (13,000
 * paths, ~580 KB on a big site); else as validateSite counts them.
 */
export async function validationCounts(site: Site, options: ValidateOptions = {}): Promise<{errors: number; warnings: number}> {
  const {key} = await memoOf(site, options)
  const stored = key ? readStateMemo<StoredFindings>(site.root, 'validate', key) : undefined
  if (options.only || !isStored(stored)) return validateSite(site, options)
  return countBySeverity([...applySeverityOverrides(staleSchemaCopies(site), site.config.rules), ...stored.diagnostics])
}

/** The key a validation of the site as it is is remembered under (none without git or with rules of a test's own), and what it depends on. */
async function memoOf(site: Site, options: ValidateOptions): Promise<{key: string | undefined; asOf: IsoDate; git: GitFileState | undefined; digest: string | undefined}> {
  const asOf = options.asOf ?? today(validSiteTimeZone(site))
  // A site nobody changed since a recent run gets that run's findings without a record being
  // built (records/state-memo.ts); git says what changed.
  const git = options.cache === false || options.inputs ? undefined : 'git' in options ? options.git : await gitFileState(site.root)
  const digest = git && options.rules === undefined ? siteStateDigest(site.root, git) : undefined
  return {key: digest ? validationKey(site, digest, asOf) : undefined, asOf, git, digest}
}

const validationKey = (site: Site, digest: string, asOf: IsoDate): string | undefined => memoKey(digest, [asOf, machineZone(), site.config, site.configSource?.text ?? null, site.configDiagnostics]) || undefined

/**
 * Remember findings as those of the site in the state `git` describes, its listed files' contents
 * as `known` gives them (the write path, after its commit: the state it validated, so that the
 * next `lead validate` or `lead status` answers from the memo).
 */
/** Returns the state's digest (undefined: git's answer cannot tell the state). */
export function rememberSiteFindings(site: Site, git: GitFileState, known: (file: string) => string | undefined, asOf: IsoDate, findings: SiteFindings): string | undefined {
  const digest = siteStateDigest(site.root, git, known)
  // The day the findings were judged as of, never today's date worked out again (a write's commit may cross midnight).
  const key = digest && validationKey(site, digest, asOf)
  if (key) toMemo(site.root, key, findings, digest!, git)
  return digest
}

/**
 * The validation of the site in the state `git` describes, as of `asOf`, when a run remembered it
 * (the write path's state before its change: usually the last write left it), without its list of
 * checked files (13,000 paths): what tells old errors from new (judged-change.ts newErrors).
 */
export function rememberedValidation(site: Site, git: GitFileState, asOf: IsoDate): ValidationResult | undefined {
  const digest = siteStateDigest(site.root, git)
  const key = digest && validationKey(site, digest, asOf)
  const stored = key ? readStateMemo<StoredFindings>(site.root, 'validate', key) : undefined
  if (!isStored(stored)) return undefined
  const {files: _files, ...rest} = stored
  return assembleValidation(site, {...rest, checkedFiles: []}, undefined)
}

/**
 * As the memo keeps findings: the files checked (13,000 paths on a big site, 95% of a result) by
 * the hash of their list, kept once in a file of its own (records/file-lists.ts): most changes (an
 * edit, not a new file) keep the list, so saving a result writes its findings alone, and a new
 * list is one file written.
 */
interface StoredFindings extends Omit<SiteFindings, 'checkedFiles'> {
  files: string
}

const FILE_LISTS = 'validate-files'

/** `digest`: git's digest of the state the findings are of (the key holds it): the basis they wrote, if any, is linked to it. */
function toMemo(root: string, key: string, {checkedFiles, checkedLine, basis, ...rest}: SiteFindings, digest: string, git: GitFileState | undefined): void {
  const base = basis && git?.listingBase()
  if (basis) writeBasisLink(root, {digest, ...basis, ...(base ? {base: base.digest, changed: base.changed} : {})})
  // One string, joined by NUL (which no path holds): read back with one split.
  const list = checkedLine ?? checkedFiles.join('\0')
  const files = listHash(list)
  keepList(root, FILE_LISTS, files, list)
  writeStateMemo(root, 'validate', key, {...rest, files} satisfies StoredFindings)
  // The lists the kept results name (this one among them); any other is no result's.
  pruneLists(root, FILE_LISTS, [files, ...keptStateMemos(root, 'validate').filter(isStored).map((s) => s.files)])
}

function isStored(stored: unknown): stored is StoredFindings {
  return typeof stored === 'object' && stored !== null && typeof (stored as StoredFindings).files === 'string' && Array.isArray((stored as StoredFindings).diagnostics)
}

function fromMemo(root: string, stored: StoredFindings | undefined): SiteFindings | undefined {
  if (!isStored(stored)) return undefined
  const list = readList(root, FILE_LISTS, stored.files)
  if (list === undefined) return undefined
  const {files: _files, ...rest} = stored
  return {...rest, checkedFiles: list === '' ? [] : list.split('\0')}
}

/** A site with no time zone of its own is judged in this machine's (local times in messages). */
const machineZone = () => machineClock().timeZone

/** The result: the findings, the site's own schema copies judged now, narrowed to `only`. */
export function assembleValidation(site: Site, findings: SiteFindings, only: ReadonlySet<string> | undefined): ValidationResult {
  const stale = applySeverityOverrides(staleSchemaCopies(site), site.config.rules)
  for (const d of stale) {
    const text = site.configSource?.lineText(d.line)
    if (text) d.excerpt = text
  }
  // Every output of this run conceals the names of the files these findings say hold a participant's record.
  learnParticipantFiles(findings.diagnostics)
  // Stable: among findings at one position, the schema copies' come first, as they always have.
  let final = [...stale, ...findings.diagnostics].sort(byPosition)
  if (only) final = final.filter((d) => involves(d, only))
  const counts = countBySeverity(final)
  return {ok: counts.errors === 0, ...counts, files: findings.checkedFiles.length, records: findings.records, checkedFiles: findings.checkedFiles, diagnostics: final}
}

/** The schema copies in .lead/schemas/ (what editors and CI see) differ from the ones lead ships. */
function staleSchemaCopies(site: Site): Diagnostic[] {
  const dir = path.join(site.root, '.lead', 'schemas')
  if (!fs.existsSync(dir)) return []
  const stale = SCHEMA_NAMES.map(schemaFile).filter((name) => {
    try {
      return !fs.readFileSync(path.join(dir, name)).equals(fs.readFileSync(path.join(SCHEMA_DIR, name)))
    } catch {
      return true
    }
  })
  if (stale.length === 0) return []
  return [{code: 'SCHEMAS_OUTDATED', severity: 'warning', message: `.lead/schemas/ is out of date for this version of lead (${stale.join(', ')})`, hint: 'run `lead schema export .lead/schemas` and commit the result, so editors check what lead checks', file: CONFIG_FILE, line: 1, column: 1}]
}

/** Apply lead.yaml `rules:`, honouring only the re-gradings diagnostic-codes.ts allows. */
export function applySeverityOverrides(diagnostics: Diagnostic[], overrides: Record<string, string> | undefined): Diagnostic[] {
  if (!overrides) return diagnostics
  const out: Diagnostic[] = []
  for (const d of diagnostics) {
    const o = Object.hasOwn(overrides, d.code) && !overrideProblem(d.code, overrides[d.code]!) ? overrides[d.code] : undefined
    if (o === 'off') continue
    out.push(o === 'error' || o === 'warning' ? {...d, severity: o} : d)
  }
  return out
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file === CONFIG_FILE ? -1 : b.file === CONFIG_FILE ? 1 : a.file < b.file ? -1 : 1
  return a.line - b.line || a.column - b.column || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1)
}
