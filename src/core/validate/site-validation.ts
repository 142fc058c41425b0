/**
 * `lead validate`'s engine: read every record, check it against its schema, run the cross-record
 * rules, apply the site's severity overrides, and return every finding sorted by position.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {countBySeverity, involves, type Diagnostic} from '../errors.js'
import {isTimeZone, today, type IsoDate} from '../clock/dates.js'
import {validSiteTimeZone} from '../clock/site-zone.js'
import {CONFIG_FILE, KINDS, type Kind} from '../records/kinds.js'
import {contentHash, type ParseCache} from '../records/parse-cache.js'
import {loadRecords, type LoadOptions, type SiteRecord, type SiteRecords} from '../records/load.js'
import {gitFileState, type GitFileState} from '../records/git-file-state.js'
import {memoKey, readStateMemo, siteStateDigest, writeStateMemo, type RecordsLoader} from '../records/state-memo.js'
import {configFromData, type Site} from '../site.js'
import {RuleContext, type Rule} from './rule-context.js'
import {ALL_RULES} from './rules/index.js'
import {runRules} from './rule-memo.js'
import {KNOWN_CODES, overrideProblem} from './diagnostic-codes.js'
import {recordSchemaFindings, schemaDiagnostics} from './schema-check.js'
import {PARTICIPANT_KINDS} from '../privacy/disclosable.js'
import {guardFindings} from '../privacy/disclosure-guard.js'
import {didYouMean} from '../text/suggest.js'
import {SCHEMA_DIR} from '../schemas/schema-dir.js'
import {SCHEMA_NAMES, schemaFile} from '../schemas/schema-names.js'

export interface ValidationResult {
  ok: boolean
  errors: number
  warnings: number
  files: number
  records: Record<Kind, number>
  /** Every file checked (site-relative), lead.yaml first. */
  checkedFiles: string[]
  diagnostics: Diagnostic[]
}

export interface ValidateOptions extends LoadOptions {
  /**
   * Report only findings about these site-relative files: in them, or involving them (a training's
   * unknown badge when its roster is named). References still resolve against the whole site.
   */
  only?: ReadonlySet<string>
  asOf?: IsoDate
  rules?: readonly Rule[]
  /** git's answer already asked for (undefined: git cannot tell), and how to load the records if needed. */
  git?: GitFileState
  load?: RecordsLoader
}

export async function validateSite(site: Site, options: ValidateOptions = {}): Promise<ValidationResult> {
  const asOf = options.asOf ?? today(validSiteTimeZone(site))
  // A site nobody changed since a recent run gets that run's findings without a record being
  // built (records/state-memo.ts); git says what changed.
  const git = options.cache === false || options.inputs ? undefined : 'git' in options ? options.git : await gitFileState(site.root)
  const digest = git && options.rules === undefined ? siteStateDigest(site.root, git) : undefined
  const key = digest && memoKey(digest, [asOf, machineZone(), site.config, site.configSource?.text ?? null, site.configDiagnostics])
  let findings = key ? readStateMemo<SiteFindings>(site.root, 'validate', key) : undefined
  if (!findings) {
    const records = options.load ? await options.load() : await loadRecords(site, {...options, saveCache: false, git: git ?? null})
    findings = siteFindings(site, records, asOf, options.rules)
    records.cache?.save()
    if (key) writeStateMemo(site.root, 'validate', key, findings)
  }
  return assemble(site, findings, options.only)
}

/** A site with no time zone of its own is judged in this machine's (local times in messages). */
const machineZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone

/** Validate records already in memory (the write path validates the state it is about to write). */
export function validateRecords(site: Site, records: SiteRecords, options: ValidateOptions = {}): ValidationResult {
  const asOf = options.asOf ?? today(validSiteTimeZone(site))
  return assemble(site, siteFindings(site, records, asOf, options.rules), options.only)
}

/** What validating a site's records found: every finding (sorted, with excerpts) and what was checked. */
interface SiteFindings {
  diagnostics: Diagnostic[]
  records: Record<Kind, number>
  /** Every file checked (site-relative), lead.yaml first. */
  checkedFiles: string[]
}

