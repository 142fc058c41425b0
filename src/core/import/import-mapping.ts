/**
 * A saved import mapping: which column is which field, what an export's own codes mean, and the
 * values every row shares — written once with `--save-map FILE`, reused with `--mapping FILE`, so
 * every monthly export is read the same way. It holds headers and codes, never a row's content, so
 * it can be committed in the site (.lead/import-maps/ is a good home). Flags given with it win.
 */
import fs from 'node:fs'
import path from 'node:path'
import {yaml} from '../records/yaml-lib.js'
import type {Fold} from '../clock/local-time.js'
import {usageError} from '../errors.js'
import {checkOutputPath, writeOutputFile} from '../records/output-path.js'
import {parseValueMaps, readValueMapFile, valueKey, type ValueMaps} from '../tabular/index.js'
import {scanText} from '../privacy/identifiers.js'
import type {ImportField} from './import-fields.js'

export interface ImportMapping {
  /** field → header */
  columns: Record<string, string>
  /** field or header → {FROM: TO} */
  values: Record<string, Record<string, string>>
  /** field path → value, as --set takes it */
  set: Record<string, string>
  /** --where filters: which rows of the export are referrals (e.g. Disposition=LEAD REFERRAL). */
  where?: string[]
  fold?: Fold
  sheet?: string
}

