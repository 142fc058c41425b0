/**
 * Schema validation of one record, with ajv's errors turned into Diagnostics that point at the
 * right YAML node and say, in plain words, what is wrong and how to fix it. A room below the
 * domain computations (referrals/, training/ refuse records that fail their schema) and the
 * validation engine (validate/) that all ask it; here because every value a finding repeats goes
 * through the one gate (disclosable.ts).
 */
import type {ErrorObject} from 'ajv'
import type {Diagnostic} from '../errors.js'
import type {DataPath, PathTarget, YamlSource} from '../records/yaml-source.js'
import type {SiteRecord} from '../records/load.js'
import type {ParseCache} from '../records/parse-cache.js'
import {disclosable, shown, shownKey, shownPath} from './disclosable.js'
import {loadSchema, validatorFor, type JsonSchema, type SchemaName} from '../schemas/schema-registry.js'
import {didYouMean} from '../text/suggest.js'

const NO_FINDINGS = Object.freeze([]) as unknown as Diagnostic[]

/**
 * A readable record's schema findings: what the cache remembers for its content when it can (no
 * ajv at all), else checked now and remembered in `cache` (saved by whoever saves it).
 */
export function recordSchemaFindings(record: SiteRecord, cache: ParseCache | undefined): Diagnostic[] {
  // Most records' remembered result is empty: no array made for each of a big site's 13,400 (one
  // frozen list shared: a caller that added to it would throw, not change another record's result).
  if (record.schemaResult) return record.schemaResult.length === 0 ? NO_FINDINGS : record.schemaResult.map((d) => ({...d, file: record.file}))
  const found = schemaDiagnostics(record.kind, record.data, record.source)
  if (record.hash) {
    cache?.setSchemaResult(record.hash, record.kind, found.map(({file: _file, excerpt: _excerpt, ...rest}) => rest))
    record.schemaResult = found.map(({file: _file, excerpt: _excerpt, ...rest}) => rest)
  }
  return found
}

