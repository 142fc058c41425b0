/**
 * `--set a.b[0]=v` and `--unset a.b`: parsing field paths and typing values by the kind's JSON
 * Schema, so `quantity.amount=3` is a number while `referrer.badge=0412` stays the text "0412".
 */
import type {Node as YamlNode} from 'yaml'
import {parseClockTime, parseDate, parseDateTime, problemText, type ClockContext, type Parsed, type TimeProblem} from '../clock/local-time.js'
import {usageError} from '../errors.js'
import {normalizePhone} from '../text/phone.js'
import type {JsonSchema} from '../schemas/schema-registry.js'
import {resolveRef} from '../schemas/schema-outline.js'
import {didYouMean} from '../text/suggest.js'
import {PARSE_OPTIONS} from './yaml-source.js'
import {concealed, concealedKey} from '../text/concealed.js'
import {KIND_INFO, isKind} from './kinds.js'
import {yaml} from './yaml-lib.js'

/** One step of a field path: a map key, a list index, or `[]` (append to the list). */
export type PathStep = {key: string} | {index: number} | {append: true}

export interface Assignment {
  /** The path as the user wrote it, for messages. */
  text: string
  steps: PathStep[]
  value: unknown
}

/** The site's time zone (local times, `today`, `now`), the current instant, the fall-back choice. */
export interface TypingContext extends ClockContext {
  /**
   * The kind of record: what a person typed for a referral or consent is repeated in a refusal
   * only when privacy/disclosable.ts allows it (a refusal lands in a CI log as easily as anything).
   */
  kind?: string
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/

/** A referral's or consent's: what a person typed for it is never repeated in a refusal. */
const participant = (kind: string | undefined) => kind !== undefined && isKind(kind) && KIND_INFO[kind].participantData === true

/**
 * What the user typed, as a refusal may repeat it. Only refused values are repeated, and a refused
 * value is never one privacy/disclosable.ts would print, so for a participant record it is concealed.
 */
function echo(ctx: TypingContext, raw: string): string {
  return participant(ctx.kind) ? concealed(raw) : `"${raw}"`
}

/** Parse `a.b[0].c`, `a[]`. `kind`: a referral's or consent's paths are not repeated when malformed. */
export function parseFieldPath(text: string, kind?: string): PathStep[] {
  const steps: PathStep[] = []
  const conceal = participant(kind)
  const bad = (why: string, plain = why) =>
    usageError('BAD_FIELD_PATH', conceal ? `${concealed(text)} is not a field path: ${plain}` : `"${text}" is not a field path: ${why}`, 'write fields with dots and brackets, e.g. referrer.badge, charges[0], charges[] (append)')
  if (text === '') throw bad('it is empty')
  let i = 0
  while (i < text.length) {
    if (text[i] === '[') {
      const close = text.indexOf(']', i)
      if (close === -1) throw bad('a [ is not closed')
      const inner = text.slice(i + 1, close)
      if (inner === '') steps.push({append: true})
      else if (/^[0-9]{1,6}$/.test(inner)) steps.push({index: Number(inner)})
      else throw bad(`[${inner}] is not a list position`, 'a [ ] holds something other than a list position')
      i = close + 1
      if (text[i] === '.') i++
      continue
    }
    let end = i
    while (end < text.length && text[end] !== '.' && text[end] !== '[') end++
    const key = text.slice(i, end)
    if (!KEY.test(key)) throw bad(`"${key}" is not a field name`, 'it holds something other than field names')
    steps.push({key})
    i = end
    if (text[i] === '.') {
      i++
      if (i === text.length) throw bad('it ends with a dot')
    }
  }
  return steps
}

export function formatFieldPath(steps: readonly PathStep[]): string {
  let out = ''
  for (const s of steps) {
    if ('key' in s) out += out === '' ? s.key : `.${s.key}`
    else if ('index' in s) out += `[${s.index}]`
    else out += '[]'
  }
  return out
}

/** The schema node a path leads to; a usage error naming the closest field when a key is unknown. */
export function schemaAt(root: JsonSchema, steps: readonly PathStep[], pathText = formatFieldPath(steps), kind?: string): JsonSchema {
  let node = resolveRef(root, root)
  let walked: PathStep[] = []
  for (const step of steps) {
    if ('key' in step) {
      const props = (node.properties ?? {}) as Record<string, JsonSchema>
      // Maps keyed by pattern (lead.yaml rules: {CODE: severity}).
      const patterned = Object.hasOwn(props, step.key) ? undefined : Object.entries((node.patternProperties ?? {}) as Record<string, JsonSchema>).find(([p]) => new RegExp(p, 'u').test(step.key))
      if (patterned) {
        node = resolveRef(root, patterned[1])
        walked = [...walked, step]
        continue
      }
      if (node.type !== 'object' || !Object.hasOwn(props, step.key)) {
        const where = walked.length === 0 ? 'a record of this kind' : formatFieldPath(walked)
        // An unknown field of a referral may be anything typed (a name): not repeated.
        const conceal = participant(kind)
        const field = conceal ? concealedKey(step.key) : `"${step.key}"`
        // `where` names the map (a participant's typed field is not repeated): `referrer has no field ‹…›`.
        const head = conceal ? '' : `${pathText}: `
        if (node.type !== 'object') throw usageError('UNKNOWN_FIELD', `${head}${where} is not a map, so it has no field ${field}`, 'see `lead schema show KIND --outline` for the fields')
        throw usageError('UNKNOWN_FIELD', `${head}${where} has no field ${field}${didYouMean(step.key, Object.keys(props))}`, `fields here: ${Object.keys(props).join(', ')}`)
      }
      node = resolveRef(root, props[step.key]!)
    } else {
      if (node.type !== 'array') throw usageError('NOT_A_LIST', `${pathText}: ${formatFieldPath(walked)} is not a list`, 'use [n] or [] only on list fields')
      node = resolveRef(root, (node.items as JsonSchema) ?? {})
    }
    walked = [...walked, step]
  }
  return node
}

/** Parse `path=value` against the kind's schema. */
export function parseAssignment(root: JsonSchema, text: string, ctx: TypingContext = {}): Assignment {
  const eq = text.indexOf('=')
  if (eq <= 0) throw usageError('BAD_ASSIGNMENT', `${echo(ctx, text)} is not FIELD=VALUE`, 'e.g. --set name="Harbor Police Department" or --set referrer.badge=0412')
  const pathText = text.slice(0, eq).trim()
  const raw = text.slice(eq + 1)
  const steps = parseFieldPath(pathText, ctx.kind)
  const schema = schemaAt(root, steps, pathText, ctx.kind)
  return {text: pathText, steps, value: typeValue(root, schema, raw, pathText, ctx)}
}

/**
 * Turn the text a user typed into the value the schema wants. Lists and maps may be given whole
 * in YAML flow style (`[a, b]`, `{amount: 2, unit: g}`); their scalars are typed the same way.
 */
export function typeValue(root: JsonSchema, schema: JsonSchema, raw: string, field: string, ctx: TypingContext = {}): unknown {
  const s = resolveRef(root, schema)
  const trimmed = raw.trim()
  if ((s.type === 'array' && trimmed.startsWith('[')) || (s.type === 'object' && trimmed.startsWith('{'))) {
    // A value in flow style: the yaml library, loaded only for it (yaml-lib.ts).
    const doc = yaml().parseDocument(trimmed, PARSE_OPTIONS)
    if (doc.errors.length > 0) throw usageError('BAD_VALUE', `${field}: ${echo(ctx, trimmed)} is not a YAML ${s.type === 'array' ? 'list' : 'map'}`, s.type === 'array' ? 'e.g. [a, b]' : 'e.g. {amount: 2, unit: g}')
    return typeNode(root, s, doc.contents, field, ctx)
  }
  if (s.type === 'array') {
    // A single value for a list field: a one-item list.
    return [typeValue(root, (s.items as JsonSchema) ?? {}, raw, `${field}[0]`, ctx)]
  }
  if (s.type === 'object') throw usageError('BAD_VALUE', `${field} is a map: set its fields (${field}.FIELD=VALUE) or give it whole as {key: value, …}`, `see \`lead schema show KIND --outline\``)
  return typeScalar(root, s, raw, field, ctx)
}

function typeNode(root: JsonSchema, schema: JsonSchema, node: unknown, field: string, ctx: TypingContext): unknown {
  const {isMap, isScalar, isSeq} = yaml()
  const s = resolveRef(root, schema)
  if (isSeq(node)) {
    if (s.type !== 'array') throw usageError('BAD_VALUE', `${field} is not a list`, `give it as a single value`)
    return node.items.map((item, i) => typeNode(root, (s.items as JsonSchema) ?? {}, item, `${field}[${i}]`, ctx))
  }
  if (isMap(node)) {
    if (s.type !== 'object') throw usageError('BAD_VALUE', `${field} is not a map`, 'give it as a single value')
    const props = (s.properties ?? {}) as Record<string, JsonSchema>
    const out: Record<string, unknown> = {}
    for (const pair of node.items) {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key)
      if (!Object.hasOwn(props, key)) {
        const named = participant(ctx.kind) ? concealedKey(key) : `"${key}"`
        throw usageError('UNKNOWN_FIELD', `${field} has no field ${named}${didYouMean(key, Object.keys(props))}`, `fields here: ${Object.keys(props).join(', ')}`)
      }
      out[key] = typeNode(root, props[key]!, pair.value, `${field}.${key}`, ctx)
    }
    return out
  }
  if (isScalar(node)) {
    const src = (node as YamlNode & {source?: string}).source
    return typeScalar(root, s, src ?? String(node.value), field, ctx)
  }
  throw usageError('BAD_VALUE', `${field}: unsupported value`, 'give plain values, lists or maps')
}

