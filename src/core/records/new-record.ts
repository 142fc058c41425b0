/**
 * What `lead new` needs besides the write path: which required values are still missing, the IDs
 * and participant codes lead mints, and the record's text and file.
 */
import {usageError} from '../errors.js'
import {localDateOfTimestamp} from '../clock/dates.js'
import {siteTimeZone} from '../clock/site-zone.js'
import type {Site} from '../site.js'
import {loadSchema, validatorFor} from '../schemas/schema-registry.js'
import {parseFieldPath, schemaAt} from './field-assignments.js'
import {mintParticipantCode, mintRecordId} from './id-minting.js'
import {idIsMinted, idProblem, KIND_INFO, recordPath, type Kind} from './kinds.js'
import {quotedId} from './record-address.js'
import {valueAt} from './record-query.js'
import type {RecordData, SiteRecords} from './load.js'
import {newRecordText} from './record-edit.js'
import {MEETING_HEADER, PARTICIPANT_HEADER} from './record-headers.js'
import type {RecordChange} from './record-change.js'

export interface MissingField {
  /** Dot path, e.g. `referrer` or `quantity.unit`. */
  path: string
  /** How to give it without a terminal. */
  flag: string
  /** Why it is needed, when a rule (not the schema) asks for it. */
  why?: string
}

/**
 * Values a record's rules demand once other answers are given, which its schema cannot say (the
 * rules report them as PROTOCOL_ADOPTION_DATE, REFERRER_MISSING, CHARGES_MISSING, EVIDENCE_MISSING).
 * Asked for, and named in MISSING_FIELDS, like the schema's own required fields.
 */
const REQUIRED_WHEN: ReadonlyArray<{kind: Kind; path: string; code: string; when: (data: RecordData) => boolean; why: string}> = [
  {kind: 'protocol', path: 'adopted', code: 'PROTOCOL_ADOPTION_DATE', when: (d) => d.status === 'adopted' || d.status === 'superseded', why: 'an adopted protocol records when the PCG adopted it'},
  {kind: 'referral', path: 'referrer.agency', code: 'REFERRER_MISSING', when: (d) => d.pathway === 'arrest_diversion' || d.pathway === 'social_contact', why: 'a police referral names the referring agency'},
  {kind: 'referral', path: 'referrer.partner', code: 'REFERRER_MISSING', when: (d) => d.pathway === 'community', why: 'a community referral names the referring partner'},
  {kind: 'referral', path: 'charges', code: 'CHARGES_MISSING', when: (d) => d.pathway === 'arrest_diversion', why: 'an arrest diversion lists its charges'},
  {kind: 'referral', path: 'evidence', code: 'EVIDENCE_MISSING', when: (d) => d.pathway === 'social_contact', why: 'a social contact referral records the dated conduct it rests on'},
]

/** The REQUIRED_WHEN entries that apply to this data now (unless lead.yaml `rules` re-grades their code below error). */
export function requiredNow(kind: Kind, data: RecordData, rules: Readonly<Record<string, string>> = {}): Array<{path: string; why: string}> {
  return REQUIRED_WHEN.filter((r) => r.kind === kind && r.when(data) && (rules[r.code] ?? 'error') === 'error').map(({path, why}) => ({path, why}))
}

/** Required fields the data lacks (as the schema judges them, conditionals included). */
export function missingFields(kind: Kind, data: RecordData, rules?: Readonly<Record<string, string>>): MissingField[] {
  const validate = validatorFor(kind)
  validate(data)
  const out: MissingField[] = []
  for (const e of validate.errors ?? []) {
    if (e.keyword !== 'required') continue
    const parent = e.instancePath.split('/').filter(Boolean).join('.')
    const name = String((e.params as {missingProperty: string}).missingProperty)
    const path = parent ? `${parent}.${name}` : name
    if (path === 'id' && idIsMinted(kind)) continue
    if (out.some((m) => m.path === path)) continue
    out.push({path, flag: path === 'id' ? '--id ID' : flagFor(kind, path)})
  }
  for (const r of requiredNow(kind, data, rules)) {
    if (valueAt(data, r.path) === undefined && !out.some((m) => m.path === r.path)) out.push({path: r.path, flag: flagFor(kind, r.path), why: r.why})
  }
  return out
}

