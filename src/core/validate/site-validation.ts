/**
 * `lead validate`'s engine: read every record, check it against its schema, run the cross-record
 * rules, apply the site's severity overrides, and return every finding sorted by position.
 */
import {createHash} from 'node:crypto'
import type {Diagnostic} from '../errors.js'
import {isTimeZone, machineClock, today, zoneAbbreviationNote, type IsoDate} from '../clock/dates.js'
import {validSiteTimeZone} from '../clock/site-zone.js'
import {CONFIG_FILE, KINDS, type Kind} from '../records/kinds.js'
import {contentHash, type ParseCache} from '../records/parse-cache.js'
import {hashRecords} from '../records/record-digest.js'
import {loadRecords, type LoadOptions, type SiteRecord, type SiteRecords} from '../records/load.js'
import {walkPosition} from '../records/site-files.js'
import type {GitFileState} from '../records/git-file-state.js'
import {recordsAsDigested, type RecordsLoader} from '../records/state-memo.js'
import type {YamlSource} from '../records/yaml-source.js'
import {configFromData, type Site} from '../site.js'
import {RuleContext, type Rule} from './rule-context.js'
import {ALL_RULES} from './rules/index.js'
import {runRules, siteContext} from './rule-memo.js'
import {listingFromBasis} from './basis-listing.js'
import {basisLines, flagOf, planDelta, positionsNow, readBasis, writeBasis, type BasisLines, type DeltaPlan} from './delta-basis.js'
import {KNOWN_CODES, overrideProblem} from '../diagnostic-codes.js'
import {applySeverityOverrides, assembleValidation, byPosition, type SiteFindings} from './site-findings.js'
import {recordSchemaFindings, schemaDiagnostics} from '../privacy/schema-findings.js'
import {PARTICIPANT_KINDS, shownAsParticipant} from '../privacy/disclosable.js'
import {guardFindings} from '../privacy/disclosure-guard.js'
import {didYouMean} from '../text/suggest.js'

// The whole-site entry points live in site-findings.ts, which loads this engine only when its memo
// has no answer; they are exported from here too, where callers have always found them.
export {applySeverityOverrides, validateSite} from './site-findings.js'

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
  /** The state whose digest the findings are to be remembered under: they say whether the records read are what it read (state-memo.ts recordsAsDigested). */
  digestOf?: GitFileState
  asOf?: IsoDate
  rules?: readonly Rule[]
  /**
   * false: a state no command will find (the commit a write would make from HEAD, write/committed-tree.ts):
   * judged from the last validation's basis, but no whole result and no basis is left for it, only
   * what holds for any state (the per-record rule memo).
   */
  remember?: boolean
  /** git's answer already asked for (undefined: git cannot tell), and how to load the records if needed. */
  git?: GitFileState
  load?: RecordsLoader
}

/**
 * The findings about the site as it is now (site-findings.ts asks when its memo has none): the
 * records loaded (or `options.load`'s), judged, and what judging learnt saved to the cache.
 */
export async function findingsOfSite(site: Site, asOf: IsoDate, options: ValidateOptions = {}): Promise<SiteFindings> {
  // Listed from the last validation's basis when git's state is its own, or differs by files git lists as changed (basis-listing.ts).
  const listing = options.listing ?? (options.inputs ? undefined : (state: GitFileState) => listingFromBasis(site.root, state))
  const records = options.load ? await options.load() : await loadRecords(site, {...options, saveCache: false, git: options.git ?? null, checkSchemas: true, ...(listing ? {listing} : {})})
  const findings = siteFindings(site, records, asOf, options.rules)
  records.cache?.save()
  return options.digestOf && !recordsAsDigested(options.digestOf, records.records) ? {...findings, unsure: true} : findings
}

/** Validate records already in memory (the write path validates the state it is about to write). */
export function validateRecords(site: Site, records: SiteRecords, options: ValidateOptions = {}): ValidationResult {
  return assembleValidation(site, recordsFindings(site, records, options), options.only)
}

/** The findings about records in memory, as the memo of a validation of the site keeps them (site-findings.ts). */
export function recordsFindings(site: Site, records: SiteRecords, options: Pick<ValidateOptions, 'asOf' | 'rules' | 'remember'> = {}): SiteFindings {
  // Its findings, memos and basis would be of another site: a command's mistake, not the user's.
  if (records.partial) throw new Error('a partial load (loadRecords select) cannot be validated as the site')
  return siteFindings(site, records, options.asOf ?? today(validSiteTimeZone(site)), options.rules, options.remember !== false)
}

