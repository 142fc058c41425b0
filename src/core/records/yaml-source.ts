/**
 * Reading one YAML record safely, and finding where things are in it.
 *
 * Records are hand-edited and may come from anyone with push access, so parsing is defensive
 * (see ../shared/reliability.md §1): size cap before parsing, strict UTF-8, YAML 1.2 only,
 * no anchors, aliases, explicit tags or directives, duplicate keys checked in linear time,
 * and every failure becomes a Diagnostic with a line and column — never an exception.
 */
import {
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Node as YamlNode,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml'
import type {Diagnostic} from '../errors.js'
import {parseInPieces, PIECEWISE_MIN_CHARS} from './yaml-pieces.js'

export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core',
  merge: false,
  // The library's duplicate-key check is quadratic in the number of keys; we check in linear time below.
  uniqueKeys: false,
  stringKeys: true,
  resolveKnownTags: false,
  prettyErrors: false,
  keepSourceTokens: false,
}

/** Where a path points: the key of a map entry, its value, or the map/sequence holding it. */
export type PathTarget = 'key' | 'value'
export type DataPath = ReadonlyArray<string | number>

export interface Position {
  line: number
  column: number
}

/** Plain scalars that a YAML 1.1 reader (PyYAML, ajv-cli, older tools) would type differently. */
const YAML11_BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/
const YAML11_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/
const YAML11_OCTAL = /^[-+]?0[0-7_]+$/
const YAML11_TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$/
const CONFLICT_MARKER = /^(<{7}|>{7})(?: |$)|^={7}$|^\|{7}(?: |$)/m
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export class YamlSource {
  readonly file: string
  private textCache?: string
  private readonly loadText?: () => string
  private lineStarts?: number[]
  private docCache?: Document.Parsed

  /** `text` may be a loader: a record served from the cache is read again only if a position is needed. */
  constructor(file: string, text: string | (() => string), doc?: Document.Parsed) {
    this.file = file
    if (typeof text === 'string') this.textCache = text
    else this.loadText = text
    this.docCache = doc
  }

  get text(): string {
    this.textCache ??= this.loadText?.() ?? ''
    return this.textCache
  }

  /** The parsed Document (re-parsed on demand when the record came from the cache). */
  get doc(): Document.Parsed {
    this.docCache ??= parseDocument(this.text, PARSE_OPTIONS)
    return this.docCache
  }

  setDocument(doc: Document.Parsed): void {
    this.docCache = doc
  }

  /** Drop the Document so a large site does not keep every syntax tree in memory. */
  release(): void {
    this.docCache = undefined
  }

  position(offset: number): Position {
    const starts = (this.lineStarts ??= computeLineStarts(this.text))
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return {line: lo + 1, column: offset - starts[lo]! + 1}
  }

  /**
   * Position of the node at `path`. With target 'key', the key of the last segment (for an
   * unknown field). If the path does not exist, the deepest existing ancestor (for a missing field).
   */
  locate(path: DataPath, target: PathTarget = 'value'): Position {
    let node: unknown = this.doc.contents
    let best: number = rangeStart(node) ?? 0
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!
      const last = i === path.length - 1
      if (isMap(node)) {
        const pair = findPair(node, String(seg))
        if (!pair) break
        if (last && target === 'key') {
          best = rangeStart(pair.key) ?? best
          break
        }
        node = pair.value
        best = rangeStart(pair.value) ?? rangeStart(pair.key) ?? best
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg]
        if (item === undefined) break
        node = item
        best = rangeStart(item) ?? best
      } else {
        break
      }
    }
    return this.position(best)
  }

  /** The source text of the scalar at `path` as the user wrote it (e.g. `0412` for the number 412). */
  sourceOf(path: DataPath): string | undefined {
    const node = this.doc.getIn(path as unknown[], true)
    return isScalar(node) ? (node as Scalar & {source?: string}).source : undefined
  }

  /** The one source line, for code frames in diagnostics. */
  lineText(line: number): string {
    const starts = (this.lineStarts ??= computeLineStarts(this.text))
    const start = starts[line - 1]
    if (start === undefined) return ''
    const end = starts[line] ?? this.text.length
    return this.text.slice(start, end).replace(/\r?\n$/, '')
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as {range?: [number, number, number]} | null)?.range
  return range ? range[0] : undefined
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  for (const pair of map.items) {
    const k = isScalar(pair.key) ? pair.key.value : pair.key
    if (String(k) === key) return pair as Pair
  }
  return undefined
}