function flagFor(kind: Kind, path: string): string {
  let schema: ReturnType<typeof schemaAt> | undefined
  try {
    schema = schemaAt(loadSchema(kind), parseFieldPath(path))
  } catch {
    schema = undefined
  }
  if (schema?.type === 'object') return `--set ${path}.FIELD=VALUE`
  if (schema?.type === 'array') {
    // A list of maps is filled one field at a time: attendees[].badge=VALUE appends an item.
    let items: ReturnType<typeof schemaAt> | undefined
    try {
      items = schemaAt(loadSchema(kind), parseFieldPath(`${path}[]`))
    } catch {
      items = undefined
    }
    if (items?.type === 'object') {
      const first = Array.isArray(items.required) && typeof items.required[0] === 'string' ? items.required[0] : 'FIELD'
      return `--set ${path}[].${first}=VALUE`
    }
    return `--set ${path}[]=VALUE`
  }
  return `--set ${path}=VALUE`
}

/** Fill what lead generates: a referral's participant code (the previous referral's, or a new random one). */
export function fillGenerated(kind: Kind, data: RecordData, records: SiteRecords): void {
  if (kind !== 'referral' || data.participant !== undefined) return
  if (typeof data.previous === 'string') {
    const previous = records.get('referral', data.previous)?.data
    if (typeof previous?.participant === 'string') {
      data.participant = previous.participant
      return
    }
  }
  // Every code in use, from the index's facts where it has them: 13,000 values are not read.
  const used = new Set<string>()
  for (const k of ['referral', 'consent'] as const) {
    for (const r of records.ofKind(k)) {
      const code = records.field(r, 'participant')
      if (typeof code === 'string') used.add(code)
    }
  }
  data.participant = mintParticipantCode((c) => used.has(c))
}

/** The date a generated ID carries: a referral's local received date, a consent's signing date. */
function idDate(kind: Kind, data: RecordData, timeZone?: string): string | undefined {
  if (kind === 'referral' && typeof data.received === 'string' && !Number.isNaN(Date.parse(data.received))) return localDateOfTimestamp(data.received, timeZone)
  if (kind === 'consent' && typeof data.signed === 'string') return data.signed
  return undefined
}

/** Decide the new record's ID, check it is free, and build the change to write. */
export function newRecordChange(site: Site, records: SiteRecords, kind: Kind, data: RecordData): RecordChange {
  const info = KIND_INFO[kind]
  if (info.generatedId && data.id === undefined) {
    const date = idDate(kind, data, siteTimeZone(site))
    if (!date) throw noDateToMint(kind)
    data.id = mintRecordId(info.generatedId.prefix, date, (id) => records.has(kind, id))
  }
  if (info.idFromFields) data.id = meetingId(data, records)
  const id = data.id
  checkIdGiven(kind, id)
  const existing = records.get(kind, id)
  if (existing) throw usageError('RECORD_EXISTS', `${kind} ${id} already exists (${existing.file})`, `change it with lead set ${kind} ${id} FIELD=VALUE or lead edit ${kind} ${id}`)
  const schema = loadSchema(kind)
  const header =
    kind === 'referral' || kind === 'consent' ? PARTICIPANT_HEADER : kind === 'meeting' ? MEETING_HEADER : undefined
  return {kind, id, file: recordPath(kind, id), text: newRecordText(schema, data, header), base: null}
}

/**
 * What the data alone shows is missing or wrong, whatever the site holds: the required values
 * (but the participant code fillGenerated gives a referral), a date to mint the ID from, an ID
 * that is one. Checked by `lead new` before the write path's lock and load, which newRecordChange
 * runs under: a usage error is said at once, with its exit status, not after waiting for another
 * writer (SITE_BUSY, exit 3) or loading 10,000 referrals. The same checks run again on the build.
 */
export function missingBeforeSite(kind: Kind, data: RecordData, rules?: Readonly<Record<string, string>>): MissingField[] {
  const filled = kind === 'referral' && data.participant === undefined ? 'participant' : undefined
  return missingFields(kind, data, rules).filter((m) => m.path !== filled)
}