/** Validate `data` against a schema; each error located in `source`. */
export function schemaDiagnostics(name: SchemaName, data: unknown, source: YamlSource): Diagnostic[] {
  const validate = validatorFor(name)
  if (validate(data)) return []
  const out: Diagnostic[] = []
  const seen = new Set<string>()
  for (const error of validate.errors ?? []) {
    const explained = explain(error, source, name)
    if (!explained) continue
    const pos = source.locate(explained.path, explained.target)
    const key = `${pos.line}:${pos.column}:${explained.message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({code: explained.code, severity: 'error', message: explained.message, hint: explained.hint, file: source.file, line: pos.line, column: pos.column, path: explained.path})
  }
  return out
}

interface Explained {
  code: string
  message: string
  hint?: string
  path: DataPath
  target: PathTarget
}

export function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s))
}

/**
 * How a wrong value reads in a message. In referrals and consents a value is repeated only when
 * privacy/disclosable.ts says so — which a value failing its schema practically never is: it is
 * not the code it should be, so it may be anything, a name or a phone number included.
 */
function describeValueOf(name: SchemaName, path: DataPath, v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a map'
  // What kind of value it is says nothing about a person; which value it is may.
  if (!disclosable(name, path, v)) return typeof v === 'string' ? shown(name, path, v) : typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'true or false' : typeof v
  if (typeof v === 'string') return `the text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`
  return `${typeof v === 'number' ? 'the number' : typeof v === 'boolean' ? 'the boolean' : typeof v} ${String(v)}`
}

const typeWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a map of fields',
  array: 'a list',
  null: 'empty',
}

/**
 * An example fitting the field: the examples written beside the field's own $ref (a catchment's
 * "downtown") before those of the shared definition it refers to (a slug's "harbor-pd").
 */
function exampleOf(error: ErrorObject, name: SchemaName, path: ReadonlyArray<string | number>): string | undefined {
  const own = fieldNode(loadSchema(name), path)?.examples
  const examples = Array.isArray(own) ? own : (error.parentSchema as {examples?: unknown[]} | undefined)?.examples
  const first = Array.isArray(examples) ? examples[0] : undefined
  return first === undefined ? undefined : typeof first === 'string' ? first : JSON.stringify(first)
}

/** The schema node written for the value at `path`, as written (its $ref not yet followed). */
function fieldNode(root: JsonSchema, path: ReadonlyArray<string | number>): JsonSchema | undefined {
  let node: JsonSchema | undefined = root
  for (const step of path) {
    for (let i = 0; i < 10 && node && typeof node.$ref === 'string' && node.$ref.startsWith('#/'); i++) {
      let target: unknown = root
      for (const part of node.$ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[part]
      node = target as JsonSchema | undefined
    }
    if (!node) return undefined
    node = typeof step === 'number' ? (node.items as JsonSchema | undefined) : (node.properties as Record<string, JsonSchema> | undefined)?.[step]
  }
  return node
}

const FORMAT_WORDS: Record<string, [string, string]> = {
  date: ['must be a real calendar date written YYYY-MM-DD', 'e.g. "2026-11-03" (quoted)'],
  'date-time': ['must be a date and time with its UTC offset', 'e.g. "2026-11-03T06:42:00-08:00" (quoted)'],
  email: ['must be an e-mail address', 'e.g. "name@example.org"'],
  uri: ['must be a web address starting with https:// or http://', 'e.g. "https://example.org"'],
}

const formatWords = (format: string): [string, string] => FORMAT_WORDS[format] ?? [`must be a valid ${format}`, '']

function explain(error: ErrorObject, source: YamlSource, name: SchemaName): Explained | undefined {
  const path = pointerToPath(error.instancePath)
  // Record keys in the path may be anything in a referral (an unknown key is reported on its own).
  const field = shownPath(name, path)
  const params = error.params as Record<string, unknown>
  const describeValue = (v: unknown) => describeValueOf(name, path, v)
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty)
      const allowed = Object.keys((error.parentSchema as {properties?: object} | undefined)?.properties ?? {})
      const unknown = shownKey(name, path, key)
      return {
        code: 'UNKNOWN_FIELD',
        message: `unknown field ${unknown === key ? `"${key}"` : unknown}${path.length ? ` in ${field}` : ''}${didYouMean(key, allowed)}`,
        hint: allowed.length ? `allowed fields here: ${allowed.join(', ')}` : 'remove this field',
        path: [...path, key],
        target: 'key',
      }
    }
    case 'required': {
      const missing = String(params.missingProperty)
      return {
        code: 'MISSING_FIELD',
        message: `missing required field "${missing}"${path.length ? ` in ${field}` : ''}`,
        hint: `add ${missing}: … (see \`lead schema show ${name}\`)`,
        path,
        target: typeof path[path.length - 1] === 'string' ? 'key' : 'value',
      }
    }
    case 'type': {
      const expected = String(params.type)
      const written = source.sourceOf(path)
      let hint = `write ${typeWords[expected] ?? expected} here`
      if (expected === 'string' && written !== undefined && error.data !== null && typeof error.data !== 'object') {
        hint = disclosable(name, path, written) ? `quote it so it stays text exactly as written: "${written}"` : 'quote it so it stays text exactly as written'
      } else if (expected === 'boolean' && typeof error.data === 'string') {
        hint = 'write true or false (yes/no/on/off are text in YAML 1.2)'
      }
      return {code: 'WRONG_TYPE', message: `${field} must be ${typeWords[expected] ?? expected}, not ${describeValue(error.data)}`, hint, path, target: 'value'}
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String)
      return {
        code: 'NOT_ALLOWED',
        message: `${field} is ${describeValue(error.data)}${typeof error.data === 'string' ? didYouMean(error.data, allowed) : ''}`,
        hint: `allowed values: ${allowed.join(', ')}`,
        path,
        target: 'value',
      }
    }
    case 'const':
      return {code: 'NOT_ALLOWED', message: `${field} must be ${JSON.stringify(params.allowedValue)}`, path, target: 'value'}
    case 'format': {
      const [what, hint] = formatWords(String(params.format))
      return {code: 'BAD_FORMAT', message: `${field} ${what}, not ${describeValue(error.data)}`, hint, path, target: 'value'}
    }
    case 'pattern': {
      // A pattern beside a format (so editors check what lead checks) says what the format says:
      // one finding, deduplicated below, in the same words.
      const format = (error.parentSchema as {format?: string} | undefined)?.format
      if (format) {
        const [what, hint] = formatWords(format)
        return {code: 'BAD_FORMAT', message: `${field} ${what}, not ${describeValue(error.data)}`, hint, path, target: 'value'}
      }
      const example = exampleOf(error, name, path)
      return {
        code: 'BAD_FORMAT',
        message: `${field} has the wrong form: ${describeValue(error.data)}`,
        hint: example ? `expected something like ${example}` : `expected the pattern ${String(params.pattern)}`,
        path,
        target: 'value',
      }
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const words: Record<string, string> = {minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'more than', exclusiveMaximum: 'less than'}
      return {code: 'OUT_OF_RANGE', message: `${field} must be ${words[error.keyword]} ${String(params.limit)}, not ${disclosable(name, path, error.data) ? String(error.data) : describeValue(error.data)}`, path, target: 'value'}
    }
    case 'minLength':
    case 'maxLength':
      return {
        code: 'BAD_LENGTH',
        message: `${field} must be ${error.keyword === 'minLength' ? 'at least' : 'at most'} ${String(params.limit)} characters long`,
        path,
        target: 'value',
      }
    case 'minItems':
    case 'maxItems':
      return {
        code: 'BAD_LENGTH',
        message: `${field} must have ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`,
        path,
        target: typeof path[path.length - 1] === 'string' ? 'key' : 'value',
      }
    case 'uniqueItems':
      return {code: 'DUPLICATE_ITEM', message: `${field} lists the same item twice (items ${String(params.j)} and ${String(params.i)})`, hint: 'remove the repeated item', path: [...path, Number(params.i)], target: 'value'}
    case 'if':
    case 'anyOf':
    case 'oneOf':
      // The branch errors beside this one already say what is wrong.
      return undefined
    default:
      return {code: 'SCHEMA', message: `${field} ${error.message ?? 'is invalid'}`, path, target: 'value'}
  }
}