function siteFindings(site: Site, records: SiteRecords, asOf: IsoDate, rules: readonly Rule[] | undefined): SiteFindings {
  // The findings depend on nothing but the records, lead.yaml and the date: when none of them
  // changed since a recent run, that run's findings stand (no schema check, no rule, no ajv).
  const key = rules === undefined ? recordsMemoKey(site, records, asOf) : undefined
  let found = key === undefined ? undefined : records.cache?.validation(key)?.map((d) => ({...d}))
  if (!found) {
    // The per-record findings of lead's own rules are remembered per record (rule-memo.ts).
    found = [...configDiagnostics(site, records.cache), ...recordFindings(site, records, asOf, rules ?? ALL_RULES, rules === undefined ? records.cache : undefined)]
    found = applySeverityOverrides(found, site.config.rules)
    if (key !== undefined) records.cache?.setValidation(key, found.map((d) => ({...d})))
  }
  found.sort(byPosition)
  addExcerpts(found, site, records)
  const perKind = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>
  for (const r of records.records) perKind[r.kind]++
  return {diagnostics: found, records: perKind, checkedFiles: [CONFIG_FILE, ...records.records.map((r) => r.file)]}
}

/** The result: the findings, the site's own schema copies judged now, narrowed to `only`. */
function assemble(site: Site, findings: SiteFindings, only: ReadonlySet<string> | undefined): ValidationResult {
  const stale = applySeverityOverrides(staleSchemaCopies(site), site.config.rules)
  for (const d of stale) {
    const text = site.configSource?.lineText(d.line)
    if (text) d.excerpt = text
  }
  // Stable: among findings at one position, the schema copies' come first, as they always have.
  let final = [...stale, ...findings.diagnostics].sort(byPosition)
  if (only) final = final.filter((d) => involves(d, only))
  const counts = countBySeverity(final)
  return {ok: counts.errors === 0, ...counts, files: findings.checkedFiles.length, records: findings.records, checkedFiles: findings.checkedFiles, diagnostics: final}
}

/** Reading, schema and cross-record findings about the records, guarded. */
function recordFindings(site: Site, records: SiteRecords, asOf: IsoDate, rules: readonly Rule[], memo: ParseCache | undefined): Diagnostic[] {
  const diagnostics: Diagnostic[] = [...records.diagnostics]
  const valid = new Set<SiteRecord>()
  for (const record of records.records) {
    // Unchanged content: what its schema check found last time stands (positions included), and
    // its value is not read (only a map is ever checked, so a known result means a readable record).
    if (!records.readable(record)) continue
    const found = recordSchemaFindings(record, records.cache)
    if (found.length === 0) valid.add(record)
    diagnostics.push(...found)
    record.source.release()
  }
  const ctx = new RuleContext(site, records, valid, asOf)
  const guarded = runRules(ctx, rules, memo)
  diagnostics.push(...ctx.diagnostics)
  guardFindings(diagnostics.filter((d) => !guarded.has(d)), records.records, ctx.vocabulary)
  return diagnostics
}

/**
 * A digest of everything the findings depend on: every record's file, kind, ID and content hash,
 * what reading them found, lead.yaml as written and the settings records are judged by (with a
 * base's policy), and the date. Undefined when a record's content is not known by hash (then
 * nothing is remembered).
 */
function recordsMemoKey(site: Site, records: SiteRecords, asOf: IsoDate): string | undefined {
  if (!records.cache) return undefined
  const h = createHash('sha1').update(JSON.stringify([asOf, site.config, site.configSource?.text ?? null, site.configDiagnostics, records.diagnostics.map((d) => JSON.stringify(d)).sort()]))
  for (const r of records.records) {
    if (r.hash === undefined) return undefined
    h.update(`\0${r.file}\0${r.kind}\0${r.id}\0${r.hash}`)
  }
  return h.digest('base64url')
}

function addExcerpts(diagnostics: Diagnostic[], site: Site, records: SiteRecords): void {
  if (diagnostics.length === 0) return
  const sources = new Map(records.records.map((r) => [r.file, r.source]))
  const participantFiles = new Set(records.records.filter((r) => PARTICIPANT_KINDS.has(r.kind)).map((r) => r.file))
  if (site.configSource) sources.set(CONFIG_FILE, site.configSource)
  for (const d of diagnostics) {
    // A referral's or consent's line may hold an identifier (a privacy finding's line holds it for
    // sure): never echo one into terminals or CI logs. The position says where to look.
    if (d.code.startsWith('PII_') || participantFiles.has(d.file)) continue
    const text = sources.get(d.file)?.lineText(d.line)
    if (text) d.excerpt = text
  }
}