export interface ReadLimits {
  maxBytes: number
}

export interface ParsedRecord {
  /** JSON-shaped data; undefined when the file could not be read as YAML. */
  data: unknown
  /** Problems found while reading (syntax, encoding, unsafe YAML features). */
  diagnostics: Diagnostic[]
  source?: YamlSource
}

export type Decoded = {text: string; diagnostics?: undefined} | {text?: undefined; diagnostics: Diagnostic[]}

/** Size cap, encoding checks and UTF-8 decoding (a leading BOM is dropped). */
export function decodeRecordBytes(file: string, bytes: Uint8Array, limits: ReadLimits): Decoded {
  const fail = (code: string, message: string, hint: string, line = 1, column = 1): Decoded => ({
    diagnostics: [{code, severity: 'error', message, hint, file, line, column}],
  })
  if (bytes.byteLength > limits.maxBytes) {
    return fail(
      'FILE_TOO_LARGE',
      `file is ${formatBytes(bytes.byteLength)}, over the ${formatBytes(limits.maxBytes)} limit for this kind of record`,
      'split the record, or check that this is the file you meant to put here',
    )
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return fail('NOT_UTF8', 'file is UTF-16, not UTF-8', 're-save the file as UTF-8 (most editors: "Save with encoding")')
  }
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, nul))
    const pos = new YamlSource(file, prefix).position(prefix.length)
    return fail('BINARY_FILE', 'file contains a NUL byte: it is binary, not YAML text', 'remove the file or replace it with the YAML record', pos.line, pos.column)
  }
  try {
    return {text: new TextDecoder('utf-8', {fatal: true}).decode(bytes)}
  } catch {
    const at = firstInvalidUtf8(bytes)
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, at))
    const pos = new YamlSource(file, prefix).position(prefix.length)
    return fail('NOT_UTF8', 'file is not valid UTF-8', 're-save the file as UTF-8 (it may be Latin-1 or Windows-1252)', pos.line, pos.column)
  }
}

/** Decode and parse one file's bytes. Never throws for bad input: every problem is a Diagnostic. */
export function parseRecordBytes(file: string, bytes: Uint8Array, limits: ReadLimits): ParsedRecord {
  const decoded = decodeRecordBytes(file, bytes, limits)
  if (decoded.diagnostics) return {data: undefined, diagnostics: decoded.diagnostics}
  return parseRecordText(file, decoded.text)
}

/** Parse already-decoded text (a leading BOM has been removed by the decoder). */
export function parseRecordText(file: string, text: string): ParsedRecord {
  const diagnostics: Diagnostic[] = []
  const source = new YamlSource(file, text)
  const add = (code: string, message: string, hint: string, offset: number, severity: 'error' | 'warning' = 'error') => {
    const pos = source.position(offset)
    diagnostics.push({code, severity, message, hint, file, line: pos.line, column: pos.column})
  }

  const marker = CONFLICT_MARKER.exec(text)
  if (marker) {
    add('MERGE_CONFLICT', 'file contains a git merge-conflict marker', 'resolve the conflict (keep the right lines, delete the markers), then `git add` the file', marker.index)
    return {data: undefined, diagnostics, source}
  }

  if (text.length >= PIECEWISE_MIN_CHARS) {
    // A large record is parsed in pieces when that is clean; any finding is reported by the whole parse below.
    const data = parseInPieces(text, (piece) => {
      let clean = true
      const value = parseYamlValue(piece, () => (clean = false)).data
      return clean ? {value} : undefined
    })
    if (data !== undefined) return {data, diagnostics, source}
  }
  const {data, doc} = parseYamlValue(text, add)
  if (doc) source.setDocument(doc)
  if (diagnostics.some((d) => d.severity === 'error')) return {data: undefined, diagnostics, source}
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const what = data === null ? 'nothing' : Array.isArray(data) ? 'a list' : 'a single value'
    add('NOT_A_RECORD', `a record is a map of fields, but this file holds ${what}`, 'see `lead schema show KIND --outline` for the fields of each kind', 0)
    return {data: undefined, diagnostics, source}
  }
  return {data, diagnostics, source}
}