function siteFindings(site: Site, records: SiteRecords, asOf: IsoDate, rules: readonly Rule[] | undefined, remember = true): SiteFindings {
  // The findings depend on nothing but the records, lead.yaml and the date: when none of them
  // changed since a recent run, that run's findings stand (no schema check, no rule, no ajv).
  // The records' files and hashes, in one pass for the memo's key, the delta's plan and its basis.
  const lines = records.cache ? basisLines(records) : undefined
  const key = rules === undefined && lines ? recordsMemoKey(site, records, asOf, lines) : undefined
  let found = key === undefined ? undefined : records.cache?.validations.get(key)?.map((d) => ({...d}))
  let written: BasisWritten | undefined
  if (!found) {
    // The per-record findings of lead's own rules are remembered per record (rule-memo.ts).
    // lead's own rules remember their per-record findings, also when only some run (export's privacy scan).
    const own = rules === undefined || rules.every((r) => ALL_RULES.includes(r))
    const judged = recordFindings(site, records, asOf, rules ?? ALL_RULES, own ? records.cache : undefined, lines, remember)
    written = judged.basis
    found = [...configDiagnostics(site, records.cache), ...judged.diagnostics]
    found = applySeverityOverrides(found, site.config.rules)
    if (key !== undefined && remember) records.cache?.validations.set(key, found.map((d) => ({...d})))
  }
  found.sort(byPosition)
  addExcerpts(found, site, records)
  const perKind = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>
  // One pass for the counts and the list (13,354 records).
  const list = records.records
  const checkedFiles: string[] = new Array(list.length + 1)
  checkedFiles[0] = CONFIG_FILE
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!
    perKind[r.kind]++
    checkedFiles[i + 1] = r.file
  }
  // The basis written lists these records: a state git's digest names can be listed from it (basis-link.ts).
  const basis = written && records.listed ? {...written, listed: [...records.listed]} : undefined
  return {diagnostics: found, records: perKind, checkedFiles, ...(lines ? {checkedLine: lines.checked} : {}), ...(basis ? {basis} : {})}
}

/**
 * Reading, schema and cross-record findings about the records, guarded. With the parse cache and
 * lead's own rules, the run starts from the last validation under the same site context when there
 * is one (delta-basis.ts), and leaves its own findings as the next one's basis.
 */
function recordFindings(site: Site, records: SiteRecords, asOf: IsoDate, rules: readonly Rule[], memo: ParseCache | undefined, lines: BasisLines | undefined, remember: boolean): {diagnostics: Diagnostic[]; basis?: BasisWritten} {
  const diagnostics: Diagnostic[] = [...records.diagnostics]
  const base = memo ? siteContext(site, records) : undefined
  const usesBasis = base !== undefined && rules === ALL_RULES && lines !== undefined
  const delta = usesBasis ? deltaFrom(site.root, base, records, asOf, lines) : undefined
  const guarded = new WeakSet<Diagnostic>()
  // Most records are valid: those that are not are kept (a set of 13,000 valid ones cost ~2 ms).
  const notValid = new Set<SiteRecord>()
  const schema: Record<string, Diagnostic[]> = {}
  const flags: string[] = []
  const list = records.records
  const schemaOf = delta?.basis.schema
  // Listed from the basis and changed only by a write: only the changed records and those the basis
  // found not valid are visited (the others are valid, with no schema findings).
  const visits = delta?.carried && visitedPositions(delta.basis.flags, delta.carried.changed, delta.carried.added)
  const changedFlags = new Map<number, string>()
  const count = visits ? visits.length : list.length
  for (let k = 0; k < count; k++) {
    const at = visits ? visits[k]! : k
    const record = list[at]!
    let found: Diagnostic[] | undefined
    if (delta && !delta.changed.has(record)) {
      // Unchanged since the last validation: its schema findings and validity stand. A valid
      // record had none (the basis lists a file's only when there were some): no look-up by file
      // for the 13,000 of them.
      const flag = delta.flag(at)
      if (!visits) flags.push(flag)
      if (flag === 'v') continue
      notValid.add(record)
      found = Object.hasOwn(schemaOf!, record.file) ? schemaOf![record.file] : undefined
      if (found === undefined || found.length === 0) continue
      for (const d of found) guarded.add(d)
    } else {
      // Unchanged content: what its schema check found last time stands (positions included), and
      // its value is not read (only a map is ever checked, so a known result means a readable record).
      const readable = records.readable(record)
      found = readable ? recordSchemaFindings(record, records.cache) : []
      const valid = readable && found.length === 0
      if (!valid) notValid.add(record)
      if (visits) changedFlags.set(at, flagOf(valid, readable))
      else flags.push(flagOf(valid, readable))
      if (readable) record.source.release()
      if (found.length === 0) continue
    }
    schema[record.file] = found
    for (const d of found) diagnostics.push(d)
  }
  const ctx = new RuleContext(site, records, {has: (r) => !notValid.has(r)}, asOf)
  const byRule = runRules(ctx, rules, memo, base, guarded, delta)
  for (const d of ctx.diagnostics) diagnostics.push(d) // one by one: a spread of 150,000+ overflows the stack
  guardFindings(diagnostics.filter((d) => !guarded.has(d)), records.records, ctx.vocabulary)
  // A state no command will find (remember: false) starts from the basis, and leaves it as it was.
  const hashes = usesBasis && remember ? lines.hashes : undefined
  if (hashes === undefined) return {diagnostics}
  const token = writeBasis(site.root, base!, {files: lines!.files, hashes, flags: visits ? withFlags(delta!.basis.flags, changedFlags, delta!.carried!.added) : flags.join(''), groups: byRule.groups, schema, parts: byRule.parts, runs: byRule.runs, asOf, spans: byRule.spans, wide: byRule.wide}, delta?.basis)
  return {diagnostics, basis: {token, context: base!}}
}