/** lead.yaml's schema check, remembered by content like a record's (it saves loading ajv on most runs). */
function cachedSchemaCheck(cache: ParseCache | undefined, text: string, kind: string, check: () => Diagnostic[]): Diagnostic[] {
  if (!cache) return check()
  const hash = contentHash(new TextEncoder().encode(text))
  const known = cache.get(hash)
  if (known?.schema?.kind === kind) return known.schema.diagnostics.map((d) => ({...d, file: CONFIG_FILE}))
  const found = check()
  if (!known) cache.set(hash, {data: null, diagnostics: []})
  cache.setSchemaResult(hash, kind, found.map(({file: _file, excerpt: _excerpt, ...rest}) => rest))
  return found
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

function configDiagnostics(site: Site, cache: ParseCache | undefined): Diagnostic[] {
  const out = [...site.configDiagnostics]
  if (site.configData === undefined || !site.configSource) return out
  const schema = cachedSchemaCheck(cache, site.configSource.text, 'lead', () => schemaDiagnostics('lead', site.configData, site.configSource!))
  out.push(...schema)
  if (schema.length > 0) return out
  const source = site.configSource
  // What the file says (site.config may hold a base's stricter policy): these findings are about the file.
  const own = configFromData(site.root, site.configData)
  const tz = own.site.timezone
  if (tz && !isTimeZone(tz)) {
    const pos = source.locate(['site', 'timezone'])
    out.push({code: 'BAD_TIMEZONE', severity: 'error', message: `unknown time zone "${tz}"`, hint: 'use an IANA name such as America/Los_Angeles', file: CONFIG_FILE, line: pos.line, column: pos.column})
  }
  for (const [code, severity] of Object.entries(own.rules ?? {})) {
    const problem = overrideProblem(code, severity)
    if (!problem) continue
    const pos = source.locate(['rules', code], 'key')
    const message =
      problem.kind === 'unknown' ? `rules: "${code}" is not a lead check${didYouMean(code, KNOWN_CODES)}`
      : problem.kind === 'fixed' ? `rules: ${code} cannot be changed: it keeps records readable, well-formed and safe`
      : `rules: ${code} cannot be turned off: privacy findings may be warnings but are always shown`
    const hint = problem.kind === 'unknown' ? 'the codes are those `lead validate` prints; see the README' : 'remove this line (it is ignored)'
    out.push({code: 'UNKNOWN_RULE', severity: 'warning', message, hint, file: CONFIG_FILE, line: pos.line, column: pos.column})
  }
  // Entries of this lead.yaml that are in effect (a branch's own addition is judged by the base policy, not applied).
  const inEffect = new Set(site.config.privacy?.allow_identifiers ?? [])
  for (const [i, field] of (own.privacy?.allow_identifiers ?? []).entries()) {
    if (!inEffect.has(field)) continue
    const pos = source.locate(['privacy', 'allow_identifiers', i])
    out.push({code: 'PRIVACY_SCAN_OFF', severity: 'warning', message: `privacy.allow_identifiers turns the identifier scan off for ${field}: a name, phone number or address there is never reported`, hint: 'let specific words pass with privacy.allow_terms instead (e.g. allow_terms: [Logan Square]), and remove this entry', file: CONFIG_FILE, line: pos.line, column: pos.column})
  }
  const seen = new Set<string>()
  own.courses.forEach((c, i) => {
    if (seen.has(c.id)) {
      const pos = source.locate(['courses', i, 'id'])
      out.push({code: 'DUPLICATE_ID', severity: 'error', message: `course "${c.id}" is listed twice`, hint: 'each course id appears once', file: CONFIG_FILE, line: pos.line, column: pos.column})
    }
    seen.add(c.id)
  })
  return out
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

function byPosition(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file === CONFIG_FILE ? -1 : b.file === CONFIG_FILE ? 1 : a.file < b.file ? -1 : 1
  return a.line - b.line || a.column - b.column || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1)
}