/**
 * Parse one YAML text and build its value, reporting syntax errors and unsafe features through
 * `add`. The value is undefined when a syntax error was reported; the Document when it parsed.
 */
function parseYamlValue(text: string, add: AddDiagnostic): {data: unknown; doc?: Document.Parsed} {
  let doc: Document.Parsed
  try {
    doc = parseDocument(text, PARSE_OPTIONS)
  } catch (error) {
    // yaml >= 2.8.3 reports deep nesting as an error, but stay safe against any throw.
    add('YAML_SYNTAX', `YAML could not be parsed: ${(error as Error).message}`, 'simplify the file; records never need deep nesting', 0)
    return {data: undefined}
  }

  for (const err of doc.errors) {
    const message = SYNTAX_MESSAGES[err.code] ?? firstLine(err.message)
    // Where the parser ran out of stack depends on the stack; where the nesting got deep does not.
    const offset = err.code === 'RESOURCE_EXHAUSTION' ? deepNestingOffset(text) ?? err.pos[0] : err.pos[0]
    add(err.code === 'DUPLICATE_KEY' ? 'DUPLICATE_KEY' : 'YAML_SYNTAX', message, syntaxHint(err.code), offset)
  }
  if (doc.errors.length > 0) return {data: undefined}

  for (const warn of doc.warnings) {
    add('YAML_TAG', `explicit tags are not allowed in records (${firstLine(warn.message)})`, 'remove the tag: records hold plain YAML values only', warn.pos[0])
  }
  if (doc.directives?.yaml.explicit || Object.keys(doc.directives?.tags ?? {}).some((t) => t !== '!!')) {
    add('YAML_DIRECTIVE', 'YAML directives (%YAML, %TAG) are not allowed in records', 'delete the directive line: records are always read as YAML 1.2', text.search(/^%/m) === -1 ? 0 : text.search(/^%/m))
  }
  return {data: toData(doc.contents, add, doc.warnings.length > 0, false), doc}
}

type AddDiagnostic = (code: string, message: string, hint: string, offset: number, severity?: 'error' | 'warning') => void

/**
 * One walk over the syntax tree that both builds the JSON value and reports unsafe features,
 * duplicate keys and values YAML 1.1 would read differently. (Measured: about 40% faster than
 * the library's visit() followed by toJS() on large rosters.) The value is only used when no
 * error was reported, so reserved keys never reach an object.
 */
function toData(node: unknown, add: AddDiagnostic, tagWarned: boolean, isKey: boolean): unknown {
  if (node === null || node === undefined) return null
  if (isAlias(node)) {
    add('YAML_ALIAS', `alias *${node.source} is not allowed in records`, 'write the value out in full; anchors and aliases are not allowed', rangeStart(node) ?? 0)
    return null
  }
  const n = node as YamlNode
  if (n.anchor) add('YAML_ANCHOR', `anchor &${n.anchor} is not allowed in records`, 'remove the anchor; write repeated values out in full', rangeStart(n) ?? 0)
  if (n.tag && !(isScalar(n) && tagWarned)) add('YAML_TAG', `explicit tag ${n.tag} is not allowed in records`, 'remove the tag: records hold plain YAML values only', rangeStart(n) ?? 0)
  if (isScalar(n)) {
    if (!isKey && n.type === 'PLAIN') checkYaml11(n, add)
    return n.value
  }
  if (isSeq(n)) return n.items.map((item) => toData(item, add, tagWarned, false))
  if (isMap(n)) {
    const out: Record<string, unknown> = {}
    const seen = new Set<string>()
    for (const pair of n.items) {
      const keyNode = pair.key
      toData(keyNode, add, tagWarned, true)
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode)
      if (seen.has(key)) add('DUPLICATE_KEY', `duplicate key "${key}"`, 'a key may appear only once in a map: delete or merge the repeated entry', rangeStart(keyNode) ?? 0)
      seen.add(key)
      if (RESERVED_KEYS.has(key)) {
        add('RESERVED_KEY', `key "${key}" is not allowed`, 'remove it: this key name is reserved', rangeStart(keyNode) ?? 0)
        continue
      }
      out[key] = toData(pair.value, add, tagWarned, false)
    }
    return out
  }
  return null
}