function typeScalar(root: JsonSchema, s: JsonSchema, raw: string, field: string, ctx: TypingContext): unknown {
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : []
  if (types.includes('number') || types.includes('integer')) {
    const n = Number(raw.trim())
    if (raw.trim() === '' || !Number.isFinite(n)) {
      if (types.includes('string')) return raw
      throw usageError('BAD_VALUE', `${field} must be a number, not ${echo(ctx, raw)}`, `e.g. ${field}=3`)
    }
    if (types.includes('integer') && !types.includes('number') && !Number.isInteger(n)) throw usageError('BAD_VALUE', `${field} must be a whole number, not ${echo(ctx, raw)}`, `e.g. ${field}=3`)
    return n
  }
  if (types.includes('boolean')) {
    const v = raw.trim().toLowerCase()
    if (['true', 'yes', 'y'].includes(v)) return true
    if (['false', 'no', 'n'].includes(v)) return false
    throw usageError('BAD_VALUE', `${field} must be true or false, not ${echo(ctx, raw)}`, `e.g. ${field}=true`)
  }
  const written = typedText(root, s, raw, ctx)
  if (written?.problem) throw timeError(field, written.problem, echo(ctx, raw))
  if (written) return written.value
  if (Array.isArray(s.enum)) {
    const allowed = (s.enum as unknown[]).map(String)
    if (!allowed.includes(raw)) throw usageError('BAD_VALUE', `${field} must be one of ${allowed.join(', ')}, not ${echo(ctx, raw)}${didYouMean(raw, allowed)}`)
    return raw
  }
  return raw
}