/** The ID checks of newRecordChange that need no site (a meeting's ID is decided from the site's meetings). */
export function checkIdBeforeSite(site: Site, kind: Kind, data: RecordData): void {
  const info = KIND_INFO[kind]
  if (info.idFromFields) return
  if (info.generatedId && data.id === undefined) {
    if (!idDate(kind, data, siteTimeZone(site))) throw noDateToMint(kind)
    return
  }
  checkIdGiven(kind, data.id)
}

function noDateToMint(kind: Kind) {
  return usageError('MISSING_FIELDS', `cannot mint the ${kind} ID without its date`, kind === 'referral' ? "pass --set 'received=YYYY-MM-DD HH:MM' (local time) or --set received=now" : 'pass --set signed=YYYY-MM-DD')
}

function checkIdGiven(kind: Kind, id: unknown): asserts id is string {
  if (typeof id !== 'string') throw usageError('MISSING_FIELDS', `a new ${kind} needs an ID`, 'pass --id ID (lowercase letters, digits and hyphens)')
  const problem = idProblem(kind, id)
  if (problem) throw usageError('BAD_ID', `${quotedId(kind, id)} is not a ${kind} ID: ${problem}`)
}

/**
 * A meeting's ID is its body and date (pcg-2026-02-18); a second meeting of the same body that day
 * is given its own ID with --id (pcg-2026-02-18-special), never a silent -2: the usual reason the
 * ID is taken is that the meeting was already recorded.
 */
function meetingId(data: RecordData, records: SiteRecords): string | undefined {
  const {body, date} = data
  if (typeof body !== 'string' || typeof date !== 'string') return typeof data.id === 'string' ? data.id : undefined
  const base = `${body}-${date}`
  if (data.id === undefined) {
    const existing = records.get('meeting', base)
    if (existing) throw usageError('RECORD_EXISTS', `meeting ${base} already exists (${existing.file})`, `change it with lead set meeting ${base} FIELD=VALUE or lead edit meeting ${base}; a second ${body.toUpperCase()} meeting that day needs its own ID: --id ${base}-special`)
    return base
  }
  if (typeof data.id === 'string' && data.id !== base && !data.id.startsWith(`${base}-`)) {
    throw usageError('BAD_ID', `meeting ID ${data.id} does not match its body and date (${base})`, `leave out --id (lead names it ${base}), or give ${base}-WORD for a second meeting that day`)
  }
  return data.id as string
}

export interface Prerequisite {
  message: string
  /** The command that provides it. */
  hint: string
}

/**
 * What a site must hold before a record of this kind can be accepted, checked before any question
 * is asked: a referral needs an agency to come from and an adopted protocol to be judged under; a
 * roster or a training session needs a law-enforcement agency.
 */
export function missingPrerequisites(kind: Kind, records: SiteRecords): Prerequisite[] {
  const partners = records.dataOf<{type?: string}>('partner')
  const police = partners.some((p) => p.type === 'law_enforcement')
  const out: Prerequisite[] = []
  const needsPolice = kind === 'roster' || kind === 'training'
  if ((kind === 'referral' || kind === 'mou' || kind === 'consent') && partners.length === 0) {
    out.push({message: `no partner agencies yet: a ${kind} names the partners it involves`, hint: "`lead new partner --id harbor-pd --set name='Harbor Police Department' --set type=law_enforcement`"})
  }
  if (needsPolice && !police) {
    out.push({message: `no law-enforcement partner yet: a ${kind} belongs to a police or sheriff's agency`, hint: "`lead new partner --id harbor-pd --set name='Harbor Police Department' --set type=law_enforcement`"})
  }
  if (kind === 'referral' && !records.dataOf<{status?: string}>('protocol').some((p) => p.status === 'adopted' || p.status === 'superseded')) {
    out.push({message: 'no adopted protocol yet: a referral is judged under the protocol in force on the day it was received', hint: '`lead new protocol` (status adopted, with the date the PCG adopted it); see docs/guides/first-site.md'})
  }
  return out
}