const bad = (file: string, why: string) => usageError('BAD_MAPPING', `${file}: ${why}`, 'a mapping file has columns: {FIELD: Header}, values: {FIELD: {FROM: TO}}, set: {FIELD: VALUE} and optionally where: [COLUMN=VALUE], fold: earlier|later, sheet: NAME (lead import referrals|consents --save-map FILE writes one)')

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function readMappingFile(file: string): ImportMapping {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw usageError('NO_SUCH_FILE', `cannot read the mapping file ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, 'give the path written by --save-map')
  }
  let data: unknown
  try {
    data = yaml().parse(text, {version: '1.2', schema: 'core', maxAliasCount: 0}) ?? {}
  } catch (error) {
    throw bad(file, `not valid YAML (${(error as Error).message.split('\n')[0]})`)
  }
  if (!isMap(data)) throw bad(file, 'not a map')
  const unknown = Object.keys(data).filter((k) => !['columns', 'values', 'set', 'where', 'fold', 'sheet'].includes(k))
  if (unknown.length > 0) throw bad(file, `unknown key ${unknown.join(', ')}`)
  const flat = (v: unknown, what: string): Record<string, string> => {
    if (v === undefined) return {}
    if (!isMap(v)) throw bad(file, `${what} must be a map`)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => {
      if (x === null || typeof x === 'object') throw bad(file, `${what}.${k} must be a single value`)
      return [k, String(x)]
    }))
  }
  const values: ImportMapping['values'] = {}
  if (data.values !== undefined) {
    if (!isMap(data.values)) throw bad(file, 'values must be a map')
    for (const [k, v] of Object.entries(data.values)) values[k] = flat(v, `values.${k}`)
  }
  if (data.fold !== undefined && data.fold !== 'earlier' && data.fold !== 'later') throw bad(file, 'fold must be earlier or later')
  if (data.where !== undefined && !(Array.isArray(data.where) && data.where.every((w) => typeof w === 'string'))) throw bad(file, 'where must be a list of COLUMN=VALUE filters')
  return {columns: flat(data.columns, 'columns'), values, set: flat(data.set, 'set'), ...(data.where ? {where: data.where as string[]} : {}), ...(data.fold ? {fold: data.fold as Fold} : {}), ...(data.sheet !== undefined ? {sheet: String(data.sheet)} : {})}
}

/** Value maps as the tabular reader takes them (keys compared without case or extra spaces). */
export function valueMapsOf(values: ImportMapping['values'], into: ValueMaps = new Map()): ValueMaps {
  for (const [key, pairs] of Object.entries(values)) {
    const map = into.get(key) ?? new Map<string, string>()
    for (const [from, to] of Object.entries(pairs)) map.set(valueKey(from), to)
    into.set(key, map)
  }
  return into
}

export function valuesOf(maps: ValueMaps): ImportMapping['values'] {
  return Object.fromEntries([...maps].map(([k, m]) => [k, Object.fromEntries(m)]))
}

/**
 * Write the mapping a run used (0644: it holds headers and codes only), never through a link
 * (inside the site `root`, through no committed link on the way either).
 */
export function saveMappingFile(root: string, file: string, mapping: ImportMapping, command = 'lead import referrals'): void {
  const body = yaml().stringify(
    {columns: mapping.columns, values: mapping.values, set: mapping.set, ...(mapping.where?.length ? {where: mapping.where} : {}), ...(mapping.fold ? {fold: mapping.fold} : {}), ...(mapping.sheet ? {sheet: mapping.sheet} : {})},
    {lineWidth: 0},
  )
  const abs = path.resolve(file)
  checkOutputPath(root, path.dirname(abs))
  fs.mkdirSync(path.dirname(abs), {recursive: true})
  writeOutputFile(root, abs, `# ${command} mapping: columns (field: header), values (an export's codes → lead's), set (the same on every row).\n# Reuse with --mapping ${path.basename(file)}; flags given with it win.\n${body}`)
}

/**
 * A mapping file is committed, so what a user typed into it must not be about a person: a --where
 * value, a value-map pair or a constant the identifier scan flags refuses the save (exit 2), unseen.
 * `typed`: the flags as given (--value keys are kept lower-cased, where a name reads less plainly).
 */
export function checkMappingShareable(file: string, mapping: ImportMapping, typed: ReadonlyArray<[flag: string, text: string]> = [], textFields: ReadonlySet<string> = new Set()): void {
  const refuse = (flag: string, why: string) =>
    usageError('MAPPING_HOLDS_IDENTIFIER', `--save-map ${file}: a ${flag} value ${why} (not shown); a mapping file is meant to be committed, so it was not saved and nothing was imported`, 'filter and map by an export\'s codes (a disposition, a status), never by a person\'s details; or run without --save-map')
  // A map into free text (notes, evidence) is never a code: what it writes is a sentence about someone.
  for (const key of Object.keys(mapping.values)) if (textFields.has(key)) throw refuse('--value', `maps into ${key}, a free-text field`)
  const texts: Array<[string, string]> = [
    ...typed,
    ...(mapping.where ?? []).map((w): [string, string] => ['--where', w]),
    ...Object.values(mapping.values).flatMap((pairs) => Object.entries(pairs).flatMap(([from, to]): Array<[string, string]> => [['--value', from], ['--value', to]])),
    ...Object.values(mapping.set).map((v): [string, string] => ['--set', v]),
  ]
  for (const [flag, text] of texts) {
    const found = scanText(text)[0]
    if (found) throw refuse(flag, `looks like it holds ${found.what}`)
  }
}

/** What an import's flags say about the export, before a mapping file is merged in. */
export interface MappingFlags {
  map?: string[]
  value?: string[]
  values?: string
  set?: string[]
  where?: string[]
  fold?: Fold
  sheet?: string
  /** --mapping FILE */
  mapping?: string
  /** --save-map FILE */
  saveMap?: string
}

/** The mapping a run uses: a saved mapping file with the flags given over it (flags win, field by field). */
export interface ResolvedMapping {
  map: string[]
  values: ValueMaps
  set: string[]
  where?: string[]
  fold?: Fold
  sheet?: string
  /** What --save-map will write (its columns are the ones the import recognised), already checked shareable. */
  toSave?: ImportMapping
}

const fieldOfFlag = (text: string) => text.slice(0, Math.max(0, text.indexOf('='))).trim()

export async function resolveMapping(flags: MappingFlags, fields: readonly ImportField[]): Promise<ResolvedMapping> {
  const saved = flags.mapping ? readMappingFile(flags.mapping) : undefined
  const values = valueMapsOf(saved?.values ?? {})
  if (flags.values) await readValueMapFile(flags.values, values)
  parseValueMaps(flags.value ?? [], values)
  const mapped = new Set((flags.map ?? []).map(fieldOfFlag))
  const map = [...Object.entries(saved?.columns ?? {}).filter(([f]) => !mapped.has(f)).map(([f, h]) => `${f}=${h}`), ...(flags.map ?? [])]
  const setFields = new Set((flags.set ?? []).map(fieldOfFlag))
  const set = [...Object.entries(saved?.set ?? {}).filter(([f]) => !setFields.has(f)).map(([f, v]) => `${f}=${v}`), ...(flags.set ?? [])]
  const fold = flags.fold ?? saved?.fold
  const sheet = flags.sheet ?? saved?.sheet
  const where = flags.where ?? saved?.where
  const resolved: ResolvedMapping = {map, values, set, where, fold, sheet}
  if (flags.saveMap) {
    const toSave: ImportMapping = {columns: {}, values: valuesOf(values), set: Object.fromEntries(set.map((s) => [fieldOfFlag(s), s.slice(s.indexOf('=') + 1)])), ...(where ? {where} : {}), ...(fold ? {fold} : {}), ...(sheet ? {sheet} : {})}
    // Refused before the import: a save that cannot happen should not follow a commit that did.
    checkMappingShareable(flags.saveMap, toSave, (flags.value ?? []).map((v) => ['--value', v]), textColumns(fields, map))
    resolved.toSave = toSave
  }
  return resolved
}

/** The keys a value map may name a free-text field by: the field, and the headers --map gives it. */
function textColumns(fields: readonly ImportField[], map: readonly string[]): Set<string> {
  const text = new Set(fields.filter((f) => f.kind === 'text').map((f) => f.name))
  const keys = new Set(text)
  for (const m of map) {
    const [field, header] = [fieldOfFlag(m), m.slice(m.indexOf('=') + 1).trim()]
    if (text.has(field) && header) keys.add(header)
  }
  return keys
}