/**
 * Text fields with a written form of their own: dates, date-times and clock times as people type
 * them (local times, `today`, `now`, 5:00 PM), phone numbers in their common forms. Undefined for
 * other fields. Prompts check answers with this too, so a prompt accepts what `--set` accepts.
 */
export function typedText(root: JsonSchema, schema: JsonSchema, raw: string, ctx: TypingContext = {}): Parsed<string> | undefined {
  const s = resolveRef(root, schema)
  if (s.format === 'date') return parseDate(raw, ctx)
  if (s.format === 'date-time') return parseDateTime(raw, ctx)
  if (typeof s.pattern !== 'string') return undefined
  const defs = (root.$defs ?? {}) as Record<string, JsonSchema | undefined>
  if (s.pattern === defs.clockTime?.pattern) return parseClockTime(raw)
  if (s.pattern === defs.clockTimeEnd?.pattern) return parseClockTime(raw, {allowMidnightEnd: true})
  if (s.pattern === defs.phone?.pattern) return {value: normalizePhone(raw)}
  return undefined
}

/** A date or time that cannot be read, as the usage error of the field it was typed for. */
function timeError(field: string, problem: TimeProblem, typed: string): Error {
  const code = problem.code === 'BAD_DATE' || problem.code === 'BAD_TIME' ? 'BAD_VALUE' : problem.code
  return usageError(code, `${field}: ${problemText(problem, typed)}`, problem.hint, problem.candidates ? {candidates: problem.candidates} : undefined)
}

/** Apply assignments to plain data (for a new record), creating maps and lists on the way. */
export function applyToData(data: Record<string, unknown>, assignments: readonly Assignment[]): Record<string, unknown> {
  for (const a of assignments) {
    let target: unknown = data
    for (let i = 0; i < a.steps.length; i++) {
      const step = a.steps[i]!
      const last = i === a.steps.length - 1
      const next = a.steps[i + 1]
      const fresh = () => (next && 'key' in next ? {} : [])
      if ('key' in step) {
        const obj = target as Record<string, unknown>
        if (last) obj[step.key] = a.value
        else {
          if (obj[step.key] === null || typeof obj[step.key] !== 'object') obj[step.key] = fresh()
          target = obj[step.key]
        }
      } else {
        const list = target as unknown[]
        const index = 'append' in step ? list.length : step.index
        if (index > list.length) throw usageError('BAD_INDEX', `${a.text}: the list has ${list.length} item${list.length === 1 ? '' : 's'}, so [${index}] is past its end`, `use [${list.length}] or [] to add an item`)
        if (last) list[index] = a.value
        else {
          if (list[index] === null || typeof list[index] !== 'object') list[index] = fresh()
          target = list[index]
        }
      }
    }
  }
  return data
}