/** The positions to visit: the changed ones and those the basis's flags say are not valid (where they are now), ascending. */
function visitedPositions(flags: string, changed: readonly number[], added: readonly number[]): number[] {
  // The two other flags found by native searches (a regular expression stepped through 13,400 took ~1 ms).
  const notValid: number[] = []
  for (const flag of ['r', '-']) for (let at = flags.indexOf(flag); at >= 0; at = flags.indexOf(flag, at + 1)) notValid.push(at)
  notValid.sort((a, b) => a - b)
  return [...new Set([...changed, ...positionsNow(notValid, added)])].sort((a, b) => a - b)
}

/** The basis's flags with those of the records judged again in their places, and those `added` (each among them) put in. */
function withFlags(flags: string, changed: ReadonlyMap<number, string>, added: readonly number[]): string {
  const isAdded = new Set(added)
  let out = ''
  let from = 0
  let addedBefore = 0
  for (const [at, flag] of [...changed].sort((a, b) => a[0] - b[0])) {
    const old = at - addedBefore
    out += flags.slice(from, old) + flag
    if (isAdded.has(at)) {
      addedBefore++
      from = old
    } else from = old + 1
  }
  return out + flags.slice(from)
}

/** The basis a validation wrote: its token and the site context it is kept under. */
interface BasisWritten {
  token: string
  context: string
}

/** The last validation under this site context, and how this one differs from it (undefined: judge everything). */
function deltaFrom(root: string, context: string, records: SiteRecords, asOf: IsoDate, lines: BasisLines): DeltaPlan | undefined {
  const basis = readBasis(root, context)
  return basis && planDelta(basis, records, asOf, lines)
}

/**
 * A digest of everything the findings depend on: every record's file and content hash (its kind
 * and ID follow from its file: records/site-files.ts classifySitePath), what reading them found,
 * lead.yaml as written and the settings records are judged by (with a base's policy), and the
 * date. Undefined when a record's content is not known by hash (then nothing is remembered).
 * The records are fed as the basis lines hold them (`lines`, worked out once for the delta too),
 * not by a pass of their own; a hash of another length (not lead's contentHash) is fed record by
 * record, kind and ID with it, as the lines could not tell where one ends.
 */
function recordsMemoKey(site: Site, records: SiteRecords, asOf: IsoDate, lines: BasisLines): string | undefined {
  const h = createHash('sha1').update(JSON.stringify([asOf, validSiteTimeZone(site) ?? machineClock().timeZone, site.config, site.configSource?.text ?? null, site.configDiagnostics, records.diagnostics.map((d) => JSON.stringify(d)).sort()]))
  // Fed line by line: one string joined of the two (0.9 MB) would be copied whole before hashing.
  if (lines.hashes !== undefined) return h.update('\0').update(lines.files).update('\0').update(lines.hashes).digest('base64url')
  return hashRecords(h.update('\0by record'), records.records) ? h.digest('base64url') : undefined
}

/** Each finding's source line, where one may be echoed; and which findings are about a referral or consent saved into another kind's folder. */
function addExcerpts(diagnostics: Diagnostic[], site: Site, records: SiteRecords): void {
  if (diagnostics.length === 0) return
  // Only the files findings are about are looked up (a few, of a big site's 13,400).
  const named = new Set(diagnostics.map((d) => d.file))
  const sources = new Map<string, YamlSource>()
  const participantFiles = new Set<string>()
  const misfiled = new Set<string>()
  const take = (r: SiteRecord) => {
    if (!sources.has(r.file)) sources.set(r.file, r.source)
    // A referral saved into partners/ (shownAsParticipant) is no partner: its lines are not echoed either.
    if (PARTICIPANT_KINDS.has(r.kind)) participantFiles.add(r.file)
    else if (shownAsParticipant(r.kind, r.data, r.data === undefined ? r.source.text : undefined)) {
      participantFiles.add(r.file)
      misfiled.add(r.file)
    }
  }
  // Found by halving the records (listed in the walk's order), not by a pass over all of them; a
  // file not found so (lead.yaml, a file that is no record, a record added after the others) has
  // the whole list looked through.
  const list = records.records
  let missed = false
  for (const file of named) {
    if (file === CONFIG_FILE) continue // its source is the site's, below
    const at = walkPosition(list, file)
    if (at >= 0) take(list[at]!)
    else missed = true
  }
  if (missed) for (const r of list) if (named.has(r.file) && !sources.has(r.file)) take(r)
  if (site.configSource) sources.set(CONFIG_FILE, site.configSource)
  for (const d of diagnostics) {
    // Remembered with the finding: whatever its name, it is a participant's (privacy/file-names.ts).
    if (misfiled.has(d.file)) d.participantFile = true
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
    out.push({code: 'BAD_TIMEZONE', severity: 'error', message: `unknown time zone "${tz}"${zoneAbbreviationNote(tz)}`, hint: 'use an IANA name such as America/Los_Angeles', file: CONFIG_FILE, line: pos.line, column: pos.column})
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