function checkYaml11(node: Scalar, add: AddDiagnostic): void {
  const src = (node as Scalar & {source?: string}).source
  if (src === undefined) return
  let meaning: string | undefined
  if (YAML11_BOOL.test(src)) meaning = 'a boolean'
  else if (YAML11_SEXAGESIMAL.test(src)) meaning = 'a base-60 number'
  else if (YAML11_OCTAL.test(src) && typeof node.value === 'number') meaning = 'an octal number'
  else if (YAML11_TIMESTAMP.test(src)) meaning = 'a timestamp'
  if (!meaning) return
  add(
    'YAML_AMBIGUOUS',
    `unquoted value ${src} means ${typeof node.value === 'string' ? `the text "${src}"` : `the number ${String(node.value)}`} here, but ${meaning} to YAML 1.1 tools`,
    `quote it: "${src}"`,
    rangeStart(node) ?? 0,
    'warning',
  )
}

/** First offset where flow brackets or block indentation nest more than 100 levels deep. */
function deepNestingOffset(text: string): number | undefined {
  let depth = 0
  let lineStart = true
  let indent = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '\n') {
      lineStart = true
      indent = 0
      continue
    }
    if (lineStart && ch === ' ') {
      if (++indent > 200) return i
      continue
    }
    lineStart = false
    if (ch === '[' || ch === '{') {
      if (++depth > 100) return i
    } else if (ch === ']' || ch === '}') depth--
  }
  return undefined
}

/** Our wording where the library's speaks to programmers. */
const SYNTAX_MESSAGES: Record<string, string> = {
  RESOURCE_EXHAUSTION: 'YAML is nested too deeply to read',
  MULTIPLE_DOCS: 'file holds more than one YAML document',
  TAB_AS_INDENT: 'tab used for indentation',
  BLOCK_AS_IMPLICIT_KEY: 'a value containing ": " must be quoted',
  MULTILINE_IMPLICIT_KEY: 'a key runs over more than one line (a missing space after ":"?)',
  MISSING_CHAR: 'a closing quote or bracket is missing',
  BAD_INDENT: 'the indentation does not line up',
}

function syntaxHint(code: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs'
    case 'BAD_INDENT':
      return 'line up entries of the same map or list at the same column'
    case 'MULTIPLE_DOCS':
      return 'a record file holds exactly one YAML document: remove the `---` line'
    case 'NON_STRING_KEY':
      return 'keys must be plain names'
    case 'DUPLICATE_KEY':
      return 'a key may appear only once in a map'
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'put the value in quotes, e.g. title: "Meeting: Tuesday"'
    case 'MULTILINE_IMPLICIT_KEY':
      return 'write a space after the colon (name: value), or quote the value'
    case 'MISSING_CHAR':
      return 'close the quote or bracket opened earlier on this line or above'
    default:
      return 'fix the YAML syntax at this position (a missing quote, bracket or colon is the usual cause)'
  }
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message
  return line.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '')
}

/** Offset of the first byte that is not valid UTF-8 (the decoder marks it with U+FFFD). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const lossy = new TextDecoder('utf-8').decode(bytes)
  const at = lossy.indexOf('\uFFFD')
  return at === -1 ? bytes.length : new TextEncoder().encode(lossy.slice(0, at)).length
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`
  return `${n} B`
}
