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
import {idProblem, KIND_INFO, recordPath, type Kind} from './kinds.js'
import type {RecordData, SiteRecords} from './load.js'
import {newRecordText} from './record-edit.js'
import type {RecordChange} from './record-change.js'

export interface MissingField {
  /** Dot path, e.g. `referrer` or `quantity.unit`. */
  path: string
  /** How to give it without a terminal. */
  flag: string
}

/** Required fields the data lacks (as the schema judges them, conditionals included). */
export function missingFields(kind: Kind, data: RecordData): MissingField[] {
  const validate = validatorFor(kind)
  validate(data)
  const out: MissingField[] = []
  for (const e of validate.errors ?? []) {
    if (e.keyword !== 'required') continue
    const parent = e.instancePath.split('/').filter(Boolean).join('.')
    const name = String((e.params as {missingProperty: string}).missingProperty)
    const path = parent ? `${parent}.${name}` : name
    if (path === 'id' && KIND_INFO[kind].generatedId) continue
    if (out.some((m) => m.path === path)) continue
    out.push({path, flag: path === 'id' ? '--id ID' : flagFor(kind, path)})
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
  const used = new Set<string>()
  for (const k of ['referral', 'consent'] as const) for (const d of records.dataOf(k)) if (typeof d.participant === 'string') used.add(d.participant)
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
    if (!date) throw usageError('MISSING_FIELDS', `cannot mint the ${kind} ID without its date`, kind === 'referral' ? 'pass --set received=YYYY-MM-DDTHH:MM:SS±HH:MM (or received=now)' : 'pass --set signed=YYYY-MM-DD')
    data.id = mintRecordId(info.generatedId.prefix, date, (id) => records.has(kind, id))
  }
  const id = data.id
  if (typeof id !== 'string') throw usageError('MISSING_FIELDS', `a new ${kind} needs an ID`, 'pass --id ID (lowercase letters, digits and hyphens)')
  const problem = idProblem(kind, id)
  if (problem) throw usageError('BAD_ID', `"${id}" is not a ${kind} ID: ${problem}`)
  const existing = records.get(kind, id)
  if (existing) throw usageError('RECORD_EXISTS', `${kind} ${id} already exists (${existing.file})`, `change it with lead set ${kind} ${id} FIELD=VALUE or lead edit ${kind} ${id}`)
  const schema = loadSchema(kind)
  const header = kind === 'referral' || kind === 'consent' ? 'The participant is a pseudonymous code: never add names, birth dates, phone numbers or addresses.' : undefined
  return {kind, id, file: recordPath(kind, id), text: newRecordText(schema, data, header), base: null}
}
